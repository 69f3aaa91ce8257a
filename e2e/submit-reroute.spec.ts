// SPDX-License-Identifier: EUPL-1.2
// Issue #19, item 2: a refusal that concerns no question the citizen answered. Between
// the portal asking routing and its submission arriving, the authority's key is rotated
// (as an operator does: the authority made a new pair, the operator registers it, the
// Land signs it). The Submission API refuses the submission encrypted for the old key
// (`PUT /v1/submissions/{id}`: 422, `wrong_key`); the portal asks routing again, encrypts
// anew for the new key and sends, without troubling the citizen. A real server of its own, so that the rotation
// touches no other test.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Portal } from './fixtures/portal';
import { completeGewerbeanmeldung } from './fixtures/applications';
import { CENTRAL_API, LAND_KEY, queryDb, startSystem, System } from './support/system';

const AUTHORITY = 'stadt-heide-ordnung';

let system: System;

test.beforeAll(async () => {
  system = await startSystem();
});

test.afterAll(async () => {
  await system?.stop();
});

/** The authority's side and the operator's, by the commands they run. Returns the new kid. */
function rotateKey(dbPath: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'bp-rotate-'));
  execFileSync(CENTRAL_API, ['authority', 'keygen', '--authority', AUTHORITY, '--out', folder], { stdio: 'ignore' });
  const jwk = readdirSync(folder).find((f) => f.endsWith('.jwk.json'))!;
  execFileSync(CENTRAL_API, ['authority', 'rotate', '--db', dbPath, '--authority', AUTHORITY, '--jwk', join(folder, jwk)], { stdio: 'ignore' });
  execFileSync(CENTRAL_API, ['land', 'sign', '--key', LAND_KEY, '--db', dbPath], { stdio: 'ignore' });
  return jwk.slice(AUTHORITY.length + 1, -'.jwk.json'.length);
}

test('a key rotated while the application is on its way: the portal routes again and sends, unasked', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ baseURL: system.url });
  const page = await context.newPage();
  const portal = new Portal(page);
  const tradeName = `Schlüsselwechsel ${Date.now()}`;
  await page.goto('/services/99050012104000');
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  await completeGewerbeanmeldung(portal, tradeName);

  // The creation is held while the operator rotates the key: the submission is created
  // for the new key, but what the portal encrypted (when it asked routing) is for the old.
  let created = 0;
  let newKid = '';
  await page.route(/\/v1\/submissions(\?.*)?$/, async (route) => {
    if (route.request().method() === 'POST' && created++ === 0) newKid = rotateKey(system.dbPath);
    await route.continue();
  });
  const submitted: Array<{ kid: string; status: number }> = [];
  await page.route(/\/v1\/submissions\/[^/]+$/, async (route) => {
    const request = route.request();
    if (request.method() !== 'PUT') return route.continue();
    const metadata: string = JSON.parse(request.postData() ?? '{}').encryptedMetadata ?? '';
    const kid = JSON.parse(Buffer.from(metadata.split('.')[0], 'base64url').toString('utf8')).kid ?? '';
    const response = await route.fetch();
    submitted.push({ kid, status: response.status() });
    await route.fulfill({ response });
  });
  await portal.submitButton().click();
  const reference = await portal.expectReceipt();

  expect(created).toBe(2);
  expect(submitted).toHaveLength(2);
  expect(submitted[0].status).toBe(422);
  expect(submitted[0].kid).not.toBe(newKid);
  expect(submitted[1]).toEqual({ kid: newKid, status: 202 });
  // Stored once, for the new key; no error was shown on the way.
  const rows = queryDb(`SELECT reference, kid, authority_id FROM submissions WHERE status <> 'draft'`, system.dbPath);
  expect(rows).toEqual([{ reference, kid: newKid, authority_id: AUTHORITY }]);
  await context.close();
});
