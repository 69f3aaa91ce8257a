#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# The form engine's validation benchmark in Chromium (wasm32, the portal's release
# profile): prints the mean time of from_json, validate_form on the 300-field form and
# one keystroke's incremental revalidation. Not part of the test command.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
# shellcheck source=/dev/null
source target/toolchain.env
# wasm-bindgen-test-runner drives Chromium through chromedriver (Debian: chromium-driver).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
# Its own target folder: the test harness needs a std built differently from the
# portal's release bundle, and the two must not meet in one folder.
export CARGO_TARGET_DIR="$ROOT/target/wasm-bench"
[ "${BP_WASM_MODE:-}" = debian ] && export CARGO_UNSTABLE_BUILD_STD=std,panic_abort,test
with_wasm_env cargo test -p form-engine --release --target wasm32-unknown-unknown \
  --test wasm_bench -- --nocapture
