#!/usr/bin/env bash
# Notification hand-off benchmark (bench/handoff.mjs) on SQLite, then on a throwaway PostgreSQL 15:
# 100 JSON submissions/s for 60 s with maildev as the local SMTP sink, worker busy vs idle.
#
#   bash bench/handoff.sh [sqlite|postgres|both]     (default both; BENCH_RATE, BENCH_SECONDS override)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
RATE=${BENCH_RATE:-100}
SECONDS_=${BENCH_SECONDS:-60}
export PLUMBLINE_BIN=${PLUMBLINE_BIN:-build/release/plumbline}
[ -x "$PLUMBLINE_BIN" ] || { echo "handoff: $PLUMBLINE_BIN is not built" >&2; exit 2; }
[ -f node_modules/maildev/package.json ] || { echo "handoff: npm packages missing (make setup)" >&2; exit 2; }

if [ "$which" = sqlite ] || [ "$which" = both ]; then
  node bench/handoff.mjs --db sqlite --rate "$RATE" --seconds "$SECONDS_"
fi
if [ "$which" = postgres ] || [ "$which" = both ]; then
  WORK=$(mktemp -d /tmp/plumbline-handoff.XXXXXX)
  chmod 755 "$WORK"  # the PostgreSQL server user must reach its data folder
  trap 'bash scripts/pg-temp.sh stop "$WORK/pg" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
  TEST_PG_URL=$(bash scripts/pg-temp.sh start "$WORK/pg" | tail -1)
  echo
  TEST_PG_URL=$TEST_PG_URL node bench/handoff.mjs --db postgres --rate "$RATE" --seconds "$SECONDS_"
fi
