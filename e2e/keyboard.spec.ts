// SPDX-License-Identifier: EUPL-1.2
// A whole application with the keyboard only: Tab, typing, Enter; no mouse, no clicks.
import { test, expect, Locator, Page } from '@playwright/test';

/** Presses Tab until `target` has the focus (and fails if it never gets it). */
async function tabTo(page: Page, target: Locator, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

async function typeInto(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

test('a citizen completes Gewerbeanmeldung with the keyboard only', async ({ page }) => {
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
  const today = new Date();
  const start = page.getByRole('group', { name: 'Beginn der Tätigkeit' });
  await typeInto(page, start.getByLabel('Tag'), String(today.getDate()));
  await typeInto(page, start.getByLabel('Monat'), String(today.getMonth() + 1));
  await typeInto(page, start.getByLabel('Jahr'), String(today.getFullYear()));
  await tabTo(page, page.getByRole('button', { name: 'Weiter' }));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: /Inhaber/ })).toBeFocused();
  await typeInto(page, page.getByLabel('Vorname'), 'Jens');
  await typeInto(page, page.getByLabel('Nachname'), 'Jensen');
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
