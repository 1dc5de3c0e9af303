#!/usr/bin/env bash
# PowerDNS Authoritative 4.7 (gsqlite3 backend with DNSSEC, HTTP API) on 127.0.0.1 for DNS tests
# (RECIPES-DNS-DHCP.md section 3).
#
#   pdns.sh start WORKDIR
#   pdns.sh stop  WORKDIR
#
# Zones: static.test (loaded with pdnsutil from test/data/dns/static.test.zone, the file BIND serves too) and api.test
# (SOA, NS ns1.api.test., ns1 A 127.0.0.1) for API record tests, secure.test (unsigned, for DNSSEC tests). security-poll-suffix= (no outbound query at start),
# caches off, a random API key per start. DNS and the API on free ports.
# Ready when the API answers and static.test answers over DNS; then WORKDIR/pdns.env holds:
#   PDNS_ADDRESS PDNS_PORT PDNS_API_URL PDNS_API_KEY PDNS_LOG PDNS_WORKDIR
# Env (optional): PDNS_START_TIMEOUT (60 s; a limit: start returns as soon as the API answers).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=_common.sh
. "$here/_common.sh"
repo=$(cd "$here/../.." && pwd)

usage() { echo "usage: ${0##*/} start|stop WORKDIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action=$1
W=$(realpath -m "$2")
case $action in
  stop) stop_pidfile "$W/pdns.pid" 10; exit 0 ;;
  start) ;;
  *) usage ;;
esac

command -v pdns_server >/dev/null || die "pdns_server not installed (apt-get install pdns-server pdns-backend-sqlite3 sqlite3)"
if [[ -f $W/pdns.pid ]] && alive "$(<"$W/pdns.pid")"; then die "pdns_server already running in $W"; fi
schema=/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
[[ -f $schema ]] || die "$schema missing (apt-get install pdns-backend-sqlite3)"
mkdir -p "$W/run"

port=$(free_port_udp_tcp)
api_port=$(free_port TCP)
api_key=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')

rm -f "$W/pdns.sqlite3" "$W/pdns.env"
sqlite3 "$W/pdns.sqlite3" <"$schema"
cat >"$W/pdns.conf" <<CONF
launch=gsqlite3
gsqlite3-database=$W/pdns.sqlite3
gsqlite3-dnssec=yes
local-address=127.0.0.1
local-port=$port
socket-dir=$W/run
daemon=no
guardian=no
disable-syslog=yes
log-timestamp=yes
loglevel=4
api=yes
api-key=$api_key
webserver=yes
webserver-address=127.0.0.1
webserver-port=$api_port
webserver-allow-from=127.0.0.1/32
default-soa-content=ns1.@ hostmaster.@ 0 10800 3600 604800 300
query-cache-ttl=0
cache-ttl=0
negquery-cache-ttl=0
security-poll-suffix=
CONF
chmod 600 "$W/pdns.conf"

pdnsutil --config-dir="$W" load-zone static.test "$repo/test/data/dns/static.test.zone" >"$W/pdnsutil.log" 2>&1 \
  || { cat "$W/pdnsutil.log" >&2; die "pdnsutil load-zone static.test failed"; }
cat >"$W/api.test.zone" <<ZONE
\$ORIGIN api.test.
\$TTL 300
@    IN SOA ns1.api.test. hostmaster.api.test. 1 10800 3600 604800 300
     IN NS  ns1.api.test.
ns1  IN A   127.0.0.1
ZONE
pdnsutil --config-dir="$W" load-zone api.test "$W/api.test.zone" >>"$W/pdnsutil.log" 2>&1 \
  || { cat "$W/pdnsutil.log" >&2; die "pdnsutil load-zone api.test failed"; }

cat >"$W/secure.test.zone" <<ZONE
\$ORIGIN secure.test.
\$TTL 300
@    IN SOA ns1.secure.test. hostmaster.secure.test. 1 10800 3600 604800 300
     IN NS  ns1.secure.test.
ns1  IN A   127.0.0.1
www  IN A   192.0.2.8
ZONE
pdnsutil --config-dir="$W" load-zone secure.test "$W/secure.test.zone" >>"$W/pdnsutil.log" 2>&1 \
  || { cat "$W/pdnsutil.log" >&2; die "pdnsutil load-zone secure.test failed"; }

log=$W/pdns.log
pdns_server --config-dir="$W" >"$log" 2>&1 &
pid=$!
echo "$pid" >"$W/pdns.pid"
# A start that does not become ready leaves nothing running.
trap 'stop_pidfile "$W/pdns.pid" 10' EXIT
url=http://127.0.0.1:$api_port/api/v1/servers/localhost
# --noproxy: an http_proxy in the environment must not carry the probe (or the API key) off the machine.
api_ok() { curl -sf --max-time 2 --noproxy '*' -H "X-API-Key: $api_key" "$url" >/dev/null; }
dns_ok() { dig @127.0.0.1 -p "$port" static.test SOA +norec +time=1 +tries=1 | grep -q 'status: NOERROR'; }
timeout=${PDNS_START_TIMEOUT:-60}
wait_until "$timeout" "$pid" "the PowerDNS API" api_ok || { tail -20 "$log" >&2; exit 1; }
wait_until "$timeout" "$pid" "static.test over DNS" dns_ok || { tail -20 "$log" >&2; exit 1; }
trap - EXIT

umask 077
cat >"$W/pdns.env" <<ENV
PDNS_ADDRESS=127.0.0.1
PDNS_PORT=$port
PDNS_API_URL=$url
PDNS_API_KEY=$api_key
PDNS_LOG=$log
PDNS_WORKDIR=$W
ENV
echo "pdns_server on 127.0.0.1:$port, API $url (pid $pid)"
