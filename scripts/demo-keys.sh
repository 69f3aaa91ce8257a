#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# The demo's keys, made where they belong (issue #15): the relay (`central-api serve`)
# never makes, reads or needs a private key, so this is done beside it, before it starts.
#
#   scripts/demo-keys.sh land          # the Land's signing key in data/land/ (made once);
#                                      # the portal is built with its public half
#   scripts/demo-keys.sh register DB   # seeds DB, gives every demo authority an encryption
#                                      # and a signature key pair and the credentials of
#                                      # its FIT-Connect subscriber in data/authority-keys/
#                                      # (made once, the authority's side), registers the
#                                      # public keys and the subscriber (the operator's
#                                      # side), signs the keys with the Land's key, and
#                                      # registers a demo sender (data/sender-client.json)
#
# BINARY names the central-api binary (default target/server/central-api, as run.sh
# builds it); AUTHORITY_KEYS and LAND_KEYS move the folders. Nothing here is for
# production: there each authority runs `authority keygen` on its own machine and hands
# in only the public JWK, and the Land keeps its key offline.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BINARY=${BINARY:-${CARGO_TARGET_DIR:-target}/server/central-api}
AUTHORITY_KEYS=${AUTHORITY_KEYS:-data/authority-keys}
LAND_KEYS=${LAND_KEYS:-data/land}
say() { echo "demo-keys: $*" >&2; }

[ -x "$BINARY" ] || { say "$BINARY is missing: build it first (cargo build --profile server -p central-api)"; exit 1; }

land() {
  if [ ! -f "$LAND_KEYS/land.pem" ]; then
    say "making the Land's signing key in $LAND_KEYS/ (once)"
    "$BINARY" land keygen --out "$LAND_KEYS" >/dev/null
  fi
}

case "${1:-}" in
land)
  land
  ;;
register)
  db=${2:?usage: scripts/demo-keys.sh register DB}
  land
  "$BINARY" seed --db "$db" >/dev/null
  for authority in $("$BINARY" authority list --db "$db" --ids); do
    jwk=$(ls -t "$AUTHORITY_KEYS/$authority".*.jwk.json 2>/dev/null | grep -v '\.signing\.jwk\.json$' | head -1 || true)
    if [ -z "$jwk" ]; then
      say "making a key pair for $authority in $AUTHORITY_KEYS/ (once; the authority's side)"
      "$BINARY" authority keygen --authority "$authority" --out "$AUTHORITY_KEYS" >/dev/null 2>&1
      jwk=$(ls -t "$AUTHORITY_KEYS/$authority".*.jwk.json | grep -v '\.signing\.jwk\.json$' | head -1)
    fi
    # Registered already: nothing changes; another key registered before: it is rotated.
    "$BINARY" authority register --db "$db" --authority "$authority" --jwk "$jwk" >/dev/null 2>&1 ||
      "$BINARY" authority rotate --db "$db" --authority "$authority" --jwk "$jwk" >/dev/null
    # The key its inbox signs accept and reject events with, and its subscriber's
    # credentials (FIT-Connect).
    signing=$(ls -t "$AUTHORITY_KEYS/$authority".*.signing.jwk.json 2>/dev/null | head -1 || true)
    if [ -z "$signing" ]; then
      "$BINARY" authority keygen --signing --authority "$authority" --out "$AUTHORITY_KEYS" >/dev/null 2>&1
      signing=$(ls -t "$AUTHORITY_KEYS/$authority".*.signing.jwk.json | head -1)
    fi
    "$BINARY" authority register --db "$db" --authority "$authority" --jwk "$signing" >/dev/null
    "$BINARY" client register --db "$db" --authority "$authority" \
      --file "$AUTHORITY_KEYS/$authority.client.json" >/dev/null
  done
  "$BINARY" client register --db "$db" --sender --name "Demo sender" \
    --file "${SENDER_CLIENT:-data/sender-client.json}" >/dev/null
  "$BINARY" land sign --key "$LAND_KEYS/land.pem" --db "$db" >/dev/null
  ;;
*)
  echo "usage: scripts/demo-keys.sh land | register DB" >&2
  exit 2
  ;;
esac
