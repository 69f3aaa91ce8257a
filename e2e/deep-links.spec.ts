// SPDX-License-Identifier: EUPL-1.2
// A deep link into the middle of a form (a bookmark, a link shared by someone else, an
// address typed in) does not skip steps (issue #20): the browser's own navigation to a
// step whose earlier steps are not answered lands on the first step still to do.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { answerGewA1Business } from './fixtures/applications';

const FORM = '/services/99050012104000/form';

test('a deep link to step 3 without answers lands on step 1', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto(`${FORM}/3`);
  await portal.expectStep(1, 3, 'Betrieb');
  await expect(page).toHaveURL(new RegExp(`${FORM}/1$`));
  await expect(page.getByLabel('Name des Betriebs')).toHaveValue('');
  await portal.expectAccessible();
});

test('a deep link to step 3 with step 1 answered lands on step 2', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto(`${FORM}/1`);
  await portal.expectStep(1, 3, 'Betrieb');
  await page.getByLabel('Name des Betriebs').fill('Tischlerei Jensen');
  await page.getByLabel('Rechtsform').selectOption({ label: 'Einzelunternehmen' });
  await page.getByLabel('Angemeldete Tätigkeit').fill('Möbeltischlerei und Innenausbau');
  await portal.fillDate('Beginn der Tätigkeit', new Date());
  await answerGewA1Business(portal);
  await portal.continue();
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');

  // The answers of step 1 come back from the draft; step 2 is still to do.
  await page.goto(`${FORM}/3`);
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');
  await expect(page).toHaveURL(new RegExp(`${FORM}/2$`));
  await portal.expectAccessible();

  // Step 1, answered, can still be opened directly.
  await page.goto(`${FORM}/1`);
  await portal.expectStep(1, 3, 'Betrieb');
  await expect(page.getByLabel('Name des Betriebs')).toHaveValue('Tischlerei Jensen');
});

test('a deep link to the check page without answers lands on step 1', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto(`${FORM}/check`);
  await portal.expectStep(1, 3, 'Betrieb');
  await expect(page).toHaveURL(new RegExp(`${FORM}/1$`));
});
