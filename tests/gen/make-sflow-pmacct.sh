#!/bin/sh
# make-sflow-pmacct.sh - a real sFlow v5 capture from pmacct's sfprobe plugin.
#
# pmacctd replays sample/peering-lan.pcap (pcap_savefile) through its
# sfprobe plugin, which exports sFlow v5 flow samples with raw Ethernet
# header records to a UDP port on loopback; tcpdump records what is sent
# there into tests/captures/sflow/pmacct-sfprobe.pcap.  Nothing leaves the
# host: capture and receiver are both on `lo`.
#
# Needs root (tcpdump), pmacctd (apt-get install -y pmacct) and tcpdump.
#
#     tests/gen/make-sflow-pmacct.sh [PORT]     (default 46343, must be free)
#
# What to expect (pmacct 1.7.7, sampling_rate 1): one flow sample per IPv4
# or IPv6 frame of the sample, each with a raw header record (the first 128
# bytes, the default snaplen; frame_length = wire length + 4, stripped = 4)
# and an empty extended switch record (0:1001); no counter samples.  ARP,
# LLDP, STP and CDP frames are not exported: pmacctd's core hands only IP
# packets to its plugins.  The last few IP frames of the file are lost too:
# sfprobe still holds them in an unsent datagram when the core reaches the
# end of the savefile and exits.  (With pcap_savefile_wait: true they are
# sent only on SIGINT, together with datagrams of stale duplicates, so
# false gives the cleaner capture.)
#
# Unlike the other generators the output is not byte-identical between
# runs: pmacct stamps datagrams with the host's uptime and sends counter
# samples on its own clock.  The flow samples themselves are the same.
set -eu

cd "$(dirname "$0")/../.."
PORT=${1:-46343}
IN=sample/peering-lan.pcap
OUT=tests/captures/sflow/pmacct-sfprobe.pcap
TMP=$(mktemp -d /tmp/ixmon-sfprobe.XXXXXX)
TCPDUMP_PID=

cleanup() {
	if [ -n "$TCPDUMP_PID" ] && kill -0 "$TCPDUMP_PID" 2>/dev/null; then
		kill -INT "$TCPDUMP_PID" 2>/dev/null || true
		wait "$TCPDUMP_PID" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

command -v pmacctd >/dev/null || { echo "pmacctd not installed" >&2; exit 1; }
command -v tcpdump >/dev/null || { echo "tcpdump not installed" >&2; exit 1; }
if ss -Huln "sport = :$PORT" 2>/dev/null | grep -q .; then
	echo "UDP port $PORT is in use; pass another" >&2
	exit 1
fi

cat >"$TMP/pmacctd.conf" <<EOF
daemonize: false
pidfile: $TMP/pmacctd.pid
logfile: $TMP/pmacctd.log
plugins: sfprobe
pcap_savefile: $PWD/$IN
pcap_savefile_wait: false
sfprobe_receiver: 127.0.0.1:$PORT
sfprobe_agentip: 127.0.0.1
sampling_rate: 1
EOF

# -U: write each packet at once, so stopping tcpdump loses nothing.
tcpdump -i lo -U -s 0 -w "$TMP/out.pcap" "udp port $PORT" 2>"$TMP/tcpdump.log" &
TCPDUMP_PID=$!
sleep 2 # let tcpdump open the interface before anything is sent

pmacctd -f "$TMP/pmacctd.conf"
sleep 2 # the last datagrams are in flight when pmacctd returns

kill -INT "$TCPDUMP_PID"
wait "$TCPDUMP_PID" || true
TCPDUMP_PID=
cat "$TMP/tcpdump.log" >&2
mv "$TMP/out.pcap" "$OUT"
chown "$(stat -c %u:%g "$IN")" "$OUT" # tcpdump wrote it as its own user
chmod 644 "$OUT"
echo "wrote $OUT" >&2
