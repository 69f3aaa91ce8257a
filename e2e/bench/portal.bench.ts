// SPDX-License-Identifier: EUPL-1.2
// The portal benchmark in Chromium against the real system (scripts/bench.sh). Timings
// are taken inside the page with performance.now(), event time stamps and
// MutationObservers (nothing is added to the portal itself); every figure is the median
// of BENCH_RUNS runs (default 7) after one discarded warm-up run. Results go to
// BENCH_OUT as JSON; e2e/bench/report.mjs prints them.
import { test, expect, Page, BrowserContext } from '@playwright/test';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadavg } from 'node:os';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { FormPlan, fillStep1 } from './form-plan';

/** gzip -9 as scripts/size-check.sh computes it (GNU gzip; zlib's where it is missing). */
function gzipSize(raw: Buffer): number {
  try {
    return execFileSync('gzip', ['-9', '-n', '-c'], { input: raw, maxBuffer: 64 << 20 }).length;
  } catch {
    return gzipSync(raw, { level: 9 }).length;
  }
}

const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 7));
const OUT = process.env.BENCH_OUT ?? 'target/bench/results.json';
const PLAN_FILE = process.env.BENCH_PLAN ?? 'target/bench/extra/plan.json';

const plan: Record<string, FormPlan> = JSON.parse(readFileSync(PLAN_FILE, 'utf8'));

// Gewerbeanmeldung (demo data) for the citizen path; the generated forms for the rest.
const DEMO_SERVICE = '99050012104000';
const MULTI_SERVICE = '99999000000300'; // bench-300: 10 steps of 30 fields
const SINGLE_SERVICE = '99999000000301'; // bench-300-single: 300 fields on one step
const MULTI = plan['bench-300'];
const SINGLE = plan['bench-300-single'];

test.describe.configure({ mode: 'serial' });

// The machine's load when each measurement starts (other builds share the two cores).
test.beforeEach(async ({ browser }, info) => {
  const all = existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')) : {};
  record('load_average_1min', { ...(all.load_average_1min ?? {}), [info.title]: Math.round(loadavg()[0] * 100) / 100 });
  record('chromium', browser.version());
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summary(values: number[]) {
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    median: round(median(values)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
    runs: values.map(round),
  };
}

function record(key: string, value: unknown) {
  const all = existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')) : {};
  all[key] = value;
  all.runs = RUNS;
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(all, null, 2) + '\n');
}

/** Runs `once` RUNS + 1 times and drops the first (warm-up) result. */
async function repeat(once: (run: number) => Promise<number>): Promise<number[]> {
  const values: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const value = await once(run);
    if (run > 0) values.push(value);
  }
  return values;
}

// Installed before any of the page's own scripts: marks when the first form control is
// laid out and, with `ids`, when every listed field's control is in the DOM.
function observePage(cfg: { ids?: string[] }) {
  const bench: any = ((window as any).__bench = { marks: {} });
  // When the portal changes the address (a step's own URL), to split "Next" into the
  // step's validation and navigation, and the rendering of the next step.
  const pushState = history.pushState;
  history.pushState = function (...args: any[]) {
    bench.marks.pushState = performance.now();
    return pushState.apply(this, args as any);
  };
  addEventListener('TrunkApplicationStarted', (e: any) => {
    bench.wasm = e.detail?.wasm;
    bench.marks.started = performance.now();
  });
  const observer = new MutationObserver(() => {
    const marks = bench.marks;
    if (marks.firstInput === undefined) {
      const el = document.querySelector('form input, form select, form textarea');
      if (el) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) marks.firstInput = performance.now();
      }
    }
    if (cfg.ids && marks.allControls === undefined) {
      const ids = cfg.ids;
      if (document.getElementById('f-' + ids[ids.length - 1]) && ids.every((id) => document.getElementById('f-' + id))) {
        marks.allControls = performance.now();
      }
    }
    if (marks.firstInput !== undefined && (!cfg.ids || marks.allControls !== undefined)) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
}

async function newPage(context: BrowserContext, ids?: string[]): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(observePage, { ids });
  return page;
}

async function mark(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((n) => (window as any).__bench?.marks?.[n], name, { timeout: 60_000 });
  return (await handle.jsonValue()) as number;
}

test('payload of the citizen path (start page, service page, form step)', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pending: Promise<void>[] = [];
  const seen = new Map<string, { url: string; resourceType: string; encoding: string; transferred: number }>();
  page.on('requestfinished', (request) => {
    pending.push(
      (async () => {
        const response = await request.response();
        if (!response) return;
        const sizes = await request.sizes();
        const url = new URL(request.url());
        const before = seen.get(url.pathname);
        if (before && before.transferred >= sizes.responseBodySize) return;
        seen.set(url.pathname, {
          url: url.pathname + url.search,
          resourceType: request.resourceType(),
          encoding: (await response.headerValue('content-encoding')) ?? 'identity',
          transferred: sizes.responseBodySize,
        });
      })(),
    );
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto(`/services/${DEMO_SERVICE}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Gewerbe/);
  await page.goto(`/services/${DEMO_SERVICE}/form/1`);
  await expect(page.locator('form input').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  await context.close();

  const kindOf = (path: string, type: string) => {
    if (path.startsWith('/api/')) return 'data';
    if (type === 'font' || /\.(woff2?|ttf|otf)$/.test(path)) return 'font';
    const ext = path.match(/\.(wasm|js|css)$/)?.[1];
    return ext ?? 'other';
  };
  const files = [];
  for (const [path, entry] of seen) {
    const kind = kindOf(path, entry.resourceType);
    if (kind === 'other' || kind === 'data') {
      files.push({ path: entry.url, kind, encoding: entry.encoding, transferred: entry.transferred });
      continue;
    }
    const raw = Buffer.from(await (await fetch(new URL(path, baseURL))).arrayBuffer());
    files.push({
      path,
      kind,
      encoding: entry.encoding,
      transferred: entry.transferred,
      raw: raw.length,
      gzip: gzipSize(raw),
      brotli: brotliCompressSync(raw, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length },
      }).length,
    });
  }
  const sum = (kinds: string[], key: 'raw' | 'gzip' | 'brotli' | 'transferred') =>
    files.filter((f) => kinds.includes(f.kind)).reduce((s, f: any) => s + (f[key] ?? 0), 0);
  const code = ['wasm', 'js', 'css'];
  const payload = {
    files,
    code: { raw: sum(code, 'raw'), gzip: sum(code, 'gzip'), brotli: sum(code, 'brotli'), transferred: sum(code, 'transferred') },
    fonts: { count: files.filter((f) => f.kind === 'font').length, raw: sum(['font'], 'raw'), transferred: sum(['font'], 'transferred') },
    data: { transferred: sum(['data'], 'transferred') },
  };
  record('payload', payload);
  expect(files.some((f) => f.kind === 'wasm')).toBe(true);
});

test('navigation start to the first input of a form step', async ({ browser }) => {
  const cold: number[] = [];
  const warm: number[] = [];
  let heap: unknown;
  for (let run = 0; run <= RUNS; run++) {
    const context = await browser.newContext();
    const page = await newPage(context);
    await page.goto(`/services/${DEMO_SERVICE}/form/1`);
    const first = await mark(page, 'firstInput');
    // The same page again: a citizen coming back, with the hashed assets in the cache.
    await page.goto(`/services/${DEMO_SERVICE}/form/1`);
    const again = await mark(page, 'firstInput');
    if (run > 0) {
      cold.push(first);
      warm.push(again);
    }
    if (run === RUNS) heap = await heapUsage(page);
    await context.close();
  }
  record('first_input', { cold: summary(cold), warm: summary(warm), heap_demo_step: heap });
});

/** Keystroke into the (touched) postcode field until its error message is laid out. */
async function keystrokeToMessage(page: Page, field: string): Promise<{ ms: number; portal_ms: number; again_ms: number }> {
  const input = page.locator(`#f-${field}`);
  await expect(input).toBeVisible();
  // Touch the field: focus it and leave it empty (optional, so no message yet).
  await input.focus();
  await page.keyboard.press('Tab');
  await expect(page.locator(`#f-${field}-error`)).toHaveCount(0);
  await input.focus();
  const first = await timedKey(page, field);
  // The same key once more, after Backspace took the message away: the code it runs has
  // run before. The first keystroke on a page also pays for V8 compiling each WASM
  // function at its first call (docs/BENCHMARKS.md, session 16).
  await page.keyboard.press('Backspace');
  await expect(page.locator(`#f-${field}-error`)).toHaveCount(0);
  // As long as a citizen's pause between two keys: what Backspace set off has settled.
  await page.waitForTimeout(100);
  const again = await timedKey(page, field);
  return { ...first, again_ms: again.ms };
}

// A real key press ("1") into the focused postcode field, from the key event's time stamp
// until its inline error is laid out.
async function timedKey(page: Page, field: string): Promise<{ ms: number; portal_ms: number }> {
  // Two frames first, so that the key does not also pay for laying out what came before
  // it (the focus, or the message that Backspace took away).
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.evaluate((id) => {
    const bench = (window as any).__bench;
    bench.keystroke = new Promise((resolve) => {
      let t0: number | undefined;
      let inputAt: number | undefined;
      // Capturing listeners on window run before the portal's own handlers.
      addEventListener('keydown', (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
      addEventListener('input', () => { inputAt = performance.now(); }, { capture: true, once: true });
      const observer = new MutationObserver(() => {
        const el = document.getElementById('f-' + id + '-error');
        if (el && t0 !== undefined) {
          el.getBoundingClientRect();
          const t1 = performance.now();
          observer.disconnect();
          resolve({ ms: t1 - t0, portal_ms: inputAt === undefined ? null : t1 - inputAt, text: el.textContent });
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  }, field);
  await page.keyboard.press('1');
  const result = (await page.evaluate(() => (window as any).__bench.keystroke)) as { ms: number; portal_ms: number; text: string };
  expect(result.text).toMatch(/Postleitzahl|postcode/i);
  return result;
}

test('keystroke to validation message (invalid postcode)', async ({ browser }) => {
  const measure = async (service: string, form: FormPlan) => {
    const total: number[] = [];
    const portal: number[] = [];
    const again: number[] = [];
    await repeat(async (run) => {
      const context = await browser.newContext();
      const page = await newPage(context);
      await page.goto(`/services/${service}/form/1`);
      const result = await keystrokeToMessage(page, form.keystroke_field);
      await context.close();
      if (run > 0) {
        total.push(result.ms);
        portal.push(result.portal_ms);
        again.push(result.again_ms);
      }
      return result.ms;
    });
    // total: from the key's event time stamp; from_input_event: from the input event,
    // which is where the portal's own work starts; again: the second such key press.
    return { ...summary(total), from_input_event: summary(portal), again: summary(again) };
  };
  record('keystroke', {
    step_of_30: await measure(MULTI_SERVICE, MULTI),
    page_of_300: await measure(SINGLE_SERVICE, SINGLE),
  });
});

// A burst of input events on the touched postcode field, each followed by a yield (a
// MessageChannel, not setTimeout, whose nesting clamp would add 4 ms) and a layout: the
// portal's own cost per input (handler, effects, style, layout), averaged over 60 events
// and so far less noisy than one key press. Synthetic events: the browser's routing of a
// real key is left out (the keystroke measure above has it).
async function inputBurst(page: Page, field: string): Promise<number> {
  const input = page.locator(`#f-${field}`);
  await expect(input).toBeVisible();
  await input.focus();
  await page.keyboard.press('Tab');
  const ms = await page.evaluate(async (id) => {
    const el = document.getElementById('f-' + id) as HTMLInputElement;
    const channel = new MessageChannel();
    const yieldNow = () =>
      new Promise((resolve) => {
        channel.port1.onmessage = () => resolve(null);
        channel.port2.postMessage(0);
      });
    await yieldNow();
    const t0 = performance.now();
    for (let i = 0; i < 60; i++) {
      el.value = ['1', '12', '123', '12345', '1234'][i % 5];
      el.dispatchEvent(new InputEvent('input', { bubbles: true }));
      await yieldNow();
      void document.body.offsetHeight;
    }
    return (performance.now() - t0) / 60;
  }, field);
  await expect(page.locator(`#f-${field}-error`)).toBeVisible();
  return ms;
}

test('input event to settled page, burst of 60 (postcode)', async ({ browser }) => {
  const measure = async (service: string, form: FormPlan) =>
    summary(
      await repeat(async () => {
        const context = await browser.newContext();
        const page = await newPage(context);
        await page.goto(`/services/${service}/form/1`);
        const ms = await inputBurst(page, form.keystroke_field);
        await context.close();
        return ms;
      }),
    );
  record('input_burst', {
    step_of_30: await measure(MULTI_SERVICE, MULTI),
    page_of_300: await measure(SINGLE_SERVICE, SINGLE),
  });
});

// A click on "Weiter" (or, `back`, on "Zurück"), from the click's time stamp until the
// control `id` of the step it leads to is laid out; with the time until the portal set
// that step's address.
async function timedStepChange(page: Page, id: string, back = false): Promise<{ ms: number; to_address: number | null }> {
  await page.evaluate((id) => {
    const bench = (window as any).__bench;
    delete bench.marks.pushState;
    bench.next = new Promise((resolve) => {
      let t0: number | undefined;
      document.addEventListener('click', (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
      const observer = new MutationObserver(() => {
        const el = document.getElementById('f-' + id);
        if (el && t0 !== undefined) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.height > 0) {
            const t1 = performance.now();
            observer.disconnect();
            const pushed = bench.marks.pushState;
            resolve({ ms: t1 - t0, to_address: pushed === undefined ? null : pushed - t0 });
          }
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  }, id);
  await page.locator(back ? 'form a.kern-btn--secondary' : 'form button[type=submit]').click();
  return (await page.evaluate(() => (window as any).__bench.next)) as { ms: number; to_address: number | null };
}

test('"Next" to the next step\'s first field', async ({ browser }) => {
  const target = MULTI.step_fields[1][0];
  const toAddress: number[] = [];
  const again: number[] = [];
  const values = await repeat(async (run) => {
    const context = await browser.newContext();
    const page = await newPage(context);
    await page.goto(`/services/${MULTI_SERVICE}/form/1`);
    await expect(page.locator(`#f-${MULTI.fields[0]}`)).toBeVisible();
    await fillStep1(page, MULTI);
    const result = await timedStepChange(page, target);
    await expect(page).toHaveURL(/\/form\/2$/);
    // Back to step 1 and "Next" once more: the code it runs has run before (the first
    // step change also pays for V8 compiling each WASM function at its first call).
    await timedStepChange(page, MULTI.fields[0], true);
    await expect(page).toHaveURL(/\/form\/1$/);
    const second = await timedStepChange(page, target);
    await expect(page).toHaveURL(/\/form\/2$/);
    await context.close();
    if (run > 0) {
      if (result.to_address !== null) toAddress.push(result.to_address);
      again.push(second.ms);
    }
    return result.ms;
  });
  // to_address: click until the portal set the next step's address (validation of the
  // step, navigation); the rest is rendering the next step.
  record('next_step', {
    ...summary(values),
    click_to_address: toAddress.length ? summary(toAddress) : null,
    again: summary(again),
  });
});

async function heapUsage(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage: any = await cdp.send('Runtime.getHeapUsage');
  const wasmMemory = await page.evaluate(() => (window as any).__bench?.wasm?.memory?.buffer?.byteLength ?? null);
  const perfMemory = await page.evaluate(() => (performance as any).memory?.usedJSHeapSize ?? null);
  // The WASM's stack comes first in its memory and grows down towards 0, into memory
  // that starts zeroed: the zero bytes at the bottom are what the deepest call left
  // untouched, the headroom of the stack size set in scripts/versions.env.
  const stackUntouched = await page.evaluate(() => {
    const memory = (window as any).__bench?.wasm?.memory as WebAssembly.Memory | undefined;
    if (!memory) return null;
    const bytes = new Uint8Array(memory.buffer, 0, Math.min(memory.buffer.byteLength, 1 << 20));
    let i = 0;
    while (i < bytes.length && bytes[i] === 0) i++;
    return i;
  });
  await cdp.detach();
  return {
    js_heap_used: usage.usedSize,
    js_heap_total: usage.totalSize,
    embedder_heap_used: usage.embedderHeapUsedSize,
    backing_storage: usage.backingStorageSize,
    performance_memory_used: perfMemory,
    wasm_linear_memory: wasmMemory,
    wasm_stack_untouched: stackUntouched,
  };
}

test('300-field single-page form: all controls in the DOM, and memory', async ({ browser }) => {
  const total: number[] = [];
  const render: number[] = [];
  const heaps: any[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const context = await browser.newContext();
    const page = await newPage(context, SINGLE.fields);
    await page.goto(`/services/${SINGLE_SERVICE}/form/1`);
    const all = await mark(page, 'allControls');
    // When the definition was there and the app had started: from there on it is the
    // portal's rendering. A form page the API answers carries its definition
    // (crates/central-api/src/portal/page_data.rs): then it arrived with the page (long
    // before the app started); else with its own request (preloaded: about when the WASM
    // arrived, also before the app started).
    const definitionEnd = await page.evaluate((service) => {
      const entry = performance
        .getEntriesByType('resource')
        .find((e) => e.name.includes(`/api/services/${service}/definition`)) as PerformanceResourceTiming | undefined;
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const arrived = entry?.responseEnd ?? navigation?.responseEnd;
      const started = (window as any).__bench?.marks?.started;
      return arrived === undefined || started === undefined ? null : Math.max(arrived, started);
    }, SINGLE_SERVICE);
    // Before any locator: Playwright's locators inject its own script into the page
    // (about 0.7 MB of JS heap), which a heap figure taken afterwards would count.
    if (run > 0) heaps.push(await heapUsage(page));
    expect(await page.locator('.error-message').count()).toBe(0);
    if (run > 0) {
      total.push(all);
      if (definitionEnd !== null) render.push(all - definitionEnd);
    }
    await context.close();
  }
  const heapMedian = (key: string) => median(heaps.map((h) => h[key]).filter((v) => typeof v === 'number'));
  record('form_300', {
    navigation_to_all_controls: summary(total),
    definition_to_all_controls: summary(render),
    heap: {
      js_heap_used: heapMedian('js_heap_used'),
      js_heap_total: heapMedian('js_heap_total'),
      performance_memory_used: heapMedian('performance_memory_used'),
      wasm_linear_memory: heapMedian('wasm_linear_memory'),
      wasm_stack_untouched: heapMedian('wasm_stack_untouched'),
      runs: heaps,
    },
  });
});

// Issue #21's phone profile: Chromium's CPU slowed 4× and a slow mobile network
// (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip), first visit with an empty cache:
// navigation until the first input is visible, and until every font the page asked for
// has arrived ("fonts and all").
test('phone profile: first visit to a form step', async ({ browser }) => {
  const firstInput: number[] = [];
  const complete: number[] = [];
  const values = await repeat(async (run) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await newPage(context);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1000 * 1000) / 8,
      uploadThroughput: (750 * 1000) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`/services/${DEMO_SERVICE}/form/1`, { timeout: 60_000 });
    const first = await mark(page, 'firstInput');
    // The fonts the first step uses, loaded (document.fonts.ready after the first input).
    const fontsDone = await page.evaluate(async () => {
      await document.fonts.ready;
      const fonts = performance
        .getEntriesByType('resource')
        .filter((e) => /\.(woff2?|ttf|otf)(\?|$)/.test(e.name)) as PerformanceResourceTiming[];
      return Math.max(0, ...fonts.map((e) => e.responseEnd));
    });
    await context.close();
    if (run > 0) {
      firstInput.push(first);
      complete.push(Math.max(first, fontsDone));
    }
    return first;
  });
  expect(values.length).toBe(RUNS);
  record('phone', { first_input: summary(firstInput), first_input_and_fonts: summary(complete) });
});
