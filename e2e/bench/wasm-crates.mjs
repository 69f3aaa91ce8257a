// SPDX-License-Identifier: EUPL-1.2
// What dominates the WASM: twiggy's sizes of the named module (before wasm-bindgen and
// wasm-opt) summed per crate, without the custom sections and wasm-bindgen's describe
// functions that the final build drops. A function counts for the first crate in its
// symbol, so generic code of core/alloc instantiated for other crates counts there.
// The shares apply to the shipped file only roughly (wasm-opt shrinks code unevenly).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const file = process.argv[2] ?? 'target/wasm32-unknown-unknown/release/buergerportal.wasm';
if (!existsSync(file)) {
  console.log(`wasm-crates: ${file} missing`);
  process.exit(0);
}
let csv;
try {
  csv = execFileSync('twiggy', ['top', '-n', '1000000', '--format', 'csv', file], { encoding: 'utf8', maxBuffer: 256 << 20 });
} catch {
  console.log('wasm-crates: twiggy is missing');
  process.exit(0);
}
const totals = new Map();
let all = 0;
for (const line of csv.split('\n').slice(1)) {
  const match = line.match(/^(.*),(\d+),[\d.]+,[\d.]*,[\d.]*$/);
  if (!match) continue;
  const [, quoted, sizeText] = match;
  const name = quoted.startsWith('"') ? quoted.slice(1, -1).replaceAll('""', '"') : quoted;
  const size = Number(sizeText);
  if (/^("function names"|"local names"|custom section|producers|name section)/.test(name)) continue;
  if (name.includes('__wbindgen_describe') || name.includes('__wbindgen_placeholder')) continue;
  const crate = name.startsWith('data segment') ? '(data segments)' : name.match(/([a-z_][a-z0-9_]*)\[[0-9a-f]{16}\]/)?.[1] ?? '(other)';
  totals.set(crate, (totals.get(crate) ?? 0) + size);
  all += size;
}
console.log(`WASM code and data by crate (${(all / 1024).toFixed(0)} KiB before wasm-opt):`);
for (const [crate, size] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 16)) {
  console.log(`  ${crate.padEnd(20)} ${(size / 1024).toFixed(1).padStart(7)} KiB  ${((100 * size) / all).toFixed(1).padStart(5)} %`);
}
