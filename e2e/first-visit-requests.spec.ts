// SPDX-License-Identifier: EUPL-1.2
// A first visit (an empty cache) loads each of the portal's files once (issue #21). The
// portal's JavaScript had been fetched twice on every first visit: trunk's
// `<link rel=modulepreload>` of it carries its integrity, the import in trunk's loader
// script does not, and Chromium does not hand the one fetch to the other
// (scripts/split-wasm.mjs, withoutGluePreload). On the phone profile's line that was
// 3.9 KB more before the first input.
import { test, expect, Page } from '@playwright/test';

const SERVICE = '99050012104000';

/** Every request the page makes from now on, by URL (without the query). */
function requestsOf(page: Page): Map<string, number> {
  const seen = new Map<string, number>();
  page.on('request', (request) => {
    const url = new URL(request.url());
    const key = url.origin + url.pathname;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  });
  return seen;
}

const pages: Array<{ path: string; ready: (page: Page) => Promise<void> }> = [
  {
    path: '/',
    ready: (page) => expect(page.getByRole('heading', { level: 1 })).toBeVisible(),
  },
  {
    path: `/services/${SERVICE}`,
    ready: (page) => expect(page.getByRole('heading', { level: 1, name: 'Gewerbeanmeldung' })).toBeVisible(),
  },
  {
    path: `/services/${SERVICE}/form/1`,
    ready: (page) => expect(page.locator('form input').first()).toBeVisible(),
  },
];

for (const { path, ready } of pages) {
  test(`a first visit to ${path} loads each file once`, async ({ page }) => {
    const requests = requestsOf(page);
    await page.goto(path);
    await ready(page);
    await page.waitForLoadState('networkidle');
    const code = [...requests.keys()].filter((url) => /\/buergerportal-[0-9a-f]+(\.js|_bg\.wasm)$/.test(url));
    // The portal's JavaScript and its WASM were loaded (so the test sees what it checks)…
    expect(code.map((url) => url.split('.').pop()).sort()).toEqual(['js', 'wasm']);
    // …and nothing, those two included, twice.
    const twice = [...requests].filter(([, count]) => count > 1);
    expect(twice).toEqual([]);
  });
}
