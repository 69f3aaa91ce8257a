#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Builds the portal (release WASM) and the API, then serves both on one origin:
# http://127.0.0.1:${PORT:-8080}/ with the API under /api/ and the demo data loaded
# into a SQLite file (data/portal.sqlite, created and migrated on start). The demo's keys
# are made beside the server, never by it (scripts/demo-keys.sh): the Land's signing key
# in data/land/ (the portal is built with its public half), the authorities' key pairs in
# data/authority-keys/; their public keys are registered and signed before the start.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
# shellcheck source=/dev/null
source target/toolchain.env

echo "run: building the API" >&2
cargo build --profile server -p central-api >&2
scripts/demo-keys.sh land
echo "run: building the portal (trunk build --release)" >&2
with_wasm_release_env trunk build --release >&2
echo "run: building the form preview (dist/preview/, served at /preview/)" >&2
scripts/build-preview.sh >&2
"${CARGO_TARGET_DIR:-target}/server/central-api" build-embed --static-dir dist >&2
scripts/precompress.sh
mkdir -p data
scripts/demo-keys.sh register "${DB_PATH:-data/portal.sqlite}"
exec "${CARGO_TARGET_DIR:-target}/server/central-api" serve \
  --host "${HOST:-127.0.0.1}" --port "${PORT:-8080}" \
  --db "${DB_PATH:-data/portal.sqlite}" --static-dir dist
