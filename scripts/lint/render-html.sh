#!/usr/bin/env bash
# Renders a local HTML file in headless Chromium (Debian's chromium package, driven by the npm package playwright-core,
# which downloads no browser of its own) and saves a full-page screenshot.
#   scripts/lint/render-html.sh [--bypass-csp] PAGE.html SCREENSHOT.png
# Prints one JSON object describing the page (see render-html.js). Exit 0 rendered; 2 usage; 3 node/npm/chromium
# missing, the one-time npm install failed, or the browser failed. --bypass-csp ignores the page's Content-Security-Policy
# (to prove escaping alone keeps hostile content inert). CHROMIUM=path overrides /usr/bin/chromium.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 [--bypass-csp] PAGE.html SCREENSHOT.png" >&2
  exit 2
fi
# shellcheck source=scripts/lint/_chromium.sh
. "$(dirname "$0")/_chromium.sh"
# shellcheck source=scripts/lint/_node-tools.sh
. "$(dirname "$0")/_node-tools.sh"
exec node "$lint_dir/render-html.js" "$@"
