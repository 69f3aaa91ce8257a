// SPDX-License-Identifier: EUPL-1.2
// The web fonts are asked for by index.html's script when most of the WASM has arrived:
// not preloaded beside it (on a slow line they would share it with the WASM and hold back
// the first input), not after it (they came about 300 ms after the first input on the
// phone profile), and not only when the app lays out its first text.
import { test, expect, Page } from '@playwright/test';

type Timing = {
  wasm: { count: number; start: number; responseStart: number; end: number };
  fonts: { start: number; end: number }[];
  faces: string[];
};

async function timing(page: Page): Promise<Timing> {
  await page.waitForFunction(
    () => document.fonts.status === 'loaded' && performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.woff2')).length === 2,
    null,
    { timeout: 30_000 },
  );
  return page.evaluate(() => {
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const wasm = entries.filter((e) => e.name.endsWith('_bg.wasm'));
    return {
      wasm: { count: wasm.length, start: wasm[0]?.startTime ?? -1, responseStart: wasm[0]?.responseStart ?? -1, end: wasm[0]?.responseEnd ?? -1 },
      fonts: entries.filter((e) => e.name.endsWith('.woff2')).map((e) => ({ start: e.startTime, end: e.responseEnd })),
      faces: [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Fira Sans').map((f) => `${f.weight} ${f.status}`),
    };
  });
}

test('the two faces are asked for by the page itself, before the app shows any text', async ({ page }) => {
  // The app never starts: its JavaScript module does not load. The WASM still arrives
  // (index.html's script fetches it), so only that script can ask for the fonts: the page
  // shows nothing but index.html's own "could not be loaded", in the system's font.
  await page.route(/\/buergerportal-[0-9a-f]+\.js$/, (route) => route.abort());
  const fontRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.woff2')) fontRequests.push(new URL(request.url()).pathname);
  });
  await page.goto('/');
  const t = await timing(page);
  await expect(page.getByRole('alert')).toContainText('konnte nicht geladen werden');
  const apart = await page.evaluate(() =>
    document.body.innerText.replace((document.querySelector('.load-failed') as HTMLElement).innerText, '').trim(),
  );
  expect(apart).toBe('');
  expect(fontRequests.sort()).toEqual(['/fonts/FiraSans-Regular.woff2', '/fonts/FiraSans-SemiBold.woff2']);
  expect(t.faces.sort()).toEqual(['400 loaded', '600 loaded']);
  expect(t.wasm.count).toBe(1);
  for (const font of t.fonts) expect(font.start).toBeGreaterThanOrEqual(t.wasm.responseStart);
});

test('on a slow line the faces are asked for during the last part of the WASM’s download', async ({ page, context }) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // 800 kbit/s: the WASM (about 200 KB as sent) takes about two seconds.
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 100_000, uploadThroughput: 100_000 });
  const wasmRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('_bg.wasm')) wasmRequests.push(request.url());
  });
  await page.goto('/services/99050012104000/form/1', { timeout: 60_000 });
  const t = await timing(page);
  await expect(page.locator('form input').first()).toBeVisible({ timeout: 30_000 });
  expect(t.faces.sort()).toEqual(['400 loaded', '600 loaded']);
  // One download of the module: the app's loader took the script's fetch.
  expect(wasmRequests).toHaveLength(1);
  expect(t.wasm.count).toBe(1);
  expect(t.fonts).toHaveLength(2);
  const transfer = t.wasm.end - t.wasm.responseStart;
  expect(transfer).toBeGreaterThan(1000);
  for (const font of t.fonts) {
    // Not beside the WASM from the start (that held the first input back) …
    expect(font.start).toBeGreaterThan(t.wasm.responseStart + transfer / 2);
    // … and not after it (then they came after the first input).
    expect(font.start).toBeLessThan(t.wasm.end);
  }
});
