// SPDX-License-Identifier: EUPL-1.2
// scripts/wasm-names.mjs on modules written here byte by byte: the renamed module must
// still validate, link against the rewritten glue and compute what it computed before.
// Run by scripts/test.sh (`node --test scripts/wasm-names.test.mjs`).
import assert from 'node:assert/strict';
import test from 'node:test';
import { readInterface, renameInterface, shortNames } from './wasm-names.mjs';

const name = (text) => {
  const bytes = [...new TextEncoder().encode(text)];
  return [bytes.length, ...bytes];
};
const section = (id, body) => [id, body.length, ...body];
const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

const GLUE_MODULE = './x-0123456789abcdef_bg.js';
const LOADER_MODULE = './__wasm_split.js';
const IMPORT = '__wbg_answer_0123456789abcdef';
const SPLIT_IMPORT = '__wasm_split_load_later';
const CLOSURE_EXPORT = 'wasm_bindgen_0123___convert__closures_____invoke___web_sys___Event______true_';

// Imports one function from the glue and one from the split loader; exports `main` and a
// closure entry point, both returning the sum of the two imports' results.
function glueModule() {
  const type = section(1, [0x01, 0x60, 0x00, 0x01, 0x7f]);
  const imports = section(2, [0x02, ...name(GLUE_MODULE), ...name(IMPORT), 0x00, 0x00, ...name(LOADER_MODULE), ...name(SPLIT_IMPORT), 0x00, 0x00]);
  const functions = section(3, [0x01, 0x00]);
  const exports = section(7, [0x02, ...name('main'), 0x00, 0x02, ...name(CLOSURE_EXPORT), 0x00, 0x02]);
  const body = [0x00, 0x10, 0x00, 0x10, 0x01, 0x6a, 0x0b];
  const code = section(10, [0x01, body.length, ...body]);
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
    return [${CLOSURE_EXPORT}(), wasm.main()];
}
`;

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
  assert.deepEqual(run(bytes, GLUE), [42, 42]);
  const short = shortNames(bytes, GLUE);
  assert.ok(short, 'the glue is as wasm-bindgen writes it');
  assert.deepEqual(run(short.bytes, short.glue), [42, 42]);
  assert.equal(short.imports, 1);
  assert.equal(short.exports, 1);

  const module = new WebAssembly.Module(short.bytes);
  const imports = WebAssembly.Module.imports(module);
  assert.deepEqual(
    imports.map((i) => [i.module.length, i.name.length <= 2]),
    [
      [1, true],
      [1, false],
    ],
    'both modules short, the loader import kept',
  );
  assert.equal(imports[1].name, SPLIT_IMPORT);
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  assert.equal(exports[0], 'main');
  assert.ok(exports[1].length <= 2);
  // The glue's own function of the same name stays (the minifier shortens it); its
  // call of the export, the import's definition and the modules' keys do not.
  for (const long of [IMPORT, `wasm.${CLOSURE_EXPORT}`, `"${GLUE_MODULE}"`, `"${LOADER_MODULE}":`]) {
    assert.ok(!short.glue.includes(long), `${long} is gone from the glue`);
  }
  assert.ok(short.bytes.length < bytes.length - 100);
});

test('exports the caller keeps are not renamed', () => {
  const short = shortNames(glueModule(), GLUE, [CLOSURE_EXPORT]);
  assert.ok(short);
  assert.equal(short.exports, 0);
  assert.ok(WebAssembly.Module.exports(new WebAssembly.Module(short.bytes)).some((e) => e.name === CLOSURE_EXPORT));
  assert.deepEqual(run(short.bytes, short.glue), [42, 42]);
});

test('a glue that names an import elsewhere, or a module twice, is left alone', () => {
  const bytes = glueModule();
  assert.equal(shortNames(bytes, `${GLUE}\nconsole.log("${IMPORT}");\n`), null);
  assert.equal(shortNames(bytes, `${GLUE}\nconst again = { "${GLUE_MODULE}": 1 };\n`), null);
  // A call of an export the module does not have.
  assert.equal(shortNames(bytes, `${GLUE}\nwasm.missing();\n`), null);
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
