#!/usr/bin/env bash
# Writes test/data/README.md (how each sample was produced, what the servers log compared with what the client did)
# and test/data/INVENTORY.md (message ids / line shapes with counts, computed from the files). Called by generate.sh;
# can be re-run on its own:  scripts/samples/write-readme.sh [test/data]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${1:-$root/test/data}
cd "$out"
kea_version=${KEA_VERSION:-$( (kea-dhcp4 -V 2>/dev/null || echo unknown) | head -n1)}
dhcpd_version=${DHCPD_VERSION:-$( (dhcpd --version 2>&1 || true) | head -n1)}
rsyslog_version=${RSYSLOG_VERSION:-$( (rsyslogd -v 2>/dev/null || echo "x unknown") | head -n1 | awk '{print $2}')}

count() { jq -r ".$2" "$1"; }
standard_counts=$(for f in kea4/*/counts.json dhcpd/*/counts.json; do jq -c . "$f"; done | sort -u)
if [[ $(wc -l <<<"$standard_counts") -eq 1 ]]; then
  counts_sentence="Every run here gave \`$standard_counts\`."
else
  counts_sentence="The runs differ; see each counts.json."
fi

{
cat <<EOF
# test/data: real DHCP server samples

Produced by \`scripts/samples/generate.sh\` (root, ~30 s; do not edit by hand, re-run the script) with
Kea $kea_version (Debian bookworm 2.2.0-6 packages), $dhcpd_version (4.4.3-P1-2) and rsyslog $rsyslog_version.
Work-dir paths were rewritten to packaged paths (\`/var/lib/kea\`, \`/run/kea/kea4-ctrl.sock\`, \`/etc/dhcp/dhcpd.conf\`,
\`/var/lib/dhcp\`, \`/run/dhcpd.pid\`); syslog records carry the host name \`dhcp-lab\`. Nothing else was edited.

## The "standard" scenario (every \`counts.json\` under kea4/ and dhcpd/)

\`test/PacketGuide.DhcpTestClient\` acting as a relay agent (giaddr set, hops 1), one message at a time, no retransmissions:

1. 20 DORAs, MACs \`02:00:00:00:01:01\`..\`02:00:00:00:01:14\`; odd clients send option 12 \`host-01\`, \`host-03\`, ... \`host-19\`.
2. 6 RELEASEs (clients 01..06).
3. 2 DECLINEs right after the ACK (clients 13 and 14 hex, i.e. 19 and 20).
4. 2 INFORMs (MACs of clients 07 and 08) with ciaddr = the relay address (servers unicast the INFORM ACK to ciaddr).
5. 3 INIT-REBOOT REQUESTs (option 50, no option 54) from \`02:00:00:00:04:01\`..\`03\` for 192.0.2.10 (outside every subnet),
   for client 09's leased address (10.77.1.8) and for 198.51.100.77. Both servers are authoritative, so all three are NAKed.
6. Pool exhaustion: \`02:00:00:00:05:01\`..\`05\` run DORAs through the second relay address (subnet 10.78.0.0/24, pool of
   3 addresses 10.78.0.10-12): 3 are bound, the last 2 DISCOVERs get no OFFER.

Address plan (same for both servers): subnet 1 = 10.77.0.0/22, pool 10.77.1.0-10.77.3.250; subnet 2 = 10.78.0.0/24, pool 10.78.0.10-12.
Kea runs on loopback (UDP sockets, \`-p 6767 -P 6768\`, relays 127.0.0.2 / 127.0.0.3 select the subnets, server id 127.0.0.1),
inside a network namespace that has only \`lo\`. dhcpd runs in a netns/veth pair (server 10.77.0.1 on \`pgsvs\`,
relays 10.77.0.2 / 10.78.0.2, replies to giaddr:67, INFORM ACK to ciaddr:68).

\`counts.json\` is what the client sent and received: discover/request/release/decline/inform = sent, offer/ack/nak = received
(an INFORM's ACK counts under ack), allocationFailed = DISCOVERs without an OFFER, clients = distinct MACs.
$counts_sentence

## Files

| File | How it was produced |
|---|---|
| kea4/info/kea-dhcp4.log | Kea DHCPv4, file output, severity INFO, standard scenario, then the API calls below, then SIGTERM |
| kea4/info/kea-leases4.csv | the memfile lease file (lfc-interval 0: raw append-only journal) after that run |
| kea4/info/counts.json | the client's counts for that run |
| kea4/debug45/kea-dhcp4.log | same scenario, severity DEBUG, debuglevel 45 (fresh server and lease file) |
| kea4/debug45/counts.json | the client's counts for that run |
| kea4/syslog/kea-dhcp4.syslog | same scenario, Kea \`"output": "syslog:local0"\` at INFO, captured by rsyslogd with RSYSLOG_TraditionalFileFormat (RFC 3164 style) |
| kea4/syslog/kea-dhcp4.rfc5424.log | the same capture written with RSYSLOG_SyslogProtocol23Format (RFC 5424) |
| kea4/syslog/counts.json | the client's counts for that run |
| kea4/api/lease4-get-all.ca.json | after the INFO run: \`{"command":"lease4-get-all","service":["dhcp4"]}\` POSTed to kea-ctrl-agent (HTTP): a JSON array |
| kea4/api/lease4-get-all.socket.json | same command over the unix control socket: a single JSON object |
| kea4/api/stat-lease4-get.json | \`stat-lease4-get\` over the unix socket (libdhcp_stat_cmds) |
| kea4/api/statistic-get-all.json | \`statistic-get-all\` over the unix socket (statistic-default-sample-count 1) |
| kea4/perfdhcp/kea-dhcp4.log.gz | Kea DHCPv4 at INFO in the netns/veth bed (raw socket on \`pgsvs\`), \`perfdhcp -4 -l 10.77.0.2 -r 100 -F 20 -n 500 -R 500 -d 2 -W 500000 10.77.0.1\` |
| kea4/perfdhcp/perfdhcp.txt | perfdhcp's report for that run (exit code 3 is normal: RELEASEs never get replies and count as drops) |
| dhcpd/stderr/dhcpd.log | ISC dhcpd \`-4 -f -d\` (log to stderr: no timestamps), standard scenario, then SIGTERM |
| dhcpd/stderr/dhcpd.leases | dhcpd's lease file after that run (journal style, the last block per address wins) |
| dhcpd/stderr/counts.json | the client's counts for that run |
| dhcpd/syslog/dhcpd.rfc3164.log | dhcpd \`-4 -f\` without \`-d\` (syslog(3), facility daemon), captured by rsyslogd, RSYSLOG_TraditionalFileFormat |
| dhcpd/syslog/dhcpd.rfc5424.log | the same capture, RSYSLOG_SyslogProtocol23Format |
| dhcpd/syslog/dhcpd.journal-short-iso.log | **reformatted, not from journald** (there is none here): the same capture written by an rsyslog template in the layout of \`journalctl -o short-iso\` (\`2026-11-26T12:56:11+0000 host dhcpd[pid]: msg\`, reception time, whole seconds) |
| dhcpd/syslog/counts.json | the client's counts for that run |
EOF
if [[ -d kea6 ]]; then
cat <<EOF
| kea6/info/kea-dhcp6.log | Kea DHCPv6 at INFO in the netns/veth bed (\`pgsvs\`, link-local + ff02::1:2), \`perfdhcp -6 -l pgsvc -e address-and-prefix -r 50 -n 20 -R 20 -F 10 -d 2 -W 500000 -b mac=02:00:00:00:06:00\` (SOLICIT/ADVERTISE/REQUEST/REPLY with IA_NA + IA_PD, then RELEASEs) |
| kea6/info/kea-leases6.csv | the DHCPv6 memfile lease file after that run (IA_NA rows lease_type 0, IA_PD rows lease_type 2) |
| kea6/info/counts.json | perfdhcp's side of that run (from its report): sent solicit/request/release, received advertise/reply (reply includes release replies) |
| kea6/info/perfdhcp.txt, kea6/info/statistic-get-all.json | perfdhcp's report and \`statistic-get-all\` before shutdown |
| kea6/debug45/* | the same at severity DEBUG, debuglevel 45. The number of RELEASEs perfdhcp sends with -F depends on timing; read counts.json |
EOF
fi
cat <<EOF

## What the servers log compared with what the client did

Facts the parser tests need; all are visible in the files above.

**Kea (INFO)**
* \`DHCP4_LEASE_ADVERT\` = one per OFFER ($(count kea4/info/counts.json offer)), \`DHCP4_LEASE_ALLOC\` = one per lease ACK. The 2 ACKs that
  answer INFORMs are **not logged at INFO** (no lease), so the log has 23 ALLOC lines while the client received 25 ACKs.
  The control API agrees with the client: \`pkt4-ack-sent\` = 25.
* **NAKs are not logged at INFO.** The only trace of the 3 NAKed INIT-REBOOT requests is \`DHCP4_INIT_REBOOT ... client is in
  INIT-REBOOT state and requests address X\` (INFO). At DEBUG 45 each NAK is \`DHCP4_PACKET_SEND ... trying to send packet DHCPNAK (type 6)\`.
  \`pkt4-nak-sent\` = 3.
* **INFORMs are not logged at INFO** at all. At DEBUG 45: \`DHCP4_PACKET_RECEIVED ... DHCPINFORM (type 8) received\` and
  \`DHCP4_PACKET_SEND ... DHCPACK (type 5) ... to 127.0.0.2:6768\` (to ciaddr, not giaddr).
* **One allocation failure is three WARN lines** with the same tid: \`ALLOC_ENGINE_V4_ALLOC_FAIL_SUBNET\`, \`ALLOC_ENGINE_V4_ALLOC_FAIL\`,
  \`ALLOC_ENGINE_V4_ALLOC_FAIL_CLASSES\` (6 lines for 2 failures; \`v4-allocation-fail\` = 2). WARN, not ERROR. No OFFER is sent.
* RELEASE: one \`DHCP4_RELEASE\` per RELEASE. DECLINE: one \`DHCP4_DECLINE_LEASE ... The lease will be unavailable for 86400 seconds.\`
* The DISCOVER and the REQUEST of one DORA share an xid, so ADVERT and ALLOC of one client have the same \`tid=\`.
* \`cid=[01:<mac>]\` is the client id (type 1 + MAC), not a second MAC; \`hwtype=1\` precedes the MAC.
* \`COMMAND_RECEIVED\` lines come from the readiness probe (\`status-get\`) and from the API calls after the scenario.
* The first startup messages (\`DHCP4_STARTING\`, config parsing) go to stdout before the logger configuration applies; the
  log file starts at \`HOSTS_BACKENDS_REGISTERED\` (its text ends with a trailing space).
* DEBUG 45 adds per-packet lines (\`DHCP4_BUFFER_RECEIVED\`, \`DHCP4_PACKET_RECEIVED\`, \`DHCP4_SUBNET_SELECTED\`, \`DHCP4_PACKET_SEND\`,
  \`DHCPSRV_CFGMGR_SUBNET4_RELAY\`, \`DHCP4_CLASS_ASSIGNED\`, \`ALLOC_ENGINE_V4_*\`) and host lookups that print the MAC as
  \`hwaddr=020000000107\` (\`HOSTS_CFG_*\`). All lines are single-line at 45.
* Lease CSV (kea-leases4.csv) is an append-only journal: 23 allocation rows, then 6 release rows (same address, \`valid_lifetime\` 0,
  hostname kept) and 2 decline rows (\`hwaddr\` and \`client_id\` empty, \`valid_lifetime\` 86400 = decline probation, \`state\` 1).
  The last row per address wins. \`lease4-get-all\` afterwards returns 17 leases (15 state 0, 2 declined state 1).
* Syslog output: the tag is \`kea-dhcp4:\` **without a pid**, the message keeps Kea's severity word and the logger as
  \`[kea-dhcp4.leases.<thread-id>]\` (a dot and the thread id, no pid), then the message id in column 8 of the RFC 3164 line.
  Facility local0: PRI 134 (info) and 132 (warning) in the RFC 5424 file, whose PROCID is \`-\`; rsyslog's RFC 5424 template
  leaves two spaces before the message (the message text starts with a space).

**dhcpd**
* \`-d\` stderr lines have no timestamp, host or pid. The same lines via syslog get \`Mon DD HH:MM:SS dhcp-lab dhcpd[pid]: \`.
  Via syslog the start-up banner appears twice (before and after reading the config). Nothing is logged on SIGTERM.
* One line per message, client view vs. log: 25 \`DHCPDISCOVER\` lines (2 of them end \`: network 10.78.0.0/24: no free leases\` =
  the allocation failures: **one line per failure**, no OFFER), 23 \`DHCPOFFER on\`, 26 \`DHCPREQUEST\` (23 \`for IP (SERVER-ID) from\`
  + 3 INIT-REBOOT \`for IP from MAC via GIADDR: wrong network.\` / \`: lease IP unavailable.\`), 23 \`DHCPACK on\` + 2 \`DHCPACK to\`.
* NAK: \`DHCPREQUEST for 192.0.2.10 from MAC via 10.77.0.2: wrong network.\` followed by \`DHCPNAK on 192.0.2.10 to MAC via 10.77.0.2\`.
* DECLINE: two lines, \`Abandoning IP address X: declined.\` then \`DHCPDECLINE of X from MAC (host-19) via GIADDR: abandoned\`.
* INFORM: \`DHCPINFORM from CIADDR via GIADDR\` (no MAC) answered by \`DHCPACK to CIADDR (MAC) via pgsvs\` (server interface; sent
  to ciaddr port 68, not to the relay).
* RELEASE: \`DHCPRELEASE of X from MAC (host-01) via GIADDR (found)\`.
* Host names sent in option 12 appear in parentheses after the MAC (\`to 02:00:00:00:01:01 (host-01) via\`); dhcpd remembers
  them, so a later DECLINE or RELEASE line shows them too.
* dhcpd.leases: 31 \`lease {}\` blocks = 23 ACKs + 6 releases (\`binding state free\`) + 2 declines (\`binding state abandoned\`,
  no \`hardware\` line, \`ends\` 24 h later). Times are UTC \`W YYYY/MM/DD HH:MM:SS\`. A \`server-duid\` line precedes the leases.
* Syslog priority: facility daemon; \`Abandoning IP address ...\` and \`... no free leases\` are logged at LOG_ERR (PRI 27 in
  dhcpd.rfc5424.log), everything else at LOG_INFO (PRI 30). PROCID is the pid. The RFC 3164 layout does not show the priority.

**perfdhcp run (kea4/perfdhcp)**: 500 \`DHCP4_LEASE_ADVERT\`, 500 \`DHCP4_LEASE_ALLOC\`, and one \`DHCP4_RELEASE\` per RELEASE perfdhcp
reports as sent. The subnet is chosen by giaddr 10.77.0.2 (no relay restriction in that config).

See INVENTORY.md for every message id / line shape with its count in each file.
EOF
} >README.md

# ---- INVENTORY.md -------------------------------------------------------------------------------------------------
dhcpd_shape() {
  sed -E -e 's/^[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [^ ]+ [^ ]+: //' \
    -e 's/^<[0-9]+>1 [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+ +//' \
    -e 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[+-][0-9]{4} [^ ]+ [^ ]+: //' \
    -e 's/([0-9a-f]{2}:){5}[0-9a-f]{2}/MAC/g' -e 's/\b[0-9]+(\.[0-9]+){3}\b/IP/g' -e 's#IP/[0-9]+#IP/LEN#g' \
    -e 's/\(host-[0-9]+\)/(HOSTNAME)/g' -e 's#LPF/[^/]+/#LPF/IFACE/#' -e 's/via [a-z0-9]+vs$/via IFACE/' \
    -e 's/^Wrote [0-9]+ /Wrote N /'
}
table_kea() { # FILE... (Kea file layout: column 3 severity, column 5 message id)
  echo '| Message id | Severity | Count |'
  echo '|---|---|---|'
  zcat -f "$@" | awk '$1 ~ /^[12][0-9][0-9][0-9]-/ {print $5 "\t" $3}' | sort | uniq -c | sort -k2,2 |
    awk '{printf "| %s | %s | %d |\n", $2, $3, $1}'
  echo "| **lines** | | $(zcat -f "$@" | grep -c .) |"
}
table_kea_syslog() {
  echo '| Message id | Severity | Count |'
  echo '|---|---|---|'
  awk '{print $8 "\t" $6}' "$1" | sort | uniq -c | sort -k2,2 | awk '{printf "| %s | %s | %d |\n", $2, $3, $1}'
  echo "| **lines** | | $(grep -c . "$1") |"
}
table_dhcpd() {
  echo '| Line shape | Count |'
  echo '|---|---|'
  # shellcheck disable=SC2016 # literal backquotes for Markdown
  dhcpd_shape <"$1" | sort | uniq -c | sort -k2 | sed -E 's/^ *([0-9]+) (.*)$/| `\2` | \1 |/'
  echo "| **lines** | $(grep -c . "$1") |"
}

{
  echo '# Message inventory of the samples'
  echo
  echo 'Generated by scripts/samples/write-readme.sh from the files in this folder. Kea: the message id (5th column of'
  echo 'the file layout, 8th of the RFC 3164 syslog line) and severity. dhcpd: the line with MAC addresses → MAC,'
  # shellcheck disable=SC2016
  echo 'IPv4 addresses → IP, prefix lengths → LEN, `(host-NN)` → (HOSTNAME), the server interface → IFACE.'
  for f in kea4/info/kea-dhcp4.log kea4/debug45/kea-dhcp4.log kea4/perfdhcp/kea-dhcp4.log.gz kea6/info/kea-dhcp6.log kea6/debug45/kea-dhcp6.log; do
    [[ -f $f ]] || continue
    echo
    echo "## $f"
    echo
    table_kea "$f"
  done
  echo
  echo '## kea4/syslog/kea-dhcp4.syslog'
  echo
  table_kea_syslog kea4/syslog/kea-dhcp4.syslog
  for f in dhcpd/stderr/dhcpd.log dhcpd/syslog/dhcpd.rfc3164.log; do
    echo
    echo "## $f"
    echo
    table_dhcpd "$f"
  done
} >INVENTORY.md
echo "write-readme.sh: wrote $out/README.md and $out/INVENTORY.md" >&2
