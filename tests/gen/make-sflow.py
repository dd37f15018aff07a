#!/usr/bin/python3
"""make-sflow.py - sFlow v5 test captures, README and fuzz seeds.

Builds sFlow version 5 datagrams by hand with `struct` (sflow_version_5.txt:
XDR, big-endian 32-bit words, opaque data padded to 4), wraps each in
Ethernet/IPv4/UDP (one in Ethernet/IPv6/UDP) to port 6343 and writes

    tests/captures/sflow/sflow-basic.pcap       every datagram decodes DEC_OK
    tests/captures/sflow/sflow-malformed.pcap   one broken datagram each
    tests/captures/sflow/README.md              what each holds, and the counts
    tests/fuzz/corpus/sflow/seed-*              the bare datagrams (UDP payload)

The sampled frames are built with scapy (never sent) and their first 128
bytes become the raw packet header records, as an agent with the default
header size would send them; frame_length counts the 4-byte FCS and
stripped = 4, as hsflowd does.  Deterministic: fixed timestamps, fixed
fields, so re-running gives byte-identical files.

    /usr/bin/python3 tests/gen/make-sflow.py [ROOT]   (default: the repo)
"""
import os
import struct
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapio  # noqa: E402
from pcapio import pad60  # noqa: E402

import logging  # noqa: E402
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.layers.inet import IP, TCP, UDP  # noqa: E402
from scapy.layers.inet6 import (  # noqa: E402
    ICMPv6ND_NS, ICMPv6NDOptSrcLLAddr, IPv6)
from scapy.layers.l2 import ARP, Dot1Q, Ether  # noqa: E402
from scapy.packet import Raw  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(HERE))
CAPDIR = os.path.join(ROOT, "tests", "captures", "sflow")
SEEDDIR = os.path.join(ROOT, "tests", "fuzz", "corpus", "sflow")

HEADER_SIZE = 128  # hsflowd / switch default sampled header length
FCS = 4

# The peering LAN of sample/peering-lan.pcap and the fixtures.
MAC_A = "00:1b:21:3c:4d:01"  # member A
MAC_B = "3c:fd:fe:12:34:02"  # member B
MAC_AGENT = "00:1c:73:aa:bb:01"  # the switch that exports sFlow
MAC_COLL = "52:54:00:00:63:43"  # the collector
AGENT4 = "192.0.2.250"
COLL4 = "192.0.2.251"
AGENT6 = "2001:db8:7f8::fa"
COLL6 = "2001:db8:7f8::fb"

ETH_NAMES = {0x0800: "IPv4", 0x86DD: "IPv6", 0x0806: "ARP"}


# --------------------------------------------------------------------------
# Sampled frames: (name, full frame bytes, inner ethertype, vlan or None)

def pad_to(pkt, total):
    raw = bytes(pkt)
    return raw + bytes((i * 7) & 0xFF for i in range(total - len(raw)))


def frames():
    f = {}
    f["ipv4-tcp"] = (pad_to(
        Ether(src=MAC_A, dst=MAC_B) /
        IP(src="192.0.2.10", dst="192.0.2.20", id=0x1234, ttl=64, flags="DF") /
        TCP(sport=179, dport=40001, seq=1000, ack=2000, flags="PA",
            window=65535, options=[]), 1514), 0x0800, None)
    f["ipv6-udp"] = (pad_to(
        Ether(src=MAC_B, dst=MAC_A) /
        IPv6(src="2001:db8:7f8::20", dst="2001:db8:7f8::10", hlim=64, fl=0) /
        UDP(sport=53, dport=33000), 1014), 0x86DD, None)
    f["arp"] = (pad60(bytes(
        Ether(src=MAC_A, dst="ff:ff:ff:ff:ff:ff") /
        ARP(op=1, hwsrc=MAC_A, psrc="192.0.2.10", hwdst="00:00:00:00:00:00",
            pdst="192.0.2.20"))), 0x0806, None)
    # 86 bytes: a header whose length is not a multiple of 4 (padding).
    f["nd-ns"] = (bytes(
        Ether(src=MAC_A, dst="33:33:ff:00:00:20") /
        IPv6(src="2001:db8:7f8::10", dst="ff02::1:ff00:20", hlim=255, fl=0) /
        ICMPv6ND_NS(tgt="2001:db8:7f8::20") /
        ICMPv6NDOptSrcLLAddr(lladdr=MAC_A)), 0x86DD, None)
    f["vlan-ipv4"] = (pad_to(
        Ether(src=MAC_A, dst=MAC_B) / Dot1Q(vlan=100, prio=0) /
        IP(src="192.0.2.10", dst="192.0.2.20", id=7, ttl=64, flags="DF") /
        UDP(sport=123, dport=123), 518), 0x0800, 100)
    f["vlan-ipv6"] = (pad_to(
        Ether(src=MAC_B, dst=MAC_A) / Dot1Q(vlan=100, prio=0) /
        IPv6(src="2001:db8:7f8::20", dst="2001:db8:7f8::10", hlim=64, fl=0) /
        TCP(sport=179, dport=40002, seq=1, ack=1, flags="A", window=1000,
            options=[]), 1518), 0x86DD, 100)
    return f


FRAMES = frames()


# --------------------------------------------------------------------------
# sFlow v5 encoders (plain struct, every length computed)

def u32(*v):
    return struct.pack(">%dI" % len(v), *v)


def opaque(data):
    return data + b"\x00" * (-len(data) % 4)


def record(fmt, body, length=None):
    """flow or counter record: data_format, length, body (padded)."""
    return u32(fmt, len(body) if length is None else length) + opaque(body)


def raw_header(frame, size=HEADER_SIZE, proto=1):
    hdr = frame[:size]
    return record(1, u32(proto, len(frame) + FCS, FCS, len(hdr)) + opaque(hdr))


def ext_switch(src_vlan, dst_vlan):
    """Extended switch data (flow record 0:1001): unknown to ixmon."""
    return record(1001, u32(src_vlan, 0, dst_vlan, 0))


def if_counters(idx, speed, inoct, outoct, extra=b""):
    body = struct.pack(
        ">IIQIIQIIIIIIQIIIIII",
        idx, 6, speed, 1, 3,                       # ethernetCsmacd, full, up/up
        inoct, 1000 + idx, 20, 5, 0, 0, 0,         # in: ucast mcast bcast ...
        outoct, 2000 + idx, 30, 6, 1, 0, 0)        # out: ... promisc 0
    assert len(body) == 88
    return record(1, body + extra)


def eth_counters(idx):
    """Ethernet interface counters (counter record 0:2, 13 words)."""
    return record(2, u32(*range(idx, idx + 13)))


def flow_sample(seq, src_type, src_idx, rate, pool, recs, drops=0, inp=3,
                outp=5):
    body = u32(seq, src_type << 24 | src_idx, rate, pool, drops, inp, outp,
               len(recs)) + b"".join(recs)
    return u32(1, len(body)) + body


def flow_sample_exp(seq, src_type, src_idx, rate, pool, recs, drops=0, inp=3,
                    outp=5):
    body = u32(seq, src_type, src_idx, rate, pool, drops, 0, inp, 0, outp,
               len(recs)) + b"".join(recs)
    return u32(3, len(body)) + body


def counter_sample(seq, src_type, src_idx, recs):
    body = u32(seq, src_type << 24 | src_idx, len(recs)) + b"".join(recs)
    return u32(2, len(body)) + body


def counter_sample_exp(seq, src_type, src_idx, recs):
    body = u32(seq, src_type, src_idx, len(recs)) + b"".join(recs)
    return u32(4, len(body)) + body


def datagram(seq, samples, agent=AGENT4, uptime=None, n_samples=None,
             version=5, atype=None, sub_agent=0):
    if ":" in agent:
        addr = (2, bytes.fromhex("20010db807f8" + "00" * 9 + "fa"))
    else:
        addr = (1, bytes(int(x) for x in agent.split(".")))
    if atype is not None:
        addr = (atype, addr[1])
    return u32(version, addr[0]) + addr[1] + u32(
        sub_agent, seq, 3_600_000 + seq * 1000 if uptime is None else uptime,
        len(samples) if n_samples is None else n_samples) + b"".join(samples)


# --------------------------------------------------------------------------
# The datagrams.  `rh` entries record what an analyzer should count:
# (frame name, sampling rate).

def rh(name, rate):
    return (name, rate)


def basic():
    F = {k: v[0] for k, v in FRAMES.items()}
    dgs = []   # (name, ipv6 transport, bytes, [(frame, rate)], note)

    dgs.append(("v4agent-seq1", False, datagram(1, [
        flow_sample(1, 0, 3, 1, 1, [raw_header(F["ipv4-tcp"])]),
        flow_sample(2, 0, 3, 1, 2, [raw_header(F["arp"])]),
        counter_sample(1, 0, 3, [if_counters(3, 10_000_000_000,
                                             123456789012, 98765432109)]),
    ]), [rh("ipv4-tcp", 1), rh("arp", 1)],
        "flow 0:3 seq 1 (IPv4, rate 1), flow 0:3 seq 2 (ARP, rate 1), "
        "counters 0:3 seq 1 (generic, ifIndex 3)"))

    dgs.append(("v4agent-seq2", False, datagram(2, [
        flow_sample_exp(1, 0, 5, 1000, 1000,
                        [raw_header(F["ipv6-udp"]), ext_switch(100, 100)],
                        inp=5, outp=3),
        flow_sample_exp(2, 0, 5, 1000, 2000, [raw_header(F["nd-ns"])],
                        inp=5, outp=0x3FFFFFFF),
        u32(8800 << 12 | 1, 12) + u32(1, 2, 3),   # enterprise 8800: unknown
    ]), [rh("ipv6-udp", 1000), rh("nd-ns", 1000)],
        "expanded flow 0:5 seq 1 (IPv6, rate 1000, + extended switch record "
        "0:1001, skipped), expanded flow 0:5 seq 2 (ND NS 86 bytes, rate "
        "1000), sample of enterprise 8800 format 1 (unknown, skipped)"))

    dgs.append(("v4agent-seq3", False, datagram(3, [
        flow_sample(1, 0, 7, 4096, 4096, [raw_header(F["vlan-ipv4"])],
                    inp=7, outp=3),
        flow_sample(2, 0, 7, 4096, 8192, [raw_header(F["vlan-ipv6"])],
                    inp=7, outp=5),
        counter_sample_exp(1, 0, 7, [
            eth_counters(7),
            # 8 bytes beyond the 88 of the spec: an extension, skipped.
            if_counters(7, 100_000_000_000, 5_000_000_000_000,
                        4_000_000_000_000, extra=u32(0xE0E0E0E0, 0xE1E1E1E1)),
        ]),
        u32(5, 8) + u32(0, 0),                    # sample 0:5: unknown here
    ]), [rh("vlan-ipv4", 4096), rh("vlan-ipv6", 4096)],
        "flow 0:7 seq 1 (802.1Q VLAN 100 IPv4, rate 4096), flow 0:7 seq 2 "
        "(802.1Q VLAN 100 IPv6, rate 4096), expanded counters 0:7 seq 1 "
        "(ethernet counters 0:2, skipped; generic ifIndex 7 with 8 extra "
        "bytes, skipped), sample 0:5 (unknown, skipped)"))

    # Source 0:3 again: sample seq 3 was lost (the gap), 4 and 5 arrive.
    dgs.append(("v4agent-seq4-gap", False, datagram(4, [
        flow_sample(4, 0, 3, 1, 4, [raw_header(F["ipv4-tcp"])]),
        flow_sample(5, 0, 3, 1, 5, [raw_header(F["nd-ns"])]),
        counter_sample(2, 0, 3, [if_counters(3, 10_000_000_000,
                                             123456799012, 98765442109)]),
    ]), [rh("ipv4-tcp", 1), rh("nd-ns", 1)],
        "flow 0:3 seq 4 (IPv4, rate 1; seq 3 missing: one lost sample), "
        "flow 0:3 seq 5 (ND NS, rate 1), counters 0:3 seq 2 (generic)"))

    dgs.append(("v6agent-seq1", True, datagram(1, [
        flow_sample(1, 0, 9, 1000, 1000, [raw_header(F["ipv4-tcp"])],
                    inp=9, outp=3),
        flow_sample(2, 0, 9, 1000, 2000, [raw_header(F["arp"])],
                    inp=9, outp=0x80000000 | 2),
        counter_sample_exp(1, 0, 9, [if_counters(9, 1_000_000_000, 42, 43)]),
    ], agent=AGENT6), [rh("ipv4-tcp", 1000), rh("arp", 1000)],
        "IPv6 agent 2001:db8:7f8::fa over IPv6/UDP: flow 0:9 seq 1 (IPv4, "
        "rate 1000), flow 0:9 seq 2 (ARP, rate 1000), expanded counters 0:9 "
        "seq 1 (generic ifIndex 9)"))
    return dgs


def malformed():
    F = {k: v[0] for k, v in FRAMES.items()}
    good = datagram(10, [
        flow_sample(1, 0, 11, 1, 1, [raw_header(F["ipv4-tcp"])]),
        flow_sample(2, 0, 11, 1, 2, [raw_header(F["arp"])]),
    ])
    one_sample = flow_sample(3, 0, 11, 1, 3, [raw_header(F["arp"])])
    m = []  # (name, bytes, status, delivered raw headers, if counters, note)

    m.append(("cut-mid-sample", good[:len(good) - 40], "DEC_TRUNCATED", 1, 0,
              "2 flow samples, cut 40 bytes before the end: the first "
              "(IPv4) is delivered, the second sample's length runs past "
              "the end"))
    m.append(("cut-in-header", good[:22], "DEC_TRUNCATED", 0, 0,
              "22 bytes: the datagram header ends inside sub_agent/seq"))
    m.append(("zero-length-sample", datagram(11, [
        one_sample, u32(1, 0)]), "DEC_INVALID", 1, 0,
              "a flow sample (ARP, delivered), then a sample of length 0"))
    m.append(("sample-length-lies", datagram(12, [
        u32(1, 4000) + one_sample[8:]]), "DEC_TRUNCATED", 0, 0,
              "a flow sample that declares 4000 bytes, holds 116"))
    rec = raw_header(F["arp"])
    body = u32(4, 0 << 24 | 11, 1, 4, 0, 3, 5, 1) + u32(1, 500) + rec[8:]
    m.append(("record-length-lies", datagram(13, [u32(1, len(body)) + body]),
              "DEC_TRUNCATED", 0, 0,
              "a raw header record that declares 500 bytes inside a "
              "sample that holds 76"))
    short = if_counters(3, 1, 2, 3)
    short = u32(1, 80) + short[8:88]
    m.append(("counters-too-short", datagram(14, [
        counter_sample(3, 0, 3, [short])]), "DEC_INVALID", 0, 0,
              "generic interface counters declared 80 bytes (the spec's "
              "are 88)"))
    hdr = F["arp"]
    bad_rh = u32(1, 16 + 60) + u32(1, 64, 4, 200) + hdr
    m.append(("header-length-lies", datagram(15, [
        flow_sample(5, 0, 11, 1, 5, [bad_rh])]), "DEC_TRUNCATED", 0, 0,
              "raw header with header_length 200 in a 76-byte record"))
    m.append(("version-4", struct.pack(">I", 4) + good[4:], "DEC_UNSUPPORTED",
              0, 0, "version 4 (the rest as the v5 datagram)"))
    m.append(("n-samples-huge", datagram(16, [one_sample],
                                         n_samples=0xFFFFFFFF),
              "DEC_TRUNCATED", 1, 0,
              "n_samples = 0xffffffff with one flow sample (ARP, "
              "delivered)"))
    m.append(("agent-type-3", datagram(17, [one_sample], atype=3),
              "DEC_INVALID", 0, 0, "agent address type 3"))
    body = u32(6, 11, 1, 6, 0, 3, 5, 0xFFFFFFFF) + raw_header(F["arp"])
    m.append(("n-records-huge", datagram(18, [u32(1, len(body)) + body]),
              "DEC_TRUNCATED", 1, 0,
              "a flow sample with n_records = 0xffffffff and one raw "
              "header (ARP, delivered)"))
    m.append(("flow-sample-too-short", datagram(19, [
        u32(1, 20) + u32(7, 11, 1, 7, 0)]), "DEC_INVALID", 0, 0,
              "a flow sample of 20 bytes (the fixed part is 32)"))
    return m


# --------------------------------------------------------------------------
# Transport and output

def udp_frame(payload, ipv6=False, sport=50000):
    if ipv6:
        pkt = (Ether(src=MAC_AGENT, dst=MAC_COLL) /
               IPv6(src=AGENT6, dst=COLL6, hlim=64, fl=0) /
               UDP(sport=sport, dport=6343) / Raw(payload))
    else:
        pkt = (Ether(src=MAC_AGENT, dst=MAC_COLL) /
               IP(src=AGENT4, dst=COLL4, id=0, ttl=64, flags="DF") /
               UDP(sport=sport, dport=6343) / Raw(payload))
    return bytes(pkt)


def eth_of(name):
    return FRAMES[name][1]


def main():
    os.makedirs(CAPDIR, exist_ok=True)
    os.makedirs(SEEDDIR, exist_ok=True)
    for n in os.listdir(SEEDDIR):
        if n.startswith("seed-"):
            os.remove(os.path.join(SEEDDIR, n))

    b = basic()
    recs = []
    for i, (name, v6, dg, _, _) in enumerate(b):
        fr = udp_frame(dg, v6)
        recs.append((pcapio.T0_NS + i * 1_000_000_000, fr, len(fr)))
    pcapio.write_pcap(os.path.join(CAPDIR, "sflow-basic.pcap"), recs)

    m = malformed()
    recs = []
    for i, (name, dg, *_rest) in enumerate(m):
        fr = udp_frame(dg)
        recs.append((pcapio.T0_NS + i * 1_000_000_000, fr, len(fr)))
    pcapio.write_pcap(os.path.join(CAPDIR, "sflow-malformed.pcap"), recs)

    for i, (name, _, dg, _, _) in enumerate(b):
        with open(os.path.join(SEEDDIR, "seed-basic-%02d-%s" % (i + 1, name)),
                  "wb") as f:
            f.write(dg)
    for i, (name, dg, *_rest) in enumerate(m):
        with open(os.path.join(SEEDDIR, "seed-bad-%02d-%s" % (i + 1, name)),
                  "wb") as f:
            f.write(dg)
    # Every sample of the basic datagrams alone in a datagram, and every
    # prefix cut at a sample boundary: more entry points for the fuzzer.
    n = 0
    for name, _, dg, _, _ in b:
        hdrlen = 28 if dg[4:8] == u32(1) else 40
        off = hdrlen
        while off < len(dg):
            slen = struct.unpack(">I", dg[off + 4:off + 8])[0]
            s = dg[off:off + 8 + slen]
            n += 1
            one = dg[:hdrlen - 4] + u32(1) + s
            with open(os.path.join(SEEDDIR, "seed-sample-%02d" % n),
                      "wb") as f:
                f.write(one)
            off += 8 + slen

    write_readme(b, m)


def write_readme(b, m):
    tot = {}  # ethertype name -> [frames, bytes w/o FCS, bytes with FCS]
    lines = []
    for i, (name, v6, dg, rhs, note) in enumerate(b):
        lines.append("| %d | %s | %d | %s |" % (
            i + 1, "IPv6" if v6 else "IPv4", len(dg), note))
        for fname, rate in rhs:
            frame = FRAMES[fname][0]
            t = tot.setdefault(ETH_NAMES[eth_of(fname)], [0, 0, 0, 0])
            t[0] += 1
            t[1] += rate
            t[2] += len(frame) * rate
            t[3] += (len(frame) + FCS) * rate
    frows = []
    for fname, (frame, et, vlan) in FRAMES.items():
        frows.append("| %s | 0x%04x %s%s | %d | %d | %d |" % (
            fname, et, ETH_NAMES[et],
            " (802.1Q VLAN %d)" % vlan if vlan else "", len(frame),
            len(frame) + FCS, min(len(frame), HEADER_SIZE)))
    trows = []
    for et in ("IPv4", "IPv6", "ARP"):
        t = tot.get(et, [0, 0, 0, 0])
        trows.append("| %s | %d | %d | %d | %d |" % (et, t[0], t[1], t[2],
                                                    t[3]))
    mrows = []
    for i, (name, dg, st, nrh, nic, note) in enumerate(m):
        mrows.append("| %d | %s | %d | %s | %d | %s |" % (
            i + 1, name, len(dg), st, nrh, note))
    text = README.format(
        frames="\n".join(frows), basic="\n".join(lines),
        totals="\n".join(trows), malformed="\n".join(mrows))
    with open(os.path.join(CAPDIR, "README.md"), "w") as f:
        f.write(text)


README = """\
# tests/captures/sflow: sFlow v5 fixtures

Written by `tests/gen/make-sflow.py` (deterministic: re-running gives
byte-identical files; do not edit, regenerate).  Each pcap record is one sFlow
v5 datagram in Ethernet / IPv4 / UDP from 192.0.2.250:50000 to
192.0.2.251:**6343** (one over IPv6, 2001:db8:7f8::fa to ::fb), timestamps
one second apart from 2026-11-02T10:00:00Z.  The same datagrams (UDP payload
only) are the fuzz seeds `tests/fuzz/corpus/sflow/seed-*`.

`pmacct-sfprobe.pcap` is a real export, written by
`tests/gen/make-sflow-pmacct.sh` (not by this script): see the end of this
file.

## The sampled frames

Each raw packet header record (flow record 0:1, header_protocol 1 =
Ethernet) carries the first 128 bytes of one of these frames (the whole frame
when shorter).  As hsflowd does, `frame_length` counts the 4-byte FCS and
`stripped` = 4, so the frame on the wire without FCS is
`frame_length - stripped`.

| frame | ethertype (after any tag) | bytes without FCS | frame_length | header_length |
|---|---|---|---|---|
{frames}

## sflow-basic.pcap: every datagram decodes DEC_OK

Datagrams from the IPv4 agent 192.0.2.250 have datagram sequence numbers
1-4, sub-agent 0; the IPv6 agent's only datagram has sequence 1.  Source ids
are written type:index (type 0 = ifIndex).

| # | transport | sFlow bytes | samples |
|---|---|---|---|
{basic}

Totals over the whole file (`struct sflow_result` summed): flow_samples
10, counter_samples 4, other_samples 2 (enterprise 8800 format 1, and 0:5),
raw_headers 10, if_counters 4 (ifIndex 3 twice, 7, 9), other_records 2 (the
extended switch record 0:1001 and the ethernet counters 0:2).  One lost
sample: source 0:3 of agent 192.0.2.250 jumps from sample seq 2 to 4.

Expected per ethertype when each raw header counts as `sampling_rate` frames
(rates: 0:3 = 1, 0:5 = 1000, 0:7 = 4096, 0:9 = 1000).  "bytes" is
`(frame_length - stripped) * sampling_rate`; "bytes incl. FCS" is
`frame_length * sampling_rate`.

| ethertype | raw headers | frames | bytes | bytes incl. FCS |
|---|---|---|---|---|
{totals}

(802.1Q frames are counted by the ethertype after the tag.  ND NS is IPv6.)

## sflow-malformed.pcap: one fault per datagram

All from agent 192.0.2.250 over IPv4/UDP.  "delivered" is how many raw
headers reach the handler before the decoder stops.  No datagram here
carries interface counters that get delivered.

| # | name | sFlow bytes | sflow_decode() | delivered | what |
|---|---|---|---|---|---|
{malformed}

Summed: 7 DEC_TRUNCATED, 4 DEC_INVALID, 1 DEC_UNSUPPORTED; raw headers
delivered 4 (1 IPv4 from #1, ARP from #3, #9, #11; all rate 1, so 1 IPv4
frame of 1514 bytes and 3 ARP frames of 60 bytes), no interface counters.
`struct sflow_result` counts samples whose fixed part was read even when a
record inside then failed: flow_samples 6, counter_samples 1.

## pmacct-sfprobe.pcap: pmacct 1.7.7 sfprobe replaying sample/peering-lan.pcap

491 datagrams, Ethernet / IPv4 / UDP 127.0.0.1 -> 127.0.0.1:46343, agent
127.0.0.1, sub-agent 0; every one decodes DEC_OK.  Configuration:
`plugins: sfprobe`, `pcap_savefile: sample/peering-lan.pcap`,
`pcap_savefile_wait: false`, `sfprobe_receiver: 127.0.0.1:46343`,
`sfprobe_agentip: 127.0.0.1`, `sampling_rate: 1` (snaplen default 128).

3392 flow samples (source 0:1, sample seq 1..3392, no gap), each with one
raw header record (protocol 1, the first <= 128 bytes, frame_length = wire
length + 4, stripped = 4) and one empty extended switch record 0:1001
(other_records 3392); no counter samples.

| ethertype | sample capture (ixmon analyze) | exported | bytes exported (frame_length - stripped) |
|---|---|---|---|
| IPv4 | 2022 frames, 850743 bytes | 2018 | 849010 |
| IPv6 | 1375 frames, 332120 bytes | 1374 | 332027 |
| ARP | 390 frames, 23400 bytes | 0 | 0 |
| other | 6 frames, 360 bytes | 0 | 0 |

Matched frame by frame (wire length and first 128 bytes), every exported
header is a frame of the sample, no duplicates.  Missing: all ARP, LLDP, STP
and CDP frames (pmacctd's core hands only IP packets to its plugins), and
the last 5 IP frames of the file (3787 IPv6, 3788-3791 IPv4: still in
sfprobe's unsent datagram when pmacctd exits at the end of the savefile).
So: equal to `analyze` for IPv4 and IPv6 minus those 5, and 0 for ARP/other.
"""


if __name__ == "__main__":
    main()
