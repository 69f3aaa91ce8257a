// SPDX-License-Identifier: EUPL-1.2
// Nothing typed is lost on reload, and "delete my answers" leaves nothing in the browser.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';

const FORM = '/services/99050012104000/form/1';

test('answers survive a reload and can be deleted from the browser', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto(FORM);
  const tradeName = page.getByLabel('Name des Betriebs');
  await tradeName.fill('Bäckerei Hansen');
  await expect(page.getByText('wiederhergestellt')).toHaveCount(0);

  await page.reload();
  await expect(tradeName).toHaveValue('Bäckerei Hansen');
  await expect(page.getByRole('status').filter({ hasText: 'wiederhergestellt' })).toBeVisible();
  await portal.expectAccessible();

  await page.getByRole('button', { name: 'Meine Angaben löschen' }).click();
  await page.getByRole('button', { name: 'Ja, Angaben löschen' }).click();
  await expect(tradeName).toHaveValue('');
  await expect(page.getByText('Ihre Angaben wurden aus diesem Browser gelöscht.')).toBeVisible();
  const drafts = await page.evaluate(() =>
    Object.keys(localStorage).filter((key) => key.startsWith('bp-draft:')),
  );
  expect(drafts).toEqual([]);

  await page.reload();
  await expect(tradeName).toHaveValue('');
  await expect(page.getByText('wiederhergestellt')).toHaveCount(0);
});

// The draft is written a moment after typing stops (not on every keystroke), and at once
// when the form is left inside the portal before that moment.
test('the draft is written after a pause, and at once when the form is left', async ({ page }) => {
  const draft = () =>
    page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('bp-draft:'));
      return key ? JSON.parse(localStorage.getItem(key)!).answers : null;
    });
  // Into the form by its link, so that Back stays inside the portal.
  const portal = new Portal(page);
  await page.goto('/services/99050012104000');
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  const tradeName = page.getByLabel('Name des Betriebs');
  await tradeName.pressSequentially('Hansen');
  await expect.poll(draft).toEqual(expect.objectContaining({ trade_name: 'Hansen' }));

  // Typed and left at once, with the browser's Back: the service page shows, the draft
  // holds the last keystroke.
  await tradeName.pressSequentially(' & Co');
  await page.goBack();
  await expect(page).toHaveURL(/\/services\/99050012104000$/);
  expect(await draft()).toEqual(expect.objectContaining({ trade_name: 'Hansen & Co' }));
});
