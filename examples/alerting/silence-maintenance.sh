#!/usr/bin/env bash
# A maintenance window on one subnet: silence its alerts in pguide serve, do the work, then end the silence whether the
# work succeeded or not (without that, the silence would run until its duration ends, and a real problem after the
# work would go unnotified). Alerts that still fire once the silence has ended are notified at the next evaluation,
# which is what you want if the work left something broken.
#
#   export PGUIDE_URL=https://pguide.example.net/                  # default http://127.0.0.1:8080/
#   examples/alerting/silence-maintenance.sh 10.78.0.0/24 CHG-1234 -- sudo systemctl restart kea-dhcp4-server
#   examples/alerting/silence-maintenance.sh 10.78.0.0/24 CHG-1234            # no command: waits for Enter
#
# The write key is read from PGUIDE_KEY_REF, default file:/etc/pguide/maintenance-key, as env:NAME or file:/path.
# Create one with: pguide apikey create --name maintenance --scope write
# DURATION (default 2h) caps the silence if this script is killed before it can end it.
set -euo pipefail
usage() { echo "usage: ${0##*/} SUBNET TICKET [-- COMMAND...]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
subnet=$1 ticket=$2
shift 2
if [[ $# -gt 0 ]]; then
  [[ $1 == -- ]] || usage
  shift
fi
pguide=${PGUIDE:-pguide}
key=${PGUIDE_KEY_REF:-file:/etc/pguide/maintenance-key}
duration=${DURATION:-2h}

# Every alert of the subnet (pool, allocation failures, NAKs, declines, quiet subnet); add matchers to narrow it,
# e.g. alertname=~pool-.* for utilization only.
id=$("$pguide" alert silence add "subnet=$subnet" --duration "$duration" \
  --comment "$ticket: maintenance by ${USER:-unknown} on $(hostname)" --api-key "$key")
end_silence() {
  "$pguide" alert silence expire "$id" --api-key "$key" \
    || echo "${0##*/}: could not end silence $id; it ends by itself after $duration" >&2
}
trap end_silence EXIT

if [[ $# -gt 0 ]]; then
  "$@"
else
  read -r -p "Silenced $subnet ($id). Press Enter when the work is done... "
fi

# What fires now will be notified once the silence ends (exit 1 from list means something is firing).
"$pguide" alert list --api-key "${PGUIDE_READ_KEY_REF:-$key}" || true
