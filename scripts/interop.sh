#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# FIT-Connect interoperability: the relay against a sender and a subscriber that are not
# ours (interop/fit_connect/, Python, written from FIT-Connect's specification; installed
# by setup.sh into target/tools/interop). A fresh server on a throw-away SQLite database
# with the demo keys (scripts/demo-keys.sh), then:
#   (a) Python sender -> Python subscriber accepts -> the citizen's status says accepted,
#       and the sender verifies the acceptance in the case's event log;
#   (b) Python sender with a wrong data hash in its metadata -> Python subscriber
#       rejects -> the status says rejected, with the reason;
#   (c) Python sender -> our own subscriber (`central-api inbox --api ... --decide`)
#       accepts -> the status says accepted, and the sender verifies that event too;
#   (d) the same with every JWE compressed (`zip` DEF, as some SDKs always send): the
#       relay takes them, our subscriber inflates and accepts.
# Every check fails the script with what was expected and what came.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BINARY=${BINARY:-${CARGO_TARGET_DIR:-target}/server/central-api}
AUTHORITY_KEYS=${AUTHORITY_KEYS:-data/authority-keys}
SENDER_CLIENT=${SENDER_CLIENT:-data/sender-client.json}
PY="$ROOT/target/tools/interop/bin/python"
# No __pycache__ beside the clients' sources in the work tree.
export PYTHONDONTWRITEBYTECODE=1
FC="$ROOT/interop/fit_connect"
say() { echo "interop: $*" >&2; }
fail() {
  say "FAILED: $*"
  [ -n "${work:-}" ] && [ -f "$work/server.log" ] && tail -n 20 "$work/server.log" >&2
  exit 1
}
[ -x "$PY" ] || { say "$PY is missing: run scripts/setup.sh"; exit 1; }
[ -x "$BINARY" ] || { say "$BINARY is missing: cargo build --profile server -p central-api"; exit 1; }

# The service whose form has file fields (attachments are exercised), and a place in the
# district of its authority, the county's nature conservation authority.
LEIKA=99136002000000
ARS=010510044044
AUTHORITY=kreis-dithmarschen-naturschutz

work=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

BINARY="$BINARY" AUTHORITY_KEYS="$AUTHORITY_KEYS" SENDER_CLIENT="$SENDER_CLIENT" \
  scripts/demo-keys.sh register "$work/api.sqlite" >/dev/null
RUST_LOG=warn "$BINARY" serve --host 127.0.0.1 --port 0 --db "$work/api.sqlite" \
  --static-dir "$work/no-portal" >"$work/server.log" 2>&1 &
pid=$!
api=""
for _ in $(seq 1 300); do
  api=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$work/server.log" | head -1 || true)
  [ -n "$api" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; fail "the server did not start"; }
  sleep 0.1
done
[ -n "$api" ] || fail "the server did not print its address"
say "relay at $api"

send() { # name [extra sender args]: the sender's JSON line in $work/name.json
  local name=$1
  shift
  "$PY" "$FC/sender.py" --api "$api" --client "$SENDER_CLIENT" --leika "$LEIKA" --ars "$ARS" \
    --answers "$FC/answers/baumfaellgenehmigung.json" --attach "site_plan=$FC/site-plan.pdf" \
    "$@" >"$work/$name.json" 2>"$work/$name.log" ||
    { cat "$work/$name.log" >&2; fail "$name: the Python sender failed"; }
}
field() { "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
subscribe() { # name: the Python subscriber decides on the submission of $work/name.json
  local name=$1
  "$PY" "$FC/subscriber.py" --api "$api" --keys-dir "$AUTHORITY_KEYS" --authority "$AUTHORITY" \
    --submission "$(field "$work/$name.json" submissionId)" >"$work/$name.decided.json" 2>"$work/$name.sub.log" ||
    { cat "$work/$name.sub.log" >&2; fail "$name: the Python subscriber failed"; }
  [ -s "$work/$name.decided.json" ] || fail "$name: the Python subscriber did not find the submission for pickup"
}
status_of() { # name: the citizen's status JSON of the submission
  curl -fsS "$api/api/submissions/$(field "$work/$1.json" reference)?token=$(field "$work/$1.json" statusToken)"
}
expect_status() { # name status [reason substring]
  local name=$1 want=$2 reason=${3:-} got
  got=$(status_of "$name") || fail "$name: GET /api/submissions/{reference}?token= failed"
  echo "$got" >"$work/$name.status.json"
  [ "$(field "$work/$name.status.json" status)" = "$want" ] ||
    fail "$name: status should be $want, the relay says: $got"
  if [ -n "$reason" ]; then
    field "$work/$name.status.json" reason | grep -qF "$reason" ||
      fail "$name: the reason should name \"$reason\", the relay says: $got"
  fi
}
sender_sees() { # name decision: the sender's view of the event log (signatures, tags)
  local name=$1 want=$2
  "$PY" "$FC/status.py" --api "$api" --client "$SENDER_CLIENT" --sent "$work/$name.json" \
    >"$work/$name.events.json" 2>"$work/$name.events.log" ||
    { cat "$work/$name.events.log" >&2; fail "$name: the case's event log does not verify for the sender"; }
  [ "$(field "$work/$name.events.json" decision)" = "$want" ] ||
    fail "$name: the event log should record $want: $(cat "$work/$name.events.json")"
  if [ "$want" = accepted ]; then
    [ "$(field "$work/$name.events.json" tagsMatch)" = True ] ||
      fail "$name: accept-submission names other authentication tags than the sender uploaded: $(cat "$work/$name.events.json")"
  fi
}

passed=()
check() { passed+=("$1"); say "ok: $1"; }

# (a) Python sender -> Python subscriber accepts.
send a
subscribe a
[ "$(field "$work/a.decided.json" decision)" = accepted ] ||
  fail "a: the Python subscriber should accept an intact submission: $(cat "$work/a.decided.json")"
expect_status a accepted
sender_sees a accepted
check "(a) Python sender -> Python subscriber accepts -> status accepted, acceptance verified by the sender"

# (b) A wrong data hash -> Python subscriber rejects, the citizen sees why.
send b --wrong-data-hash
subscribe b
[ "$(field "$work/b.decided.json" decision)" = rejected ] ||
  fail "b: the Python subscriber should reject a wrong data hash: $(cat "$work/b.decided.json")"
expect_status b rejected "hash of the data"
sender_sees b rejected
check "(b) wrong data hash -> Python subscriber rejects -> status rejected with the reason"

# (c) Python sender -> our own FIT-Connect subscriber, `central-api inbox --api`.
"$BINARY" inbox --help 2>/dev/null | grep -q -- '--api' ||
  fail "c: \`central-api inbox\` takes no --api yet (it is to be a FIT-Connect subscriber of the relay)"
inbox_accepts() { # name [extra sender args]: sent, decided by our inbox, accepted, seen so
  local name=$1
  send "$@"
  "$BINARY" inbox --api "$api" --keys-dir "$AUTHORITY_KEYS" --authority "$AUTHORITY" --decide \
    >"$work/$name.inbox.json" 2>"$work/$name.inbox.log" ||
    { cat "$work/$name.inbox.log" >&2; fail "$name: central-api inbox --api $api --decide failed"; }
  expect_status "$name" accepted
  sender_sees "$name" accepted
}
inbox_accepts c
check "(c) Python sender -> central-api inbox --decide -> status accepted, acceptance verified by the sender"

# (d) Compressed JWEs (zip DEF) -> our subscriber inflates them and accepts.
inbox_accepts d --zip
check "(d) Python sender with zip DEF -> central-api inbox --decide -> status accepted"

say "${#passed[@]} passed, 0 failed"
