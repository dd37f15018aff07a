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
# Needs root, iproute2, iputils-ping, tcpdump, nftables, thc-ipv6 (atk6-*), python3,
# capinfos (tshark's package, wireshark-common).  Everything happens inside
# the namespaces it creates; they are removed on exit, whatever happens.
# Nothing is sent outside them.  Usage, from anywhere:
#   sudo tests/gen/make-netns-lan.sh [OUTDIR]    # default tests/captures/netns
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/tests/captures/netns}
PY=/usr/bin/python3
MAX_FRAMES=20000
MAX_BYTES=$((2 * 1024 * 1024))

SW=ixl-sw
ATK=ixl-atk
MEMBERS="1 2 3 4"
NSES="$SW ixl-m1 ixl-m2 ixl-m3 ixl-m4 $ATK"
LAN6=2001:db8:7f8
ATKMAC=02:00:00:00:00:66

if [ "$(id -u)" -ne 0 ]; then
	echo "make-netns-lan.sh: needs root (it creates network namespaces)" >&2
	exit 1
fi
for t in ip tcpdump nft capinfos ping timeout atk6-flood_mld26 atk6-parasite6; do
	command -v "$t" >/dev/null || {
		echo "make-netns-lan.sh: $t not found (apt-get install -y iproute2 iputils-ping tcpdump nftables wireshark-common thc-ipv6)" >&2
		exit 1
	}
done

TMP=$(mktemp -d /tmp/ixl-netns.XXXXXX)
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
m() { echo "ixl-m$1"; }
v4() { echo "192.0.2.$1"; }
v6() { echo "$LAN6::a506:450$1:1"; }
mac() { echo "02:00:00:00:00:0$1"; }
log() { echo "make-netns-lan: $*" >&2; }

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
# The switch has no IPv6 of its own (no link-local, no ND, no MLD), and
# member 4 never enables IPv6.
for ns in $SW ixl-m4; do
	nsx "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
	    net.ipv6.conf.default.disable_ipv6=1
done

nsx $SW ip link add br0 type bridge stp_state 0 mcast_snooping 0
nsx $SW ip link set br0 up

for i in $MEMBERS; do
	ns=$(m "$i")
	ip -n $SW link add "p$i" type veth peer name eth0 netns "$ns"
	nsx "$ns" ip link set eth0 address "$(mac "$i")"
	nsx $SW ip link set "p$i" master br0 up
	nsx "$ns" ip addr add "$(v4 "$i")/24" dev eth0
	if [ "$i" != 4 ]; then
		nsx "$ns" ip -6 addr add "$(v6 "$i")/64" dev eth0 nodad
		nsx "$ns" nft -f - <<-'EOF'
		table ip6 ixl_router {
			chain out {
				type filter hook output priority 0; policy accept;
				icmpv6 type { mld-listener-report, mld-listener-done, mld2-listener-report } drop
			}
		}
		EOF
	fi
	nsx "$ns" ip link set eth0 up
done

ip -n $SW link add patk type veth peer name eth0 netns $ATK
nsx $ATK ip link set eth0 address $ATKMAC
nsx $SW ip link set patk master br0 up
nsx $ATK ip link set eth0 up

# Let link-locals come up and the attacker's unsolicited MLD reports die out
# before the first capture.
sleep 4

# ---------------------------------------------------------------- traffic
# A BGP-port TCP exchange: listener in m2 (dual stack), client in m1.
cat >"$TMP/bgp.py" <<'EOF'
import socket, sys, time
KEEPALIVE = b"\xff" * 16 + b"\x00\x13\x04"
if sys.argv[1] == "listen":
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", 179))
    s.listen(4)
    s.settimeout(10)
    for _ in range(int(sys.argv[2])):
        c, _ = s.accept()
        c.settimeout(5)
        for _ in range(3):
            d = c.recv(64)
            if not d:
                break
            c.sendall(KEEPALIVE)
        c.close()
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

bgp_sessions() {
	local p
	nsx "$(m 2)" $PY "$TMP/bgp.py" listen 2 &
	p=$!
	sleep 0.5
	nsx "$(m 1)" $PY "$TMP/bgp.py" connect "$(v4 2)" || log "BGP/IPv4 session failed"
	nsx "$(m 1)" $PY "$TMP/bgp.py" connect "$(v6 2)" || log "BGP/IPv6 session failed"
	wait "$p" || true
}

ping4() { nsx "$(m "$1")" ping -4 -n -q -c "${3:-2}" -i 0.2 -W 1 "$(v4 "$2")" >/dev/null 2>&1 || true; }
ping6() { nsx "$(m "$1")" ping -6 -n -q -c "${3:-2}" -i 0.2 -W 1 "$2" >/dev/null 2>&1 || true; }

flush_neigh() {
	local i
	for i in $MEMBERS; do nsx "$(m "$i")" ip neigh flush dev eth0 2>/dev/null || true; done
}

# Ordinary peering-LAN life: every member resolves its peers (ARP, ND) and
# pings them; m3 uses its unregistered IPv6 address, m4 only IPv4.
normal_traffic() {
	flush_neigh
	ping4 1 2; ping4 2 1; ping4 2 3; ping4 3 1; ping4 4 1; ping4 4 2
	ping6 1 "$(v6 2)"; ping6 2 "$(v6 1)"; ping6 3 "$(v6 1)"; ping6 1 "$(v6 3)"
	ping6 2 fe80::ff:fe00:1%eth0
}

# ---------------------------------------------------------------- capture
mkdir -p "$OUT"
CAP_PID=""
cap_start() {
	CAP_NAME=$1
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
	grep -h 'dropped by kernel' "$TMP/$CAP_NAME.tcpdump" | sed "s/^/make-netns-lan: $CAP_NAME: /" >&2 || true
}

# Run an attack tool in the attacker namespace, in the background, bounded.
atk_bg() {
	local secs=$1
	shift
	ip netns exec $ATK timeout "$secs" "$@" >"$TMP/atk.out" 2>&1 &
	ATK_PID=$!
	PIDS="$PIDS $ATK_PID"
}
atk_wait() {
	wait "$ATK_PID" || true
	PIDS=${PIDS/ $ATK_PID/}
}

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
nsx $ATK timeout 5 atk6-flood_mld26 eth0 ff02::16 3000 >/dev/null 2>&1 || true
cap_stop

log "flood_solicitate6: NS flood to ff02::1, random source MACs"
cap_start flood_solicitate6
normal_traffic
nsx $ATK timeout 2 atk6-flood_solicitate6 eth0 >/dev/null 2>&1 || true
cap_stop

log "flood_router26: RA flood, random source MACs"
cap_start flood_router26
normal_traffic
nsx $ATK timeout 1 atk6-flood_router26 eth0 >/dev/null 2>&1 || true
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
cat >"$OUT/members.json" <<'EOF'
{
  "version": "1.0",
  "timestamp": "2026-11-02T09:00:00Z",
  "ixp_list": [
    {
      "ixp_id": 1,
      "ixf_id": 9999,
      "shortname": "NETNS-IX",
      "name": "ixmon netns test LAN (tests/gen/make-netns-lan.sh)",
      "country": "ZZ",
      "url": "https://ix.example/",
      "peering_policy_list": ["open"],
      "switch": [
        {"id": 0, "name": "ixl-sw br0", "city": "Example City", "country": "ZZ"}
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
      "asnum": 64501,
      "member_type": "peering",
      "name": "M1 Alpha Net",
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
              "ipv4": {"address": "192.0.2.1", "mac_addresses": ["02:00:00:00:00:01"]},
              "ipv6": {"address": "2001:db8:7f8::a506:4501:1", "mac_addresses": ["02:00:00:00:00:01"]}
            }
          ]
        }
      ]
    },
    {
      "asnum": 64502,
      "member_type": "peering",
      "name": "M2 Bravo Net",
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
              "ipv4": {"address": "192.0.2.2", "mac_addresses": ["02:00:00:00:00:02"]},
              "ipv6": {"address": "2001:db8:7f8::a506:4502:1", "mac_addresses": ["02:00:00:00:00:02"]}
            }
          ]
        }
      ]
    },
    {
      "asnum": 64503,
      "member_type": "peering",
      "name": "M3 Charlie Net (IPv6 not registered)",
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
              "ipv4": {"address": "192.0.2.3", "mac_addresses": ["02:00:00:00:00:03"]}
            }
          ]
        }
      ]
    },
    {
      "asnum": 64504,
      "member_type": "peering",
      "name": "M4 Delta Net (IPv6 registered, never enabled)",
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
              "ipv4": {"address": "192.0.2.4", "mac_addresses": ["02:00:00:00:00:04"]},
              "ipv6": {"address": "2001:db8:7f8::a506:4504:1", "mac_addresses": ["02:00:00:00:00:04"]}
            }
          ]
        }
      ]
    }
  ]
}
EOF

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
