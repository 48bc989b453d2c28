#!/usr/bin/env bash
# A streaming replica of a pg-temp.sh cluster, for the replica and failover tests:
# `start PRIMARY_DIR DIR|stop DIR|url DIR|promote DIR`.
#
#   start PRIMARY_DIR DIR  pg_basebackup of PRIMARY_DIR's server into DIR (-R: standby.signal and
#                          primary_conninfo written), started on a port of its own; prints its URL
#                          (database plumbline_test, like the primary's).
#   stop DIR               stop the server (immediate) and remove DIR.
#   url DIR                print the URL.
#   promote DIR            promote the standby to a primary (pg_ctl promote, waits).
#
# Runs the server as pg-temp.sh does (the `postgres` OS user when called as root).
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
MARKER=.plumbline-pg-temp

die() { echo "pg-replica: $*" >&2; exit 1; }
[ $# -ge 2 ] || die "usage: $0 start PRIMARY_DIR DIR | stop DIR | url DIR | promote DIR"
cmd=$1
cd /

db_user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  run_user=postgres
  id -u "$run_user" >/dev/null 2>&1 || run_user=plumbline-pg
  as_server() { runuser -u "$run_user" -- "$@"; }
else
  as_server() { "$@"; }
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

case "$cmd" in
  start)
    [ $# -eq 3 ] || die "usage: $0 start PRIMARY_DIR DIR"
    primary=$(realpath -m -- "$2")
    dir=$(realpath -m -- "$3")
    [ -f "$primary/url" ] || die "no pg-temp.sh server in $primary"
    [ ! -e "$dir" ] || die "$dir exists"
    pport=$(sed -E 's/.*:([0-9]+)\/.*/\1/' "$primary/url")
    mkdir -p -- "$dir"
    touch "$dir/$MARKER"
    chmod 700 "$dir"
    [ "$(id -u)" -ne 0 ] || chown -R "$run_user:" "$dir"
    as_server "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$pport" -U "$db_user" -D "$dir/data" -R \
      -X stream -c fast >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; die "pg_basebackup failed"; }
    port=$(free_port)
    # plumbline.conf came with the copy: only the port and socket folder differ.
    as_server sed -i -E "s/^port = .*/port = $port/; s|^unix_socket_directories = .*|unix_socket_directories = ''|" \
      "$dir/data/plumbline.conf"
    as_server "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
      { tail -n 20 "$dir/server.log" >&2; die "replica did not start"; }
    echo "postgres://$db_user@127.0.0.1:$port/plumbline_test" >"$dir/url"
    cat "$dir/url"
    ;;
  stop)
    dir=$(realpath -m -- "$2")
    [ -e "$dir" ] || exit 0
    [ -f "$dir/$MARKER" ] || die "$dir was not made by this script"
    as_server "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf -- "$dir"
    ;;
  url) cat "$(realpath -m -- "$2")/url" ;;
  promote) as_server "$PGBIN/pg_ctl" -D "$(realpath -m -- "$2")/data" -w promote >/dev/null ;;
  *) die "unknown command $cmd" ;;
esac
