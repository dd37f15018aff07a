# lan-lib.sh - what make-netns-lan.sh and make-trust-lan.sh share: a peering
# LAN built from network namespaces around a Linux bridge, captured there.
# Sourced (bash, set -euo pipefail), not run.
#
# Provides:
#   lan_require HINT CMD...  root and the commands, or exit 1 (HINT: the apt
#                        packages named in the error)
#   lan_init TEMPLATE    TMP=$(mktemp -d TEMPLATE), PIDS, the traps: on exit,
#                        whatever happens, background jobs in PIDS and every
#                        process in the namespaces of NSES are killed, those
#                        namespaces deleted and TMP removed
#   lan_create           refuses to start if a namespace of NSES exists; adds
#                        them (lo up; accept_ra, accept_dad, router
#                        solicitations and forwarding off, set before any
#                        interface exists), takes IPv6 off the switch and
#                        makes its bridge br0 (no STP, no multicast snooping)
#   no_ipv6 NS...        disable IPv6 in those namespaces
#   lan_plug NS PORT MAC a veth from the switch (PORT, in br0, up) to eth0 in
#                        NS, with MAC (eth0's link stays down)
#   drop_mld NS          nftables: NS's kernel sends no MLD reports/dones
#   lan_attacker         plugs ATK in on port patk with ATKMAC, link up
#   nsx NS CMD...        run CMD in NS;  m N: member N's namespace, PFX-mN
#   log MSG              "LAN_NAME: MSG" on stderr
#   bg_add PID / bg_wait PID   track a background job in PIDS / wait for it
#                        (errors ignored) and forget it
#   ping4|ping6 FROM ADDR [COUNT]   ping from a namespace or member number,
#                        COUNT (2) pings 0.2 s apart; failures ignored
#   flush_neigh          empty the neighbour caches of HOSTS' eth0
#   lan_write_bgp_py     TMP/bgp.py, a BGP-port TCP exchange (3 KEEPALIVE-
#                        shaped messages each way per session)
#   bgp_listen NS [N]    its listener in NS, in the background (BGP_PID):
#                        N sessions one after another then exit, or without
#                        N any number at once until killed
#   bgp NS ADDR          one client session from NS to ADDR:179
#   atk SECS CMD...      CMD in ATK, at most SECS s, output and failure ignored
#   atk_bg SECS CMD... / atk_wait   the same in the background (ATK_PID)
#   cap_start NAME / cap_stop   tcpdump on the switch's br0 into TMP/NAME.pcap;
#                        cap_stop ends it and writes OUT/NAME.pcap, cut to its
#                        first MAX_FRAMES frames and about MAX_BYTES bytes
#   ixf_export IXF_ID SHORTNAME NAME V4PREFIX V6PREFIX MEMBER...
#                        an IX-F 1.0 member export on stdout: one IXP (switch
#                        "SW br0", one VLAN), and per MEMBER, given as
#                        "ASN|NAME|URL|IPV4|MAC|IPV6" (IPV6 and MAC may be
#                        empty), one active peering connection
#
# The sourcing script sets, before calling these:
#   LAN_NAME   its name in messages (make-netns-lan)
#   PFX        namespace prefix (ixl): members are PFX-m1, PFX-m2, ...
#   SW, ATK    the switch's and the attacker's namespaces; ATKMAC
#   NSES       every namespace it creates (the switch first); only these are
#              ever deleted
#   HOSTS      the namespaces flush_neigh empties
#   OUT        output directory;  PY  python3;  MAX_FRAMES, MAX_BYTES
# and gets TMP and PIDS from lan_init (PIDS: background jobs to kill on exit).
#
# shellcheck shell=bash disable=SC2153  # those variables are set by the caller

lan_require() {
	local hint=$1 t
	shift
	if [ "$(id -u)" -ne 0 ]; then
		echo "$LAN_NAME.sh: needs root (it creates network namespaces)" >&2
		exit 1
	fi
	for t in "$@"; do
		command -v "$t" >/dev/null || {
			echo "$LAN_NAME.sh: $t not found (apt-get install -y $hint)" >&2
			exit 1
		}
	done
}

lan_cleanup() {
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

lan_init() {
	TMP=$(mktemp -d "$1")
	PIDS=""
	CAP_PID=""
	CAP_NAME=""
	ATK_PID=""
	BGP_PID=""
	trap lan_cleanup EXIT
	trap 'exit 130' INT TERM
}

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
m() { echo "$PFX-m$1"; }
log() { echo "$LAN_NAME: $*" >&2; }

bg_add() { PIDS="$PIDS $1"; }
bg_wait() {
	local p rest=""
	wait "$1" || true
	for p in $PIDS; do
		[ "$p" = "$1" ] || rest="$rest $p"
	done
	PIDS=$rest
}

# ---------------------------------------------------------------- the LAN
no_ipv6() {
	local ns
	for ns in "$@"; do
		nsx "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
		    net.ipv6.conf.default.disable_ipv6=1
	done
}

lan_create() {
	local ns
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
	# The switch has no IPv6 of its own (no link-local, no ND, no MLD).
	no_ipv6 "$SW"
	nsx "$SW" ip link add br0 type bridge stp_state 0 mcast_snooping 0
	nsx "$SW" ip link set br0 up
}

lan_plug() {
	local ns=$1 port=$2 mac=$3
	ip -n "$SW" link add "$port" type veth peer name eth0 netns "$ns"
	nsx "$ns" ip link set eth0 address "$mac"
	nsx "$SW" ip link set "$port" master br0 up
}

# Routers without multicast routing on the LAN interface send no MLD.
drop_mld() {
	nsx "$1" nft -f - <<-EOF
	table ip6 ${PFX}_router {
		chain out {
			type filter hook output priority 0; policy accept;
			icmpv6 type { mld-listener-report, mld-listener-done, mld2-listener-report } drop
		}
	}
	EOF
}

# The attacker: link-local IPv6 only, its kernel left alone.
lan_attacker() {
	lan_plug "$ATK" patk "$ATKMAC"
	nsx "$ATK" ip link set eth0 up
}

# ---------------------------------------------------------------- traffic
# FROM: a namespace, or a member's number.
lan_ns() { case $1 in [1-9]) m "$1" ;; *) echo "$1" ;; esac; }
ping4() { nsx "$(lan_ns "$1")" ping -4 -n -q -c "${3:-2}" -i 0.2 -W 1 "$2" >/dev/null 2>&1 || true; }
ping6() { nsx "$(lan_ns "$1")" ping -6 -n -q -c "${3:-2}" -i 0.2 -W 1 "$2" >/dev/null 2>&1 || true; }

flush_neigh() {
	local ns
	for ns in $HOSTS; do
		nsx "$ns" ip neigh flush dev eth0 2>/dev/null || true
	done
}

lan_write_bgp_py() {
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
    if len(sys.argv) > 2:
        # this many sessions, one after the other, then exit
        s.settimeout(10)
        for _ in range(int(sys.argv[2])):
            c, _ = s.accept()
            serve(c)
    else:
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
}

bgp_listen() {
	nsx "$1" "$PY" "$TMP/bgp.py" listen ${2:+"$2"} >/dev/null 2>&1 &
	BGP_PID=$!
	bg_add "$BGP_PID"
}
bgp() { nsx "$1" "$PY" "$TMP/bgp.py" connect "$2" >/dev/null 2>&1 || log "$1: BGP to $2 failed"; }

# ---------------------------------------------------------------- attacks
atk() {
	local secs=$1
	shift
	nsx "$ATK" timeout "$secs" "$@" >/dev/null 2>&1 || true
}
atk_bg() {
	local secs=$1
	shift
	# Not through nsx: $! must be the tool's own process.
	ip netns exec "$ATK" timeout "$secs" "$@" >"$TMP/atk.out" 2>&1 &
	ATK_PID=$!
	bg_add "$ATK_PID"
}
atk_wait() { bg_wait "$ATK_PID"; }

# ---------------------------------------------------------------- capture
cap_start() {
	local n=0
	CAP_NAME=$1
	# Not through a shell function: $! must be tcpdump itself (ip netns
	# exec execs it), so that it gets the signal and flushes its file.
	ip netns exec "$SW" tcpdump -i br0 -n -U -s 262144 -B 32768 -Z root \
	    -w "$TMP/$1.pcap" 2>"$TMP/$1.tcpdump" &
	CAP_PID=$!
	bg_add "$CAP_PID"
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
	bg_wait "$CAP_PID"
	frames=$(capinfos -T -r -c "$f" | cut -f2)
	bytes=$(stat -c %s "$f")
	keep=$frames
	if [ "$bytes" -gt "$MAX_BYTES" ]; then
		keep=$((frames * (MAX_BYTES / 1024) / (bytes / 1024)))
	fi
	[ "$keep" -le "$MAX_FRAMES" ] || keep=$MAX_FRAMES
	if [ "$keep" -lt "$frames" ]; then
		tcpdump -Z root -r "$f" -w "$OUT/$CAP_NAME.pcap" -c "$keep" 2>/dev/null
		log "$CAP_NAME: $frames frames captured, first $keep kept"
	else
		cp "$f" "$OUT/$CAP_NAME.pcap"
		log "$CAP_NAME: $frames frames"
	fi
	grep -h 'dropped by kernel' "$TMP/$CAP_NAME.tcpdump" | sed "s/^/$LAN_NAME: $CAP_NAME: /" >&2 || true
}

# ---------------------------------------------------------------- registry
ixf_export() {
	local ixf_id=$1 short=$2 name=$3 p4=$4 p6=$5 spec sep="" \
	    asn mname url a4 mac a6 mac_list v4end
	shift 5
	cat <<EOF
{
  "version": "1.0",
  "timestamp": "2026-11-02T09:00:00Z",
  "ixp_list": [
    {
      "ixp_id": 1,
      "ixf_id": $ixf_id,
      "shortname": "$short",
      "name": "$name",
      "country": "ZZ",
      "url": "https://ix.example/",
      "peering_policy_list": ["open"],
      "switch": [
        {"id": 0, "name": "$SW br0", "city": "Example City", "country": "ZZ"}
      ],
      "vlan": [
        {
          "id": 0,
          "name": "Peering LAN",
          "ipv4": {"prefix": "${p4%/*}", "mask_length": ${p4#*/}},
          "ipv6": {"prefix": "${p6%/*}", "mask_length": ${p6#*/}}
        }
      ]
    }
  ],
  "member_list": [
EOF
	for spec in "$@"; do
		IFS='|' read -r asn mname url a4 mac a6 <<<"$spec"
		mac_list=${mac:+, \"mac_addresses\": [\"$mac\"]}
		v4end=${a6:+,}
		printf '%s' "$sep"
		sep="    },
"
		cat <<EOF
    {
      "asnum": $asn,
      "member_type": "peering",
      "name": "$mname",
      "url": "$url",
      "peering_policy": "open",
      "connection_list": [
        {
          "ixp_id": 1,
          "state": "active",
          "if_list": [{"switch_id": 0, "if_speed": 10000}],
          "vlan_list": [
            {
              "vlan_id": 0,
              "ipv4": {"address": "$a4"$mac_list}$v4end
EOF
		[ -z "$a6" ] ||
		    echo "              \"ipv6\": {\"address\": \"$a6\"$mac_list}"
		cat <<EOF
            }
          ]
        }
      ]
EOF
	done
	cat <<EOF
    }
  ]
}
EOF
}
