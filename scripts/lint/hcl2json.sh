#!/usr/bin/env bash
# Parses HCL files (.tf, .tfvars) offline with @cdktf/hcl2json (HashiCorp's HCL parser built to WebAssembly).
#   scripts/lint/hcl2json.sh FILE...
# On success prints one JSON object {"FILE": <the file as JSON>, ...} and exits 0. A file that does not parse is named
# on stderr with the parser's message (file:line,column) and the exit code is 1 (2: usage or unreadable file;
# 3: node/npm missing or the one-time install failed). Every file is tried, so all bad files are reported at once.
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: $0 FILE.tf|FILE.tfvars..." >&2
  exit 2
fi
# shellcheck source=scripts/lint/_node-tools.sh
. "$(dirname "$0")/_node-tools.sh"
exec node "$lint_dir/hcl2json.js" "$@"
