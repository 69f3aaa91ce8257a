// SPDX-License-Identifier: EUPL-1.2
// What the split hook (scripts/split-wasm.mjs) tells the API about a WASM chunk: which
// files the split loader fetches for it, written onto a `<meta>` of index.html, so that the
// API can have a page that needs the chunk preload them (src/form/controls/later.rs,
// crates/central-api/src/portal/page_data.rs).

// The files the loader fetches for the chunk `split_NAME.wasm`: those of the chunks it
// depends on (code it shares with another split point), then its own, as the split names
// them (`./chunk_3.wasm`). The loader defines each as
// `const|export const __ID = …makeLoad(() => { … fetch(new URL("./FILE", …)) … }, [__DEP, …])`.
export function chunkFiles(loader, name) {
  const loads = new Map();
  const definition = /(?:export )?const (__[\w$]+) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("([^"]+)", import\.meta\.url\)\);[\s\S]*?\n\}\n, \[([^\]]*)\]\)/g;
  for (const [, id, file, deps] of loader.matchAll(definition)) {
    loads.set(id, { file, deps: deps.split(',').map((d) => d.trim()).filter(Boolean) });
  }
  const own = [...loads.values()].find((load) => load.file === `./split_${name}.wasm`);
  if (!own) throw new Error(`split-wasm: the loader does not load split_${name}.wasm as expected`);
  // Dependencies first, each once, in the order the loader instantiates them.
  const files = [];
  const visit = (load, seen) => {
    for (const dep of load.deps) {
      const inner = loads.get(dep);
      if (!inner || seen.has(dep)) throw new Error(`split-wasm: the loader's ${dep} is not a chunk it loads`);
      visit(inner, new Set([...seen, dep]));
    }
    if (!files.includes(load.file)) files.push(load.file);
  };
  visit(own, new Set());
  return files;
}

// index.html with `data-files` (the chunk's files, space-separated) on the one
// `<meta name=NAME>`, which the API reads (crates/central-api/src/portal/index_html.rs);
// files written there before (a second run of the hook, scripts/profile.sh's) replaced.
export function withChunkMeta(index, metaName, files) {
  const meta = new RegExp(`<meta\\s(?:[^>]*\\s)?name="?${metaName}(?:"|(?=[\\s>]))[^>]*>`, 'g');
  const found = index.match(meta) ?? [];
  if (found.length !== 1) throw new Error(`split-wasm: index.html has ${found.length} <meta name=${metaName}>, not one`);
  const without = found[0].replace(/\sdata-files="[^"]*"/, '');
  return index.replace(found[0], without.replace(/\s*\/?>$/, ` data-files="${files.join(' ')}">`));
}

