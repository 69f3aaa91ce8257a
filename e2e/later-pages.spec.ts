// SPDX-License-Identifier: EUPL-1.2
// Issue #21: the check page and the receipt come from a WASM chunk of their own
// (src/later_pages.rs), which the path to a form step does not load. When it cannot be
// loaded the citizen is told so, nothing typed is lost, and the next visit of the page
// loads it.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { answerGewerbePremises, gewerbeanmeldungUpToPremises } from './fixtures/applications';

const CHUNK = /-split_later_pages\.wasm$/;

test('the path to a form step does not load the chunk; without it the check page says so, and loads it on the next visit', async ({ page }) => {
  const portal = new Portal(page);
  const chunkRequests: string[] = [];
  page.on('request', (request) => {
    if (CHUNK.test(new URL(request.url()).pathname)) chunkRequests.push(request.url());
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
  await portal.expectAccessible();
});
