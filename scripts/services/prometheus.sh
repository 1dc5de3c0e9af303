#!/usr/bin/env bash
# Prometheus 2.42 (Debian `prometheus`) on 127.0.0.1 scraping one target every second (shared/RECIPES-OPS.md section 1).
#
#   prometheus.sh start WORKDIR TARGET [METRICS_PATH]     TARGET is host:port, e.g. 127.0.0.1:8080; path default /metrics
#   prometheus.sh stop  WORKDIR
#
# Storage in WORKDIR/prom-data (fresh each start), web UI/API on a free port, lifecycle API on. Job name "pguide".
# Ready when /-/ready answers; then WORKDIR/prometheus.env holds: PROM_PORT PROM_URL PROM_PID PROM_LOG
# Env (optional): PROM_START_TIMEOUT (30 s).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=_common.sh
. "$here/_common.sh"

usage() { echo "usage: ${0##*/} start WORKDIR TARGET [METRICS_PATH] | stop WORKDIR" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
action=$1
W=$(realpath -m "$2")
case $action in
  stop) stop_pidfile "$W/prometheus.pid" 10; exit 0 ;;
  start) [[ $# -ge 3 ]] || usage ;;
  *) usage ;;
esac
target=$3 path=${4:-/metrics}

command -v prometheus >/dev/null || die "prometheus not installed (apt-get install prometheus)"
if [[ -f $W/prometheus.pid ]] && alive "$(<"$W/prometheus.pid")"; then die "prometheus already running in $W"; fi
mkdir -p "$W"
rm -rf "$W/prom-data" "$W/prometheus.env"
port=$(free_port TCP)
cat >"$W/prometheus.yml" <<CONF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: pguide
    metrics_path: $path
    static_configs:
      - targets: ["$target"]
CONF
prometheus --config.file="$W/prometheus.yml" --storage.tsdb.path="$W/prom-data" --web.listen-address="127.0.0.1:$port" \
  --web.enable-lifecycle --log.level=warn >"$W/prometheus.log" 2>&1 &
pid=$!
echo "$pid" >"$W/prometheus.pid"
deadline=$((SECONDS + ${PROM_START_TIMEOUT:-30}))
until curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; do
  if ! alive "$pid" || [[ $SECONDS -ge $deadline ]]; then
    stop_pidfile "$W/prometheus.pid" 5
    cat "$W/prometheus.log" >&2
    die "prometheus did not become ready"
  fi
  sleep 0.1
done
cat >"$W/prometheus.env" <<ENV
PROM_PORT=$port
PROM_URL=http://127.0.0.1:$port
PROM_PID=$pid
PROM_LOG=$W/prometheus.log
ENV
