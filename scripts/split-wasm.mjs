// SPDX-License-Identifier: EUPL-1.2
// Trunk's post_build hook (Trunk.toml): splits the citizen portal's WASM into the main
// module and its chunks (issue #21): the pages after a form's steps (src/later_pages.rs),
// loaded when one of them is first shown; the controls of the field types forms ask for
// late (src/form/controls/later.rs), loaded for a step that shows one, whose files it
// writes onto index.html's <meta name=buergerportal-later-controls> for the API to
// preload (scripts/wasm-chunks.mjs); and the code those two share.
//
// Trunk cannot split (trunk-rs/trunk#1022): it runs wasm-bindgen on the whole WASM. This
// hook takes the WASM as cargo linked it (with the linker's relocations, build.rs), splits
// it with wasm-split-cli (scripts/versions.env), runs wasm-bindgen on the main module
// (keeping the function table the chunks import) and wasm-opt on every module, and puts
// the results in trunk's staging folder under trunk's names, the chunks and their loader
// named after them, the Subresource Integrity of index.html updated.
//
// Builds without the `split` feature have no split point: their glue does not import the
// placeholder, and the hook only makes the names of a release build short (the preview).
// scripts/profile.sh runs it again with SPLIT_WASM_KEEP_NAMES=1 for a build whose names
// the profiler shows.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chunkFiles, withChunkMeta } from './wasm-chunks.mjs';
import { withWasmFetch } from './wasm-fetch.mjs';
import { readInterface, shortNames } from './wasm-names.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('split-wasm: run as trunk hook (TRUNK_STAGING_DIR missing)');
const profile = process.env.TRUNK_PROFILE === 'release' ? 'release' : 'debug';
// The split point's import before the split, and the loader the split makes of it.
const PLACEHOLDER = '__wasm_split_placeholder__';
const LOADER_IMPORT = './__wasm_split.js';
// index.html's list of the field types whose controls are in a chunk of their own.
const CONTROLS_META = 'buergerportal-later-controls';

// Classes no one can reach. wasm-streams, which Leptos' server_fn brings into every Leptos
// app, exports three classes that turn Rust streams into JavaScript ones; the portal makes
// no such stream (no Rust function hands one to JavaScript: the glue has no `__wrap` for
// them), but an export keeps its code alive. They are cut from the glue here and their
// exports from the main module (wasm-opt's remove-exports), so that wasm-opt drops the
// code behind them (docs/SIZE.md, session 13). Returns null, leaving everything as it is,
// unless the glue is as this wasm-bindgen writes it and nothing else refers to them.
const DEAD_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];
const DEAD_EXPORTS = '*intounderlying*';

function withoutDeadClasses(js) {
  const cut = (text, start, end) => {
    const from = text.indexOf(start);
    const to = from < 0 ? -1 : text.indexOf(end, from + start.length);
    return to < 0 ? null : text.slice(0, from) + text.slice(to + end.length);
  };
  let out = js;
  for (const name of DEAD_CLASSES) {
    if (out.includes(`${name}.__wrap`)) return null;
    for (const [start, end] of [
      [`export class ${name} {\n`, '\n}\n'],
      [`if (Symbol.dispose) ${name}.prototype[Symbol.dispose]`, '\n'],
      [`const ${name}Finalization = `, ';\n'],
    ]) {
      out = cut(out, start, end);
      if (out === null) return null;
    }
  }
  out = cut(out, 'const __wbindgen_enum_ReadableStreamType = ', ';\n');
  return out === null || /intounderlying|ReadableStreamType/i.test(out) ? null : out;
}

const sri = (bytes) => 'sha384-' + crypto.createHash('sha384').update(bytes).digest('base64');

// index.html with the integrity of `name` changed from `before`'s to `after`'s. A file it
// loads (the glue, the main module) must have its hash there: trunk writes one for each.
function withIntegrity(index, name, before, after) {
  const old = sri(before);
  if (!index.includes(old)) throw new Error(`split-wasm: index.html has no sha384 integrity of ${name}`);
  return index.split(old).join(sri(after));
}

// index.html without trunk's `<link rel=modulepreload>` of the glue. Trunk's inline
// script, first in the head, imports the glue at once, so the link cannot start it any
// sooner; and because the link carries the glue's integrity and the import does not,
// Chromium does not hand the one fetch to the other and loads the glue twice (measured on
// the phone profile: 3.9 KB more on a 1.6 Mbit/s line before the first input). The API
// still sends the glue's preload as a header, without integrity, which the import takes.
// Leaves the index as it is when the link is not there.
function withoutGluePreload(index, glueName) {
  const escaped = glueName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const link = new RegExp(`<link\\b[^>]*\\bhref="?[^" >]*/${escaped}"?[^>]*>`, 'g');
  return index.replace(link, (element) => (/\brel="?modulepreload\b/.test(element) ? '' : element));
}

// `shortNames` of the module and its glue, saying on the console what it did: the short
// pair, or null when the names stay long.
function shortNamesTold(wasmName, bytes, js, kept = []) {
  const short = shortNames(bytes, js, kept);
  if (short) {
    console.error(`split-wasm: ${wasmName}: short names for ${short.imports} imports and ${short.exports} exports`);
  } else {
    console.error(`split-wasm: ${wasmName}: the glue does not name the imports and exports as expected; long names kept`);
  }
  return short;
}

// A release build without split points (the designers' preview, dist/preview/), which
// trunk has bound and optimised: only the short names (scripts/wasm-names.mjs), and
// index.html's integrity of the two files follows; its link to the glue goes
// (withoutGluePreload).
function shortenUnsplit() {
  const glueName = fs
    .readdirSync(staging)
    .find((f) => /^[\w-]+-[0-9a-f]+\.js$/.test(f) && fs.existsSync(path.join(staging, f.replace(/\.js$/, '_bg.wasm'))));
  if (!glueName) return;
  const wasmName = glueName.replace(/\.js$/, '_bg.wasm');
  const [gluePath, wasmPath, indexPath] = [glueName, wasmName, 'index.html'].map((f) => path.join(staging, f));
  const js = fs.readFileSync(gluePath, 'utf8');
  const bytes = fs.readFileSync(wasmPath);
  const short = shortNamesTold(wasmName, bytes, js);
  let index = fs.readFileSync(indexPath, 'utf8');
  if (short) {
    index = withIntegrity(index, glueName, Buffer.from(js), Buffer.from(short.glue));
    index = withIntegrity(index, wasmName, bytes, short.bytes);
    fs.writeFileSync(gluePath, short.glue);
    fs.writeFileSync(wasmPath, short.bytes);
  }
  fs.writeFileSync(indexPath, withoutGluePreload(index, glueName));
}

const glue = fs.readdirSync(staging).find((f) => /^buergerportal-[0-9a-f]+\.js$/.test(f));
// scripts/profile.sh: the names kept for the profiler, nothing optimised away (its copy of
// dist/ is split already, so the glue no longer names the placeholder).
const keepNames = process.env.SPLIT_WASM_KEEP_NAMES === '1';
// Trunk's glue of a build with split points imports the placeholder, which no browser
// resolves: such a build must be split, or the portal would not start.
if (!glue || !(keepNames || fs.readFileSync(path.join(staging, glue), 'utf8').includes(PLACEHOLDER))) {
  if (profile === 'release' && !keepNames) shortenUnsplit();
  process.exit(0);
}
const stem = glue.slice(0, -'.js'.length);
const [base, hash] = [stem.slice(0, stem.lastIndexOf('-')), stem.slice(stem.lastIndexOf('-') + 1)];
const targetDir =
  process.env.CARGO_TARGET_DIR ??
  JSON.parse(execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1'], { encoding: 'utf8' })).target_directory;
const linked = path.join(targetDir, 'wasm32-unknown-unknown', profile, 'buergerportal.wasm');
if (!fs.existsSync(linked) || !fs.readFileSync(linked).includes(PLACEHOLDER)) {
  throw new Error(`split-wasm: ${linked}, the WASM trunk bound, is missing or has no split point`);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'split-wasm-'));
const run = (tool, args) => execFileSync(tool, args, { stdio: ['ignore', 'inherit', 'inherit'] });
try {
  const split = path.join(work, 'split');
  run('wasm-split-cli', [linked, split, '--out-name', stem]);
  const bound = path.join(work, 'bound');
  const keep = keepNames ? ['--keep-debug'] : [];
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', ...keep, '--out-dir', bound, path.join(split, `${stem}.wasm`)]);

  let js = fs.readFileSync(path.join(bound, `${stem}.js`), 'utf8');
  const withoutDead = withoutDeadClasses(js);
  if (withoutDead) {
    js = withoutDead;
  } else {
    console.error('split-wasm: the glue of wasm-streams\' classes is not as expected; kept');
  }

  // The modules as they will be served, by file name.
  const modules = new Map([[`${stem}_bg.wasm`, path.join(bound, `${stem}_bg.wasm`)]]);
  const renamed = new Map();
  // The hash last, as in trunk's names: the API serves a name-hash.ext immutable
  // (crates/central-api/src/assets.rs), so a return visit asks for none of them again.
  // The split writes a chunk of each split point (`split_NAME.wasm`) and a chunk of the code
  // two of them share (`chunk_N.wasm`), loaded with either; both kinds are named
  // `_split_` here, which the size guard and the tests read as "not on the path".
  for (const file of fs.readdirSync(split).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`)) {
    const chunk = file.slice(0, -'.wasm'.length);
    const name = `${base}_${chunk.startsWith('split_') ? chunk : `split_${chunk}`}-${hash}.wasm`;
    renamed.set(`./${file}`, `./${name}`);
    modules.set(name, path.join(split, file));
  }
  if (renamed.size === 0) throw new Error('split-wasm: the split produced no chunk');
  for (const [name, source] of modules) {
    const out = path.join(work, name);
    if (profile === 'release' && !keepNames) {
      // What index.html's data-wasm-opt="z" would do (turned off there: trunk would
      // optimise the whole WASM only for this hook to replace it). --low-memory-unused:
      // docs/SIZE.md, session 10. The producers (tool versions) and target features
      // (read by tools, not by browsers) sections go: 0.2 KiB on the path (session 19).
      const dead = withoutDead && name === `${stem}_bg.wasm` ? [`--remove-exports=${DEAD_EXPORTS}`] : [];
      run('wasm-opt', [...dead, '-Oz', '--low-memory-unused', '--strip-producers', '--strip-target-features', source, '-o', out]);
      if (dead.length && fs.readFileSync(out).includes('intounderlying')) {
        throw new Error(`split-wasm: ${name} still exports wasm-streams' classes`);
      }
    } else {
      fs.copyFileSync(source, out);
    }
  }

  const loaderName = `${base}_split-${hash}.js`;
  let loader = fs.readFileSync(path.join(split, '__wasm_split.js'), 'utf8');
  // Short names for what only the glue and the main module share (scripts/wasm-names.mjs);
  // what the chunk imports from the main module (the function table, memory, shared
  // globals) and whatever else the loader names keep theirs. Not for the profiler, whose
  // names are the point.
  if (profile === 'release' && !keepNames) {
    const main = path.join(work, `${stem}_bg.wasm`);
    const mainBytes = fs.readFileSync(main);
    const mainExports = new Set(readInterface(mainBytes).exports.map((e) => e.name));
    const chunkImports = [...modules.keys()]
      .filter((name) => name !== `${stem}_bg.wasm`)
      .flatMap((name) => readInterface(fs.readFileSync(path.join(work, name))).imports.map((i) => i.name));
    const missing = chunkImports.filter((name) => !mainExports.has(name));
    if (missing.length) throw new Error(`split-wasm: the chunk imports what the main module does not export: ${missing}`);
    const loaderNames = [...loader.matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0]);
    const short = shortNamesTold(`${stem}_bg.wasm`, mainBytes, js, [...chunkImports, ...loaderNames]);
    if (short) {
      fs.writeFileSync(main, short.bytes);
      js = short.glue;
    }
  }
  // The files of the controls' chunk (src/form/controls/later.rs), as served, for the API
  // to preload with a form page whose step needs them.
  const controlsFiles = chunkFiles(loader, 'later_controls').map((file) => renamed.get(file)?.slice(2));
  if (controlsFiles.some((file) => !file)) throw new Error('split-wasm: a file of the controls\' chunk was not renamed');
  for (const [from, to] of renamed) {
    if (loader.split(`"${from}"`).length !== 2) throw new Error(`split-wasm: the loader names ${from} not once`);
    loader = loader.split(`"${from}"`).join(`"${to}"`);
  }
  // Only the module specifier: the same string is the WASM's import module name, the key
  // of the imports object.
  const specifier = `from "${LOADER_IMPORT}"`;
  if (!js.includes(specifier)) throw new Error('split-wasm: the glue does not import the loader');
  js = js.split(specifier).join(`from "./${loaderName}"`);

  const indexPath = path.join(staging, 'index.html');
  let index = fs.readFileSync(indexPath, 'utf8');
  const replace = (name, bytes) => {
    const file = path.join(staging, name);
    if (name === `${stem}_bg.wasm`) {
      index = withIntegrity(index, name, fs.readFileSync(file), bytes);
    } else if (fs.existsSync(file)) {
      index = index.split(sri(fs.readFileSync(file))).join(sri(bytes));
    }
    fs.writeFileSync(file, bytes);
  };
  replace(glue, Buffer.from(js));
  replace(loaderName, Buffer.from(loader));
  // The glue imports the loader before it runs: preloaded with it, the loader costs no
  // round trip of its own. Its folder is the glue's, read from trunk's link of the glue
  // (which goes below, withoutGluePreload); a second run (scripts/profile.sh's) finds the
  // loader's link there already.
  if (!index.includes(loaderName)) {
    const glueHref = index.match(new RegExp(`href="?([^" >]*)${glue.replace('.', '\\.')}`));
    if (!glueHref) throw new Error(`split-wasm: index.html does not preload ${glue}`);
    const preload = `<link crossorigin href=${glueHref[1]}${loaderName} integrity=${sri(Buffer.from(loader))} rel=modulepreload>`;
    if (!index.includes('</head>')) throw new Error('split-wasm: index.html has no </head>');
    index = index.replace('</head>', `${preload}</head>`);
  }
  for (const name of modules.keys()) replace(name, fs.readFileSync(path.join(work, name)));
  // The WASM fetched by index.html's own script, which asks for the fonts when most of it
  // has arrived (scripts/wasm-fetch.mjs).
  index = withWasmFetch(index, fs.statSync(path.join(staging, `${stem}_bg.wasm`)).size);
  index = withChunkMeta(index, CONTROLS_META, controlsFiles);
  fs.writeFileSync(indexPath, withoutGluePreload(index, glue));
  for (const name of modules.keys()) {
    console.error(`split-wasm: ${name} ${fs.statSync(path.join(staging, name)).size} bytes`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
