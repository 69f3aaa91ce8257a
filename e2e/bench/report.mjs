// SPDX-License-Identifier: EUPL-1.2
// Prints the benchmark's results (the JSON that portal.bench.ts writes) as a table with
// the targets of issue #21. Targets are reported, never asserted: timings vary with the
// machine and its load.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const file = process.argv[2] ?? 'target/bench/results.json';
const r = JSON.parse(readFileSync(file, 'utf8'));
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
const ms = (x) => `${x.toFixed(1)} ms`;
const mib = (b) => `${(b / 1024 / 1024).toFixed(2)} MiB`;
const rows = [];
const row = (what, value, target, met) =>
  rows.push([what, value, target ?? '', target ? (met ? 'met' : 'MISSED') : '']);

const p = r.payload;
if (p) {
  row('payload WASM+JS+CSS, gzip -9', kib(p.code.gzip), '≤ 150 KiB', p.code.gzip <= 150 * 1024);
  row('payload WASM+JS+CSS, brotli -q 11', kib(p.code.brotli));
  row('payload WASM+JS+CSS, raw', kib(p.code.raw));
  row('payload as transferred (precompressed)', kib(p.code.transferred));
  for (const f of p.files.filter((f) => ['wasm', 'js', 'css'].includes(f.kind)))
    row(`  ${f.path} (${f.encoding})`, `${f.raw} raw / ${f.gzip} gz / ${f.brotli} br / ${f.transferred} sent`);
  row('fonts', p.fonts.count === 0 ? 'none loaded (system fonts)' : `${p.fonts.count} files, ${kib(p.fonts.transferred)}`, '≤ 60 KiB', p.fonts.transferred <= 60 * 1024);
  row('API data on the path (JSON, as transferred)', kib(p.data.transferred));
}
const fi = r.first_input;
if (fi) {
  row('navigation → first input, first visit', ms(fi.cold.median), '≤ 200 ms', fi.cold.median <= 200);
  row('navigation → first input, return visit (cached)', ms(fi.warm.median));
}
const k = r.keystroke;
if (k) {
  row('keystroke → message (step of 30 fields)', ms(k.step_of_30.median), '≤ 3 ms', k.step_of_30.median <= 3);
  if (k.step_of_30.from_input_event) row('  of which after the input event', ms(k.step_of_30.from_input_event.median));
  if (k.step_of_30.again) row('  the same key again (its code run before)', ms(k.step_of_30.again.median));
  row('keystroke → message (page of 300 fields)', ms(k.page_of_300.median));
  if (k.page_of_300.again) row('  the same key again (its code run before)', ms(k.page_of_300.again.median));
}
const b = r.input_burst;
if (b) {
  row('input event → page settled, mean of a burst of 60 (step of 30 fields)', ms(b.step_of_30.median));
  row('input event → page settled, mean of a burst of 60 (page of 300 fields)', ms(b.page_of_300.median));
}
const n = r.next_step;
if (n) {
  row('"Next" → next step\'s first field', ms(n.median), '≤ 15 ms', n.median <= 15);
  if (n.click_to_address) row('  of which click → new step address', ms(n.click_to_address.median));
  if (n.again) row('  "Next" again, after "Back" (its code run before)', ms(n.again.median));
}
const f = r.form_300;
if (f) {
  const t = f.navigation_to_all_controls.median;
  row('300 fields: navigation → all controls in DOM', ms(t), '≤ 300 ms', t <= 300);
  row('300 fields: definition there and app started → all in DOM', ms(f.definition_to_all_controls.median));
  row('300 fields: JS heap used (after GC)', mib(f.heap.js_heap_used));
  row('300 fields: WASM linear memory', mib(f.heap.wasm_linear_memory));
  if (f.heap.wasm_stack_untouched != null) {
    row('300 fields: WASM stack never reached (its size: scripts/versions.env)', `${(f.heap.wasm_stack_untouched / 1024).toFixed(1)} KiB`);
  }
  const memory = f.heap.js_heap_used + f.heap.wasm_linear_memory;
  row('300 fields: JS heap + WASM memory', mib(memory), '≤ 7 MiB', memory <= 7 * 1024 * 1024);
}
const ph = r.phone;
if (ph) {
  row('phone (CPU 4×, 1.6 Mbit/s, 150 ms): first input, empty cache', ms(ph.first_input.median));
  const t = ph.first_input_and_fonts.median;
  row('phone: first input with its fonts', ms(t), '≤ 1500 ms', t <= 1500);
}
if (fi?.heap_demo_step) row('demo form step: JS heap used (after GC)', mib(fi.heap_demo_step.js_heap_used));

const width = [0, 1, 2, 3].map((i) => Math.max(...rows.map((x) => String(x[i]).length)));
console.log(`\nbench: medians of ${r.runs} runs (after one warm-up) in Chromium ${r.chromium ?? ''}`);
console.log(`bench: ${cpus().length} cores, load average now ${loadavg().map((x) => x.toFixed(2)).join(' ')}; at the start of each measurement: ${Object.values(r.load_average_1min ?? {}).join(', ')}`);
for (const x of rows) console.log(x.map((c, i) => String(c).padEnd(width[i])).join('  ').trimEnd());
console.log(`bench: all runs in ${file}`);
