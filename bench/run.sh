#!/usr/bin/env bash
# `make bench`: builds the release server, starts it on a province-scale demo database
# (`huying demo-data --scale province --seed 1`, built under build/bench/ and reused while
# the server binary and the migrations are the same),
# loads it with wrk (loopback only) and prints one table: requests/s, p50/p99 latency and
# each endpoint's throughput relative to /healthz in the same run, with the registry's
# target (≥ 40 % of /healthz, p99 < 10 ms at 32 connections). Then citizens' opinions
# (docs/opinions.md) on the dataset's year of opinions (a million at province scale):
#   - tracking-page lookups, POST /api/v1/public/opinions/track, with the codes and last
#     digits of existing opinions read from the database beforehand (bench/opinion-track.lua
#     goes round thousands of them; target ≥ 40 % of /healthz);
#   - the station board GET /api/v1/opinions?box=station as keeper.jinshui (signed in);
#   - public submissions, POST /api/v1/public/opinions with varied bodies
#     (bench/opinion-submit.lua; target ≥ 5,000/s), on a throw-away copy of the database, by a
#     server with sqlite_synchronous FULL and an opinion limit per address no run reaches,
#     whose own /healthz is measured first for the ratio; then how long its intake worker
#     takes to turn the submissions still queued into opinions.
# Each ratio is to the /healthz of the same server in the same run. Then times the CSV import
# of 180,000 deputies (POST to final state) on a throw-away copy of the database: rows/s.
#
# Environment: BENCH_DURATION (seconds per endpoint, default 8), BENCH_THREADS (wrk
# threads, default 2), BENCH_CONNECTIONS (default 32), BENCH_SERVER_THREADS (server
# worker threads, default: the server's own default), BENCH_NO_BUILD=1 (skip the build),
# BENCH_ENGINE (sqlite, default, or postgresql: the cluster of build/pg/url, see
# scripts/start-postgres.sh), BENCH_SCALE (default province), BENCH_SEED (default 1),
# BENCH_REBUILD=1 (rebuild the dataset even if present), BENCH_IMPORT_ROWS (default
# 180000; 0 skips the import), BENCH_OPINIONS=0 (skip the opinion scenarios),
# BENCH_TRACK_CODES (opinions the lookups go round, default 20000), BENCH_DIR (where the
# datasets and results live, default build/bench), BENCH_DB_POOL_SIZE (the servers' read
# connections, default: the server's own).
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
opinions=${BENCH_OPINIONS:-1}
track_codes=${BENCH_TRACK_CODES:-20000}

command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
command -v node >/dev/null || { echo "bench: node is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release
fi
bin="$root/build/release/huying"
[ -x "$bin" ] || { echo "bench: no server at $bin" >&2; exit 1; }

dir=${BENCH_DIR:-$root/build/bench}
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
    # One query, one row a line, columns joined by |.
    sql() { sqlite3 -batch -noheader -separator '|' "$db_file" "$1"; }
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
    sql() { psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
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

# Starts the server on $1 (further arguments are its flags) and sets $base; waits for the
# "listening" line without a fixed sleep.
start_server() {
  local args=(serve --database "$1" --host 127.0.0.1 --port 0 --web-root "$dir/www")
  shift
  args+=("$@")
  [ -z "${BENCH_SERVER_THREADS:-}" ] || args+=(--threads "$BENCH_SERVER_THREADS")
  [ -z "${BENCH_DB_POOL_SIZE:-}" ] || args+=(--db-pool-size "$BENCH_DB_POOL_SIZE")
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
# One result: "label<TAB>BENCH numbers<TAB>target". Targets: public (the registry's: ≥ 40 %
# of /healthz, p99 < 10 ms), lookup (≥ 40 % of /healthz), submit (≥ 5,000/s), or none. A
# label starting with /healthz is the baseline of the rows after it (its server's).
results=()
# measure LABEL TARGET WRK-ARGUMENTS...: a 2-second warm-up (caches, connection pool), then
# the measured run with the report script unless the arguments bring their own (-s).
measure() {
  local label=$1 target=$2 out line
  shift 2
  local script=(-s "$lua")
  [[ " $* " == *" -s "* ]] && script=()
  wrk -t"$threads" -c"$connections" -d2s "${script[@]}" "$@" >/dev/null
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "${script[@]}" "$@")
  echo "$out" >"$dir/wrk-$(echo "$label" | tr -c 'a-zA-Z0-9' '_' | cut -c1-80).txt"
  line=$(grep '^BENCH ' <<<"$out" | tail -n1)
  [ -n "$line" ] || { echo "bench: no result for $label:" >&2; echo "$out" >&2; exit 1; }
  # Not one answer in the whole run: the server is stuck (it would not stop either).
  if [ "$(cut -d' ' -f2 <<<"$line")" = 0 ]; then
    echo "bench: $label: no response in ${duration}s; the server (pid $pid) is stuck — killed" >&2
    kill -KILL "$pid" 2>/dev/null || true
    exit 1
  fi
  results+=("$label"$'\t'"$line"$'\t'"$target")
}
for ep in "${endpoints[@]}"; do
  t=""
  [[ "$ep" == "$targeted"* ]] && t=public
  measure "$ep" "$t" "$base$ep"
  # The public directory answers from a 5-second cache; a cookie makes the server skip it,
  # which measures the database path too.
  [[ "$ep" == "$targeted"* ]] && measure "$ep[uncached]" "" -H "Cookie: bench=uncached" "$base$ep"
done

# ---------------------------------------------------------------------------------------
# Citizens' opinions, read side, on this server.
dataset_opinions=""
if [ "$opinions" = 1 ]; then
  dataset_opinions=$(sql "SELECT COUNT(*) FROM opinions")
  [ "${dataset_opinions:-0}" -gt 0 ] || { echo "bench: the dataset has no opinions (an older demo-data?); BENCH_REBUILD=1" >&2; exit 1; }
  # (b) Tracking lookups: every 37th opinion from the 11th, as many as asked, in id order
  # (the same ones each run), codes and the mobiles' last digits as the citizen has them.
  codes_file="$dir/track-codes.txt"
  sql "SELECT tracking_code || '|' || mobile_last4 FROM opinions WHERE id % 37 = 11 ORDER BY id LIMIT $track_codes" >"$codes_file"
  first_code=$(head -n1 "$codes_file")
  code=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"code\":\"${first_code%|*}\",\"last4\":\"${first_code#*|}\"}" "$base/api/v1/public/opinions/track")
  [ "$code" = 200 ] || { echo "bench: POST /api/v1/public/opinions/track answered $code for $first_code" >&2; exit 1; }
  cat "$root/bench/opinion-track.lua" "$lua" >"$dir/track.lua"
  measure "POST /api/v1/public/opinions/track ($(wc -l <"$codes_file") codes)" lookup \
    -s "$dir/track.lua" "$base/api/v1/public/opinions/track" -- "$codes_file"

  # (c) The station board of keeper.jinshui (station 1), signed in: GET needs the session
  # cookie only (no CSRF header).
  login=$(curl -s --max-time 30 -D - -o /dev/null -H 'Content-Type: application/json' \
    -d '{"username":"keeper.jinshui","password":"Huying@Demo2026"}' "$base/api/v1/auth/login")
  cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: *\(huying_session=[^;]*\).*/\1/p' <<<"$login" | head -n1)
  [ -n "$cookie" ] || { echo "bench: keeper.jinshui could not sign in:" >&2; echo "$login" >&2; exit 1; }
  board="/api/v1/opinions?box=station"
  code=$(curl -s --max-time 30 -o "$dir/board.json" -w '%{http_code}' -H "Cookie: $cookie" "$base$board")
  [ "$code" = 200 ] || { echo "bench: GET $board answered $code" >&2; exit 1; }
  board_total=$(grep -o '"total":[0-9]*' "$dir/board.json" | head -n1 | cut -d: -f2)
  measure "GET $board (keeper.jinshui, ${board_total:-?} opinions)" "" -H "Cookie: $cookie" "$base$board"
fi

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

# ---------------------------------------------------------------------------------------
# (a) Public submissions, on a copy (the reused dataset stays as built), by a server that
# keeps every commit on disk (sqlite_synchronous FULL, the default, named here) and whose
# per-address opinion limit (default 20 an hour) no run reaches; its own /healthz first.
if [ "$opinions" = 1 ]; then
  # Stations that take opinions, each with a deputy of its congress when it has one.
  places="$dir/submit-places.txt"
  sql "SELECT CAST(s.id AS TEXT) || '|' || COALESCE((SELECT CAST(MIN(m.id) AS TEXT) FROM station_deputies sd
         JOIN mandates m ON m.id = sd.mandate_id
         WHERE sd.station_id = s.id AND m.status = 'serving' AND m.congress_id = s.congress_id), '')
       FROM stations s WHERE s.active = 1 AND s.id % 7 = 1 ORDER BY s.id LIMIT 1000" >"$places"
  import_db=$(db_copy "$dir/submit-copy.db")
  start_server "$import_db" --sqlite-synchronous FULL --opinion-limit-per-address 1000000
  cat "$root/bench/opinion-submit.lua" "$lua" >"$dir/submit.lua"
  body=$(sed -n 1p "$places")
  code=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"station_id\":\"${body%%|*}\",\"channel\":\"online\",\"category\":\"urban\",\"title\":\"试一试\",\"content\":\"试一试\",\"name\":\"王芳\",\"mobile\":\"13800000000\"}" \
    "$base/api/v1/public/opinions")
  [ "$code" = 201 ] || { echo "bench: POST /api/v1/public/opinions answered $code" >&2; tail -n 5 "$log" >&2; exit 1; }
  measure "/healthz (submission server)" "" "$base/healthz"
  measure "POST /api/v1/public/opinions" submit -s "$dir/submit.lua" "$base/api/v1/public/opinions" -- "$places"
  # The intake worker gives way to a burst and moves the queue into opinions right after it:
  # how many were still queued when the run ended, and how fast they became opinions.
  pending() { curl -sf "$base/metrics" | sed -n 's/^huying_opinion_intake_pending \([0-9]*\)$/\1/p'; }
  backlog=$(pending)
  [ -n "$backlog" ] || { echo "bench: no huying_opinion_intake_pending in /metrics" >&2; exit 1; }
  t0=$(date +%s.%N)
  for _ in $(seq 1 3000); do [ "$(pending)" = 0 ] && break; sleep 0.2; done
  [ "$(pending)" = 0 ] || { echo "bench: the intake worker did not empty the queue in 10 minutes" >&2; exit 1; }
  intake_line=$(awk -v n="$backlog" -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {
    printf "intake worker: %d submissions queued when the run ended, moved into opinions in %.1f s (%.0f/s)", n, b - a, n / (b - a) }')
  stop_server
  db_copy_drop "$import_db"
  import_db=""
fi

size=$(sed -n 's/^ *persons \([0-9]*\), mandates \([0-9]*\).*/\1 persons, \2 mandates/p' "$dir/$name.demo.txt" 2>/dev/null | head -n1)
[ -z "$dataset_opinions" ] || size="${size:+$size, }$dataset_opinions opinions"
table=$(awk -F'\t' -v duration="$duration" -v threads="$threads" -v conns="$connections" -v engine="$engine" -v scale="$scale" -v size="$size" '
  {
    split($2, f, " ")
    ep[NR] = $1; target[NR] = $3; req = f[2]; secs = f[3]
    rps[NR] = req / secs; p50[NR] = f[4] / 1000; p99[NR] = f[5] / 1000; bad[NR] = f[6] + f[7]
  }
  END {
    printf "\n%-62s %11s %8s %8s %10s %7s  %s\n", "endpoint", "requests/s", "p50 ms", "p99 ms", "vs healthz", "errors", "target"
    base = 0
    for (i = 1; i <= NR; i++) {
      if (index(ep[i], "/healthz") == 1) base = rps[i]
      ratio = base > 0 ? 100 * rps[i] / base : 0
      t = ""
      if (target[i] == "public") t = ((ratio >= 40 && p99[i] < 10 && bad[i] == 0) ? "met" : "MISSED") " (>=40%, p99<10ms)"
      if (target[i] == "lookup") t = ((ratio >= 40 && bad[i] == 0) ? "met" : "MISSED") " (>=40%)"
      if (target[i] == "submit") t = ((rps[i] >= 5000 && bad[i] == 0) ? "met" : "MISSED") " (>=5,000/s)"
      printf "%-62s %11.0f %8.2f %8.2f %9.1f%% %7d  %s\n", ep[i], rps[i], p50[i], p99[i], ratio, bad[i], t
    }
    printf "\n(%ss per endpoint, wrk %d threads, %d connections, loopback, %s, %s-scale demo database: %s;\n", duration, threads, conns, engine, scale, size
    printf " each ratio is to the /healthz row above it, measured on the same server in the same run;\n"
    printf " [uncached]: the same requests with a cookie, which bypasses the public directory'"'"'s 5-second cache)\n"
  }' < <(printf '%s\n' "${results[@]}"))
[ -z "${intake_line:-}" ] || table+=$'\n'"$intake_line"
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
  # (Terms carry their sessions, numbered too: read the terms' numbers from the JSON.)
  term=$(curl -sf -H "authorization: Bearer $token" "$base/api/v1/congresses?region=410000" |
    node -e 'let t = ""; process.stdin.on("data", (d) => (t += d)).on("end", () => {
      const c = JSON.parse(t).items.find((i) => i.id === process.argv[1]);
      console.log(Math.min(...c.terms.map((x) => x.number)));
    })' "$congress")
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
