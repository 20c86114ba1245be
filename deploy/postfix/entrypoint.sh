#!/bin/sh
# Writes main.cf (a minimal base + the shipped main.cf.apppasswords) and master.cf (Debian's + the shipped
# master.cf.apppasswords), then runs Postfix in the foreground. Container entrypoint of deploy/postfix/Dockerfile.
#   MAIL_HOSTNAME   myhostname (default mail.localhost)
#   RELAYHOST       next hop for all mail, e.g. [mailpit]:1025 (default: deliver by DNS)
#   SASL_PATH       Dovecot's SASL socket relative to /var/spool/postfix (default dovecot-sasl/auth, a shared volume)
#   TLS_CERT TLS_KEY  PEM files (a self-signed pair is generated when both are absent)
set -eu
here=$(dirname "$0")
TLS_CERT=${TLS_CERT:-/etc/postfix/tls/cert.pem}
TLS_KEY=${TLS_KEY:-/etc/postfix/tls/key.pem}
if [ ! -f "$TLS_CERT" ] && [ ! -f "$TLS_KEY" ]; then
  mkdir -p "$(dirname "$TLS_CERT")"
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=${MAIL_HOSTNAME:-mail.localhost}" \
    -keyout "$TLS_KEY" -out "$TLS_CERT" 2>/dev/null
  chmod 600 "$TLS_KEY"
fi
{
  echo "compatibility_level = 3.6"
  echo "myhostname = ${MAIL_HOSTNAME:-mail.localhost}"
  echo "mydestination ="
  echo "mynetworks = 127.0.0.0/8"
  echo "inet_interfaces = all"
  echo "relayhost = ${RELAYHOST:-}"
  echo "alias_maps ="
  echo "maillog_file = /dev/stdout"
  sed -e "s#^smtpd_sasl_path = .*#smtpd_sasl_path = ${SASL_PATH:-dovecot-sasl/auth}#" \
      -e "s#^smtpd_tls_cert_file = .*#smtpd_tls_cert_file = $TLS_CERT#" \
      -e "s#^smtpd_tls_key_file = .*#smtpd_tls_key_file = $TLS_KEY#" "$here/main.cf.apppasswords"
} > /etc/postfix/main.cf
cp /usr/share/postfix/master.cf.dist /etc/postfix/master.cf 2>/dev/null || cp /etc/postfix/master.cf.proto /etc/postfix/master.cf
cat "$here/master.cf.apppasswords" >> /etc/postfix/master.cf
# Debian's chroot needs a few files copied in.
mkdir -p /var/spool/postfix/etc
cp /etc/resolv.conf /etc/hosts /etc/services /var/spool/postfix/etc/ 2>/dev/null || true
exec /usr/sbin/postfix start-fg
