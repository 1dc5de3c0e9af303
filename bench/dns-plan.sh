#!/usr/bin/env bash
# Zones as code at scale (issue 5): a 10,000-RRset zone spec against PowerDNS.
#   apply: the spec to an empty zone (one PATCH of 10,000 RRsets plus 10,000 ownership markers)   target: under 10 s
#   plan:  the same spec against the now-equal zone (read spec, list the zone, diff)              target: under 1 s, 200 MB
#   plan after 1,000 edits to the spec                                                            (same targets)
# Prints medians of RUNS runs (plans) and the peak RSS of each.
#
#   bench/dns-plan.sh            (about a minute; env RECORDS (10000), RUNS (5))
#
# pguide is the Native AOT publish in bench/out/pguide (built here if missing; PGUIDE=path to use another).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=native-pguide.sh
. bench/native-pguide.sh

W=$(mktemp -d)
trap 'scripts/services/pdns.sh stop "$W/pdns"; rm -rf "$W"' EXIT
mkdir -p "$W/pdns" "$W/zones"
scripts/services/pdns.sh start "$W/pdns" >/dev/null
. "$W/pdns/pdns.env"

python3 - "$pguide" "$W" "${RECORDS:-10000}" "${RUNS:-5}" "$PDNS_API_URL" "$PDNS_API_KEY" <<'PY'
import json, os, statistics, subprocess, sys, time, urllib.request
pguide, w, n, runs, api_url, api_key = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
zone = "scale.test."

request = urllib.request.Request(f"{api_url}/zones", method="POST", headers={"X-API-Key": api_key, "Content-Type": "application/json"},
                                 data=json.dumps({"name": zone, "kind": "Native", "nameservers": [f"ns1.{zone}"]}).encode())
urllib.request.urlopen(request).read()

def spec(edited):
    lines = [f"zone: {zone}", "ttl: 300", "provider: pdns", "records:"]
    for i in range(n):
        last = 200 + (i % 50) if i < edited else i & 255
        lines.append(f"  - {{name: h{i}, type: A, value: 10.{(i >> 16) & 255}.{(i >> 8) & 255}.{last}}}")
    with open(f"{w}/zones/scale.test.yaml", "w") as f:
        f.write("\n".join(lines) + "\n")

with open(f"{w}/pguide.yaml", "w") as f:
    f.write(f"dns:\n  providers:\n    pdns:\n      type: powerdns\n      url: {api_url}\n      api-key: env:BENCH_PDNS_KEY\n")
env = dict(os.environ, BENCH_PDNS_KEY=api_key)

def run(args, expect=(0,)):
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", pguide, "dns", *args, "--config", f"{w}/pguide.yaml"], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode not in expect:
        sys.exit(f"pguide dns {' '.join(args)} failed ({result.returncode}): {result.stderr[-800:]}")
    rss_kb = int(result.stderr.strip().splitlines()[-1])
    return elapsed, rss_kb / 1024

spec(0)
apply_s, apply_mb = run(["apply", f"{w}/zones", "--auto-approve", "--timeout", "300"])
plans = [run(["plan", f"{w}/zones", "--detailed-exitcode"], expect=(0,)) for _ in range(runs)]
spec(n // 10)
edits = [run(["plan", f"{w}/zones", "--detailed-exitcode"], expect=(2,)) for _ in range(runs)]

print(f"{n} A RRsets in one zone spec, PowerDNS 4.7 (sqlite) on 127.0.0.1; plans: median of {runs}")
print(f"  apply to an empty zone      {apply_s:7.2f} s  {apply_mb:6.0f} MB peak RSS   (target: under 10 s)")
print(f"  plan, no changes            {statistics.median(t for t, _ in plans):7.2f} s  {max(m for _, m in plans):6.0f} MB peak RSS   (target: under 1 s, 200 MB)")
print(f"  plan, {n // 10} updates          {statistics.median(t for t, _ in edits):7.2f} s  {max(m for _, m in edits):6.0f} MB peak RSS   (target: under 1 s, 200 MB)")
PY
