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
# Needs root, iproute2 (ip, tc), iputils-ping, tcpdump, nftables, thc-ipv6
# (atk6-*), python3, capinfos (wireshark-common).  Everything happens inside
# the namespaces it creates; they are removed on exit, whatever happens.
# Nothing is sent outside them.  Usage, from anywhere:
#   sudo tests/gen/make-trust-lan.sh [OUTDIR]    # default tests/captures/trust
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/tests/captures/trust}
PY=/usr/bin/python3
MAX_FRAMES=30000
MAX_BYTES=$((3 * 1024 * 1024))

SW=ixt-sw
ATK=ixt-atk
M2NEW=ixt-m2new
MEMBERS="1 2 3 4 6"       # m5 has no namespace
NSES="$SW ixt-m1 ixt-m2 $M2NEW ixt-m3 ixt-m4 ixt-m6 $ATK"
LAN6=2001:db8:7f8
ATKMAC=02:00:00:00:00:66
M2NEWMAC=02:00:00:00:02:02

if [ "$(id -u)" -ne 0 ]; then
	echo "make-trust-lan.sh: needs root (it creates network namespaces)" >&2
	exit 1
fi
for t in ip tc tcpdump nft capinfos ping timeout $PY atk6-fake_router26 \
    atk6-fake_advertise6 atk6-flood_solicitate6 atk6-flood_mld26; do
	command -v "$t" >/dev/null || {
		echo "make-trust-lan.sh: $t not found (apt-get install -y iproute2 iputils-ping tcpdump nftables wireshark-common thc-ipv6 python3)" >&2
		exit 1
	}
done

TMP=$(mktemp -d /tmp/ixt-trust.XXXXXX)
PIDS=""

cleanup() {
	local p ns
	set +e
	for p in $PIDS; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	for ns in $NSES; do
		ip netns pids "$ns" 2>/dev/null | while read -r p; do kill "$p" 2>/dev/null; done
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
m() { echo "ixt-m$1"; }
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
log() { echo "make-trust-lan: $*" >&2; }
tlog() { echo "make-trust-lan: [$CAP_NAME +$(rel)s] $*" >&2; }

# ---------------------------------------------------------------- the LAN
for ns in $NSES; do
	if [ -e "/run/netns/$ns" ]; then
		log "namespace $ns already exists (a previous run killed hard?); remove it with: ip netns del $ns"
		NSES=""   # do not remove what we did not create
		exit 1
	fi
done

for ns in $NSES; do
	ip netns add "$ns"
	nsx "$ns" ip link set lo up
	# Set before any interface exists: new interfaces copy "default".
	nsx "$ns" sysctl -q -w net.ipv6.conf.all.accept_ra=0 \
	    net.ipv6.conf.default.accept_ra=0 \
	    net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
	    net.ipv6.conf.all.router_solicitations=0 \
	    net.ipv6.conf.default.router_solicitations=0 \
	    net.ipv6.conf.all.forwarding=0
done
# The switch has no IPv6 of its own; the new m2 router runs IPv4 only.
for ns in $SW $M2NEW; do
	nsx "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
	    net.ipv6.conf.default.disable_ipv6=1
done
# m3 is a host-like kernel: DAD on (its link-local is probed from ::).
nsx ixt-m3 sysctl -q -w net.ipv6.conf.all.accept_dad=1 \
    net.ipv6.conf.default.accept_dad=1

nsx $SW ip link add br0 type bridge stp_state 0 mcast_snooping 0
nsx $SW ip link set br0 up

drop_mld() {
	nsx "$1" nft -f - <<-'EOF'
	table ip6 ixt_router {
		chain out {
			type filter hook output priority 0; policy accept;
			icmpv6 type { mld-listener-report, mld-listener-done, mld2-listener-report } drop
		}
	}
	EOF
}

for i in $MEMBERS; do
	ns=$(m "$i")
	ip -n $SW link add "p$i" type veth peer name eth0 netns "$ns"
	nsx "$ns" ip link set eth0 address "$(mac "$i")"
	nsx $SW ip link set "p$i" master br0 up
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
ip -n $SW link add p2n type veth peer name eth0 netns $M2NEW
nsx $M2NEW ip link set eth0 address $M2NEWMAC
nsx $SW ip link set p2n master br0 up
nsx $M2NEW ip addr add "$(v4 2)/24" dev eth0

ip -n $SW link add patk type veth peer name eth0 netns $ATK
nsx $ATK ip link set eth0 address $ATKMAC
nsx $SW ip link set patk master br0 up
nsx $ATK ip link set eth0 up

# Let link-locals come up and the attacker's unsolicited MLD reports die out
# before the first capture.
sleep 4

# ---------------------------------------------------------------- traffic
# A BGP-port TCP exchange: the listener in m1 (the route server) serves until
# it is killed; clients in m2 (old: both families; new: IPv4).
cat >"$TMP/bgp.py" <<'EOF'
import socket, sys, threading, time
KEEPALIVE = b"\xff" * 16 + b"\x00\x13\x04"
def serve(c):
    try:
        c.settimeout(5)
        for _ in range(3):
            d = c.recv(64)
            if not d:
                break
            c.sendall(KEEPALIVE)
    except OSError:
        pass
    c.close()
if sys.argv[1] == "listen":
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", 179))
    s.listen(8)
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()
else:
    fam = socket.AF_INET6 if ":" in sys.argv[2] else socket.AF_INET
    c = socket.socket(fam, socket.SOCK_STREAM)
    c.settimeout(5)
    c.connect((sys.argv[2], 179))
    for _ in range(3):
        c.sendall(KEEPALIVE)
        c.recv(64)
        time.sleep(0.2)
    c.close()
EOF

ping4() { nsx "$1" ping -4 -n -q -c "${3:-2}" -i 0.2 -W 1 "$2" >/dev/null 2>&1 || true; }
ping6() { nsx "$1" ping -6 -n -q -c "${3:-2}" -i 0.2 -W 1 "$2" >/dev/null 2>&1 || true; }
bgp() { nsx "$1" $PY "$TMP/bgp.py" connect "$2" >/dev/null 2>&1 || log "$1: BGP to $2 failed"; }

flush_neigh() {
	local ns
	for ns in ixt-m1 ixt-m2 ixt-m3 ixt-m4 ixt-m6 $M2NEW; do
		nsx "$ns" ip neigh flush dev eth0 2>/dev/null || true
	done
}

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
	PIDS="$PIDS $!"
}
loops_wait() {
	local p
	for p in $LOOP_PIDS; do
		wait "$p" || true
		PIDS=${PIDS/ $p/}
	done
	LOOP_PIDS=""
}

# m3's link comes up inside each capture (DAD from :: and MLD reports are
# in it); cap_start takes it down before tcpdump starts.
m3_up() { nsx ixt-m3 ip link set eth0 up; }

# ---------------------------------------------------------------- capture
mkdir -p "$OUT"
CAP_PID=""
CAP_NAME=""
cap_start() {
	CAP_NAME=$1
	nsx ixt-m3 ip link set eth0 down
	flush_neigh
	# Not through a shell function: $! must be tcpdump itself (ip netns
	# exec execs it), so that it gets the signal and flushes its file.
	ip netns exec $SW tcpdump -i br0 -n -U -s 262144 -B 32768 -Z root \
	    -w "$TMP/$1.pcap" 2>"$TMP/$1.tcpdump" &
	CAP_PID=$!
	PIDS="$PIDS $CAP_PID"
	local n=0
	until grep -q listening "$TMP/$1.tcpdump" 2>/dev/null; do
		sleep 0.1
		n=$((n + 1))
		[ $n -lt 100 ] || { log "tcpdump did not start: $(cat "$TMP/$1.tcpdump")"; exit 1; }
	done
	sleep 0.3
	T0=$(now_ms)
}

cap_stop() {
	local f=$TMP/$CAP_NAME.pcap frames bytes keep
	sleep 0.5
	kill -TERM "$CAP_PID"
	wait "$CAP_PID" || true
	PIDS=${PIDS/ $CAP_PID/}
	frames=$(capinfos -T -r -c "$f" | cut -f2)
	bytes=$(stat -c %s "$f")
	keep=$frames
	if [ "$bytes" -gt "$MAX_BYTES" ]; then
		keep=$((frames * (MAX_BYTES / 1024) / (bytes / 1024)))
	fi
	[ "$keep" -le $MAX_FRAMES ] || keep=$MAX_FRAMES
	if [ "$keep" -lt "$frames" ]; then
		tcpdump -Z root -r "$f" -w "$OUT/$CAP_NAME.pcap" -c "$keep" 2>/dev/null
		log "$CAP_NAME: $frames frames captured, first $keep kept"
	else
		cp "$f" "$OUT/$CAP_NAME.pcap"
		log "$CAP_NAME: $frames frames"
	fi
	grep -h 'dropped by kernel' "$TMP/$CAP_NAME.tcpdump" | sed "s/^/make-trust-lan: $CAP_NAME: /" >&2 || true
}

# The route server's TCP/179 listener runs through both captures.
nsx ixt-m1 $PY "$TMP/bgp.py" listen >/dev/null 2>&1 &
PIDS="$PIDS $!"
sleep 0.5

# ---------------------------------------------------------------- intruder
log "intruder: members as usual; rogue RA, spoofed NA for m1, m6 uses m1's IPv4, random-MAC flood"
cap_start intruder
m3_up
END=$(($(now_ms) + 19000))
loop_bg 1 "$END" 3 0.2
loop_bg 2 "$END" 3 0.4
loop_bg 3 "$END" 3 2.5     # after m3's DAD (1 s)
loop_bg 4 "$END" 3 0.6
loop_bg 6 "$END" 3 0.8

sleep 2
tlog "atk6-fake_router26 -A $LAN6::/64 -n 1 (one rogue RA)"
nsx $ATK timeout 5 atk6-fake_router26 -A "$LAN6::/64" -l 1800 -n 1 eth0 >/dev/null 2>&1 || true

sleep 1
tlog "atk6-fake_advertise6 -n 3 -w 1: spoofed NAs for m1's $(v6 1)"
nsx $ATK timeout 6 atk6-fake_advertise6 -n 3 -w 1 eth0 "$(v6 1)" >/dev/null 2>&1 || true

sleep 1
tlog "atk6-flood_mld26: 100 MLDv2 reports"
nsx $ATK timeout 5 atk6-flood_mld26 eth0 ff02::16 100 >/dev/null 2>&1 || true
# ~5000 NS frames (86 bytes) a second get through: ~20,000 in 4 s.
nsx $ATK tc qdisc add dev eth0 root tbf rate 3500kbit burst 8kb limit 16kb
tlog "atk6-flood_solicitate6 for 4 s, shaped"
nsx $ATK timeout 4 atk6-flood_solicitate6 eth0 >/dev/null 2>&1 &
FLOOD_PID=$!
PIDS="$PIDS $FLOOD_PID"

# During the flood, m6 uses m1's registered IPv4 address while m1 is alive.
sleep 1
tlog "m6 adds m1's $(v4 1)/32 and pings m4 from it for 2 s"
nsx ixt-m6 ip addr add "$(v4 1)/32" dev eth0
nsx ixt-m6 ping -4 -n -q -c 4 -i 0.5 -W 1 -I "$(v4 1)" "$(v4 4)" >/dev/null 2>&1 || true
nsx ixt-m6 ip addr del "$(v4 1)/32" dev eth0
tlog "m6 removed $(v4 1)"

wait "$FLOOD_PID" || true
PIDS=${PIDS/ $FLOOD_PID/}
nsx $ATK tc qdisc del dev eth0 root
tlog "flood over"
loops_wait
tlog "members stopped"
cap_stop

# The attacker leaves the LAN before the swap capture.
ip -n $SW link del patk

# ---------------------------------------------------------------- swap
log "swap: m2's router is replaced by one with a new MAC, IPv4 only"
cap_start swap
m3_up
END=$(($(now_ms) + 66000))
loop_bg 1 "$END" 3 0.2
loop_bg 3 "$END" 3 2.5
loop_bg 4 "$END" 3 0.6
loop_bg 6 "$END" 3 0.8
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
PIDS="$PIDS $OLD_PID"
wait "$OLD_PID" || true
PIDS=${PIDS/ $OLD_PID/}
tlog "old m2 router ($(mac 2)) unplugged"
nsx ixt-m2 ip link set eth0 down
ip -n $SW link del p2
sleep 5
tlog "new m2 router ($M2NEWMAC) up, IPv4 only"
nsx $M2NEW ip link set eth0 up
loop_bg 2new "$END" 3 0.3
loops_wait
tlog "members stopped"
cap_stop

# ---------------------------------------------------------------- registry
cat >"$OUT/members.json" <<'EOF'
{
  "version": "1.0",
  "timestamp": "2026-11-02T09:00:00Z",
  "ixp_list": [
    {
      "ixp_id": 1,
      "ixf_id": 9998,
      "shortname": "TRUST-IX",
      "name": "ixmon trust test LAN (tests/gen/make-trust-lan.sh)",
      "country": "ZZ",
      "url": "https://ix.example/",
      "peering_policy_list": ["open"],
      "switch": [
        {"id": 0, "name": "ixt-sw br0", "city": "Example City", "country": "ZZ"}
      ],
      "vlan": [
        {
          "id": 0,
          "name": "Peering LAN",
          "ipv4": {"prefix": "192.0.2.0", "mask_length": 24},
          "ipv6": {"prefix": "2001:db8:7f8::", "mask_length": 64}
        }
      ]
    }
  ],
  "member_list": [
    {
      "asnum": 64511,
      "member_type": "peering",
      "name": "M1 Route Server",
      "url": "https://m1.example/",
      "peering_policy": "open",
      "connection_list": [
        {
          "ixp_id": 1,
          "state": "active",
          "if_list": [{"switch_id": 0, "if_speed": 10000}],
          "vlan_list": [
            {
              "vlan_id": 0,
              "ipv4": {"address": "192.0.2.11", "mac_addresses": ["02:00:00:00:01:01"]},
              "ipv6": {"address": "2001:db8:7f8::a506:4511:1", "mac_addresses": ["02:00:00:00:01:01"]}
            }
          ]
        }
      ]
    },
    {
      "asnum": 64512,
      "member_type": "peering",
      "name": "M2 Swapped",
      "url": "https://m2.example/",
      "peering_policy": "open",
      "connection_list": [
        {
          "ixp_id": 1,
          "state": "active",
          "if_list": [{"switch_id": 0, "if_speed": 10000}],
          "vlan_list": [
            {
              "vlan_id": 0,
              "ipv4": {"address": "192.0.2.12", "mac_addresses": ["02:00:00:00:01:02"]},
              "ipv6": {"address": "2001:db8:7f8::a506:4512:1", "mac_addresses": ["02:00:00:00:01:02"]}
            }
          ]
        }
      ]
    },
    {
      "asnum": 64513,
      "member_type": "peering",
      "name": "M3 Linklocal",
      "url": "https://m3.example/",
      "peering_policy": "open",
      "connection_list": [
        {
          "ixp_id": 1,
          "state": "active",
          "if_list": [{"switch_id": 0, "if_speed": 10000}],
          "vlan_list": [
            {
              "vlan_id": 0,
              "ipv4": {"address": "192.0.2.13", "mac_addresses": ["02:00:00:00:01:03"]}
            }
          ]
        }
      ]
    },
    {
      "asnum": 64514,
      "member_type": "peering",
      "name": "M4 Offscheme",
      "url": "https://m4.example/",
      "peering_policy": "open",
      "connection_list": [
        {
          "ixp_id": 1,
          "state": "active",
          "if_list": [{"switch_id": 0, "if_speed": 10000}],
          "vlan_list": [
            {
              "vlan_id": 0,
              "ipv4": {"address": "192.0.2.14", "mac_addresses": ["02:00:00:00:01:04"]},
              "ipv6": {"address": "2001:db8:7f8::4514:1", "mac_addresses": ["02:00:00:00:01:04"]}
            }
          ]
        }
      ]
    },
    {
      "asnum": 64515,
      "member_type": "peering",
      "name": "M5 Absent",
      "url": "https://m5.example/",
      "peering_policy": "open",
      "connection_list": [
        {
          "ixp_id": 1,
          "state": "active",
          "if_list": [{"switch_id": 0, "if_speed": 10000}],
          "vlan_list": [
            {
              "vlan_id": 0,
              "ipv4": {"address": "192.0.2.15", "mac_addresses": ["02:00:00:00:01:05"]},
              "ipv6": {"address": "2001:db8:7f8::a506:4515:1", "mac_addresses": ["02:00:00:00:01:05"]}
            }
          ]
        }
      ]
    },
    {
      "asnum": 64516,
      "member_type": "peering",
      "name": "M6 Unregistered6",
      "url": "https://m6.example/",
      "peering_policy": "open",
      "connection_list": [
        {
          "ixp_id": 1,
          "state": "active",
          "if_list": [{"switch_id": 0, "if_speed": 10000}],
          "vlan_list": [
            {
              "vlan_id": 0,
              "ipv4": {"address": "192.0.2.16", "mac_addresses": ["02:00:00:00:01:06"]}
            }
          ]
        }
      ]
    }
  ]
}
EOF

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
