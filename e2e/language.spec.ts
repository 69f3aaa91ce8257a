// SPDX-License-Identifier: EUPL-1.2
// German by default; English at any time, remembered, for the portal's own texts and for
// the texts of the catalogue and the form definition.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { serveDefinitionWith } from './fixtures/definitions';

test('the citizen switches to English and the choice is remembered', async ({ page }) => {
  const portal = new Portal(page);
  await portal.openStart();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');

  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Services');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // Catalogue texts come from the API in the chosen language.
  await expect(page.getByRole('link', { name: 'Business registration' }).first()).toBeVisible();
  await portal.expectAccessible();

  await portal.openService('Business registration');
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  // Texts of the definition in English, with the portal's words around them.
  await expect(page.getByText('Step 1 of 3')).toBeVisible();
  await expect(page.getByLabel('Business name')).toBeVisible();
  // A select's options follow the language, and the one chosen stays chosen.
  await page.getByLabel('Legal form').selectOption({ label: 'Sole trader' });
  await page.getByRole('button', { name: 'Change language: Deutsch' }).click();
  await expect(page.getByLabel('Rechtsform').locator('option:checked')).toHaveText('Einzelunternehmen');
  await expect(page.getByLabel('Rechtsform')).toHaveValue('einzelunternehmen');
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  await expect(page.getByLabel('Legal form').locator('option:checked')).toHaveText('Sole trader');
  const options = page.getByLabel('Legal form').locator('option');
  await expect(options.nth(0)).toHaveText('Please select');
  await expect(options.nth(2)).toHaveText('Civil-law partnership (GbR)');
  await portal.next().click();
  await expect(portal.errorSummary()).toContainText('There is a problem');

  // Remembered across a reload.
  await page.reload();
  await expect(page.getByText('Step 1 of 3')).toBeVisible();
  await page.getByRole('button', { name: 'Change language: Deutsch' }).click();
  await expect(page.getByText('Schritt 1 von 3')).toBeVisible();
  await expect(page.getByLabel('Name des Betriebs')).toBeVisible();
});

test('a municipality search typed but not chosen survives a language switch, with its places', async ({ page }) => {
  const portal = new Portal(page);
  await portal.beginApplication('Versammlungsanzeige', '25746', '25746 Heide', 'Kreis Dithmarschen, Fachdienst Ordnung');
  await portal.expectStep(1, 2, 'Versammlung');
  // The step's fields are built anew in the other language; the text is not an answer.
  const search = page.getByRole('searchbox', { name: 'Gemeinde des Versammlungsorts' });
  await search.fill('Brunsb');
  await expect(page.getByRole('button', { name: '25541 Brunsbüttel' })).toBeVisible();
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  const searchEn = page.getByRole('searchbox', { name: 'Municipality of the assembly' });
  await expect(searchEn).toHaveValue('Brunsb');
  await expect(page.getByRole('button', { name: '25541 Brunsbüttel' })).toBeVisible();
  await portal.expectAccessible();
  await page.getByRole('button', { name: 'Change language: Deutsch' }).click();
  await expect(search).toHaveValue('Brunsb');
  // Chosen, the place's name is what the field shows, in either language.
  await page.getByRole('button', { name: '25541 Brunsbüttel' }).click();
  await expect(search).toHaveValue('25541 Brunsbüttel');
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  await expect(searchEn).toHaveValue('25541 Brunsbüttel');
});

test('in a repeatable group, a municipality search typed but not chosen survives a language switch in its own entry', async ({ page }) => {
  // Versammlungsanzeige with the rally's place as a list of stops, each a municipality
  // (served so changed: e2e/fixtures/definitions.ts). What was typed is kept by its
  // answer's path, the entry's among them (src/form/controls/municipality.rs).
  await serveDefinitionWith(page, 'versammlungsanzeige', 1, 'place', {
    type: 'group',
    label: { de: 'Stationen', en: 'Stops' },
    hint: undefined,
    required: undefined,
    max_length: undefined,
    max_items: 3,
    fields: [{ id: 'stop', type: 'municipality', label: { de: 'Gemeinde der Station', en: 'Municipality of the stop' } }],
  });
  const portal = new Portal(page);
  await portal.beginApplication('Versammlungsanzeige', '25746', '25746 Heide', 'Kreis Dithmarschen, Fachdienst Ordnung');
  await portal.expectStep(1, 2, 'Versammlung');
  const searches = page.getByRole('searchbox', { name: 'Gemeinde der Station' });
  while ((await searches.count()) < 2) {
    await page.getByRole('button', { name: 'Weiteren Eintrag hinzufügen' }).click();
  }
  await expect(searches).toHaveCount(2);
  await searches.nth(1).fill('Brunsb');
  await expect(page.getByRole('button', { name: '25541 Brunsbüttel' })).toBeVisible();
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  const searchesEn = page.getByRole('searchbox', { name: 'Municipality of the stop' });
  await expect(searchesEn).toHaveCount(2);
  await expect(searchesEn.nth(1)).toHaveValue('Brunsb');
  await expect(searchesEn.nth(0)).toHaveValue('');
  await expect(page.getByRole('button', { name: '25541 Brunsbüttel' })).toBeVisible();
  await portal.expectAccessible();
});

test('a form with German texts only is shown in German, said so in English, with the rest of the page in English', async ({ page }) => {
  const portal = new Portal(page);
  await portal.openStart();
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Services');
  await page.goto('/services/99116002000000/form/1');
  const notice = page.getByText('This application form is only available in German.');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('lang', 'en');
  const heading = page.getByRole('heading', { level: 1, name: 'Arbeitgeber / Arbeitgeberin' });
  await expect(heading).toBeFocused();
  // The form's region is German, its words around the definition's texts too.
  await expect(heading.locator('xpath=ancestor::*[@lang][1]')).toHaveAttribute('lang', 'de');
  await expect(page.getByText(/^Schritt 1 von \d+$/)).toBeVisible();
  await expect(portal.next()).toHaveText('Weiter');
  // The page around it stays English.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'Change language: Deutsch' })).toBeVisible();
  await expect(page).toHaveTitle(/^Schritt 1 von \d+: Arbeitgeber \/ Arbeitgeberin – Anzeige von Tätigkeiten mit Asbest/);
  await portal.pressNext();
  await expect(portal.errorSummary()).toContainText('Es gibt ein Problem');
  await expect(portal.errorSummary().getByRole('link').first()).toContainText('„Name des Unternehmens“');
  await expect(portal.errorSummary()).not.toContainText(/Enter|Choose|Select/);
  await expect(page.locator('#f-f00002490-error')).toContainText('Fehler: ');
  await portal.expectAccessible();

  // In German, no notice.
  await page.getByRole('button', { name: 'Change language: Deutsch' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(notice).toHaveCount(0);
  await expect(heading).toBeVisible();
});
