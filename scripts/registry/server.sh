#!/usr/bin/env bash
# A throwaway OCI registry (Debian's docker-registry, CNCF distribution v2) on 127.0.0.1
# for pyhelm's registry tests: htpasswd (bcrypt) authentication, plain HTTP or TLS.
#
#   server.sh start [--tls]   install docker-registry if missing, write config.yml,
#                             htpasswd (and with --tls a test CA and a server certificate
#                             for 127.0.0.1/localhost), start the registry on a free loopback
#                             port, wait until it answers and print HOST:PORT (idempotent)
#   server.sh stop            stop it, keep the state dir
#   server.sh status          print whether it runs and its HOST:PORT
#   server.sh addr            print HOST:PORT
#   server.sh reset           stop it and delete the state dir
#
# Environment: PYHELM_REGISTRY_STATE (default /tmp/pyhelm-registry) holds config.yml,
# htpasswd, data/, registry.log, pid, port and with --tls ca.crt/ca.key/server.crt/server.key.
# PYHELM_REGISTRY_USER / PYHELM_REGISTRY_PASSWORD (default helm / helm-secret) are the one
# htpasswd account. A test server on loopback only, never a real one.
set -euo pipefail

STATE_DIR="${PYHELM_REGISTRY_STATE:-/tmp/pyhelm-registry}"
REG_USER="${PYHELM_REGISTRY_USER:-helm}"
REG_PASSWORD="${PYHELM_REGISTRY_PASSWORD:-helm-secret}"
BIN=/usr/bin/docker-registry

log() { echo "registry: $*" >&2; }
die() { log "error: $*"; exit 1; }

ensure_installed() {
    [ -x "$BIN" ] && return 0
    [ "$(id -u)" = 0 ] || die "docker-registry is not installed and installing it needs root"
    log "installing Debian's docker-registry"
    env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-registry >&2
    [ -x "$BIN" ] || die "docker-registry installed but $BIN not found"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

addr() { echo "127.0.0.1:$(cat "$STATE_DIR/port")"; }

running() {
    [ -f "$STATE_DIR/pid" ] || return 1
    kill -0 "$(cat "$STATE_DIR/pid")" 2>/dev/null
}

write_htpasswd() {
    # bcrypt entry, as the registry's htpasswd backend requires
    if command -v htpasswd >/dev/null 2>&1; then
        htpasswd -Bbn "$REG_USER" "$REG_PASSWORD" | sed '/^$/d' >"$STATE_DIR/htpasswd"
    else
        REG_USER="$REG_USER" REG_PASSWORD="$REG_PASSWORD" python3 -c '
import os, bcrypt
h = bcrypt.hashpw(os.environ["REG_PASSWORD"].encode(), bcrypt.gensalt(rounds=5)).decode()
print(os.environ["REG_USER"] + ":" + h)' >"$STATE_DIR/htpasswd"
    fi
}

write_certs() {
    local d="$STATE_DIR"
    [ -f "$d/server.crt" ] && return 0
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=pyhelm test CA" \
        -keyout "$d/ca.key" -out "$d/ca.crt" >/dev/null 2>&1
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
        -keyout "$d/server.key" -out "$d/server.csr" >/dev/null 2>&1
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
        >"$d/server.ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
        -days 3650 -extfile "$d/server.ext" -out "$d/server.crt" >/dev/null 2>&1
    rm -f "$d/server.csr" "$d/server.ext"
}

write_config() {
    local port="$1" tls="$2"
    {
        echo "version: 0.1"
        echo "log:"
        echo "  level: error"
        echo "  accesslog:"
        echo "    disabled: true"
        echo "storage:"
        echo "  filesystem:"
        echo "    rootdirectory: $STATE_DIR/data"
        echo "  delete:"
        echo "    enabled: true"
        echo "http:"
        echo "  addr: 127.0.0.1:$port"
        echo "  secret: pyhelm-test-secret"
        if [ "$tls" = 1 ]; then
            echo "  tls:"
            echo "    certificate: $STATE_DIR/server.crt"
            echo "    key: $STATE_DIR/server.key"
        fi
        echo "auth:"
        echo "  htpasswd:"
        echo "    realm: pyhelm-registry"
        echo "    path: $STATE_DIR/htpasswd"
    } >"$STATE_DIR/config.yml"
}

wait_ready() {
    local scheme="$1" i
    for i in $(seq 1 100); do
        running || die "registry exited; see $STATE_DIR/registry.log"
        # 401 from /v2/ means the registry is up and asking for credentials
        if python3 - "$scheme://$(addr)/v2/" <<'EOF' 2>/dev/null; then
import ssl, sys, urllib.error, urllib.request
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
try:
    urllib.request.urlopen(sys.argv[1], timeout=1, context=ctx)
except urllib.error.HTTPError:
    sys.exit(0)
sys.exit(0)
EOF
            return 0
        fi
        sleep 0.1
    done
    die "registry did not answer on $(addr)"
}

cmd_start() {
    local tls=0
    [ "${1:-}" = "--tls" ] && tls=1
    if running; then
        addr
        return 0
    fi
    ensure_installed
    mkdir -p "$STATE_DIR/data"
    write_htpasswd
    [ "$tls" = 1 ] && write_certs
    local port scheme=http
    [ "$tls" = 1 ] && scheme=https
    port="$(free_port)"
    echo "$port" >"$STATE_DIR/port"
    echo "$scheme" >"$STATE_DIR/scheme"
    write_config "$port" "$tls"
    setsid "$BIN" serve "$STATE_DIR/config.yml" </dev/null >"$STATE_DIR/registry.log" 2>&1 &
    echo $! >"$STATE_DIR/pid"
    wait_ready "$scheme"
    addr
}

cmd_stop() {
    if running; then
        local pid i
        pid="$(cat "$STATE_DIR/pid")"
        kill "$pid"
        for i in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$STATE_DIR/pid"
}

case "${1:-}" in
    start) shift; cmd_start "$@" ;;
    stop) cmd_stop ;;
    status)
        if running; then echo "running $(addr)"; else echo "stopped"; exit 1; fi ;;
    addr) addr ;;
    reset) cmd_stop; rm -rf "$STATE_DIR" ;;
    *) echo "usage: $0 start [--tls]|stop|status|addr|reset" >&2; exit 2 ;;
esac
