// SPDX-License-Identifier: EUPL-1.2
// The citizen portal's index.html made to load its WASM through the fetch of its own
// inline script (index.html, the script with `data-wasm-bytes`), which asks for the web
// fonts when most of the module has arrived (issue #21, docs/BENCHMARKS.md, session 22).
// Called by scripts/split-wasm.mjs with the main module's final size.
//
// Two changes, both idempotent (scripts/profile.sh runs the hook a second time):
// - the script's `data-wasm-bytes` is the module's size in bytes, as the browser counts it
//   (decoded, whatever the transfer's compression);
// - trunk's loader script, `init({ module_or_path: '/x_bg.wasm' })`, takes that fetch
//   (`window.buergerportalWasm`) where there is one, else fetches the path as before. Two
//   fetches of the one file would load it twice.
// Throws when the index is not as expected, rather than leaving a build that fetches the
// WASM twice or asks for the fonts at the wrong time.

const SIZE = /(<script\b[^>]*\bdata-wasm-bytes=)("?)(\d*)\2(?=[\s>])/;
const LOADER = /module_or_path:\s*(['"`])(\/[^'"`]*_bg\.wasm)\1/;
const TAKEN = /module_or_path:\s*window\.buergerportalWasm\s*\?\?\s*(['"`])(\/[^'"`]*_bg\.wasm)\1/;

// The hrefs of the `<link rel=preload type=application/wasm>` elements (quoted or not).
function wasmPreloads(index) {
  const attr = (tag, name) => tag.match(new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]*))`, 'i'))?.slice(1).find((v) => v !== undefined);
  return [...index.matchAll(/<link\b[^>]*>/gi)]
    .map((m) => m[0])
    .filter((tag) => /\bpreload\b/i.test(attr(tag, 'rel') ?? '') && (attr(tag, 'type') ?? '') === 'application/wasm')
    .map((tag) => attr(tag, 'href'));
}

export function withWasmFetch(index, bytes) {
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new Error(`wasm-fetch: not a size: ${bytes}`);
  if (!SIZE.test(index)) throw new Error('wasm-fetch: index.html has no script with data-wasm-bytes');
  // The loader as trunk writes it, or as a run before this one left it.
  const loader = index.match(LOADER) ?? index.match(TAKEN);
  if (!loader) throw new Error("wasm-fetch: index.html has no loader with module_or_path: '/…_bg.wasm'");
  // The script fetches the one WASM the head preloads; it must be the loader's module.
  const preloads = wasmPreloads(index);
  if (preloads.length !== 1 || preloads[0] !== loader[2]) {
    throw new Error(`wasm-fetch: index.html must preload exactly the loader's WASM ${loader[2]}, not ${preloads.join(', ') || 'none'}`);
  }
  let out = index.replace(SIZE, (_, start) => `${start}${bytes}`);
  if (!TAKEN.test(out)) {
    out = out.replace(LOADER, (_, quote, wasm) => `module_or_path: window.buergerportalWasm ?? ${quote}${wasm}${quote}`);
  }
  return out;
}
