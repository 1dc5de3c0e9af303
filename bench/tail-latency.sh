#!/usr/bin/env bash
# Append -> event latency and CPU of `pguide dhcp tail`: a writer appends real Kea INFO DHCP4_LEASE_ALLOC lines to a
# log at 1,000, 10,000 and 50,000 lines/s (in 2 ms batches, each stamped with the time it is written, in ms);
# pguide dhcp tail --json follows the log; a reader takes each JSON line as it arrives and computes now - event time.
# Prints p50/p99/max latency and the tailer's CPU (user+system seconds per second of run) per rate.
#
#   bench/tail-latency.sh            (about 30 s; env SECONDS_PER_RATE (5), RATES ("1000 10000 50000"))
#
# Targets (issue 3): p99 under 20 ms at 50k lines/s, tailer CPU under one core.
# pguide is the Native AOT publish in bench/out/pguide (built here if missing; PGUIDE=path to use another).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=native-pguide.sh
. bench/native-pguide.sh

python3 - "$pguide" "$out" "${SECONDS_PER_RATE:-5}" "${RATES:-1000 10000 50000}" <<'PY'
import datetime, os, shutil, subprocess, sys, tempfile, threading, time

pguide, out, seconds, rates = sys.argv[1], sys.argv[2], float(sys.argv[3]), [int(r) for r in sys.argv[4].split()]
tick = os.sysconf("SC_CLK_TCK")

def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick  # utime + stime

def line(i, stamp):
    return (f"{stamp} INFO  [kea-dhcp4.leases/7.7] DHCP4_LEASE_ALLOC [hwtype=1 02:00:00:{i >> 16 & 255:02x}:{i >> 8 & 255:02x}:{i & 255:02x}], "
            f"cid=[no info], tid=0x{i:x}: lease 10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255} has been allocated for 3600 seconds\n")

print(f"{'lines/s':>8} {'events':>8} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'CPU (cores)':>11}")
for rate in rates:
    work = tempfile.mkdtemp(prefix="pguide-tail-latency-")
    log = os.path.join(work, "kea-dhcp4.log")
    open(log, "w").close()
    proc = subprocess.Popen([pguide, "dhcp", "tail", "--json", "--timezone", "UTC", log], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    latencies = []
    received = [0]

    def read():
        for raw in proc.stdout:
            now = time.time()
            received[0] += 1
            # "time":"2026-11-26T12:00:00.123+00:00" starts at a fixed place after the id
            at = raw.find(b'"time":"')
            stamp = raw[at + 8:at + 37].decode()
            latencies.append(now - datetime.datetime.fromisoformat(stamp).timestamp())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    time.sleep(1.0)  # let it start and reach the end of the empty file
    cpu0, t0 = cpu_seconds(proc.pid), time.time()
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    batch_interval = 0.002
    per_batch = max(1, int(rate * batch_interval))
    written = 0
    start = time.time()
    while time.time() - start < seconds:
        now = time.time()
        stamp = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")[:23]
        os.write(fd, "".join(line(written + k, stamp) for k in range(per_batch)).encode())
        written += per_batch
        next_at = start + (written / rate)
        delay = next_at - time.time()
        if delay > 0:
            time.sleep(delay)
    os.close(fd)
    deadline = time.time() + 10
    while received[0] < written and time.time() < deadline:
        time.sleep(0.05)
    cpu = (cpu_seconds(proc.pid) - cpu0) / (time.time() - t0)
    proc.terminate()
    proc.wait()
    lat = sorted(latencies)
    def pct(p):
        return 1000 * lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")
    print(f"{rate:>8} {received[0]:>8} {pct(0.50):>7.1f} {pct(0.99):>7.1f} {1000 * lat[-1] if lat else float('nan'):>7.1f} {cpu:>11.2f}"
          + ("" if received[0] == written else f"   MISSING {written - received[0]} of {written}"))
    shutil.rmtree(work)
print("latency = arrival of the JSON line at the reader - the time the line was written (ms resolution)")
PY
