#!/usr/bin/env bash
# A private rsyslogd that captures what daemons send to a unix socket in WORKDIR (not /dev/log), in three layouts:
#   WORKDIR/syslog.rfc3164.log            RSYSLOG_TraditionalFileFormat   "Nov 26 12:56:11 host prog[pid]: msg"
#   WORKDIR/syslog.rfc5424.log            RSYSLOG_SyslogProtocol23Format  "<134>1 2026-11-26T12:56:11.123456+00:00 host prog pid - - msg"
#   WORKDIR/syslog.journal-short-iso.log  the layout of `journalctl -o short-iso` "2026-11-26T12:56:11+0000 host prog[pid]: msg"
#                                         (re-stamped by an rsyslog template; there is no journald here)
# Point a daemon at the socket with scripts/services/with-devlog.sh WORKDIR/log.sock COMMAND...
#
#   rsyslog.sh start WORKDIR      starts rsyslogd -n, waits for the socket; pid in WORKDIR/rsyslogd.pid
#   rsyslog.sh stop WORKDIR       stops it (SIGTERM flushes the files)
#   rsyslog.sh socket WORKDIR     prints the socket path
# Env: SYSLOG_HOSTNAME (default dhcp-lab) is the host name written into the records, so no real host name leaks in.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=_common.sh
. "$here/_common.sh"

usage() { echo "usage: ${0##*/} start|stop|socket WORKDIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action=$1
W=$(realpath -m "$2")
sock=$W/log.sock
pidfile=$W/rsyslogd.pid

case $action in
  socket) echo "$sock" ;;
  stop) stop_pidfile "$pidfile" 10 ;;
  start)
    command -v rsyslogd >/dev/null || die "rsyslogd not installed (apt-get install rsyslog)"
    mkdir -p "$W/rsyslog-spool"
    if [[ -f $pidfile ]] && alive "$(<"$pidfile")"; then die "already running (pid $(<"$pidfile"))"; fi
    rm -f "$sock" "$pidfile"
    host=${SYSLOG_HOSTNAME:-dhcp-lab}
    cat >"$W/rsyslog.conf" <<CONF
global(workDirectory="$W/rsyslog-spool" localHostname="$host" preserveFQDN="on")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="$sock" CreatePath="on" HostName="$host" UseSysTimeStamp="on" Ruleset="capture")

template(name="JournalShortIso" type="string"
  string="%timereported:::date-year%-%timereported:::date-month%-%timereported:::date-day%T%timereported:::date-hour%:%timereported:::date-minute%:%timereported:::date-second%%timereported:::date-tzoffsdirection%%timereported:::date-tzoffshour%%timereported:::date-tzoffsmin% %hostname% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%\n")

ruleset(name="capture") {
  action(type="omfile" file="$W/syslog.rfc3164.log" template="RSYSLOG_TraditionalFileFormat" flushOnTXEnd="on")
  action(type="omfile" file="$W/syslog.rfc5424.log" template="RSYSLOG_SyslogProtocol23Format" flushOnTXEnd="on")
  action(type="omfile" file="$W/syslog.journal-short-iso.log" template="JournalShortIso" flushOnTXEnd="on")
}
CONF
    rsyslogd -N1 -f "$W/rsyslog.conf" >"$W/rsyslogd.check" 2>&1 || { cat "$W/rsyslogd.check" >&2; die "bad rsyslog config"; }
    rsyslogd -n -f "$W/rsyslog.conf" -i "$W/rsyslogd.own.pid" >"$W/rsyslogd.stderr" 2>&1 </dev/null &
    echo $! >"$pidfile"
    wait_until 10 "$(<"$pidfile")" "rsyslog socket $sock" test -S "$sock" || { stop_pidfile "$pidfile"; exit 1; }
    ;;
  *) usage ;;
esac
