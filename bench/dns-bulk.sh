#!/usr/bin/env bash
# Bulk record changes (issue 4): set N A records (default 10,000) through each provider with
# `pguide dns record apply-file`, against the anchors the issue names, run in the same invocation:
#   PowerDNS: one hand-written curl PATCH carrying the same N rrsets       target: pguide within 1.5x
#   RFC 2136: nsupdate fed the same batch (500 updates per send, TSIG)     target: pguide at least as fast
# Both sides replace the same RRsets on every run, so each run does the same work. Prints medians of RUNS runs and ratios.
#
#   bench/dns-bulk.sh            (about a minute; env RECORDS (10000), RUNS (5))
#
# pguide is the Native AOT publish in bench/out/pguide (built here if missing; PGUIDE=path to use another).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=native-pguide.sh
. bench/native-pguide.sh

W=$(mktemp -d)
trap 'scripts/services/bind.sh stop "$W/bind"; scripts/services/pdns.sh stop "$W/pdns"; rm -rf "$W"' EXIT
mkdir -p "$W/bind" "$W/pdns"
scripts/services/bind.sh start "$W/bind" >/dev/null
scripts/services/pdns.sh start "$W/pdns" >/dev/null
. "$W/bind/bind.env"
. "$W/pdns/pdns.env"

python3 - "$pguide" "$W" "${RECORDS:-10000}" "${RUNS:-5}" "$BIND_PORT" "$BIND_KEY_FILE" "$PDNS_API_URL" "$PDNS_API_KEY" <<'PY'
import json, os, statistics, subprocess, sys, time
pguide, w, n, runs, bind_port, key_file, api_url, api_key = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7], sys.argv[8]

def address(i): return f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"

with open(f"{w}/pdns.csv", "w") as f:
    f.writelines(f"h{i}.api.test,A,300,{address(i)}\n" for i in range(n))
with open(f"{w}/bind.csv", "w") as f:
    f.writelines(f"h{i}.bulk.test,A,300,{address(i)}\n" for i in range(n))
with open(f"{w}/patch.json", "w") as f:
    json.dump({"rrsets": [{"name": f"h{i}.api.test.", "type": "A", "ttl": 300, "changetype": "REPLACE",
                           "records": [{"content": address(i), "disabled": False}]} for i in range(n)]}, f)
with open(f"{w}/nsupdate.txt", "w") as f:
    f.write(f"server 127.0.0.1 {bind_port}\nzone bulk.test\n")
    for i in range(n):
        f.write(f"update delete h{i}.bulk.test. A\nupdate add h{i}.bulk.test. 300 A {address(i)}\n")
        if (i + 1) % 500 == 0:
            f.write("send\n")
    f.write("send\n")
with open(f"{w}/pguide.yaml", "w") as f:
    f.write(f"""dns:
  providers:
    pdns:
      type: powerdns
      url: {api_url}
      api-key: env:BENCH_PDNS_KEY
    bind:
      type: rfc2136
      server: 127.0.0.1:{bind_port}
      zones: [bulk.test]
      tsig-key-file: {key_file}
""")
env = dict(os.environ, BENCH_PDNS_KEY=api_key)
commands = {
    "curl PATCH": ["curl", "-sf", "-X", "PATCH", "-H", f"X-API-Key: {api_key}", "-H", "Content-Type: application/json", "-H", "Expect:",
                   "--data-binary", f"@{w}/patch.json", f"{api_url}/zones/api.test."],
    "pguide powerdns": [pguide, "dns", "record", "apply-file", f"{w}/pdns.csv", "--provider", "pdns", "--config", f"{w}/pguide.yaml", "--timeout", "120"],
    "nsupdate": ["nsupdate", "-k", key_file, f"{w}/nsupdate.txt"],
    "pguide rfc2136": [pguide, "dns", "record", "apply-file", f"{w}/bind.csv", "--provider", "bind", "--config", f"{w}/pguide.yaml", "--timeout", "120"],
}
times = {k: [] for k in commands}
for r in range(runs):
    for name, cmd in commands.items():
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            sys.exit(f"{name} failed ({result.returncode}): {result.stderr[:500]}")
        times[name].append(time.perf_counter() - start)

check = subprocess.run(["dig", "@127.0.0.1", "-p", bind_port, f"h{n - 1}.bulk.test", "A", "+short"], capture_output=True, text=True).stdout.strip()
if check != address(n - 1):
    sys.exit(f"h{n - 1}.bulk.test is not served after the runs ({check!r})")
m = {k: statistics.median(v) for k, v in times.items()}
print(f"{n} A records, median of {runs} runs (PowerDNS sqlite and BIND 9.18 on 127.0.0.1)")
for name in commands:
    print(f"  {name:16} {m[name] * 1000:9.1f} ms")
print(f"pguide powerdns / curl PATCH = {m['pguide powerdns'] / m['curl PATCH']:.2f} (target: at most 1.5)")
print(f"pguide rfc2136 / nsupdate    = {m['pguide rfc2136'] / m['nsupdate']:.2f} (target: at most 1)")
PY
