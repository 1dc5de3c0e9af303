#!/usr/bin/env bash
# Runs a command in a private mount namespace in which /dev/log is a symlink to SOCKET, so that a daemon that
# logs with syslog(3) (Kea's "output": "syslog", dhcpd without -d) reaches a private rsyslogd (scripts/services/rsyslog.sh)
# and the machine's /dev is left alone. The command is exec'd, so the caller's $! is the daemon's pid.
#   with-devlog.sh SOCKET COMMAND [ARGS...]        (root only: needs unshare --mount)
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: ${0##*/} SOCKET COMMAND [ARGS...]" >&2; exit 2; }
# shellcheck disable=SC2016 # the inner script expands its own variables
exec unshare --mount --propagation private -- bash -euc '
  sock=$1; shift
  old=$(mktemp -d /tmp/with-devlog.XXXXXX)
  mount --rbind /dev "$old"
  mount -t tmpfs -o mode=0755,size=64k devlog /dev
  for n in null zero full random urandom tty; do
    if [[ -e $old/$n ]]; then touch "/dev/$n"; mount --bind "$old/$n" "/dev/$n"; fi
  done
  for d in pts shm mqueue; do
    if [[ -d $old/$d ]]; then mkdir -p "/dev/$d"; mount --rbind "$old/$d" "/dev/$d"; fi
  done
  ln -s /proc/self/fd /dev/fd
  ln -s /proc/self/fd/0 /dev/stdin; ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr
  ln -s "$sock" /dev/log
  umount -l "$old"
  rmdir "$old"
  exec "$@"
' with-devlog "$@"
