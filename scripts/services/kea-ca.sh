#!/usr/bin/env bash
# An extra kea-ctrl-agent with a configuration the caller wrote (e.g. basic auth and TLS), for control API tests.
#
#   kea-ca.sh start WORKDIR CONFIG PORT     starts kea-ctrl-agent -c CONFIG, waits until 127.0.0.1:PORT listens
#   kea-ca.sh stop  WORKDIR                 stops it by pid (WORKDIR/kea-ca-extra.pid)
#
# Run it with `ip netns exec NS` to put the agent inside a namespace (the readiness check then runs there too).
# kea4.sh's own agent has no auth/TLS; this one forwards to the same unix socket (a file path works across namespaces).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=_common.sh
. "$here/_common.sh"

usage() { echo "usage: ${0##*/} start WORKDIR CONFIG PORT | stop WORKDIR" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
action=$1
W=$(realpath -m "$2")
pidfile=$W/kea-ca-extra.pid
case $action in
  stop)
    stop_pidfile "$pidfile" 10
    exit 0
    ;;
  start) [[ $# -eq 4 ]] || usage ;;
  *) usage ;;
esac
conf=$3 port=$4
command -v kea-ctrl-agent >/dev/null || die "kea-ctrl-agent not installed (apt-get install kea-ctrl-agent)"
mkdir -p "$W/run"
export KEA_PIDFILE_DIR=$W/run KEA_LOCKFILE_DIR=$W/run
kea-ctrl-agent -t "$conf" >"$W/kea-ca-extra.check" 2>&1 || { cat "$W/kea-ca-extra.check" >&2; die "kea-ctrl-agent -t $conf failed"; }
kea-ctrl-agent -c "$conf" >"$W/kea-ca-extra.stdout" 2>&1 </dev/null &
echo $! >"$pidfile"
listening() { [[ -n $(ss -Htln "sport = :$port") ]]; }
wait_until "${KEA_CA_START_TIMEOUT:-20}" "$(<"$pidfile")" "kea-ctrl-agent listening on 127.0.0.1:$port" listening || { stop_pidfile "$pidfile" 5; exit 1; }
echo "kea-ca: ready (pid $(<"$pidfile"), 127.0.0.1:$port)" >&2
