#!/usr/bin/env bash
# Checks the web dashboard of a running `pguide serve` (read API open, as with --demo) in headless Chromium (Debian's
# chromium package, driven by the npm package playwright-core, which downloads no browser of its own):
#   scripts/lint/dashboard-check.sh BASE_URL SCREENSHOT_DIR
# Loads the overview, a subnet page and a client page; fails on any console error, page error or failed request;
# compares the numbers shown with the API's; drives the search box, the theme toggle, the API key form and the static
# snapshot mode; saves screenshots (overview light and dark, subnet, client, overview at 375 px, and a DNS zone page when
# the service has a validation run) in SCREENSHOT_DIR.
# Prints one JSON summary (see dashboard-check.js). Exit 0 all checks passed; 1 a check failed; 2 usage; 3 node/npm/
# chromium missing, the one-time npm install failed, or the browser failed. CHROMIUM=path overrides /usr/bin/chromium.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 BASE_URL SCREENSHOT_DIR" >&2
  exit 2
fi
# shellcheck source=scripts/lint/_chromium.sh
. "$(dirname "$0")/_chromium.sh"
# shellcheck source=scripts/lint/_node-tools.sh
. "$(dirname "$0")/_node-tools.sh"
exec node "$lint_dir/dashboard-check.js" "$@"
