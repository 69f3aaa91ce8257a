// SPDX-License-Identifier: EUPL-1.2
// A server that is busy is no refusal of the citizen's answers. A real server whose portal
// sender tokens are at their ceiling (`--max-portal-sender-tokens 1`, the one token taken
// by this same network beforehand) answers the page's request for a token with 503: the
// check page says that the application could not be sent and the answers are kept, not
// that it was not accepted and the answers should be checked.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { completeGewerbeanmeldung, startGewerbeanmeldungInHeide } from './fixtures/applications';
import { startSystem, System } from './support/system';

let system: System;

test.beforeAll(async () => {
  system = await startSystem({ serveArgs: ['--max-portal-sender-tokens', '1'] });
});

test.afterAll(async () => {
  await system?.stop();
});

test('a relay at its token ceiling: "could not be sent, answers kept", not "not accepted"', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const taken = await request.post(`${system.url}/api/sender-token`);
  expect(taken.status()).toBe(200);
  const refused = await request.post(`${system.url}/api/sender-token`);
  expect(refused.status()).toBe(503);

  const context = await browser.newContext({ baseURL: system.url });
  const page = await context.newPage();
  const portal = new Portal(page);
  await startGewerbeanmeldungInHeide(portal);
  await completeGewerbeanmeldung(portal, 'Hochbetrieb');

  const asked = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/sender-token');
  await portal.submitButton().click();
  expect((await asked).status()).toBe(503);
  // Said in the check page's status region, which screen readers announce.
  const status = page.getByRole('status').filter({ hasText: 'Der Antrag konnte nicht gesendet werden. Ihre Angaben bleiben erhalten' });
  await expect(status).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Der Antrag wurde nicht angenommen')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Angaben prüfen' })).toBeVisible();
  await expect(portal.answer('Betriebsname')).toHaveText('Hochbetrieb');
  await portal.expectAccessible();
  await context.close();
});
