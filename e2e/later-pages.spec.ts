// SPDX-License-Identifier: EUPL-1.2
// Issue #21: the check page and the receipt come from a WASM chunk of their own
// (src/later_pages.rs), which the path to a form step does not load. When it cannot be
// loaded the citizen is told so on a page of its own and can try again, nothing typed is
// lost, and a chunk a deployment removed is a 404, not the portal's index.html.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { answerGewerbePremises, gewerbeanmeldungUpToPremises } from './fixtures/applications';

const CHUNK = /_split_later_pages-[0-9a-f]+\.wasm$/;
const LOADER = /_split-[0-9a-f]+\.js$/;

test('the path to a form step does not load the chunk; without it a page says so and tries again, keeping the answers', async ({ page }) => {
  const portal = new Portal(page);
  const chunkRequests: string[] = [];
  page.on('request', (request) => {
    if (CHUNK.test(new URL(request.url()).pathname)) chunkRequests.push(request.url());
  });
  // The chunk and its loader are named by their build's hash: cached for good, so that a
  // return visit asks for neither again.
  const caching = new Map<string, string>();
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (response.ok() && (CHUNK.test(path) || LOADER.test(path))) {
      caching.set(CHUNK.test(path) ? 'chunk' : 'loader', response.headers()['cache-control'] ?? '');
    }
  });
  await page.goto('/services/99050012104000');
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  await expect(page.getByText('Schritt 1 von 3')).toBeVisible();
  expect(chunkRequests).toEqual([]);

  // The network fails for the chunk only.
  await page.route(CHUNK, (route) => route.abort('internetdisconnected'));
  const tradeName = `Chunk ${Date.now()}`;
  await gewerbeanmeldungUpToPremises(portal, tradeName);
  await answerGewerbePremises(portal);
  await portal.continue();
  // A page of its own, and a way to try again, which brings the check page, answers and
  // all, once the connection is back; nothing of the check page before.
  await expect(page.getByRole('heading', { level: 1, name: 'Diese Seite konnte nicht geladen werden' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Angaben prüfen' })).toHaveCount(0);
  // The title says so too, not "loading" (what it said while the chunk was asked for).
  await expect(page).toHaveTitle(/^Diese Seite konnte nicht geladen werden – /);
  await portal.expectChunkNotLoadedThenRetry(CHUNK, () => chunkRequests.length);
  await portal.expectCheckPage();
  await expect(portal.answer('Betriebsname')).toHaveText(tradeName);
  await portal.expectAccessible();

  // The browser's own Back: the last step with its answers; the check page again, from
  // the chunk already there.
  const requestsLoaded = chunkRequests.length;
  await page.goBack();
  await portal.expectStep(3, 3, 'Betriebsstätte');
  await expect(page.getByLabel('Straße')).toHaveValue('Süderstraße');
  await portal.continue();
  await portal.expectCheckPage();
  expect(chunkRequests.length).toBe(requestsLoaded);
  expect(chunkRequests.length).toBeGreaterThan(1);
  expect(caching.get('loader')).toContain('immutable');
  expect(caching.get('chunk')).toContain('immutable');
  await portal.expectAccessible();
});

test('a chunk of another build (removed by a deployment) is a 404, not the portal page', async ({ page }) => {
  const response = await page.request.get('/buergerportal_split_later_pages-0123456789abcdef.wasm');
  expect(response.status()).toBe(404);
  expect(response.headers()['content-type'] ?? '').not.toContain('text/html');
  expect(response.headers()['cache-control']).toBe('no-cache');
});
