// SPDX-License-Identifier: EUPL-1.2
// Builds style/kern.css: only the parts of the KERN UX design system (npm @kern-ux/native,
// EUPL-1.2) that the portal uses, compiled from the package's SCSS sources with the sass
// npm API, then trimmed to the KERN classes listed below and to the custom properties those
// rules actually read. Also writes the Fira Sans weights the portal uses to public/fonts/,
// subset to the characters German and English texts need (scripts/kern-fonts.mjs).
//
//   node scripts/kern-css.mjs          write style/kern.css and public/fonts/*.woff2
//   node scripts/kern-css.mjs --check  fail if the committed files differ from a fresh build
//
// The whole kern.min.css is 35 KiB gzip; this build is a fraction of it. To use another
// KERN component: add its SCSS module to MODULES and its classes to CLASSES, run the
// script, commit style/kern.css.
import * as sass from 'sass';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIRA_FAMILY, FONT_WEIGHTS, fontFaces, subsetFonts, useFallbackFamily } from './kern-fonts.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = path.join(ROOT, 'node_modules/@kern-ux/native');
const CORE = path.join(PKG, 'src/scss/core');
const OUT = path.join(ROOT, 'style/kern.css');
const PORTAL_CSS = path.join(ROOT, 'style/portal.css');
const FONTS_OUT = path.join(ROOT, 'public/fonts');

// SCSS modules of src/scss/core, in KERN's own order (base, tokens, layers, components,
// typography). Not taken: icons (data: URIs, which the CSP's img-src 'self' blocks),
// dark colours (the portal is light only: <meta name="color-scheme" content="light">),
// the grid and the utility classes (portal.css does the little layout there is).
const MODULES = [
  'global',
  'tokens',
  'layers',
  'components/button',
  'components/check',
  'components/radio',
  'components/checkbox',
  'components/input',
  'components/input-group',
  'components/fieldset',
  'components/alert',
  'components/description-list',
  'components/kopfzeile',
  'typography/body',
  'typography/heading',
  'typography/label',
  'typography/link',
  'typography/list',
  'typography/title',
];

// The KERN classes the portal's markup uses. A rule whose selector names any other
// kern-* class is dropped (a selector list keeps its other selectors).
const CLASSES = new Set([
  'kern-alert', 'kern-alert--danger', 'kern-alert--success',
  'kern-alert__header', 'kern-alert__body',
  'kern-body', 'kern-body--large', 'kern-body--small', 'kern-body--bold', 'kern-body--muted',
  'kern-btn', 'kern-btn--primary', 'kern-btn--secondary', 'kern-btn--tertiary',
  'kern-description-list', 'kern-description-list-item',
  'kern-description-list-item__key', 'kern-description-list-item__value',
  'kern-error',
  'kern-fieldset', 'kern-fieldset--error', 'kern-fieldset__body', 'kern-fieldset__body--horizontal',
  'kern-form-check', 'kern-form-check__radio', 'kern-form-check__checkbox',
  'kern-form-input', 'kern-form-input--error', 'kern-form-input__input',
  'kern-input-group', 'kern-input-group-text',
  'kern-heading-x-large', 'kern-heading-large', 'kern-heading-medium', 'kern-heading-small',
  'kern-hint',
  'kern-kopfzeile', 'kern-kopfzeile__content', 'kern-kopfzeile__label',
  'kern-label', 'kern-label--small', 'kern-label__optional',
  'kern-link',
  'kern-list',
  'kern-title', 'kern-title--large', 'kern-title--small',
]);

function compile() {
  const entry = MODULES.map((m) => `@use "${m}";`).join('\n');
  return sass.compileString(entry, {
    loadPaths: [CORE],
    style: 'compressed',
    logger: sass.Logger.silent,
  }).css;
}

// --- a small parser for sass's compressed output ---------------------------------------
// Nodes: { sel, decls } style rules, { at, children } block at-rules (@media, @supports),
// { at, decls } declaration at-rules (@font-face), { stmt } statements (@charset).
function parse(css) {
  let i = 0;
  function readUntil(stops) {
    let out = '';
    let depth = 0;
    while (i < css.length) {
      const c = css[i];
      if (c === '"' || c === "'") {
        const end = css.indexOf(c, i + 1);
        out += css.slice(i, end + 1);
        i = end + 1;
        continue;
      }
      if (c === '(') depth++;
      if (c === ')') depth--;
      if (depth === 0 && stops.includes(c)) return out;
      out += c;
      i++;
    }
    return out;
  }
  function block() {
    const nodes = [];
    while (i < css.length && css[i] !== '}') {
      const head = readUntil('{;}').trim();
      if (css[i] === ';') { i++; if (head) nodes.push({ stmt: head }); continue; }
      if (css[i] !== '{') break;
      i++;
      if (/^@(media|supports|container|layer|document)/.test(head)) {
        const children = block();
        i++;
        nodes.push({ at: head, children });
      } else {
        const body = readUntil('}');
        i++;
        const decls = splitDecls(body);
        nodes.push(head.startsWith('@') ? { at: head, decls } : { sel: head, decls });
      }
    }
    return nodes;
  }
  return block();
}

function splitTop(text, sep) {
  const parts = [];
  let depth = 0, cur = '', quote = null;
  for (const c of text) {
    if (quote) { cur += c; if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'") { quote = c; cur += c; continue; }
    if (c === '(' || c === '[') depth++;
    if (c === ')' || c === ']') depth--;
    if (c === sep && depth === 0) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  parts.push(cur);
  return parts;
}

function splitDecls(body) {
  return splitTop(body, ';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const colon = d.indexOf(':');
    return { prop: d.slice(0, colon).trim(), value: d.slice(colon + 1).trim() };
  });
}

// --- trimming -----------------------------------------------------------------------------
function keepSelector(sel) {
  // A negation never needs a class; :is(a, b) needs one of its alternatives.
  sel = sel.replace(/:not\([^()]*\)/g, '');
  let alive = true;
  sel = sel.replace(/:is\(([^()]*)\)/g, (_, list) => {
    if (!splitTop(list, ',').some(keepSelector)) alive = false;
    return '';
  });
  if (!alive || /data-kern-theme|\.kern-(light|dark)\b/.test(sel)) return false;
  const classes = sel.match(/\.kern-[\w-]+/g) || [];
  return classes.every((c) => CLASSES.has(c.slice(1)));
}

function trimSelectors(nodes) {
  const out = [];
  for (const n of nodes) {
    if (n.children) {
      if (/prefers-color-scheme:\s*dark/.test(n.at)) continue;
      const children = trimSelectors(n.children);
      // Light only: KERN's light colours apply whatever the system's preference.
      if (/prefers-color-scheme:\s*light/.test(n.at)) { out.push(...children); continue; }
      if (children.length) out.push({ ...n, children });
    } else if (n.sel !== undefined) {
      const kept = splitTop(n.sel, ',').filter(keepSelector);
      if (kept.length && n.decls.length) out.push({ ...n, sel: kept.join(',') });
    } else {
      out.push(n);
    }
  }
  return out;
}

function walkDecls(nodes, fn) {
  for (const n of nodes) {
    if (n.children) walkDecls(n.children, fn);
    else if (n.decls) n.decls.forEach((d) => fn(d));
  }
}

const refs = (value) => (value.match(/var\(\s*--[\w-]+/g) || []).map((r) => r.replace(/var\(\s*/, ''));

// Keep a custom property only where something reads it: an ordinary declaration here or
// in style/portal.css (which uses KERN's tokens), or a custom property that is itself kept
// (to a fixed point).
function trimCustomProperties(nodes) {
  const defs = new Map();
  const used = new Set(refs(fs.readFileSync(PORTAL_CSS, 'utf8')));
  walkDecls(nodes, (d) => {
    if (d.prop.startsWith('--')) {
      if (!defs.has(d.prop)) defs.set(d.prop, new Set());
      refs(d.value).forEach((r) => defs.get(d.prop).add(r));
    } else {
      refs(d.value).forEach((r) => used.add(r));
    }
  });
  const queue = [...used];
  while (queue.length) {
    const p = queue.pop();
    for (const r of defs.get(p) || []) if (!used.has(r)) { used.add(r); queue.push(r); }
  }
  const prune = (list) => list
    .map((n) => {
      if (n.children) return { ...n, children: prune(n.children) };
      if (n.decls) return { ...n, decls: n.decls.filter((d) => !d.prop.startsWith('--') || used.has(d.prop)) };
      return n;
    })
    .filter((n) => (n.children ? n.children.length : n.decls ? n.decls.length : true));
  return prune(nodes);
}

function print(nodes, indent = '') {
  return nodes.map((n) => {
    if (n.stmt) return `${indent}${n.stmt};`;
    const decls = n.decls && n.decls.map((d) => `${d.prop}:${d.value}`).join(';');
    if (n.children) return `${indent}${n.at}{\n${print(n.children, indent + '  ')}\n${indent}}`;
    return `${indent}${n.at ?? n.sel}{${decls}}`;
  }).join('\n');
}

function build() {
  const version = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8')).version;
  let nodes = parse(compile());
  nodes = trimSelectors(nodes);
  nodes = trimCustomProperties(nodes);
  walkDecls(nodes, (d) => { d.value = useFallbackFamily(d.value); });
  const body = print(nodes);
  if (/url\(\s*["']?data:/.test(body)) {
    throw new Error('kern-css: a data: URI is left (the CSP blocks it): drop the module or class that brings it');
  }
  const header = `/* SPDX-License-Identifier: EUPL-1.2
   Generated by scripts/kern-css.mjs from @kern-ux/native ${version} (KERN UX, EUPL-1.2,
   src/scss/core): only the modules and classes the portal uses. Do not edit: change the
   script and run \`node scripts/kern-css.mjs\`; scripts/test.sh checks it is up to date.
   Fira Sans (SIL OFL 1.1, public/fonts/OFL.txt) from the same package's dist/fonts,
   subset by scripts/kern-fonts.mjs. */
`;
  return header + fontFaces() + '\n' + body + '\n';
}

const check = process.argv.includes('--check');
const css = build();
const fonts = await subsetFonts(path.join(PKG, 'dist/fonts/fira-sans'));
if (check) {
  const problems = [];
  if (!fs.existsSync(OUT) || fs.readFileSync(OUT, 'utf8') !== css) problems.push('style/kern.css');
  for (const [file, bytes] of fonts) {
    const target = path.join(FONTS_OUT, file);
    if (!fs.existsSync(target) || !fs.readFileSync(target).equals(bytes)) problems.push(`public/fonts/${file}`);
  }
  // index.html asks for exactly these faces when most of the WASM has arrived (every page
  // uses both; issue #21: before the first render, without holding back the WASM).
  const asked = [...fs.readFileSync('index.html', 'utf8').matchAll(/document\.fonts\.load\('(\d+) 1em "([^"]+)"'\)/g)]
    .map((m) => `${m[2]} ${m[1]}`)
    .sort();
  const made = FONT_WEIGHTS.map((weight) => `${FIRA_FAMILY} ${weight}`).sort();
  if (asked.join() !== made.join()) problems.push(`index.html's font loads (${asked.join(', ')}; the faces are ${made.join(', ')})`);
  if (problems.length) {
    console.error(`kern-css: out of date: ${problems.join(', ')}; run node scripts/kern-css.mjs and commit`);
    process.exit(1);
  }
  console.log('kern-css: style/kern.css and public/fonts are up to date');
} else {
  fs.writeFileSync(OUT, css);
  fs.mkdirSync(FONTS_OUT, { recursive: true });
  for (const [file, bytes] of fonts) fs.writeFileSync(path.join(FONTS_OUT, file), bytes);
  const sizes = fonts.map(([file, bytes]) => `${file} ${bytes.length} B`).join(', ');
  console.log(`kern-css: wrote style/kern.css (${css.length} bytes) and the ${FIRA_FAMILY} subsets: ${sizes}`);
}
