// SPDX-License-Identifier: EUPL-1.2
// An unknown address and an unknown service (the API answers 404) show a page that says
// so and leads back (issue #19, item 9), not "the data could not be loaded", and the
// server answers them with 404.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';

for (const [what, path] of [
  ['an unknown path', '/gibt-es-nicht/mehr'],
  ['an unknown service', '/services/99999999999999'],
  ["an unknown service's form", '/services/99999999999999/form/1'],
  // A legal page of a municipality the server does not know: the portal's page, not a
  // plain "Not found" text.
  ["an unknown municipality's legal notice", '/m/019999999999/impressum'],
]) {
  test(`${what} shows "page not found" with a way back`, async ({ page }) => {
    const portal = new Portal(page);
    // The server says so too (404, with the portal that shows the page).
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
    await expect(page.getByText('Die Daten konnten nicht geladen werden.')).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await portal.expectAccessible();

    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await portal.expectAccessible();
    await page.getByRole('link', { name: 'Back to all services' }).last().click();
    await expect(page.getByRole('heading', { level: 1, name: /Services/ })).toBeVisible();
    await portal.expectAccessible();
  });
}
