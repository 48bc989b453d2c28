#!/usr/bin/env bash
# Benchmarks: wrk (64 connections, 10 s) on GET / and the form intake, on SQLite and PostgreSQL,
# plus the raw storage limit of the intake transaction (bench/store_bench) and matching over 130,000
# plumbers (bench/market_bench; BENCH_MARKET=off skips it). Prints a report.
# Not run here (minutes of data): the reports benchmark, bench/reports_data (the two-year
# generator) + bench/reports.mjs (p95 per report); docs/performance.md "Reports" has the commands.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${PLUMBLINE_BIN:-build/release/plumbline}
DURATION=${BENCH_DURATION:-10s}
WORK=$(mktemp -d /tmp/plumbline-bench.XXXXXX)
chmod 755 "$WORK"  # the PostgreSQL server user must reach its data folder
PGDIR="$WORK/pg"
cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -d "$PGDIR" ] && bash scripts/pg-temp.sh stop "$PGDIR" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run_backend() {
  local name=$1 url=$2 port
  port=$(free_port)
  export DATABASE_URL=$url PLUMBLINE_LISTEN=127.0.0.1:$port PLUMBLINE_DATA_DIR=$WORK PLUMBLINE_RATE_LIMIT=off \
    PLUMBLINE_ACCESS_LOG=off PLUMBLINE_LOG_LEVEL=warn
  "$BIN" migrate >/dev/null
  "$BIN" serve >"$WORK/$name.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  sleep 1
  local rss_idle
  rss_idle=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
  echo "== $name: idle RSS ${rss_idle} kB"
  echo "== $name: GET / (wrk -t2 -c64 -d$DURATION)"
  wrk -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$port/" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket"
  local jar="$WORK/jar" token cookie
  token=$(curl -s -c "$jar" "http://127.0.0.1:$port/request" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
  cookie=$(awk '$6=="plumbline_csrf" {print $7}' "$jar")
  echo "== $name: POST /request form intake (wrk -t2 -c64 -d$DURATION)"
  CSRF_TOKEN=$token CSRF_COOKIE=$cookie wrk -t2 -c64 -d"$DURATION" --latency -s bench/intake.lua \
    "http://127.0.0.1:$port" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket"
  echo "== $name: RSS after load $(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status") kB"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
  if [ -x build/release/bench/store_bench ]; then
    echo "== $name: raw storage limit of the intake transaction (no HTTP)"
    build/release/bench/store_bench "$url"
  fi
  if [ -x build/release/bench/market_bench ] && [ "${BENCH_MARKET:-on}" != off ]; then
    echo "== $name: matching over ${BENCH_PLUMBERS:-130000} plumbers (bench/market_bench; loading takes minutes)"
    build/release/bench/market_bench "$url" "${BENCH_PLUMBERS:-130000}" "${BENCH_LEADS:-2000}"
  fi
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
run_backend sqlite "sqlite:$WORK/bench.db"
if PG_URL=$(bash scripts/pg-temp.sh start "$PGDIR" 2>/dev/null | tail -1) && [ -n "$PG_URL" ]; then
  run_backend postgres "$PG_URL"
else
  echo "== postgres: could not start a temporary server; skipped"
fi
