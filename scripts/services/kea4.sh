#!/usr/bin/env bash
# ISC Kea DHCPv4 (2.2) + kea-ctrl-agent for tests and sample generation.
#
#   kea4.sh start WORKDIR [--debug] [--syslog SOCKET] [--netns PREFIX]
#   kea4.sh stop  WORKDIR
#
# Default (loopback) mode: kea-dhcp4 listens with UDP sockets on 127.0.0.1:$KEA4_PORT and sends relayed replies to
# giaddr:$KEA4_CLIENT_PORT (-p/-P). Subnets are selected by relay address:
#   subnet 1  10.77.0.0/22  pool 10.77.1.0 - 10.77.3.250   relay $KEA4_RELAY1 (127.0.0.2)
#   subnet 2  10.78.0.0/24  pool 10.78.0.10 - 10.78.0.12   relay $KEA4_RELAY2 (127.0.0.3)   <- 3 addresses
# --netns PREFIX: run inside ${PREFIX}srv (scripts/services/netns.sh) on ${PREFIX}vs with raw sockets and port 67;
#   subnets are then selected by giaddr (10.77.0.2 -> subnet 1, 10.78.0.2 -> subnet 2). For perfdhcp.
# --debug: severity DEBUG with debuglevel $KEA4_DEBUGLEVEL (default 45), otherwise INFO.
# --syslog SOCKET: log to syslog (facility local0) through SOCKET (see rsyslog.sh) instead of WORKDIR/kea-dhcp4.log.
#
# "authoritative": true (NAKs for INIT-REBOOT requests of unknown clients), hooks libdhcp_lease_cmds + libdhcp_stat_cmds,
# control socket WORKDIR/kea4-ctrl.sock, memfile WORKDIR/kea-leases4.csv with lfc-interval 0, one sample per statistic.
# Ready when status-get through the control agent answers; then WORKDIR/kea4.env holds what clients need:
#   KEA4_PORT KEA4_CLIENT_PORT KEA4_SERVER KEA4_RELAY1 KEA4_RELAY2 KEA4_SOCKET KEA_CA_URL KEA4_LOG KEA4_LEASES
# Env (all optional): KEA4_PORT (6767, or "auto"), KEA4_CLIENT_PORT (6768, or "auto"), KEA_CA_PORT (default: a free
# port), KEA4_RELAY1, KEA4_RELAY2, KEA4_DEBUGLEVEL, KEA_HOOKS_DIR, KEA4_START_TIMEOUT (20 s),
# KEA4_HOOKS=none (load no hook library: lease4-*/stat-lease4-* then answer result 2, "command not supported").
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=_common.sh
. "$here/_common.sh"

usage() { echo "usage: ${0##*/} start WORKDIR [--debug] [--syslog SOCKET] [--netns PREFIX] | stop WORKDIR" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
action=$1
W=$(realpath -m "$2")
shift 2

stop_all() {
  stop_pidfile "$W/kea-ctrl-agent.pid" 10
  stop_pidfile "$W/kea-dhcp4.pid" 15
}

case $action in
  stop)
    stop_all
    exit 0
    ;;
  start) ;;
  *) usage ;;
esac

debug=0 syslog_sock="" netns=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --debug) debug=1 ;;
    --syslog) syslog_sock=${2:?}; shift ;;
    --netns) netns=${2:?}; shift ;;
    *) usage ;;
  esac
  shift
done

command -v kea-dhcp4 >/dev/null || die "kea-dhcp4 not installed (apt-get install kea-dhcp4-server kea-ctrl-agent)"
mkdir -p "$W/run"
for p in kea-dhcp4 kea-ctrl-agent; do
  if [[ -f $W/$p.pid ]] && alive "$(<"$W/$p.pid")"; then die "$p already running in $W (pid $(<"$W/$p.pid"))"; fi
done

if [[ ${KEA4_HOOKS:-} == none ]]; then
  hooks_json=""
else
  hooks=$(kea_hooks_dir)
  hooks_json="{ \"library\": \"$hooks/libdhcp_lease_cmds.so\" }, { \"library\": \"$hooks/libdhcp_stat_cmds.so\" }"
fi
port=${KEA4_PORT:-6767}
client_port=${KEA4_CLIENT_PORT:-6768}
[[ $port == auto ]] && port=$(free_port UDP)
[[ $client_port == auto ]] && client_port=$(free_port UDP)
ca_port=${KEA_CA_PORT:-$(free_port TCP)}
relay1=${KEA4_RELAY1:-127.0.0.2}
relay2=${KEA4_RELAY2:-127.0.0.3}
sock=$W/kea4-ctrl.sock
log=$W/kea-dhcp4.log

if [[ -n $netns ]]; then
  ifname=${netns}vs
  interfaces="\"interfaces\": [ \"$ifname\" ], \"dhcp-socket-type\": \"raw\""
  relay1_json="" relay2_json=""
  server_addr=10.77.0.1
  port=67
  client_port=67
  relay1=10.77.0.2
  relay2=10.78.0.2
else
  interfaces="\"interfaces\": [ \"lo/127.0.0.1\" ], \"dhcp-socket-type\": \"udp\""
  relay1_json="\"relay\": { \"ip-addresses\": [ \"$relay1\" ] },"
  relay2_json="\"relay\": { \"ip-addresses\": [ \"$relay2\" ] },"
  server_addr=127.0.0.1
fi

if [[ -n $syslog_sock ]]; then
  output='"output": "syslog:local0"'
else
  output="\"output\": \"$log\", \"flush\": true, \"maxsize\": 0"
fi
if ((debug)); then
  severity="\"severity\": \"DEBUG\", \"debuglevel\": ${KEA4_DEBUGLEVEL:-45}"
else
  severity='"severity": "INFO", "debuglevel": 0'
fi

cat >"$W/kea-dhcp4.conf" <<CONF
{
  "Dhcp4": {
    "interfaces-config": { $interfaces },
    "control-socket": { "socket-type": "unix", "socket-name": "$sock" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$W/kea-leases4.csv", "lfc-interval": 0 },
    "authoritative": true,
    "valid-lifetime": 3600, "renew-timer": 900, "rebind-timer": 1800,
    "statistic-default-sample-count": 1,
    "option-data": [
      { "name": "domain-name-servers", "data": "10.77.0.1" },
      { "name": "domain-name", "data": "test.example" }
    ],
    "subnet4": [
      { "id": 1, "subnet": "10.77.0.0/22", $relay1_json
        "pools": [ { "pool": "10.77.1.0 - 10.77.3.250" } ],
        "option-data": [ { "name": "routers", "data": "10.77.0.1" } ] },
      { "id": 2, "subnet": "10.78.0.0/24", $relay2_json
        "pools": [ { "pool": "10.78.0.10 - 10.78.0.12" } ],
        "option-data": [ { "name": "routers", "data": "10.78.0.1" } ] }
    ],
    "hooks-libraries": [ $hooks_json ],
    "loggers": [ { "name": "kea-dhcp4", "output_options": [ { $output } ], $severity } ]
  }
}
CONF

cat >"$W/kea-ctrl-agent.conf" <<CONF
{
  "Control-agent": {
    "http-host": "127.0.0.1", "http-port": $ca_port,
    "control-sockets": { "dhcp4": { "socket-type": "unix", "socket-name": "$sock" } },
    "loggers": [ { "name": "kea-ctrl-agent",
                   "output_options": [ { "output": "$W/kea-ctrl-agent.log", "flush": true } ], "severity": "INFO" } ]
  }
}
CONF

wrap=()
[[ -n $netns ]] && wrap+=(ip netns exec "${netns}srv")
[[ -n $syslog_sock ]] && wrap+=("$here/with-devlog.sh" "$syslog_sock")
export KEA_PIDFILE_DIR=$W/run KEA_LOCKFILE_DIR=$W/run

# The interfaces check runs in the current namespace, so test the config where the server will run.
if ! "${wrap[@]}" kea-dhcp4 -t "$W/kea-dhcp4.conf" >"$W/kea-dhcp4.check" 2>&1; then
  cat "$W/kea-dhcp4.check" >&2
  die "kea-dhcp4 -t failed"
fi
kea-ctrl-agent -t "$W/kea-ctrl-agent.conf" >"$W/kea-ctrl-agent.check" 2>&1 || { cat "$W/kea-ctrl-agent.check" >&2; die "kea-ctrl-agent -t failed"; }

trap 'stop_all' ERR
rm -f "$sock"
port_args=()
[[ -z $netns ]] && port_args=(-p "$port" -P "$client_port")
"${wrap[@]}" kea-dhcp4 -c "$W/kea-dhcp4.conf" "${port_args[@]}" >"$W/kea-dhcp4.stdout" 2>&1 </dev/null &
echo $! >"$W/kea-dhcp4.pid"
kea-ctrl-agent -c "$W/kea-ctrl-agent.conf" >"$W/kea-ctrl-agent.stdout" 2>&1 </dev/null &
echo $! >"$W/kea-ctrl-agent.pid"

ca_url=http://127.0.0.1:$ca_port/
ready() {
  curl -sf --max-time 2 --noproxy '*' -X POST -H 'Content-Type: application/json' \
    -d '{"command":"status-get","service":["dhcp4"]}' "$ca_url" | grep -q '"status": "ready"'
}
timeout=${KEA4_START_TIMEOUT:-20}
wait_until "$timeout" "$(<"$W/kea-dhcp4.pid")" "kea-dhcp4 control socket" test -S "$sock"
wait_until "$timeout" "$(<"$W/kea-ctrl-agent.pid")" "status-get ready via $ca_url" ready
trap - ERR

cat >"$W/kea4.env" <<ENV
KEA4_PORT=$port
KEA4_CLIENT_PORT=$client_port
KEA4_SERVER=$server_addr:$port
KEA4_RELAY1=$relay1
KEA4_RELAY2=$relay2
KEA4_SOCKET=$sock
KEA_CA_URL=$ca_url
KEA4_LOG=$([[ -n $syslog_sock ]] && echo syslog || echo "$log")
KEA4_LEASES=$W/kea-leases4.csv
ENV
echo "kea4: ready (pid $(<"$W/kea-dhcp4.pid"), CA $ca_url, server $server_addr:$port)" >&2
