#!/usr/bin/env bash
# Starts a private PostgreSQL for the tests: data under build/pg/, listening on
# 127.0.0.1 only, on a free port, with its unix socket inside the build tree.
# Idempotent: when it is already running, prints its URL and returns.
# Writes the base URL to build/pg/url, e.g. postgresql://postgres@127.0.0.1:54321/postgres
# and prints `export HYTEST_PG_URL=...` (so `eval "$(scripts/start-postgres.sh)"` works).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

pg_bin=${PG_BIN:-}
if [ -z "$pg_bin" ]; then
  for v in 17 16 15; do
    [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ] && { pg_bin="/usr/lib/postgresql/$v/bin"; break; }
  done
fi
[ -n "$pg_bin" ] || { echo "start-postgres: PostgreSQL server binaries not found (run scripts/install-deps.sh)" >&2; exit 1; }

base="$root/build/pg"
data="$base/data"
sock="$base/sock"
log="$base/postgres.log"
mkdir -p "$base"
# A unix socket path may not exceed 107 bytes: deep checkouts get a short directory in /tmp.
if [ $((${#sock} + 20)) -gt 100 ]; then
  if [ -f "$base/sockdir" ] && [ -d "$(cat "$base/sockdir")" ]; then sock=$(cat "$base/sockdir")
  else sock=$(mktemp -d /tmp/huying-pg-sock.XXXXXX); echo "$sock" >"$base/sockdir"; fi
fi
mkdir -p "$sock"

# PostgreSQL refuses to run as root: run every server command as `postgres` when we are root.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$base" "$sock"
  # postgres must be able to reach build/pg: open the parent directories for traversal
  # (o+x only) when it cannot, e.g. a clone under /root.
  if ! runuser -u postgres -- test -x "$base"; then
    d="$base"
    while [ "$d" != "/" ]; do d=$(dirname "$d"); chmod o+x "$d" 2>/dev/null || true; done
  fi
fi
pg_user=postgres
[ "$(id -u)" -eq 0 ] || pg_user=$(id -un)

print_url() {
  echo "export HYTEST_PG_URL=$(cat "$base/url")"
}

if [ -f "$data/PG_VERSION" ] && as_pg "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  if [ -f "$base/url" ]; then
    port=$(sed -n 's|.*:\([0-9]*\)/.*|\1|p' "$base/url")
    if "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
      print_url
      exit 0
    fi
  fi
  # Running but not as recorded: restart it cleanly.
  as_pg "$pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
fi

if [ ! -f "$data/PG_VERSION" ]; then
  rm -rf "$data"
  mkdir -p "$data"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$data"
  as_pg "$pg_bin/initdb" -D "$data" -U "$pg_user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$base/initdb.log" 2>&1 || { cat "$base/initdb.log" >&2; exit 1; }
  # Trust only loopback TCP and the private socket; nothing else may connect.
  cat >"$data/pg_hba.conf" <<HBA
local   all  all                 trust
host    all  all  127.0.0.1/32   trust
HBA
  [ "$(id -u)" -ne 0 ] || chown postgres: "$data/pg_hba.conf"
fi

# A free port: ask the kernel for one, then hand it to postgres.
free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

started=0
for attempt in 1 2 3 4 5; do
  port=$(free_port)
  rm -f "$log"; touch "$log"; [ "$(id -u)" -ne 0 ] || chown postgres: "$log"
  if as_pg "$pg_bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
    started=1
    break
  fi
  echo "start-postgres: start on port $port failed (attempt $attempt)" >&2
  tail -n 5 "$log" >&2 || true
done
[ "$started" -eq 1 ] || { echo "start-postgres: could not start PostgreSQL" >&2; exit 1; }

for _ in $(seq 1 100); do
  "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" && break
  sleep 0.1
done
"$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" || { echo "start-postgres: not ready" >&2; exit 1; }

echo "postgresql://$pg_user@127.0.0.1:$port/postgres" >"$base/url"
print_url
