// SPDX-License-Identifier: EUPL-1.2
// Kleiner Waffenschein, the whole journey against the real API, resumed from a draft made
// for version 1 of the form (nationality was free text, a hunting-licence question existed):
// the portal moves it to version 2, says the form changed and lists the answers not kept.
// Then the age rule, questions that appear with "yes", a wrong IBAN, the declaration
// checkbox, and a submission while offline that is sent once the connection is back.
import { test, expect } from '@playwright/test';
import { Portal } from '../fixtures/portal';
import { yearsAgo } from '../fixtures/dates';
import { submissionsContaining } from '../fixtures/db';

test('Kleiner Waffenschein: version 1 draft migrated, conditions, IBAN, offline at submit', async ({ page, context }) => {
  test.setTimeout(120_000);
  const portal = new Portal(page);
  const lastName = `Thomsen-${Date.now()}`;

  // A draft this browser kept from version 1 of the form.
  await portal.openStart();
  await page.evaluate((lastName) => {
    const answers = {
      first_name: 'Kai',
      last_name: lastName,
      birth_date: '1990-05-17',
      birth_place: 'Husum',
      nationality: 'deutsch',
      address: { street: 'Rosenstraße', house_number: '4', postcode: '25746', city: 'Heide' },
      email: 'kai.thomsen@example.org',
      convicted: false,
      previous_licence: false,
      hunting_licence: true,
    };
    localStorage.setItem('bp-draft:kleiner-waffenschein:1', JSON.stringify({ saved_at_ms: Date.now(), answers }));
  }, lastName);

  await portal.beginApplication('Kleiner Waffenschein', '25746', '25746 Heide', 'Kreis Dithmarschen, Fachdienst Ordnung');

  // Restored and moved to version 2: what still fits is there, the rest is named.
  await portal.expectStep(1, 3, 'Antragstellerin oder Antragsteller');
  const notice = portal.draftRestoredNotice();
  await expect(notice).toContainText('Ihre bisherigen Angaben wurden aus diesem Browser wiederhergestellt.');
  await expect(notice).toContainText('Das Formular wurde geändert, seit Sie es begonnen haben.');
  await expect(notice).toContainText('Nicht übernommen, bitte neu angeben:');
  const notKept = notice.getByRole('listitem');
  await expect(notKept).toHaveCount(2);
  await expect(notKept.filter({ hasText: /^Staatsangehörigkeit$/ })).toHaveCount(1);
  await expect(notKept.filter({ hasText: /^Besitzen Sie einen Jagdschein\?$/ })).toHaveCount(1);
  await expect(page.getByLabel('Vorname(n)')).toHaveValue('Kai');
  await expect(page.getByLabel('Familienname')).toHaveValue(lastName);
  await expect(portal.group('Anschrift (Hauptwohnsitz)').getByLabel('Straße')).toHaveValue('Rosenstraße');
  await expect(page.getByLabel('Staatsangehörigkeit')).toHaveValue('');
  await portal.expectAccessible();
  // The old draft is moved, not kept twice.
  await expect.poll(() => portal.draftKeys()).toEqual(['bp-draft:kleiner-waffenschein:2']);

  // Step 1: what is missing after the migration, then too young.
  await portal.expectErrorsOnNext([/„Staatsangehörigkeit“/]);
  await portal.followError(/„Staatsangehörigkeit“/, page.getByLabel('Staatsangehörigkeit'));
  await page.getByLabel('Staatsangehörigkeit').selectOption({ label: 'deutsch' });
  await portal.fillDate(/^Geburtsdatum/, yearsAgo(18, -1));
  await page.getByLabel(/^Telefonnummer/).fill('nur abends');
  await portal.expectErrorsOnNext([
    'Sie müssen mindestens 18 Jahre alt sein, um den kleinen Waffenschein zu beantragen.',
    /Telefonnummer an, zum Beispiel/,
  ]);
  await portal.followError(/18 Jahre/, portal.group(/^Geburtsdatum/).getByLabel('Tag'));
  await portal.fillDate(/^Geburtsdatum/, new Date(1990, 4, 17));
  await page.getByLabel(/^Telefonnummer/).fill('');
  await expect(portal.errorSummary()).toHaveCount(0);
  await portal.expectAccessible();
  await portal.continue();

  // Step 2: the restored "no" answers; "yes" brings a required follow-up question each.
  await portal.expectStep(2, 3, 'Zuverlässigkeit');
  await expect(portal.group(/verurteilt/).getByLabel('Nein')).toBeChecked();
  await expect(page.getByLabel('Angaben zur Verurteilung')).toHaveCount(0);
  // The question of version 1 is gone from the form (the notice still names it).
  await expect(page.locator('form').getByText('Besitzen Sie einen Jagdschein?')).toHaveCount(0);
  await portal.expectAccessible();
  await portal.answerYesNo(/verurteilt/, true);
  await portal.answerYesNo('Besitzen Sie bereits eine waffenrechtliche Erlaubnis?', true);
  await expect(page.getByLabel('Angaben zur Verurteilung')).toBeVisible();
  await expect(page.getByLabel('Ausstellende Behörde')).toBeVisible();
  await portal.expectErrorsOnNext([/„Angaben zur Verurteilung“/, /„Ausstellende Behörde“/]);
  await portal.followError(/„Ausstellende Behörde“/, page.getByLabel('Ausstellende Behörde'));
  // On second thought: no conviction. The question and its error go away.
  await portal.answerYesNo(/verurteilt/, false);
  await expect(page.getByLabel('Angaben zur Verurteilung')).toHaveCount(0);
  await expect(portal.errorSummary().getByRole('link')).toHaveText([/„Ausstellende Behörde“/]);
  await page.getByLabel('Ausstellende Behörde').fill('Kreis Nordfriesland, Waffenbehörde');
  await portal.expectAccessible();
  await portal.continue();

  // Step 3: the declaration must be ticked; the IBAN is checked digit by digit.
  await portal.expectStep(3, 3, 'Gebühr');
  await portal.expectAccessible();
  await portal.expectErrorsOnNext([/„Erklärung“/]);
  await portal.followError(/„Erklärung“/, portal.group('Erklärung').getByRole('checkbox'));
  await page.getByLabel(/^IBAN für das Lastschriftverfahren/).fill('DE02 1203 0000 0000 2020 52');
  await portal.group('Erklärung').getByLabel('Ich versichere, dass meine Angaben vollständig und richtig sind.').check();
  await portal.expectErrorsOnNext([/gültige IBAN/]);
  await page.getByLabel(/^IBAN für das Lastschriftverfahren/).fill('DE02 1203 0000 0000 2020 51');
  await expect(portal.errorSummary()).toHaveCount(0);
  await portal.expectAccessible();
  await portal.continue();

  await portal.expectCheckPage();
  await expect(portal.answer('Staatsangehörigkeit')).toHaveText('deutsch');
  await expect(portal.answer('Geburtsdatum')).toHaveText(/1990/);
  await expect(portal.answer('Wurden Sie in den letzten 10 Jahren wegen einer Straftat verurteilt?')).toHaveText('Nein');
  await expect(portal.answer('Ausstellende Behörde')).toHaveText('Kreis Nordfriesland, Waffenbehörde');
  await expect(portal.answer('Erklärung')).toHaveText('Ich versichere, dass meine Angaben vollständig und richtig sind.');
  await expect(page.getByText('Besitzen Sie einen Jagdschein?')).toHaveCount(0);
  await portal.expectAccessible();

  // Offline at submit: the portal says so and waits; nothing reaches the server.
  await context.setOffline(true);
  await portal.submitButton().click();
  await expect(page.getByRole('status')).toContainText(
    'Sie sind offline. Ihre Angaben bleiben erhalten; der Antrag wird gesendet, sobald die Verbindung wieder besteht.',
  );
  await expect(portal.submitButton()).toBeDisabled();
  await portal.expectAccessible();
  expect(submissionsContaining(lastName)).toEqual([]);

  // Back online: sent once, without another click.
  await context.setOffline(false);
  const reference = await portal.expectReceipt();
  await portal.expectAccessible();
  const stored = submissionsContaining(lastName);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    reference,
    service_leika: '99089013000000',
    form_id: 'kleiner-waffenschein',
    form_version: 2,
    authority_id: 'kreis-dithmarschen-ordnung',
  });
  expect(stored[0].answers).toMatchObject({
    nationality: '000',
    birth_date: '1990-05-17',
    convicted: false,
    previous_licence: true,
    iban: 'DE02 1203 0000 0000 2020 51',
    declaration: ['truthful'],
  });
  expect(stored[0].answers).not.toHaveProperty('hunting_licence');
  expect(stored[0].answers).not.toHaveProperty('conviction_details');
  expect(await portal.draftKeys()).toEqual([]);
});
