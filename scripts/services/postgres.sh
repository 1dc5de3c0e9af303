#!/usr/bin/env bash
# PostgreSQL (15 on Debian 12; the newest /usr/lib/postgresql/*/bin otherwise) on 127.0.0.1 for tests that need a real
# database.
#
#   postgres.sh start WORKDIR
#   postgres.sh stop  WORKDIR
#
# A fresh cluster each start (initdb, trust auth, UTF8, C.UTF-8), tuned for tests and not for durability: fsync,
# synchronous_commit and full_page_writes off. TCP on 127.0.0.1 on a free port; the unix socket is in the cluster
# directory. Superuser postgres (no password, trust), and a login role pguide (password pguide) owning database pguide.
# Tests that want isolation create more databases as postgres: CREATE DATABASE "x" OWNER pguide.
#
# As root the server runs as the postgres user (it refuses to run as root). The cluster directory (data/, server.log,
# socket) is WORKDIR/pg when the postgres user can reach WORKDIR, otherwise a mktemp -d under /tmp that stop removes
# (after copying its server.log to WORKDIR/postgres.log). Mktemp'd test directories are mode 700, so that is the usual case.
# WORKDIR/postgres.pid holds the postmaster pid, WORKDIR/postgres.base the cluster directory.
# Ready when pg_ctl -w reports the server up and the pguide role and database exist; then WORKDIR/postgres.env holds:
#   PG_ADDRESS PG_PORT PG_USER PG_PASSWORD PG_DATABASE PG_CONNECTION (Npgsql) PG_ADMIN_CONNECTION (Npgsql, as postgres)
#   PG_PID PG_BIN PG_DATA PG_SOCKET_DIR PG_LOG PG_WORKDIR
# The two connection strings are single-quoted (they contain ';') so the file can be sourced; readers of the raw
# KEY=VALUE lines strip the quotes (PostgresServer.cs does).
# Env (optional): PG_BIN (the bin directory to use), PG_START_TIMEOUT (30 s).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=_common.sh
. "$here/_common.sh"

usage() { echo "usage: ${0##*/} start|stop WORKDIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action=$1
W=$(realpath -m "$2")

pg_bin() {
  local d
  if [[ -n ${PG_BIN:-} ]]; then
    echo "$PG_BIN"
    return 0
  fi
  if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
    echo /usr/lib/postgresql/15/bin
    return 0
  fi
  d=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)
  [[ -n $d ]] || return 1
  dirname "$d"
}

# as_pg CMD...: runs CMD as the postgres user when root (postgres refuses root), as ourselves otherwise.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_server() {
  local base data pid bin i
  [[ -f $W/postgres.base ]] || { rm -f "$W/postgres.pid"; return 0; }
  base=$(<"$W/postgres.base")
  data=$base/data
  pid=
  [[ -f $W/postgres.pid ]] && pid=$(<"$W/postgres.pid")
  if [[ -f $data/postmaster.pid ]]; then
    pid=$(head -n 1 "$data/postmaster.pid")
  fi
  if alive "$pid"; then
    # Fast shutdown: disconnects clients (an open connection pool must not hold stop up, as smart shutdown would).
    if bin=$(pg_bin) && [[ -x $bin/pg_ctl ]]; then
      as_pg "$bin/pg_ctl" -D "$data" -m fast -w -t 20 stop >/dev/null 2>&1 || true
    fi
    if alive "$pid"; then
      kill -INT "$pid" 2>/dev/null || true
      for ((i = 0; i < 200; i++)); do
        alive "$pid" || break
        sleep 0.05
      done
    fi
    if alive "$pid"; then
      echo "${0##*/}: postmaster $pid did not stop after fast shutdown, sending SIGQUIT" >&2
      kill -QUIT "$pid" 2>/dev/null || true
      sleep 0.5
      if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
  fi
  if [[ $base != "$W"/* ]]; then
    if [[ -f $base/server.log ]]; then cp "$base/server.log" "$W/postgres.log" 2>/dev/null || true; fi
    # Only a directory this script made: mktemp names it pguide-pg.XXXXXXXX.
    if [[ ${base##*/} == pguide-pg.* ]]; then rm -rf "$base"; fi
  fi
  rm -f "$W/postgres.pid" "$W/postgres.base"
}

case $action in
  stop) stop_server; exit 0 ;;
  start) ;;
  *) usage ;;
esac

bin=$(pg_bin) || die "PostgreSQL server not installed (apt-get install postgresql)"
for tool in initdb pg_ctl psql; do
  [[ -x $bin/$tool ]] || die "$bin/$tool missing (apt-get install postgresql)"
done
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "no postgres user (apt-get install postgresql)"
  command -v runuser >/dev/null || die "runuser not found (util-linux)"
fi
if [[ -f $W/postgres.pid ]] && alive "$(<"$W/postgres.pid")"; then die "postgres already running in $W"; fi
# Safe to re-run in the same WORKDIR: a leftover cluster from an earlier (crashed) run is stopped and removed.
stop_server
rm -f "$W/postgres.env" "$W/postgres.log"
mkdir -p "$W"

# The socket path (BASE/.s.PGSQL.PORT) must stay under the 107-byte unix socket limit.
base=$W/pg
if [[ ${#base} -gt 80 ]] || ! as_pg test -x "$W" 2>/dev/null; then
  base=$(mktemp -d /tmp/pguide-pg.XXXXXXXX)
  chmod 755 "$base"
else
  rm -rf "$base"
  mkdir -p "$base"
fi
echo "$base" >"$W/postgres.base"
if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$base"; fi
data=$base/data
log=$base/server.log

as_pg "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$base/initdb.log" 2>&1 \
  || { cat "$base/initdb.log" >&2; stop_server; die "initdb failed"; }

port=$(free_port TCP)
timeout=${PG_START_TIMEOUT:-30}
# A start that does not become ready leaves nothing running.
trap 'stop_server' EXIT
as_pg "$bin/pg_ctl" -D "$data" -l "$log" -w -t "$timeout" start \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  >"$base/pg_ctl.log" 2>&1 || { cat "$base/pg_ctl.log" >&2; tail -20 "$log" >&2 || true; die "postgres did not start"; }
pid=$(head -n 1 "$data/postmaster.pid")
echo "$pid" >"$W/postgres.pid"

export PGCONNECT_TIMEOUT=10
"$bin/pg_isready" -h 127.0.0.1 -p "$port" -t 10 >/dev/null || { tail -20 "$log" >&2; die "pg_isready failed"; }
# Separate -c flags: each runs in its own transaction (CREATE DATABASE cannot run inside one).
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -X -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE pguide LOGIN PASSWORD 'pguide'" -c "CREATE DATABASE pguide OWNER pguide" \
  || { tail -20 "$log" >&2; die "creating role and database pguide failed"; }
trap - EXIT

cat >"$W/postgres.env" <<ENV
PG_ADDRESS=127.0.0.1
PG_PORT=$port
PG_USER=pguide
PG_PASSWORD=pguide
PG_DATABASE=pguide
PG_CONNECTION='Host=127.0.0.1;Port=$port;Username=pguide;Password=pguide;Database=pguide'
PG_ADMIN_CONNECTION='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'
PG_PID=$pid
PG_BIN=$bin
PG_DATA=$data
PG_SOCKET_DIR=$base
PG_LOG=$log
PG_WORKDIR=$W
ENV
echo "postgres $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (pid $pid, data $data)"
