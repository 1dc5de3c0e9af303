#!/usr/bin/env bash
# Watch `pguide dhcp tail` follow a dhcpd log through a rename + create and a copytruncate rotation without losing or
# repeating a line. Uses the bundled sample log; writes only to a temporary directory.
#
#   examples/tail/rotation-demo.sh          (from the repository root; builds pguide with dotnet run)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample=$root/examples/logs/dhcpd.rfc3164.log
dotnet build -c Release "$root/src/PacketGuide.Cli" -nologo -v q >/dev/null
pguide=$root/src/PacketGuide.Cli/bin/Release/net10.0/pguide

: >"$work/dhcpd.log"
"$pguide" dhcp tail --json --state-dir "$work/state" "$work/dhcpd.log*" >"$work/events.jsonl" &
tail_pid=$!
sleep 1

head -n 40 "$sample" >>"$work/dhcpd.log"
sleep 0.5
mv "$work/dhcpd.log" "$work/dhcpd.log.1"                           # rename + create
sed -n '41,80p' "$sample" >>"$work/dhcpd.log.1"                      # the daemon still writes to the old file...
sed -n '81,120p' "$sample" >>"$work/dhcpd.log"                       # ...then reopens
sleep 0.5
mv "$work/dhcpd.log.1" "$work/dhcpd.log.2"
cp "$work/dhcpd.log" "$work/dhcpd.log.1" && : >"$work/dhcpd.log"      # copytruncate
sed -n '121,$p' "$sample" >>"$work/dhcpd.log"
sleep 1
kill -TERM "$tail_pid"
wait "$tail_pid" || true

expected=$("$pguide" dhcp parse --json "$sample" | jq .events)
got=$(wc -l <"$work/events.jsonl")
unique=$(jq -r .id "$work/events.jsonl" | sort -u | wc -l)
echo "events in the sample: $expected; delivered by tail: $got ($unique distinct ids)"
jq -c '{id, kind, ip, mac}' "$work/events.jsonl" | head -n 3
