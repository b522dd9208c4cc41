#!/usr/bin/env bash
# The one test entry point (`make test`): installs what is missing, builds the release
# server and the web UI, then runs every suite — C++ unit tests (CTest), the black-box API
# tests on SQLite and on PostgreSQL, and the browser tests — and prints one closing
# summary ending in a line "N passed, N failed". A failing suite does not stop the others;
# the exit status is non-zero when anything failed.
#
#   scripts/test.sh                 everything
#   scripts/test.sh api-sqlite e2e  only these steps (deps build unit web api-sqlite
#                                   api-postgresql e2e); build steps are not implied
#
# Environment: HYTEST_CONCURRENCY (test files run at once, default 2),
# HYTEST_VERBOSE=1 (copy server logs to the output).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
logdir="$root/build/test-logs"
mkdir -p "$logdir"
start_all=$(date +%s)

all_steps=(deps build unit web api-sqlite api-postgresql e2e)
if (($#)); then steps=("$@"); else steps=("${all_steps[@]}"); fi
want() { local s; for s in "${steps[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

concurrency=${HYTEST_CONCURRENCY:-2}

# Summary rows: name|passed|failed|seconds|note
summary=()
total_pass=0
total_fail=0
record() { # name passed failed seconds note
  summary+=("$1|$2|$3|$4|$5")
  total_pass=$((total_pass + $2))
  total_fail=$((total_fail + $3))
}
banner() { printf '\n==== %s ====\n' "$*"; }

# A step that is not a test suite (install, build): counts as one failure when it fails.
run_step() { # name command...
  local name=$1; shift
  banner "$name"
  local t0=$(date +%s) rc
  "$@" 2>&1 | tee "$logdir/$name.log"
  rc=${PIPESTATUS[0]}
  local dt=$(( $(date +%s) - t0 ))
  if [ "$rc" -eq 0 ]; then
    record "$name" 0 0 "$dt" "ok"
    return 0
  fi
  record "$name" 0 1 "$dt" "FAILED (exit $rc, log: build/test-logs/$name.log)"
  return 1
}

# node --test with a TAP copy in a file, whose "# pass"/"# fail"/"# cancelled" we count.
run_node_suite() { # name env-assignments... -- files...
  local name=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  banner "$name"
  local tap="$logdir/$name.tap" t0=$(date +%s) rc
  rm -f "$tap"
  (cd "$root/tests" && env "${envs[@]}" node --import tsx --test \
      --test-concurrency="$concurrency" --test-timeout=180000 \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$tap" \
      "$@") 2>&1 | tee "$logdir/$name.log"
  rc=${PIPESTATUS[0]}
  local dt=$(( $(date +%s) - t0 ))
  local pass fail cancelled
  pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n1)
  fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n1)
  cancelled=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n1)
  pass=${pass:-0}; fail=$(( ${fail:-0} + ${cancelled:-0} ))
  if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi # crashed before counting
  local note="ok"
  [ "$fail" -eq 0 ] || note="FAILED (log: build/test-logs/$name.log)"
  record "$name" "$pass" "$fail" "$dt" "$note"
}

build_ok=1
if want deps; then
  run_step deps scripts/install-deps.sh || build_ok=0
fi

if want build; then
  run_step build bash -c 'cmake --preset release && cmake --build --preset release' || build_ok=0
fi

if want unit; then
  banner unit
  t0=$(date +%s)
  if [ -f build/release/CTestTestfile.cmake ]; then
    ctest --test-dir build/release --output-on-failure -j "$concurrency" 2>&1 | tee "$logdir/unit.log"
    rc=${PIPESTATUS[0]}
    line=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$logdir/unit.log" | tail -n1)
    if [ -n "$line" ]; then
      failed=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
      total=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")
      passed=$((total - failed))
      if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    elif grep -q 'No tests were found' "$logdir/unit.log"; then
      passed=0; failed=1
    else
      passed=0; failed=1
    fi
    note=ok; [ "$failed" -eq 0 ] || note="FAILED (log: build/test-logs/unit.log)"
    record unit "$passed" "$failed" "$(( $(date +%s) - t0 ))" "$note"
  else
    echo "unit: build/release has no CTest file (build failed?)"
    record unit 0 1 0 "FAILED (not built)"
  fi
fi

if want web; then
  if [ -f web/package.json ]; then
    # The app's build type-checks it; the tests' TypeScript is checked here too (tsx runs
    # it without checking).
    run_step web bash -c 'cd web && npm run build && cd ../tests && npx tsc -p . --noEmit'
  else
    banner web
    echo "web: web/package.json missing"
    record web 0 1 0 "FAILED (no web/package.json)"
  fi
fi

bin="$root/build/release/huying"
pg_started=0
cleanup() {
  if [ "$pg_started" -eq 1 ]; then scripts/stop-postgres.sh >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

api_files=()
for f in tests/api/*.test.ts; do api_files+=("${f#tests/}"); done

if want api-sqlite; then
  if [ -x "$bin" ]; then
    run_node_suite api-sqlite HYTEST_ENGINE=sqlite HYTEST_BIN="$bin" -- "${api_files[@]}"
  else
    banner api-sqlite; echo "no server binary at $bin"
    record api-sqlite 0 1 0 "FAILED (no binary)"
  fi
fi

if want api-postgresql; then
  banner postgres
  # Stop it at the end only if this run started it.
  pg_was_running=0
  if [ -f build/pg/url ] && pg_isready -q -d "$(cat build/pg/url)" 2>/dev/null; then pg_was_running=1; fi
  if pg_out=$(scripts/start-postgres.sh); then
    [ "$pg_was_running" -eq 1 ] || pg_started=1
    pg_url=$(cat build/pg/url)
    echo "$pg_out"
    # Databases left behind by an interrupted earlier run.
    for stale in $(psql -X -qAt -d "$pg_url" -c "SELECT datname FROM pg_database WHERE datname LIKE 'huying\_t\_%'"); do
      psql -X -q -d "$pg_url" -c "DROP DATABASE IF EXISTS $stale WITH (FORCE)" >/dev/null || true
    done
    if [ -x "$bin" ]; then
      run_node_suite api-postgresql HYTEST_ENGINE=postgresql HYTEST_PG_URL="$pg_url" HYTEST_BIN="$bin" \
        -- "${api_files[@]}"
    else
      record api-postgresql 0 1 0 "FAILED (no binary)"
    fi
  else
    record api-postgresql 0 1 0 "FAILED (PostgreSQL did not start; see build/pg/postgres.log)"
  fi
fi

if want e2e; then
  shopt -s nullglob
  e2e_files=(tests/e2e/*.test.ts)
  shopt -u nullglob
  if ((${#e2e_files[@]} == 0)); then
    banner e2e; echo "e2e: no tests/e2e/*.test.ts"
    record e2e 0 1 0 "FAILED (no browser tests found)"
  elif [ -x "$bin" ]; then
    # No HUYING_* variables here: the e2e harness passes its environment to `huying serve`,
    # which refuses unknown HUYING_* keys.
    run_node_suite e2e -- "${e2e_files[@]#tests/}"
  else
    record e2e 0 1 0 "FAILED (no binary)"
  fi
fi

cleanup
pg_started=0

elapsed=$(( $(date +%s) - start_all ))
banner "summary (${elapsed}s)"
printf '%-16s %8s %8s %8s  %s\n' suite passed failed seconds result
for row in "${summary[@]}"; do
  IFS='|' read -r n p f s note <<<"$row"
  printf '%-16s %8s %8s %8s  %s\n' "$n" "$p" "$f" "$s" "$note"
done
echo "${total_pass} passed, ${total_fail} failed"
[ "$total_fail" -eq 0 ]
