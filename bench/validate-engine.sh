#!/usr/bin/env bash
# The query engine of `pguide dns validate` (issue 6) against dnsperf, in one run: a 10,000-record zone (perf.bench, added
# to a local BIND with rndc addzone), one query set (each name with its type, plus SOA, NS and DNSKEY of the apex), then
# dnsperf's rate and the engine's effective rate over that set, and the ratio (target: engine / dnsperf >= 0.5, and a
# whole pass of the set under 5 s).
#
#   bench/validate-engine.sh     (about 40 s; env RECORDS (10000), DNSPERF_SECONDS (10), RUNS (5), WINDOW (128; dnsperf keeps DNSPERF_WINDOW, 256),
#                                 SOCKETS (4), DNSCLIENT (256: also time DnsClient with that many in flight; 0 skips it))
#
# Needs BIND (scripts/services/bind.sh) and dnsperf (Debian: apt-get install dnsperf).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
command -v dnsperf >/dev/null || { echo "dnsperf is not installed (Debian: apt-get install dnsperf)" >&2; exit 1; }

records=${RECORDS:-10000} seconds=${DNSPERF_SECONDS:-10} runs=${RUNS:-5} window=${WINDOW:-128} sockets=${SOCKETS:-4}
dnsclient=${DNSCLIENT:-256}
W=$(mktemp -d)
trap 'scripts/services/bind.sh stop "$W"; rm -rf "$W"' EXIT
scripts/services/bind.sh start "$W" >/dev/null
. "$W/bind.env"

# The zone: RECORDS records; most A, every 10th AAAA, every 25th MX, every 50th TXT. The query set: every record's name
# and type (as a validator asks them), then the apex's SOA, NS and DNSKEY.
zone=perf.bench
# shellcheck source=bench-zone.sh
. bench/bench-zone.sh
add_bench_zone "$zone" "$records" 25
printf '%s SOA\n%s NS\n%s DNSKEY\n' "$zone" "$zone" "$zone" >>"$W/queries.txt"
count=$(wc -l <"$W/queries.txt")
echo "zone $zone: $records records, $count queries, BIND on 127.0.0.1:$BIND_PORT"

dotnet build -c Release bench/PacketGuide.Benchmarks -nologo -v q >/dev/null

dnsperf -s 127.0.0.1 -p "$BIND_PORT" -d "$W/queries.txt" -c 4 -T 1 -q "${DNSPERF_WINDOW:-256}" -l "$seconds" >"$W/dnsperf.txt" 2>&1
grep -E "Queries (sent|completed|lost)|Queries per second|Average Latency" "$W/dnsperf.txt" | sed 's/^ */  dnsperf: /'
dnsperf_qps=$(awk '/Queries per second/ { print $4 }' "$W/dnsperf.txt")

start=$(date +%s.%N)
bench/PacketGuide.Benchmarks/bin/Release/net10.0/PacketGuide.Benchmarks query-engine --server "127.0.0.1:$BIND_PORT" \
  --queries "$W/queries.txt" --runs "$runs" --window "$window" --sockets "$sockets" --dnsclient "$dnsclient" | tee "$W/engine.txt"
end=$(date +%s.%N)

python3 - "$dnsperf_qps" "$W/engine.txt" "$start" "$end" <<'PY'
import re, statistics, sys
dnsperf = float(sys.argv[1])
runs = [float(m.group(1)) for m in re.finditer(r"^engine run \d+: .* = (\d+) qps", open(sys.argv[2]).read(), re.M)]
secs = [float(m.group(1)) for m in re.finditer(r"^engine run \d+: \d+ questions in ([\d.]+) s", open(sys.argv[2]).read(), re.M)]
steady = runs[1:] or runs
median = statistics.median(steady)
print(f"whole process (build check, start, JIT, {len(runs)} passes, DnsClient comparison): {float(sys.argv[4]) - float(sys.argv[3]):.2f} s")
print(f"dnsperf {dnsperf:.0f} qps; engine median of runs 2..{len(runs)} {median:.0f} qps (first run, JIT cold: {runs[0]:.0f} qps)")
print(f"engine / dnsperf = {median / dnsperf:.2f} (target: at least 0.5); one pass of the set: {max(secs):.2f} s at worst (target: under 5 s)")
PY
