#!/usr/bin/env bash
# Makes sure Debian's chromium is present for the end-to-end test: installs it with apt when
# it is missing and this user may (root, or sudo without a password). Elsewhere it says so
# loudly and the end-to-end test skips (or fails, under CI=true).
set -euo pipefail
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "WARNING: $CHROMIUM is missing and cannot be installed here (needs root)." >&2
  echo "WARNING: install Debian's chromium to run the end-to-end test." >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "WARNING: $CHROMIUM is missing and apt-get is not available to install it." >&2
  exit 0
fi
echo "Installing Debian's chromium for the end-to-end test…" >&2
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
