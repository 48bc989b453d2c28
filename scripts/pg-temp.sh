#!/usr/bin/env bash
# Throwaway PostgreSQL 15 for tests: `start|stop|restart|url DIR`; loopback only, trust auth, fsync on
# unless PG_TEMP_FSYNC=off.
#
#   start DIR    init a cluster in DIR (wiping a leftover one), start it, create database
#                plumbline_test and print its postgres:// URL; if DIR's server already runs,
#                just print the URL again.
#   stop DIR     stop the server (fast mode) and remove DIR; a no-op when DIR is absent.
#   restart DIR  restart the server on the same port (for reconnection tests).
#   url DIR      print the URL of DIR's server.
#
# As root the server runs as the `postgres` OS user (or a system user `plumbline-pg` created on
# demand), since PostgreSQL refuses to run as root; DIR is owned by that user. The database
# superuser is named after the caller, so the URL is postgres://CALLER@127.0.0.1:PORT/plumbline_test.
#
# PG_TEMP_FSYNC=off (read by `start`) runs the server without fsync: the test suite's choice, since
# every test database is created from a template and dropped again (~1 s each with fsync on this
# disk) and no test crashes the kernel, the only failure fsync guards against. Benchmarks keep the
# default (on) so that their figures are those of a durable server.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DB_NAME=plumbline_test
MARKER=.plumbline-pg-temp

die() { echo "pg-temp: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: $0 start|stop|restart|url DIR"
cmd=$1
dir=$(realpath -m -- "$2")
[ "$dir" != / ] || die "refusing to use / as DIR"
cd /  # the server user may not be able to read the caller's working directory
[ -x "$PGBIN/initdb" ] || die "$PGBIN/initdb not found (install postgresql-15)"

db_user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  run_user=postgres
  if ! id -u "$run_user" >/dev/null 2>&1; then
    run_user=plumbline-pg
    id -u "$run_user" >/dev/null 2>&1 ||
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$run_user"
  fi
  as_server() { runuser -u "$run_user" -- "$@"; }
else
  run_user=$db_user
  as_server() { "$@"; }
fi

data="$dir/data"
is_running() { [ -f "$data/PG_VERSION" ] && as_server "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1; }
# Running and answering (a crashed postmaster can linger as a zombie where nothing reaps it).
answers() {
  [ -f "$dir/url" ] && is_running || return 1
  local port
  port=$(sed -E 's/.*:([0-9]+)\/.*/\1/' "$dir/url")
  "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 5
}

# Only ever delete a folder this script made (marker file) or an empty one.
wipe_dir() {
  [ -e "$dir" ] || return 0
  if [ -f "$dir/$MARKER" ] || [ -z "$(ls -A -- "$dir" 2>/dev/null)" ]; then
    if is_running; then as_server "$PGBIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf -- "$dir"
  else
    die "$dir exists and was not made by pg-temp.sh; refusing to delete it"
  fi
}

# A free loopback port: let the kernel pick one by binding port 0; fall back to a random unused one.
pick_port() {
  local py
  for py in /usr/bin/python3 python3; do
    if command -v "$py" >/dev/null 2>&1 &&
      "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null; then
      return 0
    fi
  done
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
}

fsync=${PG_TEMP_FSYNC:-on}
[[ $fsync == on || $fsync == off ]] || die "PG_TEMP_FSYNC must be on or off, not $fsync"

write_conf() {  # port
  local sockdir="$dir"
  # Unix socket paths are limited to ~107 bytes; without room, listen on TCP only.
  [ ${#dir} -le 90 ] || sockdir=""
  as_server tee "$data/plumbline.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $1
unix_socket_directories = '$sockdir'
fsync = $fsync
synchronous_commit = on
full_page_writes = $fsync
max_connections = 200
log_min_messages = warning
EOF
}

start() {
  if answers; then cat "$dir/url"; return 0; fi
  wipe_dir
  mkdir -p -- "$dir"
  touch "$dir/$MARKER"
  chmod 700 "$dir"
  [ "$run_user" = "$db_user" ] || chown -R "$run_user:" "$dir"
  as_server test -w "$dir" || die "user $run_user cannot write $dir (is a parent folder private?)"

  # --no-sync only skips initdb's own final flush; the running server keeps fsync on.
  as_server "$PGBIN/initdb" -D "$data" -U "$db_user" --auth=trust -E UTF8 --locale=C --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  echo "include_if_exists = 'plumbline.conf'" | as_server tee -a "$data/postgresql.conf" >/dev/null

  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$(pick_port)
    write_conf "$port"
    if as_server "$PGBIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null 2>&1; then
      break
    fi
    # Lost a race for the port: try another one; any other failure is fatal.
    grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null ||
      { tail -n 20 "$dir/server.log" >&2 || true; die "server did not start"; }
    [ "$attempt" -lt 5 ] || die "no free port found"
  done

  "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U "$db_user" "$DB_NAME"
  echo "postgres://$db_user@127.0.0.1:$port/$DB_NAME" >"$dir/url"
  cat "$dir/url"
}

stop() {
  [ -e "$dir" ] || return 0
  if is_running; then
    as_server "$PGBIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
      as_server "$PGBIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  wipe_dir
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  restart)
    is_running || die "no server running in $dir"
    as_server "$PGBIN/pg_ctl" -D "$data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
    ;;
  url) [ -f "$dir/url" ] || die "no server in $dir"; cat "$dir/url" ;;
  *) die "usage: $0 start|stop|restart|url DIR" ;;
esac
