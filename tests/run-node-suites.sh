#!/usr/bin/env bash
# Runs the Node integration suites, then the Chromium browser test; exits non-zero if any fails.
#
#   tests/run-node-suites.sh [--no-e2e]
#
# Environment: PLUMBLINE_BIN (binary under test, default build/release/plumbline), TEST_PG_URL
# (postgres://… of a server where test databases may be created; unset = PostgreSQL runs skipped),
# PLUMBLINE_SKIP_E2E=1 (same as --no-e2e). Screenshots go to test-artifacts/screenshots/.
set -uo pipefail
cd "$(dirname "$0")/.."

run_e2e=1
for arg in "$@"; do
  case "$arg" in
    --no-e2e) run_e2e=0 ;;
    -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-node-suites: unknown argument $arg" >&2; exit 2 ;;
  esac
done
[ "${PLUMBLINE_SKIP_E2E:-0}" = 1 ] && run_e2e=0

export PLUMBLINE_BIN=${PLUMBLINE_BIN:-build/release/plumbline}
if [ ! -x "$PLUMBLINE_BIN" ]; then
  echo "run-node-suites: $PLUMBLINE_BIN is not an executable; build it first" >&2
  exit 2
fi
command -v node >/dev/null || { echo "run-node-suites: node not found" >&2; exit 2; }

pg=$([ -n "${TEST_PG_URL:-}" ] && echo "on" || echo "off: TEST_PG_URL not set")
echo "== Node suites against $PLUMBLINE_BIN (PostgreSQL $pg) =="

status=0
# Bounded: each test file is killed after 5 minutes, the whole run after 10.
node_test() {
  timeout --kill-after=15 600 node --test --test-concurrency=1 --test-timeout=300000 \
    --test-reporter=spec "$@"
}

start=$SECONDS
node_test tests/integration/*.test.mjs
integration=$?
[ $integration -eq 0 ] || status=1
echo "== integration suites: $([ $integration -eq 0 ] && echo passed || echo "FAILED ($integration)") in $((SECONDS - start)) s =="

if [ $run_e2e -eq 1 ]; then
  start=$SECONDS
  node_test tests/e2e/*.spec.mjs
  e2e=$?
  [ $e2e -eq 0 ] || status=1
  echo "== browser test: $([ $e2e -eq 0 ] && echo passed || echo "FAILED ($e2e)") in $((SECONDS - start)) s; screenshots in test-artifacts/screenshots/ =="
else
  echo "== browser test: skipped =="
fi

exit $status
