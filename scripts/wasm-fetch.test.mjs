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

test('the preload the script fetches must be the loader’s module, and the only one', () => {
  assert.throws(() => withWasmFetch(minified.replace('href=/a-1_bg.wasm', 'href=/b-1_bg.wasm'), 1), /must preload exactly the loader's WASM \/a-1_bg\.wasm, not \/b-1_bg\.wasm/);
  assert.throws(() => withWasmFetch(minified.replace('<link as=fetch', '<link as=fetch href=/c_bg.wasm rel=preload type=application/wasm><link as=fetch'), 1), /not \/c_bg\.wasm, \/a-1_bg\.wasm/);
  assert.throws(() => withWasmFetch(minified.replace(' type=application/wasm', ''), 1), /not none/);
  const quoted = minified.replace('<link as=fetch href=/a-1_bg.wasm rel=preload type=application/wasm>', '<link rel="preload" href="/a-1_bg.wasm" as="fetch" type="application/wasm" crossorigin>');
  assert.match(withWasmFetch(quoted, 7), /data-wasm-bytes=7/);
});

test('an index that is not as expected is refused', () => {
  assert.throws(() => withWasmFetch(minified.replace('data-wasm-bytes=0', ''), 1), /no script with data-wasm-bytes/);
  assert.throws(() => withWasmFetch(minified.replace("module_or_path: '/a-1_bg.wasm'", "module_or_path: wasmUrl"), 1), /no loader/);
  assert.throws(() => withWasmFetch(minified, 0), /not a size/);
  assert.throws(() => withWasmFetch(minified, 1.5), /not a size/);
});
