#!/usr/bin/env bash
# Runs every test suite: unit and store contract (SQLite + a throwaway PostgreSQL), integration over real
# HTTP, browser (headless Chromium), then the unit, store and integration suites again under ASan+UBSan.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export CTEST_OUTPUT_ON_FAILURE=1
mkdir -p test-artifacts
PGDIR=$(mktemp -d /tmp/plumbline-test-pg.XXXXXX)
chmod 755 "$PGDIR"  # the PostgreSQL server user must reach its data folder
failures=()
passes=()
cleanup() { bash scripts/pg-temp.sh stop "$PGDIR" >/dev/null 2>&1 || true; }
trap cleanup EXIT

step() {  # step NAME COMMAND...: runs a suite, records the outcome, keeps going
  local name=$1
  shift
  echo
  echo "=== $name"
  local start=$SECONDS
  if "$@"; then
    passes+=("$name")
    echo "=== $name: passed in $((SECONDS - start)) s"
  else
    failures+=("$name")
    echo "=== $name: FAILED after $((SECONDS - start)) s"
  fi
}

build() {  # build PRESET
  cmake --preset "$1" >/dev/null && cmake --build --preset "$1"
}

step "build (release)" build release || true
if [[ " ${failures[*]-} " == *"build (release)"* ]]; then
  echo "release build failed; nothing else can run"
  exit 1
fi

echo
echo "=== starting a throwaway PostgreSQL 15 + PostGIS"
if TEST_PG_URL=$(bash scripts/pg-temp.sh start "$PGDIR" | tail -1) && [[ $TEST_PG_URL == postgres* ]]; then
  export TEST_PG_URL
  echo "PostgreSQL at $TEST_PG_URL"
else
  failures+=("start PostgreSQL")
  unset TEST_PG_URL
fi

step "unit + store contract (release, SQLite + PostgreSQL)" ctest --test-dir build/release --output-on-failure
step "integration + browser (release)" env PLUMBLINE_BIN="$ROOT/build/release/plumbline" bash tests/run-node-suites.sh

step "build (debug: ASan+UBSan)" build debug
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
step "unit + store contract (ASan+UBSan)" ctest --test-dir build/debug --output-on-failure
step "integration (ASan+UBSan)" env PLUMBLINE_BIN="$ROOT/build/debug/plumbline" PLUMBLINE_SKIP_E2E=1 \
  bash tests/run-node-suites.sh

echo
echo "=== summary"
for p in "${passes[@]-}"; do [ -n "$p" ] && echo "passed: $p"; done
for f in "${failures[@]-}"; do [ -n "$f" ] && echo "FAILED: $f"; done
n_pass=0; n_fail=0
for p in "${passes[@]-}"; do [ -n "$p" ] && n_pass=$((n_pass + 1)); done
for f in "${failures[@]-}"; do [ -n "$f" ] && n_fail=$((n_fail + 1)); done
echo "suites: $n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]
