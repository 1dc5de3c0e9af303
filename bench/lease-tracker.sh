#!/usr/bin/env bash
# Issue 3's lease-tracker target: "Lease tracker with 1,000,000 active leases: memory under 300 MB, utilization query
# under 5 ms." Builds the benchmarks (Release), then
#   1. `tracker-memory` (bench/PacketGuide.Benchmarks/TrackerMemory.cs): builds a LeaseTracker with 1,000,000 active
#      leases over a Kea configuration of 64 /16 subnets with 2 pools each (71 % full), and prints the managed heap it
#      holds after a full GC, the process's peak RSS (VmHWM), the build time, the median of 200 utilization queries, the
#      same after renewing every lease once, and where the heap goes;
#   2. the BenchmarkDotNet class LeaseTrackerBenchmarks (GetUtilization, Find, Apply of a renewal ACK, a one-subnet
#      listing) with the memory diagnoser;
# and prints the figures against the targets (300 MB, 5 ms) as ratios (below 1 meets the target).
#
#   bench/lease-tracker.sh [--memory-only]     (about 3-4 minutes on 2 cores; --memory-only: about 10 s)
#
# Env: JOB (BenchmarkDotNet job, default "short"), ITERATIONS (default 10). Output: bench/out/lease-tracker/ (git-ignored).
# Needs: the .NET SDK, jq.
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=bench/out/lease-tracker
bdn=1
for arg in "$@"; do
  case $arg in
    --memory-only) bdn=0 ;;
    *)
      echo "usage: bench/lease-tracker.sh [--memory-only]" >&2
      exit 2
      ;;
  esac
done
mkdir -p "$out"

calc() { awk "BEGIN { printf \"%.6f\", ($1) }"; }

echo "building bench/PacketGuide.Benchmarks (Release)..." >&2
dotnet build bench/PacketGuide.Benchmarks -c Release -nologo -v quiet >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }

echo "== tracker-memory" >&2
bench/PacketGuide.Benchmarks/bin/Release/net10.0/PacketGuide.Benchmarks tracker-memory | tee "$out/tracker-memory.txt"
result=$(grep '^RESULT ' "$out/tracker-memory.txt")
get() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$result"; }

if ((bdn)); then
  echo "== BenchmarkDotNet LeaseTrackerBenchmarks (job ${JOB:-short}, ${ITERATIONS:-10} iterations)" >&2
  dotnet run -c Release --no-build --project bench/PacketGuide.Benchmarks -- --filter '*LeaseTracker*' \
    --job "${JOB:-short}" --iterationCount "${ITERATIONS:-10}" --exporters json --artifacts "$out/BenchmarkDotNet.Artifacts" \
    >"$out/benchmarkdotnet.log" 2>&1 || { tail -50 "$out/benchmarkdotnet.log" >&2; exit 1; }
  sed -n '/^| Method/,/^$/p' "$out/benchmarkdotnet.log"
  report=$(ls "$out"/BenchmarkDotNet.Artifacts/results/*LeaseTrackerBenchmarks-report-full*.json)
  # Mean in ns and allocated bytes per operation, for each benchmark.
  bench() { jq -r --arg m "$1" '.Benchmarks[] | select(.Method == $m) | "\(.Statistics.Mean) \(.Statistics.Median) \(.Memory.BytesAllocatedPerOperation)"' "$report"; }
  read -r util_mean util_median util_bytes < <(bench GetUtilization)
  read -r apply_mean _ apply_bytes < <(bench ApplyRenewal)
  read -r hot_mean _ hot_bytes < <(bench ApplyRenewalInCache)
  read -r find_mean _ find_bytes < <(bench Find)
  read -r list_mean _ list_bytes < <(bench GetLeasesOfOneSubnet)
fi

echo
echo "== against issue 3's targets (ratio = measured / target; below 1 meets it)"
printf '%-58s %12s %10s %7s\n' "figure" "measured" "target" "ratio"
row() { printf '%-58s %12s %10s %7.3f\n' "$1" "$2" "$3" "$(calc "$4")"; }
row "managed heap held, 1M leases (after a full GC)" "$(get managed_mb) MB" "300 MB" "$(get managed_mb) / 300"
row "managed heap held, after renewing every lease once" "$(get managed_renewed_mb) MB" "300 MB" "$(get managed_renewed_mb) / 300"
row "process peak RSS (VmHWM), build" "$(get peak_rss_mb) MB" "300 MB" "$(get peak_rss_mb) / 300"
row "process peak RSS (VmHWM), build + renewals" "$(get peak_rss_renewed_mb) MB" "300 MB" "$(get peak_rss_renewed_mb) / 300"
row "process RSS at rest (after an aggressive GC)" "$(get rss_at_rest_mb) MB" "300 MB" "$(get rss_at_rest_mb) / 300"
row "GetUtilization, Stopwatch median of 200" "$(calc "$(get query_median_ms) * 1000" | xargs printf '%.1f') µs" "5 ms" "$(get query_median_ms) / 5"
if ((bdn)); then
  row "GetUtilization, BenchmarkDotNet mean" "$(calc "$util_mean / 1000" | xargs printf '%.1f') µs" "5 ms" "$util_mean / 5000000"
  echo
  echo "per call (BenchmarkDotNet mean; not targets):"
  printf '  %-44s %10.0f ns %10.0f B\n' "Apply, renewal ACK, random leases" "$apply_mean" "$apply_bytes" \
    "Apply, renewal ACK, the same 1,024 leases" "$hot_mean" "$hot_bytes" \
    "Find, random leases" "$find_mean" "$find_bytes" \
    "GetUtilization" "$util_mean" "$util_bytes" \
    "GetLeases, one subnet (15,625 leases)" "$list_mean" "$list_bytes"
fi
echo
echo "build: $(get build_s) s for $(get leases) ACKs; output in $out/"
