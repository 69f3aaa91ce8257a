#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Where the portal's time goes (issue #21; not part of the test command): builds the
# release portal as scripts/bench.sh does, makes a copy of dist/ whose WASM keeps its
# function names (wasm-bindgen --keep-debug on the same cargo artifact, before wasm-opt),
# and records Chromium CPU profiles against the real system serving that copy
# (e2e/bench/portal.profile.ts). Prints each profile's functions by time; the profiles
# are kept in target/profile/. It also counts the calls into the DOM while the 300-field
# page is built, by kind (deterministic per build; for another build alone:
# PORTAL_DIST=<dist> npx playwright test -c e2e/bench/playwright.profile.config.ts
# --grep "DOM calls", with the environment set below), and names the WASM functions V8
# compiles at the first keystroke and the first "Next". The method and what it found:
# docs/BENCHMARKS.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
# shellcheck source=/dev/null
source target/toolchain.env

cargo build --profile server -p central-api >&2
scripts/demo-keys.sh land
with_wasm_release_env trunk build --release >&2

PROFILE_DIR="$ROOT/target/profile"
DIST="$PROFILE_DIR/dist"
rm -rf "$DIST" && mkdir -p "$PROFILE_DIR" && cp -r dist "$DIST"
wasm=$(basename "$(ls dist/*_bg.wasm)")
name=${wasm%_bg.wasm}
# The same artifact trunk started from, its names kept; the JS glue made with it, split as
# the portal's build splits it.
TRUNK_STAGING_DIR="$DIST" TRUNK_PROFILE=release SPLIT_WASM_KEEP_NAMES=1 node scripts/split-wasm.mjs
rm -f "$DIST/$name"*.gz "$DIST/$name"*.br "$DIST"/index.html.gz "$DIST"/index.html.br
# The files changed, so their subresource-integrity hashes no longer hold.
sed -i 's/ integrity=sha384-[A-Za-z0-9+\/=]*//g' "$DIST/index.html"

BENCH_DIR="$ROOT/target/bench"
rm -rf "$BENCH_DIR/extra"
cargo run -q -p form-engine --example bench_forms -- "$BENCH_DIR/extra"
cp e2e/bench/catalogue.json "$BENCH_DIR/extra/catalogue.json"
export BENCH_EXTRA_DIR="$BENCH_DIR/extra" BENCH_PLAN="$BENCH_DIR/extra/plan.json"
export KEYS_DIR="$BENCH_DIR/keys" PORTAL_DIST="$DIST" PROFILE_OUT="$PROFILE_DIR"
npx playwright test -c e2e/bench/playwright.profile.config.ts
