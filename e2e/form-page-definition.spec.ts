// SPDX-License-Identifier: EUPL-1.2
// A form page opened directly carries its service's definition (issue #21,
// crates/central-api/src/portal/page_data.rs): the step shows without a request for it.
// The portal takes it out of the page at once; a form opened within the portal, or a form
// page brought back by the browser's Back, fetches the definition as before.
import { test, expect, Page, Request } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { DEFINITION_BLOCK } from './fixtures/definitions';

const SERVICE = '99050012104000';
const FORM = `/services/${SERVICE}/form`;

/** The requests for the service's definition from now on. */
function definitionRequests(page: Page): Request[] {
  const asked: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === `/api/services/${SERVICE}/definition`) asked.push(request);
  });
  return asked;
}

test('a form page opened directly or reloaded shows its step from the definition it carries', async ({ page }) => {
  const portal = new Portal(page);
  const asked = definitionRequests(page);
  const response = await page.goto(`${FORM}/1`);
  // What the server sent has the block; the portal took it out and asked for nothing.
  expect(await response!.text()).toMatch(DEFINITION_BLOCK);
  await portal.expectStep(1, 3, 'Betrieb');
  await expect(page.getByLabel('Name des Betriebs')).toBeVisible();
  await expect(page.locator('#bp-definition')).toHaveCount(0);
  expect(asked).toHaveLength(0);
  await portal.expectAccessible();

  // Typed, then reloaded: the page carries the definition again, and the draft is there.
  await page.getByLabel('Name des Betriebs').fill('Tischlerei Jensen');
  await page.getByLabel('Name des Betriebs').blur();
  await page.waitForTimeout(600); // the draft is written 400 ms after the last change
  await page.reload();
  await portal.expectStep(1, 3, 'Betrieb');
  await expect(page.getByLabel('Name des Betriebs')).toHaveValue('Tischlerei Jensen');
  expect(asked).toHaveLength(0);
});

test('a form page the browser brings back with Back fetches its definition', async ({ page }) => {
  // Back may take the page from the browser's cache, with the definition of then: the
  // portal asks the API instead (Playwright's Chromium runs without the back/forward
  // cache, so the page is loaded again, not restored).
  const portal = new Portal(page);
  const asked = definitionRequests(page);
  await page.goto(`${FORM}/1`);
  await portal.expectStep(1, 3, 'Betrieb');
  expect(asked).toHaveLength(0);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goBack();
  await portal.expectStep(1, 3, 'Betrieb');
  expect(asked).toHaveLength(1);
  await expect(page.locator('#bp-definition')).toHaveCount(0);
});

/** Gewerbeanmeldung's service page, reached from the start page with Heide chosen, once
 * it has asked for the form's definition: a second after it is shown (src/form/mod.rs,
 * prepare_start). */
async function serviceReadAWhile(page: Page) {
  const portal = new Portal(page);
  const asked = definitionRequests(page);
  await portal.openStart();
  await portal.openService('Gewerbeanmeldung');
  await portal.choosePlace('25746', '25746 Heide');
  await expect.poll(() => asked.length, { timeout: 10_000 }).toBe(1);
  return { portal, asked };
}

test('a form opened within the portal fetches its definition, which its service page asked for while it was read', async ({ page }) => {
  const { portal, asked } = await serviceReadAWhile(page);
  await portal.start();
  await portal.expectStep(1, 3, 'Betrieb');
  // The form's own request (revalidated: the API sends it no-cache with an ETag).
  expect(asked).toHaveLength(2);
  await portal.expectAccessible();
});

test('a definition changed after the service page asked for it is the one the form shows', async ({ page }) => {
  const { portal, asked } = await serviceReadAWhile(page);
  // Now the API answers with a new one (routed here, so the browser's cache has no part
  // in it): "start" must show it, not the one the service page brought.
  await page.route(`**/api/services/${SERVICE}/definition`, async (route) => {
    const response = await route.fetch();
    const definition = await response.json();
    const field = definition.steps[0].sections
      .flatMap((section: { fields: Array<{ id: string; label: Record<string, string> }> }) => section.fields)
      .find((f: { id: string }) => f.id === 'trade_name');
    field.label.de = 'Name des Betriebs (neu)';
    await route.fulfill({ status: 200, json: definition, headers: { etag: '"changed-in-the-test"', 'cache-control': 'no-cache' } });
  });
  await portal.start();
  await portal.expectStep(1, 3, 'Betrieb');
  await expect(page.getByLabel('Name des Betriebs (neu)')).toBeVisible();
  expect(asked).toHaveLength(2);
});
