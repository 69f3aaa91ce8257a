// SPDX-License-Identifier: EUPL-1.2
// The file picker is the portal's own, in the page's language: a labelled, KERN-styled
// drop zone in front of the browser's input, which takes chosen and dropped files and
// lists them (issue #19, item 7: it was the browser's "Choose File / No file chosen").
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { openBaumfaellStep } from './fixtures/applications';
import { pdfFile, pngFile } from './fixtures/files';

test('the file picker speaks the page\'s language, opens with mouse and keyboard, takes dropped files', async ({ page }) => {
  const portal = new Portal(page);
  await openBaumfaellStep(portal, 2);
  const input = page.getByLabel('Lageplan mit eingezeichneten Bäumen');
  const zone = page.locator('label.file-drop[for="f-site_plan"]');
  await expect(zone).toHaveText('Dateien auswählen oder hierher ziehen');
  await expect(input).toHaveAccessibleName('Lageplan mit eingezeichneten Bäumen Dateien auswählen oder hierher ziehen');
  // The browser's own widget (with its texts in the browser's language) is not shown.
  await expect(input).toHaveCSS('opacity', '0');
  await portal.expectAccessible();

  // Keyboard: Tab reaches the input, and the zone shows the focus.
  await page.getByLabel('Flur und Flurstück').focus();
  await page.keyboard.press('Tab');
  await expect(input).toBeFocused();
  await expect(zone).toHaveCSS('outline-style', 'solid');

  // A click anywhere on the zone opens the browser's chooser.
  const chooser = page.waitForEvent('filechooser');
  await zone.click();
  await (await chooser).setFiles(pdfFile('lageplan.pdf'));
  const list = page.locator('#f-site_plan ~ .file-list');
  await expect(list.getByRole('listitem')).toHaveText([/lageplan\.pdf \(1 KB\)/]);

  // Dropped files are added the same way.
  const png = pngFile('skizze.png');
  const dataTransfer = await page.evaluateHandle(
    ({ name, bytes }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
      return transfer;
    },
    { name: png.name, bytes: [...png.buffer] },
  );
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(list.getByRole('listitem')).toHaveText([/lageplan\.pdf \(1 KB\)/, /skizze\.png \(1 KB\)/]);
  await portal.expectAccessible();

  await page.getByRole('button', { name: /English/ }).click();
  await expect(zone).toHaveText('Choose files or drop here');
  await expect(list.getByRole('button', { name: 'Remove file skizze.png' })).toBeVisible();
  await portal.expectAccessible();
});
