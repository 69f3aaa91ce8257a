// SPDX-License-Identifier: EUPL-1.2
// A page that takes long to load says so, to the eye and to a screen reader: its
// "loading" text is a status (a polite live region), and it goes when the page is there.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';

test('a service page that takes long to load is announced as loading, then shown', async ({ page }) => {
  const portal = new Portal(page);
  await portal.openStart();

  // The service's answer is held back until the loading state has been checked.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/services\/99050012104000\?/, async (route) => {
    await held;
    await route.continue();
  });

  await page.getByRole('link', { name: 'Gewerbeanmeldung', exact: true }).first().click();
  const status = page.getByRole('status').filter({ hasText: 'Wird geladen' });
  await expect(status).toBeVisible();
  await expect(status).toHaveText('Wird geladen …');
  // The title says so too, rather than naming the start page the citizen has left.
  await expect(page).toHaveTitle(/^Wird geladen … – /);
  await portal.expectAccessible();

  release();
  await expect(page.getByRole('heading', { level: 1, name: 'Gewerbeanmeldung' })).toBeVisible();
  await expect(status).toHaveCount(0);
  await expect(page).toHaveTitle(/^Gewerbeanmeldung – /);
});

test('a portal whose module does not load says so, never a blank page', async ({ page }) => {
  const portal = new Portal(page);
  for (const [blocked, file, why] of [
    ['refused', /_bg\.wasm$/, 'the server answers 503 for the module'],
    ['aborted', /_bg\.wasm$/, 'the connection for the module fails'],
    ['aborted', /\/buergerportal-[0-9a-f]+\.js$/, 'the glue does not load'],
  ] as const) {
    await page.unrouteAll();
    await page.route(file, (route) =>
      blocked === 'refused' ? route.fulfill({ status: 503, body: 'unavailable' }) : route.abort(),
    );
    await page.goto('/services/99050012104000');
    const failed = page.getByRole('alert');
    await expect(failed.getByRole('heading', { level: 1 }), why).toHaveText(
      'Das Bürgerportal konnte nicht geladen werden',
      { timeout: 10_000 },
    );
    await expect(failed.locator('[lang=en]')).toContainText('could not be loaded');
    await expect(failed.getByRole('link', { name: 'Neu laden / Reload' })).toHaveAttribute(
      'href',
      /\/services\/99050012104000$/,
    );
    await portal.expectAccessible();
  }
  // Loaded again, the portal starts and nothing of the message is left.
  await page.unrouteAll();
  await page.getByRole('link', { name: 'Neu laden / Reload' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gewerbeanmeldung' })).toBeVisible();
  await expect(page.getByText('konnte nicht geladen werden')).toHaveCount(0);
});
