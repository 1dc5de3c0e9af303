#!/usr/bin/env bash
# ISC Kea DHCPv6 (2.2) inside the ${PREFIX}srv namespace of scripts/services/netns.sh, for perfdhcp -6 from ${PREFIX}cli.
#
#   kea6.sh start WORKDIR PREFIX [--debug]
#   kea6.sh stop  WORKDIR
#
# Listens on ${PREFIX}vs (link-local + ff02::1:2, port 547); subnet 2001:db8:77::/64 on that interface,
# pool 2001:db8:77::1000 - 2001:db8:77::1fff, prefix delegation pool 2001:db8:7700::/40 -> /56.
# Hooks libdhcp_lease_cmds + libdhcp_stat_cmds, control socket WORKDIR/kea6-ctrl.sock (no control agent),
# memfile WORKDIR/kea-leases6.csv (lfc-interval 0), log WORKDIR/kea-dhcp6.log at INFO, or DEBUG/$KEA6_DEBUGLEVEL (45)
# with --debug. Ready when status-get on the socket says "ready"; WORKDIR/kea6.env then has KEA6_SOCKET, KEA6_LOG,
# KEA6_LEASES.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=_common.sh
. "$here/_common.sh"

usage() { echo "usage: ${0##*/} start WORKDIR PREFIX [--debug] | stop WORKDIR" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
action=$1
W=$(realpath -m "$2")
shift 2
case $action in
  stop) stop_pidfile "$W/kea-dhcp6.pid" 15; exit 0 ;;
  start) ;;
  *) usage ;;
esac
[[ $# -ge 1 ]] || usage
prefix=$1
shift
debug=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --debug) debug=1 ;;
    *) usage ;;
  esac
  shift
done

command -v kea-dhcp6 >/dev/null || die "kea-dhcp6 not installed (apt-get install kea-dhcp6-server)"
ns=${prefix}srv
ifname=${prefix}vs
ip netns list | awk '{print $1}' | grep -qx "$ns" || die "namespace $ns missing (scripts/services/netns.sh up $prefix)"
if [[ -f $W/kea-dhcp6.pid ]] && alive "$(<"$W/kea-dhcp6.pid")"; then die "kea-dhcp6 already running in $W"; fi
mkdir -p "$W/run"
hooks=$(kea_hooks_dir)
sock=$W/kea6-ctrl.sock
if ((debug)); then
  severity="\"severity\": \"DEBUG\", \"debuglevel\": ${KEA6_DEBUGLEVEL:-45}"
else
  severity='"severity": "INFO", "debuglevel": 0'
fi

cat >"$W/kea-dhcp6.conf" <<CONF
{
  "Dhcp6": {
    "interfaces-config": { "interfaces": [ "$ifname" ] },
    "control-socket": { "socket-type": "unix", "socket-name": "$sock" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$W/kea-leases6.csv", "lfc-interval": 0 },
    "server-id": { "type": "LL", "persist": false },
    "preferred-lifetime": 3000, "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
    "statistic-default-sample-count": 1,
    "option-data": [ { "name": "dns-servers", "data": "2001:db8:77::1" } ],
    "subnet6": [
      { "id": 1, "subnet": "2001:db8:77::/64", "interface": "$ifname",
        "pools": [ { "pool": "2001:db8:77::1000 - 2001:db8:77::1fff" } ],
        "pd-pools": [ { "prefix": "2001:db8:7700::", "prefix-len": 40, "delegated-len": 56 } ] }
    ],
    "hooks-libraries": [
      { "library": "$hooks/libdhcp_lease_cmds.so" },
      { "library": "$hooks/libdhcp_stat_cmds.so" }
    ],
    "loggers": [ { "name": "kea-dhcp6",
                   "output_options": [ { "output": "$W/kea-dhcp6.log", "flush": true, "maxsize": 0 } ], $severity } ]
  }
}
CONF

export KEA_PIDFILE_DIR=$W/run KEA_LOCKFILE_DIR=$W/run
ip netns exec "$ns" kea-dhcp6 -t "$W/kea-dhcp6.conf" >"$W/kea-dhcp6.check" 2>&1 || { cat "$W/kea-dhcp6.check" >&2; die "kea-dhcp6 -t failed"; }
rm -f "$sock"
ip netns exec "$ns" kea-dhcp6 -c "$W/kea-dhcp6.conf" >"$W/kea-dhcp6.stdout" 2>&1 </dev/null &
echo $! >"$W/kea-dhcp6.pid"
trap 'stop_pidfile "$W/kea-dhcp6.pid"' ERR
ready() { "$here/kea-ctl.sh" "$sock" '{"command":"status-get"}' | grep -q '"status": "ready"'; }
wait_until "${KEA6_START_TIMEOUT:-20}" "$(<"$W/kea-dhcp6.pid")" "kea-dhcp6 status-get ready" ready
trap - ERR
cat >"$W/kea6.env" <<ENV
KEA6_SOCKET=$sock
KEA6_LOG=$W/kea-dhcp6.log
KEA6_LEASES=$W/kea-leases6.csv
ENV
echo "kea6: ready (pid $(<"$W/kea-dhcp6.pid") in $ns on $ifname)" >&2
