// SPDX-License-Identifier: EUPL-1.2
// Issue #21: the check page and the receipt come from a WASM chunk of their own
// (src/later_pages.rs), which the path to a form step does not load. When it cannot be
// loaded the citizen is told so, nothing typed is lost, and the next visit of the page
// loads it.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { answerGewerbePremises, gewerbeanmeldungUpToPremises } from './fixtures/applications';

const CHUNK = /_split_later_pages-[0-9a-f]+\.wasm$/;
const LOADER = /_split-[0-9a-f]+\.js$/;

test('the path to a form step does not load the chunk; without it the check page says so, and loads it on the next visit', async ({ page }) => {
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
  await expect(page.getByRole('alert')).toHaveText('Keine Verbindung. Prüfen Sie Ihre Internetverbindung.');
  await expect(page.getByRole('heading', { level: 1, name: 'Angaben prüfen' })).toHaveCount(0);
  await portal.expectAccessible();

  // The connection is back: Back to the last step (the browser's own), the answers are
  // there, and the check page comes with the chunk.
  await page.unroute(CHUNK);
  await page.goBack();
  await portal.expectStep(3, 3, 'Betriebsstätte');
  await expect(page.getByLabel('Straße')).toHaveValue('Süderstraße');
  await portal.continue();
  await portal.expectCheckPage();
  await expect(portal.answer('Betriebsname')).toHaveText(tradeName);
  expect(chunkRequests.length).toBeGreaterThan(1);
  expect(caching.get('loader')).toContain('immutable');
  expect(caching.get('chunk')).toContain('immutable');
  await portal.expectAccessible();
});
