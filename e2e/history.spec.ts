// SPDX-License-Identifier: EUPL-1.2
// The browser's own Back, Forward and Reload while a field still has the focus (issue #19,
// item 1): the page the history leads to shows, and the portal keeps working. The release
// build aborts on a panic (`RuntimeError: unreachable`), which only a `pageerror` shows.
import { test, expect, Page } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { answerGewA1Business, answerGewA1Owner } from './fixtures/applications';

/** Collects the page's uncaught errors; `expectNone` fails with them. */
function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    expectNone: () => expect(errors).toEqual([]),
  };
}

/** Types into a field and leaves the focus there, as a citizen does before going back. */
async function typeAndStay(page: Page, label: string, text: string) {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(text);
  await expect(field).toBeFocused();
}

test('Back, Forward and Reload from a focused service page field', async ({ page }) => {
  const errors = watchErrors(page);
  const portal = new Portal(page);
  await portal.openStart();
  await portal.openService('Gewerbeanmeldung');
  const search = page.getByRole('searchbox', { name: 'Für welchen Ort stellen Sie den Antrag?' });
  await search.fill('257');
  await expect(search).toBeFocused();

  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: /Leistungen/ })).toBeVisible();
  await portal.expectAccessible();
  errors.expectNone();

  await page.goForward();
  await expect(page.getByRole('heading', { level: 1, name: 'Gewerbeanmeldung' })).toBeVisible();
  await portal.expectAccessible();
  await search.fill('25746');
  await expect(search).toBeFocused();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Gewerbeanmeldung' })).toBeVisible();
  // Still alive: the place search answers.
  await portal.choosePlace('25746', '25746 Heide');
  await portal.expectAccessible();
  errors.expectNone();
});

test('Back, Forward and Reload from a focused, edited field on the steps and the check page', async ({ page }) => {
  // Three steps of the GewA 1 and the check page: more than 30 s on a loaded machine.
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  const portal = new Portal(page);
  await page.goto('/services/99050012104000');
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  await portal.expectStep(1, 3, 'Betrieb');

  // Step 1 → the service page, and forward again.
  await typeAndStay(page, 'Name des Betriebs', 'Tischlerei Jensen');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Gewerbeanmeldung' })).toBeVisible();
  await portal.expectAccessible();
  errors.expectNone();
  await page.goForward();
  await expect(page.getByText('Schritt 1 von 3')).toBeVisible();
  await expect(page.getByLabel('Name des Betriebs')).toHaveValue('Tischlerei Jensen');
  await portal.expectAccessible();
  errors.expectNone();

  await page.getByLabel('Rechtsform').selectOption({ label: 'Einzelunternehmen' });
  await page.getByLabel('Angemeldete Tätigkeit').fill('Möbeltischlerei und Innenausbau');
  await portal.fillDate('Beginn der Tätigkeit', new Date());
  await answerGewA1Business(portal);
  // Reload with the focus in the last field typed: the draft brings the answers back.
  await page.reload();
  await expect(page.getByText('Schritt 1 von 3')).toBeVisible();
  await expect(page.getByLabel('Angemeldete Tätigkeit')).toHaveValue('Möbeltischlerei und Innenausbau');
  // The option chosen in a select, restored with the draft (src/form/controls/choice.rs).
  await expect(page.getByLabel('Rechtsform').locator('option:checked')).toHaveText('Einzelunternehmen');
  await portal.expectAccessible();
  await portal.continue();
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');

  // Step 2 → step 1, forward, then reload.
  await typeAndStay(page, 'Vorname', 'Jana');
  await page.goBack();
  await expect(page.getByText('Schritt 1 von 3')).toBeVisible();
  await expect(page.getByLabel('Name des Betriebs')).toHaveValue('Tischlerei Jensen');
  await expect(page.getByLabel('Rechtsform').locator('option:checked')).toHaveText('Einzelunternehmen');
  await portal.expectAccessible();
  errors.expectNone();
  await typeAndStay(page, 'Name des Betriebs', 'Tischlerei Jensen & Söhne');
  await page.goForward();
  await expect(page.getByText('Schritt 2 von 3')).toBeVisible();
  await expect(page.getByLabel('Vorname')).toHaveValue('Jana');
  await portal.expectAccessible();
  errors.expectNone();
  await typeAndStay(page, 'Nachname', 'Möller');
  await page.reload();
  await expect(page.getByText('Schritt 2 von 3')).toBeVisible();
  await expect(page.getByLabel('Nachname')).toHaveValue('Möller');
  await portal.expectAccessible();
  await answerGewA1Owner(portal);
  await page.getByLabel('E-Mail-Adresse').fill('jana.moeller@example.org');
  await portal.continue();
  await portal.expectStep(3, 3, 'Betriebsstätte');
  await page.getByLabel('Straße').fill('Süderstraße');
  await page.getByLabel('Hausnummer').fill('12a');
  await page.getByLabel('Postleitzahl').fill('25746');
  await typeAndStay(page, 'Ort', 'Heide');
  await portal.continue();
  await portal.expectCheckPage();

  // The check page → step 3 (the focus on a "change" link), forward from an edited field.
  await portal.changeLink('Betriebsname').focus();
  await page.goBack();
  await expect(page.getByText('Schritt 3 von 3')).toBeVisible();
  await portal.expectAccessible();
  errors.expectNone();
  await typeAndStay(page, 'Hausnummer', '12b');
  await page.goForward();
  await portal.expectCheckPage();
  await expect(portal.answer('Betriebsname')).toHaveText('Tischlerei Jensen & Söhne');
  await portal.expectAccessible();
  await page.reload();
  await portal.expectCheckPage();
  await expect(portal.submitButton()).toBeVisible();
  await portal.expectAccessible();
  errors.expectNone();
});
