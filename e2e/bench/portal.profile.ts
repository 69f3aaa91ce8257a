// SPDX-License-Identifier: EUPL-1.2
// Where the portal's time goes (scripts/profile.sh): Chromium's CPU profile of opening the
// 300-field page, of opening the demo form, and of 21 keystrokes on a step of 30 fields,
// each printed as the functions with the most time of their own and with the most time
// including what they call; the DOM calls building the 300-field page; and the WASM
// functions compiled at the first keystroke and the first "Next". The profiles are kept
// in target/profile/*.cpuprofile (open them in Chromium's DevTools, Performance panel).
// Function names need the names-kept build that scripts/profile.sh serves; the timings
// are inflated by the sampling.
import { test, expect, Page } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { FormPlan, fillStep1 } from './form-plan';

const plan: Record<string, FormPlan> = JSON.parse(readFileSync(process.env.BENCH_PLAN!, 'utf8'));
const OUT = process.env.PROFILE_OUT ?? 'target/profile';

function table(profile: any, top = 30): string {
  const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((s: number, i: number) => self.set(s, (self.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const own = new Map<string, number>();
  const including = new Map<string, number>();
  const name = (id: number) => byId.get(id).callFrame.functionName || `(${byId.get(id).callFrame.url.split('/').pop()})`;
  for (const [id, t] of self) {
    own.set(name(id), (own.get(name(id)) ?? 0) + t);
    const seen = new Set<string>();
    for (let c: number | undefined = id; c !== undefined; c = parent.get(c)) {
      if (!seen.has(name(c))) including.set(name(c), (including.get(name(c)) ?? 0) + t);
      seen.add(name(c));
    }
  }
  const rows = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([n, t]) => `${(t / 1000).toFixed(2).padStart(8)} ms  ${n.slice(0, 160)}`).join('\n');
  return `-- own time\n${rows(own)}\n-- including callees\n${rows(including)}`;
}

async function profiled(page: Page, name: string, work: () => Promise<void>) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await work();
  const { profile } = await cdp.send('Profiler.stop');
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}/${name}.cpuprofile`, JSON.stringify(profile));
  console.log(`==== ${name}\n${table(profile)}`);
}

test('opening the 300-field page', async ({ page }) => {
  const single = plan['bench-300-single'];
  await page.goto('/');
  await profiled(page, 'render-300', async () => {
    await page.goto('/services/99999000000301/form/1');
    await expect(page.locator(`#f-${single.fields[single.fields.length - 1]}`)).toBeAttached();
  });
});

test('opening the demo form', async ({ page }) => {
  await page.goto('/');
  await profiled(page, 'demo-form', async () => {
    await page.goto('/services/99050012104000/form/1');
    await expect(page.locator('form input').first()).toBeVisible();
  });
});

test('keystrokes on a step of 30 fields', async ({ page }) => {
  const field = plan['bench-300'].keystroke_field;
  await page.goto('/services/99999000000300/form/1');
  const input = page.locator(`#f-${field}`);
  await input.focus();
  await page.keyboard.press('Tab');
  await input.focus();
  await profiled(page, 'keystrokes-30', async () => {
    for (const key of '1234567') await page.keyboard.press(key);
    for (let i = 0; i < 7; i++) await page.keyboard.press('Backspace');
    for (const key of '1234567') await page.keyboard.press(key);
    await expect(page.locator(`#f-${field}-error`)).toBeVisible();
  });
});

// The calls from the portal into the DOM while the 300-field page is built, by kind:
// deterministic for a build (unlike timings), so two ways of writing a view can be
// compared by it. Half of the rendering's time was these calls (docs/BENCHMARKS.md,
// session 11). Comments are the placeholders of empty views and of lists.
test('DOM calls building the 300-field page', async ({ page }) => {
  const single = plan['bench-300-single'];
  await page.addInitScript(() => {
    const counts: Record<string, number> = {};
    (window as any).__domCalls = counts;
    const count = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
    const wrap = (proto: any, name: string, byFirstArgument = false) => {
      const original = proto[name];
      proto[name] = function (this: unknown, ...args: unknown[]) {
        count(byFirstArgument ? `${name} ${args[0]}` : name);
        return original.apply(this, args);
      };
    };
    wrap(Document.prototype, 'createElement', true);
    wrap(Document.prototype, 'createTextNode');
    wrap(Document.prototype, 'createComment');
    wrap(Node.prototype, 'cloneNode');
    wrap(Node.prototype, 'insertBefore');
    wrap(Node.prototype, 'appendChild');
    wrap(Element.prototype, 'setAttribute', true);
    wrap(Element.prototype, 'removeAttribute', true);
    wrap(EventTarget.prototype, 'addEventListener', true);
    const props: [any, string][] = [
      [HTMLInputElement.prototype, 'value'],
      [HTMLInputElement.prototype, 'checked'],
      [HTMLOptionElement.prototype, 'selected'],
      [Element.prototype, 'className'],
      [Node.prototype, 'textContent'],
      [Node.prototype, 'nodeValue'],
    ];
    for (const [proto, prop] of props) {
      const d = Object.getOwnPropertyDescriptor(proto, prop);
      if (!d?.set) continue;
      const set = d.set;
      Object.defineProperty(proto, prop, { ...d, set(this: unknown, v: unknown) { count(`set ${prop}`); set.call(this, v); } });
    }
  });
  await page.goto('/services/99999000000301/form/1');
  await expect(page.locator(`#f-${single.fields[single.fields.length - 1]}`)).toBeAttached();
  await page.waitForTimeout(500);
  const counts: Record<string, number> = await page.evaluate(() => (window as any).__domCalls);
  const comments = await page.evaluate(() => {
    let n = 0;
    const it = document.createNodeIterator(document.body, NodeFilter.SHOW_COMMENT);
    while (it.nextNode()) n++;
    return n;
  });
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${String(v).padStart(8)}  ${k}`);
  console.log(`==== dom-calls-300\n${total} calls (${(total / 300).toFixed(1)} per field), ${comments} comments in the page\n${rows.join('\n')}`);
});

// The WASM functions V8 compiles (Liftoff, on the main thread) at their first call, while
// the first keystroke and the first "Next" of a page wait: a Chromium trace of each, its
// `wasm.CompileLazy` events named from the module's name section. The same interaction a
// second time compiles nothing (docs/BENCHMARKS.md, session 16).
function lazyCompiles(trace: Buffer, names: Map<number, string>, event: string): string {
  const events = JSON.parse(trace.toString()).traceEvents as any[];
  const thread = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const main = events
    .filter((e) => e.ph === 'X' && e.pid === thread.pid && e.tid === thread.tid)
    .sort((a, b) => a.ts - b.ts);
  const start = main.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === event);
  if (!start) return `no ${event} in the trace`;
  const until = start.ts + start.dur;
  const lazy = main.filter((e) => e.name === 'wasm.CompileLazy' && e.ts >= start.ts && e.ts < until);
  const total = lazy.reduce((sum, e) => sum + e.dur, 0);
  const rows = lazy
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 40)
    .map((e) => {
      const name = (names.get(e.args.func_index) ?? `function ${e.args.func_index}`).replace(/::h[0-9a-f]{16}$/, '');
      return `${(e.dur / 1000).toFixed(3).padStart(8)} ms  ${name.slice(0, 160)}`;
    });
  return `${lazy.length} functions compiled in ${(total / 1000).toFixed(2)} ms of the ${event} event's ${(start.dur / 1000).toFixed(2)} ms\n${rows.join('\n')}`;
}

// Function names by index, from the WASM's name section (subsection 1).
function functionNames(wasm: Buffer): Map<number, string> {
  const names = new Map<number, string>();
  const leb = (at: number): [number, number] => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return [value, at];
  };
  for (let at = 8; at < wasm.length; ) {
    const id = wasm[at];
    const [size, body] = leb(at + 1);
    const end = body + size;
    if (id === 0) {
      const [length, nameAt] = leb(body);
      if (wasm.subarray(nameAt, nameAt + length).toString() === 'name') {
        for (let sub = nameAt + length; sub < end; ) {
          const [subSize, subBody] = leb(sub + 1);
          if (wasm[sub] === 1) {
            let [count, entry] = leb(subBody);
            for (; count > 0; count--) {
              let index: number, nameLength: number;
              [index, entry] = leb(entry);
              [nameLength, entry] = leb(entry);
              names.set(index, wasm.subarray(entry, entry + nameLength).toString());
              entry += nameLength;
            }
          }
          sub = subBody + subSize;
        }
      }
    }
    at = end;
  }
  return names;
}

test('functions compiled at the first keystroke and the first "Next"', async ({ page, browser }) => {
  const multi = plan['bench-300'];
  const dist = process.env.PORTAL_DIST!;
  const wasm = readdirSync(dist).find((f) => /^buergerportal-[0-9a-f]+_bg\.wasm$/.test(f))!;
  const names = functionNames(readFileSync(`${dist}/${wasm}`));
  const categories = ['devtools.timeline', 'v8.wasm'];
  await page.goto('/services/99999000000300/form/1');
  const field = multi.keystroke_field;
  const input = page.locator(`#f-${field}`);
  await input.focus();
  await page.keyboard.press('Tab');
  await input.focus();
  await browser.startTracing(page, { categories });
  await page.keyboard.press('1');
  await expect(page.locator(`#f-${field}-error`)).toBeVisible();
  console.log(`==== lazy-compiles-keystroke\n${lazyCompiles(await browser.stopTracing(), names, 'input')}`);
  await page.keyboard.press('Backspace');
  await fillStep1(page, multi);
  await browser.startTracing(page, { categories });
  await page.locator('form button[type=submit]').click();
  await expect(page.locator(`#f-${multi.step_fields[1][0]}`)).toBeVisible();
  console.log(`==== lazy-compiles-next\n${lazyCompiles(await browser.stopTracing(), names, 'click')}`);
});
