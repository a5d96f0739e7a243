#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it when missing (needs root and apt).
set -euo pipefail
CHROMIUM=${KRAFTSAMLING_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium for the browser tests." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
else
  echo "ERROR: Chromium is needed at $CHROMIUM for the browser tests: apt-get install chromium" >&2
  exit 1
fi
