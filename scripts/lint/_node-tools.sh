#!/usr/bin/env bash
# Sourced by the lint scripts here. Makes sure the npm packages pinned in package.json/package-lock.json (next to this
# file) are installed in $PGUIDE_LINT_CACHE (default: <repo>/.cache/lint-node, git-ignored), running `npm ci` there only
# when they are missing or the lock file changed, then exports NODE_PATH to that node_modules.
# The install is the only step that needs the network (the npm registry); the linters themselves run offline.
set -euo pipefail

lint_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$lint_dir/../.." && pwd)
cache=${PGUIDE_LINT_CACHE:-$repo_root/.cache/lint-node}

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$(basename "$0"): $tool not found; install Node.js 18 or later (Debian: apt-get install nodejs npm)" >&2
    exit 3
  fi
done

mkdir -p "$cache"
# One installer at a time: test classes and scripts/test.sh may call these scripts concurrently.
exec 9>"$cache/.lock"
flock 9
if ! cmp -s "$lint_dir/package-lock.json" "$cache/installed-package-lock.json" || [ ! -d "$cache/node_modules" ]; then
  rm -rf "$cache/node_modules" "$cache/installed-package-lock.json"
  cp "$lint_dir/package.json" "$lint_dir/package-lock.json" "$cache/"
  if ! (cd "$cache" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2; then
    echo "$(basename "$0"): npm ci in $cache failed (the npm registry must be reachable for the first run)" >&2
    exit 3
  fi
  cp "$lint_dir/package-lock.json" "$cache/installed-package-lock.json"
fi
flock -u 9
exec 9>&-

export NODE_PATH="$cache/node_modules"
