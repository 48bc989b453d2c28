#!/usr/bin/env bash
# Runs the Node integration files and the Chromium browser files (tests/run-files.mjs: several at a
# time, SQLite and PostgreSQL halves side by side, each file bounded); exits non-zero if any fails.
#
#   tests/run-node-suites.sh [--no-e2e] [FILE...]
#
# Environment: PLUMBLINE_BIN (binary under test, default build/release/plumbline), TEST_PG_URL
# (postgres://… of a server where test databases may be created; unset = PostgreSQL runs skipped),
# PLUMBLINE_SKIP_E2E=1 (same as --no-e2e), PLUMBLINE_TEST_JOBS (files at a time, default 3),
# PLUMBLINE_TEST_FILE_BOUND (seconds before a file is killed as hung, default 600).
# Screenshots go to test-artifacts/screenshots/, each file's output to test-artifacts/node/.
set -uo pipefail
cd "$(dirname "$0")/.."

run_e2e=1
files=()
for arg in "$@"; do
  case "$arg" in
    --no-e2e) run_e2e=0 ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run-node-suites: unknown argument $arg" >&2; exit 2 ;;
    *) files+=("$arg") ;;
  esac
done
[ "${PLUMBLINE_SKIP_E2E:-0}" = 1 ] && run_e2e=0

export PLUMBLINE_BIN=${PLUMBLINE_BIN:-build/release/plumbline}
if [ ! -x "$PLUMBLINE_BIN" ]; then
  echo "run-node-suites: $PLUMBLINE_BIN is not an executable; build it first" >&2
  exit 2
fi
command -v node >/dev/null || { echo "run-node-suites: node not found" >&2; exit 2; }

if [ ${#files[@]} -eq 0 ]; then
  files=(tests/integration/*.test.mjs)
  [ $run_e2e -eq 1 ] && files=(tests/e2e/*.spec.mjs "${files[@]}")
fi
pg=$([ -n "${TEST_PG_URL:-}" ] && echo "on" || echo "off: TEST_PG_URL not set")
echo "== Node suites against $PLUMBLINE_BIN (PostgreSQL $pg) =="
exec node tests/run-files.mjs --split-backends --label "$(basename "$PLUMBLINE_BIN")" \
  --jobs "${PLUMBLINE_TEST_JOBS:-3}" --bound "${PLUMBLINE_TEST_FILE_BOUND:-600}" "${files[@]}"
