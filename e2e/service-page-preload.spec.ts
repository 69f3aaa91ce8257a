// SPDX-License-Identifier: EUPL-1.2
// A service page opened directly asks the browser to preload the service's answer in
// German (issue #21, crates/central-api/src/portal/page_data.rs): the portal's own request
// takes it, so the answer is on its way before the portal has started. A citizen who chose
// English before gets the page in English all the same.
import { test, expect, Page } from '@playwright/test';

const SERVICE = '99050012104000';

/** The resource timing entries of the service's answer: one per request the browser made. */
async function serviceEntries(page: Page): Promise<Array<{ name: string; initiatorType: string }>> {
  return page.evaluate((service) => {
    return performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname === `/api/services/${service}`)
      .map((e) => ({ name: new URL(e.name).search, initiatorType: (e as PerformanceResourceTiming).initiatorType }));
  }, SERVICE);
}

test('a service page opened directly takes the preloaded answer', async ({ page }) => {
  const response = await page.goto(`/services/${SERVICE}`);
  expect(response!.headers()['link']).toContain(`</api/services/${SERVICE}?lang=de>; rel=preload; as=fetch; crossorigin`);
  await expect(page.getByRole('heading', { level: 1, name: 'Gewerbeanmeldung' })).toBeVisible();
  // One request: the preload, which the portal's fetch took (a fetch of its own would be
  // a second entry).
  expect(await serviceEntries(page)).toEqual([{ name: '?lang=de', initiatorType: expect.any(String) }]);
});

test('in English, the service page asks for the English answer', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: /English/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto(`/services/${SERVICE}`);
  await expect(page.getByRole('heading', { level: 1, name: /Business registration|Gewerbeanmeldung/ })).toBeVisible();
  const entries = await serviceEntries(page);
  expect(entries.map((e) => e.name)).toContain('?lang=en');
});
