#!/usr/bin/env bash
# Per-query cost of `pguide dns query` against dig (issue 4): both ask a local BIND (scripts/services/bind.sh) the same
# QUERIES questions from a batch file (dig -f, pguide dns query -f), so each process starts once and the per-query cost
# dominates. Both print +short answers to a file; the outputs must match. Prints the median wall time of RUNS runs of each,
# the per-query cost and the ratio pguide / dig (target: below 1, faster than dig).
#
#   bench/dns-query.sh             (about 20 s; env QUERIES (1000), RUNS (7))
#
# pguide is the Native AOT publish in bench/out/pguide (built here if missing; PGUIDE=path to use another).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=native-pguide.sh
. bench/native-pguide.sh

W=$(mktemp -d)
trap 'scripts/services/bind.sh stop "$W"; rm -rf "$W"' EXIT
scripts/services/bind.sh start "$W" >/dev/null
. "$W/bind.env"

queries=${QUERIES:-1000} runs=${RUNS:-7}
names=(www.static.test static.test txt.static.test mail.static.test _sip._tcp.static.test nothing.static.test)
types=(A MX TXT A SRV A)
for ((i = 0; i < queries; i++)); do
  k=$((i % ${#names[@]}))
  echo "${names[$k]} ${types[$k]}"
done >"$W/names.txt"

python3 - "$pguide" "$W" "$BIND_PORT" "$runs" "$queries" <<'PY'
import statistics, subprocess, sys, time
pguide, w, port, runs, queries = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
commands = {
    "dig": ["dig", "@127.0.0.1", "-p", port, "-f", f"{w}/names.txt", "+short", "+norec"],
    "pguide": [pguide, "dns", "query", "-f", f"{w}/names.txt", f"@127.0.0.1:{port}", "+short", "+norec"],
}
times = {k: [] for k in commands}
outputs = {}
for r in range(runs):
    for name, cmd in commands.items():          # interleaved, so machine noise hits both alike
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True, check=True)
        times[name].append(time.perf_counter() - start)
        outputs[name] = sorted(line.strip() for line in result.stdout.splitlines() if line.strip())
if outputs["dig"] != outputs["pguide"]:
    sys.exit("the answers differ between dig and pguide")
print(f"{queries} queries against BIND on 127.0.0.1, median of {runs} runs, {len(outputs['dig'])} answer lines each")
for name in commands:
    median = statistics.median(times[name])
    print(f"  {name:7} {median * 1000:8.1f} ms   {median / queries * 1e6:7.1f} µs/query")
ratio = statistics.median(times["pguide"]) / statistics.median(times["dig"])
print(f"pguide / dig = {ratio:.2f} (target: below 1)")
PY
