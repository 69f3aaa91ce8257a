#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# The portal benchmark (issue #10; not part of the test command): builds the release
# portal (precompressed) and the API, generates the 300-field benchmark forms and checks
# them against the engine and the JSON Schema, starts the real system with them loaded
# (central-api seed --extra) and measures in Chromium with Playwright: the bytes the
# citizen path loads, navigation → first input, keystroke → validation message,
# "Next" → next step, a 300-field page until all controls are in the DOM, and the memory
# after it. Prints medians of BENCH_RUNS runs (default 7, at least 5), then the size
# check with twiggy's largest functions. Results: target/bench/results.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
# shellcheck source=/dev/null
source target/toolchain.env

say() { printf '\n== bench: %s\n' "$*" >&2; }

say "API (server profile) and the demo Land key (the portal is built with its public half)"
cargo build --profile server -p central-api >&2
scripts/demo-keys.sh land
say "portal release build"
with_wasm_release_env trunk build --release >&2
scripts/build-preview.sh >&2
"${CARGO_TARGET_DIR:-target}/server/central-api" build-embed --static-dir dist >&2
scripts/precompress.sh

BENCH_DIR="$ROOT/target/bench"
say "benchmark forms (generated, checked against the engine and the schema)"
rm -rf "$BENCH_DIR/extra"
cargo run -q -p form-engine --example bench_forms -- "$BENCH_DIR/extra"
cp e2e/bench/catalogue.json "$BENCH_DIR/extra/catalogue.json"

say "measuring in Chromium"
export BENCH_EXTRA_DIR="$BENCH_DIR/extra" BENCH_PLAN="$BENCH_DIR/extra/plan.json"
export BENCH_OUT="$BENCH_DIR/results.json" BENCH_RUNS="${BENCH_RUNS:-7}"
# The authorities' demo keys are kept between runs: generating them at every start
# would compete with the browser for the two cores.
export KEYS_DIR="$BENCH_DIR/keys"
rm -f "$BENCH_OUT"
npx playwright test -c e2e/bench/playwright.bench.config.ts

say "size (the files as built, and what dominates the WASM)"
scripts/size-check.sh || true
node e2e/bench/wasm-crates.mjs
node e2e/bench/report.mjs "$BENCH_OUT"
