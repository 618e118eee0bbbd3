#!/usr/bin/env bash
# A private PostgreSQL for tests and CI: `start DIR PORT` initialises a cluster under DIR (as the postgres user when
# run as root), with scram-sha-256 password authentication on 127.0.0.1:PORT only and the role and database
# `wirequest` (password `wirequest`), and prints its URL; `stop DIR` stops it; `kill DIR` kill -9s the postmaster.
set -euo pipefail

usage() {
    echo "usage: $0 start DIR PORT | stop DIR | kill DIR" >&2
    exit 64
}

bindir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [[ -x "$dir/initdb" ]]; then
            found="$dir"
        fi
    done
    if [[ -z "${found:-}" ]]; then
        if command -v initdb >/dev/null; then
            found="$(dirname "$(command -v initdb)")"
        else
            echo "$0: no PostgreSQL found (apt-get install postgresql)" >&2
            exit 69
        fi
    fi
    echo "$found"
}

# Runs a command as the postgres user when we are root (PostgreSQL refuses to run as root), else as ourselves.
as_owner() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

[[ $# -ge 2 ]] || usage
command="$1"
dir="$(mkdir -p "$2" && cd "$2" && pwd)"
data="$dir/data"
bin="$(bindir)"

case "$command" in
start)
    [[ $# -eq 3 ]] || usage
    port="$3"
    if [[ "$(id -u)" == 0 ]]; then
        chown postgres: "$dir"
        if ! runuser -u postgres -- test -w "$dir"; then
            echo "$0: the postgres user cannot reach $dir (a parent directory is closed to it): use one under /tmp" >&2
            exit 73
        fi
    fi
    if [[ ! -f "$data/PG_VERSION" ]]; then
        pwfile="$dir/pwfile"
        echo wirequest >"$pwfile"
        [[ "$(id -u)" == 0 ]] && chown postgres: "$pwfile"
        # The bootstrap superuser is `wirequest` itself, with its password set at initdb: no psql step needed.
        as_owner "$bin/initdb" -D "$data" -U wirequest --pwfile="$pwfile" -A scram-sha-256 \
            --auth-local=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
            cat "$dir/initdb.log" >&2
            exit 1
        }
        rm -f "$pwfile"
        {
            echo "local all all trust"
            echo "host all all 127.0.0.1/32 scram-sha-256"
        } >"$data/pg_hba.conf"
    fi
    as_owner "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off \
-c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null || {
        cat "$dir/postgres.log" >&2
        exit 1
    }
    if ! as_owner "$bin/psql" -h "$dir" -p "$port" -U wirequest -d postgres -Atqc \
        "SELECT 1 FROM pg_database WHERE datname = 'wirequest'" | grep -q 1; then
        as_owner "$bin/psql" -h "$dir" -p "$port" -U wirequest -d postgres -qc "CREATE DATABASE wirequest" >/dev/null
    fi
    echo "postgresql://wirequest:wirequest@127.0.0.1:$port/wirequest"
    ;;
stop)
    if [[ -f "$data/postmaster.pid" ]]; then
        as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    fi
    ;;
kill)
    # A crash, as a test wants one: the postmaster dies at once; its children notice and exit by themselves. Waits
    # (up to 5 s) until all of them are gone, so a `start` right after finds the data directory free.
    if [[ -f "$data/postmaster.pid" ]]; then
        pid="$(head -1 "$data/postmaster.pid")"
        # Its children, from /proc (procps may be missing on a minimal machine).
        children="$(for stat in /proc/[0-9]*/stat; do
            read -r child _ _ parent _ <"$stat" 2>/dev/null && [[ "$parent" == "$pid" ]] && echo "$child"
        done || true)"
        kill -9 "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
            alive=0
            for p in $pid $children; do
                if kill -0 "$p" 2>/dev/null; then alive=1; fi
            done
            [[ $alive == 0 ]] && break
            sleep 0.1
        done
    fi
    ;;
*) usage ;;
esac
