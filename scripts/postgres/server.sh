#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for pyhelm's sql storage driver tests.
#
#   server.sh start    install Debian's postgresql if missing, initdb into the state dir
#                      (once), start the server on a free loopback port, wait until it
#                      accepts connections and print the connection string (idempotent)
#   server.sh stop     stop it (fast shutdown), keep the data
#   server.sh status   print whether it runs and its connection string
#   server.sh url      print the connection string
#   server.sh reset    stop and delete the state dir
#
# Environment: PYHELM_PG_STATE (default /tmp/pyhelm-postgres). PostgreSQL refuses to run
# as root, so as root the server runs as the unprivileged `postgres` system user.
# Authentication is `trust` on loopback only: a test server, never a real one.
set -euo pipefail

STATE_DIR="${PYHELM_PG_STATE:-/tmp/pyhelm-postgres}"
DATA_DIR="$STATE_DIR/data"
SOCK_DIR="$STATE_DIR/sock"
LOG_FILE="$STATE_DIR/postgres.log"
DB_NAME=helm

log() { echo "postgres: $*" >&2; }
die() { log "error: $*"; exit 1; }

find_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

ensure_installed() {
    find_bindir >/dev/null && return 0
    [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and installing it needs root"
    log "installing Debian's postgresql"
    env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
    find_bindir >/dev/null || die "postgresql installed but initdb not found"
}

RUN_USER=""
as_pg() {
    if [ -n "$RUN_USER" ]; then
        runuser -u "$RUN_USER" -- "$@"
    else
        "$@"
    fi
}

pick_user() {
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql \
            --shell /bin/bash postgres
        RUN_USER=postgres
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

url() {
    echo "postgresql://postgres@127.0.0.1:$(cat "$STATE_DIR/port")/$DB_NAME?sslmode=disable"
}

running() {
    [ -f "$DATA_DIR/postmaster.pid" ] || return 1
    local bindir
    bindir="$(find_bindir)" || return 1
    as_pg "$bindir/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1
}

cmd_start() {
    ensure_installed
    pick_user
    local bindir
    bindir="$(find_bindir)"
    mkdir -p "$STATE_DIR"
    exec 9>"$STATE_DIR/.lock"
    flock 9
    if running; then
        url
        return 0
    fi
    mkdir -p "$SOCK_DIR"
    [ -f "$STATE_DIR/port" ] || free_port >"$STATE_DIR/port"
    if [ -n "$RUN_USER" ]; then chown "$RUN_USER" "$STATE_DIR" "$SOCK_DIR"; fi
    if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
        rm -rf "$DATA_DIR"
        as_pg "$bindir/initdb" -D "$DATA_DIR" -U postgres -A trust -E UTF8 --no-locale >"$STATE_DIR/initdb.log" 2>&1 ||
            { cat "$STATE_DIR/initdb.log" >&2; die "initdb failed"; }
    fi
    touch "$LOG_FILE"
    if [ -n "$RUN_USER" ]; then chown "$RUN_USER" "$LOG_FILE"; fi
    local port
    port="$(cat "$STATE_DIR/port")"
    as_pg "$bindir/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 \
        -o "-p $port -k $SOCK_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 9>&- ||
        { tail -n 20 "$LOG_FILE" >&2; die "server did not start"; }
    if ! as_pg "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1; then
        as_pg "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE $DB_NAME" >&2
    fi
    url
}

cmd_stop() {
    [ -d "$DATA_DIR" ] || return 0
    pick_user
    local bindir
    bindir="$(find_bindir)" || return 0
    if running; then
        as_pg "$bindir/pg_ctl" -D "$DATA_DIR" -m fast -w stop >/dev/null
        log "stopped"
    fi
}

cmd_status() {
    pick_user
    if running; then
        echo "running: $(url)"
    else
        echo "stopped"
        return 1
    fi
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
url) url ;;
reset) cmd_stop; rm -rf "$STATE_DIR" ;;
*)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
