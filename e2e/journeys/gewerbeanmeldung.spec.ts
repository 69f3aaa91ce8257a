// SPDX-License-Identifier: EUPL-1.2
// Gewerbeanmeldung, the whole journey against the real API: every step left empty and
// then answered wrongly (error summary, links that focus the field), the language
// switched in the middle, a reload in the middle that restores the draft, "change" from
// the check page, the receipt with its download, and the submission in the database,
// routed to the town of Heide (the receipt's naming of the authority: receipt.spec.ts).
import { test, expect } from '@playwright/test';
import { Portal } from '../fixtures/portal';
import { daysFromNow } from '../fixtures/dates';
import { submissionsContaining } from '../fixtures/db';
import { answerGewA1Business, answerGewA1Owner } from '../fixtures/applications';

test('Gewerbeanmeldung: errors on every step, language switch, reload, change, receipt', async ({ page }) => {
  test.setTimeout(120_000);
  const portal = new Portal(page);
  const tradeName = `Fahrradladen Möller ${Date.now()}`;

  await portal.beginApplication('Gewerbeanmeldung', '25746', '25746 Heide', 'Stadt Heide');

  // Step 1: nothing answered, then wrong answers.
  await portal.expectStep(1, 3, 'Betrieb');
  await portal.expectAccessible();
  await portal.expectErrorsOnNext([
    /„Name des Betriebs“/,
    /„Rechtsform“/,
    /„Angemeldete Tätigkeit“/,
    /„Art des Betriebs“/,
    /im Nebenerwerb.*„Ja“ oder „Nein“/,
    /„Beginn der Tätigkeit“/,
    /„Anlass der Anmeldung“/,
    /„Die Anmeldung gilt für“/,
    /in einem Register eingetragen.*„Ja“ oder „Nein“/,
  ]);
  await portal.followError(/„Rechtsform“/, page.getByLabel('Rechtsform'));
  await portal.followError(/„Beginn der Tätigkeit“/, portal.group('Beginn der Tätigkeit').getByLabel('Tag'));

  await page.getByLabel('Name des Betriebs').fill(tradeName);
  await page.getByLabel('Rechtsform').selectOption({ label: 'Einzelunternehmen' });
  await page.getByLabel('Angemeldete Tätigkeit').fill('Handel');
  await portal.fillDate('Beginn der Tätigkeit', daysFromNow(-200));
  await page.getByLabel(/^Anzahl der Beschäftigten/).fill('zwei');
  await answerGewA1Business(portal);
  await portal.expectErrorsOnNext([
    /Tätigkeit.*mindestens 10 Zeichen/,
    'Der Beginn der Tätigkeit darf höchstens drei Monate zurückliegen. Für frühere Anmeldungen wenden Sie sich bitte an das Gewerbeamt.',
    /Anzahl der Beschäftigten.*ganze Zahl/,
  ]);
  await portal.followError(/ganze Zahl/, page.getByLabel(/^Anzahl der Beschäftigten/));
  await expect(page.getByLabel(/^Anzahl der Beschäftigten/)).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Angemeldete Tätigkeit').fill('Einzelhandel mit Fahrrädern und Zubehör');
  await portal.fillDate('Beginn der Tätigkeit', new Date());
  await page.getByLabel(/^Anzahl der Beschäftigten/).fill('2');
  // Errors go as soon as the answers are right, the summary with them.
  await expect(portal.errorSummary()).toHaveCount(0);
  await portal.expectAccessible();
  await portal.continue();

  // Step 2: empty, then wrong; then the citizen switches to English in the middle.
  await expect(page).toHaveURL(/\/form\/2$/);
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');
  await portal.expectAccessible();
  await portal.expectErrorsOnNext([
    /„Vorname“/,
    /„Nachname“/,
    /„Geburtsdatum“/,
    /„Geburtsort und Geburtsland“/,
    /„Staatsangehörigkeit“/,
    /„Anschrift Ihrer Wohnung“/,
    /„E-Mail-Adresse“/,
  ]);
  await portal.followError(/„Nachname“/, page.getByLabel('Nachname'));
  await page.getByLabel('Vorname').fill('Jana');
  await page.getByLabel('Nachname').fill('Möller');
  await answerGewA1Owner(portal);
  await portal.fillDate(/^Geburtsdatum/, daysFromNow(30));
  await page.getByLabel('E-Mail-Adresse').fill('jana.moeller.example.org');
  await page.getByLabel(/^Telefonnummer/).fill('bitte anrufen');
  await portal.expectErrorsOnNext([/Geburtsdatum.*oder früher/, /E-Mail-Adresse im richtigen Format/, /Telefonnummer an/]);

  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByText('Step 2 of 3')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Owner' })).toBeVisible();
  // What was typed stays; errors and summary speak English now.
  await expect(page.getByLabel('First name')).toHaveValue('Jana');
  await expect(portal.errorSummary()).toContainText('There is a problem');
  await expect(portal.errorSummary().getByRole('link')).toHaveText([
    /Date of birth.*before/,
    /email address in the correct format/,
    /telephone number/,
  ]);
  await portal.expectAccessible();
  await portal.followError(/email address/, page.getByLabel('Email address'));
  await portal.fillDate(/^Date of birth/, new Date(1988, 2, 27));
  await page.getByLabel('Email address').fill('jana.moeller@example.org');
  await page.getByLabel(/^Phone number/).fill('0481 12345');
  await expect(portal.errorSummary()).toHaveCount(0);
  await portal.expectAccessible();
  await portal.continue();

  // Step 3 (in English): empty, then a wrong house number and postcode ...
  await portal.expectStep(3, 3, 'Premises');
  await portal.expectAccessible();
  await portal.expectErrorsOnNext([/street/i, /house number/i, /postcode/i, /town or city/i]);
  await page.getByLabel('Street').fill('Süderstraße');
  await page.getByLabel('House number').fill('zwölf');
  await page.getByLabel('Postcode').fill('2574');
  await page.getByLabel('Town or city').fill('Heide');

  // ... and a reload in the middle: the same step, the same language, the answers back.
  await page.reload();
  await expect(page).toHaveURL(/\/form\/3$/);
  await expect(page.getByText('Step 3 of 3')).toBeVisible();
  await expect(portal.draftRestoredNotice()).toContainText('Your earlier answers were restored');
  await expect(page.getByLabel('House number')).toHaveValue('zwölf');
  await expect(page.getByLabel('Street')).toHaveValue('Süderstraße');
  await portal.expectAccessible();

  await page.getByRole('button', { name: 'Change language: Deutsch' }).click();
  await expect(page.getByText('Schritt 3 von 3')).toBeVisible();
  await expect(portal.draftRestoredNotice()).toContainText('wiederhergestellt');
  await portal.expectErrorsOnNext([
    'Geben Sie die Hausnummer als Zahl an, eventuell mit Buchstaben, zum Beispiel 12 oder 12a.',
    /Postleitzahl mit 5 Ziffern/,
  ]);
  await portal.followError(/Postleitzahl/, page.getByLabel('Postleitzahl'));
  await page.getByLabel('Hausnummer').fill('12a');
  await page.getByLabel('Postleitzahl').fill('25746');
  await portal.expectAccessible();
  await portal.continue();

  // Check answers: everything from every step, including what was restored.
  await portal.expectCheckPage();
  await expect(portal.answer('Betriebsname')).toHaveText(tradeName);
  await expect(portal.answer('Rechtsform')).toHaveText('Einzelunternehmen');
  await expect(portal.answer('Anzahl der Beschäftigten')).toHaveText('2');
  await expect(portal.answer('E-Mail-Adresse')).toHaveText('jana.moeller@example.org');
  await expect(portal.answer('Hausnummer')).toHaveText('12a');
  await portal.expectAccessible();

  // "Change" goes to the field on its step; "Next" comes back to the check page.
  await portal.changeLink('E-Mail-Adresse').click();
  await expect(page).toHaveURL(/\/form\/2\?return=check/);
  await expect(page.getByLabel('E-Mail-Adresse')).toBeFocused();
  await page.getByLabel('E-Mail-Adresse').fill('kontakt@fahrrad-moeller.example.org');
  await portal.continue();
  await portal.expectCheckPage();
  await expect(portal.answer('E-Mail-Adresse')).toHaveText('kontakt@fahrrad-moeller.example.org');

  await portal.submitButton().click();
  const reference = await portal.expectReceipt();
  await portal.expectAccessible();
  const receipt = await portal.downloadReceipt(reference);
  expect(receipt).toContain(`Ihr Aktenzeichen: ${reference}`);
  expect(receipt).toContain('Wie es weitergeht');

  // Stored once, for the town of Heide; the draft is gone from the browser.
  const stored = submissionsContaining(tradeName);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    reference,
    service_leika: '99050012104000',
    form_id: 'gewerbeanmeldung',
    form_version: 1,
    authority_id: 'stadt-heide-ordnung',
  });
  expect(stored[0].answers).toMatchObject({
    trade_name: tradeName,
    legal_form: 'einzelunternehmen',
    employees: '2',
    email: 'kontakt@fahrrad-moeller.example.org',
    house_number: '12a',
    postcode: '25746',
  });
  expect(await portal.draftKeys()).toEqual([]);
});
