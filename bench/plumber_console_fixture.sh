#!/usr/bin/env bash
# The plumbers console's benchmark fixture: 130,000 plumbers (market_bench) given a history, and
# optionally copied into PostgreSQL by COPY (minutes, not the hour market_bench's libpq load takes).
# Usage (repository root, after building plumbline and market_bench; needs sqlite3 and psql):
#   bench/plumber_console_fixture.sh SQLITE_FILE [PG_URL]
# What is added (random, not seeded: the shapes matter, not the exact rows): sign-up dates over
# three years; 4 % suspended, 2 % rejected, 2 % of plans past due, 1 % closed; a balance for 60 %
# (0–299 credits); a successful sign-in within the year for 70 %; a live session within the month
# for 15 %. A database that already has the history is left as it is.
set -euo pipefail
SRC=$1 PGURL=${2:-}
BENCH_BIN=${MARKET_BENCH_BIN:-build/release/bench/market_bench}
"$BENCH_BIN" "sqlite:$SRC" 130000 0 | head -1
if [ "$(sqlite3 "$SRC" "SELECT count(*) FROM credit_balances")" = 0 ]; then
  now=$(($(date +%s) * 1000))
  day=86400000
  sqlite3 "$SRC" <<SQL
BEGIN;
UPDATE users SET created_at = $now - abs(random()) % (1095 * $day) WHERE role = 'plumber';
UPDATE plumbers SET status = 'suspended' WHERE status = 'approved' AND abs(random()) % 100 < 4;
UPDATE plumbers SET status = 'rejected' WHERE status = 'pending' AND abs(random()) % 100 < 30;
UPDATE plumbers SET plan_status = 'past_due' WHERE plan_status = 'active' AND abs(random()) % 100 < 2;
UPDATE users SET closed_at = $now - abs(random()) % (90 * $day), closed_reason = 'bench'
  WHERE role = 'plumber' AND abs(random()) % 100 < 1;
INSERT INTO credit_balances (user_id, balance, updated_at)
  SELECT user_id, abs(random()) % 300, $now FROM plumbers WHERE abs(random()) % 100 < 60;
INSERT INTO login_attempts (user_id, ip, success, at)
  SELECT user_id, '203.0.113.9', 1, $now - abs(random()) % (365 * $day) FROM plumbers
  WHERE abs(random()) % 100 < 70;
INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, absolute_expires_at, idle_timeout_ms)
  SELECT printf('%064d', user_id), user_id, t, t, t + 30 * $day, 1800000
  FROM (SELECT user_id, $now - abs(random()) % (30 * $day) AS t FROM plumbers
        WHERE abs(random()) % 100 < 15);
COMMIT;
SQL
  # A database made by a binary with migration 0039 keeps last activity in users.last_active_at,
  # which the store's session and sign-in writes move: set it as the migration's backfill does.
  if [ "$(sqlite3 "$SRC" "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'last_active_at'")" = 1 ]; then
    sqlite3 "$SRC" "UPDATE users SET last_active_at = max(
      coalesce((SELECT max(s.last_seen_at) FROM sessions s WHERE s.user_id = users.id), 0),
      coalesce((SELECT max(a.at) FROM login_attempts a WHERE a.user_id = users.id AND a.success), 0))"
  fi
  echo "history added"
fi
if [ -n "$PGURL" ]; then
  COPY_TABLES="users plumbers plumber_services plumber_extra_zips credit_balances login_attempts sessions" \
    bench/console_leads_copy_pg.sh "$SRC" "$PGURL"
fi
