// SPDX-License-Identifier: EUPL-1.2
// Gewerbeanmeldung with every question of the official form GewA 1 that applies to a
// GmbH's branch moving in from another district: register entry, legal representatives,
// permit and craft card, an owner of a nationality outside the EU (residence permit),
// home address, the business's contact details, the main establishment and the previous
// premises. Everything arrives with the authority. And the service pages: who offers
// the service (EA.SH) and which documents the form has no upload for.
import { test, expect } from '@playwright/test';
import { Portal } from '../fixtures/portal';
import { submissionsContaining } from '../fixtures/db';

test('the service page names the provider and the documents to hand in separately', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/services/99050012104000');
  await expect(page.getByRole('heading', { level: 1, name: 'Gewerbeanmeldung' })).toBeVisible();
  const facts = page.locator('dl.facts');
  await expect(facts.locator('dt', { hasText: 'Angeboten von' })).toBeVisible();
  await expect(facts.locator('dt', { hasText: 'Angeboten von' }).locator('xpath=following-sibling::dd[1]')).toHaveText(
    'Einheitlicher Ansprechpartner Schleswig-Holstein (EA.SH)',
  );
  await portal.expectAccessible();

  // Baumfällgenehmigung: the site plan is uploaded in the form, the photos are not.
  await page.goto('/services/99136002000000');
  await expect(page.getByRole('heading', { level: 1, name: 'Baumfällgenehmigung' })).toBeVisible();
  await expect(page.locator('dl.facts dt', { hasText: 'Angeboten von' })).toHaveCount(0);
  const documents = page.locator('ul.documents li');
  await expect(documents).toHaveText([
    'Lageplan mit eingezeichnetem Baum',
    'Fotos des Baums (nicht im Online-Formular: bitte gesondert einreichen)',
    'bei Bevollmächtigung: Vollmacht der Eigentümerin oder des Eigentümers',
  ]);
  await expect(page.locator('.documents-note')).toContainText('hat das Online-Formular keinen Upload');
  await expect(page.locator('.documents-note')).toContainText('Aktenzeichen');
  await portal.expectAccessible();

  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  await expect(documents.nth(1)).toHaveText('Photos of the tree (not part of the online form: please submit separately)');
  await expect(page.locator('.documents-note')).toContainText('has no upload');
  await portal.expectAccessible();
});

test('Gewerbeanmeldung with every GewA 1 question that applies arrives complete', async ({ page }) => {
  test.setTimeout(180_000);
  const portal = new Portal(page);
  const tradeName = `Tischlerei Yılmaz GmbH ${Date.now()}`;
  await portal.beginApplication('Gewerbeanmeldung', '25746', '25746 Heide', 'Stadt Heide');

  // Step 1: the business.
  await portal.expectStep(1, 3, 'Betrieb');
  await page.getByLabel('Name des Betriebs').fill(tradeName);
  await page.getByLabel('Rechtsform').selectOption({ label: 'GmbH' });
  await page.getByLabel('Zahl der gesetzlichen Vertreterinnen und Vertreter').fill('2');
  await page.getByLabel('Angemeldete Tätigkeit').fill('Tischlerei: Möbelbau, Innenausbau und Verkauf von Möbeln');
  const kind = portal.group('Art des Betriebs');
  await kind.getByRole('checkbox', { name: 'Handwerk', exact: true }).check();
  await kind.getByRole('checkbox', { name: 'Handel', exact: true }).check();
  await portal.answerYesNo(/im Nebenerwerb/, false);
  await portal.fillDate('Beginn der Tätigkeit', new Date());
  await page.getByLabel(/^Anzahl der Beschäftigten/).fill('4');
  await page.getByLabel('Davon in Teilzeit').fill('1');
  await page.getByLabel('Anlass der Anmeldung').selectOption({ label: 'Zuzug: Wiedereröffnung nach Verlegung aus einem anderen Meldebezirk' });
  await page.getByLabel('Die Anmeldung gilt für').selectOption({ label: 'eine Zweigniederlassung' });
  await portal.answerYesNo(/in einem Register eingetragen/, true);
  await page.getByLabel('Register', { exact: true }).selectOption({ label: 'Handelsregister B' });
  await page.getByLabel('Registergericht').fill('Amtsgericht Pinneberg');
  await page.getByLabel('Registernummer').fill('HRB 4711 PI');
  await portal.answerYesNo(/eine Erlaubnis/, true);
  await page.getByLabel('Art der Erlaubnis').fill('Erlaubnis nach § 34c Gewerbeordnung');
  await page.getByLabel('Behörde, die die Erlaubnis erteilt hat').fill('Kreis Pinneberg');
  await portal.fillDate('Datum der Erlaubnis', new Date(2021, 5, 1));
  await portal.answerYesNo(/Handwerkskarte/, true);
  await page.getByLabel('Handwerkskammer').fill('Handwerkskammer Lübeck');
  await portal.fillDate('Datum der Eintragung in die Handwerksrolle', new Date(2019, 4, 2));
  await portal.expectAccessible();
  await portal.continue();

  // Step 2: the owner (the managing director), a Turkish national.
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');
  await portal.choose('Geschlecht', 'weiblich');
  await page.getByLabel('Vorname').fill('Elif');
  await page.getByLabel('Nachname').fill('Yılmaz');
  await page.getByLabel('Geburtsname').fill('Demir');
  await portal.fillDate(/^Geburtsdatum/, new Date(1984, 8, 12));
  await page.getByLabel('Geburtsort und Geburtsland').fill('Izmir, Türkei');
  const nationality = page.getByLabel('Staatsangehörigkeit', { exact: true });
  // The whole list, Germany first, and the entries for no nationality.
  expect(await nationality.locator('option').count()).toBeGreaterThan(200);
  await expect(nationality.locator('option').nth(1)).toHaveText('Deutschland');
  await expect(nationality.locator('option', { hasText: 'staatenlos' })).toHaveCount(1);
  // An EU nationality asks for no residence permit; a Turkish one does.
  await nationality.selectOption({ label: 'Österreich' });
  await expect(portal.group(/Aufenthaltstitel/)).toHaveCount(0);
  await nationality.selectOption({ label: 'Türkei' });
  await portal.answerYesNo(/Aufenthaltstitel/, true);
  await page.getByLabel('Weitere Staatsangehörigkeiten').fill('keine');
  await portal.fillAddress('Anschrift Ihrer Wohnung', { street: 'Friedrichstraße', houseNumber: '8', postcode: '25746', city: 'Heide' });
  await page.getByLabel('E-Mail-Adresse').fill('elif.yilmaz@example.org');
  await page.getByLabel(/^Telefonnummer/).fill('0481 987654');
  await portal.expectAccessible();
  await portal.continue();

  // Step 3: the premises, the business's contact, the main establishment, the previous premises.
  await portal.expectStep(3, 3, 'Betriebsstätte');
  const premises = portal.section('Anschrift der Betriebsstätte');
  await premises.getByLabel('Straße', { exact: true }).fill('Rüsdorfer Straße');
  await premises.getByLabel('Hausnummer', { exact: true }).fill('20');
  await premises.getByLabel('Postleitzahl', { exact: true }).fill('25746');
  await premises.getByLabel('Ort', { exact: true }).fill('Heide');
  await page.getByLabel('Telefon des Betriebs').fill('0481 123450');
  await page.getByLabel('E-Mail des Betriebs').fill('heide@tischlerei-yilmaz.example.org');
  await page.getByLabel('Internetseite').fill('www.tischlerei-yilmaz.example.org');
  await portal.fillAddress('Anschrift der Hauptniederlassung', { street: 'Damm', houseNumber: '3', postcode: '25421', city: 'Pinneberg' });
  await portal.fillAddress('Anschrift der früheren Betriebsstätte', { street: 'Bahnhofstraße', houseNumber: '14', postcode: '25421', city: 'Pinneberg' });
  await portal.expectAccessible();
  await portal.continue();

  // The check page shows the new answers.
  await portal.expectCheckPage();
  await expect(portal.answer('Staatsangehörigkeit')).toHaveText('Türkei');
  await expect(portal.answer('Anlass der Anmeldung')).toHaveText('Zuzug: Wiedereröffnung nach Verlegung aus einem anderen Meldebezirk');
  await expect(portal.answer('Registernummer')).toHaveText('HRB 4711 PI');
  await expect(portal.answer('Art der Niederlassung')).toHaveText('eine Zweigniederlassung');
  await portal.expectAccessible();
  await portal.submitButton().click();
  const reference = await portal.expectReceipt();

  // Everything arrived, for the town of Heide.
  const stored = submissionsContaining(tradeName);
  expect(stored).toHaveLength(1);
  // (FIT-Connect's submission names its destination, not the place: `ars` stays empty.)
  expect(stored[0]).toMatchObject({ reference, form_id: 'gewerbeanmeldung', form_version: 1, authority_id: 'stadt-heide-ordnung' });
  expect(stored[0].answers).toMatchObject({
    trade_name: tradeName,
    legal_form: 'gmbh',
    representatives_count: '2',
    business_kind: ['handwerk', 'handel'],
    side_business: false,
    employees: '4',
    employees_part_time: '1',
    reason: 'zuzug',
    establishment_type: 'zweigniederlassung',
    registered: true,
    register_type: 'hrb',
    register_court: 'Amtsgericht Pinneberg',
    register_number: 'HRB 4711 PI',
    permit_needed: true,
    permit_kind: 'Erlaubnis nach § 34c Gewerbeordnung',
    permit_authority: 'Kreis Pinneberg',
    permit_date: '2021-06-01',
    craft_card: true,
    craft_chamber: 'Handwerkskammer Lübeck',
    craft_card_date: '2019-05-02',
    sex: 'weiblich',
    first_name: 'Elif',
    last_name: 'Yılmaz',
    birth_name: 'Demir',
    birth_date: '1984-09-12',
    birth_place: 'Izmir, Türkei',
    nationality: 'TUR',
    other_nationalities: 'keine',
    residence_permit: true,
    home_address: { street: 'Friedrichstraße', house_number: '8', postcode: '25746', city: 'Heide' },
    email: 'elif.yilmaz@example.org',
    phone: '0481 987654',
    street: 'Rüsdorfer Straße',
    house_number: '20',
    postcode: '25746',
    place: 'Heide',
    municipality: { ars: '010510044044' },
    business_phone: '0481 123450',
    business_email: 'heide@tischlerei-yilmaz.example.org',
    business_website: 'www.tischlerei-yilmaz.example.org',
    main_establishment_address: { street: 'Damm', house_number: '3', postcode: '25421', city: 'Pinneberg' },
    previous_address: { street: 'Bahnhofstraße', house_number: '14', postcode: '25421', city: 'Pinneberg' },
  });
});
