#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# The size floor under the portal's budget (issue #21; not part of the test command):
# builds examples/size_floor_leptos.rs (a form step in Leptos alone) and
# examples/size_floor_engine.rs (the same with the form engine decoding, validating and
# wording it) with the portal's release flags, binds and optimises each as the portal's
# build does (wasm-bindgen, wasm-opt -Oz --low-memory-unused), and prints their WASM and
# glue raw, gzip -9 and brotli -q 11, beside the portal's path when dist/ holds a release
# build. Sizes are deterministic; this prints them and asserts nothing. docs/SIZE.md
# ("The floor") says what the figures mean.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh >&2
# shellcheck source=/dev/null
source target/toolchain.env

target_dir=$(cargo metadata --no-deps --format-version 1 | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0)).target_directory)')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sizes() {
  local file=$1
  local br=0
  if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$file" | wc -c); fi
  echo "$(stat -c %s "$file") $(gzip -9 -c "$file" | wc -c) $br"
}

printf '%-28s %10s %10s %10s\n' build raw gzip brotli
for example in size_floor_leptos size_floor_engine; do
  with_wasm_release_env cargo build --release --target wasm32-unknown-unknown --example "$example" >&2
  wasm-bindgen --target web --no-typescript --out-dir "$work/$example" \
    "$target_dir/wasm32-unknown-unknown/release/examples/$example.wasm"
  wasm-opt -Oz --low-memory-unused --strip-producers --strip-target-features \
    "$work/$example/${example}_bg.wasm" -o "$work/$example/opt.wasm"
  read -r wasm_raw wasm_gz wasm_br < <(sizes "$work/$example/opt.wasm")
  read -r js_raw js_gz js_br < <(sizes "$work/$example/$example.js")
  printf '%-28s %10d %10d %10d\n' "$example (WASM)" "$wasm_raw" "$wasm_gz" "$wasm_br"
  printf '%-28s %10d %10d %10d\n' "$example (glue)" "$js_raw" "$js_gz" "$js_br"
done

wasm=$(find dist -maxdepth 1 -name '*_bg.wasm' 2>/dev/null | head -1)
if [ -n "$wasm" ]; then
  read -r raw gz br < <(sizes "$wasm")
  printf '%-28s %10d %10d %10d\n' "portal's main module" "$raw" "$gz" "$br"
  echo "size-floor: the portal's whole path (WASM + JS + CSS): scripts/size-check.sh"
else
  echo "size-floor: no release build in dist/ to compare with (trunk build --release)"
fi
