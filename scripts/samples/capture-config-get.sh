#!/usr/bin/env bash
# Captures Kea's real config-get answers for the configuration fixtures, so tests can check that the file reader and
# the control-API reader give the same model:
#   test/data/config/kea-dhcp4.conf -> test/data/config/kea-dhcp4.config-get.json
#   test/data/config/kea-dhcp6.conf -> test/data/config/kea-dhcp6.config-get.json
# and Kea's own per-subnet totals (statistic-get-all: total-addresses, total-nas, total-pds) next to them as
# kea-dhcp{4,6}.statistics.json, to check PacketGuide's pool sizes against Kea's.
#
#   scripts/samples/capture-config-get.sh          (root; a few seconds)
#
# Each server runs with the fixture plus a unix control socket, inside an isolated network namespace that has only `lo`
# (scripts/services/netns.sh up-isolated); the fixtures list no interfaces, so Kea opens no DHCP socket at all.
# Stopped by PID. Env: CAPTURE_NETNS_PREFIX (default pgcfg).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
svc=$root/scripts/services
data=$root/test/data/config
prefix=${CAPTURE_NETNS_PREFIX:-pgcfg}
W=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$svc/netns.sh" down "$prefix" || true
  rm -rf "$W"
}
trap cleanup EXIT
"$svc/netns.sh" up-isolated "$prefix"
mkdir -p "$W/run"
export KEA_PIDFILE_DIR=$W/run KEA_LOCKFILE_DIR=$W/run

for v in 4 6; do
  conf=kea-dhcp$v.conf sock=$W/kea$v.sock
  # Same directory layout as the fixtures (includes are relative), plus the control socket after the "DhcpN": { line.
  cp "$data"/kea-dhcp$v* "$W/"
  sed -i "s|\"Dhcp$v\": {|\"Dhcp$v\": { \"control-socket\": { \"socket-type\": \"unix\", \"socket-name\": \"$sock\" },|" "$W/$conf"
  (cd "$W" && exec ip netns exec "${prefix}iso" kea-dhcp$v -c "$W/$conf" >"$W/kea$v.out" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 200); do [[ -S $sock ]] && break; sleep 0.05; done
  [[ -S $sock ]] || { cat "$W/kea$v.out" >&2; echo "kea-dhcp$v did not open its control socket" >&2; exit 1; }
  "$svc/kea-ctl.sh" "$sock" '{"command":"config-get"}' >"$W/answer$v.json"
  "$svc/kea-ctl.sh" "$sock" '{"command":"statistic-get-all"}' >"$W/stats$v.json"
  # Keep the answer but replace the temporary socket path (Kea 2.2 adds no "hash"; later versions do).
  python3 - "$W/answer$v.json" "$data/kea-dhcp$v.config-get.json" "$sock" <<'PY'
import json, sys
answer = json.load(open(sys.argv[1]))
assert answer["result"] == 0, answer
for server in ("Dhcp4", "Dhcp6"):
    if server in answer["arguments"]:
        answer["arguments"][server]["control-socket"]["socket-name"] = "kea-ctrl.sock"
json.dump(answer, open(sys.argv[2], "w"), indent=2, sort_keys=True)
open(sys.argv[2], "a").write("\n")
PY
  # Only the configuration-derived totals: one value per subnet statistic, without the time stamps.
  python3 - "$W/stats$v.json" "$data/kea-dhcp$v.statistics.json" <<'PY'
import json, re, sys
answer = json.load(open(sys.argv[1]))
assert answer["result"] == 0, answer
totals = {name: samples[0][0] for name, samples in answer["arguments"].items()
          if re.fullmatch(r"subnet\[\d+\]\.total-(addresses|nas|pds)", name)}
json.dump(totals, open(sys.argv[2], "w"), indent=2, sort_keys=True)
open(sys.argv[2], "a").write("\n")
PY
  echo "captured $data/kea-dhcp$v.config-get.json and kea-dhcp$v.statistics.json" >&2
done
