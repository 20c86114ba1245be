#!/usr/bin/env bash
# IMAP logins per second through Dovecot: a static passwd-file with the same user vs our checkpassword adapter vs our
# Lua passdb (dovecot-auth-lua), same Dovecot configuration otherwise, same run. Needs root (Dovecot) and python3
# (stand-in verify API).
#
#   bench/imap-logins/run.sh                     # stand-in verify API: measures Dovecot + adapter cost only
#   VERIFY_URL=http://127.0.0.1:5000/api/v1/app-passwords/verify SERVICE_KEY_FILE=/path/key \
#   BENCH_USER=alice@contoso.com BENCH_PASSWORD_FILE=/path/app-password bench/imap-logins/run.sh   # real portal
#
# Env: CONCURRENCY (8), SECONDS_PER_RUN (20).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
concurrency=${CONCURRENCY:-8}
seconds=${SECONDS_PER_RUN:-20}
work=$(mktemp -d /tmp/imap-logins-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pidfile in "$work"/*/run/master.pid; do [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

dotnet publish "$repo/src/AppPasswords.Checkpassword" -c Release -r linux-x64 -p:PublishAot=true -o "$work/adapter" --nologo -v q >/dev/null
dotnet build "$repo/bench/imap-logins/ImapLoginBench" -c Release -o "$work/client" --nologo -v q >/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 -subj /CN=localhost 2>/dev/null

user=${BENCH_USER:-bench@contoso.com}
if [ -z "${VERIFY_URL:-}" ]; then
  api_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$work/password"
  head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$work/service-key"
  python3 "$repo/bench/imap-logins/stand_in_verify_api.py" "$api_port" "$work/service-key" "$user" "$work/password" &
  pids+=($!)
  VERIFY_URL="http://127.0.0.1:$api_port/api/v1/app-passwords/verify"
  SERVICE_KEY_FILE="$work/service-key"
  BENCH_PASSWORD_FILE="$work/password"
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$api_port/" && break; sleep 0.1; done
fi
chown root:dovecot "$SERVICE_KEY_FILE"; chmod 640 "$SERVICE_KEY_FILE"

render() { # name port passdb-conf-template
  local dir="$work/$1"; mkdir -p "$dir/run" "$dir/state" "$dir/mail"; chown 5000:5000 "$dir/mail"
  sed -e "s#@VERIFY_URL@#$VERIFY_URL#" -e "s#@SERVICE_KEY_FILE@#$SERVICE_KEY_FILE#" "$repo/deploy/dovecot/checkpassword.conf" > "$dir/checkpassword.conf"
  sed -e "s#@PASSDB_CONFIG@#$dir/checkpassword.conf#" "$repo/deploy/dovecot/apppasswords-passdb.lua" > "$dir/apppasswords-passdb.lua"
  sed -e "s#@ADAPTER@#$work/adapter/apppasswords-checkpassword#" -e "s#@ADAPTER_CONFIG@#$dir/checkpassword.conf#" \
      -e "s#@LUA_SCRIPT@#$dir/apppasswords-passdb.lua#" "$3" > "$dir/passdb.conf"
  sed -e "s#@BASE_DIR@#$dir/run#" -e "s#@STATE_DIR@#$dir/state#" -e "s#@LOG_PATH@#$dir/dovecot.log#" \
      -e "s#@LISTEN@#127.0.0.1#" -e "s#@IMAP_PORT@#$2#" -e "s#@IMAPS_PORT@#0#" \
      -e "s#@SSL_CERT@#$work/cert.pem#" -e "s#@SSL_KEY@#$work/key.pem#" -e "s#@PASSDB_CONF@#$dir/passdb.conf#" \
      -e "s#@MAIL_UID@#5000#" -e "s#@MAIL_GID@#5000#" -e "s#@MAIL_ROOT@#$dir/mail#" \
      -e "s#@POSTFIX_AUTH_SOCKET@#auth-postfix#" -e "s#@AUTH_SOCKET_USER@#root#" -e "s#@AUTH_SOCKET_GROUP@#root#" "$repo/deploy/dovecot/dovecot.conf" > "$dir/dovecot.conf"
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

printf 'passdb {\n  driver = passwd-file\n  args = %s\n}\n' "$work/passwd" > "$work/passdb-passwd-file.conf"
echo "$user:$(doveadm pw -s SHA512-CRYPT -p "$(cat "$BENCH_PASSWORD_FILE")")" > "$work/passwd"
chown root:dovecot "$work/passwd"; chmod 640 "$work/passwd"
passwd_port=$(free_port); render passwd-file "$passwd_port" "$work/passdb-passwd-file.conf"
adapter_port=$(free_port); render adapter "$adapter_port" "$repo/deploy/dovecot/passdb-checkpassword.conf"
lua_port=$(free_port); render lua "$lua_port" "$repo/deploy/dovecot/passdb-lua.conf"

measure() { # name port
  /usr/sbin/dovecot -c "$work/$1/dovecot.conf"
  for _ in $(seq 100); do (echo > "/dev/tcp/127.0.0.1/$2") 2>/dev/null && break; sleep 0.1; done
  dotnet "$work/client/ImapLoginBench.dll" "$2" "$user" "$BENCH_PASSWORD_FILE" "$concurrency" 3 >/dev/null || true
  local result; result=$(dotnet "$work/client/ImapLoginBench.dll" "$2" "$user" "$BENCH_PASSWORD_FILE" "$concurrency" "$seconds")
  kill "$(cat "$work/$1/run/master.pid")"
  echo "$1 $result"
}
echo "concurrency=$concurrency seconds=$seconds cores=$(nproc) dovecot=$(dovecot --version | cut -d' ' -f1) $(uptime | sed 's/.*load/load/')"
p=$(measure passwd-file "$passwd_port"); echo "$p"
a=$(measure adapter "$adapter_port"); echo "$a"
l=$(measure lua "$lua_port"); echo "$l"
echo "after: $(uptime | sed 's/.*load/load/')"
rate() { sed -E 's/.* rate=([0-9.]+).*/\1/' <<<"$1"; }
python3 -c "print('ratio adapter/passwd-file = %.2f, lua/passwd-file = %.2f' % ($(rate "$a") / $(rate "$p"), $(rate "$l") / $(rate "$p")))"
