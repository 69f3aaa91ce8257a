// SPDX-License-Identifier: EUPL-1.2
// Dates read as citizens write them (issue #19, item 5): 16.12.2026 in German,
// 16 December 2026 in English, on the check page and in the hints; never ISO.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { completeGewerbeanmeldung } from './fixtures/applications';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

test('the check page and the date hints show dates in German and in English', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/services/99050012104000');
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  const start = portal.group('Beginn der Tätigkeit');
  // The range, not an example date that falls out of it as time goes by (01.04.2025 did).
  await expect(start.getByText('Höchstens drei Monate zurück und bis zu einem Jahr im Voraus.', { exact: true })).toBeVisible();
  await portal.expectAccessible();
  await completeGewerbeanmeldung(portal, 'Datumsprobe');

  const today = new Date();
  const dd = String(today.getDate()).padStart(2, '0');
  const mm = String(today.getMonth() + 1).padStart(2, '0');
  await expect(portal.answer('Beginn der Tätigkeit')).toHaveText(`${dd}.${mm}.${today.getFullYear()}`);
  await portal.expectAccessible();

  await page.getByRole('button', { name: /English/ }).click();
  await expect(portal.answer('Start date of the activity')).toHaveText(
    `${today.getDate()} ${MONTHS[today.getMonth()]} ${today.getFullYear()}`,
  );
  await portal.expectAccessible();
  await portal.changeLink('Start date of the activity').click();
  await expect(portal.group('Start date of the activity').getByText('At most three months ago and up to a year ahead.', { exact: true })).toBeVisible();
  await portal.expectAccessible();
});
