#!/usr/bin/env bash
# Refreshes the dashboard's third-party files (src/PacketGuide.Server/wwwroot/vendor/) from the npm packages pinned in
# src/PacketGuide.Server/dashboard/package.json + package-lock.json. The copies are committed, so `dotnet build` needs
# neither npm nor the network; run this only after changing a pinned version, then commit wwwroot/vendor.
#   scripts/vendor-dashboard.sh
# Exit 0 done; 3 node/npm missing or npm ci failed (the npm registry must be reachable).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pkg_dir=$repo_root/src/PacketGuide.Server/dashboard
vendor=$repo_root/src/PacketGuide.Server/wwwroot/vendor

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "vendor-dashboard.sh: $tool not found; install Node.js 18 or later (Debian: apt-get install nodejs npm)" >&2
    exit 3
  fi
done

if ! (cd "$pkg_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2; then
  echo "vendor-dashboard.sh: npm ci in $pkg_dir failed" >&2
  exit 3
fi

# uPlot (MIT): the ES module build, its stylesheet and its licence, which must travel with the copy.
uplot=$pkg_dir/node_modules/uplot
version=$(node -p "require('$uplot/package.json').version")
rm -rf "$vendor/uplot"
mkdir -p "$vendor/uplot"
cp "$uplot/dist/uPlot.esm.js" "$uplot/dist/uPlot.min.css" "$uplot/LICENSE" "$vendor/uplot/"
echo "uplot $version" > "$vendor/uplot/VERSION"

echo "vendor-dashboard.sh: copied uplot $version into ${vendor#"$repo_root"/}/uplot" >&2
