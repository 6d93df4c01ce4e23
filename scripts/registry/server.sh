#!/usr/bin/env bash
# A throwaway OCI registry (Debian's docker-registry, CNCF distribution v2) on 127.0.0.1
# for pyhelm's registry tests: htpasswd (bcrypt) authentication, plain HTTP or TLS.
#
#   server.sh start [--tls|--mtls] [--token REALM CERT]
#                             install docker-registry if missing, write config.yml,
#                             htpasswd (and with --tls a test CA and a server certificate
#                             for 127.0.0.1/localhost; --mtls also requires a client
#                             certificate signed by that CA: client.crt/client.key), start
#                             the registry on a free loopback port, wait until it answers
#                             and print HOST:PORT (idempotent). --token REALM CERT replaces
#                             htpasswd by Docker's token auth: tokens from the REALM URL,
#                             signed by the key of CERT (PEM), service "pyhelm-registry".
#   server.sh stop            stop it, keep the state dir
#   server.sh status          print whether it runs and its HOST:PORT
#   server.sh addr            print HOST:PORT
#   server.sh reset           stop it and delete the state dir
#
# Environment: PYHELM_REGISTRY_STATE (default /tmp/pyhelm-registry) holds config.yml,
# htpasswd, data/, registry.log, pid, port and with --tls ca.crt/ca.key/server.crt/server.key.
# PYHELM_REGISTRY_USER / PYHELM_REGISTRY_PASSWORD (default helm / helm-secret) are the one
# htpasswd account; without htpasswd, $PYTHON (default python3) with the bcrypt module
# writes the entry. A test server on loopback only, never a real one.
set -euo pipefail

STATE_DIR="${PYHELM_REGISTRY_STATE:-/tmp/pyhelm-registry}"
REG_USER="${PYHELM_REGISTRY_USER:-helm}"
REG_PASSWORD="${PYHELM_REGISTRY_PASSWORD:-helm-secret}"
BIN=/usr/bin/docker-registry

log() { echo "registry: $*" >&2; }
die() { log "error: $*"; exit 1; }

ensure_installed() {
    [ -x "$BIN" ] && command -v htpasswd >/dev/null 2>&1 && return 0
    if [ "$(id -u)" != 0 ]; then
        [ -x "$BIN" ] || die "docker-registry is not installed and installing it needs root"
        return 0  # htpasswd missing: bcrypt entries come from Python's bcrypt instead
    fi
    log "installing Debian's docker-registry and apache2-utils (htpasswd)"
    env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        docker-registry apache2-utils >&2
    [ -x "$BIN" ] || die "docker-registry installed but $BIN not found"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

addr() { echo "127.0.0.1:$(cat "$STATE_DIR/port")"; }

alive() {
    # a zombie (exited, not yet reaped by its new parent) counts as gone
    kill -0 "$1" 2>/dev/null || return 1
    ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null
}

running() {
    [ -f "$STATE_DIR/pid" ] || return 1
    alive "$(cat "$STATE_DIR/pid")"
}

write_htpasswd() {
    # bcrypt entry, as the registry's htpasswd backend requires
    if command -v htpasswd >/dev/null 2>&1; then
        htpasswd -Bbn "$REG_USER" "$REG_PASSWORD" | sed '/^$/d' >"$STATE_DIR/htpasswd"
    else
        REG_USER="$REG_USER" REG_PASSWORD="$REG_PASSWORD" "${PYTHON:-python3}" -c '
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

write_client_cert() {
    local d="$STATE_DIR"
    [ -f "$d/client.crt" ] && return 0
    openssl req -newkey rsa:2048 -nodes -subj "/CN=pyhelm test client" \
        -keyout "$d/client.key" -out "$d/client.csr" >/dev/null 2>&1
    printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' >"$d/client.ext"
    openssl x509 -req -in "$d/client.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
        -days 3650 -extfile "$d/client.ext" -out "$d/client.crt" >/dev/null 2>&1
    rm -f "$d/client.csr" "$d/client.ext"
}

write_config() {
    local port="$1" tls="$2" realm="$3" token_cert="$4"
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
        echo "  draintimeout: 1s"
        if [ "$tls" != 0 ]; then
            echo "  tls:"
            echo "    certificate: $STATE_DIR/server.crt"
            echo "    key: $STATE_DIR/server.key"
            if [ "$tls" = 2 ]; then
                echo "    clientcas:"
                echo "      - $STATE_DIR/ca.crt"
            fi
        fi
        echo "auth:"
        if [ -n "$realm" ]; then
            echo "  token:"
            echo "    realm: $realm"
            echo "    service: pyhelm-registry"
            echo "    issuer: pyhelm-token-issuer"
            echo "    rootcertbundle: $token_cert"
        else
            echo "  htpasswd:"
            echo "    realm: pyhelm-registry"
            echo "    path: $STATE_DIR/htpasswd"
        fi
    } >"$STATE_DIR/config.yml"
}

wait_ready() {
    local scheme="$1" i
    for i in $(seq 1 100); do
        running || die "registry exited; see $STATE_DIR/registry.log"
        # 401 from /v2/ means the registry is up and asking for credentials
        if CLIENT_CERT="$STATE_DIR/client.crt" CLIENT_KEY="$STATE_DIR/client.key" \
            python3 - "$scheme://$(addr)/v2/" <<'EOF' 2>/dev/null; then
import ssl, sys, urllib.error, urllib.request
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
import os
if os.path.exists(os.environ.get("CLIENT_CERT", "/nonexistent")):
    ctx.load_cert_chain(os.environ["CLIENT_CERT"], os.environ["CLIENT_KEY"])
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
    local tls=0 realm="" token_cert=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --tls) tls=1 ;;
            --mtls) tls=2 ;;
            --token) realm="$2"; token_cert="$3"; shift 2 ;;
            *) die "unknown option $1" ;;
        esac
        shift
    done
    if running; then
        addr
        return 0
    fi
    ensure_installed
    mkdir -p "$STATE_DIR/data"
    write_htpasswd
    [ "$tls" != 0 ] && write_certs
    [ "$tls" = 2 ] && write_client_cert
    local port scheme=http
    [ "$tls" != 0 ] && scheme=https
    port="$(free_port)"
    echo "$port" >"$STATE_DIR/port"
    echo "$scheme" >"$STATE_DIR/scheme"
    write_config "$port" "$tls" "$realm" "$token_cert"
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
            alive "$pid" || break
            sleep 0.1
        done
        if alive "$pid"; then kill -9 "$pid"; fi
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
    *) echo "usage: $0 start [--tls|--mtls] [--token REALM CERT]|stop|status|addr|reset" >&2; exit 2 ;;
esac
