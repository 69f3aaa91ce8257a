// SPDX-License-Identifier: EUPL-1.2
// The connection drops after the server stored the application but before the answer
// arrived: the portal retries with the same idempotency key, tells the citizen, and the
// database still holds exactly one submission.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { queryDb } from './support/system';
import { answerGewA1Business, answerGewA1Owner, completeGewerbeanmeldung } from './fixtures/applications';

test('a lost answer at submit is retried without creating a duplicate', async ({ page }) => {
  const portal = new Portal(page);
  const tradeName = `Retry-Test ${Date.now()}`;
  await page.goto('/services/99050012104000/form/1');
  await page.getByLabel('Name des Betriebs').fill(tradeName);
  await page.getByLabel('Rechtsform').selectOption({ label: 'Einzelunternehmen' });
  await page.getByLabel('Angemeldete Tätigkeit').fill('Reparatur von Fahrrädern');
  await portal.fillDate('Beginn der Tätigkeit', new Date());
  await answerGewA1Business(portal);
  await portal.next().click();
  await page.getByLabel('Vorname').fill('Ole');
  await page.getByLabel('Nachname').fill('Petersen');
  await answerGewA1Owner(portal);
  await page.getByLabel('E-Mail-Adresse').fill('ole@example.org');
  await portal.next().click();
  await page.getByLabel('Straße').fill('Am Hafen');
  await page.getByLabel('Hausnummer').fill('7');
  await page.getByLabel('Postleitzahl').fill('25541');
  await page.getByLabel('Ort').fill('Brunsbüttel');
  await portal.chooseMunicipality('Gemeinde der Betriebsstätte', '25541', '25541 Brunsbüttel');
  await portal.next().click();

  const keys: string[] = [];
  let dropped = false;
  // The creation, POST /v1/submissions (FIT-Connect's Submission API).
  await page.route(/\/v1\/submissions(\?.*)?$/, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    if (!dropped) {
      dropped = true;
      await route.fetch(); // the server receives and stores it ...
      await route.abort('internetdisconnected'); // ... but the answer never arrives
      return;
    }
    await route.continue();
  });

  await page.getByRole('button', { name: 'Antrag absenden' }).click();
  await expect(page.getByText('Die Verbindung ist unterbrochen. Wir versuchen es erneut')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Antrag gesendet' })).toBeVisible({ timeout: 15_000 });
  const reference = (await page.getByTestId('reference').textContent())?.trim() ?? '';

  expect(keys.length).toBeGreaterThanOrEqual(2);
  expect(new Set(keys).size).toBe(1);
  // The answers are encrypted (issue #8): the one row is found by its idempotency key,
  // which the API keeps behind the sending client's id (`<client>:<key>`).
  const key = keys[0].replace(/'/g, "''");
  const rows = queryDb(
    `SELECT reference FROM submissions WHERE idempotency_key = '${key}' OR substr(idempotency_key, -${key.length + 1}) = ':${key}'`,
  );
  expect(rows).toEqual([{ reference }]);
});

test('answers changed after a send that got no answer go under a new key, not into a 409', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/services/99050012104000/form/1');
  await completeGewerbeanmeldung(portal, `Changed-Test ${Date.now()}`);

  // Every answer is lost (the server stores the first and answers the retries) until
  // the portal gives up.
  const keys: string[] = [];
  let connected = false;
  // The creation, POST /v1/submissions (FIT-Connect's Submission API).
  await page.route(/\/v1\/submissions(\?.*)?$/, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    if (!connected) {
      await route.fetch();
      await route.abort('internetdisconnected');
      return;
    }
    await route.continue();
  });
  await page.getByRole('button', { name: 'Antrag absenden' }).click();
  await expect(page.getByText('Der Antrag konnte nicht gesendet werden.')).toBeVisible({ timeout: 30_000 });
  const firstKey = keys[0];

  // The citizen corrects the house number, and the connection is back.
  connected = true;
  // (In the page, not by a reload: the tab's key and sealed answers are what matter.)
  await portal.changeLink('Hausnummer').click();
  await page.getByLabel('Hausnummer').fill('9');
  await portal.continue();
  await portal.expectCheckPage();
  await page.getByRole('button', { name: 'Antrag absenden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Antrag gesendet' })).toBeVisible({ timeout: 15_000 });
  const lastKey = keys[keys.length - 1];
  expect(lastKey).not.toBe(firstKey);
  expect(keys.filter((key) => key === lastKey)).toHaveLength(1);
});
