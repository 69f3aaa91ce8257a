// SPDX-License-Identifier: EUPL-1.2
// A field's error marks (the frame's error style, `aria-invalid` on the control, the
// error text in the control's description, or its fieldset's) come and go with the error,
// for a labelled input and for a question with a legend; and the language switch, which
// builds the step's fields again, keeps what was typed and the errors shown.
import { test, expect, Locator } from '@playwright/test';
import { Portal } from './fixtures/portal';

/** The field's frame: the `div.kern-form-input` around the control. */
function frameOf(control: Locator): Locator {
  return control.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " kern-form-input ")][1]');
}

test('error marks follow the error, and a language switch keeps answers and errors', async ({ page }) => {
  const portal = new Portal(page);
  await portal.openStart();
  await portal.openService('Gewerbeanmeldung');
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  await portal.expectStep(1, 3, 'Betrieb');

  const tradeName = page.getByLabel('Name des Betriebs');
  const sideBusiness = portal.group(/im Nebenerwerb aus\?/);
  // Before "Weiter": no marks.
  await expect(tradeName).not.toHaveAttribute('aria-invalid', /.*/);
  await expect(tradeName).toHaveAttribute('aria-describedby', 'f-trade_name-hint f-trade_name-count');
  await expect(frameOf(tradeName)).toHaveClass('kern-form-input');
  await expect(sideBusiness).not.toHaveAttribute('aria-describedby', /.*/);

  await portal.pressNext();
  await expect(portal.errorSummary()).toBeFocused();
  // A labelled input: invalid, described by its hint and its error, the frame marked.
  const tradeNameError = page.locator('#f-trade_name-error');
  await expect(tradeNameError).toBeVisible();
  await expect(tradeName).toHaveAttribute('aria-invalid', 'true');
  await expect(tradeName).toHaveAttribute('aria-describedby', 'f-trade_name-hint f-trade_name-count f-trade_name-error');
  await expect(tradeName).toHaveAccessibleDescription(/^So, wie er .* Fehler: Geben Sie „Name des Betriebs“ an\.$/);
  await expect(frameOf(tradeName)).toHaveClass('kern-form-input kern-form-input--error');
  // A question with a legend: its fieldset is described by the error.
  await expect(sideBusiness).toHaveAttribute('aria-describedby', 'f-side_business-error');
  await expect(sideBusiness).toHaveAccessibleDescription(/^Fehler: /);
  await expect(frameOf(sideBusiness.getByRole('radio').first())).toHaveClass(/kern-form-input--error/);
  await portal.expectAccessible();

  // Answered: the marks go, the hint stays.
  await tradeName.fill('Fahrradladen Möller');
  await expect(tradeNameError).toHaveCount(0);
  await expect(tradeName).not.toHaveAttribute('aria-invalid', /.*/);
  await expect(tradeName).toHaveAttribute('aria-describedby', 'f-trade_name-hint f-trade_name-count');
  await expect(frameOf(tradeName)).toHaveClass('kern-form-input');
  await portal.answerYesNo(/im Nebenerwerb aus\?/, false);
  await expect(page.locator('#f-side_business-error')).toHaveCount(0);
  await expect(sideBusiness).not.toHaveAttribute('aria-describedby', /.*/);
  await expect(frameOf(sideBusiness.getByRole('radio').first())).toHaveClass('kern-form-input');

  // Emptied again: they come back.
  await tradeName.fill('');
  await expect(tradeNameError).toBeVisible();
  await expect(tradeName).toHaveAttribute('aria-invalid', 'true');
  await expect(tradeName).toHaveAttribute('aria-describedby', 'f-trade_name-hint f-trade_name-count f-trade_name-error');

  // The language switch builds the fields again: the focus stays on the switch, the
  // answers, the error shown and its marks stay, the texts are English.
  await page.getByLabel('Angemeldete Tätigkeit').fill('Einzelhandel mit Fahrrädern');
  await page.getByRole('checkbox').first().check();
  const toEnglish = page.getByRole('button', { name: 'Sprache wechseln: English' });
  await toEnglish.click();
  await expect(page.getByRole('button', { name: 'Change language: Deutsch' })).toBeFocused();
  const englishName = page.getByLabel('Business name');
  await expect(englishName).toHaveValue('');
  await expect(englishName).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-trade_name-error')).toContainText('Error: ');
  await expect(page.getByLabel('Business activity')).toHaveValue('Einzelhandel mit Fahrrädern');
  await expect(page.getByRole('checkbox').first()).toBeChecked();
  await expect(portal.group(/secondary occupation/).getByRole('radio', { name: 'No', exact: true })).toBeChecked();
  await portal.expectAccessible();
  // And the marks still follow the error after the rebuild.
  await englishName.fill('Bike shop');
  await expect(englishName).not.toHaveAttribute('aria-invalid', /.*/);
  await expect(frameOf(englishName)).toHaveClass('kern-form-input');
});


test("a group's inputs (a date's parts, a yes/no question's radio buttons) are invalid while the group shows an error", async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/services/99050012104000');
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  await portal.expectStep(1, 3, 'Betrieb');
  const date = portal.group('Beginn der Tätigkeit');
  const dateInputs = date.getByRole('textbox');
  const radios = portal.group(/im Nebenerwerb aus\?/).getByRole('radio');
  await expect(dateInputs).toHaveCount(3);
  await expect(radios).toHaveCount(2);
  for (const input of [...(await dateInputs.all()), ...(await radios.all())]) {
    await expect(input).not.toHaveAttribute('aria-invalid', /.*/);
  }

  await portal.pressNext();
  await expect(portal.errorSummary()).toBeFocused();
  await expect(date).toHaveAttribute('aria-describedby', /f-start_date-error/);
  for (const input of [...(await dateInputs.all()), ...(await radios.all())]) {
    await expect(input).toHaveAttribute('aria-invalid', 'true');
  }
  // Built again (the language switch) with the error shown: still marked.
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  for (const input of await page.getByRole('group', { name: 'Start of business' }).getByRole('textbox').all()) {
    await expect(input).toHaveAttribute('aria-invalid', 'true');
  }
  await page.getByRole('button', { name: 'Change language: Deutsch' }).click();

  // Answered: the marks go.
  await portal.fillDate('Beginn der Tätigkeit', new Date());
  await portal.answerYesNo(/im Nebenerwerb aus\?/, false);
  await expect(page.locator('#f-start_date-error')).toHaveCount(0);
  for (const input of [...(await dateInputs.all()), ...(await radios.all())]) {
    await expect(input).not.toHaveAttribute('aria-invalid', /.*/);
  }
  await portal.expectAccessible();
});
