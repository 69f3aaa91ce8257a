#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
#
# The API's load benchmark in one run: submissions per second and p50/p99 latency on
# SQLite (one instance) and on PostgreSQL with one and with two instances, each on a fresh
# database, the server profile's build, durable commits. PostgreSQL is a throw-away server under
# target/postgres (scripts/postgres.sh), stopped afterwards unless it was running before.
#
#   scripts/bench-api.sh [TOTAL=2000] [CONCURRENCY=16]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
total="${1:-2000}"
concurrency="${2:-16}"
scripts/setup.sh >/dev/null
was_running=0
[ -f target/postgres/port ] && was_running=1
pg_url=$(scripts/postgres.sh start)
[ $was_running -eq 1 ] || trap 'scripts/postgres.sh stop' EXIT
# The server profile, as scripts/run.sh builds the API: `release` is tuned for the WASM's
# size (opt-level z), which makes the relay's RSA signatures of its events several times
# slower.
cargo build --profile server -p central-api --example load >&2
load="${CARGO_TARGET_DIR:-target}/server/examples/load"
echo "API load benchmark: $total submissions, $concurrency clients, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
"$load" "$total" "$concurrency" 1
"$load" "$total" "$concurrency" 1 "$pg_url"
"$load" "$total" "$concurrency" 2 "$pg_url"
