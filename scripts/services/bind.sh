#!/usr/bin/env bash
# BIND 9.18 authoritative on 127.0.0.1 for DNS tests (RECIPES-DNS-DHCP.md section 4).
#
#   bind.sh start WORKDIR
#   bind.sh stop  WORKDIR
#
# Zones: static.test (unsigned, from test/data/dns/static.test.zone, the file PowerDNS serves too), dyn.test (dynamic,
# dnssec-policy default + inline signing), 2.0.192.in-addr.arpa and bulk.test (dynamic, unsigned). Dynamic zones take updates signed
# with ddns-key (hmac-sha256), ddns-key512 (hmac-sha512) or ddns-md5 (hmac-md5). recursion no, notify no, AXFR from
# 127.0.0.1 only, transfer-message-size 65535. DNS on a free port (UDP and TCP), rndc on another.
# allow-new-zones yes: sec.test (unsigned) is added with rndc addzone after start, so DNSSEC tests can change its
# dnssec-policy over rndc; named.conf also defines dnssec-policy "pguide-a13-split-nsec3-i0-s0" for them.
# Ready when rndc answers and dyn.test is signed; then WORKDIR/bind.env holds:
#   BIND_ADDRESS BIND_PORT BIND_RNDC_PORT BIND_KEY_FILE BIND_KEY_NAME BIND_KEY_SECRET BIND_KEY512_SECRET BIND_MD5_SECRET
#   BIND_LOG BIND_WORKDIR BIND_RNDC_KEY_FILE
# Env (optional): BIND_PORT (default: free), BIND_START_TIMEOUT (20 s).
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
  stop) stop_pidfile "$W/named.pid.run" 10; exit 0 ;;
  start) ;;
  *) usage ;;
esac

command -v named >/dev/null || die "named not installed (apt-get install bind9 bind9-utils bind9-dnsutils)"
if [[ -f $W/named.pid.run ]] && alive "$(<"$W/named.pid.run")"; then die "named already running in $W"; fi
# Safe to re-run in the same WORKDIR: every start is a fresh server. Journals, the signed copy and old DNSSEC keys
# would otherwise replay the previous run's updates into the new zones.
rm -rf "$W/keys"
rm -f "$W/bind.env" "$W/named.pid" "$W/session.key" "$W"/managed-keys.bind* "$W"/_default.nzd "$W"/_default.nzd-lock "$W"/_default.nzf
for db in static.test.db dyn.test.db rev.db bulk.test.db sec.test.db; do
  rm -f "$W/$db" "$W/$db".{jnl,jbk,signed,signed.jnl}
done
mkdir -p "$W/keys"

port=${BIND_PORT:-$(free_port_udp_tcp)}
rndc_port=$(free_port TCP)

tsig-keygen -a hmac-sha256 ddns-key >"$W/ddns-key.conf"
tsig-keygen -a hmac-sha512 ddns-key512 >"$W/ddns-key512.conf"
tsig-keygen -a hmac-md5 ddns-md5 >"$W/ddns-md5.conf"
rndc-confgen -a -A hmac-sha256 -k rndc-key -c "$W/rndc.key" >/dev/null 2>&1
secret() { awk -F'"' '/secret/{print $2}' "$1"; }

cp "$repo/test/data/dns/static.test.zone" "$W/static.test.db"
cat >"$W/dyn.test.db" <<ZONE
\$TTL 300
@       IN SOA ns1.dyn.test. hostmaster.dyn.test. ( 1 3600 600 86400 300 )
        IN NS  ns1.dyn.test.
ns1     IN A   127.0.0.1
www     IN A   192.0.2.1
ZONE
cat >"$W/bulk.test.db" <<ZONE
\$TTL 300
@       IN SOA ns1.bulk.test. hostmaster.bulk.test. ( 1 3600 600 86400 300 )
        IN NS  ns1.bulk.test.
ns1     IN A   127.0.0.1
ZONE
cat >"$W/sec.test.db" <<ZONE
\$TTL 300
@       IN SOA ns1.sec.test. hostmaster.sec.test. ( 1 3600 600 86400 300 )
        IN NS  ns1.sec.test.
ns1     IN A   127.0.0.1
www     IN A   192.0.2.7
mail    IN MX  10 ns1.sec.test.
ZONE
cat >"$W/rev.db" <<ZONE
\$TTL 300
@       IN SOA ns1.dyn.test. hostmaster.dyn.test. ( 1 3600 600 86400 300 )
        IN NS  ns1.dyn.test.
ZONE

policy='update-policy { grant ddns-key zonesub ANY; grant ddns-key512 zonesub ANY; grant ddns-md5 zonesub ANY; };'
cat >"$W/named.conf" <<CONF
include "$W/rndc.key";
include "$W/ddns-key.conf";
include "$W/ddns-key512.conf";
include "$W/ddns-md5.conf";
options {
    directory "$W";
    pid-file "$W/named.pid";
    session-keyfile "$W/session.key";
    managed-keys-directory "$W";
    listen-on port $port { 127.0.0.1; };
    listen-on-v6 { none; };
    recursion no;
    dnssec-validation no;
    notify no;
    allow-transfer { 127.0.0.1; };
    transfer-message-size 65535;
    allow-new-zones yes;
};
dnssec-policy "pguide-a13-split-nsec3-i0-s0" {
    keys { ksk lifetime unlimited algorithm ecdsap256sha256; zsk lifetime unlimited algorithm ecdsap256sha256; };
    nsec3param iterations 0 optout no salt-length 0;
};
controls { inet 127.0.0.1 port $rndc_port allow { 127.0.0.1; } keys { "rndc-key"; }; };
zone "static.test" { type primary; file "static.test.db"; };
zone "dyn.test" {
    type primary;
    file "dyn.test.db";
    key-directory "$W/keys";
    $policy
    dnssec-policy default;
    inline-signing yes;
};
zone "2.0.192.in-addr.arpa" { type primary; file "rev.db"; $policy };
zone "bulk.test" { type primary; file "bulk.test.db"; $policy };
CONF

named-checkconf "$W/named.conf" || die "named-checkconf rejected $W/named.conf"
# -i local: named-checkzone would otherwise look up out-of-zone NS/MX/SRV targets through the system resolver.
while read -r zone db; do
  out=$(named-checkzone -i local "$zone" "$W/$db" 2>&1) || { echo "$out" >&2; die "named-checkzone rejected $W/$db (zone $zone)"; }
done <<'ZONES'
static.test static.test.db
dyn.test dyn.test.db
2.0.192.in-addr.arpa rev.db
bulk.test bulk.test.db
sec.test sec.test.db
ZONES

log=$W/named.log
named -g -c "$W/named.conf" >"$log" 2>&1 &
pid=$!
echo "$pid" >"$W/named.pid.run"
# A start that does not become ready leaves nothing running.
trap 'stop_pidfile "$W/named.pid.run" 10' EXIT
rndc_ok() { rndc -k "$W/rndc.key" -s 127.0.0.1 -p "$rndc_port" status; }
signed() { dig @127.0.0.1 -p "$port" dyn.test SOA +dnssec +norec +time=1 +tries=1 | grep -q RRSIG; }
timeout=${BIND_START_TIMEOUT:-20}
wait_until "$timeout" "$pid" "named (rndc)" rndc_ok || { tail -20 "$log" >&2; exit 1; }
wait_until "$timeout" "$pid" "dyn.test to be signed" signed || { tail -20 "$log" >&2; exit 1; }
rndc -k "$W/rndc.key" -s 127.0.0.1 -p "$rndc_port" addzone sec.test "{ type primary; file \"sec.test.db\"; key-directory \"$W/keys\"; };" >/dev/null \
  || die "rndc addzone sec.test failed"
trap - EXIT

cat >"$W/bind.env" <<ENV
BIND_ADDRESS=127.0.0.1
BIND_PORT=$port
BIND_RNDC_PORT=$rndc_port
BIND_KEY_FILE=$W/ddns-key.conf
BIND_KEY_NAME=ddns-key
BIND_KEY_SECRET=$(secret "$W/ddns-key.conf")
BIND_KEY512_SECRET=$(secret "$W/ddns-key512.conf")
BIND_MD5_SECRET=$(secret "$W/ddns-md5.conf")
BIND_LOG=$log
BIND_WORKDIR=$W
BIND_RNDC_KEY_FILE=$W/rndc.key
ENV
echo "named on 127.0.0.1:$port (pid $pid)"
