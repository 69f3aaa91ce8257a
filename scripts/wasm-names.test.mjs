// SPDX-License-Identifier: EUPL-1.2
// scripts/wasm-names.mjs on modules written here byte by byte: the renamed module must
// still validate, link against the rewritten glue and compute what it computed before.
// Run by scripts/test.sh (`node --test scripts/wasm-names.test.mjs`).
import assert from 'node:assert/strict';
import test from 'node:test';
import { readInterface, renameInterface, shortNames } from './wasm-names.mjs';

// LEB128, as the binary format writes sizes and indices.
const leb = (value) => {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
};
const name = (text) => {
  const bytes = [...new TextEncoder().encode(text)];
  return [...leb(bytes.length), ...bytes];
};
const section = (id, body) => [id, ...leb(body.length), ...body];
const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

const GLUE_MODULE = './x-0123456789abcdef_bg.js';
const LOADER_MODULE = './__wasm_split.js';
// Longer than 127 bytes, as real names are (up to 334): their lengths, and the sections'
// sizes before and after renaming, take more than one byte.
const IMPORT = `__wbg_answer_${'0123456789abcdef'.repeat(9)}`;
const SPLIT_IMPORT = `__wasm_split_load_${'later_pages_'.repeat(12)}`;
const CLOSURE_EXPORT = `wasm_bindgen_0123___convert__closures_____invoke___${'web_sys___Event___'.repeat(6)}true_`;

// Imports a function from the glue (twice, as a module may) and one from the split
// loader; exports `main` (the sum of the three imports' results: 82), a closure entry
// point (7), `a` (1), and `f` (5) next to `f_x` (6), a name it is the prefix of.
function glueModule() {
  const type = section(1, [0x01, 0x60, 0x00, 0x01, 0x7f]);
  const imports = section(2, [
    0x03,
    ...name(GLUE_MODULE), ...name(IMPORT), 0x00, 0x00,
    ...name(LOADER_MODULE), ...name(SPLIT_IMPORT), 0x00, 0x00,
    ...name(GLUE_MODULE), ...name(IMPORT), 0x00, 0x00,
  ]);
  const bodies = [
    [0x00, 0x10, 0x00, 0x10, 0x01, 0x6a, 0x10, 0x02, 0x6a, 0x0b],
    [0x00, 0x41, 7, 0x0b],
    [0x00, 0x41, 1, 0x0b],
    [0x00, 0x41, 5, 0x0b],
    [0x00, 0x41, 6, 0x0b],
  ];
  const functions = section(3, [bodies.length, ...bodies.map(() => 0x00)]);
  const exported = [['main', 3], [CLOSURE_EXPORT, 4], ['a', 5], ['f', 6], ['f_x', 7]];
  const exports = section(7, [exported.length, ...exported.flatMap(([text, index]) => [...name(text), 0x00, index])]);
  const code = section(10, [bodies.length, ...bodies.flatMap((body) => [...leb(body.length), ...body])]);
  return Uint8Array.from([...MAGIC, ...type, ...imports, ...functions, ...exports, ...code]);
}

// Written as wasm-bindgen writes its glue.
const GLUE = `import * as import1 from "./__wasm_split.js"
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        ${IMPORT}: function() {
            const ret = 40;
            return ret;
        },
    };
    return {
        __proto__: null,
        "${GLUE_MODULE}": import0,
        "${LOADER_MODULE}": import1,
    };
}
function ${CLOSURE_EXPORT}() {
    return wasm.${CLOSURE_EXPORT}();
}
let wasm;
function finish(instance) {
    wasm = instance.exports;
    return [${CLOSURE_EXPORT}(), wasm.main(), wasm.a(), wasm.f(), wasm.f_x()];
}
`;
const RESULTS = [7, 82, 1, 5, 6];

// Links the module with the glue (its loader import given as `import1`) and calls it.
function run(bytes, glue) {
  const body = glue.replace(/^import .*\n/, '');
  const { __wbg_get_imports, finish } = new Function('import1', `${body}\nreturn { __wbg_get_imports, finish };`)({
    [SPLIT_IMPORT]: () => 2,
  });
  return finish(new WebAssembly.Instance(new WebAssembly.Module(bytes), __wbg_get_imports()));
}

test('the renamed module links with the rewritten glue and still computes', () => {
  const bytes = glueModule();
  assert.deepEqual(run(bytes, GLUE), RESULTS);
  const short = shortNames(bytes, GLUE);
  assert.ok(short, 'the glue is as wasm-bindgen writes it');
  assert.deepEqual(run(short.bytes, short.glue), RESULTS);
  assert.equal(short.imports, 1, 'the import the glue defines, once for its two entries');
  assert.equal(short.exports, 4, 'the closure, a, f and f_x; not main');

  const module = new WebAssembly.Module(short.bytes);
  const imports = WebAssembly.Module.imports(module);
  assert.deepEqual(
    imports.map((i) => [i.module.length, i.name.length <= 2]),
    [
      [1, true],
      [1, false],
      [1, true],
    ],
    'both modules short, the loader import kept',
  );
  assert.equal(imports[1].name, SPLIT_IMPORT);
  assert.equal(imports[0].name, imports[2].name);
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  assert.equal(exports[0], 'main');
  assert.ok(exports.slice(1).every((e) => e.length <= 2));
  assert.equal(new Set(exports).size, exports.length, 'no two exports of one name');
  // The glue's own function of the same name stays (the minifier shortens it); its
  // call of the export, the import's definition and the modules' keys do not.
  for (const long of [IMPORT, `wasm.${CLOSURE_EXPORT}`, `"${GLUE_MODULE}"`, `"${LOADER_MODULE}":`]) {
    assert.ok(!short.glue.includes(long), `${long} is gone from the glue`);
  }
  assert.ok(short.bytes.length < bytes.length - 300);
});

test('exports the caller keeps are not renamed, and no other export takes their names', () => {
  const short = shortNames(glueModule(), GLUE, [CLOSURE_EXPORT, 'a']);
  assert.ok(short);
  assert.equal(short.exports, 2);
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(short.bytes)).map((e) => e.name);
  assert.ok(exports.includes(CLOSURE_EXPORT) && exports.includes('a'));
  assert.equal(new Set(exports).size, exports.length);
  assert.deepEqual(run(short.bytes, short.glue), RESULTS);
});

// wasm-bindgen's glue when two split points import from the loader: one namespace import
// and one key of the imports object for each, all of the one module.
const GLUE_TWO_LOADER_KEYS = GLUE.replace(
  'import * as import1 from "./__wasm_split.js"\n',
  'import * as import1 from "./__wasm_split.js"\nimport * as import2 from "./__wasm_split.js"\n',
).replace(`"${LOADER_MODULE}": import1,\n`, `"${LOADER_MODULE}": import1,\n        "${LOADER_MODULE}": import2,\n`);

test('a module named once for each of its namespace imports gets one short name', () => {
  assert.notEqual(GLUE_TWO_LOADER_KEYS, GLUE);
  const bytes = glueModule();
  const short = shortNames(bytes, GLUE_TWO_LOADER_KEYS);
  assert.ok(short, 'both keys are the loader\'s namespace');
  assert.ok(!short.glue.includes(`"${LOADER_MODULE}":`));
  const run2 = (b, glue) => run(b, glue.replace(/^import \* as import2 .*\n/m, '').replace(/: import2,/, ': import1,'));
  assert.deepEqual(run2(short.bytes, short.glue), RESULTS);
  // A second key for something that is not that module's namespace: left alone.
  const other = GLUE_TWO_LOADER_KEYS.replace(`"${LOADER_MODULE}": import2,`, `"${LOADER_MODULE}": import0,`);
  assert.equal(shortNames(bytes, other), null);
});

test('a glue or a module not as expected is left alone: the names stay long', () => {
  const bytes = glueModule();
  assert.equal(shortNames(bytes, `${GLUE}\nconsole.log("${IMPORT}");\n`), null);
  assert.equal(shortNames(bytes, `${GLUE}\nconst again = { "${GLUE_MODULE}": 1 };\n`), null);
  // A call of an export the module does not have.
  assert.equal(shortNames(bytes, `${GLUE}\nwasm.missing();\n`), null);
  // One name imported from two modules (the loader's import given the glue's name),
  // defined once.
  const renamed = renameInterface(bytes, { imports: new Map([[`${LOADER_MODULE}\0${SPLIT_IMPORT}`, IMPORT]]) });
  assert.equal(WebAssembly.Module.imports(new WebAssembly.Module(renamed))[1].name, IMPORT);
  assert.equal(shortNames(renamed, GLUE.replace(`"${LOADER_MODULE}": import1`, `"${LOADER_MODULE}": import0`)), null);
  // A module this reader does not know: null (long names kept), not an exception.
  assert.equal(shortNames(bytes.subarray(0, bytes.length - 3), GLUE), null);
});

test('tables, memories, globals and tags are read past and keep their descriptions', () => {
  const imports = section(2, [
    0x04,
    ...name('env'), ...name('table'), 0x01, 0x6f, 0x01, 0x02, 0x10,
    ...name('env'), ...name('memory'), 0x02, 0x00, 0x01,
    ...name('env'), ...name('global'), 0x03, 0x7f, 0x00,
    ...name('env'), ...name('tag'), 0x04, 0x00, 0x00,
  ]);
  const type = section(1, [0x01, 0x60, 0x00, 0x00]);
  const bytes = Uint8Array.from([...MAGIC, ...type, ...imports]);
  const read = readInterface(bytes);
  assert.deepEqual(read.imports.map((i) => i.name), ['table', 'memory', 'global', 'tag']);
  const renamed = renameInterface(bytes, {
    modules: new Map([['env', 'e']]),
    imports: new Map([['env\0memory', 'm']]),
  });
  const kinds = WebAssembly.Module.imports(new WebAssembly.Module(renamed)).map((i) => `${i.module}.${i.name}:${i.kind}`);
  assert.deepEqual(kinds, ['e.table:table', 'e.m:memory', 'e.global:global', 'e.tag:tag']);
});

test('a truncated module is an error, not a wrong rename', () => {
  const bytes = glueModule();
  assert.throws(() => readInterface(bytes.subarray(0, bytes.length - 3)), /truncated/);
  assert.throws(() => readInterface(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])), /not a WASM/);
});
