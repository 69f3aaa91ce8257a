// SPDX-License-Identifier: EUPL-1.2
// "Meine Angaben löschen" asks before it deletes, in the page and in the page's language,
// with the keyboard (issue #19, item 10).
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';

test('deleting the answers asks first; cancel keeps them, confirm deletes them', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/services/99050012104000/form/1');
  const name = page.getByLabel('Name des Betriebs');
  await name.fill('Tischlerei Jensen');
  const remove = page.getByRole('button', { name: 'Meine Angaben löschen' });

  await remove.click();
  const question = page.getByRole('group', { name: /Wollen Sie wirklich alle Ihre Angaben/ });
  await expect(question).toBeVisible();
  await expect(page.locator('#delete-question')).toBeFocused();
  await portal.expectAccessible();
  await question.getByRole('button', { name: 'Abbrechen' }).click();
  await expect(question).toHaveCount(0);
  await expect(remove).toBeFocused();
  await expect(name).toHaveValue('Tischlerei Jensen');
  expect(await portal.draftKeys()).toHaveLength(1);
  await portal.expectAccessible();

  // With the keyboard, in English.
  await page.getByRole('button', { name: /English/ }).click();
  const removeEn = page.getByRole('button', { name: 'Delete my answers' });
  await removeEn.focus();
  await page.keyboard.press('Enter');
  const questionEn = page.getByRole('group', { name: /Do you really want to delete everything of yours/ });
  await expect(questionEn).toBeVisible();
  await portal.expectAccessible();
  await page.keyboard.press('Tab');
  await expect(questionEn.getByRole('button', { name: 'Yes, delete my answers' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Business name')).toHaveValue('');
  await expect(page.getByRole('status').filter({ hasText: 'Your answers were deleted from this browser.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  expect(await portal.draftKeys()).toHaveLength(0);
  await portal.expectAccessible();
});
