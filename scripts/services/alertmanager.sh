#!/usr/bin/env bash
# Alertmanager 0.25 (Debian `prometheus-alertmanager`) on 127.0.0.1, routing every alert to a webhook sink that appends
# each POST body as one JSON line to WORKDIR/hooks.jsonl (shared/RECIPES-OPS.md section 2). No gossip (--cluster.listen-address=).
#
#   alertmanager.sh start WORKDIR
#   alertmanager.sh stop  WORKDIR
#
# Routing: group_by [alertname], group_wait 1s, group_interval 2s, send_resolved. Ready when /-/ready answers; then
# WORKDIR/alertmanager.env holds: AM_PORT AM_URL AM_HOOKS AM_LOG
# Env (optional): AM_START_TIMEOUT (30 s).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=_common.sh
. "$here/_common.sh"

usage() { echo "usage: ${0##*/} start|stop WORKDIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action=$1
W=$(realpath -m "$2")
case $action in
  stop) stop_pidfile "$W/alertmanager.pid" 10; stop_pidfile "$W/hook.pid" 5; exit 0 ;;
  start) ;;
  *) usage ;;
esac

command -v prometheus-alertmanager >/dev/null || die "prometheus-alertmanager not installed (apt-get install prometheus-alertmanager)"
mkdir -p "$W"
rm -rf "$W/am-data" "$W/alertmanager.env" "$W/hooks.jsonl"
port=$(free_port TCP)
hook_port=$(free_port TCP)
cat >"$W/hook.py" <<'PY'
import http.server, sys
path = sys.argv[2]
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(path, "ab") as f:
            f.write(body.replace(b"\n", b" ") + b"\n")
        self.send_response(200)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY
/usr/bin/python3 "$W/hook.py" "$hook_port" "$W/hooks.jsonl" >"$W/hook.log" 2>&1 &
echo $! >"$W/hook.pid"
cat >"$W/alertmanager.yml" <<CONF
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs:
      - url: http://127.0.0.1:$hook_port/hook
        send_resolved: true
CONF
prometheus-alertmanager --config.file="$W/alertmanager.yml" --storage.path="$W/am-data" --web.listen-address="127.0.0.1:$port" \
  --cluster.listen-address= --log.level=warn >"$W/alertmanager.log" 2>&1 &
pid=$!
echo "$pid" >"$W/alertmanager.pid"
deadline=$((SECONDS + ${AM_START_TIMEOUT:-30}))
until curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; do
  if ! alive "$pid" || [[ $SECONDS -ge $deadline ]]; then
    stop_pidfile "$W/alertmanager.pid" 5
    stop_pidfile "$W/hook.pid" 5
    cat "$W/alertmanager.log" >&2
    die "alertmanager did not become ready"
  fi
  sleep 0.1
done
cat >"$W/alertmanager.env" <<ENV
AM_PORT=$port
AM_URL=http://127.0.0.1:$port
AM_HOOKS=$W/hooks.jsonl
AM_LOG=$W/alertmanager.log
ENV
