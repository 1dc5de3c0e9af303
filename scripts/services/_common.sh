# shellcheck shell=bash
# Helpers shared by scripts/services/*.sh. Source it; it defines functions only.

die() {
  echo "${0##*/}: $*" >&2
  exit 1
}

# free_port TCP|UDP: prints an unprivileged port on 127.0.0.1 that nothing listens on right now. It is taken below the
# kernel's ephemeral range (ip_local_port_range, 32768 and up by default): a port from inside that range can be handed
# to any outgoing connection, or to a test server binding port 0, between this check and the server's bind.
free_port() {
  local proto=${1:-TCP} flag=-Htln port _ low=20000 high
  [[ $proto == UDP ]] && flag=-Huln
  read -r high _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || high=32768
  [[ $high -gt $((low + 1000)) ]] || { low=1024; high=${high:-32768}; }
  for _ in $(seq 1 200); do
    port=$((low + RANDOM % (high - low)))
    if [[ -z $(ss "$flag" "sport = :$port" 2>/dev/null) ]]; then
      echo "$port"
      return 0
    fi
  done
  die "no free $proto port found"
}

# free_port_udp_tcp: prints a port on 127.0.0.1 that is free for both UDP and TCP right now (DNS listens on both).
free_port_udp_tcp() {
  local port _
  for _ in $(seq 1 50); do
    port=$(free_port UDP)
    if [[ -z $(ss -Htln "sport = :$port" 2>/dev/null) ]]; then
      echo "$port"
      return 0
    fi
  done
  die "no port free for both UDP and TCP found"
}

# alive PID: true if the process exists and is not a zombie.
alive() {
  local state
  [[ -n ${1:-} ]] || return 1
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ -n $state && $state != Z* ]]
}

# stop_pidfile FILE [TIMEOUT_S]: SIGTERM the pid in FILE, wait for it to exit (SIGKILL after TIMEOUT_S), remove FILE.
stop_pidfile() {
  local file=$1 timeout=${2:-10} pid i
  [[ -f $file ]] || return 0
  pid=$(<"$file")
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < timeout * 20; i++)); do
      alive "$pid" || break
      sleep 0.05
    done
    if alive "$pid"; then
      echo "${0##*/}: pid $pid did not stop after ${timeout}s, sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.1
    fi
  fi
  rm -f "$file"
}

# wait_until TIMEOUT_S PID DESCRIPTION COMMAND...: polls COMMAND every 50 ms until it succeeds;
# fails early if PID dies, and after TIMEOUT_S.
wait_until() {
  local timeout=$1 pid=$2 what=$3 i
  shift 3
  for ((i = 0; i < timeout * 20; i++)); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    if [[ -n $pid ]] && ! alive "$pid"; then
      echo "${0##*/}: process $pid exited while waiting for $what" >&2
      return 1
    fi
    sleep 0.05
  done
  echo "${0##*/}: timed out after ${timeout}s waiting for $what" >&2
  return 1
}

# kea_hooks_dir: where the Kea hook libraries live (override with KEA_HOOKS_DIR).
kea_hooks_dir() {
  local d
  if [[ -n ${KEA_HOOKS_DIR:-} ]]; then
    echo "$KEA_HOOKS_DIR"
    return 0
  fi
  for d in /usr/lib/*/kea/hooks /usr/lib/kea/hooks /usr/local/lib/kea/hooks; do
    if [[ -f $d/libdhcp_lease_cmds.so ]]; then
      echo "$d"
      return 0
    fi
  done
  die "Kea hook libraries not found (set KEA_HOOKS_DIR)"
}
