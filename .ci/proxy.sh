#!/usr/bin/env bash
# HAProxy in front of local WireQuest nodes, with the shipped configuration (Sources/Cluster/Cluster.docc/Resources/
# haproxy.cfg), for CI and for trying a cluster by hand:
#
#   bash .ci/proxy.sh cert DIR                     # DIR/cert.pem, DIR/key.pem, DIR/combined.pem: self-signed,
#                                                  # for localhost and 127.0.0.1, valid 2 days
#   bash .ci/proxy.sh start DIR HTTP_PORT TLS_PORT NODE1_ADDR NODE2_ADDR NODE3_ADDR [HEALTH_PATH]
#                                                  # HAProxy in the background (DIR/haproxy.pid, DIR/haproxy.log);
#                                                  # nodes as host:port, health path /ready unless given
#   bash .ci/proxy.sh stop DIR                     # stops it (SIGTERM, then SIGKILL after 5 s)
#   bash .ci/proxy.sh check DIR                    # haproxy -c and nginx -t on the shipped configurations
#
# `start` makes the certificate first if DIR has none, and returns once both ports accept connections.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
resources=$repo/Sources/Cluster/Cluster.docc/Resources

usage() {
    sed -n '2,13p' "${BASH_SOURCE[0]}" >&2
    exit 2
}

cert() {
    local dir=$1
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>"$dir/openssl.log"
    # HAProxy's `crt` takes certificate and key in one file.
    cat "$dir/cert.pem" "$dir/key.pem" >"$dir/combined.pem"
    chmod 600 "$dir/key.pem" "$dir/combined.pem"
    echo "self-signed certificate for localhost/127.0.0.1 in $dir/combined.pem"
}

# haproxy_env DIR HTTP_PORT TLS_PORT NODE1 NODE2 NODE3 HEALTH: the variables haproxy.cfg reads.
haproxy_env() {
    export WQ_HTTP_BIND="127.0.0.1:$2" WQ_TLS_BIND="127.0.0.1:$3" WQ_CERT="$1/combined.pem" \
        WQ_NODE1="$4" WQ_NODE2="$5" WQ_NODE3="$6" WQ_HEALTH_PATH="$7" WQ_RUN_DIR="$1" WQ_MAXCONN=4000
}

accepts() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
    [[ $# -ge 6 ]] || usage
    local dir=$1 http=$2 tls=$3 health=${7:-/ready} i
    mkdir -p "$dir"
    [[ -f $dir/combined.pem ]] || cert "$dir"
    if [[ -f $dir/haproxy.pid ]] && kill -0 "$(cat "$dir/haproxy.pid")" 2>/dev/null; then
        echo "error: HAProxy already runs from $dir (pid $(cat "$dir/haproxy.pid"))" >&2
        exit 1
    fi
    haproxy_env "$dir" "$http" "$tls" "$4" "$5" "$6" "$health"
    haproxy -c -q -f "$resources/haproxy.cfg"
    # Foreground mode (-db) in the background: the pid is HAProxy's own and its log (stderr) goes to the file.
    haproxy -db -f "$resources/haproxy.cfg" </dev/null >>"$dir/haproxy.log" 2>&1 &
    echo $! >"$dir/haproxy.pid"
    for ((i = 0; i < 100; i++)); do
        if accepts "$http" && accepts "$tls"; then
            echo "HAProxy (pid $(cat "$dir/haproxy.pid")) on 127.0.0.1:$http and TLS 127.0.0.1:$tls -> $4 $5 $6"
            return 0
        fi
        kill -0 "$(cat "$dir/haproxy.pid")" 2>/dev/null || break
        sleep 0.05
    done
    echo "error: HAProxy did not start; last lines of $dir/haproxy.log:" >&2
    tail -n 20 "$dir/haproxy.log" >&2
    exit 1
}

stop() {
    local dir=$1 pid i
    [[ -f $dir/haproxy.pid ]] || return 0
    pid=$(cat "$dir/haproxy.pid")
    rm -f "$dir/haproxy.pid"
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid"
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || { echo "HAProxy (pid $pid) stopped"; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    echo "HAProxy (pid $pid) killed after 5 s"
}

check() {
    local dir=$1
    mkdir -p "$dir/nginx"
    [[ -f $dir/combined.pem ]] || cert "$dir"
    haproxy_env "$dir" 8080 8443 127.0.0.1:8001 127.0.0.1:8002 127.0.0.1:8003 /ready
    haproxy -c -f "$resources/haproxy.cfg"
    # nginx has no environment variables in its configuration: the placeholders are filled in as its header says.
    sed -e "s|\${WQ_HTTP_PORT}|127.0.0.1:8080|; s|\${WQ_TLS_PORT}|127.0.0.1:8443|" \
        -e "s|\${WQ_CERT}|$dir/cert.pem|; s|\${WQ_KEY}|$dir/key.pem|; s|\${WQ_RUN_DIR}|$dir/nginx|" \
        -e "s|\${WQ_NODE1}|127.0.0.1:8001|; s|\${WQ_NODE2}|127.0.0.1:8002|; s|\${WQ_NODE3}|127.0.0.1:8003|" \
        "$resources/nginx.conf" >"$dir/nginx.conf"
    if grep -v '^ *#' "$dir/nginx.conf" | grep -q '\${WQ_'; then
        echo "error: nginx.conf has a placeholder this script does not fill" >&2
        exit 1
    fi
    nginx -t -c "$dir/nginx.conf"
}

[[ $# -ge 2 ]] || usage
command=$1
shift
case $command in
    cert) cert "$1" ;;
    start) start "$@" ;;
    stop) stop "$1" ;;
    check) check "$1" ;;
    *) usage ;;
esac
