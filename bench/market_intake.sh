#!/usr/bin/env bash
# Intake with matching over a loaded marketplace: wrk on the form intake (POST /request) against a
# copy of a database bench/market_bench filled (130,000 plumbers), so every lead is matched for real.
#
#   bash bench/market_intake.sh sqlite:/tmp/market.db|postgres://… [zip=94110] [wrk connections=64]
# A SQLite database is copied first (the run adds leads and matches); a PostgreSQL one is used as it
# is. The outbox worker is off (PLUMBLINE_WORKER_THREADS=0): the figure is the intake transaction
# (lead, matches, alerts queued), not mail delivery. Prints wrk's report; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
URL=$1 ZIP=${2:-94110} CONNS=${3:-64}
BIN=${PLUMBLINE_BIN:-build/release/plumbline}
DURATION=${BENCH_DURATION:-10s}
WORK=$(mktemp -d /tmp/plumbline-market-intake.XXXXXX)
cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
if [[ $URL == sqlite:* ]]; then
  cp "${URL#sqlite:}" "$WORK/market.db"
  URL="sqlite:$WORK/market.db"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export DATABASE_URL=$URL PLUMBLINE_LISTEN=127.0.0.1:$port PLUMBLINE_DATA_DIR=$WORK PLUMBLINE_RATE_LIMIT=off \
  PLUMBLINE_ACCESS_LOG=off PLUMBLINE_LOG_LEVEL=warn PLUMBLINE_WORKER_THREADS=0
"$BIN" migrate >/dev/null
"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
jar="$WORK/jar"
token=$(curl -s -c "$jar" "http://127.0.0.1:$port/request" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
cookie=$(awk '$6=="plumbline_csrf" {print $7}' "$jar")
echo "== POST /request form intake with matching, ZIP $ZIP (wrk -t2 -c$CONNS -d$DURATION), load: $(cut -d' ' -f1-3 /proc/loadavg)"
LEAD_ZIP=$ZIP CSRF_TOKEN=$token CSRF_COOKIE=$cookie wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s bench/intake.lua \
  "http://127.0.0.1:$port" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket|requests in"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
q="SELECT count(*) || ' leads; matches per lead: ' || min(n) || ' min, ' || max(n) || ' max, ' || sum(n) || ' in all'
   FROM (SELECT (SELECT count(*) FROM lead_matches m WHERE m.lead_id = l.id) AS n FROM leads l) x"
if [[ $URL == sqlite:* ]]; then counts=$(sqlite3 "${URL#sqlite:}" "$q"); else counts=$(psql -Atc "$q" "$URL"); fi
echo "$counts"
# A form that re-renders (a new required field, a questions step) answers 200 and stores nothing:
# such a run measured the form page, not intake.
if [[ $counts =~ [^0-9]0\ in\ all$ ]]; then echo "no lead was matched: the form was refused, see $WORK" >&2; exit 1; fi
