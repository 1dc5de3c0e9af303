#!/usr/bin/env bash
# pguide serve under load (issue 7): 100,000 leases over 500 subnets, ingested through the real pipeline from a Kea log,
# then wrk against GET /api/v1/subnets and GET /api/v1/leases?limit=100, compared in the same run with nginx serving
# the identical response bytes as static files. Once with SQLite, once with PostgreSQL. Also times /metrics scrapes, and
# lease pages that are all different (api-load-random-page.lua), which pguide's response cache cannot answer.
#   Targets: at least 40 % of nginx's requests/s, p99 under 10 ms, zero errors; /metrics under 25 ms per scrape.
#
#   bench/api-load.sh            (about 2 minutes; env LEASES (100000), SUBNETS (500), SECONDS_EACH (10), CONNECTIONS (32))
#
# Installs wrk and nginx with apt-get when missing (root). pguide is the Native AOT publish in bench/out/pguide.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null; then
    [[ $(id -u) -eq 0 ]] || { echo "$tool is not installed (apt-get install wrk nginx-light)" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends wrk nginx-light >/dev/null
  fi
done
# shellcheck source=native-pguide.sh
. bench/native-pguide.sh
# shellcheck source=../scripts/services/_common.sh
. scripts/services/_common.sh

leases=${LEASES:-100000} subnets=${SUBNETS:-500} seconds=${SECONDS_EACH:-10} connections=${CONNECTIONS:-32}
W=$(mktemp -d)
chmod 755 "$W"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/services/postgres.sh stop "$W" >/dev/null 2>&1 || true
  if [[ -n ${KEEP:-} ]]; then echo "kept $W" >&2; else rm -rf "$W"; fi
}
trap cleanup EXIT

# 500 /24 subnets with a pool of 250 addresses each, and a Kea log that allocates $leases addresses across them.
per=$(( (leases + subnets - 1) / subnets ))
{
  echo '{ "Dhcp4": { "valid-lifetime": 86400, "subnet4": ['
  for ((s = 0; s < subnets; s++)); do
    sep=$([[ $s -lt $((subnets - 1)) ]] && echo , || true)
    echo "  { \"id\": $((s + 1)), \"subnet\": \"10.$((s / 256)).$((s % 256)).0/24\", \"pools\": [ { \"pool\": \"10.$((s / 256)).$((s % 256)).1 - 10.$((s / 256)).$((s % 256)).250\" } ] }$sep"
  done
  echo '] } }'
} >"$W/kea-dhcp4.conf"
now=$(date '+%Y-%m-%d %H:%M:%S')
awk -v n="$leases" -v per="$per" -v now="$now" 'BEGIN {
  for (i = 0; i < n; i++) {
    s = int(i / per); h = i % per + 1
    mac = sprintf("02:%02x:%02x:%02x:%02x:%02x", int(i / 16777216) % 256, int(i / 65536) % 256, int(i / 256) % 256, i % 256, s % 256)
    printf "%s.%03d INFO  [kea-dhcp4.leases/1.1] DHCP4_LEASE_ALLOC [hwtype=1 %s], cid=[no info], tid=0x%x: lease 10.%d.%d.%d has been allocated for 86400 seconds\n", now, i % 1000, mac, i, int(s / 256), s % 256, h
  }
}' >"$W/kea-dhcp4.log"

port_nginx=$(free_port)
mkdir -p "$W/static/api/v1" "$W/nginx"
cat >"$W/nginx.conf" <<CONF
worker_processes 2;
pid $W/nginx/nginx.pid;
error_log $W/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $W/nginx; proxy_temp_path $W/nginx; fastcgi_temp_path $W/nginx; uwsgi_temp_path $W/nginx; scgi_temp_path $W/nginx;
  default_type application/json;
  server { listen 127.0.0.1:$port_nginx; root $W/static; location / { try_files \$uri.json =404; } }
}
CONF

# wrk's summary: requests/s, p99 in ms, and errors (socket errors plus non-2xx answers).
load() { # URL [header] [wrk script]
  local out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency ${2:+-H "$2"} ${3:+-s "$3"} "$1")
  local rps p99 errors
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub("us", "", v); v /= 1000 } else if (v ~ /ms$/) { sub("ms", "", v) } else if (v ~ /s$/) { sub("s", "", v); v *= 1000 } print v }' <<<"$out")
  errors=$(awk '/Socket errors/ { gsub(",", ""); e += $4 + $6 + $8 + $10 } /Non-2xx/ { e += $5 } END { print e + 0 }' <<<"$out")
  echo "$rps $p99 $errors"
}

run_store() { # NAME, then env for pguide
  local name=$1; shift
  local port data key
  port=$(free_port)
  data="$W/data-$name"
  env "$@" PGUIDE_SERVE__SECURITY__RATE_LIMIT=10000000 "$pguide" serve --data-dir "$data" --urls "http://127.0.0.1:$port" \
    --log "$W/kea-dhcp4.log" --from-start --dhcp-config "$W/kea-dhcp4.conf" >"$W/serve-$name.log" 2>&1 &
  pids+=($!)
  local started=$SECONDS
  until curl -sf "127.0.0.1:$port/readyz" >/dev/null; do sleep 0.1; [[ $((SECONDS - started)) -lt 60 ]] || { cat "$W/serve-$name.log" >&2; exit 1; }; done
  key=$(env "$@" "$pguide" apikey create --name bench --data-dir "$data" 2>/dev/null)
  local auth="Authorization: Bearer $key"
  # Ingestion through the pipeline (the log was read from its start): wait until every lease is in.
  local ingest_start=$SECONDS assigned=0
  while [[ $assigned -lt $leases ]]; do
    sleep 0.5
    assigned=$(curl -sf -H "$auth" "127.0.0.1:$port/api/v1/subnets" | grep -o '"assigned":[0-9]*' | awk -F: '{ s += $2 } END { print s / 2 }')
    [[ $((SECONDS - ingest_start)) -lt 300 ]] || { echo "ingest stalled at $assigned leases" >&2; exit 1; }
  done
  local ingest=$((SECONDS - ingest_start))
  curl -sf -H "$auth" "127.0.0.1:$port/api/v1/subnets" >"$W/static/api/v1/subnets.json"
  curl -sf -H "$auth" "127.0.0.1:$port/api/v1/leases?limit=100" >"$W/static/api/v1/leases.json"
  # Identical bytes: nginx serves what pguide answered.
  nginx -c "$W/nginx.conf" -p "$W/nginx" -e "$W/nginx/error.log"
  sleep 0.3
  read -r n_sub_rps n_sub_p99 n_sub_err < <(load "http://127.0.0.1:$port_nginx/api/v1/subnets")
  read -r p_sub_rps p_sub_p99 p_sub_err < <(load "http://127.0.0.1:$port/api/v1/subnets" "$auth")
  read -r n_lea_rps n_lea_p99 n_lea_err < <(load "http://127.0.0.1:$port_nginx/api/v1/leases")
  read -r p_lea_rps p_lea_p99 p_lea_err < <(load "http://127.0.0.1:$port/api/v1/leases?limit=100" "$auth")
  read -r r_lea_rps r_lea_p99 r_lea_err < <(load "http://127.0.0.1:$port" "$auth" bench/api-load-random-page.lua)
  kill "$(cat "$W/nginx/nginx.pid")"
  sleep 0.3
  # /metrics: 200 scrapes, median and worst.
  local scrape
  scrape=$(for _ in $(seq 200); do curl -s -o /dev/null -w '%{time_total}\n' "127.0.0.1:$port/metrics"; done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f %.1f %.1f", a[int(NR / 2)] * 1000, a[int(NR * 0.99)] * 1000, a[NR] * 1000 }')
  local bytes
  bytes=$(curl -s "127.0.0.1:$port/metrics" | wc -c)
  kill "${pids[-1]}"
  wait "${pids[-1]}" 2>/dev/null || true
  printf '%-10s %-24s %10s %10s %8s %8s %7s %6s\n' "$name" "GET /api/v1/subnets" "$p_sub_rps" "$n_sub_rps" "$(awk -v a="$p_sub_rps" -v b="$n_sub_rps" 'BEGIN { printf "%.2f", a / b }')" "$p_sub_p99" "$n_sub_p99" "$((p_sub_err + n_sub_err))"
  printf '%-10s %-24s %10s %10s %8s %8s %7s %6s\n' "$name" "GET /api/v1/leases?..100" "$p_lea_rps" "$n_lea_rps" "$(awk -v a="$p_lea_rps" -v b="$n_lea_rps" 'BEGIN { printf "%.2f", a / b }')" "$p_lea_p99" "$n_lea_p99" "$((p_lea_err + n_lea_err))"
  printf '%-10s %-24s %10s %10s %8s %8s %7s %6s\n' "$name" "  random pages, uncached" "$r_lea_rps" "-" "-" "$r_lea_p99" "-" "$r_lea_err"
  read -r med p99 worst <<<"$scrape"
  echo "$name: ingested $leases leases in ${ingest}s; /metrics ($bytes bytes) median ${med} ms, p99 ${p99} ms, worst ${worst} ms over 200 scrapes" >>"$W/notes"
}

echo "$leases leases over $subnets subnets; wrk -t2 -c$connections -d${seconds}s; pguide $(basename "$pguide") (Native AOT)"
printf '%-10s %-24s %10s %10s %8s %8s %7s %6s\n' store request "pguide r/s" "nginx r/s" ratio "p99 ms" "nginx" errors
run_store sqlite
scripts/services/postgres.sh start "$W" >/dev/null
# shellcheck disable=SC1091
. "$W/postgres.env"
export PGUIDE_BENCH_DB=${PG_CONNECTION//\'/}
run_store postgresql PGUIDE_SERVE__STORAGE__PROVIDER=postgresql PGUIDE_SERVE__STORAGE__CONNECTION_STRING=env:PGUIDE_BENCH_DB
cat "$W/notes"
