// SPDX-License-Identifier: EUPL-1.2
// Short names for what only the portal's own JavaScript glue and its WASM share (issue #21,
// docs/SIZE.md, session 19). wasm-bindgen names every import after its function and a
// hash (`__wbg_getElementById_7ee213db584f37b0`), the module it comes from after the glue's
// file (`./buergerportal-<hash>_bg.js`), and the closures' entry points after their full
// Rust types (72 to 334 characters). Each name is written twice, in the WASM and in the
// glue, and the hashes do not compress: 7 KiB gzip of the path's bytes, WASM and glue.
//
// Only names nobody else sees are renamed: the glue's import modules and their members,
// and the exports the glue alone calls (`wasm.NAME`). `main`, `embed`, the memory, and
// whatever the split loader or the chunk name (the function table) keep theirs.
// binaryen's --minify-imports-and-exports-and-modules does the WASM side too, but it
// renames every export and folds all modules into one, which the glue's imports object and
// the split loader would then have to be rewritten for.
//
// All or nothing: `shortNames` returns null when the glue is not as this wasm-bindgen writes
// it or the module holds what this reader does not know, and the caller keeps the long
// names (the size guard then shows the loss).

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= bytes.length) throw new Error('wasm-names: truncated LEB128');
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, at];
    shift += 7;
    if (shift > 63) throw new Error('wasm-names: LEB128 too long');
  }
}

function writeU32(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

function readName(bytes, at) {
  const [length, start] = readU32(bytes, at);
  return [decoder.decode(bytes.subarray(start, start + length)), start + length];
}

function writeName(name) {
  const utf8 = encoder.encode(name);
  return [...writeU32(utf8.length), ...utf8];
}

// The bytes of a limits record (tables, memories): flags, minimum, maximum if flagged.
function skipLimits(bytes, at) {
  const flags = bytes[at++];
  if (flags > 0x07) throw new Error(`wasm-names: limits flags ${flags}`);
  [, at] = readU32(bytes, at);
  if (flags & 1) [, at] = readU32(bytes, at);
  return at;
}

// A value or reference type of the MVP and reference-types proposals (one byte each).
function skipValueType(bytes, at) {
  const type = bytes[at];
  if (![0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f].includes(type)) {
    throw new Error(`wasm-names: value type 0x${type.toString(16)}`);
  }
  return at + 1;
}

// Where an import's description ends: function, table, memory, global or tag.
function skipImportDescription(bytes, at) {
  const kind = bytes[at++];
  switch (kind) {
    case 0x00:
      return readU32(bytes, at)[1];
    case 0x01:
      return skipLimits(bytes, skipValueType(bytes, at));
    case 0x02:
      return skipLimits(bytes, at);
    case 0x03:
      return skipValueType(bytes, at) + 1;
    case 0x04:
      return readU32(bytes, at + 1)[1];
    default:
      throw new Error(`wasm-names: import kind ${kind}`);
  }
}

// The module's sections as [id, content].
function sections(bytes) {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (!magic.every((byte, i) => bytes[i] === byte)) throw new Error('wasm-names: not a WASM 1 module');
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readU32(bytes, at + 1);
    if (start + size > bytes.length) throw new Error('wasm-names: truncated section');
    out.push([id, bytes.subarray(start, start + size)]);
    at = start + size;
  }
  return out;
}

// The imports as {module, name, description bytes}, the exports as {name, rest bytes}.
export function readInterface(bytes) {
  const imports = [];
  const exports = [];
  for (const [id, content] of sections(bytes)) {
    if (id === 2) {
      let [count, at] = readU32(content, 0);
      for (; count > 0; count--) {
        let module;
        let name;
        [module, at] = readName(content, at);
        [name, at] = readName(content, at);
        const end = skipImportDescription(content, at);
        imports.push({ module, name, description: content.subarray(at, end) });
        at = end;
      }
      if (at !== content.length) throw new Error('wasm-names: import section has trailing bytes');
    } else if (id === 7) {
      let [count, at] = readU32(content, 0);
      for (; count > 0; count--) {
        let name;
        [name, at] = readName(content, at);
        const end = readU32(content, at + 1)[1];
        exports.push({ name, rest: content.subarray(at, end) });
        at = end;
      }
      if (at !== content.length) throw new Error('wasm-names: export section has trailing bytes');
    }
  }
  return { imports, exports };
}

// The module with its import modules, import names and export names mapped (a name
// missing from a map stays).
export function renameInterface(bytes, { modules = new Map(), imports = new Map(), exports = new Map() }) {
  const { imports: oldImports, exports: oldExports } = readInterface(bytes);
  const parts = [bytes.subarray(0, 8)];
  for (const [id, content] of sections(bytes)) {
    let body = [content];
    if (id === 2) {
      body = [Uint8Array.from(writeU32(oldImports.length))];
      for (const { module, name, description } of oldImports) {
        const key = `${module}\0${name}`;
        body.push(Uint8Array.from([...writeName(modules.get(module) ?? module), ...writeName(imports.get(key) ?? name)]), description);
      }
    } else if (id === 7) {
      body = [Uint8Array.from(writeU32(oldExports.length))];
      for (const { name, rest } of oldExports) body.push(Uint8Array.from(writeName(exports.get(name) ?? name)), rest);
    }
    const size = body.reduce((sum, part) => sum + part.length, 0);
    parts.push(Uint8Array.from([id, ...writeU32(size)]), ...body);
  }
  return new Uint8Array(Buffer.concat(parts));
}

// a … z, A … Z, then two letters and so on: valid identifiers and object keys, none of
// them a name the caller keeps.
function* shortIdentifiers(taken) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (let length = 1; ; length++) {
    const total = letters.length ** length;
    for (let n = 0; n < total; n++) {
      let name = '';
      for (let rest = n, i = 0; i < length; i++, rest = Math.floor(rest / letters.length)) {
        name = letters[rest % letters.length] + name;
      }
      if (!taken.has(name)) yield name;
    }
  }
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const count = (text, pattern) => (text.match(pattern) ?? []).length;
// `wasm.NAME` as a whole: not `x.wasm.NAME` or `$wasm.NAME`, not a prefix of a longer name.
const call = (name, flags) => new RegExp(`(?<![\\w$.])wasm\\.${escapeRegExp(name)}(?![\\w$])`, flags);
// An import's definition in the glue's imports object: `    NAME: function(`.
const definition = (name, flags) => new RegExp(`^(\\s+)${escapeRegExp(name)}: function\\(`, flags);

// How many times `js` names `module` as the key of a namespace import of it
// (`"MODULE": importN,` where `import * as importN from "MODULE"`).
function keysOfNamespaces(js, module) {
  const quoted = escapeRegExp(JSON.stringify(module));
  const namespaces = new Set(
    [...js.matchAll(new RegExp(`^import \\* as ([A-Za-z_$][\\w$]*) from ${quoted};?$`, 'gm'))].map((m) => m[1]),
  );
  return [...js.matchAll(new RegExp(`${quoted}: ([A-Za-z_$][\\w$]*),`, 'g'))].filter((m) => namespaces.has(m[1])).length;
}

// Exports something besides the glue reads: trunk's start script hands the instance's
// exports to the page (`TrunkApplicationStarted`; the benchmark reads `memory`), and
// `main` and `embed` are the portal's entry points.
const ALWAYS_KEPT = ['main', 'embed', 'memory'];

// The WASM (bytes) and its glue (the JavaScript wasm-bindgen wrote, before minifying) with
// short names, or null if the module or the glue is not as expected: an import or export
// the glue does not name exactly once as wasm-bindgen writes it, or a module this reader
// does not know (the caller then keeps the long names). `kept`: export names something
// besides the glue's `wasm.NAME` reads (the split loader, the chunk); never renamed.
export function shortNames(bytes, glue, kept = []) {
  let imports;
  let exports;
  try {
    ({ imports, exports } = readInterface(bytes));
  } catch {
    return null;
  }
  let js = glue;

  // The import modules: keys of the object `__wbg_get_imports` returns, written once, or
  // (wasm-bindgen's way with a module two split points import from) once for each
  // namespace import of that module (`import * as importN from "MODULE"`), all of them
  // the same module's namespace.
  const moduleNames = new Map();
  const moduleIds = shortIdentifiers(new Set());
  for (const module of new Set(imports.map((i) => i.module))) {
    const key = `${JSON.stringify(module)}: `;
    const mentions = js.split(key).length - 1;
    if (mentions !== 1 && !(mentions > 1 && keysOfNamespaces(js, module) === mentions)) return null;
    const short = moduleIds.next().value;
    moduleNames.set(module, short);
    js = js.split(key).join(`${short}: `);
  }

  // The imports the glue defines: members `NAME: function(` of the modules' objects, each
  // imported from one module only (it is defined once). An import it does not define that
  // way (the split loader's, from the loader's namespace) keeps its name.
  const modulesOf = new Map();
  for (const { module, name } of imports) modulesOf.set(name, new Set([...(modulesOf.get(name) ?? []), module]));
  const defined = [...modulesOf.keys()].filter((name) => count(glue, definition(name, 'gm')) === 1);
  const taken = new Set([...modulesOf.keys()].filter((name) => !defined.includes(name)));
  const importIds = shortIdentifiers(taken);
  const importNames = new Map();
  for (const name of defined) {
    // Every mention of the name, the definition included, must be that one definition.
    if (modulesOf.get(name).size !== 1 || count(glue, new RegExp(`(?<![\\w$])${escapeRegExp(name)}(?![\\w$])`, 'g')) !== 1) {
      return null;
    }
    const short = importIds.next().value;
    importNames.set(`${[...modulesOf.get(name)][0]}\0${name}`, short);
    js = js.replace(definition(name, 'm'), `$1${short}: function(`);
  }

  // The exports only the glue calls: the most used get the shortest names.
  const keep = new Set([...ALWAYS_KEPT, ...kept]);
  const calls = (name) => count(js, call(name, 'g'));
  const renamable = exports
    .map((e) => e.name)
    .filter((name) => !keep.has(name) && calls(name) > 0)
    .sort((a, b) => calls(b) - calls(a));
  const exportNames = new Map();
  const exportIds = shortIdentifiers(new Set(exports.map((e) => e.name)));
  for (const name of renamable) {
    const short = exportIds.next().value;
    exportNames.set(name, short);
    js = js.replace(call(name, 'g'), `wasm.${short}`);
  }

  // The result checked as a whole: a valid module; every renamed import defined once in the
  // glue under its new name; every `wasm.NAME` left an export of the renamed module.
  const renamed = renameInterface(bytes, { modules: moduleNames, imports: importNames, exports: exportNames });
  if (!WebAssembly.validate(renamed)) return null;
  const after = readInterface(renamed);
  for (const short of importNames.values()) {
    if (count(js, definition(short, 'gm')) !== 1) return null;
  }
  const exported = new Set(after.exports.map((e) => e.name));
  for (const [, name] of js.matchAll(/(?<![\w$.])wasm\.([A-Za-z_$][\w$]*)/g)) {
    if (!exported.has(name)) return null;
  }
  return { bytes: renamed, glue: js, imports: importNames.size, exports: exportNames.size };
}
