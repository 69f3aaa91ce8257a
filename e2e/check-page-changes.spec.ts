// SPDX-License-Identifier: EUPL-1.2
// The check page lists the questions the steps show, and each "change" link leads to its
// question (a probe in session 31: questions of hidden sections were listed as "not
// answered" with links to nothing, and a repeatable group's link focused the heading).
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { completeGewerbeanmeldung, openBaumfaellStep, startGewerbeanmeldungInHeide } from './fixtures/applications';

test('questions of a section hidden by its condition are not on the check page', async ({ page }) => {
  const portal = new Portal(page);
  await startGewerbeanmeldungInHeide(portal);
  await completeGewerbeanmeldung(portal, `Prüfseite ${Date.now()}`);
  // A main establishment (no branch) and no move: both sections are hidden.
  await expect(portal.answer('Betriebsname')).toBeVisible();
  await expect(page.locator('.summary-list dt', { hasText: 'Anschrift der Hauptniederlassung' })).toHaveCount(0);
  await expect(page.locator('.summary-list dt', { hasText: 'Anschrift der früheren Betriebsstätte' })).toHaveCount(0);
  // And with them their "change" links, which led to nothing.
  const hrefs = await page.locator('.summary-list__actions a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.filter((h) => /#f-(main_establishment_address|previous_address)$/.test(h))).toEqual([]);
  await portal.expectAccessible();
});

test('a change link to a repeatable group focuses its first field', async ({ page }) => {
  const portal = new Portal(page);
  await openBaumfaellStep(portal, 3);
  await page.goBack();
  await portal.expectStep(2, 3, 'Grundstück');
  // As the check page's link "Ändern Bäume, die gefällt werden sollen" leads there.
  await page.evaluate(() => {
    history.pushState({}, '', '/services/99136002000000/form/3?return=check#f-trees');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  // (The field, not the heading, has the focus: not `expectStep`.)
  await expect(page.getByRole('heading', { level: 1, name: 'Bäume' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^f-trees-0-/);
});
