#!/usr/bin/env bash
# A throwaway Kubernetes control plane on loopback, for pyhelm's cluster tests.
#
#   controlplane.sh provision   install etcd/Go from Debian, build kube-apiserver and
#                               kube-controller-manager from Debian's kubernetes source
#                               package once, cache them (a second run reuses the cache)
#   controlplane.sh start       provision if needed, start etcd + kube-apiserver +
#                               kube-controller-manager on 127.0.0.1, wait for /readyz,
#                               write a kubeconfig and print its path (idempotent)
#   controlplane.sh stop        stop the three processes (no strays), keep the state dir
#   controlplane.sh status      print whether it runs, the ports and the kubeconfig path
#   controlplane.sh kubeconfig  print the kubeconfig path
#   controlplane.sh kubectl     install kubectl (Debian's kubernetes-client) if missing,
#                               print its path
#   controlplane.sh reset       stop and delete the state dir (etcd data, certificates)
#
# Environment:
#   PYHELM_KUBE_CACHE   binary cache (default /var/cache/pyhelm-kube when writable,
#                       else ${XDG_CACHE_HOME:-$HOME/.cache}/pyhelm-kube)
#   PYHELM_KUBE_STATE   state dir: data, certificates, logs, pids, kubeconfig
#                       (default /tmp/pyhelm-kube)
#
# Everything listens on 127.0.0.1 only; ports are picked free at first start and kept.
set -euo pipefail

K8S_SRC_PACKAGE=kubernetes
# Bump when the build recipe changes: cached binaries from another recipe are rebuilt.
BUILD_RECIPE=2
REFLECT2_SRC=/usr/share/gocode/src/github.com/modern-go/reflect2
TOKEN_DEFAULT=pyhelm-admin-token

default_cache() {
    if [ -n "${PYHELM_KUBE_CACHE:-}" ]; then
        echo "$PYHELM_KUBE_CACHE"
    elif mkdir -p /var/cache/pyhelm-kube 2>/dev/null && [ -w /var/cache/pyhelm-kube ]; then
        echo /var/cache/pyhelm-kube
    else
        echo "${XDG_CACHE_HOME:-$HOME/.cache}/pyhelm-kube"
    fi
}

CACHE_DIR="$(default_cache)"
BIN_DIR="$CACHE_DIR/bin"
STATE_DIR="${PYHELM_KUBE_STATE:-/tmp/pyhelm-kube}"
LOG_DIR="$STATE_DIR/logs"
KUBECONFIG_PATH="$STATE_DIR/kubeconfig"

log() { echo "controlplane: $*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo -n "$@"
    else die "need root (or passwordless sudo) to run: $*"
    fi
}

# ---------------------------------------------------------------- provision

binaries_cached() {
    [ -x "$BIN_DIR/kube-apiserver" ] && [ -x "$BIN_DIR/kube-controller-manager" ] &&
        [ "$(cat "$BIN_DIR/RECIPE" 2>/dev/null)" = "$BUILD_RECIPE" ]
}

host_tools_present() {
    command -v etcd >/dev/null && command -v openssl >/dev/null && command -v curl >/dev/null &&
        command -v kubectl >/dev/null
}

ensure_deb_src() {
    # apt-get source needs a deb-src entry for bookworm main.
    if grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        return 0
    fi
    log "adding a deb-src entry for Debian bookworm"
    as_root tee /etc/apt/sources.list.d/pyhelm-deb-src.sources >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

install_packages() {
    local need=()
    command -v etcd >/dev/null || need+=(etcd-server)
    command -v openssl >/dev/null || need+=(openssl)
    command -v curl >/dev/null || need+=(curl)
    # kubectl 1.20 (client-go): for debugging, and the kubeconfig tests' oracle.
    command -v kubectl >/dev/null || need+=(kubernetes-client)
    if ! binaries_cached; then
        command -v go >/dev/null || need+=(golang-go)
        command -v rsync >/dev/null || need+=(rsync)
        command -v make >/dev/null || need+=(make)
        [ -d "$REFLECT2_SRC" ] || need+=(golang-github-modern-go-reflect2-dev)
    fi
    if ! binaries_cached; then
        ensure_deb_src
    fi
    if [ ${#need[@]} -gt 0 ] || ! binaries_cached; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    fi
    if [ ${#need[@]} -gt 0 ]; then
        log "installing ${need[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >&2
    fi
}

build_binaries() {
    local work="$CACHE_DIR/build"
    rm -rf "$work"
    mkdir -p "$work/src" "$work/gopath" "$BIN_DIR"
    log "downloading Debian's $K8S_SRC_PACKAGE source package"
    (cd "$work/src" && apt-get source --download-only "$K8S_SRC_PACKAGE" >&2)
    local orig
    orig="$(ls "$work"/src/"${K8S_SRC_PACKAGE}"_*.orig.tar.* | head -n1)"
    [ -n "$orig" ] || die "no ${K8S_SRC_PACKAGE}_*.orig.tar.* downloaded"
    mkdir -p "$work/tree"
    tar -xf "$orig" -C "$work/tree" --strip-components=1
    # Kubernetes 1.20 vendors modern-go/reflect2 1.0.1, which crashes under Go >= 1.18
    # (nil pointer in UnsafeMapType.Key while decoding maps): use Debian's 1.0.2.
    [ -d "$REFLECT2_SRC" ] || die "missing $REFLECT2_SRC (golang-github-modern-go-reflect2-dev)"
    rm -rf "$work/tree/vendor/github.com/modern-go/reflect2"
    cp -rL "$REFLECT2_SRC" "$work/tree/vendor/github.com/modern-go/reflect2"
    find "$work/tree/vendor/github.com/modern-go/reflect2" -name '*_test.go' -delete
    log "building kube-apiserver and kube-controller-manager (about 5-6 minutes on 2 cores)"
    (cd "$work/tree" && env HOME="$work/gopath" GOPATH="$work/gopath" GOCACHE="$work/gopath/cache" \
        CGO_ENABLED=0 \
        make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" >"$work/build.log" 2>&1) \
        || { tail -n 40 "$work/build.log" >&2; die "build failed (log: $work/build.log)"; }
    local out="$work/tree/_output/bin"
    install -m 0755 "$out/kube-apiserver" "$BIN_DIR/kube-apiserver.tmp"
    install -m 0755 "$out/kube-controller-manager" "$BIN_DIR/kube-controller-manager.tmp"
    mv "$BIN_DIR/kube-apiserver.tmp" "$BIN_DIR/kube-apiserver"
    mv "$BIN_DIR/kube-controller-manager.tmp" "$BIN_DIR/kube-controller-manager"
    basename "$orig" >"$BIN_DIR/SOURCE"
    echo "$BUILD_RECIPE" >"$BIN_DIR/RECIPE"
    # The tree and the Go caches are several GB; the two binaries are all we keep.
    chmod -R u+w "$work" 2>/dev/null || true
    rm -rf "$work"
}

cmd_provision() {
    mkdir -p "$CACHE_DIR"
    exec 8>"$CACHE_DIR/.provision.lock"
    flock 8
    if binaries_cached && host_tools_present; then
        log "cached binaries in $BIN_DIR"
        return 0
    fi
    local t0=$SECONDS
    install_packages
    binaries_cached || build_binaries
    log "provisioned in $((SECONDS - t0)) s; binaries in $BIN_DIR"
}

# ---------------------------------------------------------------- run

free_port() {
    python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

pid_alive() {
    local f="$STATE_DIR/$1.pid"
    [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null
}

load_ports() {
    if [ ! -f "$STATE_DIR/ports.env" ]; then
        {
            echo "ETCD_PORT=$(free_port)"
            echo "ETCD_PEER_PORT=$(free_port)"
            echo "APISERVER_PORT=$(free_port)"
            echo "TOKEN=$TOKEN_DEFAULT"
        } >"$STATE_DIR/ports.env"
    fi
    # shellcheck disable=SC1091
    . "$STATE_DIR/ports.env"
}

init_state() {
    mkdir -p "$STATE_DIR" "$LOG_DIR" "$STATE_DIR/etcd" "$STATE_DIR/certs"
    chmod 700 "$STATE_DIR/etcd"
    load_ports
    if [ ! -f "$STATE_DIR/sa.key" ]; then
        openssl genrsa -out "$STATE_DIR/sa.key" 2048 2>/dev/null
        openssl rsa -in "$STATE_DIR/sa.key" -pubout -out "$STATE_DIR/sa.pub" 2>/dev/null
    fi
    echo "$TOKEN,admin,admin,\"system:masters\"" >"$STATE_DIR/tokens.csv"
    write_kubeconfig
}

write_kubeconfig() {
    cat >"$KUBECONFIG_PATH" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: pyhelm
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    insecure-skip-tls-verify: true
contexts:
- name: pyhelm
  context:
    cluster: pyhelm
    user: admin
    namespace: default
current-context: pyhelm
users:
- name: admin
  user:
    token: $TOKEN
EOF
    chmod 600 "$KUBECONFIG_PATH"
}

spawn() {
    # spawn NAME CMD...: start in its own session, log to logs/NAME.log, record the pid.
    local name=$1
    shift
    # The lock descriptors (8, 9) must not leak into the long-lived servers.
    setsid "$@" >"$LOG_DIR/$name.log" 2>&1 </dev/null 8>&- 9>&- &
    echo $! >"$STATE_DIR/$name.pid"
}

wait_for() {
    # wait_for NAME SECONDS CMD...: poll CMD until it succeeds, or fail showing NAME's log.
    local name=$1 limit=$2
    shift 2
    local i
    for ((i = 0; i < limit * 4; i++)); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        pid_alive "$name" || { tail -n 30 "$LOG_DIR/$name.log" >&2; die "$name exited"; }
        sleep 0.25
    done
    tail -n 30 "$LOG_DIR/$name.log" >&2
    die "$name not ready after ${limit}s"
}

apiserver_ready() {
    [ "$(curl -sk --max-time 2 -H "Authorization: Bearer $TOKEN" \
        "https://127.0.0.1:$APISERVER_PORT/readyz")" = ok ]
}

start_etcd() {
    pid_alive etcd && return 0
    spawn etcd etcd --name pyhelm --data-dir "$STATE_DIR/etcd" \
        --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
        --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
        --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
        --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
        --initial-cluster "pyhelm=http://127.0.0.1:$ETCD_PEER_PORT"
    wait_for etcd 30 curl -sf --max-time 2 "http://127.0.0.1:$ETCD_PORT/health"
}

start_apiserver() {
    pid_alive kube-apiserver && apiserver_ready && return 0
    pid_alive kube-apiserver || spawn kube-apiserver "$BIN_DIR/kube-apiserver" \
        --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
        --bind-address=127.0.0.1 --advertise-address=127.0.0.1 \
        --secure-port="$APISERVER_PORT" --insecure-port=0 \
        --cert-dir="$STATE_DIR/certs" \
        --token-auth-file="$STATE_DIR/tokens.csv" \
        --authorization-mode=RBAC \
        --service-account-key-file="$STATE_DIR/sa.pub" \
        --service-account-signing-key-file="$STATE_DIR/sa.key" \
        --service-account-issuer=https://kubernetes.default.svc \
        --service-cluster-ip-range=10.96.0.0/16 \
        --endpoint-reconciler-type=none
    wait_for kube-apiserver 120 apiserver_ready
}

start_controller_manager() {
    pid_alive kube-controller-manager && return 0
    spawn kube-controller-manager "$BIN_DIR/kube-controller-manager" \
        --kubeconfig="$KUBECONFIG_PATH" \
        --service-account-private-key-file="$STATE_DIR/sa.key" \
        --leader-elect=false --bind-address=127.0.0.1 --secure-port=0 --port=0 \
        --controllers='*,-nodeipam,-nodelifecycle,-attachdetach,-persistentvolume-binder,-route,-service,-cloud-node-lifecycle'
    sleep 0.5
    pid_alive kube-controller-manager || {
        tail -n 30 "$LOG_DIR/kube-controller-manager.log" >&2
        die "kube-controller-manager exited"
    }
}

wait_default_namespace() {
    local i
    for ((i = 0; i < 120; i++)); do
        if curl -sfk --max-time 2 -H "Authorization: Bearer $TOKEN" \
            "https://127.0.0.1:$APISERVER_PORT/api/v1/namespaces/default" >/dev/null 2>&1 &&
            curl -sfk --max-time 2 -H "Authorization: Bearer $TOKEN" \
                "https://127.0.0.1:$APISERVER_PORT/api/v1/namespaces/default/serviceaccounts/default" \
                >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.25
    done
    die "namespace default / its service account did not appear"
}

cmd_start() {
    cmd_provision
    mkdir -p "$STATE_DIR"
    exec 9>"$STATE_DIR/.start.lock"
    flock 9
    init_state
    start_etcd
    start_apiserver
    start_controller_manager
    wait_default_namespace
    echo "$KUBECONFIG_PATH"
}

stop_one() {
    local name=$1 f="$STATE_DIR/$1.pid" pid i
    [ -f "$f" ] || return 0
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 80; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.25
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
}

cmd_stop() {
    [ -d "$STATE_DIR" ] || return 0
    exec 9>"$STATE_DIR/.start.lock"
    flock 9
    stop_one kube-controller-manager
    stop_one kube-apiserver
    stop_one etcd
    log "stopped"
}

cmd_status() {
    local name running=1
    for name in etcd kube-apiserver kube-controller-manager; do
        if pid_alive "$name"; then
            echo "$name: running (pid $(cat "$STATE_DIR/$name.pid"))"
        else
            echo "$name: stopped"
            running=0
        fi
    done
    if [ -f "$STATE_DIR/ports.env" ]; then
        # shellcheck disable=SC1091
        . "$STATE_DIR/ports.env"
        echo "apiserver: https://127.0.0.1:$APISERVER_PORT"
        if apiserver_ready; then echo "readyz: ok"; else echo "readyz: not ready"; running=0; fi
    fi
    echo "kubeconfig: $KUBECONFIG_PATH"
    echo "cache: $BIN_DIR"
    [ "$running" = 1 ]
}

cmd_kubectl() {
    # kubectl alone (Debian's kubernetes-client), without building the servers.
    if ! command -v kubectl >/dev/null; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            kubernetes-client >&2
    fi
    command -v kubectl
}

cmd_reset() {
    cmd_stop
    rm -rf "$STATE_DIR"
}

case "${1:-}" in
provision) cmd_provision ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
kubeconfig) echo "$KUBECONFIG_PATH" ;;
kubectl) cmd_kubectl ;;
reset) cmd_reset ;;
*)
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
