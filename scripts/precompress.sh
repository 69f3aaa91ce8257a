#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Minifies wasm-bindgen's JavaScript glue (scripts/minify-js.mjs: trunk leaves it as
# written), then writes brotli (.br, quality 11) and gzip (.gz, level 9) variants next to every text or
# WASM file of the built portal (default dist/), so that the server sends them as they
# are (tower-http ServeDir, precompressed_br/precompressed_gzip) without compressing per
# request. Run after every `trunk build`; scripts/run.sh, scripts/test.sh and
# scripts/bench.sh do. Without the brotli command only gzip variants are written.
set -euo pipefail
DIST=${1:-dist}
[ -f "$DIST/index.html" ] || { echo "precompress: $DIST/index.html missing: build first" >&2; exit 1; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for dir in "$DIST" "$DIST/preview"; do
  if [ -f "$dir/index.html" ]; then node "$ROOT/scripts/minify-js.mjs" "$dir"; fi
done

# Variants left from an earlier build would be served for a file that changed.
find "$DIST" -type f \( -name '*.br' -o -name '*.gz' \) -delete
have_brotli=1
command -v brotli >/dev/null || { have_brotli=0; echo "precompress: brotli is missing: writing gzip variants only" >&2; }
count=0
while IFS= read -r -d '' f; do
  gzip -9 -n -k -f "$f"
  [ $have_brotli -eq 1 ] && brotli -q 11 -k -f "$f"
  count=$((count + 1))
done < <(find "$DIST" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \
  -o -name '*.svg' -o -name '*.json' -o -name '*.txt' \) -print0)
echo "precompress: $count files in $DIST with .gz$([ $have_brotli -eq 1 ] && echo ' and .br') variants" >&2
