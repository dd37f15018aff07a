#!/bin/bash
# make-trust-lan.sh - capture the "trust" scenarios on a real (kernel-made)
# peering LAN: a router swap, members that are registered wrongly, and an
# attacker who lies about a member's address.
#
# Builds a small IXP peering LAN out of network namespaces (like
# make-netns-lan.sh, with its own ixt- names so the two never collide), runs
# member traffic made by the kernels (ARP, ND, ICMP, TCP/179) and the thc-ipv6
# attack tools on it, and captures each scenario on the bridge into
# tests/captures/trust/<scenario>.pcap, plus the member registry
# (members.json, IX-F 1.0; members-nomac.json, the same without MACs, as IXP
# Manager's public export has) and ixmon's config.json for them.
#
#   ixt-sw     the "switch": Linux bridge br0 (no STP, no multicast snooping,
#              no IPv6 of its own); tcpdump runs on br0
#   ixt-m1     AS64511 "route server"  02:00:00:00:01:01  192.0.2.11
#              2001:db8:7f8::a506:4511:1; active throughout
#   ixt-m2     AS64512, the old router  02:00:00:00:01:02  192.0.2.12
#              2001:db8:7f8::a506:4512:1; pings m1 and talks TCP/179 to it on
#              both families, then disappears (swap.pcap, ~15 s in)
#   ixt-m2new  AS64512, the new router  02:00:00:00:02:02  192.0.2.12, IPv6
#              disabled; comes up ~5 s after the old one went, IPv4 only
#   ixt-m3     AS64513  02:00:00:00:01:03  192.0.2.13; registered IPv4 only;
#              IPv6 on in the kernel but no global address: DAD from ::,
#              MLD reports and link-local ND only
#   ixt-m4     AS64514  02:00:00:00:01:04  192.0.2.14  2001:db8:7f8::4514:1
#              (registered and used, but not on the asn scheme)
#   (m5)       AS64515  02:00:00:00:01:05  192.0.2.15  2001:db8:7f8::a506:4515:1
#              registered, no namespace: never sends anything
#   ixt-m6     AS64516  02:00:00:00:01:06  192.0.2.16; registered IPv4 only,
#              uses 2001:db8:7f8::a506:4516:1 (on the scheme, unregistered)
#   ixt-atk    the attacker, 02:00:00:00:00:66, link-local IPv6 only, in no
#              member's registration; runs the atk6-* tools
#
# Members behave like IXP routers: accept_ra=0, no router solicitations, no
# DAD on their configured addresses, and an nftables rule drops their own MLD
# reports.  m3 is the exception: its kernel does DAD (accept_dad=1) and sends
# its MLD reports; its link comes up only after each capture has started, so
# both are in the capture.  (m3 keeps accept_ra=0 and sends no router
# solicitations: otherwise the rogue RA would give it a global address.)
#
# Captures:
#   intruder.pcap  ~19 s; all members (old m2, dual stack) doing ordinary
#                  traffic; the attacker sends one rogue RA, spoofed NAs for
#                  m1's address, an MLD report burst and a shaped random-MAC
#                  NS flood (last); during the flood m6 pings from m1's IPv4
#                  address for 2 s.
#   swap.pcap      ~65 s; the m2 router swap (old MAC gone ~15 s in, new MAC
#                  from ~20 s on, IPv4 only); no attacker.
#
# The LAN, capture and traffic helpers are in lan-lib.sh (shared with
# make-netns-lan.sh).  Needs root, iproute2 (ip, tc), iputils-ping, tcpdump,
# nftables, thc-ipv6 (atk6-*), python3, capinfos (wireshark-common).
# Everything happens inside the namespaces it creates; they are removed on
# exit, whatever happens.  Nothing is sent outside them.  Usage, from anywhere:
#   sudo tests/gen/make-trust-lan.sh [OUTDIR]    # default tests/captures/trust
set -euo pipefail
# shellcheck source=tests/gen/lan-lib.sh
. "$(dirname "$0")/lan-lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/tests/captures/trust}
PY=/usr/bin/python3
MAX_FRAMES=30000
MAX_BYTES=$((3 * 1024 * 1024))

LAN_NAME=make-trust-lan
PFX=ixt
SW=ixt-sw
ATK=ixt-atk
M2NEW=ixt-m2new
MEMBERS="1 2 3 4 6"       # m5 has no namespace
NSES="$SW ixt-m1 ixt-m2 $M2NEW ixt-m3 ixt-m4 ixt-m6 $ATK"
HOSTS="ixt-m1 ixt-m2 ixt-m3 ixt-m4 ixt-m6 $M2NEW"
LAN6=2001:db8:7f8
ATKMAC=02:00:00:00:00:66
M2NEWMAC=02:00:00:00:02:02

lan_require "iproute2 iputils-ping tcpdump nftables wireshark-common thc-ipv6 python3" \
    ip tc tcpdump nft capinfos ping timeout $PY atk6-fake_router26 \
    atk6-fake_advertise6 atk6-flood_solicitate6 atk6-flood_mld26
lan_init /tmp/ixt-trust.XXXXXX

v4() { echo "192.0.2.1$1"; }
mac() { echo "02:00:00:00:01:0$1"; }
# The IPv6 address each member really configures (m3 has none).
v6() {
	case $1 in
	4) echo "$LAN6::4514:1" ;;
	*) echo "$LAN6::a506:451$1:1" ;;
	esac
}
M1LL=fe80::ff:fe00:101      # m1's link-local (EUI-64 of 02:00:00:00:01:01)
now_ms() { date +%s%3N; }
T0=0
rel() { local t; t=$(now_ms); printf '%d.%03d' $(((t - T0) / 1000)) $(((t - T0) % 1000)); }
tlog() { echo "$LAN_NAME: [$CAP_NAME +$(rel)s] $*" >&2; }

# ---------------------------------------------------------------- the LAN
lan_create
# The new m2 router runs IPv4 only.
no_ipv6 $M2NEW
# m3 is a host-like kernel: DAD on (its link-local is probed from ::).
nsx ixt-m3 sysctl -q -w net.ipv6.conf.all.accept_dad=1 \
    net.ipv6.conf.default.accept_dad=1

for i in $MEMBERS; do
	ns=$(m "$i")
	lan_plug "$ns" "p$i" "$(mac "$i")"
	nsx "$ns" ip addr add "$(v4 "$i")/24" dev eth0
	if [ "$i" != 3 ]; then
		nsx "$ns" ip -6 addr add "$(v6 "$i")/64" dev eth0 nodad
		drop_mld "$ns"
		nsx "$ns" ip link set eth0 up
	fi
	# m3's link comes up in each capture (m3_up).
done

# The new m2 router: wired to the switch now, its link stays down until the
# swap.
lan_plug $M2NEW p2n $M2NEWMAC
nsx $M2NEW ip addr add "$(v4 2)/24" dev eth0

lan_attacker

# Let link-locals come up and the attacker's unsolicited MLD reports die out
# before the first capture.
sleep 4

# ---------------------------------------------------------------- traffic
# A BGP-port TCP exchange: the listener in m1 (the route server) serves until
# it is killed; clients in m2 (old: both families; new: IPv4).
lan_write_bgp_py

# One round of a member's ordinary traffic.  $1: member (1..6, or 2new).
round() {
	case $1 in
	1) ping4 ixt-m1 "$(v4 4)"; ping6 ixt-m1 "$(v6 4)" ;;
	2) ping4 ixt-m2 "$(v4 1)"; ping6 ixt-m2 "$(v6 1)"
	   bgp ixt-m2 "$(v4 1)"; bgp ixt-m2 "$(v6 1)" ;;
	2new) ping4 $M2NEW "$(v4 1)"; bgp $M2NEW "$(v4 1)" ;;
	3) ping4 ixt-m3 "$(v4 1)"; ping6 ixt-m3 "$M1LL%eth0" ;;
	4|6) ping4 "$(m "$1")" "$(v4 1)"; ping6 "$(m "$1")" "$(v6 1)" ;;
	esac
}

# Run a member's rounds every $3 s (first after $4 s) until $2 (epoch ms),
# in the background.
LOOP_PIDS=""
loop_bg() {
	local who=$1 until=$2 every=$3 first=$4
	(
		sleep "$first"
		while [ "$(now_ms)" -lt "$until" ]; do
			round "$who"
			sleep "$every"
		done
	) &
	LOOP_PIDS="$LOOP_PIDS $!"
	bg_add $!
}
loops_wait() {
	local p
	for p in $LOOP_PIDS; do
		bg_wait "$p"
	done
	LOOP_PIDS=""
}

# m3's link comes up inside each capture (DAD from :: and MLD reports are
# in it); phase_start takes it down before tcpdump starts.
m3_up() { nsx ixt-m3 ip link set eth0 up; }

# ---------------------------------------------------------------- capture
mkdir -p "$OUT"

# One capture of the members' ordinary traffic.  phase_start NAME SECS
# WHO:FIRST...: m3's link down and the neighbour caches empty, capture NAME
# starts (T0), m3's link comes up, and each WHO (as for round) does a round
# FIRST s later and then every 3 s until SECS s from now (END).  phase_end:
# the members' last rounds, then the capture ends.
phase_start() {
	local name=$1 secs=$2 w
	shift 2
	nsx ixt-m3 ip link set eth0 down
	flush_neigh
	cap_start "$name"
	T0=$(now_ms)
	m3_up
	END=$(($(now_ms) + secs * 1000))
	for w in "$@"; do
		loop_bg "${w%%:*}" "$END" 3 "${w#*:}"
	done
}
phase_end() {
	loops_wait
	tlog "members stopped"
	cap_stop
}

# The route server's TCP/179 listener runs through both captures.
bgp_listen ixt-m1
sleep 0.5

# ---------------------------------------------------------------- intruder
log "intruder: members as usual; rogue RA, spoofed NA for m1, m6 uses m1's IPv4, random-MAC flood"
# m3's first round after its DAD (1 s).
phase_start intruder 19 1:0.2 2:0.4 3:2.5 4:0.6 6:0.8

sleep 2
tlog "atk6-fake_router26 -A $LAN6::/64 -n 1 (one rogue RA)"
atk 5 atk6-fake_router26 -A "$LAN6::/64" -l 1800 -n 1 eth0

sleep 1
tlog "atk6-fake_advertise6 -n 3 -w 1: spoofed NAs for m1's $(v6 1)"
atk 6 atk6-fake_advertise6 -n 3 -w 1 eth0 "$(v6 1)"

sleep 1
tlog "atk6-flood_mld26: 100 MLDv2 reports"
atk 5 atk6-flood_mld26 eth0 ff02::16 100
# ~5000 NS frames (86 bytes) a second get through: ~20,000 in 4 s.
nsx $ATK tc qdisc add dev eth0 root tbf rate 3500kbit burst 8kb limit 16kb
tlog "atk6-flood_solicitate6 for 4 s, shaped"
atk_bg 4 atk6-flood_solicitate6 eth0

# During the flood, m6 uses m1's registered IPv4 address while m1 is alive.
sleep 1
tlog "m6 adds m1's $(v4 1)/32 and pings m4 from it for 2 s"
nsx ixt-m6 ip addr add "$(v4 1)/32" dev eth0
nsx ixt-m6 ping -4 -n -q -c 4 -i 0.5 -W 1 -I "$(v4 1)" "$(v4 4)" >/dev/null 2>&1 || true
nsx ixt-m6 ip addr del "$(v4 1)/32" dev eth0
tlog "m6 removed $(v4 1)"

atk_wait
nsx $ATK tc qdisc del dev eth0 root
tlog "flood over"
phase_end

# The attacker leaves the LAN before the swap capture.
ip -n $SW link del patk

# ---------------------------------------------------------------- swap
log "swap: m2's router is replaced by one with a new MAC, IPv4 only"
phase_start swap 66 1:0.2 3:2.5 4:0.6 6:0.8
# The old router: rounds every ~4 s; the last one starts at ~13 s, and the
# router is unplugged as soon as it is over (~15 s).
(
	sleep 0.4
	while :; do
		round 2
		[ "$(now_ms)" -lt $((T0 + 12500)) ] || break
		sleep 2
	done
) &
OLD_PID=$!
bg_add "$OLD_PID"
bg_wait "$OLD_PID"
tlog "old m2 router ($(mac 2)) unplugged"
nsx ixt-m2 ip link set eth0 down
ip -n $SW link del p2
sleep 5
tlog "new m2 router ($M2NEWMAC) up, IPv4 only"
nsx $M2NEW ip link set eth0 up
loop_bg 2new "$END" 3 0.3
phase_end

# ---------------------------------------------------------------- registry
# Per member: ASN|name|URL|IPv4|MAC|IPv6, as registered: m2 with its old MAC
# only, m3 and m6 without IPv6, m4 with its off-scheme address.
ixf_export 9998 TRUST-IX "ixmon trust test LAN (tests/gen/make-trust-lan.sh)" \
    192.0.2.0/24 "$LAN6::/64" \
    "64511|M1 Route Server|https://m1.example/|$(v4 1)|$(mac 1)|$(v6 1)" \
    "64512|M2 Swapped|https://m2.example/|$(v4 2)|$(mac 2)|$(v6 2)" \
    "64513|M3 Linklocal|https://m3.example/|$(v4 3)|$(mac 3)|" \
    "64514|M4 Offscheme|https://m4.example/|$(v4 4)|$(mac 4)|$(v6 4)" \
    "64515|M5 Absent|https://m5.example/|$(v4 5)|$(mac 5)|$(v6 5)" \
    "64516|M6 Unregistered6|https://m6.example/|$(v4 6)|$(mac 6)|" \
    >"$OUT/members.json"

# The same registry without MACs, as IXP Manager's public export has it.
$PY - "$OUT/members.json" "$OUT/members-nomac.json" <<'EOF'
import json, sys
with open(sys.argv[1]) as f:
    text = f.read()
doc = json.loads(text)
for mem in doc["member_list"]:
    for conn in mem["connection_list"]:
        for vlan in conn["vlan_list"]:
            for fam in ("ipv4", "ipv6"):
                if fam in vlan:
                    vlan[fam].pop("mac_addresses", None)
# Same layout as members.json: drop the MAC lists line by line.
out = []
for line in text.splitlines():
    line = line.replace(', "mac_addresses": ["02:00:00:00:01:01"]', "")
    for n in "123456":
        line = line.replace(', "mac_addresses": ["02:00:00:00:01:0%s"]' % n, "")
    out.append(line)
out = "\n".join(out) + "\n"
if json.loads(out) != doc or "mac_addresses" in out:
    sys.exit("members-nomac.json: MAC removal failed")
with open(sys.argv[2], "w") as f:
    f.write(out)
EOF

cat >"$OUT/config.json" <<'EOF'
{
  "_comment": "ixmon config for the trust captures (tests/gen/make-trust-lan.sh); went_dark_after is short for the ~70 s swap capture",
  "lan": {
    "ipv4_prefixes": ["192.0.2.0/24"],
    "ipv6_prefixes": ["2001:db8:7f8::/64"]
  },
  "policy": {
    "scheme": "asn",
    "scheme_suffix": 1,
    "allow_mld": false,
    "macs_per_member": 1
  },
  "thresholds": {
    "went_dark_after": 20
  }
}
EOF

log "done: $(ls "$OUT" | tr '\n' ' ')"
