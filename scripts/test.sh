#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Runs every check and test: formatting, clippy (native and wasm32), the Rust tests (the
# API's on SQLite and on PostgreSQL), the release build with its size guard, and the Playwright end-to-end tests in
# Chromium against the real system, started by the tests on a free port.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
# shellcheck source=/dev/null
source target/toolchain.env

step() { printf '\n== %s\n' "$*" >&2; }

# A CI machine builds once and throws the tree away: incremental caches would only fill
# its disk (they are the largest part of target/debug).
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi

step "style/kern.css and public/fonts match a fresh build from @kern-ux/native"
node scripts/kern-css.mjs --check

step "the build scripts' own tests (node --test)"
node --test scripts/wasm-names.test.mjs scripts/wasm-fetch.test.mjs scripts/wasm-chunks.test.mjs

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy (native, all crates)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo clippy (wasm32: portal and form engine)"
with_wasm_env cargo clippy -p buergerportal -p form-engine --target wasm32-unknown-unknown -- -D warnings
# As the portal's release build compiles it: with its split point (src/later_pages.rs).
with_wasm_env cargo clippy -p buergerportal --features split --target wasm32-unknown-unknown -- -D warnings

step "cargo test (the API on SQLite)"
cargo test --workspace

step "the API's tests again on PostgreSQL (a throw-away server under target/postgres)"
pg_url=$(scripts/postgres.sh start)
trap 'scripts/postgres.sh stop' EXIT
# The test binaries the SQLite pass built, run again: `cargo test -p central-api` would
# resolve the dependencies' features for that package alone and compile everything a
# second time (twice the time and the disk, which once filled a CI machine).
mapfile -t api_tests < <(cargo test --workspace --no-run --message-format=json 2>/dev/null |
  node scripts/test-binaries.mjs central-api)
[ ${#api_tests[@]} -gt 0 ] || { echo "test: no test binaries of central-api found" >&2; exit 1; }
for test_binary in "${api_tests[@]}"; do
  (cd crates/central-api && BP_TEST_POSTGRES="$pg_url" "$test_binary")
done

step "the API's server build and the demo Land key (the portal is built with its public half)"
cargo build --profile server -p central-api
scripts/demo-keys.sh land

step "portal release build"
with_wasm_release_env trunk build --release

step "preview release build (its own bundle in dist/preview/)"
scripts/build-preview.sh
"${CARGO_TARGET_DIR:-target}/server/central-api" build-embed --static-dir dist
scripts/precompress.sh

step "size guard"
scripts/size-check.sh

step "the API against its OpenAPI document, by an independent tester (Schemathesis)"
scripts/api-conformance.sh

step "FIT-Connect interoperability: a Python sender and subscriber (not ours) against the relay"
scripts/interop.sh

step "end-to-end tests (Playwright, Chromium)"
rm -rf e2e/artifacts
status=0
npx playwright test || status=$?
node e2e/support/summary.mjs e2e/artifacts/results.json || true
exit $status
