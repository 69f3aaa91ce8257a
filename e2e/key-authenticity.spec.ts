// SPDX-License-Identifier: EUPL-1.2
// Key authenticity (issue #15): the portal encrypts only for a key the Land signed. The
// routing answer is changed on its way to the browser (page.route), as an operator of
// the relay or an attacker in it could: another key put in its place, the signature of
// another authority, a changed signature, none at all. Each time the portal says so in
// German or English, encrypts nothing and sends nothing; the unchanged answer submits.
import { test, expect, Page, Route } from '@playwright/test';
import { generateKeyPairSync } from 'node:crypto';
import { Portal } from './fixtures/portal';
import { completeGewerbeanmeldung } from './fixtures/applications';

const GEWERBE = '99050012104000';
const REFUSED_DE =
  'Ihr Antrag wurde nicht gesendet: Der Schlüssel der zuständigen Behörde ist nicht vom Land bestätigt, daher wurde nichts verschlüsselt.';
const REFUSED_EN =
  "Your application was not sent: the responsible authority's key is not confirmed by the Land, so nothing was encrypted.";

type RoutingAnswer = {
  routes: Array<{
    destinationId: string;
    destinationParameters: { encryptionKid: string; publicKeys: { keys: Array<Record<string, unknown>> } };
    destinationParametersSignature: string | null;
    authority: { id: string };
  }>;
};

/** A Gewerbeanmeldung in Heide up to its check page. */
async function fillGewerbeanmeldung(page: Page, tradeName: string) {
  const portal = new Portal(page);
  await page.goto(`/services/${GEWERBE}`);
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  await completeGewerbeanmeldung(portal, tradeName);
}

/** From now on every routing answer reaches the page changed by `change`. */
async function changeRouting(page: Page, change: (answer: RoutingAnswer) => Promise<void> | void) {
  await page.route(
    (url) => url.pathname === '/v1/routes',
    async (route: Route) => {
      const response = await route.fetch();
      const answer = (await response.json()) as RoutingAnswer;
      await change(answer);
      await route.fulfill({ response, json: answer });
    },
  );
}

/** Every request of the page's towards sending: a sender token, and anything to the
 * Submission API (creation, uploads, submission). */
function submissions(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/v1/submissions') || path === '/api/sender-token') sent.push(`${request.method()} ${request.url()}`);
  });
  return sent;
}

/** A 4096-bit RSA-OAEP-256 key of the attacker's, as a FIT-Connect JWK. */
function attackerJwk(): Record<string, unknown> {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { kty: 'RSA', kid: 'attacker-key-0001', alg: 'RSA-OAEP-256', use: 'enc', key_ops: ['wrapKey'], n, e };
}

for (const [name, change] of [
  [
    'another key in the place of the authority’s, the signature left as it was',
    (answer: RoutingAnswer) => {
      const parameters = answer.routes[0].destinationParameters;
      const jwk = attackerJwk();
      parameters.publicKeys.keys = [jwk];
      parameters.encryptionKid = jwk.kid as string;
    },
  ],
  [
    'the authority’s key with a changed modulus',
    (answer: RoutingAnswer) => {
      const jwk = answer.routes[0].destinationParameters.publicKeys.keys[0];
      jwk.n = attackerJwk().n;
    },
  ],
  [
    'a changed signature',
    (answer: RoutingAnswer) => {
      // One character of the signature's base64url changed (not the last, whose low
      // bits may be padding).
      const jws = answer.routes[0].destinationParametersSignature!;
      const at = jws.length - 10;
      answer.routes[0].destinationParametersSignature = jws.slice(0, at) + (jws[at] === 'A' ? 'B' : 'A') + jws.slice(at + 1);
    },
  ],
  [
    'no signature',
    (answer: RoutingAnswer) => {
      answer.routes[0].destinationParametersSignature = null;
    },
  ],
] as const) {
  test(`the portal refuses a routing answer with ${name} and sends nothing`, async ({ page }) => {
    await fillGewerbeanmeldung(page, `Schlüsseltest ${Date.now()}`);
    const sent = submissions(page);
    await changeRouting(page, change);
    await page.getByRole('button', { name: 'Antrag absenden' }).click();
    await expect(page.getByText(REFUSED_DE)).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Angaben prüfen' })).toBeVisible();
    expect(sent).toEqual([]);
  });
}

test('a key signed for another authority is refused, in English too; the genuine answer then submits', async ({ page, request }) => {
  // The Land's genuine signature of another authority's parameters (the Amt's key).
  const other = (await (await request.get(`/v1/routes?leikaKey=${GEWERBE}&ars=010515172048`)).json()) as RoutingAnswer;
  expect(other.routes[0].authority.id).toBe('amt-heider-umland');
  await fillGewerbeanmeldung(page, `Fremdschlüssel ${Date.now()}`);
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  const sent = submissions(page);
  await changeRouting(page, (answer) => {
    // Everything the Amt's signature covers, under the town's name.
    answer.routes[0].destinationParameters = other.routes[0].destinationParameters;
    answer.routes[0].destinationParametersSignature = other.routes[0].destinationParametersSignature;
  });
  await page.getByRole('button', { name: 'Submit application' }).click();
  await expect(page.getByText(REFUSED_EN)).toBeVisible();
  expect(sent).toEqual([]);

  // Routing as the relay sent it: the same answers are encrypted and submitted.
  await page.unrouteAll({ behavior: 'wait' });
  await page.getByRole('button', { name: 'Submit application' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Application submitted' })).toBeVisible({ timeout: 15_000 });
  expect(sent.filter((r) => r.startsWith('POST ')).map((r) => new URL(r.slice(5)).pathname)).toContain('/v1/submissions');
  expect(sent.filter((r) => r.startsWith('PUT ')).length).toBeGreaterThanOrEqual(1);
});
