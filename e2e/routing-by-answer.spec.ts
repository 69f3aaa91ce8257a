// SPDX-License-Identifier: EUPL-1.2
// Issue #18: the answer that decides the competent authority. The place asked on the
// service page is only a first guess: it is offered as the answer to the form's own
// question (the premises' municipality, the place of the assembly), the authority is
// shown as soon as that is answered, again before sending, and the application goes to
// the authority of the answer, whatever the first guess was. A place where the service is
// not offered is said so and not taken.
import { test, expect, Page } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { gewerbeanmeldungUpToPremises } from './fixtures/applications';
import { daysFromNow } from './fixtures/dates';
import { submissionsContaining } from './fixtures/db';

const PREMISES = 'Gemeinde der Betriebsstätte';

/** The municipality question: its search box, named by its label. */
function municipality(page: Page, label: string) {
  return page.getByRole('searchbox', { name: label });
}

/** Answers a municipality question over any answer it has; the list and the button
 * pressed are gone then, so the focus is back on the input. */
async function chooseMunicipality(portal: Portal, label: string, query: string, place: string) {
  await portal.chooseMunicipality(label, query, place, true);
  await expect(municipality(portal.page, label)).toBeFocused();
}

/** Gewerbeanmeldung with the first guess "25746 Heide", steps 1 and 2 answered. */
async function upToPremisesFromHeide(portal: Portal, tradeName: string) {
  await portal.beginApplication('Gewerbeanmeldung', '25746', '25746 Heide', 'Stadt Heide');
  await portal.expectStep(1, 3, 'Betrieb');
  await gewerbeanmeldungUpToPremises(portal, tradeName);
}

/** The places (ARS) the page asks FIT-Connect's routing (`/v1/routes`) for, in order; the
 * last is the one asked when sending. (The submission itself names only its destination,
 * so the database keeps no ARS.) */
function routingAsked(page: Page): string[] {
  const asked: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/v1/routes') asked.push(url.searchParams.get('ars') ?? '');
  });
  return asked;
}

async function fillPremisesAddress(portal: Portal, postcode: string, city: string) {
  const page = portal.page;
  await page.getByLabel('Straße').fill('Hafenstraße');
  await page.getByLabel('Hausnummer').fill('3');
  await page.getByLabel('Postleitzahl', { exact: true }).fill(postcode);
  await page.getByLabel('Ort', { exact: true }).fill(city);
}

test('Gewerbeanmeldung with the premises in Brunsbüttel reaches Brunsbüttel, though Heide was the first guess', async ({ page }) => {
  test.setTimeout(120_000);
  const portal = new Portal(page);
  const asked = routingAsked(page);
  const tradeName = `Werft Brunsbüttel ${Date.now()}`;
  await upToPremisesFromHeide(portal, tradeName);

  // The first guess is offered, with the authority it leads to.
  await expect(municipality(page, PREMISES)).toHaveValue('25746 Heide');
  const authority = page.locator('.municipality__authority');
  await expect(authority).toHaveText('Zuständige Behörde: Stadt Heide, Ordnungsamt (Gewerbeangelegenheiten)');
  await portal.expectAccessible();

  // Typing again drops the answer: the field is required and the summary says so.
  await municipality(page, PREMISES).fill('');
  await expect(authority).toHaveCount(0);
  await fillPremisesAddress(portal, '25541', 'Brunsbüttel');
  await portal.expectErrorsOnNext([/„Gemeinde der Betriebsstätte“/]);
  await portal.followError(/„Gemeinde der Betriebsstätte“/, municipality(page, PREMISES));

  await chooseMunicipality(portal, PREMISES, '25541', '25541 Brunsbüttel');
  await expect(authority).toHaveText('Zuständige Behörde: Stadt Brunsbüttel, Ordnungsamt');
  await portal.expectAccessible();

  // The browser's reload keeps the answer (the draft) and shows its authority again.
  await page.reload();
  await portal.expectStep(3, 3, 'Betriebsstätte');
  await expect(municipality(page, PREMISES)).toHaveValue('25541 Brunsbüttel');
  await expect(authority).toHaveText('Zuständige Behörde: Stadt Brunsbüttel, Ordnungsamt');
  await portal.continue();

  // Before sending: the answer and the authority it decides.
  await portal.expectCheckPage();
  await expect(portal.answer(PREMISES)).toHaveText('25541 Brunsbüttel');
  await expect(page.locator('#responsible-authority')).toHaveText('Stadt Brunsbüttel, Ordnungsamt');
  await portal.expectAccessible();

  // In English the authority's name is the English one.
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  await expect(page.locator('#responsible-authority')).toHaveText('Town of Brunsbüttel, Public Order Office');
  await page.getByRole('button', { name: 'Change language: Deutsch' }).click();
  await expect(page.locator('#responsible-authority')).toHaveText('Stadt Brunsbüttel, Ordnungsamt');

  await portal.submitButton().click();
  await portal.expectReceipt();
  await expect(portal.receivingAuthority()).toContainText('Stadt Brunsbüttel, Ordnungsamt');
  const [stored] = submissionsContaining(tradeName);
  expect(stored.authority_id).toBe('stadt-brunsbuettel-ordnung');
  expect(asked[asked.length - 1]).toBe('010510011011');
  expect(stored.answers.municipality).toEqual({ ars: '010510011011', name: '25541 Brunsbüttel' });
});

for (const { where, query, place, ars, authority, authorityId } of [
  {
    where: 'a village of Amt Mitteldithmarschen reaches that Amt',
    query: 'Albersdorf',
    place: '25767 Albersdorf',
    ars: '010515175001',
    authority: 'Amt Mitteldithmarschen, Ordnungsamt',
    authorityId: 'amt-mitteldithmarschen',
  },
  {
    where: 'a place outside the Kreis reaches the Land’s EA.SH',
    query: 'Kiel',
    place: /^\d{5} Kiel$/,
    ars: '010020000000',
    authority: 'Einheitlicher Ansprechpartner Schleswig-Holstein (EA.SH)',
    authorityId: 'ea-sh',
  },
]) {
  test(`Gewerbeanmeldung with the premises in ${where}`, async ({ page }) => {
    test.setTimeout(120_000);
    const portal = new Portal(page);
    const asked = routingAsked(page);
    const tradeName = `Betrieb ${query} ${Date.now()}`;
    await upToPremisesFromHeide(portal, tradeName);
    const input = municipality(page, PREMISES);
    await input.fill(query);
    const option = page.getByRole('button', { name: place });
    const label = (await option.first().textContent())?.trim() ?? '';
    await option.first().click();
    await expect(input).toHaveValue(label);
    await expect(page.locator('.municipality__authority')).toHaveText(`Zuständige Behörde: ${authority}`);
    await fillPremisesAddress(portal, label.slice(0, 5), label.slice(6));
    await portal.continue();
    await portal.expectCheckPage();
    await expect(page.locator('#responsible-authority')).toHaveText(authority);
    await portal.submitButton().click();
    await portal.expectReceipt();
    const [stored] = submissionsContaining(tradeName);
    expect(stored.authority_id).toBe(authorityId);
    expect(asked[asked.length - 1]).toBe(ars);
  });
}

test('Versammlungsanzeige: a place outside the Kreis is not offered; one inside reaches the Kreis', async ({ page }) => {
  test.setTimeout(120_000);
  const portal = new Portal(page);
  const asked = routingAsked(page);
  const topic = `Deichschutz ${Date.now()}`;
  const ASSEMBLY = 'Gemeinde des Versammlungsorts';
  await portal.beginApplication('Versammlungsanzeige', '25746', '25746 Heide', 'Kreis Dithmarschen, Fachdienst Ordnung');
  await portal.expectStep(1, 2, 'Versammlung');
  await expect(municipality(page, ASSEMBLY)).toHaveValue('25746 Heide');

  // Kiel is in the Land but not in the Kreis, whose office receives these: not taken.
  const input = municipality(page, ASSEMBLY);
  await input.fill('Kiel');
  await page.getByRole('button', { name: /^\d{5} Kiel$/ }).first().click();
  await expect(page.getByText('Für diesen Ort ist keine Behörde für diese Leistung hinterlegt.')).toBeVisible();
  await expect(page.locator('.municipality__authority')).toHaveCount(0);
  await portal.expectAccessible();

  await chooseMunicipality(portal, ASSEMBLY, '25541', '25541 Brunsbüttel');
  await expect(page.getByText('Für diesen Ort ist keine Behörde')).toHaveCount(0);
  await expect(page.locator('.municipality__authority')).toHaveText(
    'Zuständige Behörde: Kreis Dithmarschen, Fachdienst Ordnung',
  );

  await page.getByLabel('Thema der Versammlung').fill(topic);
  await portal.choose('Art der Versammlung', 'Ortsfeste Kundgebung');
  await page.getByLabel('Erwartete Zahl der Teilnehmenden').fill('40');
  await portal.fillDate(/^Datum/, daysFromNow(10));
  await page.getByLabel('Beginn', { exact: true }).fill('14:00');
  await page.getByLabel('Voraussichtliches Ende').fill('16:00');
  await page.getByLabel('Ort der Kundgebung oder Startpunkt').fill('Elbehafen Brunsbüttel');
  await portal.continue();

  await portal.expectStep(2, 2, 'Veranstalter und Leitung');
  await portal.choose('Wer veranstaltet die Versammlung?', 'Ich als Privatperson');
  await page.getByLabel('Vorname', { exact: true }).fill('Lena');
  await page.getByLabel('Nachname', { exact: true }).fill('Claußen');
  await portal.fillAddress('Anschrift', { street: 'Markt', houseNumber: '1', postcode: '25541', city: 'Brunsbüttel' });
  await page.getByLabel('E-Mail-Adresse').fill('lena@example.org');
  await page.getByLabel(/^Telefonnummer/).fill('0171 2345678');
  await portal.answerYesNo('Leiten Sie die Versammlung selbst?', true);
  await page.getByLabel('Anzahl der Ordnerinnen und Ordner').fill('0');
  await portal.continue();

  await portal.expectCheckPage();
  await expect(portal.answer(ASSEMBLY)).toHaveText('25541 Brunsbüttel');
  await expect(page.locator('#responsible-authority')).toHaveText('Kreis Dithmarschen, Fachdienst Ordnung');
  await portal.submitButton().click();
  await portal.expectReceipt();
  const [stored] = submissionsContaining(topic);
  expect(stored.authority_id).toBe('kreis-dithmarschen-ordnung');
  expect(asked[asked.length - 1]).toBe('010510011011');
});
