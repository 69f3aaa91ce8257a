// SPDX-License-Identifier: EUPL-1.2
// scripts/wasm-chunks.mjs on a loader as wasm-split-cli writes it and on index.html as
// trunk's release build writes it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { chunkFiles, withChunkMeta } from './wasm-chunks.mjs';

const load = (prefix, id, file, deps) => `${prefix}const ${id} = ${prefix ? 'wrapAsyncCb(' : ''}makeLoad(() => {
    const src = fetch(new URL("${file}", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [${deps.join(', ')}])${prefix ? ')' : ''};
`;

const LOADER = `function makeLoad(url, deps) {}
/* later_controls, later_pages */
${load('', '__chunk_3', './chunk_3.wasm', [])}${load('', '__chunk_4', './chunk_4.wasm', ['__chunk_3'])}${load('export ', '__wasm_split_load_later_pages', './split_later_pages.wasm', ['__chunk_3'])}${load('export ', '__wasm_split_load_later_controls', './split_later_controls.wasm', ['__chunk_4', '__chunk_3'])}`;

test('a chunk\'s files: what it depends on (transitively, once each), then its own', () => {
  assert.deepEqual(chunkFiles(LOADER, 'later_pages'), ['./chunk_3.wasm', './split_later_pages.wasm']);
  assert.deepEqual(chunkFiles(LOADER, 'later_controls'), ['./chunk_3.wasm', './chunk_4.wasm', './split_later_controls.wasm']);
});

test('a chunk the loader does not load, or a dependency it does not define, is an error', () => {
  assert.throws(() => chunkFiles(LOADER, 'elsewhere'), /does not load split_elsewhere\.wasm/);
  const broken = LOADER.replaceAll('[__chunk_3]', '[__chunk_9]');
  assert.throws(() => chunkFiles(broken, 'later_pages'), /__chunk_9 is not a chunk/);
});

test('the files go onto the one meta of that name, in trunk\'s minified form too', () => {
  const minified = '<head><meta content=app name=buergerportal><meta content="address file" name=buergerportal-later-controls></head>';
  assert.equal(
    withChunkMeta(minified, 'buergerportal-later-controls', ['a.wasm', 'b.wasm']),
    '<head><meta content=app name=buergerportal><meta content="address file" name=buergerportal-later-controls data-files="a.wasm b.wasm"></head>',
  );
  const source = '<meta name="buergerportal-later-controls" content="address" />';
  assert.equal(withChunkMeta(source, 'buergerportal-later-controls', ['a.wasm']), '<meta name="buergerportal-later-controls" content="address" data-files="a.wasm">');
  // Written again: the files replaced, not added.
  const again = withChunkMeta(withChunkMeta(source, 'buergerportal-later-controls', ['a.wasm']), 'buergerportal-later-controls', ['b.wasm']);
  assert.equal(again, '<meta name="buergerportal-later-controls" content="address" data-files="b.wasm">');
  assert.throws(() => withChunkMeta('<meta content=app name=buergerportal>', 'buergerportal-later-controls', []), /has 0/);
  assert.throws(() => withChunkMeta('<meta data-name=buergerportal-later-controls>', 'buergerportal-later-controls', []), /has 0/);
  assert.throws(() => withChunkMeta(source + source, 'buergerportal-later-controls', []), /has 2/);
});
