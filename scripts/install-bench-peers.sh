#!/usr/bin/env bash
# Installs the benchmark's non-npm peers from Debian: wrk (the load generator) and
# Flask-Login under gunicorn (the Python peer). Needs root; safe to run twice.
# The benchmark runs without them (autocannon, no Flask row) and says so.
set -euo pipefail

packages=(wrk python3-flask-login gunicorn)
missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
  [ "$status" = 'install ok installed' ] || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "bench peers: all installed (${packages[*]})"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "bench peers: run as root to install ${missing[*]}" >&2
  exit 1
fi

apt-get update -qq
# Only what Debian offers: check the candidates first, so a missing one is said, not guessed at.
available=()
for package in "${missing[@]}"; do
  # Read whole first: grep -q closing the pipe early would fail the pipeline under pipefail.
  policy="$(apt-cache policy "$package")"
  if [[ "$policy" =~ Candidate:\ [0-9] ]]; then
    available+=("$package")
  else
    echo "bench peers: $package has no candidate in this system's sources; skipped" >&2
  fi
done
if [ "${#available[@]}" -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${available[@]}"
fi
echo "bench peers: installed ${available[*]:-nothing}"
