// SPDX-License-Identifier: EUPL-1.2
// Issue #19, the receipt: rebuilt from the API's status after the browser's own reload
// and on another device (reference + token in the status link), with the service, the
// date and time of sending, the competent authority with its contact and the current
// status; a rejected application shows a rejected state and the labelled reason. The
// PDF receipt holds the answers as sent, the reference and the checksum the authority's
// metadata carries; an independent reader (poppler) reads its text and its tags.
// With UPDATE_DOCS_SCREENSHOTS=1 the pictures replace docs/screenshots/*-receipt*.png.
import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Portal } from './fixtures/portal';
import { completeGewerbeanmeldung } from './fixtures/applications';
import { decryptJwe } from './fixtures/db';
import { inbox, queryDb } from './support/system';

const target = process.env.UPDATE_DOCS_SCREENSHOTS === '1' ? 'docs/screenshots' : 'e2e/artifacts/screenshots/docs';
const HEIDE_ORDNUNG = 'Stadt Heide, Ordnungsamt (Gewerbeangelegenheiten)';

async function sendGewerbeanmeldung(page: Page, tradeName: string): Promise<string> {
  const portal = new Portal(page);
  await page.goto('/services/99050012104000');
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  await completeGewerbeanmeldung(portal, tradeName);
  await portal.submitButton().click();
  return portal.expectReceipt();
}

/** What the receipt page shows without the answers: from the status alone. */
async function expectRebuilt(page: Page) {
  await expect(page.getByTestId('receipt-service')).toHaveText('Gewerbeanmeldung');
  await expect(page.getByTestId('submitted-at')).toHaveText(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr$/);
  await expect(page.getByText(/^Empfangende Behörde:/)).toHaveText(`Empfangende Behörde: ${HEIDE_ORDNUNG}`);
  await expect(page.locator('.contact')).toContainText('Postelweg 1');
  await expect(page.locator('.contact')).toContainText('Öffnungszeiten: Mo, Di, Fr 8:00–12:00 Uhr');
}

test('the receipt survives a reload, opens on another device by its link, and its PDF holds the answers and their checksum', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const portal = new Portal(page);
  const tradeName = `Quittungsladen Łódź ${Date.now()}`;
  const reference = await sendGewerbeanmeldung(page, tradeName);
  await expectRebuilt(page);
  await expect(page.getByTestId('submission-status')).toHaveText('Eingegangen');
  const link = page.getByTestId('status-link');
  await expect(link).toHaveAttribute('href', new RegExp(`/receipt/${reference}\\?token=[A-Za-z0-9_-]{20,}$`));
  const statusLink = (await link.getAttribute('href'))!;
  await portal.expectAccessible();

  // The PDF, read by poppler: the facts, the answers as sent, and the checksum of the
  // answers' JSON that the authority decrypts (the SHA-512 its metadata names too).
  const { path, text } = await portal.downloadReceiptPdf(reference);
  expect(text).toContain('Antrag gesendet');
  expect(text).toContain(`Ihr Aktenzeichen: ${reference}`);
  expect(text).toContain('Leistung: Gewerbeanmeldung');
  expect(text).toContain(`Empfangende Behörde: ${HEIDE_ORDNUNG}`);
  expect(text).toContain('Postelweg 1');
  expect(text).toContain(`Betriebsname: ${tradeName}`);
  expect(text).toMatch(/Gesendet am: \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr/);
  const [row] = queryDb(`SELECT encrypted_data, authority_id FROM submissions WHERE reference = '${reference}'`) as Array<{
    encrypted_data: string;
    authority_id: string;
  }>;
  const sent = decryptJwe(row.encrypted_data, row.authority_id);
  const checksum = createHash('sha512').update(sent).digest('hex');
  expect(text.replace(/\s+/g, '')).toContain(`(SHA-512):${checksum}`);
  expect(text.replace(/\s+/g, '')).toContain(statusLink.replace(/\s+/g, ''));
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  expect(info).toMatch(/^Tagged:\s+yes$/m);
  expect(info).toMatch(new RegExp(`^Title:\\s+Empfangsbestätigung ${reference}$`, 'm'));
  expect(info).toMatch(/^Page size:\s+595 x 842 pts \(A4\)$/m);
  mkdirSync(target, { recursive: true });
  for (const width of [360, 1280]) {
    execFileSync('pdftoppm', ['-png', '-singlefile', '-f', '1', '-l', '1', '-scale-to-x', String(width), '-scale-to-y', '-1', path, `${target}/${width}-receipt-pdf`]);
  }

  // The browser's own reload: the receipt is rebuilt from the status; the answers were
  // only in the tab, so the PDF now says where they are.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Antrag gesendet' })).toBeVisible();
  await expect(page.getByTestId('reference')).toHaveText(reference);
  await expectRebuilt(page);
  const afterReload = await portal.downloadReceipt(reference);
  expect(afterReload).toContain(`Ihr Aktenzeichen: ${reference}`);
  expect(afterReload).not.toContain(tradeName);
  expect(afterReload).toContain('Ihre Angaben stehen nur in der Bestätigung');
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'the receipt scrolls sideways').toBeLessThanOrEqual(0);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: `${target}/${width}-receipt.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
  }

  // Another device: no storage, only the link.
  const other = await browser.newContext();
  const phone = await other.newPage();
  await phone.goto(statusLink);
  await expect(phone.getByTestId('reference')).toHaveText(reference);
  await expectRebuilt(phone);
  await expect(phone.getByTestId('submission-status')).toHaveText('Eingegangen');
  // In English, names and time follow the language.
  await phone.getByRole('button', { name: /Sprache wechseln/ }).click();
  await expect(phone.getByTestId('receipt-service')).toHaveText('Business registration');
  await expect(phone.getByText(/^Receiving authority:/)).toHaveText('Receiving authority: Town of Heide, Public Order Office (trade affairs)');
  await expect(phone.getByTestId('submitted-at')).toHaveText(/^\d{1,2} [A-Z][a-z]+ \d{4}(,| at) \d{2}:\d{2} \(German time\)$/);
  await new Portal(phone).expectAccessible();

  // The same address without the token, and with a wrong one: said, not a blank page.
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(`/receipt/${reference}`);
  await expect(stranger.getByRole('status')).toContainText('nur mit dem Link aus Ihrer Empfangsbestätigung');
  await expect(stranger.getByTestId('receipt-service')).toHaveCount(0);
  await new Portal(stranger).expectAccessible();
  await stranger.goto(`/receipt/${reference}?token=${'x'.repeat(43)}`);
  await expect(stranger.getByRole('status')).toContainText('ist kein Antrag gespeichert');
  await expect(stranger.getByTestId('receipt-service')).toHaveCount(0);
  await other.close();
});

test('a rejected application shows a rejected state and the reason, on the page and in the PDF', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const tradeName = `Ablehnungsladen ${Date.now()}`;
  const reference = await sendGewerbeanmeldung(page, tradeName);
  const statusLink = (await page.getByTestId('status-link').getAttribute('href'))!;
  const reason = 'Die Gewerbeanmeldung ist bereits für diesen Betrieb erfolgt.';
  const [row] = queryDb(`SELECT authority_id FROM submissions WHERE reference = '${reference}'`) as Array<{ authority_id: string }>;
  const decided = JSON.parse(inbox('--authority', row.authority_id, '--reject', reference, '--reason', reason));
  expect(decided).toMatchObject({ reference, status: 'rejected' });

  const other = await browser.newContext();
  const citizen = await other.newPage();
  await citizen.goto(statusLink);
  const heading = citizen.getByRole('heading', { level: 1, name: 'Antrag abgelehnt' });
  await expect(heading).toBeVisible();
  await expect(citizen.getByRole('heading', { name: 'Antrag gesendet' })).toHaveCount(0);
  await expect(citizen.locator('.kern-alert--danger')).toContainText(reference);
  await expect(citizen.getByTestId('submission-status')).toHaveText('Abgelehnt');
  await expect(citizen.getByTestId('rejection-reason')).toHaveText(`Begründung der Behörde: ${reason}`);
  const portal = new Portal(citizen);
  await portal.expectAccessible();
  const text = await portal.downloadReceipt(reference);
  expect(text).toContain('Antrag abgelehnt');
  expect(text).toContain('Stand: Abgelehnt');
  expect(text).toContain(`Begründung der Behörde: ${reason}`);
  await other.close();
});

test('a receipt address without its token, or for an unknown reference, confirms nothing', async ({ page }) => {
  const portal = new Portal(page);
  const nothingConfirmed = async () => {
    await expect(page.getByText('Die zuständige Behörde bearbeitet Ihren Antrag')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Bestätigung drucken' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /PDF/ })).toHaveCount(0);
  };
  // Without a token nothing can be asked: a neutral heading, and how to see the status.
  await page.goto('/receipt/BP-XXXX');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Empfangsbestätigung');
  await expect(page.getByRole('status')).toContainText('nur mit dem Link');
  await nothingConfirmed();
  await portal.expectAccessible();
  // With a token, while the status is asked for: neutral as well, never "sent".
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/submissions\/BP-XXXX/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/receipt/BP-XXXX?token=${'x'.repeat(43)}`);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText('Empfangsbestätigung');
  await nothingConfirmed();
  release();
  // The API knows no such application: said so.
  await expect(heading).toHaveText('Antrag nicht gefunden');
  await expect(page.getByRole('status')).toBeVisible();
  await nothingConfirmed();
  await expect(page).toHaveTitle(/^Antrag nicht gefunden – Bürgerportal/);
  await portal.expectAccessible();
});
