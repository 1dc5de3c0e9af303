#!/usr/bin/env bash
# dns validate at scale (issue 6): a 10,000-record zone served by a local BIND, declared in a spec (imported from the
# zone), validated with `pguide dns validate`; in the same run dnsperf answers the same questions. Prints dnsperf's qps,
# pguide's effective query rate during the validation (queries / validation time, from its --json) and the ratio.
#   Targets: at least 0.5 of dnsperf's rate; the whole validation under 5 s.
#
#   bench/validate.sh            (about a minute; env RECORDS (10000), RUNS (5), DNSPERF_SECONDS (10))
#
# pguide is the Native AOT publish in bench/out/pguide (built here if missing; PGUIDE=path to use another).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
command -v dnsperf >/dev/null || { echo "dnsperf is not installed (Debian: apt-get install dnsperf)" >&2; exit 1; }
# shellcheck source=native-pguide.sh
. bench/native-pguide.sh

records=${RECORDS:-10000} runs=${RUNS:-5} seconds=${DNSPERF_SECONDS:-10}
W=$(mktemp -d)
trap 'scripts/services/bind.sh stop "$W"; rm -rf "$W"' EXIT
scripts/services/bind.sh start "$W" >/dev/null
. "$W/bind.env"

zone=validate.bench
# shellcheck source=bench-zone.sh
. bench/bench-zone.sh
add_bench_zone "$zone" "$records" 0

mkdir -p "$W/zones"
"$pguide" dns import "$zone" --from axfr --server "127.0.0.1:$BIND_PORT" --out "$W/zones/$zone.yaml" 2>/dev/null

dnsperf -s 127.0.0.1 -p "$BIND_PORT" -d "$W/queries.txt" -c 4 -T 1 -q 256 -l "$seconds" >"$W/dnsperf.txt" 2>&1
dnsperf_qps=$(awk '/Queries per second/ { print $4 }' "$W/dnsperf.txt")

for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$pguide" dns validate "$W/zones" --server "127.0.0.1:$BIND_PORT" --skip ptr-missing --json >"$W/run$i.json" || true
  end=$(date +%s.%N)
  echo "$start $end" >"$W/run$i.time"
done

python3 - "$dnsperf_qps" "$W" "$runs" "$records" <<'PY'
import json, statistics, sys
dnsperf, w, runs, records = float(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rates, walls, durations = [], [], []
for i in range(1, runs + 1):
    report = json.load(open(f"{w}/run{i}.json"))
    start, end = map(float, open(f"{w}/run{i}.time").read().split())
    rates.append(report["queries"] / report["durationSeconds"])
    durations.append(report["durationSeconds"])
    walls.append(end - start)
    queries = report["queries"]
    findings = sum(len(z["findings"]) for z in report["zones"])
rate = statistics.median(rates)
print(f"{records} records declared and served by BIND 9.18 on 127.0.0.1; pguide dns validate, median of {runs} runs")
print(f"  dnsperf                      {dnsperf:8.0f} qps")
print(f"  pguide validate (effective)  {rate:8.0f} qps   ({queries} queries, {findings} findings)")
print(f"  validation {statistics.median(durations):.2f} s, whole process {statistics.median(walls):.2f} s (target: under 5 s)")
print(f"pguide validate / dnsperf = {rate / dnsperf:.2f} (target: at least 0.5)")
PY
