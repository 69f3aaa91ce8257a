#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
#
# A throw-away PostgreSQL server for the tests and the load benchmark: a cluster under
# target/postgres/ on a free loopback port, from Debian's `postgresql` package (which
# scripts/setup.sh installs). Nothing outside target/ is touched; no system service is
# started.
#
#   scripts/postgres.sh start   # starts it (once; again: reuses it) and prints the URL of
#                               # its maintenance database, postgres://postgres@127.0.0.1:PORT/postgres
#   scripts/postgres.sh stop    # stops it and removes the cluster
#
# PostgreSQL refuses to run as root: as root, the cluster belongs to the package's
# `postgres` user (and lives under /tmp when that user cannot reach target/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/target/postgres"
say() { echo "postgres: $*" >&2; }

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$bin" ] && [ -x "$bin/initdb" ] ||
  { say "no PostgreSQL server binaries under /usr/lib/postgresql (Debian: apt-get install postgresql)"; exit 1; }
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}
# As root the cluster belongs to `postgres`, which must reach it: a checkout in a private
# folder (mktemp's 0700, a home directory) is out of its reach, so the cluster then lives
# in a folder of its own under /tmp, named after the checkout.
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$ROOT/target" 2>/dev/null &&
  ! { mkdir -p "$ROOT/target" && runuser -u postgres -- test -x "$ROOT/target"; }; then
  DIR="/tmp/bp-postgres-$(echo "$ROOT" | sha1sum | cut -c1-12)"
fi
running() { [ -f "$DIR/port" ] && as_owner "$bin/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; }
url() { echo "postgres://postgres@127.0.0.1:$(cat "$DIR/port")/postgres"; }

case "${1:-}" in
start)
  if running; then
    url
    exit 0
  fi
  [ -d "$DIR/data" ] && as_owner "$bin/pg_ctl" -D "$DIR/data" stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
  as_owner "$bin/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
    { cat "$DIR/initdb.log" >&2; say "initdb failed"; exit 1; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # Durable commits as in production (fsync on); enough connections for the tests, which
  # run in parallel with a pool each.
  as_owner "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
    -o "-p $port -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=128MB" \
    start >/dev/null || { tail -20 "$DIR/server.log" >&2; say "the server did not start"; exit 1; }
  echo "$port" >"$DIR/port"
  say "started on port $port (cluster in $DIR)"
  url
  ;;
stop)
  if [ -d "$DIR/data" ]; then
    as_owner "$bin/pg_ctl" -D "$DIR/data" stop -m fast >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
  ;;
*)
  echo "usage: scripts/postgres.sh start|stop" >&2
  exit 2
  ;;
esac
