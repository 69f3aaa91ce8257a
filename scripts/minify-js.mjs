// SPDX-License-Identifier: EUPL-1.2
// Minifies the JavaScript glue that wasm-bindgen writes (trunk copies it unminified) and
// updates its Subresource Integrity hash in index.html, so the browser still accepts it.
// The file keeps its name: the hash in it stands for the build it came from. Property
// names are kept (esbuild does not mangle them by default), so the WASM still finds its
// imports. Usage: node scripts/minify-js.mjs [dist]
import { transformSync } from 'esbuild';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dist = process.argv[2] ?? 'dist';
const indexPath = path.join(dist, 'index.html');
let index = fs.readFileSync(indexPath, 'utf8');
const sri = (bytes) => 'sha384-' + crypto.createHash('sha384').update(bytes).digest('base64');

for (const name of fs.readdirSync(dist).filter((f) => f.endsWith('.js'))) {
  const file = path.join(dist, name);
  const source = fs.readFileSync(file);
  const before = sri(source);
  const { code } = transformSync(source.toString('utf8'), {
    minify: true,
    format: 'esm',
    target: 'es2020',
    legalComments: 'none',
  });
  fs.writeFileSync(file, code);
  if (index.includes(before)) {
    index = index.split(before).join(sri(Buffer.from(code)));
  }
  console.error(`minify-js: ${name} ${source.length} -> ${Buffer.byteLength(code)} bytes`);
}
fs.writeFileSync(indexPath, index);
