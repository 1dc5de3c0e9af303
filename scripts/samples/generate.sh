#!/usr/bin/env bash
# Regenerates the real-server samples in test/data/ and the demo set in examples/logs/ by running real Kea 2.2 and
# ISC dhcpd 4.4 against the deterministic "standard" client scenario (test/PacketGuide.DhcpTestClient) and perfdhcp.
#
#   scripts/samples/generate.sh [--keep]          (root; ~1 minute)
#
# Every packet stays on this machine: Kea's loopback runs happen inside an isolated network namespace that has only
# `lo` (so a stray reply, e.g. an INFORM ACK unicast to ciaddr, has no route anywhere), dhcpd and perfdhcp run in a
# private veth pair (scripts/services/netns.sh). Syslog captures use a private rsyslogd on a socket in the work dir;
# the daemons see it as /dev/log in their own mount namespace (scripts/services/with-devlog.sh).
# Needs: kea-dhcp4-server kea-ctrl-agent kea-admin (perfdhcp) isc-dhcp-server rsyslog curl, the .NET SDK.
# Env: SAMPLES_OUT (default test/data), SAMPLES_NETNS_PREFIX (default pgs), SAMPLES_WORKDIR (default: mktemp -d).
# --keep: leave the work dir (raw, unsanitised files) in place.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
svc=$root/scripts/services
self=$root/scripts/samples/generate.sh

# ---------------------------------------------------------------------------------------------------------------
# Steps that run inside the isolated namespace (re-invoked as: generate.sh --step NAME WORKDIR)
# ---------------------------------------------------------------------------------------------------------------

run_client_kea() { # W
  local W=$1
  # shellcheck disable=SC1091
  . "$W/kea4.env"
  dotnet "$CLIENT_DLL" --server "$KEA4_SERVER" --relay "$KEA4_RELAY1" --relay2 "$KEA4_RELAY2" \
    --port "$KEA4_CLIENT_PORT" --scenario standard --out "$W/counts.json" --verbose 2>"$W/client.log"
  tail -n 1 "$W/client.log" >&2
}

save_api() { # W
  local W=$1
  # shellcheck disable=SC1091
  . "$W/kea4.env"
  mkdir -p "$W/api"
  curl -sS --noproxy '*' -X POST -H 'Content-Type: application/json' \
    -d '{"command":"lease4-get-all","service":["dhcp4"]}' "$KEA_CA_URL" >"$W/api/lease4-get-all.ca.json"
  echo >>"$W/api/lease4-get-all.ca.json"
  "$svc/kea-ctl.sh" "$KEA4_SOCKET" '{"command":"lease4-get-all"}' >"$W/api/lease4-get-all.socket.json"
  "$svc/kea-ctl.sh" "$KEA4_SOCKET" '{"command":"stat-lease4-get"}' >"$W/api/stat-lease4-get.json"
  "$svc/kea-ctl.sh" "$KEA4_SOCKET" '{"command":"statistic-get-all"}' >"$W/api/statistic-get-all.json"
}

step_kea4_file() { # W debug(0|1) api(0|1)
  local W=$1 debug=$2 api=$3
  local args=()
  ((debug)) && args+=(--debug)
  trap '"$svc/kea4.sh" stop "$W"' EXIT
  "$svc/kea4.sh" start "$W" "${args[@]}"
  run_client_kea "$W"
  ((api)) && save_api "$W"
  "$svc/kea4.sh" stop "$W"
  trap - EXIT
}

step_kea4_syslog() { # W
  local W=$1
  trap '"$svc/kea4.sh" stop "$W"; "$svc/rsyslog.sh" stop "$W"' EXIT
  "$svc/rsyslog.sh" start "$W"
  "$svc/kea4.sh" start "$W" --syslog "$W/log.sock"
  run_client_kea "$W"
  "$svc/kea4.sh" stop "$W"
  sleep 0.3
  "$svc/rsyslog.sh" stop "$W"
  trap - EXIT
}

if [[ ${1:-} == --step ]]; then
  step=$2 W=$3
  case $step in
    kea4-info) step_kea4_file "$W" 0 1 ;;
    kea4-debug45) step_kea4_file "$W" 1 0 ;;
    kea4-syslog) step_kea4_syslog "$W" ;;
    *) echo "unknown step $step" >&2; exit 2 ;;
  esac
  exit 0
fi

# ---------------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------------
keep=0
[[ ${1:-} == --keep ]] && keep=1
[[ $EUID -eq 0 ]] || { echo "generate.sh: needs root (network namespaces)" >&2; exit 1; }
for tool in kea-dhcp4 kea-ctrl-agent perfdhcp dhcpd rsyslogd curl dotnet; do
  command -v "$tool" >/dev/null || { echo "generate.sh: $tool not installed" >&2; exit 1; }
done

out=${SAMPLES_OUT:-$root/test/data}
examples=$root/examples/logs
P=${SAMPLES_NETNS_PREFIX:-pgs}
W=${SAMPLES_WORKDIR:-$(mktemp -d /tmp/pg-samples.XXXXXX)}
mkdir -p "$W"
W=$(realpath "$W")

cleanup() {
  local d
  for d in "$W"/kea4-*; do
    if [[ -d $d ]]; then "$svc/kea4.sh" stop "$d" || true; fi
  done
  for d in "$W"/kea6-*; do
    if [[ -d $d ]]; then "$svc/kea6.sh" stop "$d" || true; fi
  done
  for d in "$W"/dhcpd-*; do
    if [[ -d $d ]]; then "$svc/dhcpd.sh" stop "$d" || true; fi
  done
  for d in "$W"/*/; do
    if [[ -f $d/rsyslogd.pid ]]; then "$svc/rsyslog.sh" stop "$d" || true; fi
  done
  "$svc/netns.sh" down "$P" || true
  if ((keep)); then echo "generate.sh: work dir kept: $W" >&2; else rm -rf "$W"; fi
}
trap cleanup EXIT

echo "== building the client" >&2
dotnet build "$root/test/PacketGuide.DhcpTestClient/PacketGuide.DhcpTestClient.csproj" -c Release -o "$W/client" -v q -nologo >&2
export CLIENT_DLL=$W/client/pguide-dhcp-client.dll

"$svc/netns.sh" up "$P"
"$svc/netns.sh" up-isolated "$P"
iso() { ip netns exec "${P}iso" "$@"; }

# sanitize FILE WORKDIR KIND: replace work-dir paths with the paths a packaged install would use.
sanitize() {
  local file=$1 dir=$2 kind=$3
  if [[ $kind == kea ]]; then
    sed -i -e "s|$dir/kea4-ctrl.sock|/run/kea/kea4-ctrl.sock|g" -e "s|$dir/kea-dhcp4.conf|/etc/kea/kea-dhcp4.conf|g" \
      -e "s|$dir/kea-dhcp4.log|/var/log/kea/kea-dhcp4.log|g" -e "s|$dir|/var/lib/kea|g" "$file"
  else
    sed -i -e "s|$dir/dhcpd.conf|/etc/dhcp/dhcpd.conf|g" -e "s|$dir/run/dhcpd.pid|/run/dhcpd.pid|g" \
      -e "s|$dir|/var/lib/dhcp|g" "$file"
  fi
  if grep -q "$W" "$file"; then echo "generate.sh: $file still mentions $W" >&2; exit 1; fi
}

kea_version=$(kea-dhcp4 -V | head -n1)
dhcpd_version=$(dhcpd --version 2>&1 | head -n1)
rsyslog_version=$(rsyslogd -v | head -n1 | awk '{print $2}')

echo "== Kea DHCPv4, INFO, file" >&2
iso "$self" --step kea4-info "$W/kea4-info"
echo "== Kea DHCPv4, DEBUG 45, file" >&2
iso "$self" --step kea4-debug45 "$W/kea4-debug45"
echo "== Kea DHCPv4, INFO, syslog" >&2
iso "$self" --step kea4-syslog "$W/kea4-syslog"

echo "== Kea DHCPv4, INFO, perfdhcp in the veth bed" >&2
K=$W/kea4-perf
"$svc/kea4.sh" start "$K" --netns "$P"
set +e
ip netns exec "${P}cli" perfdhcp -4 -l 10.77.0.2 -r 100 -F 20 -n 500 -R 500 -d 2 -W 500000 10.77.0.1 >"$K/perfdhcp.txt" 2>&1
perf_rc=$?
set -e
"$svc/kea4.sh" stop "$K"
# perfdhcp exits 3 whenever it counts drops; RELEASEs never get replies, so 3 is the normal result with -F.
[[ $perf_rc -eq 0 || $perf_rc -eq 3 ]] || { cat "$K/perfdhcp.txt" >&2; echo "perfdhcp failed ($perf_rc)" >&2; exit 1; }

echo "== ISC dhcpd, stderr (-d)" >&2
D=$W/dhcpd-stderr
"$svc/dhcpd.sh" start "$D" "$P"
ip netns exec "${P}cli" dotnet "$CLIENT_DLL" --server 10.77.0.1:67 --relay 10.77.0.2 --relay2 10.78.0.2 \
  --port 67 --client-port 68 --scenario standard --out "$D/counts.json" --verbose 2>"$D/client.log"
tail -n 1 "$D/client.log" >&2
"$svc/dhcpd.sh" stop "$D"

echo "== ISC dhcpd, syslog" >&2
S=$W/dhcpd-syslog
mkdir -p "$S"
"$svc/rsyslog.sh" start "$S"
"$svc/dhcpd.sh" start "$S" "$P" --syslog "$S/log.sock"
ip netns exec "${P}cli" dotnet "$CLIENT_DLL" --server 10.77.0.1:67 --relay 10.77.0.2 --relay2 10.78.0.2 \
  --port 67 --client-port 68 --scenario standard --out "$S/counts.json" --verbose 2>"$S/client.log"
tail -n 1 "$S/client.log" >&2
"$svc/dhcpd.sh" stop "$S"
sleep 0.3
"$svc/rsyslog.sh" stop "$S"

# perfdhcp6_counts REPORT LEASES: the client side of a perfdhcp -6 run as counts.json (sent/received per exchange).
perfdhcp6_counts() {
  awk -v leases="$2" '
    /^\*\*\*Statistics for: / { ex = $3; gsub(/\*/, "", ex) }
    /^sent packets:/ { sent[ex] = $3 }
    /^received packets:/ { recv[ex] = $3 }
    END {
      while ((getline line < leases) > 0) { split(line, f, ","); if (f[2] != "duid" && f[2] != "") duid[f[2]] = 1 }
      n = 0; for (d in duid) n++
      printf "{\n  \"solicit\": %d,\n  \"advertise\": %d,\n  \"request\": %d,\n  \"reply\": %d,\n", \
        sent["SOLICIT-ADVERTISE"], recv["SOLICIT-ADVERTISE"], sent["REQUEST-REPLY"], recv["REQUEST-REPLY"] + recv["RELEASE-REPLY"]
      printf "  \"release\": %d,\n  \"releaseReply\": %d,\n  \"clients\": %d\n}\n", sent["RELEASE-REPLY"], recv["RELEASE-REPLY"], n
    }' "$1"
}

kea6_done=0
if [[ -x $svc/kea6.sh ]] && command -v kea-dhcp6 >/dev/null; then
  echo "== Kea DHCPv6, perfdhcp -6 in the veth bed" >&2
  for level in info debug45; do
    K6=$W/kea6-$level
    args=()
    [[ $level == debug45 ]] && args+=(--debug)
    "$svc/kea6.sh" start "$K6" "$P" "${args[@]}"
    set +e
    # 20 clients (MACs from 02:00:00:00:06:00; perfdhcp builds time-based DUID-LLTs from them), 4-way SARR with IA_NA and IA_PD, RELEASEs at 10/s.
    ip netns exec "${P}cli" perfdhcp -6 -l "${P}vc" -e address-and-prefix -r 50 -n 20 -R 20 -F 10 -d 2 -W 500000 \
      -b mac=02:00:00:00:06:00 >"$K6/perfdhcp.txt" 2>&1
    rc=$?
    set -e
    perfdhcp6_counts "$K6/perfdhcp.txt" "$K6/kea-leases6.csv" >"$K6/counts.json"
    # shellcheck disable=SC1091
    . "$K6/kea6.env"
    "$svc/kea-ctl.sh" "$KEA6_SOCKET" '{"command":"statistic-get-all"}' >"$K6/statistic-get-all.json"
    "$svc/kea6.sh" stop "$K6"
    [[ $rc -eq 0 || $rc -eq 3 ]] || { cat "$K6/perfdhcp.txt" >&2; echo "perfdhcp -6 failed ($rc)" >&2; exit 1; }
  done
  kea6_done=1
fi

# ---------------------------------------------------------------------------------------------------------------
# Copy into the repository
# ---------------------------------------------------------------------------------------------------------------
echo "== writing $out" >&2
rm -rf "$out/kea4" "$out/dhcpd" "$out/kea6"
mkdir -p "$out/kea4/info" "$out/kea4/debug45" "$out/kea4/syslog" "$out/kea4/api" "$out/kea4/perfdhcp" \
  "$out/dhcpd/stderr" "$out/dhcpd/syslog" "$examples"

put() { # SRC DEST KIND(kea|dhcpd) RUN_DIR
  cp "$1" "$2"
  sanitize "$2" "$4" "$3"
}
put "$W/kea4-info/kea-dhcp4.log" "$out/kea4/info/kea-dhcp4.log" kea "$W/kea4-info"
put "$W/kea4-info/kea-leases4.csv" "$out/kea4/info/kea-leases4.csv" kea "$W/kea4-info"
cp "$W/kea4-info/counts.json" "$out/kea4/info/counts.json"
for f in lease4-get-all.ca.json lease4-get-all.socket.json stat-lease4-get.json statistic-get-all.json; do
  put "$W/kea4-info/api/$f" "$out/kea4/api/$f" kea "$W/kea4-info"
done
put "$W/kea4-debug45/kea-dhcp4.log" "$out/kea4/debug45/kea-dhcp4.log" kea "$W/kea4-debug45"
cp "$W/kea4-debug45/counts.json" "$out/kea4/debug45/counts.json"
put "$W/kea4-syslog/syslog.rfc3164.log" "$out/kea4/syslog/kea-dhcp4.syslog" kea "$W/kea4-syslog"
put "$W/kea4-syslog/syslog.rfc5424.log" "$out/kea4/syslog/kea-dhcp4.rfc5424.log" kea "$W/kea4-syslog"
cp "$W/kea4-syslog/counts.json" "$out/kea4/syslog/counts.json"
put "$W/kea4-perf/kea-dhcp4.log" "$W/kea4-perf/kea-dhcp4.sanitized.log" kea "$W/kea4-perf"
gzip -9n <"$W/kea4-perf/kea-dhcp4.sanitized.log" >"$out/kea4/perfdhcp/kea-dhcp4.log.gz"
cp "$W/kea4-perf/perfdhcp.txt" "$out/kea4/perfdhcp/perfdhcp.txt"

put "$D/dhcpd.log" "$out/dhcpd/stderr/dhcpd.log" dhcpd "$D"
put "$D/dhcpd.leases" "$out/dhcpd/stderr/dhcpd.leases" dhcpd "$D"
cp "$D/counts.json" "$out/dhcpd/stderr/counts.json"
put "$S/syslog.rfc3164.log" "$out/dhcpd/syslog/dhcpd.rfc3164.log" dhcpd "$S"
put "$S/syslog.rfc5424.log" "$out/dhcpd/syslog/dhcpd.rfc5424.log" dhcpd "$S"
put "$S/syslog.journal-short-iso.log" "$out/dhcpd/syslog/dhcpd.journal-short-iso.log" dhcpd "$S"
cp "$S/counts.json" "$out/dhcpd/syslog/counts.json"

if ((kea6_done)); then
  for level in info debug45; do
    mkdir -p "$out/kea6/$level"
    put "$W/kea6-$level/kea-dhcp6.log" "$out/kea6/$level/kea-dhcp6.log" kea "$W/kea6-$level"
    put "$W/kea6-$level/kea-leases6.csv" "$out/kea6/$level/kea-leases6.csv" kea "$W/kea6-$level"
    cp "$W/kea6-$level/perfdhcp.txt" "$out/kea6/$level/perfdhcp.txt"
    cp "$W/kea6-$level/counts.json" "$out/kea6/$level/counts.json"
    put "$W/kea6-$level/statistic-get-all.json" "$out/kea6/$level/statistic-get-all.json" kea "$W/kea6-$level"
  done
fi

cp "$out/kea4/info/kea-dhcp4.log" "$examples/kea-dhcp4.log"
cp "$out/kea4/info/kea-leases4.csv" "$examples/kea-leases4.csv"
cp "$out/dhcpd/syslog/dhcpd.rfc3164.log" "$examples/dhcpd.rfc3164.log"
cp "$out/dhcpd/stderr/dhcpd.leases" "$examples/dhcpd.leases"

KEA_VERSION=$kea_version DHCPD_VERSION=$dhcpd_version RSYSLOG_VERSION=$rsyslog_version KEA6_DONE=$kea6_done \
  "$root/scripts/samples/write-readme.sh" "$out"
echo "== done: $out" >&2
