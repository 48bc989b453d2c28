#!/usr/bin/env bash
# Runs every test suite: unit and store contract (SQLite + a throwaway PostgreSQL), integration over real
# HTTP, browser (headless Chromium), then unit, store, services and the memory-heavy integration files
# again under ASan+UBSan. Once the release build is done, three lanes run side by side:
#
#   lane 1: Node integration + browser files (release)
#   lane 2: ctest (release: unit, store and service shards, which mostly wait on the databases)
#   lane 3: build (ASan+UBSan) → ctest (ASan) beside the Node sanitizer files (ASan, SQLite halves)
#
# Each step's output is in test-artifacts/steps/; the budget and the latest figures are in
# docs/testing.md. Environment: PLUMBLINE_TEST_JOBS (Node files at a time in lane 1, default 3),
# PLUMBLINE_TEST_FILE_BOUND (seconds one Node file may take before it is killed as hung, default 900;
# doubled for the sanitizer build), PLUMBLINE_SKIP_E2E=1 (no browser files).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export CTEST_OUTPUT_ON_FAILURE=1
ART="$ROOT/test-artifacts"
STEPS="$ART/steps"
rm -rf "$STEPS" "$ART/node"
mkdir -p "$STEPS"
PGDIR=$(mktemp -d /tmp/plumbline-test-pg.XXXXXX)
chmod 755 "$PGDIR"  # the PostgreSQL server user must reach its data folder
lane_pids=()
cleanup() {
  for pid in "${lane_pids[@]-}"; do [ -n "$pid" ] && kill -- "-$pid" 2>/dev/null; done
  bash scripts/pg-temp.sh stop "$PGDIR" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ccache: a fresh clone in another folder hits the entries an earlier clone left (paths are made
# relative to the clone, the working folder is not hashed, and precompiled headers are allowed).
export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=1
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-4G}
command -v ccache >/dev/null && ccache --zero-stats >/dev/null 2>&1

FILE_BOUND=${PLUMBLINE_TEST_FILE_BOUND:-900}
JOBS=${PLUMBLINE_TEST_JOBS:-3}
START=$SECONDS

# step NAME COMMAND...: runs one step with its output in test-artifacts/steps/NAME.log; prints its
# outcome and time (and the whole log when it failed) and records both in test-artifacts/steps/results.
step() {
  local name=$1
  shift
  local log="$STEPS/${name// /_}.log" start=$SECONDS rc
  echo "$(stamp) start  $name"
  "$@" >"$log" 2>&1
  rc=$?
  local took=$((SECONDS - start))
  if [ $rc -eq 0 ]; then
    echo "$(stamp) passed $name in $took s"
    # The counts: ctest's and the Node runner's closing lines.
    grep -E '^(== |   slowest files:|     +[0-9.]+ s  |[0-9]+% tests passed)' "$log" | sed 's/^/    | /'
    echo "passed|$name|$took" >>"$STEPS/results"
  else
    echo "$(stamp) FAILED $name after $took s (exit $rc); its output ($log):"
    sed 's/^/    | /' "$log"
    echo "FAILED|$name|$took" >>"$STEPS/results"
  fi
  return $rc
}
stamp() { printf '[%5d s]' $((SECONDS - START)); }

build() {  # build PRESET
  cmake --preset "$1" && cmake --build --preset "$1"
}

# Unit, store and service suites; the store and service programs are split into GoogleTest shards
# (tests/CMakeLists.txt) that wait on the databases, so more run at once than there are cores.
run_ctest() {  # run_ctest BUILD_DIR
  ctest --test-dir "$1" --output-on-failure -j8 --timeout 1800
}

# The integration files that run again under ASan+UBSan: those that drive the memory-heavy paths
# (HTTP parsing and limits, forms, SSE, the outbox and its senders, webhooks, claims) and the
# route x role matrix, which reaches every handler once; their SQLite halves only, since the
# PostgreSQL store code runs under the sanitizers in the store and service suites and the paths
# these files aim at are the same on either database. The rest run on the release build only
# (docs/testing.md explains the choice).
SANITIZER_FILES=(
  tests/integration/protocol.test.mjs           # HTTP framing, limits, slow heads, keep-alive
  tests/integration/validation.test.mjs         # every form and JSON field, bad encodings
  tests/integration/security.test.mjs           # headers, cookies, hostile input
  tests/integration/intake.test.mjs             # form + JSON intake, duplicates
  tests/integration/access_matrix.test.mjs      # every route x role
  tests/integration/marketplace-plumber.test.mjs  # SSE, claims and their races, CSV
  tests/integration/notifications-sms.test.mjs  # outbox, Twilio client and signed webhooks
  tests/integration/notifications-email.test.mjs  # outbox, SMTP client, retries
  tests/integration/stripe-webhooks.test.mjs    # Stripe signatures, JSON events, racing deliveries
  tests/integration/durability.test.mjs         # kill -9 and restarts under load
)

node_files() {  # node_files LABEL BIN JOBS BOUND [RUNNER_OPTION...] FILE...
  local label=$1 bin=$2 jobs=$3 bound=$4
  shift 4
  PLUMBLINE_BIN="$bin" node tests/run-files.mjs --label "$label" --jobs "$jobs" --bound "$bound" "$@"
}

release_files() {
  local files=(tests/integration/*.test.mjs)
  [ "${PLUMBLINE_SKIP_E2E:-0}" = 1 ] || files=(tests/e2e/*.spec.mjs "${files[@]}")
  node_files release "$ROOT/build/release/plumbline" "$JOBS" "$FILE_BOUND" --split-backends "${files[@]}"
}

# Third-party leaks the sanitizer runs ignore, each with its reason, are in tests/sanitizers/lsan.supp.
export LSAN_SUPPRESSIONS="$ROOT/tests/sanitizers/lsan.supp"

sanitizer_files() {
  LSAN_OPTIONS=suppressions=$LSAN_SUPPRESSIONS:print_suppressions=0 \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    node_files asan "$ROOT/build/debug/plumbline" 2 $((FILE_BOUND * 2)) --backend sqlite "${SANITIZER_FILES[@]}"
}

sanitizer_ctest() {
  LSAN_OPTIONS=suppressions=$LSAN_SUPPRESSIONS:print_suppressions=0 \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_ctest build/debug
}

lane_release_files() { step "integration + browser (release)" release_files; }
lane_release_ctest() { step "unit + store + services (release)" run_ctest build/release; }

lane_sanitizer() {
  # The sanitizer lane is the longer one, so its build runs at normal priority beside lane 1's tests.
  step "build (ASan+UBSan)" build debug || return 1
  # The store and service shards mostly wait on the databases: the Node files run beside them.
  step "unit + store + services (ASan+UBSan)" sanitizer_ctest &
  local ctest_pid=$! ok=0
  step "integration (ASan+UBSan)" sanitizer_files || ok=1
  wait $ctest_pid || ok=1
  return $ok
}

echo "== make test: $(nproc) cores; step logs in test-artifacts/steps/"
# Cheap source checks first: a failure is reported, and the suites still run.
step "format (clang-format)" bash scripts/check-format.sh
step "layers (includes point down)" bash scripts/check-layers.sh
if ! step "build (release)" build release; then
  echo "release build failed; nothing else can run"
  exit 1
fi

if TEST_PG_URL=$(PG_TEMP_FSYNC=off bash scripts/pg-temp.sh start "$PGDIR" 2>"$STEPS/postgres.log" | tail -1) &&
  [[ $TEST_PG_URL == postgres* ]]; then
  export TEST_PG_URL
  echo "$(stamp) PostgreSQL 15 + PostGIS at $TEST_PG_URL"
else
  cat "$STEPS/postgres.log"
  echo "FAILED|start PostgreSQL|0" >>"$STEPS/results"
  unset TEST_PG_URL
fi

set -m  # each lane in its own process group, so that an interrupted run stops all of it
lane_release_files &
lane_pids+=($!)
lane_release_ctest &
lane_pids+=($!)
lane_sanitizer &
lane_pids+=($!)
set +m
for pid in "${lane_pids[@]}"; do wait "$pid"; done
lane_pids=()

echo
echo "=== summary ($((SECONDS - START)) s in all)"
n_pass=0
n_fail=0
while IFS='|' read -r outcome name took; do
  printf '  %-6s %5d s  %s\n' "$outcome" "$took" "$name"
  if [ "$outcome" = passed ]; then n_pass=$((n_pass + 1)); else n_fail=$((n_fail + 1)); fi
done <"$STEPS/results"
# What failed, again at the end (CI shows the tail of the output): the failed files and tests of each
# failed step, from the Node runner's and ctest's closing lines.
if grep -q '^FAILED' "$STEPS/results"; then
  echo "  what failed:"
  while IFS='|' read -r outcome name took; do
    [ "$outcome" = FAILED ] || continue
    echo "    $name (log: test-artifacts/steps/${name// /_}.log):"
    grep -E '^   (failed:|  ✖|FAILED:)|^[[:space:]]+[0-9]+ - .*\((Failed|Timeout|SEGFAULT|Subprocess)|^FAILED:|error:' \
      "$STEPS/${name// /_}.log" | head -30 | sed 's/^/      /'
  done <"$STEPS/results"
fi
echo "  five slowest test files:"
node tests/slowest.mjs "$ART/node" "$ROOT/build/release" "$ROOT/build/debug" | sed 's/^/    /'
command -v ccache >/dev/null && echo "  ccache: $(ccache --print-stats 2>/dev/null |
  awk -F'\t' '$1 ~ /^(direct_cache_hit|preprocessed_cache_hit)$/ {h += $2} $1 == "cache_miss" {m = $2}
    END {printf "%d hits, %d misses", h, m}')"
echo "suites: $n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]
