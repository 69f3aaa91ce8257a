#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
#
# Proves that the README's run command works on a machine as a new user meets it: a fresh
# clone of the committed HEAD and an empty cargo registry (CARGO_HOME pointing to a new
# folder that holds only a copy of the installed tools in bin/: cargo, rustup's proxies,
# trunk, wasm-bindgen, twiggy). Caches of this machine that a new one lacks (crates,
# build results) are not visible to it. rustup's toolchains and Debian's packages stay,
# as they are installed tools, not caches; npm packages are installed afresh by the
# clone's own `npm ci`.
#
#   scripts/check-fresh-machine.sh          # scripts/run.sh until /api/health answers
#   scripts/check-fresh-machine.sh test     # and then scripts/test.sh in the same clone
#
# Takes a full build from nothing (about 10 minutes on 2 cores, more for `test`). Not part
# of the test command for that reason; run it before changing setup or dependencies.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-run}"
work="$(mktemp -d "${TMPDIR:-/tmp}/bp-fresh.XXXXXX")"
server=""
cleanup() {
  [ -n "$server" ] && kill -- "-$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
say() { echo "check-fresh-machine: $*" >&2; }

git clone --quiet "$ROOT" "$work/buergerportal"
# Data that tests read from beside the repository (FIM schemas, places).
[ -d "$ROOT/../shared" ] && ln -s "$(cd "$ROOT/../shared" && pwd)" "$work/shared"

export CARGO_HOME="$work/cargo-home"
mkdir -p "$CARGO_HOME/bin"
for tool in cargo cargo-clippy cargo-fmt clippy-driver rustc rustdoc rustfmt rustup trunk wasm-bindgen twiggy wasm-split-cli; do
  src="$(command -v "$tool" || true)"
  [ -n "$src" ] && cp -L "$src" "$CARGO_HOME/bin/"
done
export PATH="$CARGO_HOME/bin:$(echo "$PATH" | tr ':' '\n' | grep -v '/.cargo/bin$' | paste -sd:)"
say "clone in $work/buergerportal, CARGO_HOME=$CARGO_HOME (registry empty: $(ls "$CARGO_HOME"))"

cd "$work/buergerportal"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
started=$(date +%s)
set -m
PORT=$port scripts/run.sh >"$work/run.log" 2>&1 &
server=$!
set +m
until curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; do
  if ! kill -0 "$server" 2>/dev/null; then
    tail -40 "$work/run.log" >&2
    say "FAILED: scripts/run.sh ended before the server answered"
    exit 1
  fi
  if [ $(($(date +%s) - started)) -gt 3600 ]; then
    tail -40 "$work/run.log" >&2
    say "FAILED: no answer within an hour"
    exit 1
  fi
  sleep 5
done
curl -fsS "http://127.0.0.1:$port/" | grep -Eq '<meta [^>]*name="?buergerportal' ||
  { say "FAILED: the portal's page is not served"; exit 1; }
say "run: OK, built and serving after $(($(date +%s) - started)) s"
kill -- "-$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
server=""

if [ "$mode" = test ]; then
  started=$(date +%s)
  scripts/test.sh
  say "test: OK after $(($(date +%s) - started)) s"
fi
