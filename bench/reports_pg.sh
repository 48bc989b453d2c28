#!/usr/bin/env bash
# Stops, or starts again, the PostgreSQL cluster holding the reports fixture WITHOUT deleting it:
# scripts/pg-temp.sh made it, but its `stop` deletes the folder and its `start` wipes a stopped
# one. Usage: bench/reports_pg.sh start|stop [DIR=/tmp/reports-bench/pg]; start prints the URL
# (the same port as before, from DIR/data/plumbline.conf).
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
cmd=${1:?usage: $0 start|stop [DIR]}
dir=$(realpath -m -- "${2:-/tmp/reports-bench/pg}")
[ -f "$dir/data/PG_VERSION" ] || { echo "reports_pg: no cluster in $dir" >&2; exit 1; }
cd /
owner=$(stat -c %U "$dir/data")
if [ "$(id -un)" = "$owner" ]; then as_server() { "$@"; }; else as_server() { runuser -u "$owner" -- "$@"; }; fi
case "$cmd" in
  start)
    as_server "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 ||
      as_server "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 start >/dev/null
    cat "$dir/url" ;;
  stop) as_server "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 120 stop >/dev/null ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
