// SPDX-License-Identifier: EUPL-1.2
// The web fonts are asked for once the WASM has arrived (index.html's script), not
// preloaded beside it (on a slow line they would share it with the WASM and hold back the
// first input) and not only when the app lays out its first text.
import { test, expect } from '@playwright/test';

test('the two faces are asked for when the WASM has arrived, before the app shows any text', async ({ page }) => {
  // The app never starts: its JavaScript module does not load. The WASM still arrives
  // (the page preloads it), so only index.html's script can ask for the fonts.
  await page.route(/\/buergerportal-[0-9a-f]+\.js$/, (route) => route.abort());
  const fontRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.woff2')) fontRequests.push(new URL(request.url()).pathname);
  });
  await page.goto('/');
  await page.waitForFunction(() => document.fonts.status === 'loaded' && performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.woff2')).length === 2, null, { timeout: 20_000 });
  const timing = await page.evaluate(() => {
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const wasm = entries.find((e) => e.name.endsWith('_bg.wasm'));
    return {
      wasmEnd: wasm?.responseEnd ?? null,
      fonts: entries.filter((e) => e.name.endsWith('.woff2')).map((e) => e.startTime),
      faces: [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Fira Sans').map((f) => `${f.weight} ${f.status}`),
      text: document.body.innerText.trim(),
    };
  });
  expect(timing.text).toBe('');
  expect(fontRequests.sort()).toEqual(['/fonts/FiraSans-Regular.woff2', '/fonts/FiraSans-SemiBold.woff2']);
  expect(timing.faces.sort()).toEqual(['400 loaded', '600 loaded']);
  expect(timing.wasmEnd).not.toBeNull();
  for (const start of timing.fonts) expect(start).toBeGreaterThanOrEqual(timing.wasmEnd!);
});
