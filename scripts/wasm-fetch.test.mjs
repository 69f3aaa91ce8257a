// SPDX-License-Identifier: EUPL-1.2
// scripts/wasm-fetch.mjs on index.html as trunk writes it, minified and not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withWasmFetch } from './wasm-fetch.mjs';

const minified =
  "<head><script type=module>import init, * as bindings from '/a-1.js';\n" +
  "const wasm = await init({ module_or_path: '/a-1_bg.wasm' });</script>" +
  '<link as=fetch href=/a-1_bg.wasm rel=preload type=application/wasm></head>' +
  '<body><script data-wasm-bytes=0>(()=>{})()</script></body>';

test('writes the size and makes the loader take the script’s fetch', () => {
  const out = withWasmFetch(minified, 567743);
  assert.match(out, /<script data-wasm-bytes=567743>/);
  assert.match(out, /init\(\{ module_or_path: window\.buergerportalWasm \?\? '\/a-1_bg\.wasm' \}\)/);
  assert.equal(out.match(/buergerportalWasm/g).length, 1);
});

test('a second run changes only the size', () => {
  const once = withWasmFetch(minified, 100);
  const twice = withWasmFetch(once, 200);
  assert.equal(twice, once.replace('data-wasm-bytes=100', 'data-wasm-bytes=200'));
});

test('quoted attributes and other quotes', () => {
  const index = minified.replace('data-wasm-bytes=0', 'data-wasm-bytes="0" id=x').replaceAll("'/a-1_bg.wasm'", '"/a-1_bg.wasm"');
  const out = withWasmFetch(index, 42);
  assert.match(out, /data-wasm-bytes=42 id=x/);
  assert.match(out, /module_or_path: window\.buergerportalWasm \?\? "\/a-1_bg\.wasm"/);
});

test('an index that is not as expected is refused', () => {
  assert.throws(() => withWasmFetch(minified.replace('data-wasm-bytes=0', ''), 1), /no script with data-wasm-bytes/);
  assert.throws(() => withWasmFetch(minified.replace("module_or_path: '/a-1_bg.wasm'", "module_or_path: wasmUrl"), 1), /no loader/);
  assert.throws(() => withWasmFetch(minified, 0), /not a size/);
  assert.throws(() => withWasmFetch(minified, 1.5), /not a size/);
});
