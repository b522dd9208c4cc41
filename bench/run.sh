#!/usr/bin/env bash
# `make bench`: builds the release server, starts it on a fresh demo database under
# build/bench/, loads it with wrk (loopback only) and prints one table: requests/s,
# p50/p99 latency and each endpoint's throughput relative to /healthz in the same run.
#
# Environment: BENCH_DURATION (seconds per endpoint, default 10), BENCH_THREADS (wrk
# threads, default 2), BENCH_CONNECTIONS (default 32), BENCH_SERVER_THREADS (server
# worker threads, default: the server's own default), BENCH_NO_BUILD=1 (skip the build).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

duration=${BENCH_DURATION:-10}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-32}
endpoints=("/healthz" "/api/v1/regions?parent=410000" "/api/v1/regions/410100" "/api/v1/congresses?region=410000")

command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release
fi
bin="$root/build/release/huying"
[ -x "$bin" ] || { echo "bench: no server at $bin" >&2; exit 1; }

dir="$root/build/bench"
rm -rf "$dir"
mkdir -p "$dir/www"
echo '<!doctype html><title>bench</title>' >"$dir/www/index.html"
db="sqlite://$dir/bench.db"
# The server rejects unknown HUYING_* variables: give it a clean environment.
clean_env=(env $(env | sed -n 's/^\(HUYING_[A-Z0-9_]*\)=.*/-u \1/p'))
"${clean_env[@]}" "$bin" migrate --database "$db" >/dev/null
"${clean_env[@]}" "$bin" demo-data --database "$db" >/dev/null

log="$dir/server.log"
server_args=(serve --database "$db" --host 127.0.0.1 --port 0 --web-root "$dir/www")
[ -z "${BENCH_SERVER_THREADS:-}" ] || server_args+=(--threads "$BENCH_SERVER_THREADS")
"${clean_env[@]}" "$bin" "${server_args[@]}" 2>"$log" &
pid=$!
stop_server() {
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT

# Wait for the "listening" line (or the server's death), without a fixed sleep.
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' "$log" | head -n1)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "bench: the server exited:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "bench: the server did not start listening:" >&2; tail -n 20 "$log" >&2; exit 1; }
base="http://127.0.0.1:$port"

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
  echo "$out" >"$dir/wrk-$(echo "$ep" | tr -c 'a-zA-Z0-9' '_').txt"
  line=$(grep '^BENCH ' <<<"$out" | tail -n1)
  [ -n "$line" ] || { echo "bench: no result for $ep:" >&2; echo "$out" >&2; exit 1; }
  results+=("$ep $line")
done

stop_server
trap - EXIT

awk -v duration="$duration" -v threads="$threads" -v conns="$connections" '
  {
    ep[NR] = $1; req = $3; secs = $4
    rps[NR] = req / secs; p50[NR] = $5 / 1000; p99[NR] = $6 / 1000; bad[NR] = $7 + $8
  }
  END {
    printf "\n%-36s %12s %10s %10s %10s %8s\n", "endpoint", "requests/s", "p50 ms", "p99 ms", "vs healthz", "errors"
    for (i = 1; i <= NR; i++)
      printf "%-36s %12.0f %10.2f %10.2f %9.1f%% %8d\n", ep[i], rps[i], p50[i], p99[i], 100 * rps[i] / rps[1], bad[i]
    printf "\n(%ss per endpoint, wrk %d threads, %d connections, loopback, SQLite demo database)\n", duration, threads, conns
  }' < <(printf '%s\n' "${results[@]}") | tee "$dir/results.txt"
