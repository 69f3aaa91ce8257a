// SPDX-License-Identifier: EUPL-1.2
// Issue #19, item 2: a refusal at submit names the question it concerns and leads back to
// it. A real server whose limit for all files of one application (`--max-submission-bytes`)
// is lower than the files the form lets the citizen choose: each file is within its
// field's limit, together they are not. The API refuses the announced attachments (422,
// problem details with the path `attachments`); the check page says which question, links
// to it, and after a smaller file the application goes through.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { openBaumfaellStep } from './fixtures/applications';
import { pdfFile } from './fixtures/files';
import { startSystem, System } from './support/system';

let system: System;

test.beforeAll(async () => {
  system = await startSystem({ serveArgs: ['--max-submission-bytes', String(64 * 1024)] });
});

test.afterAll(async () => {
  await system?.stop();
});

/** A PDF of about `kib` KiB: a real PDF (its content is checked) padded after its end. */
function bigPdf(name: string, kib: number) {
  const pdf = pdfFile(name);
  return { ...pdf, buffer: Buffer.concat([pdf.buffer, Buffer.alloc(kib * 1024, 0x20)]) };
}

test('files too large together: the check page names the question, links to it, and a smaller file goes through', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL: system.url });
  const page = await context.newPage();
  const portal = new Portal(page);
  const marker = `Pilzbefall am Stammfuß ${Date.now()}`;

  await openBaumfaellStep(portal, 2);
  await portal.fillAddress('Lage des Grundstücks', { street: 'Am Kirchhof', houseNumber: '3', postcode: '25746', city: 'Heide' });
  await portal.chooseMunicipality('Gemeinde, in der das Grundstück liegt', '25746', '25746 Heide');
  const plan = page.getByLabel('Lageplan mit eingezeichneten Bäumen');
  await plan.setInputFiles([bigPdf('lageplan-1.pdf', 40), bigPdf('lageplan-2.pdf', 40)]);
  await portal.continue();

  await portal.expectStep(3, 3, 'Bäume');
  const tree = portal.group('Bäume, die gefällt werden sollen').getByRole('group', { name: 'Baum 1', exact: true });
  await tree.getByLabel('Baumart').fill('Stieleiche');
  await tree.getByLabel('Stammumfang in 1 m Höhe').fill('180');
  await portal.choose('Maßnahme', 'Fällen', tree);
  await portal.choose('Hauptgrund', 'Anderer Grund');
  await page.getByLabel('Beschreiben Sie den Grund').fill(marker);
  await portal.answerYesNo('Planen Sie eine Ersatzpflanzung auf dem Grundstück?', true);
  await page.getByLabel('Anzahl der Ersatzbäume').fill('1');
  await portal.continue();

  await portal.expectCheckPage();
  await portal.submitButton().click();
  const refused = page.locator('#submit-refused');
  await expect(refused).toBeVisible({ timeout: 20_000 });
  await expect(refused).toBeFocused();
  await expect(refused).toContainText('Der Antrag wurde nicht angenommen. Ändern Sie bitte diese Angaben');
  const link = refused.getByRole('link', { name: /^Lageplan mit eingezeichneten Bäumen: Die Dateien sind zusammen zu groß\.$/ });
  await expect(link).toBeVisible();
  // Not the old dead end that names nothing.
  await expect(page.getByText('Bitte prüfen Sie Ihre Angaben.')).toHaveCount(0);
  await portal.expectAccessible();

  // The way forward: the link leads to the question, one file less, back to the check.
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Grundstück' })).toBeVisible();
  await expect(plan).toBeFocused();
  const list = page.locator('#f-site_plan ~ .file-list');
  await list.getByRole('button', { name: 'Datei entfernen lageplan-2.pdf' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await portal.continue();
  await portal.expectCheckPage();
  await portal.submitButton().click();
  await portal.expectReceipt();
  await context.close();
});
