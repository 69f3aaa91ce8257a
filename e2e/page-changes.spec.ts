// SPDX-License-Identifier: EUPL-1.2
// What a page change does beyond the page (accessibility and journey review): a redirect
// replaces the history entry it leaves (Back leaves the form, Forward returns to the
// receipt), every page has its own document title in the UI language (WCAG 2.4.2), and
// the focus moves to the new page's heading (screen readers announce it; the next Tab
// starts there, not in the footer).
import { test, expect, Page } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { completeGewerbeanmeldung } from './fixtures/applications';

const GEWA = '/services/99050012104000';

/** The portal's name as the header shows it (a municipality's portal has its own). */
async function portalName(page: Page) {
  return (await page.locator('.site-header__name').textContent())!.trim();
}

/** The app path the browser shows. */
function pathOf(page: Page) {
  return new URL(page.url()).pathname;
}

test('a deep link to a later step replaces its history entry with the first step', async ({ page }) => {
  const portal = new Portal(page);
  await portal.openStart();
  await page.goto(`${GEWA}/form/3`);
  await portal.expectStep(1, 3, 'Betrieb');
  await expect.poll(() => pathOf(page)).toBe(`${GEWA}/form/1`);
  // about:blank, the start page, the form: the redirect added no entry.
  expect(await page.evaluate(() => history.length)).toBe(3);
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Leistungen' })).toBeVisible();
  expect(pathOf(page)).toBe('/');
});

test('after sending, the receipt has the focus, Back leaves the form and Forward returns to the receipt', async ({ page }) => {
  test.setTimeout(120_000);
  const portal = new Portal(page);
  await page.goto(GEWA);
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  await completeGewerbeanmeldung(portal, `Verlaufsladen ${Date.now()}`);
  await expect(page).toHaveTitle(`Angaben prüfen – Gewerbeanmeldung – ${await portalName(page)}`);
  await portal.submitButton().click();
  const reference = await portal.expectReceipt();
  await expect(page).toHaveTitle(`Antrag gesendet – ${await portalName(page)}`);
  // The heading takes the focus from the button that is gone.
  await expect(page.getByRole('heading', { level: 1, name: 'Antrag gesendet' })).toBeFocused();

  // Back: the check page, whose answers are gone, sends to the first step in place.
  await page.goBack();
  await portal.expectStep(1, 3, 'Betrieb');
  await expect.poll(() => pathOf(page)).toBe(`${GEWA}/form/1`);
  // Forward: the receipt is still there.
  await page.goForward();
  await expect(page.getByTestId('reference')).toHaveText(reference);
  expect(pathOf(page)).toBe(`/receipt/${reference}`);

  // Back, again and again, leaves the form for the service page it started from.
  for (let i = 0; i < 6 && pathOf(page) !== GEWA; i++) {
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForTimeout(100);
  }
  await expect(page.getByRole('heading', { level: 1, name: 'Gewerbeanmeldung' })).toBeVisible();
  expect(pathOf(page)).toBe(GEWA);
});

test('every page has its own title in the UI language, with "Fehler:" while errors show', async ({ page }) => {
  const portal = new Portal(page);
  await portal.openStart();
  const name = await portalName(page);
  expect(name).toMatch(/^Bürgerportal/);
  await expect(page).toHaveTitle(`Leistungen – ${name}`);
  await portal.openService('Baumfällgenehmigung');
  await expect(page).toHaveTitle(`Baumfällgenehmigung – ${name}`);
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  await portal.expectStep(1, 3, 'Antragstellerin oder Antragsteller');
  await expect(page).toHaveTitle(`Schritt 1 von 3: Antragstellerin oder Antragsteller – Baumfällgenehmigung – ${name}`);
  const stepTitle = await page.title();
  await portal.pressNext();
  await expect(portal.errorSummary()).toBeVisible();
  await expect(page).toHaveTitle(`Fehler: ${stepTitle}`);
  // The title follows the language switch.
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  // The municipality's name is its own in either language. (Read from the header right
  // after a page load it may still be the portal's generic name: the theme comes later.)
  await expect(page).toHaveTitle(new RegExp(`^Error: Step 1 of 3: .+ – .+ – ${name}$`));
  await page.goto('/gibt-es-nicht');
  await expect(page).toHaveTitle(`Page not found – ${name}`);
  await page.getByRole('button', { name: 'Change language: Deutsch' }).click();
  await expect(page).toHaveTitle(`Seite nicht gefunden – ${name}`);
});

test('a link to another page moves the focus to its heading', async ({ page }) => {
  const portal = new Portal(page);
  await portal.openStart();
  // A service from the start page, by keyboard.
  await page.getByRole('link', { name: 'Baumfällgenehmigung', exact: true }).first().focus();
  await page.keyboard.press('Enter');
  const service = page.getByRole('heading', { level: 1, name: 'Baumfällgenehmigung' });
  await expect(service).toBeFocused();
  // The next Tab stays in the page's content, not the footer.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);

  // Back to all services.
  await page.getByRole('link', { name: 'Zurück zu allen Leistungen' }).focus();
  await page.keyboard.press('Enter');
  const start = page.getByRole('heading', { level: 1, name: /Leistungen/ });
  await expect(start).toBeFocused();

  // A topic and a life situation filter the list: the heading again.
  await page.getByRole('link', { name: 'Umwelt und Natur' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Umwelt und Natur' })).toBeVisible();
  await expect(start).toBeFocused();
  await page.getByRole('link', { name: 'Alle Leistungen' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Haus und Garten' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Haus und Garten' })).toBeVisible();
  await expect(start).toBeFocused();

  // The not-found page's way back.
  await page.goto('/gibt-es-nicht');
  await page.getByRole('link', { name: 'Zurück zu allen Leistungen' }).last().focus();
  await page.keyboard.press('Enter');
  await expect(start).toBeFocused();
  await portal.expectAccessible();
});
