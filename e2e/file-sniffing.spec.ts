// SPDX-License-Identifier: EUPL-1.2
// A chosen file's type is checked by its content in the browser, by the rules the
// authority applies (PDF, PNG, JPEG by their first bytes): a program renamed to .pdf is
// refused when it is chosen, not after submitting (issue #19, item 3).
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { openBaumfaellStep } from './fixtures/applications';
import { pdfFile, pngFile } from './fixtures/files';

test('a program renamed .pdf is refused when chosen; real PDFs and images are taken', async ({ page }) => {
  const portal = new Portal(page);
  await openBaumfaellStep(portal, 3);
  await portal.choose('Hauptgrund', 'Baum ist nicht mehr standsicher oder krank');
  const report = page.getByLabel(/^Baumgutachten/); // PDF only
  // "MZ": the start of every Windows program.
  const program = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(600)]);
  await report.setInputFiles({ name: 'gutachten.pdf', mimeType: 'application/pdf', buffer: program });
  const list = page.locator('#f-expert_report ~ .file-list');
  await expect(list.getByRole('listitem')).toHaveText([/gutachten\.pdf/]);
  const error = 'Die Datei bei „Baumgutachten“ muss eines dieser Formate haben: PDF.';
  await expect(page.locator('#f-expert_report-error')).toHaveText(`Fehler: ${error}`);
  await expect(report).toHaveAttribute('aria-invalid', 'true');
  await portal.expectAccessible();

  // Another file instead: a real PDF is fine.
  await list.getByRole('button', { name: 'Datei entfernen gutachten.pdf' }).click();
  await report.setInputFiles(pdfFile('gutachten.pdf'));
  await expect(list.getByRole('listitem')).toHaveText([/gutachten\.pdf \(1 KB\)/]);
  await expect(page.locator('#f-expert_report-error')).toHaveCount(0);
  await portal.expectAccessible();

  // A PNG that says it is a JPEG is taken for what it is (the site plan takes both).
  await page.goto('/services/99136002000000/form/2');
  const plan = page.getByLabel('Lageplan mit eingezeichneten Bäumen');
  await plan.setInputFiles({ ...pngFile('skizze.jpg'), mimeType: 'image/jpeg' });
  await expect(page.locator('#f-site_plan ~ .file-list').getByRole('listitem')).toHaveText([/skizze\.jpg/]);
  await expect(page.locator('#f-site_plan-error')).toHaveCount(0);
  await portal.expectAccessible();
});
