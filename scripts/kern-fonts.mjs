// SPDX-License-Identifier: EUPL-1.2
// KERN's Fira Sans for the portal, as scripts/kern-css.mjs writes it (issue #21): the two
// weights subset to the characters German and English texts need, with a fallback face
// that keeps the layout stable while they load or for a character they lack.
//
// - Subset with harfbuzz (npm subset-font, its WASM build): the package's files carry
//   Cyrillic, Greek, Vietnamese and more (129 + 140 KiB); Latin basic, Latin-1 and the
//   punctuation below are about 25 KiB each. The same input gives the same bytes, so
//   `kern-css.mjs --check` compares the committed files with a fresh subset.
// - Every character of the portal's own texts and of the demo data must be in the subset:
//   the build fails otherwise, naming it (add it to RANGES, or accept the fallback for it
//   by adding it to OUTSIDE_SUBSET with the reason).
// - `unicode-range` on the faces: a character outside the subset never makes the browser
//   fetch the font for nothing, and it falls to the next family of the stack.
// - "Fira Sans Fallback" is that next family: Arial (or its metric twin Liberation Sans)
//   with `size-adjust` and ascent/descent overrides so that its text takes the space Fira
//   Sans takes; the page does not move when the web font arrives (`font-display: swap`).
import subsetFont from 'subset-font';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const FIRA_FAMILY = 'Fira Sans';
const FALLBACK_FAMILY = 'Fira Sans Fallback';

// The code points kept, as [first, last].
const RANGES = [
  [0x20, 0x7e], // Latin basic
  [0xa0, 0xff], // Latin-1 supplement: umlauts, ß, §, ², ³, ©, accented names, no-break space
  [0x2013, 0x2014], // – —
  [0x2018, 0x201a], // ‘ ’ ‚
  [0x201c, 0x201e], // “ ” „
  [0x2022, 0x2022], // •
  [0x2026, 0x2026], // …
  [0x20ac, 0x20ac], // €
];

// Characters in the checked texts that deliberately stay outside the subset.
const OUTSIDE_SUBSET = new Map();

// The texts a citizen sees: the portal's and the engine's messages, the demo data.
const TEXT_SOURCES = [
  'src/i18n.rs',
  'crates/form-engine/src/messages.rs',
  'crates/central-api/demo',
];

// The weights the portal uses; 500 (KERN's "medium") falls back to 400 by font matching.
// `fallback`: the local font standing in for it and how it is scaled. Fira Sans' vertical
// metrics (hhea = OS/2 typo = win: ascender 935, descender 265, no line gap, 1000 units
// per em) make the line box; `widthRatio` is Fira Sans' advance over Arial's for a
// German and English sample of the portal's texts, measured once in Chromium 156 with
// canvas measureText (Fira Sans 400 / Arial 400: 1.0127; Fira Sans 600 / Arial Bold,
// which a 600 Arial is: 0.9506).
const FONTS = [
  { file: 'FiraSans-Regular.woff2', weight: 400, fallback: { local: ['Arial', 'ArialMT', 'Liberation Sans', 'LiberationSans'], widthRatio: 1.0127 } },
  { file: 'FiraSans-SemiBold.woff2', weight: 600, fallback: { local: ['Arial Bold', 'Arial-BoldMT', 'Liberation Sans Bold', 'LiberationSans-Bold'], widthRatio: 0.9506 } },
];
/** The weights of the faces, as index.html asks for them. */
export const FONT_WEIGHTS = FONTS.map((f) => f.weight);

const FIRA_METRICS = { ascent: 935, descent: 265, lineGap: 0, unitsPerEm: 1000 };

const hex = (n) => n.toString(16).toUpperCase();
const unicodeRange = () => RANGES.map(([a, b]) => (a === b ? `U+${hex(a)}` : `U+${hex(a)}-${hex(b)}`)).join(',');
const inSubset = (cp) => RANGES.some(([a, b]) => cp >= a && cp <= b);
const percent = (x) => `${Number((x * 100).toFixed(2))}%`;

function filesUnder(rel) {
  const full = path.join(ROOT, rel);
  if (!fs.statSync(full).isDirectory()) return [full];
  return fs.readdirSync(full, { recursive: true })
    .map((f) => path.join(full, f))
    .filter((f) => fs.statSync(f).isFile() && /\.(json|rs)$/.test(f))
    .sort();
}

// Fails naming every character of the texts that the subset lacks. Rust comment lines
// are skipped: they are never shown.
function checkCoverage() {
  const missing = new Map();
  for (const file of TEXT_SOURCES.flatMap(filesUnder)) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    for (const line of lines) {
      if (file.endsWith('.rs') && line.trim().startsWith('//')) continue;
      for (const ch of line) {
        const cp = ch.codePointAt(0);
        if (cp < 0x20 || inSubset(cp) || OUTSIDE_SUBSET.has(ch)) continue;
        if (!missing.has(ch)) missing.set(ch, path.relative(ROOT, file));
      }
    }
  }
  if (missing.size) {
    const list = [...missing].map(([ch, file]) => `U+${hex(ch.codePointAt(0))} "${ch}" (${file})`).join(', ');
    throw new Error(`kern-fonts: characters of the portal's texts outside the font subset: ${list}; add them to RANGES in scripts/kern-fonts.mjs`);
  }
}

// The OpenType features kept: those a browser applies to Latin text by itself (harfbuzz's
// default shaping set for it), and tabular figures, which Chromium's own style sheet sets
// on list markers (the step list's "1.", "2."). The portal's CSS asks for no others (no
// `font-feature-settings` or `font-variant-*`). subset-font keeps every feature unless
// told, and their glyphs with them (old-style figures, small capitals, superiors,
// stylistic sets): 50.8 -> 34.4 KiB for the two faces. Screenshots with these and with
// the full set (start page, service page, form step, 300 fields; session 15) differ only
// in the antialiasing of a few pixels of "²". The hinting stays (about 11 KiB more could
// go): Windows renders with it at text sizes.
const DEFAULT_FEATURES = ['ccmp', 'locl', 'mark', 'mkmk', 'kern', 'liga', 'clig', 'calt', 'rlig', 'rvrn', 'rclt', 'dist', 'curs', 'tnum'];

/** The subset fonts as [file name, bytes], from the package's font folder. */
export async function subsetFonts(sourceDir) {
  checkCoverage();
  let text = '';
  for (const [a, b] of RANGES) for (let cp = a; cp <= b; cp++) text += String.fromCodePoint(cp);
  const out = [];
  for (const { file } of FONTS) {
    const bytes = await subsetFont(fs.readFileSync(path.join(sourceDir, file)), text, {
      targetFormat: 'woff2',
      keepFeatures: DEFAULT_FEATURES,
    });
    out.push([file, Buffer.from(bytes)]);
  }
  return out;
}

/** The `@font-face` rules: the subsets, then the metric-adjusted local fallback. */
export function fontFaces() {
  const range = unicodeRange();
  const { ascent, descent, lineGap, unitsPerEm } = FIRA_METRICS;
  return FONTS.flatMap(({ file, weight, fallback }) => {
    const scale = fallback.widthRatio;
    const local = fallback.local.map((name) => `local("${name}")`).join(',');
    return [
      `@font-face{font-family:"${FIRA_FAMILY}";font-style:normal;font-weight:${weight};font-display:swap;src:url("fonts/${file}") format("woff2");unicode-range:${range}}`,
      `@font-face{font-family:"${FALLBACK_FAMILY}";font-style:normal;font-weight:${weight};src:${local};size-adjust:${percent(scale)};ascent-override:${percent(ascent / unitsPerEm / scale)};descent-override:${percent(descent / unitsPerEm / scale)};line-gap-override:${percent(lineGap / unitsPerEm / scale)}}`,
    ];
  }).join('\n');
}

/** A declaration's value with the fallback family right after every "Fira Sans". */
export function useFallbackFamily(value) {
  return value.replaceAll(`"${FIRA_FAMILY}"`, `"${FIRA_FAMILY}","${FALLBACK_FAMILY}"`);
}
