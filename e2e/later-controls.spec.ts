// SPDX-License-Identifier: EUPL-1.2
// Issue #21: the controls of the field types real forms ask for late, if at all
// (repeatable group, file, date and time), come from a WASM chunk of their own
// (src/form/controls/later.rs). A step without them shows without the chunk, which is then
// fetched for a next step that needs it; a form page whose step needs it preloads it; a
// step with them waits for it; when it cannot be loaded the citizen is told so and can try
// again, nothing typed lost.
import { test, expect, Page } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { answerGewA1Business, gewerbeanmeldungUpToPremises } from './fixtures/applications';
import { serveDefinitionWith } from './fixtures/definitions';

const CHUNK = /_split_later_controls-[0-9a-f]+\.wasm$/;

function chunkRequests(page: Page): string[] {
  const requests: string[] = [];
  page.on('request', (request) => {
    if (CHUNK.test(new URL(request.url()).pathname)) requests.push(request.url());
  });
  return requests;
}

/** Gewerbeanmeldung with the owner's date of birth (step 2) asked as a date and time:
 * step 1 has no field of the chunk's types, step 2 has one. */
async function serveWithDateTimeOnStep2(page: Page) {
  await serveDefinitionWith(page, 'gewerbeanmeldung', 1, 'birth_date', { type: 'datetime', max: undefined, messages: undefined });
}

async function answerStep1(portal: Portal, tradeName: string) {
  const page = portal.page;
  await page.getByLabel('Name des Betriebs').fill(tradeName);
  await page.getByLabel('Rechtsform').selectOption({ label: 'Einzelunternehmen' });
  await page.getByLabel('Angemeldete Tätigkeit').fill('Einzelhandel mit Fahrrädern');
  await portal.fillDate('Beginn der Tätigkeit', new Date());
  await answerGewA1Business(portal);
}

test('a step without such fields shows without the chunk; the next step has it fetched and shows at once', async ({ page }) => {
  const portal = new Portal(page);
  const requests = chunkRequests(page);
  // Counts every "loading" the page shows, before and after "Next", and marks when the
  // first step's first input is there.
  await page.addInitScript(() => {
    const w = window as any;
    w.loadingShown = 0;
    new MutationObserver((records) => {
      if (w.firstInput === undefined && document.querySelector('form input')) w.firstInput = performance.now();
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node instanceof Element && node.matches('[role=status]') && node.textContent?.startsWith('Wird geladen')) {
            w.loadingShown += 1;
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const loadingShown = () => page.evaluate(() => (window as any).loadingShown as number);
  await serveWithDateTimeOnStep2(page);
  await page.goto('/services/99050012104000/form/1');
  await portal.expectStep(1, 3, 'Betrieb');
  await expect(page.getByLabel('Name des Betriebs')).toBeVisible();
  // Asked for a second after the step was shown, not on the way to it.
  await expect.poll(() => requests.length, { timeout: 10_000 }).toBe(1);
  // The request event comes when the fetch starts; the resource timing entry only when its
  // response has ended, so wait for the entry rather than read it at once.
  const chunkStart = () =>
    page.evaluate(() => {
      const chunk = performance.getEntriesByType('resource').find((e) => /_split_later_controls-/.test(e.name));
      return chunk ? chunk.startTime : null;
    });
  await expect.poll(chunkStart, { timeout: 10_000 }).not.toBeNull();
  const asked = (await chunkStart())! - (await page.evaluate(() => (window as any).firstInput as number));
  // (About 1,000 ms; the first input's mark may come a little late on a loaded machine,
  // while a fetch on the way to the step would come before it.)
  expect(asked).toBeGreaterThanOrEqual(500);

  await answerStep1(portal, 'Chunk und Söhne');
  const loadingBefore = await loadingShown();
  await portal.continue();
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');
  await expect(portal.group('Geburtsdatum').getByLabel('Uhrzeit (hh:mm)', { exact: true })).toBeVisible();
  // No "loading" between the steps: the chunk was there.
  expect(await loadingShown()).toBe(loadingBefore);
  expect(requests).toHaveLength(1);
  await portal.expectAccessible();
});

test('a form without such fields never loads the chunk', async ({ page }) => {
  const portal = new Portal(page);
  const requests = chunkRequests(page);
  const checkPageChunk: string[] = [];
  page.on('request', (request) => {
    if (/_split_later_pages-[0-9a-f]+\.wasm$/.test(new URL(request.url()).pathname)) checkPageChunk.push(request.url());
  });
  await page.goto('/services/99050012104000/form/1');
  await gewerbeanmeldungUpToPremises(portal, 'Ohne Chunk');
  // The last step has the check page's chunk fetched a second after it was shown, as it
  // would the controls' chunk for a step that needed it: by then the controls' chunk
  // would have been asked for.
  await expect.poll(() => checkPageChunk.length, { timeout: 10_000 }).toBe(1);
  expect(requests).toEqual([]);
});

test('a form page whose step has such a field preloads the chunk, which the portal takes', async ({ page }) => {
  const portal = new Portal(page);
  const requests = chunkRequests(page);
  // Asbest's first step ends with a repeatable group; its second has none.
  await page.goto('/services/99116002000000/form/1');
  await expect(page.getByText('Schritt 1 von 13')).toBeVisible();
  await expect(portal.group('Anschriftzeile')).toBeVisible();
  // One request, started by the page's link (the API knows the step from the address),
  // and taken by the portal's own fetch of the chunk.
  expect(requests).toHaveLength(1);
  const initiators = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => /_split_later_controls-/.test(e.name))
      .map((e) => e.initiatorType),
  );
  expect(initiators).toEqual(['link']);
  await portal.expectAccessible();
  const preloads = async (step: number) =>
    /rel="preload"[^>]*_split_later_controls-/.test(await (await page.request.get(`/services/99116002000000/form/${step}`)).text());
  expect(await preloads(1)).toBe(true);
  expect(await preloads(2)).toBe(false);
});

test('a service page whose form starts with such a field has the chunk fetched while it is read', async ({ page }) => {
  const portal = new Portal(page);
  const requests = chunkRequests(page);
  await page.goto('/services/99116002000000');
  const start = page.getByRole('link', { name: 'Antrag starten' });
  if (!(await start.isVisible({ timeout: 10_000 }).catch(() => false))) await portal.choosePlace('25746', '25746 Heide');
  await expect(start).toBeVisible();
  await expect.poll(() => requests.length, { timeout: 10_000 }).toBe(1);
  await portal.start();
  await expect(page.getByText('Schritt 1 von 13')).toBeVisible();
  await expect(portal.group('Anschriftzeile')).toBeVisible();
  expect(requests).toHaveLength(1);
});

test('a step with such a field waits for the chunk; without it a page says so and tries again, keeping the answers', async ({ page }) => {
  const portal = new Portal(page);
  const requests = chunkRequests(page);
  // The network fails for the chunk only.
  await page.route(CHUNK, (route) => route.abort('internetdisconnected'));
  await serveWithDateTimeOnStep2(page);
  await page.goto('/services/99050012104000/form/1');
  await portal.expectStep(1, 3, 'Betrieb');
  await answerStep1(portal, 'Ohne Netz');
  await portal.pressNext();
  // A page of its own, and a way to try again; once the connection is back, the step.
  await portal.expectChunkNotLoadedThenRetry(CHUNK, () => requests.length);
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');
  await expect(portal.group('Geburtsdatum').getByLabel('Uhrzeit (hh:mm)', { exact: true })).toBeVisible();
  await portal.expectAccessible();
  // The browser's own Back: step 1 with its answers.
  await page.goBack();
  await portal.expectStep(1, 3, 'Betrieb');
  await expect(page.getByLabel('Name des Betriebs')).toHaveValue('Ohne Netz');
});

test('a chunk of another build (removed by a deployment) is a 404, not the portal page', async ({ page }) => {
  const response = await page.request.get('/buergerportal_split_later_controls-0123456789abcdef.wasm');
  expect(response.status()).toBe(404);
  expect(response.headers()['cache-control']).toBe('no-cache');
});
