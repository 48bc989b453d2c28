#!/usr/bin/env bash
# Copies the console benchmark's fixture from its SQLite file into a PostgreSQL database (same ids),
# much faster than replaying the generator's ~2.5 million statements over libpq; then
# `console_leads PG_URL` reuses it. Usage: bench/console_leads_copy_pg.sh SQLITE_FILE PG_URL
# (run from the repository root after building `plumbline`; needs sqlite3 and psql).
set -euo pipefail
SRC=$1 PGURL=$2 BIN=${PLUMBLINE_BIN:-build/release/plumbline}
DATABASE_URL=$PGURL "$BIN" migrate >/dev/null
for t in users plumbers leads lead_matches claims disputes; do
  cols=$(sqlite3 "$SRC" "SELECT group_concat(name, ',') FROM pragma_table_info('$t')")
  # Foreign keys were checked when SQLite loaded the rows; replica mode skips re-checking them.
  sqlite3 -csv -cmd ".nullvalue '\\N'" "$SRC" "SELECT $cols FROM $t" |
    psql "$PGURL" -v ON_ERROR_STOP=1 -q -c "SET session_replication_role = replica" \
      -c "\\copy $t ($cols) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
  echo "copied $t"
done
for t in users leads claims disputes; do
  psql "$PGURL" -qAtc "SELECT setval(pg_get_serial_sequence('$t', 'id'), (SELECT max(id) FROM $t))" >/dev/null
done
psql "$PGURL" -qc "VACUUM ANALYZE"
