#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Builds the designers' form preview (issue #7) as a bundle of its own into dist/preview/,
# served by the API under /preview/: `preview/index.html` names the binary
# `src/bin/preview.rs`, so the citizen's bundle in dist/ (measured by size-check.sh)
# gains nothing from it. Run after the citizen build (`trunk build` empties dist/) and
# before scripts/precompress.sh. Expects target/toolchain.env to be sourced.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -f dist/index.html ] || { echo "build-preview: dist/index.html missing: build the portal first" >&2; exit 1; }
# shellcheck source=/dev/null
source target/toolchain.env
with_wasm_release_env trunk build preview/index.html --release --dist dist/preview --public-url /preview/
