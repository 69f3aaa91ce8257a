// SPDX-License-Identifier: EUPL-1.2
// A whole application with the keyboard only: Tab, typing, Enter; no mouse, no clicks.
import { test, expect, Locator, Page } from '@playwright/test';
import { tabTo } from './fixtures/portal';

async function typeInto(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

/** Answers a yes/no question "Nein": Tab reaches "Ja", the arrow key moves to "Nein" and chooses it. */
async function answerNo(page: Page, question: RegExp) {
  const group = page.getByRole('group', { name: question });
  await tabTo(page, group.getByRole('radio', { name: 'Ja' }));
  await page.keyboard.press('ArrowDown');
  await expect(group.getByRole('radio', { name: 'Nein' })).toBeChecked();
}

test('a citizen completes Gewerbeanmeldung with the keyboard only', async ({ page }) => {
  // The whole GewA 1 by keyboard: more than the default 30 s on a loaded machine.
  test.setTimeout(120_000);
  await page.goto('/');
  await tabTo(page, page.getByRole('link', { name: 'Gewerbeanmeldung' }).first());
  await page.keyboard.press('Enter');
  // The place question: type, tab to the place found, choose it with Enter.
  await typeInto(page, page.getByRole('searchbox', { name: 'Für welchen Ort stellen Sie den Antrag?' }), '25746');
  await tabTo(page, page.getByRole('button', { name: '25746 Heide' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Stadt Heide')).toBeVisible();
  await tabTo(page, page.getByRole('link', { name: 'Antrag starten' }));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: 'Betrieb' })).toBeFocused();
  await typeInto(page, page.getByLabel('Name des Betriebs'), 'Tischlerei Jensen');
  await tabTo(page, page.getByLabel('Rechtsform'));
  await page.keyboard.type('Einzel'); // type-ahead in a closed select
  await expect(page.getByLabel('Rechtsform')).toHaveValue('einzelunternehmen');
  await typeInto(page, page.getByLabel('Angemeldete Tätigkeit'), 'Möbeltischlerei und Innenausbau');
  // A checkbox with Space; a yes/no question with the arrow keys (Tab reaches its first button).
  const craft = page.getByRole('checkbox', { name: 'Handwerk', exact: true });
  await tabTo(page, craft);
  await page.keyboard.press('Space');
  await expect(craft).toBeChecked();
  await answerNo(page, /im Nebenerwerb/);
  const today = new Date();
  const start = page.getByRole('group', { name: 'Beginn der Tätigkeit' });
  await typeInto(page, start.getByLabel('Tag'), String(today.getDate()));
  await typeInto(page, start.getByLabel('Monat'), String(today.getMonth() + 1));
  await typeInto(page, start.getByLabel('Jahr'), String(today.getFullYear()));
  await tabTo(page, page.getByLabel('Anlass der Anmeldung'));
  await page.keyboard.type('Neu');
  await expect(page.getByLabel('Anlass der Anmeldung')).toHaveValue('neugruendung');
  await tabTo(page, page.getByLabel('Die Anmeldung gilt für'));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Die Anmeldung gilt für')).toHaveValue('hauptniederlassung');
  await answerNo(page, /in einem Register eingetragen/);
  // A craft business: the craft card, asked now, is there.
  await tabTo(page, page.getByRole('group', { name: /Handwerkskarte/ }).getByRole('radio', { name: 'Ja' }));
  await page.keyboard.press('Space');
  await typeInto(page, page.getByLabel('Handwerkskammer'), 'Handwerkskammer Lübeck');
  const entered = page.getByRole('group', { name: 'Datum der Eintragung in die Handwerksrolle' });
  await typeInto(page, entered.getByLabel('Tag'), '2');
  await typeInto(page, entered.getByLabel('Monat'), '5');
  await typeInto(page, entered.getByLabel('Jahr'), '2019');
  await tabTo(page, page.getByRole('button', { name: 'Weiter' }));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: /Inhaber/ })).toBeFocused();
  await typeInto(page, page.getByLabel('Vorname'), 'Jens');
  await typeInto(page, page.getByLabel('Nachname'), 'Jensen');
  const born = page.getByRole('group', { name: 'Geburtsdatum' });
  await typeInto(page, born.getByLabel('Tag'), '27');
  await typeInto(page, born.getByLabel('Monat'), '3');
  await typeInto(page, born.getByLabel('Jahr'), '1985');
  await typeInto(page, page.getByLabel('Geburtsort und Geburtsland'), 'Heide, Deutschland');
  const nationality = page.getByLabel('Staatsangehörigkeit', { exact: true });
  await tabTo(page, nationality);
  await page.keyboard.type('Deutschland'); // type-ahead in a closed select
  await expect(nationality).toHaveValue('DEU');
  const home = page.getByRole('group', { name: 'Anschrift Ihrer Wohnung' });
  await typeInto(page, home.getByLabel('Straße'), 'Österstraße');
  await typeInto(page, home.getByLabel('Hausnummer'), '5');
  await typeInto(page, home.getByLabel('Postleitzahl'), '25746');
  await typeInto(page, home.getByLabel('Ort', { exact: true }), 'Heide');
  await typeInto(page, page.getByLabel('E-Mail-Adresse'), 'jens@example.org');
  // Enter in a text field submits the step, as in any HTML form.
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: 'Betriebsstätte' })).toBeFocused();
  await typeInto(page, page.getByLabel('Straße'), 'Marktstraße');
  await typeInto(page, page.getByLabel('Hausnummer'), '3');
  await typeInto(page, page.getByLabel('Postleitzahl'), '25746');
  await typeInto(page, page.getByLabel('Ort'), 'Heide');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: 'Angaben prüfen' })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'Antrag absenden' }), 80);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Antrag gesendet' })).toBeVisible();
  await expect(page.getByTestId('reference')).toHaveText(/^BP-/);
});
