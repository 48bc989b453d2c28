#!/usr/bin/env bash
# The revenue report's statements (issue 16, R4) on two years of synthetic money: 200,000
# payments (1 in 37 partly refunded, 1 in 211 lost in a dispute), 1,000,000 ledger rows, 130,000
# balances, 500,000 claims, 142,857 subscription changes. Loads them into a fresh migrated
# database with plain SQL (no app code), then times the exact statements RevenueReport::build
# runs for a 90-day report and the 90 days before it, RUNS times, and prints p50 / p95 of the sum.
# Usage: bench/report_revenue_sql.sh sqlite:/tmp/rev.db | postgres://…/db   [RUNS=20]
# (run from the repository root after building `plumbline`; needs sqlite3 or psql). The page's
# full time (HTTP, rendering) is the reports benchmark's; this isolates the database's share.
set -euo pipefail
URL=$1 RUNS=${RUNS:-20} BIN=${PLUMBLINE_BIN:-build/release/plumbline}
DATABASE_URL=$URL "$BIN" migrate >/dev/null
BASE=1733500000000  # the first row; two years = 63,072,000,000 ms
TO=$((BASE + 63072000000)) FROM=$((BASE + 63072000000 - 7776000000)) PREV=$((BASE + 63072000000 - 2 * 7776000000))
gen() {  # $1 = the series of 1..N as a FROM clause for the dialect
  local S=$1
  cat <<SQL
INSERT INTO payments (user_id, kind, stripe_id, amount_cents, currency, amount_refunded_cents,
  dispute_status, created_at, updated_at)
  SELECT v % 130000 + 1, CASE WHEN v % 3 = 0 THEN 'pack' ELSE 'subscription' END, 'p' || v,
         1000 + (v * 7919) % 40000, 'usd', CASE WHEN v % 37 = 0 THEN 500 ELSE 0 END,
         CASE WHEN v % 211 = 0 THEN 'lost' ELSE '' END, $BASE + v * 315360 + (v * 7) % 300000,
         $BASE + v * 315360 + 86400000 FROM ${S//@N@/200000};
INSERT INTO credit_ledger (user_id, kind, amount, reason, created_at)
  SELECT v % 130000 + 1, CASE v % 5 WHEN 0 THEN 'grant' WHEN 1 THEN 'purchase' WHEN 2 THEN 'claim'
         WHEN 3 THEN 'claim' ELSE 'refund' END, CASE v % 5 WHEN 2 THEN -2 WHEN 3 THEN -1 ELSE 3 END,
         'x', $BASE + v * 63072 + (v * 7) % 60000 FROM ${S//@N@/1000000};
INSERT INTO credit_balances (user_id, balance, updated_at) SELECT v, 5, 0 FROM ${S//@N@/130000};
INSERT INTO claims (lead_id, plumber_id, price_credits, created_at, updated_at)
  SELECT v, v % 130000 + 1, 2, $BASE + v * 126144 + (v * 7) % 120000, 0 FROM ${S//@N@/500000};
INSERT INTO subscription_changes (user_id, kind, plan_id, plan_status, mrr_cents, mrr_delta_cents,
  created_at)
  SELECT v % 40000 + 1, CASE WHEN v <= 40000 THEN 'new' WHEN v % 50 = 0 THEN 'churned'
         ELSE 'renewed' END, 'pro', 'active', 12900, CASE WHEN v <= 40000 THEN 12900
         WHEN v % 50 = 0 THEN -12900 ELSE 0 END, $BASE + v * 441504 + (v * 13) % 60000
  FROM ${S//@N@/142857};
SQL
}
by_slot() {  # $1 table, $2 amount, $3 from, $4 to
  echo "SELECT created_at / 3600000, kind, CAST(coalesce(sum($2), 0) AS BIGINT), count(*) FROM $1 WHERE created_at >= $3 AND created_at < $4 GROUP BY 1, 2;"
}
report() {
  by_slot payments amount_cents $FROM $TO
  by_slot payment_reversals amount_cents $FROM $TO
  by_slot subscription_changes mrr_delta_cents $FROM $TO
  by_slot credit_ledger amount $FROM $TO
  for at in $FROM $TO $FROM; do
    echo "SELECT CAST(coalesce(sum(mrr_delta_cents), 0) AS BIGINT) FROM subscription_changes WHERE created_at < $at AND mrr_delta_cents <> 0;"
  done
  echo "SELECT CAST(coalesce(sum(amount), 0) AS BIGINT) FROM credit_ledger WHERE created_at >= $TO AND created_at < 9000000000000000000;"
  for span in "$FROM $TO" "$PREV $FROM"; do
    set -- $span
    echo "SELECT count(*) FROM (SELECT plumber_id FROM claims WHERE created_at >= $1 AND created_at < $2 UNION SELECT user_id FROM payments WHERE created_at >= $1 AND created_at < $2) AS a;"
  done
  by_slot payments amount_cents $PREV $FROM
  by_slot payment_reversals amount_cents $PREV $FROM
  echo "SELECT CAST(coalesce(sum(balance), 0) AS BIGINT) FROM credit_balances;"
}
percentiles() { sort -n | awk -v what="$1" '{a[NR]=$1} END {printf "%s: runs %d  p50 %.1f ms  p95 %.1f ms\n", what, NR, a[int((NR+1)/2)], a[int(NR*0.95+0.999)]}'; }
if [[ $URL == sqlite:* ]]; then
  DB=${URL#sqlite:}
  [[ $(sqlite3 "$DB" "SELECT count(*) FROM payments") == 0 ]] && { echo "PRAGMA foreign_keys=OFF;"
    echo "CREATE TEMP TABLE series AS WITH RECURSIVE k(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM k WHERE v < 1000000) SELECT v FROM k;";
    gen "(SELECT v FROM series WHERE v <= @N@)"; echo "ANALYZE;"; } | sqlite3 "$DB"
  # Wall time, and the CPU time SQLite spent (user + sys): on a busy machine the wall time mostly
  # measures waiting for a core.
  for _ in $(seq "$RUNS"); do
    { echo ".timer on"; report; } | sqlite3 "$DB" >/tmp/report_revenue_sql.$$
    awk '/Run Time/ {s += $4} END {print s * 1000}' /tmp/report_revenue_sql.$$ >>/tmp/report_revenue_wall.$$
    awk '/Run Time/ {s += $6 + $8} END {print s * 1000}' /tmp/report_revenue_sql.$$ >>/tmp/report_revenue_cpu.$$
  done
  percentiles wall </tmp/report_revenue_wall.$$
  percentiles cpu </tmp/report_revenue_cpu.$$
  rm -f /tmp/report_revenue_sql.$$ /tmp/report_revenue_wall.$$ /tmp/report_revenue_cpu.$$
else
  [[ $(psql "$URL" -qAtc "SELECT count(*) FROM payments") == 0 ]] && { echo "SET session_replication_role = replica;"; gen "generate_series(CAST(1 AS BIGINT), @N@) AS v"; echo "VACUUM ANALYZE;"; } |
    psql "$URL" -v ON_ERROR_STOP=1 -q
  for _ in $(seq "$RUNS"); do
    { echo "\\timing on"; report; } | psql "$URL" -q -At | awk '/^Time:/ {s += $2} END {print s}'
  done | percentiles "wall (server)"
fi
