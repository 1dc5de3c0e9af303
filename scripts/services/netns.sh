#!/usr/bin/env bash
# Network namespaces for DHCP tests. Nothing here touches the host's own interfaces or routes.
#
#   netns.sh up PREFIX           ${PREFIX}srv and ${PREFIX}cli joined by the veth pair ${PREFIX}vs <-> ${PREFIX}vc:
#                                  srv: ${PREFIX}vs 10.77.0.1/22, route 10.78.0.0/24 via the veth (second giaddr)
#                                  cli: ${PREFIX}vc 10.77.0.2/22 (giaddr 1) and 10.78.0.2/24 (giaddr 2, small pool)
#                                  IPv6: link-local (no DAD), srv 2001:db8:77::1/64, cli 2001:db8:77::2/64
#   netns.sh up-isolated PREFIX  ${PREFIX}iso: a namespace with only lo (up). Run loopback servers and clients in it
#                                (ip netns exec) to make sure no packet can leave the machine.
#   netns.sh down PREFIX         deletes whichever of the three exist (idempotent; deleting srv destroys the veth pair)
#   netns.sh exec-srv|exec-cli|exec-iso PREFIX CMD...   convenience: ip netns exec
# PREFIX: letters, digits, '-', at most 12 characters (interface names must stay under 16).
set -euo pipefail

usage() { echo "usage: ${0##*/} up|up-isolated|down PREFIX | exec-srv|exec-cli|exec-iso PREFIX CMD..." >&2; exit 2; }
[[ $# -ge 2 ]] || usage
action=$1 p=$2
shift 2
[[ $p =~ ^[A-Za-z0-9-]{1,12}$ ]] || { echo "${0##*/}: bad PREFIX '$p' (1-12 of [A-Za-z0-9-])" >&2; exit 2; }
srv=${p}srv cli=${p}cli iso=${p}iso vs=${p}vs vc=${p}vc

has_ns() { ip netns list | awk '{print $1}' | grep -qx "$1"; }

case $action in
  up)
    [[ $EUID -eq 0 ]] || { echo "${0##*/}: needs root" >&2; exit 1; }
    if has_ns "$srv" || has_ns "$cli"; then "$0" down "$p"; fi
    trap '"$0" down "$p"' ERR
    ip netns add "$srv"
    ip netns add "$cli"
    # fixed MACs keep the logs (dhcpd prints its interface MAC) the same from run to run
    ip link add "$vs" address 02:00:0a:4d:00:01 type veth peer name "$vc" address 02:00:0a:4d:00:02
    ip link set "$vs" netns "$srv"
    ip link set "$vc" netns "$cli"
    ip -n "$srv" addr add 10.77.0.1/22 dev "$vs"
    ip -n "$cli" addr add 10.77.0.2/22 dev "$vc"
    ip -n "$cli" addr add 10.78.0.2/24 dev "$vc"
    # IPv6 for DHCPv6 (kea6.sh): no duplicate address detection, so link-local addresses are usable at once.
    for ns in "$srv" "$cli"; do
      ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
        net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0 2>/dev/null || true
    done
    ip netns exec "$srv" sysctl -qw "net.ipv6.conf.$vs.accept_dad=0" "net.ipv6.conf.$vs.disable_ipv6=0" 2>/dev/null || true
    ip netns exec "$cli" sysctl -qw "net.ipv6.conf.$vc.accept_dad=0" "net.ipv6.conf.$vc.disable_ipv6=0" 2>/dev/null || true
    ip -n "$srv" addr add 2001:db8:77::1/64 dev "$vs" nodad 2>/dev/null || true
    ip -n "$cli" addr add 2001:db8:77::2/64 dev "$vc" nodad 2>/dev/null || true
    for ns in "$srv" "$cli"; do ip -n "$ns" link set lo up; done
    ip -n "$srv" link set "$vs" up
    ip -n "$cli" link set "$vc" up
    ip -n "$srv" route add 10.78.0.0/24 dev "$vs"
    trap - ERR
    ;;
  up-isolated)
    [[ $EUID -eq 0 ]] || { echo "${0##*/}: needs root" >&2; exit 1; }
    has_ns "$iso" && ip netns del "$iso"
    ip netns add "$iso"
    ip -n "$iso" link set lo up
    ;;
  down)
    for ns in "$srv" "$cli" "$iso"; do
      if has_ns "$ns"; then ip netns del "$ns"; fi
    done
    # a veth left in the root namespace by a half-finished 'up'
    if ip link show "$vs" >/dev/null 2>&1; then ip link del "$vs"; fi
    ;;
  exec-srv) exec ip netns exec "$srv" "$@" ;;
  exec-cli) exec ip netns exec "$cli" "$@" ;;
  exec-iso) exec ip netns exec "$iso" "$@" ;;
  *) usage ;;
esac
