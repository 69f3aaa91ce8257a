// SPDX-License-Identifier: EUPL-1.2
// Anzeige von Tätigkeiten mit Asbest, the long FIM-imported form (13 steps, German only),
// the whole journey against the real API: required yes/no questions, wrong formats
// (pattern, minimum length, impossible date, too many ticks, a number below its minimum),
// a repeatable group whose item holds a file upload (add, remove, fill), the switch to
// English in the middle (the page around the form in English; the form, German only, stays
// German with the portal's words in it, and says so in English), change from the check
// page, and the submission with its file in the database, routed to the state's
// occupational safety authority.
import { test, expect } from '@playwright/test';
import { Portal } from '../fixtures/portal';
import { pdfFile } from '../fixtures/files';
import { storedAttachments, submissionsContaining } from '../fixtures/db';

const AUTHORITY = 'Staatliche Arbeitsschutzbehörde bei der Unfallkasse Nord (Schleswig-Holstein)';

/** A label, optionally followed by " (optional)". */
const label = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(optional\\))?$`);

test('Asbest-Anzeige: 13 steps, group with upload, wrong formats, English mid-way', async ({ page }) => {
  test.setTimeout(240_000);
  const portal = new Portal(page);
  const company = `Nordsee Rückbau GmbH ${Date.now()}`;
  const certificate = pdfFile('sachkundenachweis.pdf');

  await portal.beginApplication('Anzeige von Tätigkeiten mit Asbest', '25746', '25746 Heide', AUTHORITY);

  // 1: the employer; empty, then an e-mail address and a postcode in the wrong format.
  await portal.expectStep(1, 13, 'Arbeitgeber / Arbeitgeberin');
  await portal.expectAccessible();
  await portal.expectErrorsOnNext([/„Name des Unternehmens“/]);
  await portal.followError(/„Name des Unternehmens“/, page.getByLabel('Name des Unternehmens'));
  await page.getByLabel('Name des Unternehmens').fill(company);
  const street = portal.section('Straßenanschrift');
  await street.getByLabel(label('Straße')).fill('Hafenstraße');
  await street.getByLabel(label('Hausnummer')).fill('17');
  await street.getByLabel(label('Postleitzahl')).fill('2574');
  await street.getByLabel(label('Ort')).fill('Büsum');
  const contact = portal.section('Angaben zur Erreichbarkeit');
  await contact.getByLabel(label('E-Mail-Adresse')).fill('info@nordsee-rueckbau');
  await portal.expectErrorsOnNext([/Postleitzahl/, /E-Mail-Adresse/]);
  await portal.followError(/E-Mail-Adresse/, contact.getByLabel(label('E-Mail-Adresse')));
  await street.getByLabel(label('Postleitzahl')).fill('25761');
  await contact.getByLabel(label('E-Mail-Adresse')).fill('info@nordsee-rueckbau.example.org');
  await expect(portal.errorSummary()).toHaveCount(0);
  await portal.expectAccessible();
  await portal.continue();

  // 2: one required yes/no question.
  await portal.expectStep(2, 13, 'Möchten Sie eine neue unternehmensbezogene Anzeige einreichen?');
  await portal.expectAccessible();
  await portal.expectErrorsOnNext([/„Ja“ oder „Nein“/]);
  await portal.answerYesNo('Möchten Sie eine neue unternehmensbezogene Anzeige einreichen?', true);
  await portal.expectAccessible();
  await portal.continue();

  // 3: the kinds of work: five required yes/no questions and a description; a procedure
  // number too short.
  await portal.expectStep(3, 13, 'Art der Tätigkeiten');
  await portal.expectAccessible();
  await portal.expectErrorsOnNext([
    /„Tätigkeiten mit geringer Exposition“/,
    /„Entfernen von Asbestzementplatten/,
    /„Instandhaltung nach Nummer 17 TRGS 519, wenn/,
    /„Tätigkeiten an asbesthaltigen Putzen/,
    /„Tätigkeiten in stationärer Arbeitsstätte“/,
    /„Konkrete Beschreibung der Tätigkeiten“/,
  ]);
  await portal.followError(/stationärer/, portal.group('Tätigkeiten in stationärer Arbeitsstätte').getByLabel('Ja'));
  await portal.answerYesNo('Tätigkeiten mit geringer Exposition', false);
  await portal.answerYesNo(/^Entfernen von Asbestzementplatten/, true);
  await portal.answerYesNo(/^Instandhaltung nach Nummer 17 TRGS 519, wenn/, false);
  await portal.answerYesNo(/^Tätigkeiten an asbesthaltigen Putzen/, false);
  await portal.answerYesNo('Tätigkeiten in stationärer Arbeitsstätte', false);
  await portal.answerYesNo(/^Abbruch oder Entfernen von festgebundenen Asbestprodukten/, true);
  await page.getByLabel(label('Verfahrensnummer nach DGUV Information 201-012')).fill('AB');
  await page.getByLabel('Konkrete Beschreibung der Tätigkeiten').fill('Rückbau von Asbestzement-Wellplatten am Lagerdach');
  await portal.expectErrorsOnNext([/Verfahrensnummer.*mindestens 3 Zeichen/]);
  await page.getByLabel(label('Verfahrensnummer nach DGUV Information 201-012')).fill('BT 12');
  await portal.expectAccessible();
  await portal.continue();

  // 4: all optional; an impossible date is still an error.
  await portal.expectStep(4, 13, 'Vorhandene unternehmensbezogene Anzeige');
  await portal.expectAccessible();
  await portal.fillDate(/^Die unternehmensbezogene Anzeige wurde eingereicht am/, new Date(2021, 1, 1));
  await portal.group(/^Die unternehmensbezogene Anzeige wurde eingereicht am/).getByLabel('Tag').fill('31');
  await portal.expectErrorsOnNext([/gültiges Datum/]);
  await portal.group(/^Die unternehmensbezogene Anzeige wurde eingereicht am/).getByLabel('Tag').fill('3');
  await portal.expectAccessible();
  await portal.continue();

  // 5: optional, nothing to say.
  await portal.expectStep(5, 13, 'Ergänzende Anzeige von Ort und Zeit');
  await portal.expectAccessible();
  await portal.continue();

  // 6: the responsible person, a repeatable group whose items need a certificate upload.
  await portal.expectStep(6, 13, 'Unternehmensbezogene Anzeige');
  const people = page.getByRole('group', { name: 'Verantwortliche Person im Betrieb', exact: true });
  const person = (n: number) => people.getByRole('group', { name: `Verantwortliche Person im Betrieb ${n}`, exact: true });
  await expect(person(1)).toHaveCount(0);
  await portal.expectAccessible();
  await people.getByRole('button', { name: 'Weiteren Eintrag hinzufügen' }).click();
  await people.getByRole('button', { name: 'Weiteren Eintrag hinzufügen' }).click();
  await expect(person(2)).toBeVisible();
  await portal.expectErrorsOnNext([
    /„Familienname“/,
    /„Qualifikation“/,
    /„Sachkundenachweis“/,
    /„Familienname“/,
    /„Qualifikation“/,
    /„Sachkundenachweis“/,
  ]);
  await people.getByRole('button', { name: 'Entfernen Verantwortliche Person im Betrieb 2' }).click();
  await expect(person(2)).toHaveCount(0);
  await expect(portal.errorSummary().getByRole('link')).toHaveCount(3);
  await portal.followError(/„Sachkundenachweis“/, person(1).getByLabel('Sachkundenachweis'));
  await person(1).getByLabel('Familienname').fill('Thießen');
  await person(1).getByLabel(label('Vornamen')).fill('Birte');
  await portal.choose('Qualifikation', 'Sachkunde nach Anlage 4A der TRGS 519', person(1));
  await person(1).getByLabel('Sachkundenachweis').setInputFiles(certificate);
  await expect(person(1).getByRole('listitem')).toHaveText([/sachkundenachweis\.pdf \(1 KB\)/]);
  await expect(portal.errorSummary()).toHaveCount(0);
  await portal.expectAccessible();
  await portal.continue();

  // 7: a duration below its minimum.
  await portal.expectStep(7, 13, 'Objektbezogene Anzeige');
  await portal.expectAccessible();
  await page.getByLabel(label('Dauer der Tätigkeiten')).fill('0');
  await portal.expectErrorsOnNext([/Dauer der Tätigkeiten.*1 oder mehr/]);
  await page.getByLabel(label('Dauer der Tätigkeiten')).fill('3');
  await portal.choose(label('Die Angabe der Dauer erfolgt in'), 'Tagen');
  await portal.continue();

  // 8: checkboxes, at most three of the protective measures.
  await portal.expectStep(8, 13, 'Weitere Angaben zur objektbezogenen oder unternehmensbezogenen Anzeige');
  await portal.expectAccessible();
  const where = portal.group(/^Die Tätigkeit wird ausgeführt/);
  await where.getByLabel('außerhalb von Gebäuden').check();
  const measures = portal.group(/^Es werden technische Schutzmaßnahmen/);
  for (const measure of ['Nummer 14 bis 14.3 TRGS 519', 'Nummer 14.4 TRGS 519', 'Nummer 15 TRGS 519', 'Nummer 16.2 TRGS 519']) {
    await measures.getByLabel(measure, { exact: true }).check();
  }
  await portal.expectErrorsOnNext([/höchstens 3 Möglichkeiten/]);
  await portal.followError(/höchstens 3/, measures.getByRole('checkbox').first());
  await measures.getByLabel('Nummer 14.4 TRGS 519', { exact: true }).uncheck();
  await expect(measures.getByRole('checkbox', { checked: true })).toHaveCount(3);
  await expect(portal.errorSummary()).toHaveCount(0);
  await portal.expectAccessible();
  await portal.continue();

  // 9: the citizen switches to English: the page around the form changes, the form (German
  // only) stays German, its portal's words too, and an English notice says why.
  await portal.expectStep(9, 13, 'Weitere Angaben');
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  await expect(page.getByText('This application form is only available in German.')).toBeVisible();
  await expect(page.getByText('Schritt 9 von 13')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Weitere Angaben' })).toBeVisible();
  await expect(portal.next()).toHaveText('Weiter');
  await portal.expectAccessible();
  await portal.expectErrorsOnNext([/„Ja“ oder „Nein“/, /„Ja“ oder „Nein“/]);
  await portal.answerYesNo(/Kopie dieser Anzeige/, true);
  await portal.answerYesNo(/Einsicht in diese Anzeige/, true);
  await expect(portal.group(/Kopie dieser Anzeige/).getByRole('radio', { name: 'Ja' })).toBeChecked();
  await portal.expectAccessible();
  await portal.continue();

  // 10 and 11: optional.
  await portal.expectStep(10, 13, 'Für den Betriebssitz zuständige Arbeitsschutzbehörde');
  await portal.expectAccessible();
  await portal.continue();
  await portal.expectStep(11, 13, 'Für den Ort der Tätigkeiten zuständige Arbeitsschutzbehörde');
  await portal.expectAccessible();
  await portal.continue();

  // 12: consent.
  await portal.expectStep(12, 13, /^Hiermit willige ich ein/);
  await portal.expectAccessible();
  await portal.expectErrorsOnNext([/„Ja“ oder „Nein“/]);
  await portal.answerYesNo(/^Hiermit willige ich ein/, true);
  await portal.continue();

  // 13: signature date.
  await portal.expectStep(13, 13, 'Signatur');
  await portal.expectAccessible();
  await portal.expectErrorsOnNext(['Geben Sie „Datum“ an.']);
  await portal.fillDate(/^Datum/, new Date());
  await page.getByLabel(label('Ort')).fill('Büsum');
  await portal.expectAccessible();
  await portal.continue();

  // Check answers (in German, as the form); change the company's name and come back.
  await portal.expectCheckPage();
  await expect(page.getByRole('heading', { level: 1, name: 'Angaben prüfen' })).toBeVisible();
  await expect(portal.answer('Name des Unternehmens')).toHaveText(company);
  await expect(portal.answer('Verantwortliche Person im Betrieb')).toContainText('Thießen');
  await expect(portal.answer('Die Tätigkeit wird ausgeführt')).toHaveText('außerhalb von Gebäuden');
  await expect(portal.answer('Tätigkeiten mit geringer Exposition')).toHaveText('Nein');
  await portal.expectAccessible();
  await portal.changeLink('Name des Unternehmens').click();
  await expect(page.getByText('Schritt 1 von 13')).toBeVisible();
  await expect(page.getByLabel('Name des Unternehmens')).toBeFocused();
  await page.getByLabel('Name des Unternehmens').fill(`${company} & Co. KG`);
  await portal.continue();
  await portal.expectCheckPage();
  await expect(portal.answer('Name des Unternehmens')).toHaveText(`${company} & Co. KG`);

  await portal.submitButton().click();
  // The receipt is the portal's page again, in English.
  const reference = await portal.expectReceipt();
  await expect(page.getByRole('heading', { level: 1, name: 'Application submitted' })).toBeVisible();
  await portal.expectAccessible();
  const receipt = await portal.downloadReceipt(reference);
  expect(receipt).toContain(`Your reference number: ${reference}`);

  const stored = submissionsContaining(company);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    reference,
    service_leika: '99116002000000',
    form_id: 'asbest-anzeige',
    authority_id: 'land-sh-arbeitsschutz',
    status: 'received',
  });
  expect(stored[0].answers).toMatchObject({
    f00002490: `${company} & Co. KG`,
    f00002364: true,
    f00002508: ['01', '03', '05'],
    f00002465: true,
  });
  expect(stored[0].attachments).toEqual([
    expect.objectContaining({ name: 'sachkundenachweis.pdf', media_type: 'application/pdf', size: certificate.buffer.length }),
  ]);
  expect(storedAttachments(reference)).toEqual([
    expect.objectContaining({ media_type: 'application/pdf', size: certificate.buffer.length, stored_bytes: certificate.buffer.length }),
  ]);
});
