#!/usr/bin/env bash
# Installs from Debian's packages what the test suite needs and a fresh machine lacks:
# Chromium (browser journeys), Dovecot (mail-server journeys), wrk (HTTP benchmarks), docker-compose (compose file validation).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v dovecot >/dev/null 2>&1 || need+=(dovecot-imapd)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing ${need[*]}: install them with 'sudo apt-get install ${need[*]}'" >&2
  exit 1
fi
echo "installing ${need[*]} from Debian's packages (about two minutes)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
