#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# The API checked by a tester that is not ours: Schemathesis (property-based, from PyPI,
# installed by setup.sh into target/tools/schemathesis) generates requests from
# /api/openapi.json, valid and invalid, and checks every answer against the document:
# no server error, every status, media type and body documented, invalid input rejected,
# valid input not refused. Runs against a real server with the demo data on a free
# loopback port; part of the test command. `--max-examples` per operation: CONFORMANCE_EXAMPLES
# (default 40).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BINARY=${BINARY:-${CARGO_TARGET_DIR:-target}/server/central-api}
ST="$ROOT/target/tools/schemathesis/bin/st"
say() { echo "api-conformance: $*" >&2; }
[ -x "$ST" ] || { say "$ST is missing: run scripts/setup.sh"; exit 1; }
[ -x "$BINARY" ] || { say "$BINARY is missing: cargo build --profile server -p central-api"; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

BINARY="$BINARY" scripts/demo-keys.sh register "$work/api.sqlite" >/dev/null
# A sender client is registered (as the operator does) and the tester sends its access
# token with every request, so that it also gets past the bearer checks; the subscriber
# endpoints then answer 403/404 for a sender, which is documented too.
"$BINARY" client register --db "$work/api.sqlite" --sender --file "$work/sender.json" >/dev/null
RUST_LOG=warn "$BINARY" serve --host 127.0.0.1 --port 0 \
  --db "$work/api.sqlite" --static-dir dist >"$work/server.log" 2>&1 &
pid=$!
url=""
for _ in $(seq 1 300); do
  url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$work/server.log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; say "the server did not start"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/server.log" >&2; say "the server did not print its address"; exit 1; }
say "testing $url/api/openapi.json"
id=$(sed -n 's/.*"client_id": *"\([^"]*\)".*/\1/p' "$work/sender.json")
secret=$(sed -n 's/.*"client_secret": *"\([^"]*\)".*/\1/p' "$work/sender.json")
token=$(curl -sf -X POST "$url/token" --data-urlencode grant_type=client_credentials \
  --data-urlencode "client_id=$id" --data-urlencode "client_secret=$secret" \
  | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { say "no access token for the sender client"; exit 1; }

# Each run starts from nothing: Schemathesis would replay the crashes it cached last time.
rm -rf "$ROOT/.schemathesis"
status=0
# One worker: with several threads, Debian 12's Python 3.11.2 can fail inside the tester
# itself ("AST constructor recursion depth mismatch", CPython gh-106905).
"$ST" --no-color --config-file "$ROOT/scripts/schemathesis.toml" run "$url/api/openapi.json" --url "$url" \
  --checks all \
  --max-examples "${CONFORMANCE_EXAMPLES:-40}" \
  --header "Authorization: Bearer $token" \
  --workers 1 \
  --seed 1 \
  --report-dir "$ROOT/target/conformance" || status=$?
if [ $status -ne 0 ]; then
  say "Schemathesis found answers that do not match the OpenAPI document (above)"
  tail -n 20 "$work/server.log" >&2 || true
fi
exit $status
