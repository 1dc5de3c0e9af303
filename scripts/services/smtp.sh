#!/usr/bin/env bash
# An SMTP server on 127.0.0.1 that keeps every mail as a file (aiosmtpd 1.4, Debian python3-aiosmtpd, Maildir handler;
# shared/RECIPES-OPS.md section 4b), run by smtp-server.py. TLS uses a fresh self-signed certificate for 127.0.0.1.
#
#   smtp.sh start  WORKDIR [--starttls | --implicit-tls] [--auth USER]
#       --starttls      offers STARTTLS and refuses mail without it
#       --implicit-tls  TLS from the first byte (as on port 465)
#       --auth USER     requires AUTH (PLAIN or LOGIN) as USER, with a random password written to WORKDIR/smtp.password
#   smtp.sh stop   WORKDIR
#   smtp.sh resume WORKDIR    after a stop: the same port, certificate, password and Maildir (the mails so far are kept);
#                             for tests of a mail server that is down for a while
#
# Ready when the port accepts connections; then WORKDIR/smtp.env holds: SMTP_PORT SMTP_MAILDIR (mails in its new/)
# SMTP_LOG (one line per AUTH attempt), and when used SMTP_CERT (the certificate to trust), SMTP_USER SMTP_PASSWORD_FILE.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=_common.sh
. "$here/_common.sh"

usage() { echo "usage: ${0##*/} start WORKDIR [--starttls | --implicit-tls] [--auth USER] | stop WORKDIR | resume WORKDIR" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
action=$1
W=$(realpath -m "$2")
shift 2
case $action in
  stop) stop_pidfile "$W/smtp.pid" 5; exit 0 ;;
  start|resume) ;;
  *) usage ;;
esac

/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || die "aiosmtpd not installed (apt-get install python3-aiosmtpd; it runs with /usr/bin/python3)"
mkdir -p "$W"
if [[ $action == resume ]]; then
  [[ -f $W/smtp.args ]] || die "$W: nothing to resume (start first)"
  mapfile -t server_args <"$W/smtp.args"
else
  rm -rf "$W/maildir" "$W/smtp.env" "$W/smtp.crt" "$W/smtp.key" "$W/smtp.password"   # the Maildir handler creates it; an empty one breaks every delivery
  : >"$W/smtp.log"
  tls=none user=
  while [[ $# -gt 0 ]]; do
    case $1 in
      --starttls) tls=starttls ;;
      --implicit-tls) tls=implicit ;;
      --auth) [[ $# -ge 2 ]] || usage; user=$2; shift ;;
      *) usage ;;
    esac
    shift
  done
  server_args=(--listen "127.0.0.1:$(free_port TCP)" --maildir "$W/maildir" --tls "$tls")
  if [[ $tls != none ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
      -keyout "$W/smtp.key" -out "$W/smtp.crt" >/dev/null 2>&1 || die "openssl could not make a certificate"
    server_args+=(--cert "$W/smtp.crt" --key "$W/smtp.key")
  fi
  if [[ -n $user ]]; then
    (umask 077; head -c 18 /dev/urandom | base64 >"$W/smtp.password")
    server_args+=(--user "$user" --password-file "$W/smtp.password")
  fi
  printf '%s\n' "${server_args[@]}" >"$W/smtp.args"
fi
port=${server_args[1]##*:}
PYTHONUNBUFFERED=1 /usr/bin/python3 "$here/smtp-server.py" "${server_args[@]}" >>"$W/smtp.log" 2>&1 &
pid=$!
echo "$pid" >"$W/smtp.pid"
deadline=$((SECONDS + 15))
until grep -q '^listening on' "$W/smtp.log" 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
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
  echo "SMTP_LOG=$W/smtp.log"
  if [[ -f $W/smtp.crt ]]; then echo "SMTP_CERT=$W/smtp.crt"; fi
  for ((i = 0; i < ${#server_args[@]}; i++)); do
    if [[ ${server_args[i]} == --user ]]; then echo "SMTP_USER=${server_args[i + 1]}"; echo "SMTP_PASSWORD_FILE=$W/smtp.password"; fi
  done
} >"$W/smtp.env.new"
mv "$W/smtp.env.new" "$W/smtp.env"
