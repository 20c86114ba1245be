#!/bin/sh
# Renders dovecot.conf and checkpassword.conf from the templates next to this script and starts Dovecot in the
# foreground. Used as the container entrypoint; also usable on a host (set the variables, pass --no-start).
#   VERIFY_URL        portal verify API (required)
#   SERVICE_KEY_FILE  file with the service key (default /etc/dovecot/apppasswords/service-key; mode 0640 root:dovecot)
#   SERVICE_KEY_SOURCE  optional: a mounted key file copied to SERVICE_KEY_FILE with that owner and mode
#   SSL_CERT SSL_KEY  PEM files (a self-signed pair is generated when both are absent)
#   CONF_DIR          where the rendered files go (default /etc/dovecot)
#   PASSDB            checkpassword (default: the adapter, a process per login) or lua (apppasswords-passdb.lua)
set -eu
here=$(dirname "$0")
: "${VERIFY_URL:?set VERIFY_URL to the portal's /api/v1/app-passwords/verify}"
SERVICE_KEY_FILE=${SERVICE_KEY_FILE:-/etc/dovecot/apppasswords/service-key}
CONF_DIR=${CONF_DIR:-/etc/dovecot}
SSL_CERT=${SSL_CERT:-$CONF_DIR/tls/cert.pem}
SSL_KEY=${SSL_KEY:-$CONF_DIR/tls/key.pem}
if [ ! -f "$SSL_CERT" ] && [ ! -f "$SSL_KEY" ]; then
  mkdir -p "$(dirname "$SSL_CERT")" "$(dirname "$SSL_KEY")"
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=${MAIL_HOSTNAME:-localhost}" \
    -keyout "$SSL_KEY" -out "$SSL_CERT" 2>/dev/null
  chmod 600 "$SSL_KEY"
fi
if [ -n "${SERVICE_KEY_SOURCE:-}" ]; then
  mkdir -p "$(dirname "$SERVICE_KEY_FILE")"
  install -m 0640 -o root -g dovecot "$SERVICE_KEY_SOURCE" "$SERVICE_KEY_FILE"
fi
[ -r "$SERVICE_KEY_FILE" ] || { echo "render.sh: $SERVICE_KEY_FILE missing: create a key with 'service-keys create dovecot'" >&2; exit 1; }
mkdir -p /run/dovecot /var/lib/dovecot /var/log/dovecot
sed -e "s#@VERIFY_URL@#$VERIFY_URL#" -e "s#@SERVICE_KEY_FILE@#$SERVICE_KEY_FILE#" \
  "$here/checkpassword.conf" > "$CONF_DIR/apppasswords-checkpassword.conf"
case "${PASSDB:-checkpassword}" in
  checkpassword)
    sed -e "s#@ADAPTER@#${ADAPTER:-/usr/local/lib/apppasswords-checkpassword/apppasswords-checkpassword}#" \
      -e "s#@ADAPTER_CONFIG@#$CONF_DIR/apppasswords-checkpassword.conf#" \
      "$here/passdb-checkpassword.conf" > "$CONF_DIR/apppasswords-passdb.conf" ;;
  lua)
    sed -e "s#@PASSDB_CONFIG@#$CONF_DIR/apppasswords-checkpassword.conf#" "$here/apppasswords-passdb.lua" > "$CONF_DIR/apppasswords-passdb.lua"
    sed -e "s#@LUA_SCRIPT@#$CONF_DIR/apppasswords-passdb.lua#" "$here/passdb-lua.conf" > "$CONF_DIR/apppasswords-passdb.conf" ;;
  *) echo "render.sh: PASSDB must be checkpassword or lua" >&2; exit 1 ;;
esac
sed -e "s#@BASE_DIR@#/run/dovecot#" -e "s#@STATE_DIR@#/var/lib/dovecot#" -e "s#@LOG_PATH@#/dev/stderr#" \
  -e "s#@LISTEN@#${LISTEN:-*, ::}#" -e "s#@IMAP_PORT@#143#" -e "s#@IMAPS_PORT@#993#" \
  -e "s#@SSL_CERT@#$SSL_CERT#" -e "s#@SSL_KEY@#$SSL_KEY#" \
  -e "s#@PASSDB_CONF@#$CONF_DIR/apppasswords-passdb.conf#" \
  -e "s#@MAIL_UID@#${MAIL_UID:-5000}#" -e "s#@MAIL_GID@#${MAIL_GID:-5000}#" -e "s#@MAIL_ROOT@#${MAIL_ROOT:-/var/mail/vhosts}#" \
  -e "s#@POSTFIX_AUTH_SOCKET@#${POSTFIX_AUTH_SOCKET:-/run/dovecot/auth-postfix}#" \
  -e "s#@AUTH_SOCKET_USER@#${AUTH_SOCKET_USER:-root}#" -e "s#@AUTH_SOCKET_GROUP@#${AUTH_SOCKET_GROUP:-root}#" \
  "$here/dovecot.conf" > "$CONF_DIR/dovecot.conf"
[ "${1:-}" = "--no-start" ] && exit 0
exec /usr/sbin/dovecot -F -c "$CONF_DIR/dovecot.conf"
