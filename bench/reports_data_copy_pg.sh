#!/usr/bin/env bash
# Copies the reports fixture (bench/reports_data) from its SQLite file into PostgreSQL with
# bench/console_leads_copy_pg.sh, then sets each plumber's service_box (PostGIS) from the SQLite
# R*Tree plumber_areas, as the store's profile write does. Usage:
#   bench/reports_data_copy_pg.sh SQLITE_FILE PG_URL   (repository root; needs sqlite3 and psql)
set -euo pipefail
SRC=$1 PGURL=$2
COPY_TABLES="users plumbers plumber_services leads lead_matches claims disputes payments \
credit_ledger credit_balances" bash "$(dirname "$0")/console_leads_copy_pg.sh" "$SRC" "$PGURL"
sqlite3 -csv "$SRC" "SELECT id, min_lat, max_lat, min_lng, max_lng FROM plumber_areas" |
  psql "$PGURL" -v ON_ERROR_STOP=1 -q \
    -c "CREATE TEMP TABLE areas (id BIGINT, min_lat float8, max_lat float8, min_lng float8, max_lng float8)" \
    -c "\\copy areas FROM STDIN WITH (FORMAT csv)" \
    -c "SET session_replication_role = replica" \
    -c "UPDATE plumbers p SET service_box = ST_MakeEnvelope(a.min_lng, a.min_lat, a.max_lng, a.max_lat, 4326)
          FROM areas a WHERE a.id = p.user_id"
echo "set service_box"
psql "$PGURL" -qc "VACUUM ANALYZE plumbers"
# The copy keeps the checks the generator made on SQLite: facts agree with the raw rows, balances
# with the ledger.
"$(dirname "$0")/../build/release/bench/reports_data" --check "$PGURL"
psql "$PGURL" -qAtc "SELECT 'balances that differ from their ledger sum: ' || count(*)
  FROM credit_balances b LEFT JOIN (SELECT user_id, sum(amount) AS s FROM credit_ledger GROUP BY user_id) l
  ON l.user_id = b.user_id WHERE coalesce(l.s, 0) <> b.balance"
