// SPDX-License-Identifier: EUPL-1.2
// The walking skeleton, end to end: catalogue -> service -> form with an error for an
// empty required field -> check answers -> submit -> reference number, and the
// submission really is in the database.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { answerGewA1Business, answerGewA1Owner } from './fixtures/applications';
import { queryDb } from './support/system';

test('a citizen finds Gewerbeanmeldung, fills in its form and submits it', async ({ page }) => {
  const portal = new Portal(page);
  const offsite: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(process.env.PORTAL_URL!) && !request.url().startsWith('data:')) offsite.push(request.url());
  });
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });

  await portal.openStart();
  await portal.expectAccessible();
  // Both faces load, asked for once most of the WASM has arrived (index.html; fonts.spec.ts).
  await page.waitForFunction(() => document.fonts.status === 'loaded');
  const fonts = await page.evaluate(() => {
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const wasm = entries.find((e) => e.name.endsWith('_bg.wasm'))!;
    return {
      wasmStart: wasm.responseStart,
      requests: entries.filter((e) => e.name.endsWith('.woff2')).map((e) => e.startTime),
      faces: [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Fira Sans').map((f) => `${f.weight} ${f.status}`),
    };
  });
  expect(fonts.faces.sort()).toEqual(['400 loaded', '600 loaded']);
  expect(fonts.requests).toHaveLength(2);
  for (const start of fonts.requests) expect(start).toBeGreaterThanOrEqual(fonts.wasmStart);
  await portal.openService('Gewerbeanmeldung');
  await portal.expectAccessible();
  // The competent authority depends on where the business is: the place comes first.
  await portal.choosePlace('25746', '25746 Heide');
  await expect(page.getByText('Stadt Heide')).toBeVisible();
  await portal.expectAccessible();
  await portal.start();

  // Step 1, left empty: the error summary and the inline error appear.
  await expect(page.getByText('Schritt 1 von 3')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Betrieb' })).toBeFocused();
  await portal.next().click();
  const summary = portal.errorSummary();
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  const tradeName = page.getByLabel('Name des Betriebs');
  await expect(tradeName).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-trade_name-error')).toBeVisible();
  await portal.expectAccessible();
  // The summary's first link moves focus to the first field with an error.
  await summary.getByRole('link').first().click();
  await expect(tradeName).toBeFocused();

  await tradeName.fill('Fahrradladen Möller');
  // The inline error goes as soon as the field is valid.
  await expect(page.locator('#f-trade_name-error')).toHaveCount(0);
  await page.getByLabel('Rechtsform').selectOption({ label: 'Einzelunternehmen' });
  await page.getByLabel('Angemeldete Tätigkeit').fill('Einzelhandel mit Fahrrädern und Zubehör');
  await portal.fillDate('Beginn der Tätigkeit', new Date());
  await answerGewA1Business(portal);
  await portal.next().click();

  await expect(page).toHaveURL(/\/form\/2$/);
  await expect(page.getByText('Schritt 2 von 3')).toBeVisible();
  // The step list: done steps link back, the current one is marked for screen readers.
  const steps = page.getByRole('navigation', { name: 'Schritte des Antrags' });
  await expect(steps.getByRole('link', { name: 'Betrieb' })).toHaveAttribute('href', /\/form\/1$/);
  await expect(steps.locator('[aria-current="step"]')).toHaveText('Inhaberin oder Inhaber');
  await expect(steps.getByRole('link', { name: 'Betriebsstätte' })).toHaveCount(0);
  await page.getByLabel('Vorname').fill('Jana');
  await page.getByLabel('Nachname').fill('Möller');
  await answerGewA1Owner(portal);
  await page.getByLabel('E-Mail-Adresse').fill('jana.moeller@example.org');
  await portal.next().click();

  await expect(page.getByText('Schritt 3 von 3')).toBeVisible();
  await page.getByLabel('Straße').fill('Süderstraße');
  await page.getByLabel('Hausnummer').fill('12a');
  await page.getByLabel('Postleitzahl').fill('25746');
  await page.getByLabel('Ort').fill('Heide');
  await portal.next().click();

  await expect(page.getByRole('heading', { level: 1, name: 'Angaben prüfen' })).toBeVisible();
  await expect(page.getByText('Fahrradladen Möller')).toBeVisible();
  await portal.expectAccessible();
  // "Change" goes to the field, and "Next" comes back to this page.
  await page.getByRole('link', { name: /Ändern\s+Betriebsname/ }).click();
  await expect(page.getByLabel('Name des Betriebs')).toBeFocused();
  await page.getByLabel('Name des Betriebs').fill('Fahrradladen Möller & Söhne');
  await portal.next().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Angaben prüfen' })).toBeVisible();
  await expect(page.getByText('Fahrradladen Möller & Söhne')).toBeVisible();
  await page.getByRole('button', { name: 'Antrag absenden' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Antrag gesendet' })).toBeVisible();
  const reference = (await page.getByTestId('reference').textContent())?.trim() ?? '';
  expect(reference).toMatch(/^BP-/);
  await portal.expectAccessible();

  const rows = queryDb(`SELECT reference, service_leika, form_id FROM submissions WHERE reference = '${reference.replace(/'/g, "''")}'`);
  expect(rows).toEqual([{ reference, service_leika: '99050012104000', form_id: 'gewerbeanmeldung' }]);

  expect(offsite).toEqual([]);
  expect(cspViolations).toEqual([]);
});

test('the server sends a strict Content-Security-Policy', async ({ request }) => {
  const response = await request.get('/');
  expect(response.status()).toBe(200);
  const csp = response.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toMatch(/'unsafe-eval'/);
});
