#!/usr/bin/env bash
# Stops the private test PostgreSQL started by scripts/start-postgres.sh (if running).
set -euo pipefail
cd "$(dirname "$0")/.."
data="$(pwd)/build/pg/data"
pg_bin=${PG_BIN:-}
if [ -z "$pg_bin" ]; then
  for v in 17 16 15; do
    [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ] && { pg_bin="/usr/lib/postgresql/$v/bin"; break; }
  done
fi
[ -f "$data/PG_VERSION" ] || exit 0
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if as_pg "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  as_pg "$pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  echo "stop-postgres: stopped"
fi
rm -f "$(pwd)/build/pg/url"
