#!/bin/bash
# make-netns-lan.sh - capture a real (kernel-made) peering LAN under attack.
#
# Builds a small IXP peering LAN out of network namespaces, runs normal member
# traffic and the thc-ipv6 attack tools on it, and captures each scenario on
# the bridge into tests/captures/netns/<scenario>.pcap, plus the member
# registry (members.json, IX-F 1.0) and ixmon's config.json for them.
# tests/netns-check states what ixmon must find in each capture.
#
#   ixl-sw    the "switch": Linux bridge br0 (no STP, no multicast snooping,
#             no IPv6 of its own); tcpdump runs on br0 (promiscuous, so it
#             sees every frame the bridge forwards)
#   ixl-m1    AS64501  02:00:00:00:00:01  192.0.2.1  2001:db8:7f8::a506:4501:1
#   ixl-m2    AS64502  02:00:00:00:00:02  192.0.2.2  2001:db8:7f8::a506:4502:1
#   ixl-m3    AS64503  02:00:00:00:00:03  192.0.2.3  2001:db8:7f8::a506:4503:1
#             (IPv6 configured but registered without it -> "unregistered")
#   ixl-m4    AS64504  02:00:00:00:00:04  192.0.2.4  (IPv6 registered but
#             disabled in the namespace -> "silent")
#   ixl-atk   the attacker, 02:00:00:00:00:66, link-local IPv6 only, in no
#             member's registration; runs the atk6-* tools
#
# Members behave like IXP routers: accept_ra=0, no router solicitations, no
# DAD on their configured addresses, and no MLD (an nftables rule drops their
# own MLD reports: routers without multicast routing on the LAN interface do
# not send them, and the default policy forbids MLD).  The attacker's kernel
# is left alone.
#
# The LAN, capture and traffic helpers are in lan-lib.sh (shared with
# make-trust-lan.sh).  Needs root, iproute2, iputils-ping, tcpdump, nftables,
# thc-ipv6 (atk6-*), python3, capinfos (tshark's package, wireshark-common).
# Everything happens inside the namespaces it creates; they are removed on
# exit, whatever happens.  Nothing is sent outside them.  Usage, from anywhere:
#   sudo tests/gen/make-netns-lan.sh [OUTDIR]    # default tests/captures/netns
set -euo pipefail
# shellcheck source=tests/gen/lan-lib.sh
. "$(dirname "$0")/lan-lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/tests/captures/netns}
PY=/usr/bin/python3
MAX_FRAMES=20000
MAX_BYTES=$((2 * 1024 * 1024))

LAN_NAME=make-netns-lan
PFX=ixl
SW=ixl-sw
ATK=ixl-atk
MEMBERS="1 2 3 4"
NSES="$SW ixl-m1 ixl-m2 ixl-m3 ixl-m4 $ATK"
HOSTS="ixl-m1 ixl-m2 ixl-m3 ixl-m4"
LAN6=2001:db8:7f8
ATKMAC=02:00:00:00:00:66

lan_require "iproute2 iputils-ping tcpdump nftables wireshark-common thc-ipv6" \
    ip tcpdump nft capinfos ping timeout atk6-flood_mld26 atk6-parasite6
lan_init /tmp/ixl-netns.XXXXXX

v4() { echo "192.0.2.$1"; }
v6() { echo "$LAN6::a506:450$1:1"; }
mac() { echo "02:00:00:00:00:0$1"; }

# ---------------------------------------------------------------- the LAN
lan_create
# Member 4 never enables IPv6.
no_ipv6 ixl-m4

for i in $MEMBERS; do
	ns=$(m "$i")
	lan_plug "$ns" "p$i" "$(mac "$i")"
	nsx "$ns" ip addr add "$(v4 "$i")/24" dev eth0
	if [ "$i" != 4 ]; then
		nsx "$ns" ip -6 addr add "$(v6 "$i")/64" dev eth0 nodad
		drop_mld "$ns"
	fi
	nsx "$ns" ip link set eth0 up
done

lan_attacker

# Let link-locals come up and the attacker's unsolicited MLD reports die out
# before the first capture.
sleep 4

# ---------------------------------------------------------------- traffic
# A BGP-port TCP exchange: listener in m2 (dual stack), client in m1.
lan_write_bgp_py
bgp_sessions() {
	bgp_listen "$(m 2)" 2
	sleep 0.5
	bgp "$(m 1)" "$(v4 2)"
	bgp "$(m 1)" "$(v6 2)"
	bg_wait "$BGP_PID"
}

# Ordinary peering-LAN life: every member resolves its peers (ARP, ND) and
# pings them; m3 uses its unregistered IPv6 address, m4 only IPv4.
normal_traffic() {
	flush_neigh
	ping4 1 "$(v4 2)"; ping4 2 "$(v4 1)"; ping4 2 "$(v4 3)"
	ping4 3 "$(v4 1)"; ping4 4 "$(v4 1)"; ping4 4 "$(v4 2)"
	ping6 1 "$(v6 2)"; ping6 2 "$(v6 1)"; ping6 3 "$(v6 1)"; ping6 1 "$(v6 3)"
	ping6 2 fe80::ff:fe00:1%eth0
}

mkdir -p "$OUT"

# ---------------------------------------------------------------- scenarios
log "baseline"
cap_start baseline
normal_traffic
bgp_sessions
ping6 3 "$(v6 2)"
cap_stop

log "flood_mld26: MLDv2 report flood, 3000 reports"
cap_start flood_mld26
normal_traffic
atk 5 atk6-flood_mld26 eth0 ff02::16 3000
cap_stop

log "flood_solicitate6: NS flood to ff02::1, random source MACs"
cap_start flood_solicitate6
normal_traffic
atk 2 atk6-flood_solicitate6 eth0
cap_stop

log "flood_router26: RA flood, random source MACs"
cap_start flood_router26
normal_traffic
atk 1 atk6-flood_router26 eth0
cap_stop

log "fake_router26: one rogue router advertising the LAN prefix"
cap_start fake_router26
normal_traffic
atk_bg 4 atk6-fake_router26 -A "$LAN6::/64" -l 1800 eth0
sleep 1
ping6 1 "$(v6 2)"
atk_wait
cap_stop

log "fake_advertise6: the attacker advertises m2's registered address"
cap_start fake_advertise6
normal_traffic
atk_bg 6 atk6-fake_advertise6 -n 3 -w 1 eth0 "$(v6 2)"
sleep 1
ping6 1 "$(v6 2)" 4
atk_wait
cap_stop

log "parasite6: the attacker answers every NS while members ping"
cap_start parasite6
# Members first resolve each other honestly (the status baseline) ...
normal_traffic
atk_bg 8 atk6-parasite6 eth0
sleep 1.5
# ... then again, with the attacker answering every solicitation.
flush_neigh
ping6 1 "$(v6 2)" 3; ping6 2 "$(v6 1)" 3; ping6 3 "$(v6 1)" 3
ping6 2 fe80::ff:fe00:1%eth0 3
atk_wait
cap_stop

log "dos-new-ip6: m1 adds an address, the attacker answers its DAD"
cap_start dos-new-ip6
normal_traffic
atk_bg 8 atk6-dos-new-ip6 eth0
sleep 1.5
nsx "$(m 1)" sysctl -q -w net.ipv6.conf.eth0.accept_dad=1
nsx "$(m 1)" ip -6 addr add "$LAN6::a506:4501:2/64" dev eth0
sleep 3
nsx "$(m 1)" ip -6 addr show dev eth0 | grep -q 'a506:4501:2.*dadfailed' &&
    log "dos-new-ip6: m1's new address failed DAD, as the attack intends" ||
    log "dos-new-ip6: m1's new address did NOT fail DAD"
nsx "$(m 1)" ip -6 addr del "$LAN6::a506:4501:2/64" dev eth0 || true
nsx "$(m 1)" sysctl -q -w net.ipv6.conf.eth0.accept_dad=0
atk_wait
cap_stop

# ---------------------------------------------------------------- registry
# Per member: ASN|name|URL|IPv4|MAC|IPv6 (registered; m3 without IPv6).
ixf_export 9999 NETNS-IX "ixmon netns test LAN (tests/gen/make-netns-lan.sh)" \
    192.0.2.0/24 "$LAN6::/64" \
    "64501|M1 Alpha Net|https://m1.example/|$(v4 1)|$(mac 1)|$(v6 1)" \
    "64502|M2 Bravo Net|https://m2.example/|$(v4 2)|$(mac 2)|$(v6 2)" \
    "64503|M3 Charlie Net (IPv6 not registered)|https://m3.example/|$(v4 3)|$(mac 3)|" \
    "64504|M4 Delta Net (IPv6 registered, never enabled)|https://m4.example/|$(v4 4)|$(mac 4)|$(v6 4)" \
    >"$OUT/members.json"

cat >"$OUT/config.json" <<'EOF'
{
  "_comment": "ixmon config for the netns captures (tests/gen/make-netns-lan.sh); thresholds are the defaults",
  "lan": {
    "ipv4_prefixes": ["192.0.2.0/24"],
    "ipv6_prefixes": ["2001:db8:7f8::/64"]
  },
  "policy": {
    "scheme": "asn",
    "scheme_suffix": 1,
    "allow_mld": false,
    "macs_per_member": 1
  }
}
EOF

log "done: $(ls "$OUT" | tr '\n' ' ')"
