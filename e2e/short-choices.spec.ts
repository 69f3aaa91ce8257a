// SPDX-License-Identifier: EUPL-1.2
// A choice of two to four options shows them all as radio buttons; a longer one stays a
// select (issue #19, item 10).
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { openBaumfaellStep } from './fixtures/applications';

test('short choices are radio buttons, long ones a select', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/services/99035001000000/form/1');
  const kind = portal.group('Art der Versammlung');
  await expect(kind.getByRole('radio')).toHaveCount(2);
  await expect(page.getByRole('combobox', { name: 'Art der Versammlung' })).toHaveCount(0);
  // The keyboard chooses as in any radio group; the answer drives what is shown.
  await kind.getByRole('radio', { name: 'Ortsfeste Kundgebung' }).focus();
  await page.keyboard.press('Space');
  await expect(kind.getByRole('radio', { name: 'Ortsfeste Kundgebung' })).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(kind.getByRole('radio', { name: 'Aufzug (Demonstrationszug)' })).toBeChecked();
  await expect(page.getByLabel('Streckenverlauf')).toBeVisible();
  await portal.expectAccessible();

  // Five legal forms: a select, as before.
  await page.goto('/services/99050012104000/form/1');
  await expect(page.getByRole('combobox', { name: 'Rechtsform' })).toBeVisible();
  await portal.expectAccessible();
  // Four reasons: radio buttons, and the check page reads back the option's label.
  await openBaumfaellStep(portal, 3);
  await expect(portal.group('Hauptgrund').getByRole('radio')).toHaveCount(4);
  await portal.choose('Hauptgrund', 'Anderer Grund');
  await expect(portal.group('Hauptgrund').getByRole('radio', { name: 'Anderer Grund' })).toBeChecked();
  await portal.expectAccessible();
});

test('a radio button keeps its round shape while it has the keyboard focus', async ({ page }) => {
  // The portal's focus ring gave every focused element small rounded corners, which
  // made a focused radio button a square: read as a checkbox, and as checked in forced
  // colours.
  await page.goto('/services/99035001000000/form/1');
  const radio = new Portal(page)
    .group('Art der Versammlung')
    .getByRole('radio', { name: 'Ortsfeste Kundgebung' });
  await expect(radio).toBeVisible();
  await radio.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(radio).toBeFocused();
  await expect(radio).not.toBeChecked();
  const radius = await radio.evaluate((el) => getComputedStyle(el).borderTopLeftRadius);
  expect(radius).toBe('100%');
});

test('in forced colours a focused radio button and checkbox keep a border and an outline', async ({ page }) => {
  // KERN gave them a transparent outline and no border there, its colours not forced.
  await page.emulateMedia({ forcedColors: 'active' });
  await page.goto('/services/99035001000000/form/1');
  const portal = new Portal(page);
  const radio = portal.group('Art der Versammlung').getByRole('radio', { name: 'Ortsfeste Kundgebung' });
  await expect(radio).toBeVisible();
  await radio.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(radio).toBeFocused();
  const ring = (el: Element) => {
    const style = getComputedStyle(el);
    return { outline: style.outlineStyle, outlineColor: style.outlineColor, border: style.borderTopWidth };
  };
  const look = await radio.evaluate(ring);
  expect(look.outline).toBe('solid');
  expect(look.outlineColor).not.toBe('rgba(0, 0, 0, 0)');
  expect(look.border).not.toBe('0px');
  const checkbox = page.getByRole('checkbox').first();
  await expect(checkbox).toBeVisible();
  await checkbox.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(checkbox).toBeFocused();
  const boxLook = await checkbox.evaluate(ring);
  expect(boxLook.outline).toBe('solid');
  expect(boxLook.outlineColor).not.toBe('rgba(0, 0, 0, 0)');
  expect(boxLook.border).not.toBe('0px');
});
