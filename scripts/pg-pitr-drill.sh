#!/usr/bin/env bash
# PostgreSQL point-in-time recovery drill with pgBackRest (`make test-pitr`; docs/operations.md, "PostgreSQL: point-in-time recovery").
#
# Makes a throwaway cluster A (scripts/pg-temp.sh) that archives its WAL to a pgBackRest repository
# in a temp folder, starts a plumbline server on it and writes through it (scripts/pg-pitr-load.mjs:
# homeowner requests and credit grants, one at a time, each acknowledgement logged with its time),
# takes a full backup while that load runs, notes a target time, keeps writing, then restores the
# backup and the archived WAL up to the target into a second cluster B and checks it: every request
# acknowledged before the target is there, none sent after it is, every ledger equals its balance.
#
#   bash scripts/pg-pitr-drill.sh          needs pgbackrest, PostgreSQL 15, node and a built binary
#   PITR_KEEP=1 bash scripts/pg-pitr-drill.sh   keeps the temp folder (logs, repository) afterwards
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
STANZA=drill
WRITE_BEFORE_BACKUP=20   # acknowledged requests before the backup starts
SECONDS_AFTER_BACKUP=${PITR_SECONDS_AFTER_BACKUP:-4}
SECONDS_AFTER_TARGET=${PITR_SECONDS_AFTER_TARGET:-4}

die() { echo "pitr: $*" >&2; exit 1; }
command -v pgbackrest >/dev/null || die "pgbackrest is not installed (scripts/setup.sh installs it)"
export PLUMBLINE_BIN=${PLUMBLINE_BIN:-$ROOT/build/release/plumbline}
[ -x "$PLUMBLINE_BIN" ] || die "$PLUMBLINE_BIN is not built (make build)"
export PLUMBLINE_SOURCE_DIR=$ROOT

work=$(mktemp -d /tmp/plumbline-pitr.XXXXXX)
chmod 755 "$work"  # the server's OS user must reach the clusters and the repository
a=$work/a b=$work/b
load_pid=""
cleanup() {
  local rc=$?
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  if [ -f "$b/data/PG_VERSION" ]; then as_server "$PGBIN/pg_ctl" -D "$b/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  bash scripts/pg-temp.sh stop "$a" >/dev/null 2>&1 || true
  if [ "${PITR_KEEP:-0}" = 1 ] || [ $rc -ne 0 ]; then echo "pitr: logs and repository kept in $work" >&2; else rm -rf "$work"; fi
  exit $rc
}
trap cleanup EXIT

# Cluster A, archiving to the repository. The server runs as its own OS user when we are root.
url_a=$(PG_TEMP_FSYNC=${PG_TEMP_FSYNC:-on} bash scripts/pg-temp.sh start "$a")
run_user=$(stat -c %U "$a/data")
if [ "$(id -un)" = "$run_user" ]; then as_server() { "$@"; }; else as_server() { runuser -u "$run_user" -- "$@"; }; fi
db_user=$(id -un)
port_a=$(sed -E 's/.*:([0-9]+)\/.*/\1/' <<<"$url_a")
mkdir -p "$work/repo" "$work/log" "$work/lock" "$work/load"
conf=$work/pgbackrest.conf
cat >"$conf" <<CONF
[global]
repo1-path=$work/repo
repo1-retention-full=1
log-path=$work/log
lock-path=$work/lock
log-level-console=warn
log-level-file=info
start-fast=y
compress-type=lz4

[$STANZA]
pg1-path=$a/data
pg1-port=$port_a
pg1-socket-path=$a
pg1-user=$db_user
CONF
chown -R "$run_user:" "$work/repo" "$work/log" "$work/lock" "$conf"
psql -X -q -d "$url_a" \
  -c "ALTER SYSTEM SET archive_mode = 'on'" \
  -c "ALTER SYSTEM SET archive_command = 'pgbackrest --config=$conf --stanza=$STANZA archive-push %p'" \
  -c "ALTER SYSTEM SET archive_timeout = '60s'"
bash scripts/pg-temp.sh restart "$a" >/dev/null
pgb() { as_server pgbackrest --config="$conf" --stanza="$STANZA" "$@"; }
pgb stanza-create
pgb check

# Write load through a running server.
TEST_PG_URL=$url_a node scripts/pg-pitr-load.mjs load "$work/load" >"$work/load.log" 2>&1 &
load_pid=$!
for _ in $(seq 1 600); do
  [ -f "$work/load/ready" ] && break
  kill -0 "$load_pid" 2>/dev/null || { cat "$work/load.log" >&2; die "the load stopped before it was ready"; }
  sleep 0.5
done
[ -f "$work/load/ready" ] || die "the load did not start writing"
db=$(cat "$work/load/database")

# A full backup while the load runs.
t0=$(date +%s%N)
pgb --type=full backup
backup_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
sleep "$SECONDS_AFTER_BACKUP"
target_us=$(date +%s%6N)
target=$(date -u -d "@${target_us:0:10}.${target_us:10}" +'%Y-%m-%d %H:%M:%S.%6N+00')
sleep "$SECONDS_AFTER_TARGET"
touch "$work/load/stop"
wait "$load_pid" || { cat "$work/load.log" >&2; die "the load failed"; }
load_pid=""
# Close the WAL segment holding the last writes, so that the archive has a commit after the target.
psql -X -q -At -d "$url_a" -c "SELECT pg_switch_wal()" >/dev/null
pgb check

# Cluster B: the backup and the archived WAL, replayed up to the target.
mkdir -m 700 -p "$b/data"
chown -R "$run_user:" "$b"
t0=$(date +%s%N)
pgb --pg1-path="$b/data" --type=time --target="$target" --target-action=promote \
  --archive-mode=off restore
port_b=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# A's settings (max_connections must not shrink under recovery) on B's own port and socket.
as_server sed -i -e "s|^port = .*|port = $port_b|" -e "s|^unix_socket_directories = .*|unix_socket_directories = '$b'|" \
  "$b/data/plumbline.conf"
as_server "$PGBIN/pg_ctl" -D "$b/data" -l "$b/server.log" -w -t 300 start >/dev/null
url_b="postgres://$db_user@127.0.0.1:$port_b/$db"
for _ in $(seq 1 600); do
  [ "$(psql -X -q -At -d "$url_b" -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ] && break
  sleep 0.5
done
[ "$(psql -X -q -At -d "$url_b" -c 'SELECT pg_is_in_recovery()')" = f ] || die "cluster B did not finish recovery"
restore_ms=$(( ($(date +%s%N) - t0) / 1000000 ))

size=$(pgb --output=json info | python3 -c 'import json, sys
b = json.load(sys.stdin)[0]["backup"][-1]["info"]
print("%.0f MB, %.0f MB compressed in the repository" % (b["size"] / 1e6, b["repository"]["size"] / 1e6))')
wal=$(find "$work/repo/archive" -name '*.lz4' | wc -l)
echo "pitr: full backup under load in ${backup_ms} ms ($size); $wal WAL segments archived"
echo "pitr: restored to $target and promoted in ${restore_ms} ms"
node scripts/pg-pitr-load.mjs verify "$work/load" "$url_b" "$target_us"
