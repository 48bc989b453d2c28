#!/usr/bin/env bash
# Copies a benchmark fixture from its SQLite file into a PostgreSQL database (same ids), much
# faster than replaying a generator's millions of statements over libpq. Usage:
#   bench/console_leads_copy_pg.sh SQLITE_FILE PG_URL            (console_leads' six tables)
#   COPY_TABLES="users plumbers ..." bench/console_leads_copy_pg.sh SQLITE_FILE PG_URL
# (run from the repository root after building `plumbline`; needs sqlite3 and psql).
# bench/reports_data_copy_pg.sh uses it for the reports fixture.
set -euo pipefail
SRC=$1 PGURL=$2 BIN=${PLUMBLINE_BIN:-build/release/plumbline}
TABLES=${COPY_TABLES:-users plumbers leads lead_matches claims disputes}
DATABASE_URL=$PGURL "$BIN" migrate >/dev/null
for t in $TABLES; do
  cols=$(sqlite3 "$SRC" "SELECT group_concat(name, ',') FROM pragma_table_info('$t')")
  # Foreign keys were checked when SQLite loaded the rows; replica mode skips re-checking them.
  sqlite3 -csv -cmd ".nullvalue '\\N'" "$SRC" "SELECT $cols FROM $t" |
    psql "$PGURL" -v ON_ERROR_STOP=1 -q -c "SET session_replication_role = replica" \
      -c "\\copy $t ($cols) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
  echo "copied $t"
done
for t in $TABLES; do
  # Tables with an identity id continue after the copied ids.
  has_id=$(psql "$PGURL" -qAtc "SELECT count(*) FROM information_schema.columns
                                WHERE table_name = '$t' AND column_name = 'id'")
  [ "$has_id" = 0 ] ||
    psql "$PGURL" -qAtc "SELECT setval(pg_get_serial_sequence('$t', 'id'), (SELECT max(id) FROM $t))" >/dev/null
done
psql "$PGURL" -qc "VACUUM ANALYZE"
