// SPDX-License-Identifier: EUPL-1.2
// A page of the portal opened directly asks the browser to preload what the portal asks
// for first (issue #21, crates/central-api/src/portal/page_data.rs): every page its
// municipality (name and look), the start page the catalogue in German, a service page
// the service's answer in German. The portal's own requests take them, so the answers are
// on their way before the portal has started. A citizen who chose English before gets the
// page in English all the same.
import { test, expect, Page } from '@playwright/test';

const SERVICE = '99050012104000';

/** The resource timing entries of `path`: one per request the browser made, by query. */
async function entries(page: Page, path: string): Promise<Array<{ name: string; initiatorType: string }>> {
  return page.evaluate((path) => {
    return performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname === path)
      .map((e) => ({ name: new URL(e.name).search, initiatorType: (e as PerformanceResourceTiming).initiatorType }));
  }, path);
}

const serviceEntries = (page: Page) => entries(page, `/api/services/${SERVICE}`);

/** The root's municipality (the test system's `serve` has no `--municipality`). */
const HOME = '010510000000';

test('a service page opened directly takes the preloaded answer', async ({ page }) => {
  const response = await page.goto(`/services/${SERVICE}`);
  expect(response!.headers()['link']).toContain(`</api/services/${SERVICE}?lang=de>; rel=preload; as=fetch; crossorigin`);
  await expect(page.getByRole('heading', { level: 1, name: 'Gewerbeanmeldung' })).toBeVisible();
  // One request: the preload, which the portal's fetch took (a fetch of its own would be
  // a second entry).
  expect(await serviceEntries(page)).toEqual([{ name: '?lang=de', initiatorType: 'link' }]);
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

for (const { path, ars } of [
  { path: '/', ars: HOME },
  { path: '/m/010510044044/', ars: '010510044044' },
]) {
  test(`the start page ${path} takes the preloaded municipality and catalogue`, async ({ page }) => {
    const response = await page.goto(path);
    const link = response!.headers()['link'];
    expect(link).toContain(`</api/municipalities/${ars}>; rel=preload; as=fetch; crossorigin`);
    expect(link).toContain(`</api/municipalities/${ars}/catalogue?lang=de&q=>; rel=preload; as=fetch; crossorigin`);
    // The catalogue is shown: its services are links to their pages.
    await expect(page.locator('main a[href*="/services/"]').first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    // One request each: the preloads, which the portal's fetches took.
    expect(await entries(page, `/api/municipalities/${ars}`)).toEqual([{ name: '', initiatorType: 'link' }]);
    expect(await entries(page, `/api/municipalities/${ars}/catalogue`)).toEqual([
      { name: '?lang=de&q=', initiatorType: 'link' },
    ]);
  });
}

test('a search on the start page asks for the catalogue again, with the text', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('main a[href*="/services/"]').first()).toBeVisible();
  await page.getByRole('searchbox').fill('Gewerbe');
  await expect(page.getByRole('link', { name: /Gewerbeanmeldung/ }).first()).toBeVisible();
  await expect
    .poll(async () => (await entries(page, `/api/municipalities/${HOME}/catalogue`)).map((e) => e.name))
    .toContain('?lang=de&q=Gewerbe');
});

test('a form page takes the preloaded municipality', async ({ page }) => {
  const response = await page.goto(`/services/${SERVICE}/form/1`);
  expect(response!.headers()['link']).toContain(`</api/municipalities/${HOME}>; rel=preload; as=fetch; crossorigin`);
  await expect(page.locator('form input').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(await entries(page, `/api/municipalities/${HOME}`)).toEqual([{ name: '', initiatorType: 'link' }]);
});

test('after a reload, the start page takes the preloads again', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('main a[href*="/services/"]').first()).toBeVisible();
  // The browser revalidates the page (304) and keeps the headers of its answer with it.
  const response = await page.reload();
  expect(response!.headers()['link']).toContain(`/catalogue?lang=de&q=>; rel=preload`);
  await expect(page.locator('main a[href*="/services/"]').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(await entries(page, `/api/municipalities/${HOME}/catalogue`)).toEqual([
    { name: '?lang=de&q=', initiatorType: 'link' },
  ]);
});
