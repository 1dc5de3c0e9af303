#!/usr/bin/env bash
# Sourced by the lint scripts that drive a browser: exits 3 unless Debian's Chromium (or CHROMIUM=path) is there.
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "$(basename "$0"): $chromium not found; install Debian's chromium (apt-get install chromium)" >&2
  exit 3
fi
