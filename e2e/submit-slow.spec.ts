// SPDX-License-Identifier: EUPL-1.2
// A line too slow for the relay's pace is no refusal of the citizen's answers. The relay
// gives up a body that falls behind its pace with 408 (crates/central-api/tests/hostile.rs
// proves that with a real trickling client; Chromium's DevTools upload throttling cannot
// stand in for one: its request hangs when the server answers before the body is
// through). Here the relay's 408 is given to the page's creation request: the portal sends
// it again by itself, then says that it could not be sent and the answers are kept, not
// that it was not accepted; with the line back, the same button sends it.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { completeGewerbeanmeldung } from './fixtures/applications';

const TOO_SLOW = {
  type: 'about:blank',
  title: 'Request Timeout',
  status: 408,
  detail: "The request's body arrived slower than 16384 bytes a second (counted after the first 10 s).",
};

test('a body too slow for the relay: sent again, then "could not be sent, answers kept"; sent once the line is back', async ({ page }) => {
  test.setTimeout(120_000);
  const portal = new Portal(page);
  await page.goto('/services/99050012104000');
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  await completeGewerbeanmeldung(portal, `Langsame Leitung ${Date.now()}`);

  let slow = true;
  const keys: string[] = [];
  // The creation, POST /v1/submissions (FIT-Connect's Submission API).
  await page.route(/\/v1\/submissions(\?.*)?$/, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    if (!slow) return route.continue();
    await route.fulfill({ status: 408, contentType: 'application/problem+json', body: JSON.stringify(TOO_SLOW) });
  });
  await portal.submitButton().click();
  await expect(page.getByText('Die Verbindung ist unterbrochen. Wir versuchen es erneut')).toBeVisible();
  const status = page.getByRole('status').filter({ hasText: 'Der Antrag konnte nicht gesendet werden. Ihre Angaben bleiben erhalten' });
  await expect(status).toBeVisible({ timeout: 30_000 });
  // Tried more than once, always as the same request (one idempotency key).
  expect(keys.length).toBeGreaterThan(1);
  expect(new Set(keys).size).toBe(1);
  await expect(page.getByText('Der Antrag wurde nicht angenommen')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Angaben prüfen' })).toBeVisible();
  await portal.expectAccessible();

  // The line is back: the same button sends the same answers.
  slow = false;
  await portal.submitButton().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Antrag gesendet' })).toBeVisible({ timeout: 30_000 });
  expect(new Set(keys).size).toBe(1);
});
