#!/usr/bin/env bash
# Installs from Debian's packages what the test suite needs and a fresh machine lacks:
# Chromium (browser journeys), Dovecot with its Lua passdb and Postfix (mail-server journeys), wrk (HTTP benchmarks),
# redis-server (shared rate limits: the tests start their own), docker-compose (compose file validation),
# nginx (the production-stack test's reverse proxy).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v dovecot >/dev/null 2>&1 || need+=(dovecot-imapd)
[ -e /usr/lib/dovecot/modules/auth/libauthdb_lua.so ] || need+=(dovecot-auth-lua)
command -v postfix >/dev/null 2>&1 || [ -x /usr/sbin/postfix ] || need+=(postfix)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
[ -x /usr/sbin/nginx ] || need+=(nginx-light)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing ${need[*]}: install them with 'sudo apt-get install ${need[*]}'" >&2
  exit 1
fi
echo "installing ${need[*]} from Debian's packages (about two minutes)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# The suite starts its own Postfix (own config and queue directories, loopback high port); a system MTA must not run.
# "No configuration" installs the programs without main.cf, and the init scripts are stopped as well in case the
# machine's policy let the package start one.
if [[ " ${need[*]} " == *" postfix "* ]]; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
fi
# Debian's policy-rc.d convention: while it exits 101, package scripts start no service (a system nginx on port 80,
# redis-server, dovecot, postfix). Only a policy this script created is removed again.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
if [[ " ${need[*]} " == *" postfix "* ]]; then
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now postfix.service >/dev/null 2>&1 || true
  elif [ -f /etc/postfix/main.cf ] && /usr/sbin/postfix status >/dev/null 2>&1; then
    /usr/sbin/postfix stop >/dev/null 2>&1 || true
  fi
  update-rc.d postfix disable >/dev/null 2>&1 || true
fi
