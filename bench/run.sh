#!/usr/bin/env bash
# `make bench`: builds the release server, starts it on a province-scale demo database
# (`huying demo-data --scale province --seed 1`, built under build/bench/ and reused while
# the server binary and the migrations are the same),
# loads it with wrk (loopback only) and prints one table: requests/s, p50/p99 latency and
# each endpoint's throughput relative to /healthz in the same run, with the registry's
# target (≥ 40 % of /healthz, p99 < 10 ms at 32 connections). Then times the CSV import of
# 180,000 deputies (POST to final state) on a throw-away copy of the database: rows/s.
#
# Environment: BENCH_DURATION (seconds per endpoint, default 8), BENCH_THREADS (wrk
# threads, default 2), BENCH_CONNECTIONS (default 32), BENCH_SERVER_THREADS (server
# worker threads, default: the server's own default), BENCH_NO_BUILD=1 (skip the build),
# BENCH_ENGINE (sqlite, default, or postgresql: the cluster of build/pg/url, see
# scripts/start-postgres.sh), BENCH_SCALE (default province), BENCH_SEED (default 1),
# BENCH_REBUILD=1 (rebuild the dataset even if present), BENCH_IMPORT_ROWS (default
# 180000; 0 skips the import).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

duration=${BENCH_DURATION:-8}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-32}
engine=${BENCH_ENGINE:-sqlite}
scale=${BENCH_SCALE:-province}
seed=${BENCH_SEED:-1}
import_rows=${BENCH_IMPORT_ROWS:-180000}

command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
command -v node >/dev/null || { echo "bench: node is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release
fi
bin="$root/build/release/huying"
[ -x "$bin" ] || { echo "bench: no server at $bin" >&2; exit 1; }

dir="$root/build/bench"
mkdir -p "$dir/www"
echo '<!doctype html><title>bench</title>' >"$dir/www/index.html"
# The server rejects unknown HUYING_* variables: give it a clean environment.
clean_env=(env $(env | sed -n 's/^\(HUYING_[A-Z0-9_]*\)=.*/-u \1/p'))
hy() { "${clean_env[@]}" "$bin" "$@"; }

# ---------------------------------------------------------------------------------------
# The dataset: built once per scale, seed and schema, reused while its stamp matches.
# The server binary is part of the stamp: a rebuilt generator may make other data for a seed
# (province scale takes seconds to build, so a rebuild is cheap; the same binary reuses).
stamp="scale=$scale seed=$seed engine=$engine migrations=$(cat "$root"/migrations/*.sql | sha256sum | cut -c1-16) server=$(sha256sum "$bin" | cut -c1-16)"
name="$scale-seed$seed"
stamp_file="$dir/$name.$engine.stamp"
case "$engine" in
  sqlite)
    db_file="$dir/$name.db"
    db="sqlite://$db_file"
    db_exists() { [ -f "$db_file" ]; }
    db_drop() { rm -f "$db_file" "$db_file-wal" "$db_file-shm"; }
    db_copy() { cp "$db_file" "$1"; [ ! -f "$db_file-wal" ] || cp "$db_file-wal" "$1-wal"; echo "sqlite://$1"; }  # prints the copy's URL
    db_copy_drop() { rm -f "${1#sqlite://}" "${1#sqlite://}-wal" "${1#sqlite://}-shm"; }
    ;;
  postgresql)
    [ -f "$root/build/pg/url" ] || { echo "bench: no PostgreSQL (run scripts/start-postgres.sh)" >&2; exit 1; }
    pg_admin=$(cat "$root/build/pg/url")
    pg_db="huying_bench_${scale}_s${seed}"
    db="${pg_admin%/*}/$pg_db"
    pg() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$pg_admin" -c "$1"; }
    db_exists() { [ "$(pg "SELECT 1 FROM pg_database WHERE datname = '$pg_db'")" = 1 ]; }
    db_drop() { pg "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null; }
    db_copy() { pg "CREATE DATABASE ${pg_db}_import TEMPLATE $pg_db" >/dev/null; echo "${pg_admin%/*}/${pg_db}_import"; }
    db_copy_drop() { pg "DROP DATABASE IF EXISTS ${pg_db}_import WITH (FORCE)" >/dev/null; }
    ;;
  *) echo "bench: BENCH_ENGINE must be sqlite or postgresql" >&2; exit 1 ;;
esac

reuse=0
if [ "${BENCH_REBUILD:-0}" != 1 ] && db_exists && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
  if hy migrate --database "$db" >/dev/null 2>&1; then reuse=1; fi
fi
if [ "$reuse" = 1 ]; then
  echo "bench: reusing the $scale dataset (seed $seed) in $db"
else
  echo "bench: building the $scale dataset (seed $seed) in $db — once; later runs reuse it"
  rm -f "$stamp_file"
  db_drop
  [ "$engine" = sqlite ] || pg "CREATE DATABASE $pg_db" >/dev/null
  hy migrate --database "$db" >/dev/null
  t0=$(date +%s.%N)
  # Progress goes to the terminal (stderr); the summary with the checksum to a file.
  hy demo-data --database "$db" --scale "$scale" --seed "$seed" | tee "$dir/$name.demo.txt"
  echo "bench: dataset built in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
  echo "$stamp" >"$stamp_file"
fi

log="$dir/server.log"
pid=""
stop_server() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  pid=""
}
import_db=""
cleanup() {
  stop_server
  [ -z "$import_db" ] || db_copy_drop "$import_db" || true
}
trap cleanup EXIT

# Starts the server on $1 and sets $base; waits for the "listening" line without a fixed sleep.
start_server() {
  local args=(serve --database "$1" --host 127.0.0.1 --port 0 --web-root "$dir/www")
  [ -z "${BENCH_SERVER_THREADS:-}" ] || args+=(--threads "$BENCH_SERVER_THREADS")
  # Started directly (not through a function), so that $! is the server itself; its
  # output goes to the log, so that no pipe of ours stays open after it.
  "${clean_env[@]}" "$bin" "${args[@]}" >"$log" 2>&1 &
  pid=$!
  local port=""
  for _ in $(seq 1 600); do
    port=$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' "$log" | head -n1)
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "bench: the server exited:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$port" ] || { echo "bench: the server did not start listening:" >&2; tail -n 20 "$log" >&2; exit 1; }
  base="http://127.0.0.1:$port"
}

start_server "$db"

# A deputy and a station that exist in this dataset, found the way a citizen would.
first_id() { curl -sf "$base$1" | sed -n 's/^{"items":\[{"id":"\([0-9]*\)".*/\1/p'; }
deputy=$(first_id "/api/v1/public/deputies?region=410100&q=zw&page_size=1")
[ -n "$deputy" ] || deputy=$(first_id "/api/v1/public/deputies?page_size=1")
station=$(first_id "/api/v1/public/stations?near=34.7466,113.6254&limit=1")
[ -n "$deputy" ] || { echo "bench: the dataset has no public deputy" >&2; exit 1; }
[ -n "$station" ] || { echo "bench: the dataset has no station near 34.7466,113.6254" >&2; exit 1; }

endpoints=(
  "/healthz"
  "/api/v1/regions?parent=410000"
  "/api/v1/regions/410100"
  "/api/v1/congresses?region=410000"
  "/api/v1/public/deputies?region=410100&q=zw"
  "/api/v1/public/deputies/$deputy"
  "/api/v1/public/stations?near=34.7466,113.6254"
  "/api/v1/public/stations/$station"
)
# The registry's target applies to these (by prefix).
targeted="/api/v1/public/"

# wrk's done() hook prints one machine-readable line: requests, seconds, p50 µs, p99 µs,
# non-2xx/3xx responses, socket errors.
lua="$dir/report.lua"
cat >"$lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %.6f %d %d %d %d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
LUA

for ep in "${endpoints[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$ep")
  [ "$code" = 200 ] || { echo "bench: GET $ep answered $code" >&2; exit 1; }
done

echo "bench: server on $base (pid $pid); wrk -t$threads -c$connections -d${duration}s per endpoint"
results=()
for ep in "${endpoints[@]}"; do
  # A short warm-up fills caches and the connection pool, then the measured run.
  wrk -t"$threads" -c"$connections" -d2s "$base$ep" >/dev/null
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$lua" "$base$ep")
  echo "$out" >"$dir/wrk-$(echo "$ep" | tr -c 'a-zA-Z0-9' '_' | cut -c1-80).txt"
  line=$(grep '^BENCH ' <<<"$out" | tail -n1)
  [ -n "$line" ] || { echo "bench: no result for $ep:" >&2; echo "$out" >&2; exit 1; }
  results+=("$ep $line")
  # The public directory answers from a 5-second cache; a cookie makes the server skip it,
  # which measures the database path too.
  if [[ "$ep" == "$targeted"* ]]; then
    out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$lua" -H "Cookie: bench=uncached" "$base$ep")
    line=$(grep '^BENCH ' <<<"$out" | tail -n1)
    [ -n "$line" ] && results+=("$ep[uncached] $line")
  fi
done

# County codes of Henan, for the import file (while this server is up).
regions=""
if [ "$import_rows" != 0 ]; then
  cities=$(curl -sf "$base/api/v1/regions?parent=410000&page_size=200" | grep -o '"code":"[0-9]*"' | cut -d'"' -f4 || true)
  for c in $cities; do
    # Counties (6 digits); a city without any (济源: townships only) adds nothing.
    regions+=$(curl -sf "$base/api/v1/regions?parent=$c&page_size=200" | { grep -o '"code":"[0-9]\{6\}"' || true; } | cut -d'"' -f4 | tr '\n' ',')
  done
  regions=${regions%,}
  [ -n "$regions" ] || regions=$(echo "$cities" | tr '\n' ',' | sed 's/,$//')
fi
stop_server

table=$(awk -v duration="$duration" -v threads="$threads" -v conns="$connections" -v engine="$engine" -v scale="$scale" -v targeted="$targeted" '
  {
    ep[NR] = $1; req = $3; secs = $4
    rps[NR] = req / secs; p50[NR] = $5 / 1000; p99[NR] = $6 / 1000; bad[NR] = $7 + $8
  }
  END {
    printf "\n%-58s %11s %8s %8s %10s %7s  %s\n", "endpoint", "requests/s", "p50 ms", "p99 ms", "vs healthz", "errors", "target (>=40%, p99<10ms)"
    for (i = 1; i <= NR; i++) {
      ratio = 100 * rps[i] / rps[1]
      t = ""
      if (index(ep[i], targeted) == 1 && index(ep[i], "[uncached]") == 0) t = (ratio >= 40 && p99[i] < 10 && bad[i] == 0) ? "met" : "MISSED"
      printf "%-58s %11.0f %8.2f %8.2f %9.1f%% %7d  %s\n", ep[i], rps[i], p50[i], p99[i], ratio, bad[i], t
    }
    printf "\n(%ss per endpoint, wrk %d threads, %d connections, loopback, %s, %s-scale demo database;\n [uncached]: the same requests with a cookie, which bypasses the public directory'"'"'s 5-second cache)\n", duration, threads, conns, engine, scale
  }' < <(printf '%s\n' "${results[@]}"))
echo "$table" | tee "$dir/results.txt"

# ---------------------------------------------------------------------------------------
# The import: N deputies from one CSV into the provincial congress, on a copy of the
# dataset (the reused one stays as built). The file is made once per size and region list.
if [ "$import_rows" != 0 ]; then
  csv="$dir/deputies-$import_rows-$(echo "$regions" | sha256sum | cut -c1-8).csv"
  if [ ! -s "$csv" ]; then
    node "$root/bench/gen-deputies-csv.mjs" "$csv.tmp" "$import_rows" 20260302 "$regions"
    mv "$csv.tmp" "$csv"
  fi
  import_db=$(db_copy "$dir/import-copy.db")
  token=$(hy token create --database "$import_db" --name bench --role admin 2>/dev/null | awk 'NF { t = $0 } END { print t }')
  start_server "$import_db"
  congress=$(curl -sf -H "authorization: Bearer $token" "$base/api/v1/congresses?region=410000" | grep -o '"id":"[0-9]*"' | head -n1 | cut -d'"' -f4)
  # The oldest term: the demo data fills the current one.
  term=$(curl -sf -H "authorization: Bearer $token" "$base/api/v1/congresses?region=410000" | grep -o '"number":[0-9]*' | cut -d: -f2 | sort -n | head -n1)
  echo "bench: importing $import_rows deputies ($(du -h "$csv" | cut -f1) CSV) into congress $congress, term $term"
  set +e
  out=$(node "$root/bench/import.mjs" "$base" "$token" "$congress" "$term" "$csv")
  rc=$?
  set -e
  echo "$out" >"$dir/import.txt"
  line=$(grep '^IMPORT ' <<<"$out" | tail -n1)
  stop_server
  db_copy_drop "$import_db"
  import_db=""
  if [ "$rc" != 0 ] || [ -z "$line" ]; then
    echo "bench: the import did not succeed:" >&2
    echo "$out" >&2
    exit 1
  fi
  read -r _ rows secs rate state _ <<<"$line"
  summary=$(printf "import of %s deputies from CSV: %s s, %s rows/s (%s, POST to final state, %s)" "$rows" "$secs" "$rate" "$state" "$engine")
  echo "$summary" | tee -a "$dir/results.txt"
fi
