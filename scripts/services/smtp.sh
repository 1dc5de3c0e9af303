#!/usr/bin/env bash
# An SMTP server on 127.0.0.1 that keeps every mail as a file (aiosmtpd 1.4, Debian python3-aiosmtpd, Maildir handler;
# shared/RECIPES-OPS.md section 4b). With --starttls it offers STARTTLS with a fresh self-signed certificate for
# 127.0.0.1 and refuses mail without it.
#
#   smtp.sh start  WORKDIR [--starttls]
#   smtp.sh stop   WORKDIR
#   smtp.sh resume WORKDIR    after a stop: the same port, certificate and Maildir (the mails so far are kept);
#                             for tests of a mail server that is down for a while
#
# Ready when the port accepts connections; then WORKDIR/smtp.env holds: SMTP_PORT SMTP_MAILDIR (mails in its new/)
# SMTP_CERT (the certificate to trust, with --starttls) SMTP_LOG
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=_common.sh
. "$here/_common.sh"

usage() { echo "usage: ${0##*/} start WORKDIR [--starttls] | stop WORKDIR | resume WORKDIR" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
action=$1
W=$(realpath -m "$2")
case $action in
  stop) stop_pidfile "$W/smtp.pid" 5; exit 0 ;;
  start|resume) ;;
  *) usage ;;
esac

/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || die "aiosmtpd not installed (apt-get install python3-aiosmtpd; it runs with /usr/bin/python3)"
mkdir -p "$W"
tls=()
if [[ $action == resume ]]; then
  [[ -f $W/smtp.env ]] || die "$W/smtp.env: nothing to resume (start first)"
  port=$(sed -n 's/^SMTP_PORT=//p' "$W/smtp.env")
  [[ -f $W/smtp.crt ]] && tls=(--tlscert "$W/smtp.crt" --tlskey "$W/smtp.key")
else
  rm -rf "$W/maildir" "$W/smtp.env" "$W/smtp.crt" "$W/smtp.key"   # the Maildir handler creates it; an empty one that exists breaks every delivery
  : >"$W/smtp.log"
  port=$(free_port TCP)
  if [[ ${3:-} == --starttls ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
      -keyout "$W/smtp.key" -out "$W/smtp.crt" >/dev/null 2>&1 || die "openssl could not make a certificate"
    tls=(--tlscert "$W/smtp.crt" --tlskey "$W/smtp.key")
  fi
fi
PYTHONUNBUFFERED=1 /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" "${tls[@]}" -c aiosmtpd.handlers.Mailbox "$W/maildir" >>"$W/smtp.log" 2>&1 &
pid=$!
echo "$pid" >"$W/smtp.pid"
deadline=$((SECONDS + 15))
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  if ! alive "$pid" || [[ $SECONDS -ge $deadline ]]; then
    stop_pidfile "$W/smtp.pid" 5
    cat "$W/smtp.log" >&2
    die "aiosmtpd did not start"
  fi
  sleep 0.05
done
{
  echo "SMTP_PORT=$port"
  echo "SMTP_MAILDIR=$W/maildir"
  [[ ${#tls[@]} -gt 0 ]] && echo "SMTP_CERT=$W/smtp.crt"
  echo "SMTP_LOG=$W/smtp.log"
} >"$W/smtp.env.new"
mv "$W/smtp.env.new" "$W/smtp.env"
