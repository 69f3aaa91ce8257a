// SPDX-License-Identifier: EUPL-1.2
// The `datetime` field type (issue #20, the proof of one place per field type): a date
// and a time of day in one group, named by the field's label, checked by the engine. No
// demo definition has one yet, so Gewerbeanmeldung's real definition is served with its
// start date turned into a date and time.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { answerGewA1Business } from './fixtures/applications';
import { serveDefinitionWith } from './fixtures/definitions';

test('a date-and-time field renders as one group and the engine checks it', async ({ page }) => {
  const portal = new Portal(page);
  await serveDefinitionWith(page, 'gewerbeanmeldung', 1, 'start_date', {
    type: 'datetime',
    min: '2025-01-01T08:00',
    max: undefined,
    messages: undefined,
    hint: { de: 'Zum Beispiel 01.04.2026 um 08:00 Uhr', en: 'For example 1 April 2026 at 08:00' },
  });

  await page.goto('/services/99050012104000/form/1');
  const start = portal.group('Beginn der Tätigkeit');
  for (const part of ['Tag', 'Monat', 'Jahr', 'Uhrzeit (hh:mm)']) {
    await expect(start.getByLabel(part, { exact: true })).toBeVisible();
  }
  await expect(start).toHaveAccessibleDescription('Zum Beispiel 01.04.2026 um 08:00 Uhr');
  await portal.expectAccessible();

  await page.getByLabel('Name des Betriebs').fill('Tischlerei Jensen');
  await page.getByLabel('Rechtsform').selectOption({ label: 'Einzelunternehmen' });
  await page.getByLabel('Angemeldete Tätigkeit').fill('Möbeltischlerei und Innenausbau');
  await page.getByLabel(/^Anzahl der Beschäftigten/).fill('3');
  await answerGewA1Business(portal);

  // No time of day: not a date and time yet.
  await start.getByLabel('Tag', { exact: true }).fill('1');
  await start.getByLabel('Monat', { exact: true }).fill('4');
  await start.getByLabel('Jahr', { exact: true }).fill('2024');
  const invalid = '„Beginn der Tätigkeit“ muss ein gültiges Datum mit Uhrzeit sein, zum Beispiel 16.12.2026 um 14:30 Uhr.';
  await portal.expectErrorsOnNext([invalid]);
  await portal.followError(invalid, start.getByLabel('Tag', { exact: true }));

  // A one-digit hour is fine; before the limit is not.
  await start.getByLabel('Uhrzeit (hh:mm)').fill('9:30');
  await portal.expectErrorsOnNext(['„Beginn der Tätigkeit“ muss am 01.01.2025 um 08:00 Uhr oder später sein.']);
  await expect(start.getByText('Fehler: „Beginn der Tätigkeit“ muss am 01.01.2025')).toBeVisible();

  await start.getByLabel('Jahr', { exact: true }).fill('2026');
  await portal.continue();
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');

  // Back on the step, the boxes show the answer (the hour padded), in English too.
  await page.getByRole('navigation', { name: 'Schritte des Antrags' }).getByRole('link', { name: 'Betrieb' }).click();
  await page.getByRole('button', { name: /English/ }).click();
  const english = portal.group('Start date of the activity');
  await expect(english.getByLabel('Year', { exact: true })).toHaveValue('2026');
  await expect(english.getByLabel('Time (hh:mm)')).toHaveValue('09:30');
  await portal.expectAccessible();
});

test('a time-of-day field shows its format before any error, in both languages', async ({ page }) => {
  const portal = new Portal(page);
  // The definition's own hint removed: the field then has none but the format.
  await serveDefinitionWith(page, 'gewerbeanmeldung', 1, 'start_date', {
    type: 'time',
    min: undefined,
    max: undefined,
    messages: undefined,
    hint: undefined,
  });
  await page.goto('/services/99050012104000/form/1');
  const time = page.getByLabel('Beginn der Tätigkeit', { exact: true });
  await expect(time).toHaveValue('');
  await expect(page.getByText('Zum Beispiel 14:30', { exact: true })).toBeVisible();
  await expect(time).toHaveAccessibleDescription('Zum Beispiel 14:30');
  await expect(page.locator('.kern-error')).toHaveCount(0);
  await portal.expectAccessible();

  // With an error, the format still describes the input, before the error.
  await time.fill('25:61');
  await time.blur();
  await expect(page.locator('.kern-error')).toContainText('Beginn der Tätigkeit');
  await expect(time).toHaveAccessibleDescription(/^Zum Beispiel 14:30 Fehler: /);

  await page.getByRole('button', { name: /English/ }).click();
  const english = page.getByLabel('Start date of the activity', { exact: true });
  await expect(english).toHaveAccessibleDescription(/^For example 14:30/);
  await portal.expectAccessible();
});
