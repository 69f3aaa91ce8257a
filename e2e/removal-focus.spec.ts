// SPDX-License-Identifier: EUPL-1.2
// A "remove" button goes with what it removes: the keyboard goes on next to it, not at
// the page's start (a probe in session 31 found focus on <body> after both).
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { openBaumfaellStep } from './fixtures/applications';
import { pdfFile } from './fixtures/files';

const focusedId = (page: import('@playwright/test').Page) => page.evaluate(() => document.activeElement?.id ?? '');

test('removing an item of a repeatable group focuses the item now in its place, or the one before', async ({ page }) => {
  const portal = new Portal(page);
  await openBaumfaellStep(portal, 3);
  const add = page.getByRole('button', { name: 'Weiteren Eintrag hinzufügen' });
  await add.click();
  await add.click();
  await expect(page.getByRole('button', { name: /^Entfernen Baum/ })).toHaveCount(3);
  // Baum 3 moves into the place of Baum 2, and the keyboard is at its first field.
  await page.getByRole('button', { name: 'Entfernen Baum 2' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /^Entfernen Baum/ })).toHaveCount(2);
  await expect.poll(() => focusedId(page)).toMatch(/^f-trees-1-/);
  // The last item removed: the one before it.
  await page.getByRole('button', { name: 'Entfernen Baum 2' }).click();
  await expect.poll(() => focusedId(page)).toMatch(/^f-trees-0-/);
  await portal.expectAccessible();
});

test('removing a chosen file focuses the file picker', async ({ page }) => {
  const portal = new Portal(page);
  await openBaumfaellStep(portal, 2);
  const plan = page.getByLabel('Lageplan mit eingezeichneten Bäumen');
  await plan.setInputFiles(pdfFile('lageplan.pdf'));
  const remove = page.getByRole('button', { name: 'Datei entfernen lageplan.pdf' });
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(remove).toHaveCount(0);
  await expect(plan).toBeFocused();
  await portal.expectAccessible();
});
