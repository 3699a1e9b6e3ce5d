#!/usr/bin/env bash
# Installs the external scanners that scripts/security-scan.sh runs against the app on loopback:
# sqlmap, wapiti, hydra (Debian main) and nikto (Debian non-free). Needs root; safe to re-run.
set -euo pipefail

if [[ $(id -u) -ne 0 ]]; then
  echo "Run as root (apt-get installs system packages)." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq

# nikto lives in Debian's non-free component; add it (same mirror and suite as the system's)
# only when the configured sources do not offer the package.
if ! apt-cache policy nikto | grep -q 'Candidate: [0-9]'; then
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME}")
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  list=/etc/apt/sources.list.d/latchkey-security-non-free.list
  echo "deb [signed-by=${keyring}] http://deb.debian.org/debian ${codename} non-free" >"$list"
  # A source apt cannot read would break every later apt command on the machine.
  apt-get update -qq || { rm -f "$list"; exit 1; }
fi

apt-get install -y -qq --no-install-recommends sqlmap wapiti hydra nikto >/dev/null
for tool in sqlmap wapiti hydra nikto; do
  printf '%-7s %s\n' "$tool" "$(dpkg-query -W -f='${Version}' "$tool")"
done
