#!/usr/bin/env bash
# End-to-end throughput of `pguide dhcp parse --json` on a large Kea INFO log, next to the tools people would use
# instead: `wc -l` (the memory-scan floor), `grep -c` (a tuned C scanner) and an awk one-liner that pulls out the same
# fields (time, kind, MAC, IP) and counts per kind.
#
#   bench/parse-throughput.sh [--no-extras]     (from anywhere; ~2-4 minutes on 2 cores)
#
# The log (bench/out/kea-dhcp4-info.log, git-ignored) is built once from real Kea 2.2 INFO lines in test/data
# (DHCP4_LEASE_ADVERT, DHCP4_LEASE_ALLOC, DHCP4_RELEASE from the perfdhcp run; DHCP4_INIT_REBOOT, DHCP4_DECLINE_LEASE
# and non-event lines from the INFO sample) with distinct MACs, client ids, transaction ids and addresses and
# increasing timestamps. The generator writes the event counts it expects next to it; pguide's JSON is checked
# against them.
# pguide is what `dotnet publish src/PacketGuide.Cli -c Release` ships: a Native AOT executable (bench/out/pguide; needs
# clang or clang-14). For reference the same code is also timed on the JIT, as `dotnet run` and the tests use it
# (bench/out/pguide-jit, published with -p:PublishAot=false).
# Every command runs RUNS times (default 3) on the cached file; the table shows the best wall time and the largest
# peak RSS of the runs (/usr/bin/time -f '%e %M'; wall time is also taken with $EPOCHREALTIME for ms resolution).
# The machine should be otherwise idle: CPU use by other processes just before timing is printed with the results.
# --no-extras skips the pguide variants (--jobs 1, one core, JIT settings, --events) and the startup probes.
# Needs: python3, jq, awk, grep, taskset (util-linux), GNU time (installed with apt-get if missing), the .NET SDK.
# Env: RUNS (3), SIZE_MB (420: MiB of log to generate), PGUIDE_SKIP_PUBLISH=1 (reuse bench/out/pguide*).
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=bench/out
log=$out/kea-dhcp4-info.log
expected=$log.expected.json
runs=${RUNS:-3}
size_mb=${SIZE_MB:-420}
extras=1
generator_version=1
for arg in "$@"; do
  case $arg in
    --no-extras) extras=0 ;;
    *)
      echo "usage: bench/parse-throughput.sh [--no-extras]" >&2
      exit 2
      ;;
  esac
done
mkdir -p "$out"

# calc EXPR: floating-point arithmetic and comparisons (1/0) without depending on bc.
calc() { awk "BEGIN { printf \"%.6f\", ($1) }"; }

if [[ ! -x /usr/bin/time ]]; then
  echo "installing GNU time (/usr/bin/time)..." >&2
  apt-get install -y -qq time >/dev/null
fi

# ------------------------------------------------------------------------------------------------------------------
# 1. The log
# ------------------------------------------------------------------------------------------------------------------
if [[ ! -s $log || ! -s $expected ]] || ! jq -e ".version == $generator_version and .sizeMiB == $size_mb" "$expected" >/dev/null; then
  echo "generating $log (${size_mb} MiB of Kea INFO lines)..." >&2
  start=$EPOCHREALTIME
  python3 - "$log" "$expected" "$size_mb" "$generator_version" <<'PY'
import datetime, gzip, json, re, sys

log_path, expected_path, size_mib, version = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
target = size_mib * 1024 * 1024

def first(lines, msgid):
    for line in lines:
        if f" {msgid} " in line:
            return line
    raise SystemExit(f"no {msgid} line in the samples")

with gzip.open("test/data/kea4/perfdhcp/kea-dhcp4.log.gz", "rt") as f:
    perf = f.read().splitlines()
with open("test/data/kea4/info/kea-dhcp4.log") as f:
    info = f.read().splitlines()

mac_re = re.compile(r"(?:[0-9a-f]{2}:){5}[0-9a-f]{2}")
tid_re = re.compile(r"tid=0x[0-9a-f]+")
ip_re = re.compile(r"((?:lease|address|addr) )\d+\.\d+\.\d+\.\d+")

def template(line):
    """The real line after its 24-character timestamp, with client, transaction and address made placeholders."""
    body = line[24:].replace("{", "{{").replace("}", "}}")
    mac = mac_re.search(body)
    if mac:
        body = body.replace(mac.group(0), "{mac}")  # also the copy inside cid=[01:<mac>]
    body = tid_re.sub("tid=0x{tid:x}", body, count=1)
    body = ip_re.sub(lambda m: m.group(1) + "{ip}", body, count=1)
    return body + "\n"

advert = template(first(perf, "DHCP4_LEASE_ADVERT"))
alloc = template(first(perf, "DHCP4_LEASE_ALLOC"))
release = template(first(perf, "DHCP4_RELEASE"))
reboot = template(first(info, "DHCP4_INIT_REBOOT"))
decline = template(first(info, "DHCP4_DECLINE_LEASE"))
chatter = [template(first(info, m)) for m in ("COMMAND_RECEIVED", "STAT_CMDS_LEASE4_GET")]
for t in (advert, alloc, release, reboot, decline):
    assert "{mac}" in t and "{tid:x}" in t and "{ip}" in t, t

clients = 200_003
counts = {"offer": 0, "ack": 0, "release": 0, "request": 0, "decline": 0}
seen = bytearray(clients)
lines = 0
written = 0
ms = 0
base = datetime.datetime(2026, 11, 26, 0, 0, 0)
stamp_second = -1
stamp = ""
tid = 0x1000
buf = []
out = open(log_path, "w", buffering=1 << 20)

def ident(c):
    seen[c] = 1
    mac = "00:0c:%02x:%02x:%02x:%02x" % ((c >> 24) & 255, (c >> 16) & 255, (c >> 8) & 255, c & 255)
    ip = "10.%d.%d.%d" % (64 + (c >> 16) % 64, (c >> 8) & 255, c & 255)
    return mac, ip

n = 0
while written < target:
    n += 1
    c = (n * 7919) % clients
    mac, ip = ident(c)
    second = ms // 1000
    if second != stamp_second:
        stamp_second = second
        stamp = (base + datetime.timedelta(seconds=second)).strftime("%Y-%m-%d %H:%M:%S")
    prefix = "%s.%03d " % (stamp, ms % 1000)
    tid += 1
    if n % 100 == 0:
        # An INIT-REBOOT client asking for its old address: a request event only (no offer at INFO).
        buf.append(prefix + reboot.format(mac=mac, tid=tid, ip=ip))
        counts["request"] += 1
    else:
        buf.append(prefix + advert.format(mac=mac, tid=tid, ip=ip))
        buf.append(prefix + alloc.format(mac=mac, tid=tid, ip=ip))
        counts["offer"] += 1
        counts["ack"] += 1
    if n % 5 == 0:
        # An earlier client lets its lease go.
        rmac, rip = ident((c + 1009) % clients)
        tid += 1
        buf.append(prefix + release.format(mac=rmac, tid=tid, ip=rip))
        counts["release"] += 1
    if n % 5000 == 0:
        dmac, dip = ident((c + 31) % clients)
        tid += 1
        buf.append(prefix + decline.format(mac=dmac, tid=tid, ip=dip))
        counts["decline"] += 1
    if n % 20000 == 0:
        buf.append(prefix + chatter[(n // 20000) % 2])
    ms += 3
    if len(buf) >= 20000:
        chunk = "".join(buf)
        out.write(chunk)
        written += len(chunk)
        lines += len(buf)
        buf = []
chunk = "".join(buf)
out.write(chunk)
written += len(chunk)
lines += len(buf)
out.close()
json.dump({"version": version, "sizeMiB": size_mib, "bytes": written, "lines": lines, "events": sum(counts.values()),
           "byKind": counts, "clients": sum(seen)}, open(expected_path, "w"), indent=1)
PY
  printf 'generated in %.1f s\n' "$(calc "${EPOCHREALTIME/,/.} - ${start/,/.}")" >&2
fi
bytes=$(stat -c %s "$log")
mb=$(calc "$bytes / 1000000")

# ------------------------------------------------------------------------------------------------------------------
# 2. pguide, Release: Native AOT (what ships) and JIT (dotnet run, tests)
# ------------------------------------------------------------------------------------------------------------------
pguide=$out/pguide/pguide
jit=$out/pguide-jit/pguide
linker=()
if ! command -v clang >/dev/null && command -v clang-14 >/dev/null; then linker=(-p:CppCompilerAndLinker=clang-14); fi
if [[ ${PGUIDE_SKIP_PUBLISH:-0} != 1 || ! -x $pguide || ! -x $jit ]]; then
  echo "publishing pguide (Release, Native AOT) to $out/pguide..." >&2
  if ! dotnet publish src/PacketGuide.Cli -c Release "${linker[@]}" -o "$out/pguide" -nologo >"$out/publish.log" 2>&1; then
    cat "$out/publish.log" >&2
    exit 1
  fi
  echo "publishing pguide (Release, JIT) to $out/pguide-jit..." >&2
  if ! dotnet publish src/PacketGuide.Cli -c Release -p:PublishAot=false -o "$out/pguide-jit" -nologo >"$out/publish-jit.log" 2>&1; then
    cat "$out/publish-jit.log" >&2
    exit 1
  fi
fi

# ------------------------------------------------------------------------------------------------------------------
# 3. Timing
# ------------------------------------------------------------------------------------------------------------------
echo "warming the page cache..." >&2
cat "$log" >/dev/null

declare -A secs rss
order=()

# measure NAME COMMAND... : best wall time and largest peak RSS of $runs runs. The last run's stdout is kept in
# $out/result-NAME.out (spaces as '_'), except for --events, whose ~2 GB of JSON lines go to /dev/null.
measure() {
  local name=$1 best="" max_rss=0 t0 t1 wall e m key sink
  shift
  key=${name// /_}
  sink=$out/result-$key.out
  [[ $name == *--events* ]] && sink=/dev/null
  for ((i = 1; i <= runs; i++)); do
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%e %M' -o "$out/result-$key.time" "$@" >"$sink" 2>"$out/result-$key.err"
    t1=$EPOCHREALTIME
    read -r e m <"$out/result-$key.time"
    wall=$(calc "${t1/,/.} - ${t0/,/.}")
    if [[ -z $best ]] || (($(calc "$wall < $best" | cut -d. -f1))); then best=$wall; fi
    ((m > max_rss)) && max_rss=$m
    printf '  %-28s run %d: %6.3f s (time: %s s)  %7d KB\n' "$name" "$i" "$wall" "$e" "$m" >&2
  done
  secs[$name]=$best
  rss[$name]=$max_rss
  order+=("$name")
}

# shellcheck disable=SC2016 # awk's own $fields
awk_prog='
$5 == "DHCP4_LEASE_ADVERT" { k = "offer" }
$5 == "DHCP4_LEASE_ALLOC" { k = "ack" }
$5 == "DHCP4_RELEASE" { k = "release" }
$5 == "DHCP4_INIT_REBOOT" { k = "request" }
$5 == "DHCP4_DECLINE_LEASE" { k = "decline" }
k != "" {
  t = $1 " " $2; mac = ""; ip = ""
  for (i = 6; i <= NF; i++) {
    if (mac == "" && $i ~ /^[0-9a-f][0-9a-f]:[0-9a-f:]+\],?$/) mac = $i
    else if (ip == "" && $i ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+\.?$/) ip = $i
  }
  n[k]++; last = t " " mac " " ip; k = ""
}
END { for (k in n) print k, n[k]; print "last", last }'

# busy_percent SECONDS: share of all CPUs busy over an interval, from /proc/stat (user..steal vs idle+iowait).
busy_percent() {
  local a b
  a=$(head -n 1 /proc/stat)
  sleep "$1"
  b=$(head -n 1 /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN {
    split(a, x); split(b, y); total = 0
    for (i = 2; i <= 9; i++) total += y[i] - x[i]
    idle = (y[5] - x[5]) + (y[6] - x[6])
    printf "%.0f", (total > 0 ? 100 * (total - idle) / total : 0) }'
}
busy_before=$(busy_percent 2)
echo "timing ($runs runs each, file $(printf '%.0f' "$mb") MB, $(nproc) cores)..." >&2
measure "wc -l" wc -l "$log"
measure "grep -c" grep -c DHCP4_LEASE_ALLOC "$log"
measure "awk" awk "$awk_prog" "$log"
measure "pguide --json" "$pguide" dhcp parse --json "$log"
measure "pguide on the JIT" "$jit" dhcp parse --json "$log"
if ((extras)); then
  # --jobs 1 is one parsing thread; taskset pins the whole process to one core.
  measure "pguide --json --jobs 1" "$pguide" dhcp parse --json --jobs 1 "$log"
  measure "pguide on 1 core (taskset)" taskset -c 0 "$pguide" dhcp parse --json "$log"
  measure "JIT TieredPGO=0" env DOTNET_TieredPGO=0 "$jit" dhcp parse --json "$log"
  measure "JIT TieredCompilation=0" env DOTNET_TieredCompilation=0 "$jit" dhcp parse --json "$log"
  measure "pguide --events" "$pguide" dhcp parse --events "$log"
  measure "pguide --version" "$pguide" --version
  measure "JIT --version" "$jit" --version
fi

# ------------------------------------------------------------------------------------------------------------------
# 4. Report
# ------------------------------------------------------------------------------------------------------------------
echo
awk_name=$(awk -W version 2>/dev/null | head -n 1 || true)
[[ -n $awk_name ]] || awk_name=$(awk --version 2>/dev/null | head -n 1 || true)
printf 'file: %s, %s bytes (%.0f MB), %s lines; awk = %s; grep = %s; %s cores; %s\n' "$log" "$bytes" "$mb" \
  "$(jq .lines "$expected")" "${awk_name:-awk}" "$(grep --version | head -n 1)" "$(nproc)" "$(date -u +%F)"
printf 'cpu: %s; CPU busy (other processes) in the 2 s before timing: %s%% (should be ~0)\n' \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" "$busy_before"
echo
printf '| %-28s | %8s | %8s | %13s |\n' command seconds MB/s "peak RSS (MB)"
printf '|%s|%s|%s|%s|\n' "------------------------------" "---------:" "---------:" "--------------:"
for name in "${order[@]}"; do
  s=${secs[$name]}
  if [[ $name == *--version ]]; then rate="-"; else rate=$(printf '%.0f' "$(calc "$mb / $s")"); fi
  printf '| %-28s | %8.3f | %8s | %13.1f |\n' "$name" "$s" "$rate" "$(calc "${rss[$name]} / 1024")"
done

echo
ratio() { calc "$1 / $2"; }
p=${secs["pguide --json"]}
r1=$(ratio "$p" "${secs["grep -c"]}")
r2=$(ratio "${secs[awk]}" "$p")
r3=$(calc "${rss["pguide --json"]} / 1024")
verdict() { if (($(calc "$1" | cut -d. -f1))); then echo met; else echo MISSED; fi; }
printf 'pguide / grep -c   = %5.2f   (target <= 3)     %s\n' "$r1" "$(verdict "$r1 <= 3")"
printf 'awk / pguide       = %5.2f   (target >= 10)    %s\n' "$r2" "$(verdict "$r2 >= 10")"
printf 'pguide peak RSS    = %5.1f MB (target < 100 MB) %s\n' "$r3" "$(verdict "$r3 < 100")"
printf 'pguide / wc -l     = %5.2f\n' "$(ratio "$p" "${secs["wc -l"]}")"
j=${secs["pguide on the JIT"]}
printf 'on the JIT (not the shipped build): / grep -c = %.2f, awk / it = %.2f, peak RSS %.1f MB\n' \
  "$(ratio "$j" "${secs["grep -c"]}")" "$(ratio "${secs[awk]}" "$j")" "$(calc "${rss["pguide on the JIT"]} / 1024")"
if ((extras)); then
  printf 'parallel speedup: 1 core (taskset) / default = %.2f; --jobs 1 / default = %.2f\n' \
    "$(ratio "${secs["pguide on 1 core (taskset)"]}" "$p")" "$(ratio "${secs["pguide --json --jobs 1"]}" "$p")"
fi

echo
echo "check: pguide's JSON against the generator's counts and the other tools"
result=$out/result-pguide_--json.out
jq -c '{lines, events, unparsedTotal, byKind: (.byKind | with_entries(select(.value > 0))), clients}' "$result" |
  sed 's/^/  pguide:    /'
jq -c '{lines, events, byKind, clients}' "$expected" | sed 's/^/  generator: /'
echo "  grep -c DHCP4_LEASE_ALLOC: $(cat "$out/result-grep_-c.out")   wc -l: $(cut -d' ' -f1 "$out/result-wc_-l.out")"
echo "  awk: $(sort "$out/result-awk.out" | tr '\n' ' ')"
if [[ "$(jq -c '[.lines, .events, .clients]' "$result")" == "$(jq -c '[.lines, .events, .clients]' "$expected")" ]]; then
  echo "  lines, events and clients match the generator: OK"
  if cmp -s "$result" "$out/result-pguide_on_the_JIT.out"; then
    echo "  the JIT build wrote the same JSON: OK"
  else
    echo "  MISMATCH between the Native AOT and JIT builds" >&2
    exit 1
  fi
else
  echo "  MISMATCH between pguide and the generator" >&2
  exit 1
fi
