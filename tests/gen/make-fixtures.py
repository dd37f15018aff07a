#!/usr/bin/python3
"""make-fixtures.py - write the small edge-case captures in tests/captures/.

Every frame is built here with its expected classification (ethertype bin,
tunnel kind, decode error), so the counts in each capture are known by
construction; they are written to tests/gen/expected.json for review next
to ixmon's and tshark's numbers (see tests/gen/README.md).

Deterministic: fixed timestamps (from 2026-11-02T10:00:00Z), a fixed random
seed and no scapy field left to chance, so re-running gives byte-identical
files.  Never sends anything: scapy only builds bytes.

    /usr/bin/python3 tests/gen/make-fixtures.py [OUTDIR]   (default tests/captures)
"""
import json
import os
import random
import struct
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapio  # noqa: E402
from pcapio import pad60  # noqa: E402

import logging  # noqa: E402
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.layers.inet import ICMP, IP, TCP, UDP  # noqa: E402
from scapy.layers.inet6 import (  # noqa: E402
    ICMPv6EchoRequest, ICMPv6MLDMultAddrRec, ICMPv6MLDone, ICMPv6MLQuery,
    ICMPv6MLQuery2, ICMPv6MLReport, ICMPv6MLReport2, ICMPv6ND_NA, ICMPv6ND_NS,
    ICMPv6ND_RA, ICMPv6ND_Redirect, ICMPv6ND_RS, ICMPv6NDOptDstLLAddr,
    ICMPv6NDOptMTU, ICMPv6NDOptPrefixInfo, ICMPv6NDOptSrcLLAddr,
    IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop,
    IPv6ExtHdrRouting, RouterAlert)
from scapy.layers.l2 import ARP  # noqa: E402
from scapy.packet import Raw  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
rng = random.Random(20261102)

# Peering LAN addresses (documentation ranges, as in the sample).
MAC_A = "00:1b:54:0a:00:01"   # Cisco OUI
MAC_B = "3c:61:04:0b:00:02"   # Juniper OUI
MAC_C = "28:99:3a:0c:00:03"   # Arista OUI
BCAST = "ff:ff:ff:ff:ff:ff"
V4_A, V4_B, V4_C = "192.0.2.10", "192.0.2.11", "192.0.2.12"
V6_A = "2001:db8:7f8::a506:4500:1"
V6_B = "2001:db8:7f8::a506:4501:1"
LL_A = "fe80::21b:54ff:fe0a:1"
LL_B = "fe80::3e61:4ff:fe0b:2"


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def eth(dst, src, etype):
    """An Ethernet II header (etype may be a TPID or an 802.3 length)."""
    return mac(dst) + mac(src) + struct.pack("!H", etype)


def tagged(dst, src, tags, inner_type):
    """Ethernet with a chain of (tpid, vid) tags then inner_type."""
    out = mac(dst) + mac(src)
    for tpid, vid in tags:
        out += struct.pack("!HH", tpid, vid)
    return out + struct.pack("!H", inner_type)


def llc_frame(dst, src, llc_payload, pad=True):
    """IEEE 802.3: the type field is the length of the LLC payload."""
    f = mac(dst) + mac(src) + struct.pack("!H", len(llc_payload)) + llc_payload
    return pad60(f) if pad else f


def snap(oui, pid):
    return b"\xaa\xaa\x03" + oui.to_bytes(3, "big") + struct.pack("!H", pid)


def ipv4_udp(src, dst, size, sport=40000, dport=9000, ident=1):
    """IPv4/UDP payload bytes (no Ethernet) making an Ethernet frame of size."""
    n = size - 14 - 28
    return bytes(IP(src=src, dst=dst, id=ident, ttl=64) /
                 UDP(sport=sport, dport=dport) / Raw(rng.randbytes(n)))


def ipv4_tcp(src, dst, size, sport=179, dport=40001, flags="PA"):
    n = size - 14 - 40
    return bytes(IP(src=src, dst=dst, id=2, ttl=255) /
                 TCP(sport=sport, dport=dport, seq=1000, ack=2000,
                     flags=flags, window=16384) / Raw(rng.randbytes(n)))


def ipv6_udp(src, dst, size, sport=40000, dport=443):
    n = size - 14 - 48
    return bytes(IPv6(src=src, dst=dst, hlim=64) /
                 UDP(sport=sport, dport=dport) / Raw(rng.randbytes(n)))


def ipv6_tcp(src, dst, size, sport=179, dport=40002):
    n = size - 14 - 60
    return bytes(IPv6(src=src, dst=dst, hlim=255) /
                 TCP(sport=sport, dport=dport, seq=1000, ack=2000,
                     flags="PA", window=16384) / Raw(rng.randbytes(n)))


def csum(data):
    """The Internet checksum (RFC 1071), as CDP and IGMP use it."""
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def with_csum(data, off):
    """data with a 16-bit checksum computed over it stored at off."""
    return data[:off] + struct.pack("!H", csum(data)) + data[off + 2:]


def stp_bpdu(bridge_mac, port=0x8001):
    """A 35-byte 802.1D configuration BPDU (root = this bridge)."""
    br = b"\x80\x00" + mac(bridge_mac)
    return struct.pack("!HBBB", 0, 0, 0, 0) + br + struct.pack("!I", 0) + br + \
        struct.pack("!HHHHH", port, 0, 20 * 256, 2 * 256, 15 * 256)


def lldp_pdu(chassis_mac, port_name, ttl=120):
    """LLDPDU: chassis ID (MAC), port ID (interface name), TTL, End."""
    return struct.pack("!HB", (1 << 9) | 7, 4) + mac(chassis_mac) + \
        struct.pack("!HB", (2 << 9) | (1 + len(port_name)), 5) + \
        port_name.encode() + struct.pack("!HH", (3 << 9) | 2, ttl) + \
        struct.pack("!H", 0)


def cdp_pdu(device, port):
    body = bytes([2, 180, 0, 0]) + \
        struct.pack("!HH", 1, 4 + len(device)) + device.encode() + \
        struct.pack("!HH", 3, 4 + len(port)) + port.encode()
    return snap(0x00000C, 0x2000) + with_csum(body, 2)


def arp_body(op, sha, spa, tha, tpa):
    return bytes(ARP(op=op, hwsrc=sha, psrc=spa, hwdst=tha, pdst=tpa))


def solicited_node(addr):
    import ipaddress
    low = ipaddress.IPv6Address(addr).packed[13:]
    return str(ipaddress.IPv6Address(
        bytes.fromhex("ff02" + "00" * 9 + "01ff") + low))


def mcast_mac(v6):
    import ipaddress
    return "33:33:" + ":".join("%02x" % b for b in
                               ipaddress.IPv6Address(v6).packed[12:])


class Capture:
    """Frames of one fixture with what each is expected to count as."""

    def __init__(self, name):
        self.name = name
        self.frames = []  # (data, orig, cls, tunnel, err, note)

    def add(self, data, cls, tunnel=None, err=None, note="", orig=None):
        self.frames.append((data, len(data) if orig is None else orig, cls,
                            tunnel, err, note))

    def records(self, step_ns=1_000_000, start=0):
        return [(pcapio.T0_NS + start + i * step_ns, d, o)
                for i, (d, o, *_rest) in enumerate(self.frames)]

    def expected(self, snaplen=None):
        ex = {"frames": len(self.frames),
              "ethertype": {c: {"frames": 0, "bytes": 0}
                            for c in ("ipv4", "ipv6", "arp", "other")},
              "tunneled_ipv6": {t: {"frames": 0, "bytes": 0}
                                for t in ("6in4", "teredo", "6to4")},
              "decode_errors": {"truncated": 0, "invalid": 0,
                                "unsupported": 0},
              "notes": []}
        for i, (d, o, cls, tun, err, note) in enumerate(self.frames, 1):
            ex["ethertype"][cls]["frames"] += 1
            ex["ethertype"][cls]["bytes"] += o
            if tun:
                ex["tunneled_ipv6"][tun]["frames"] += 1
                ex["tunneled_ipv6"][tun]["bytes"] += o
            if err:
                ex["decode_errors"][err] += 1
            if note:
                ex["notes"].append(f"frame {i}: {note}")
        return ex


# ---------------------------------------------------------------- qinq.pcap
def make_qinq():
    c = Capture("qinq")
    S, C, L = 0x88A8, 0x8100, 0x9100
    c.add(pad60(eth(MAC_B, MAC_A, 0x0800) + ipv4_udp(V4_A, V4_B, 60)), "ipv4",
          note="untagged IPv4 baseline")
    c.add(tagged(MAC_B, MAC_A, [(S, 100), (C, 200)], 0x0800) +
          ipv4_udp(V4_A, V4_B, 200), "ipv4", note="802.1ad S100 + 802.1Q C200, IPv4")
    c.add(tagged(MAC_B, MAC_A, [(S, 100), (C, 200)], 0x86DD) +
          ipv6_tcp(V6_A, V6_B, 300), "ipv6", note="802.1ad + 802.1Q, IPv6/TCP")
    c.add(pad60(tagged(BCAST, MAC_A, [(S, 100), (C, 200)], 0x0806) +
                arp_body(1, MAC_A, V4_A, "00:00:00:00:00:00", V4_B)), "arp",
          note="802.1ad + 802.1Q, ARP request (padded)")
    c.add(tagged(MAC_B, MAC_A, [(L, 300), (C, 10)], 0x0800) +
          ipv4_udp(V4_A, V4_B, 128), "ipv4", note="legacy 0x9100 + 802.1Q, IPv4")
    c.add(tagged(MAC_B, MAC_A, [(L, 301)], 0x86DD) +
          ipv6_udp(V6_A, V6_B, 150), "ipv6", note="single legacy 0x9100 tag, IPv6")
    c.add(tagged(MAC_B, MAC_A, [(S, 100), (C, 200), (C, 300)], 0x0800) +
          ipv4_udp(V4_A, V4_B, 400), "ipv4", note="triple tag 88a8/8100/8100, IPv4")
    c.add(tagged(MAC_B, MAC_A, [(L, 7), (S, 8), (C, 9)], 0x86DD) +
          ipv6_udp(V6_A, V6_B, 500), "ipv6", note="triple tag 9100/88a8/8100, IPv6")
    bpdu = b"\x42\x42\x03" + stp_bpdu(MAC_C)
    f = tagged("01:80:c2:00:00:00", MAC_C, [(C, 200)], len(bpdu)) + bpdu
    c.add(pad60(f), "other", note="802.1Q tag then 802.3 length + LLC (STP BPDU)")
    cdp = cdp_pdu("sw01", "Gi0/1")
    f = tagged("01:00:0c:cc:cc:cc", MAC_C, [(S, 100), (C, 200)], len(cdp)) + cdp
    c.add(pad60(f), "other", note="802.1ad + 802.1Q then 802.3 length + SNAP (CDP)")
    c.add(pad60(tagged(MAC_B, MAC_A, [(C, 42)], 0x88B5) + b"local-experimental"),
          "other", note="802.1Q tag, local experimental ethertype 0x88b5")
    c.add(pad60(tagged(MAC_B, MAC_A, [(C, 4095)], 0x0806) +
                arp_body(2, MAC_A, V4_A, MAC_B, V4_B)), "arp",
          note="802.1Q VID 4095, ARP reply")
    c.add(tagged(MAC_B, MAC_A, [(S, 1), (S, 2), (C, 3)], 0x0800) +
          ipv4_tcp(V4_A, V4_B, 1514), "ipv4", note="double S-tag then C-tag, IPv4 1514")
    f = mac(MAC_B) + mac(MAC_A) + struct.pack("!HH", C, 5)[:3]
    c.add(f, "other", err="truncated",
          note="frame ends inside the 802.1Q tag (15 bytes)")
    return c


# ----------------------------------------------------------------- llc.pcap
def make_llc():
    c = Capture("llc")
    CISCO = "01:00:0c:cc:cc:cc"
    cdp = cdp_pdu("router-a", "Gi0/0/0")
    c.add(llc_frame(CISCO, MAC_A, cdp), "other", note="CDP (SNAP 00000c/2000)")
    vtp = snap(0x00000C, 0x2003) + bytes([1, 1, 0, 4]) + b"IXP0" + bytes(28) + \
        struct.pack("!I", 7) + bytes([192, 0, 2, 12]) + b"261102100000" + bytes(16)
    c.add(llc_frame(CISCO, MAC_A, vtp), "other", note="VTP (SNAP 00000c/2003)")
    dtp = snap(0x00000C, 0x2004) + bytes([1]) + struct.pack("!HH", 1, 13) + \
        b"IXP0\x00\x00\x00\x00\x00" + struct.pack("!HHB", 2, 5, 0x03)
    c.add(llc_frame(CISCO, MAC_A, dtp), "other", note="DTP (SNAP 00000c/2004)")
    udld = snap(0x00000C, 0x0111) + bytes([0x21, 0x00, 0x00, 0x00]) + \
        struct.pack("!HH", 1, 4 + 11) + b"FOC1234ABCD"
    c.add(llc_frame(CISCO, MAC_A, udld), "other", note="UDLD (SNAP 00000c/0111)")
    bpdu = stp_bpdu(MAC_C)
    pvst = snap(0x00000C, 0x010B) + bpdu + b"\x00\x00\x00\x02\x00\x64"
    c.add(llc_frame("01:00:0c:cc:cc:cd", MAC_C, pvst), "other",
          note="PVST+ (SNAP 00000c/010b)")
    c.add(llc_frame("01:80:c2:00:00:00", MAC_C, b"\x42\x42\x03" + bpdu),
          "other", note="STP config BPDU (DSAP 0x42), padded to 60")
    isis = b"\xfe\xfe\x03" + bytes([0x83, 27, 1, 0, 15, 1, 0, 0, 1]) + \
        mac(MAC_C) + bytes([0x00, 0x1e]) + struct.pack("!H", 27) + \
        bytes([64]) + mac(MAC_C) + b"\x01"
    c.add(llc_frame("01:80:c2:00:00:14", MAC_C, isis), "other",
          note="IS-IS L1 LAN hello (DSAP 0xfe)")
    ipx = b"\xff\xff" + struct.pack("!H", 30) + bytes([0, 4]) + bytes(24)
    c.add(llc_frame(BCAST, MAC_C, ipx), "other",
          note="Novell raw 802.3 (0xffff after the length)")
    nb = b"\xf0\xf0\x00\x02" + b"netbios-i-frame"
    c.add(llc_frame(MAC_B, MAC_A, nb), "other",
          note="LLC I-format PDU (two control bytes), DSAP 0xf0")
    lacp = bytes([1, 1, 1, 20, 0x80, 0, ]) + mac(MAC_A) + bytes([0, 1, 0x80, 0, 0, 1, 0x3d, 0, 0, 0]) + \
        bytes([2, 20, 0x80, 0]) + bytes(6) + bytes([0, 1, 0x80, 0, 0, 1, 0x01, 0, 0, 0]) + \
        bytes([3, 16]) + struct.pack("!H", 0) + bytes(12) + bytes([0, 0]) + bytes(50)
    c.add(eth("01:80:c2:00:00:02", MAC_A, 0x8809) + lacp, "other",
          note="LACP (ethertype 0x8809)")
    lldp = lldp_pdu(MAC_A, "xe-0/0/1")
    c.add(pad60(eth("01:80:c2:00:00:0e", MAC_A, 0x88CC) + lldp), "other",
          note="LLDP (ethertype 0x88cc)")
    c.add(eth(BCAST, MAC_A, 0x0806) +
          arp_body(1, MAC_A, V4_A, "00:00:00:00:00:00", V4_B) +
          b"\xde\xad\xbe\xef" * 4 + b"\x00\x00", "arp",
          note="ARP padded to 60 with non-zero trailer bytes")
    c.add(pad60(eth(MAC_B, MAC_A, 0x0800) + bytes(
        IP(src=V4_A, dst=V4_B, id=3, ttl=64) / UDP(sport=7000, dport=7001) /
        Raw(b"x"))), "ipv4", note="IPv4/UDP of 29 bytes padded to 60")
    c.add(eth(MAC_B, MAC_A, 0x86DD) + bytes(
        IPv6(src=V6_A, dst=V6_B, hlim=64) / UDP(sport=7000, dport=7001)),
        "ipv6", note="IPv6/UDP with no payload (62 bytes, no padding needed)")
    c.add(llc_frame("01:80:c2:00:00:00", MAC_C, b"\x42\x42\x03" + bpdu,
                    pad=False), "other", note="STP BPDU unpadded (52 bytes)")
    return c


# ------------------------------------------------------- snap128 / snap64
def make_snapmix():
    c = Capture("snapmix")
    V4X, V4Y = "198.51.100.7", "203.0.113.9"
    V6X, V6Y = "2001:db8:100::7", "2001:db8:200::9"
    for size in (1514, 1514, 1000, 576, 128, 64):
        c.add(eth(MAC_B, MAC_A, 0x0800) + ipv4_tcp(V4X, V4Y, size, 443, 51000),
              "ipv4", note=f"IPv4/TCP {size}")
    for size in (1514, 700, 90):
        c.add(eth(MAC_A, MAC_B, 0x0800) + ipv4_udp(V4Y, V4X, size), "ipv4",
              note=f"IPv4/UDP {size}")
    for size in (1514, 1514, 800, 86):
        c.add(eth(MAC_B, MAC_A, 0x86DD) + ipv6_tcp(V6X, V6Y, size, 443, 52000),
              "ipv6", note=f"IPv6/TCP {size}")
    for size in (1280, 300):
        c.add(eth(MAC_A, MAC_B, 0x86DD) + ipv6_udp(V6Y, V6X, size), "ipv6",
              note=f"IPv6/UDP {size}")
    c.add(pad60(eth(BCAST, MAC_A, 0x0806) +
                arp_body(1, MAC_A, V4_A, "00:00:00:00:00:00", V4_B)), "arp",
          note="ARP request 60")
    c.add(pad60(eth(MAC_A, MAC_B, 0x0806) +
                arp_body(2, MAC_B, V4_B, MAC_A, V4_A)), "arp", note="ARP reply 60")
    ns = IPv6(src=LL_A, dst=solicited_node(V6_B), hlim=255) / \
        ICMPv6ND_NS(tgt=V6_B) / ICMPv6NDOptSrcLLAddr(lladdr=MAC_A)
    c.add(eth(mcast_mac(solicited_node(V6_B)), MAC_A, 0x86DD) + bytes(ns),
          "ipv6", note="ND NS with SLL (86)")
    c.add(tagged(MAC_B, MAC_A, [(0x8100, 100)], 0x0800) +
          ipv4_udp(V4X, V4Y, 1514 - 4), "ipv4", note="802.1Q IPv4/UDP 1514")
    inner = bytes(IPv6(src="2001:db8:1::1", dst="2001:db8:2::2", hlim=64) /
                  UDP(sport=5000, dport=5001) / Raw(rng.randbytes(900)))
    c.add(eth(MAC_B, MAC_A, 0x0800) + bytes(
        IP(src=V4X, dst=V4Y, id=9, ttl=64, proto=41) / Raw(inner)),
        "ipv4", tunnel="6in4", note="6in4 (proto 41)")
    inner = bytes(IPv6(src="2001:0:4136:e378:8000:63bf:3fff:fdd2",
                       dst="2001:db8:2::2", hlim=64) /
                  UDP(sport=5000, dport=5001) / Raw(rng.randbytes(600)))
    c.add(eth(MAC_B, MAC_A, 0x0800) + bytes(
        IP(src=V4X, dst=V4Y, id=10, ttl=64) / UDP(sport=3544, dport=3544) /
        Raw(inner)), "ipv4", tunnel="teredo", note="Teredo (UDP 3544, inner 2001:0::/32 source)")
    c.add(pad60(eth("01:80:c2:00:00:00", MAC_C, 38) + b"\x42\x42\x03" +
                stp_bpdu(MAC_C)), "other", note="STP BPDU 60")
    return c


# ------------------------------------------------------------ tunnels.pcap
def make_tunnels():
    c = Capture("tunnels")
    R1, R2 = "198.51.100.1", "203.0.113.2"

    def v4(payload, proto=None, ident=1, **kw):
        ip = IP(src=R1, dst=R2, id=ident, ttl=64, **kw)
        if proto is not None:
            ip.proto = proto
        return eth(MAC_B, MAC_A, 0x0800) + bytes(ip / payload)

    def v6(src, dst, size=0, l4=None):
        p = IPv6(src=src, dst=dst, hlim=64)
        p = p / (l4 if l4 is not None else ICMPv6EchoRequest(id=1, seq=1))
        return bytes(p / Raw(rng.randbytes(size)))

    for i, size in enumerate((0, 200, 1200)):
        c.add(v4(Raw(v6("2001:db8:1::1", "2001:db8:2::1", size)), 41, i + 1),
              "ipv4", tunnel="6in4", note="6in4, native IPv6 inside")
    c.add(v4(Raw(v6("2002:c633:6401::1", "2001:db8:2::1", 100)), 41, 4),
          "ipv4", tunnel="6to4", note="6to4, inner source 2002::/16")
    c.add(v4(Raw(v6("2001:db8:2::1", "2002:cb00:7102::1", 100)), 41, 5),
          "ipv4", tunnel="6to4", note="6to4, inner destination 2002::/16")
    c.add(v4(Raw(v6("2002:c633:6401::1", "2002:cb00:7102::1", 40,
                    TCP(sport=80, dport=50000, seq=1, ack=1, flags="A"))), 41, 6),
          "ipv4", tunnel="6to4", note="6to4, both ends 2002::/16, TCP inside")
    teredo_c = "2001:0:4136:e378:8000:63bf:3fff:fdd2"
    c.add(v4(UDP(sport=3544, dport=3544) /
             Raw(v6(teredo_c, "2001:db8:2::1", 64)), ident=7),
          "ipv4", tunnel="teredo", note="Teredo, bare IPv6 (source 2001:0::/32)")
    c.add(v4(UDP(sport=40000, dport=3544) /
             Raw(v6("2001:db8:2::1", teredo_c, 300)), ident=8),
          "ipv4", tunnel="teredo", note="Teredo to port 3544, destination 2001:0::/32")
    origin = b"\x00\x00" + struct.pack("!H", 40000 ^ 0xFFFF) + \
        bytes(b ^ 0xFF for b in bytes([198, 51, 100, 1]))
    c.add(v4(UDP(sport=3544, dport=40000) /
             Raw(origin + v6("2001:db8:2::1", teredo_c, 0)), ident=9),
          "ipv4", tunnel="teredo", note="Teredo with origin indication (00 00 port addr)")
    auth = b"\x00\x01" + bytes([0, 0]) + bytes(8) + b"\x00"
    c.add(v4(UDP(sport=3544, dport=40000) /
             Raw(auth + origin + v6("2001:db8:2::1", teredo_c, 0)), ident=10),
          "ipv4", tunnel="teredo",
          note="Teredo with authentication (id/auth len 0) and origin indication")
    c.add(v4(UDP(sport=3544, dport=40001) / Raw(rng.randbytes(120)), ident=11),
          "ipv4", note="UDP 3544 random payload: not Teredo")
    looks6 = v6("2001:db8:1::1", "2001:db8:2::1", 20)
    c.add(v4(UDP(sport=3544, dport=40002) / Raw(looks6), ident=12), "ipv4",
          note="UDP 3544 with an IPv6 header but no 2001:0::/32 end: not Teredo")
    c.add(v4(UDP(sport=3544, dport=40003) / Raw(b"\x60" + bytes(30)), ident=13),
          "ipv4", note="UDP 3544, version nibble 6 but only 31 bytes: not Teredo")
    inner = v6("2001:db8:1::1", "2001:db8:2::1", 1000)
    c.add(v4(Raw(inner[:600]), 41, 14, flags="MF"), "ipv4", tunnel="6in4",
          note="IPv4 first fragment (MF, offset 0) of proto 41: inner header present")
    c.add(v4(Raw(inner[600:]), 41, 14, frag=75), "ipv4",
          note="IPv4 later fragment (offset 600) of proto 41: no inner header, not counted")
    c.add(eth(MAC_B, MAC_A, 0x86DD) + bytes(
        IPv6(src=V6_A, dst=V6_B, hlim=64, nh=41) /
        Raw(v6("2001:db8:1::1", "2001:db8:2::1", 10))), "ipv6",
        note="IPv6-in-IPv6 (next header 41): native IPv6, not a v4 tunnel")
    c.add(eth(MAC_B, MAC_A, 0x0800) + ipv4_udp(R1, R2, 300), "ipv4",
          note="plain IPv4/UDP")
    return c


# ------------------------------------------------------------ nd-mld.pcap
def make_nd_mld():
    c = Capture("nd-mld")
    ALLN, ALLR = "ff02::1", "ff02::2"

    def e6(dst_mac, src_mac, pkt):
        return eth(dst_mac, src_mac, 0x86DD) + bytes(pkt)

    c.add(e6("33:33:00:00:00:02", MAC_A, IPv6(src=LL_A, dst=ALLR, hlim=255) /
             ICMPv6ND_RS() / ICMPv6NDOptSrcLLAddr(lladdr=MAC_A)), "ipv6",
          note="RS with SLL")
    c.add(e6("33:33:00:00:00:01", MAC_B, IPv6(src=LL_B, dst=ALLN, hlim=255) /
             ICMPv6ND_RA(chlim=64, M=0, O=0, routerlifetime=1800,
                         reachabletime=0, retranstimer=0) /
             ICMPv6NDOptSrcLLAddr(lladdr=MAC_B) /
             ICMPv6NDOptMTU(mtu=1500) /
             ICMPv6NDOptPrefixInfo(prefixlen=64, L=1, A=1, validlifetime=2592000,
                                   preferredlifetime=604800,
                                   prefix="2001:db8:7f8::")), "ipv6",
          note="RA with SLL, MTU 1500 and prefix 2001:db8:7f8::/64")
    sn = solicited_node(V6_B)
    c.add(e6(mcast_mac(sn), MAC_A, IPv6(src=V6_A, dst=sn, hlim=255) /
             ICMPv6ND_NS(tgt=V6_B) / ICMPv6NDOptSrcLLAddr(lladdr=MAC_A)),
          "ipv6", note="NS (address resolution) with SLL")
    c.add(e6(MAC_B, MAC_A, IPv6(src=LL_A, dst=LL_B, hlim=255) /
             ICMPv6ND_NS(tgt=LL_B)), "ipv6", note="NS (unicast NUD), no option")
    c.add(e6(mcast_mac(solicited_node(V6_A)), MAC_A,
             IPv6(src="::", dst=solicited_node(V6_A), hlim=255) /
             ICMPv6ND_NS(tgt=V6_A)), "ipv6", note="NS for DAD (source ::)")
    c.add(e6(MAC_A, MAC_B, IPv6(src=V6_B, dst=V6_A, hlim=255) /
             ICMPv6ND_NA(R=1, S=1, O=1, tgt=V6_B) /
             ICMPv6NDOptDstLLAddr(lladdr=MAC_B)), "ipv6",
          note="NA R|S|O with TLL")
    c.add(e6("33:33:00:00:00:01", MAC_B, IPv6(src=LL_B, dst=ALLN, hlim=255) /
             ICMPv6ND_NA(R=0, S=0, O=1, tgt=LL_B) /
             ICMPv6NDOptDstLLAddr(lladdr=MAC_B)), "ipv6",
          note="unsolicited NA (O only) with TLL")
    c.add(e6(MAC_A, MAC_B, IPv6(src=LL_B, dst=V6_A, hlim=255) /
             ICMPv6ND_Redirect(tgt=LL_B, dst="2001:db8:99::1") /
             ICMPv6NDOptDstLLAddr(lladdr=MAC_B)), "ipv6",
          note="Redirect with TLL")
    hbh = IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)])
    c.add(e6("33:33:00:00:00:01", MAC_B, IPv6(src=LL_B, dst=ALLN, hlim=1) /
             hbh / ICMPv6MLQuery(mrd=10000, mladdr="::")), "ipv6",
          note="MLDv1 general query (24-byte body), HBH Router Alert")
    grp = "ff05::1:3"
    c.add(e6(mcast_mac(grp), MAC_A, IPv6(src=LL_A, dst=grp, hlim=1) /
             hbh / ICMPv6MLReport(mladdr=grp)), "ipv6",
          note="MLDv1 report, HBH Router Alert")
    c.add(e6("33:33:00:00:00:02", MAC_A, IPv6(src=LL_A, dst=ALLR, hlim=1) /
             hbh / ICMPv6MLDone(mladdr=grp)), "ipv6",
          note="MLDv1 done, HBH Router Alert")
    c.add(e6(mcast_mac(grp), MAC_B, IPv6(src=LL_B, dst=grp, hlim=1) /
             hbh / ICMPv6MLQuery2(mladdr=grp, sources=["2001:db8::1",
                                                       "2001:db8::2"])),
          "ipv6", note="MLDv2 group-and-source query with 2 sources")
    recs = [ICMPv6MLDMultAddrRec(rtype=4, dst="ff02::1:ff06:4500"),
            ICMPv6MLDMultAddrRec(rtype=4, dst="ff02::1:ff0a:1"),
            ICMPv6MLDMultAddrRec(rtype=1, dst="ff3e::8000:1",
                                 sources=["2001:db8::5"]),
            ICMPv6MLDMultAddrRec(rtype=3, dst="ff05::2")]
    c.add(e6("33:33:00:00:00:16", MAC_A, IPv6(src=LL_A, dst="ff02::16", hlim=1) /
             hbh / ICMPv6MLReport2(records=recs)), "ipv6",
          note="MLDv2 report with 4 records, HBH Router Alert")
    c.add(e6(MAC_B, MAC_A, IPv6(src=V6_A, dst=V6_B, hlim=64) /
             IPv6ExtHdrRouting(type=0, addresses=["2001:db8::9"], segleft=1) /
             UDP(sport=1000, dport=2000) / Raw(b"route")), "ipv6",
          note="routing header (type 0) + UDP")
    c.add(e6(MAC_B, MAC_A, IPv6(src=V6_A, dst=V6_B, hlim=64) /
             IPv6ExtHdrFragment(id=0x1234, offset=0, m=1) /
             ICMPv6EchoRequest(id=7, seq=1, data=rng.randbytes(56))), "ipv6",
          note="fragment header (first fragment) + ICMPv6 echo")
    c.add(e6(MAC_B, MAC_A, IPv6(src=V6_A, dst=V6_B, hlim=64) /
             IPv6ExtHdrFragment(id=0x1234, offset=8, m=0, nh=58) /
             Raw(rng.randbytes(16))), "ipv6",
          note="fragment header, later fragment (offset 64)")
    c.add(e6(MAC_B, MAC_A, IPv6(src=V6_A, dst=V6_B, hlim=64) /
             IPv6ExtHdrDestOpt() / UDP(sport=1000, dport=2000) / Raw(b"dst")),
          "ipv6", note="destination options + UDP")
    c.add(e6(MAC_B, MAC_A, IPv6(src=V6_A, dst=V6_B, hlim=64) /
             IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() /
             IPv6ExtHdrRouting(type=0, addresses=[]) /
             IPv6ExtHdrFragment(id=1, offset=0, m=0) /
             IPv6ExtHdrDestOpt() / TCP(sport=179, dport=40000, seq=1, ack=1,
                                       flags="A", window=1024)), "ipv6",
          note="chain HBH, dstopts, routing, fragment, dstopts + TCP")
    # An NS whose option has length 0 (RFC 4861 4.6: invalid).
    ns = bytearray(bytes(IPv6(src=V6_A, dst=sn, hlim=255) / ICMPv6ND_NS(tgt=V6_B) /
                         ICMPv6NDOptSrcLLAddr(lladdr=MAC_A)))
    ns[40 + 24 + 1] = 0
    c.add(eth(mcast_mac(sn), MAC_A, 0x86DD) + bytes(ns), "ipv6", err="invalid",
          note="NS whose SLL option has length 0 (invalid)")
    full = eth(mcast_mac(sn), MAC_A, 0x86DD) + bytes(
        IPv6(src=V6_A, dst=sn, hlim=255) / ICMPv6ND_NS(tgt=V6_B) /
        ICMPv6NDOptSrcLLAddr(lladdr=MAC_A))
    c.add(full[:14 + 40 + 14], "ipv6", err="truncated",
          note="NS cut short inside the target (68 of 86 bytes, caplen = len)")
    c.add(eth(MAC_A, MAC_B, 0x86DD) + bytes(
        IPv6(src=V6_B, dst=V6_A, hlim=255) / ICMPv6ND_NA(R=1, S=1, O=0, tgt=V6_B)),
        "ipv6", note="NA R|S, no option")
    return c


# -------------------------------------------------------------- ipv4.pcap
def make_ipv4():
    c = Capture("ipv4")
    X, Y = "198.51.100.7", "203.0.113.9"

    def e4(pkt, dst=MAC_B, src=MAC_A):
        return eth(dst, src, 0x0800) + bytes(pkt)

    c.add(pad60(e4(IP(src=V4_A, dst="224.0.0.22", id=1, ttl=1,
                      options=[b"\x94\x04\x00\x00"], proto=2) /
                   Raw(with_csum(bytes([0x22, 0, 0, 0, 0, 0, 0, 1, 4, 0, 0, 0,
                                       239, 1, 2, 3]), 2)),
                   dst="01:00:5e:00:00:16")), "ipv4",
          note="IGMPv3 report with Router Alert option (IHL 6)")
    c.add(pad60(e4(IP(src=V4_A, dst="224.0.0.2", id=2, ttl=1,
                      options=[b"\x94\x04\x00\x00"], proto=2) /
                   Raw(with_csum(bytes([0x17, 0, 0, 0, 239, 1, 2, 3]), 2)),
                   dst="01:00:5e:00:00:02")), "ipv4",
          note="IGMPv2 leave with Router Alert option")
    c.add(pad60(e4(IP(src=V4_A, dst="224.0.0.1", id=3, ttl=1, proto=2) /
                   Raw(with_csum(bytes([0x11, 100, 0, 0, 0, 0, 0, 0]), 2)),
                   dst="01:00:5e:00:00:01")), "ipv4",
          note="IGMPv2 general query, no options")
    c.add(e4(IP(src=X, dst=Y, id=4, ttl=64,
                options=[b"\x01\x01\x07\x07\x04" + bytes(4) + b"\x00\x00"]) /
             UDP(sport=1, dport=2) / Raw(b"rr")), "ipv4",
          note="IPv4 with NOP, NOP, record-route options, EOL")
    payload = bytes(UDP(sport=5000, dport=6000) / Raw(rng.randbytes(2000)))
    c.add(e4(IP(src=X, dst=Y, id=5, ttl=64, flags="MF", frag=0, proto=17) /
             Raw(payload[:1480])), "ipv4", note="first fragment (MF, offset 0)")
    c.add(e4(IP(src=X, dst=Y, id=5, ttl=64, frag=185, proto=17) /
             Raw(payload[1480:])), "ipv4", note="later fragment (offset 1480)")
    c.add(pad60(e4(IP(src=V4_A, dst=V4_B, id=6, ttl=64) /
                   ICMP(type=8, id=1, seq=1) / Raw(b"ping"))), "ipv4",
          note="ICMP echo request")
    c.add(e4(IP(src=V4_B, dst=V4_A, id=7, ttl=64) /
             ICMP(type=3, code=4, nexthopmtu=1400) /
             Raw(bytes(IP(src=V4_A, dst=V4_B, id=6) / UDP(sport=1, dport=2)))),
          "ipv4", note="ICMP fragmentation needed, quoting IPv4/UDP")
    c.add(e4(IP(src=V4_A, dst=V4_B, id=8, ttl=255) /
             TCP(sport=40000, dport=179, seq=1, flags="S", window=16384,
                 options=[("MSS", 1460), ("SAckOK", b""),
                          ("Timestamp", (1, 0)), ("NOP", None),
                          ("WScale", 7)])), "ipv4",
          note="TCP SYN to port 179 with MSS/SACK/TS/WS options")
    c.add(e4(IP(src=V4_A, dst=V4_B, id=9, ttl=255) /
             TCP(sport=40000, dport=179, seq=2, ack=2, flags="PA", window=16384,
                 options=[("NOP", None), ("NOP", None), ("Timestamp", (2, 1))]) /
             Raw(b"\xff" * 16 + b"\x00\x13\x04")), "ipv4",
          note="BGP KEEPALIVE over TCP with timestamps")
    c.add(e4(IP(src=X, dst=Y, id=10, ttl=64) / UDP(sport=5000, dport=5001) /
             Raw(rng.randbytes(400))), "ipv4", note="UDP")
    full = e4(IP(src=X, dst=Y, id=11, ttl=64) / UDP(sport=1, dport=2) /
              Raw(rng.randbytes(200)))
    c.add(full[:100], "ipv4", err="truncated",
          note="IPv4 total length 228 but frame holds 86 (caplen = len)")
    v5 = bytearray(e4(IP(src=X, dst=Y, id=12, ttl=64) / UDP(sport=1, dport=2) /
                      Raw(b"v5" * 20)))
    v5[14] = 0x55
    c.add(bytes(v5), "ipv4", err="invalid", note="version field 5")
    ihl = bytearray(e4(IP(src=X, dst=Y, id=13, ttl=64) / UDP(sport=1, dport=2) /
                       Raw(b"ihl" * 10)))
    ihl[14] = 0x44
    c.add(bytes(ihl), "ipv4", err="invalid", note="IHL 4 (< 5)")
    tl = bytearray(e4(IP(src=X, dst=Y, id=14, ttl=64) / UDP(sport=1, dport=2) /
                      Raw(b"tl" * 10)))
    tl[16:18] = b"\x00\x10"
    c.add(bytes(tl), "ipv4", err="invalid", note="total length 16 < header 20")
    tso = bytearray(e4(IP(src=X, dst=Y, id=15, ttl=64) /
                       TCP(sport=443, dport=50000, seq=1, ack=1, flags="A") /
                       Raw(rng.randbytes(3000))))
    tso[16:18] = b"\x00\x00"
    c.add(bytes(tso), "ipv4",
          note="total length 0 (segmentation offload on the capturing host), 3054 bytes")
    c.add(pad60(e4(IP(src=V4_A, dst=V4_B, id=16, ttl=64, proto=89) /
                   Raw(b"\x02\x01\x00\x2c" + bytes([192, 0, 2, 10]) + bytes(16) +
                       bytes([255, 255, 255, 0, 0, 10, 2, 1, 0, 0, 0, 40]) +
                       bytes(8)), dst="01:00:5e:00:00:05")),
          "ipv4", note="OSPF hello (proto 89)")
    return c


# ------------------------------------------------------------ sll / sll2
def sll_frames():
    """(protocol, hatype, pkttype, addr, payload, cls, note) for SLL/SLL2."""
    X, Y = "198.51.100.7", "203.0.113.9"
    bpdu = b"\x42\x42\x03" + stp_bpdu(MAC_C)
    return [
        (0x0800, 1, 0, MAC_A, ipv4_udp(X, Y, 300), "ipv4", "IPv4/UDP, incoming"),
        (0x0800, 1, 4, MAC_C, ipv4_tcp(X, Y, 1514), "ipv4", "IPv4/TCP, outgoing"),
        (0x86DD, 1, 0, MAC_B, ipv6_tcp(V6_B, V6_A, 600), "ipv6", "IPv6/TCP"),
        (0x86DD, 1, 2, MAC_A, bytes(
            IPv6(src=LL_A, dst=solicited_node(V6_B), hlim=255) /
            ICMPv6ND_NS(tgt=V6_B) / ICMPv6NDOptSrcLLAddr(lladdr=MAC_A)),
         "ipv6", "ND NS, multicast"),
        (0x0806, 1, 1, MAC_A, arp_body(1, MAC_A, V4_A, "00:00:00:00:00:00", V4_B)
         + bytes(18), "arp", "ARP request, broadcast, padded"),
        (0x0806, 1, 0, MAC_B, arp_body(2, MAC_B, V4_B, MAC_A, V4_A) + bytes(18),
         "arp", "ARP reply"),
        (0x0004, 1, 2, MAC_C, bpdu, "other", "LLC (protocol 0x0004): STP BPDU"),
        (0x8100, 1, 0, MAC_B, struct.pack("!HH", 100, 0x0800) +
         ipv4_udp(X, Y, 200 - 4), "ipv4", "802.1Q tag kept (protocol 0x8100), IPv4"),
        (0x88CC, 1, 2, MAC_A, lldp_pdu(MAC_A, "eth0"), "other", "LLDP"),
        (0x0800, 772, 0, "00:00:00:00:00:00", ipv4_udp("127.0.0.1", "127.0.0.1", 100),
         "ipv4", "loopback (ARPHRD_LOOPBACK) IPv4"),
    ]


def make_sll(v2):
    c = Capture("sll2" if v2 else "sll")
    for i, (proto, hatype, pkttype, addr, payload, cls, note) in \
            enumerate(sll_frames()):
        a = mac(addr) + b"\x00\x00"
        if v2:
            hdr = struct.pack("!HHIHBB", proto, 0, 2 + (i % 2), hatype, pkttype,
                              6) + a
        else:
            hdr = struct.pack("!HHH", pkttype, hatype, 6) + a + \
                struct.pack("!H", proto)
        c.add(hdr + payload, cls, note=note)
    return c


# ------------------------------------------------------------ pcapng
def make_pcapng():
    c = Capture("pcapng")
    X, Y = "198.51.100.7", "203.0.113.9"
    c.add(eth(MAC_B, MAC_A, 0x0800) + ipv4_tcp(X, Y, 1514), "ipv4", note="IPv4/TCP")
    c.add(eth(MAC_A, MAC_B, 0x86DD) + ipv6_tcp(V6_B, V6_A, 1000), "ipv6",
          note="IPv6/TCP")
    c.add(pad60(eth(BCAST, MAC_C, 0x0806) +
                arp_body(1, MAC_C, V4_C, "00:00:00:00:00:00", V4_A)), "arp",
          note="ARP request")
    c.add(llc_frame("01:80:c2:00:00:00", MAC_C, b"\x42\x42\x03" + stp_bpdu(MAC_C)),
          "other", note="STP BPDU")
    c.add(eth(MAC_B, MAC_A, 0x0800) + ipv4_udp(X, Y, 333), "ipv4", note="IPv4/UDP")
    c.add(eth(MAC_A, MAC_B, 0x86DD) + ipv6_udp(V6_B, V6_A, 222), "ipv6",
          note="IPv6/UDP")
    return c


def make_nanosec():
    c = Capture("nanosec-be")
    X, Y = "198.51.100.7", "203.0.113.9"
    c.add(eth(MAC_B, MAC_A, 0x0800) + ipv4_udp(X, Y, 100), "ipv4")
    c.add(eth(MAC_A, MAC_B, 0x86DD) + ipv6_udp(V6_B, V6_A, 200), "ipv6")
    c.add(pad60(eth(BCAST, MAC_A, 0x0806) +
                arp_body(1, MAC_A, V4_A, "00:00:00:00:00:00", V4_B)), "arp")
    c.add(eth(MAC_B, MAC_A, 0x0800) + ipv4_udp(X, Y, 400), "ipv4")
    return c


def make_misaligned():
    """Frames sent without their Ethernet header (docs/syslog.md, the misaligned case).

    The IPv6 packet starts at frame byte 0, so a switch reads next-header,
    hop-limit and the first four bytes of the source address as the source
    MAC: 06:ff:20:01:0d:b8 for TCP from 2001:db8:7f8::/64.  Addresses are
    the sample's members (AS64500 and AS64501 in sample/members.json).
    """
    c = Capture("misaligned")
    s1, s2 = "2001:db8:7f8::a506:4500:1", "2001:db8:7f8::a506:4501:1"
    bgp = bytes(IPv6(src=s1, dst=s2, hlim=255) /
                TCP(sport=179, dport=51234, seq=7, ack=9, flags="PA",
                    window=16384) / Raw(b"\xff" * 16 + b"\x00\x13\x04"))
    back = bytes(IPv6(src=s2, dst=s1, hlim=255) /
                 TCP(sport=51234, dport=179, seq=9, ack=26, flags="A",
                     window=16384))
    udp = bytes(IPv6(src=s2, dst=s1, hlim=64) / UDP(sport=3784, dport=3784) /
                Raw(bytes(24)))
    c.add(bgp, "other", note="IPv6 BGP keepalive, no L2 header: 'MAC' 06:ff:20:01:0d:b8")
    c.add(back, "other", note="the reverse direction, no L2 header")
    c.add(bgp[:12] + bytes.fromhex("81000064") + bgp[12:], "other",
          note="no L2 header, and a mirror switch added an 802.1Q tag after 12 bytes")
    c.add(udp, "other",
          note="BFD over UDP: next header 17 makes the 'MAC' a group address (11:40:...)")
    bgp4 = bytes(IP(src="192.0.2.10", dst="192.0.2.11", ttl=255, id=77) /
                 TCP(sport=179, dport=51235, seq=7, ack=9, flags="PA",
                     window=16384) / Raw(b"\xff" * 16 + b"\x00\x13\x04"))
    c.add(bgp4, "other",
          note="IPv4 BGP keepalive, no L2 header: the 'ethertype' is 0xc000 (192.0.)")
    c.add(eth("3c:61:04:a5:01:01", "00:1b:54:a5:00:01", 0x86DD) +
          ipv6_tcp(V6_A, V6_B, 200), "ipv6",
          note="a well-formed frame for contrast, AS64500's registered MAC")
    return c


NANO_TS = [1, 123456789, 123456790, 999999999]  # ns past T0 + i seconds


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests",
                                                             "captures")
    bad = os.path.join(out, "bad")
    os.makedirs(bad, exist_ok=True)
    expected = {}

    def put(name, cap, **kw):
        recs = kw.pop("records", None) or cap.records()
        path = os.path.join(out, name)
        if name.endswith(".pcapng"):
            data = pcapio.pcapng_bytes(recs, **kw)
        else:
            data = pcapio.pcap_bytes(recs, **kw)
        with open(path, "wb") as f:
            f.write(data)
        expected[name] = cap.expected()
        assert len(data) < 100_000, name

    put("qinq.pcap", make_qinq())
    put("llc.pcap", make_llc())
    mix = make_snapmix()
    put("snap128.pcap", mix, snaplen=128)
    put("snap64.pcap", mix, snaplen=64)
    for name in ("snap128.pcap", "snap64.pcap"):
        expected[name]["notes"].append(
            "caplen = min(len, snaplen): bytes must still be the wire lengths")
    # Teredo is only recognised with the inner IPv6 addresses in hand
    # (14 + 20 + 8 + 40 = 82 bytes): a 64-byte snap cannot show it.
    ter = expected["snap64.pcap"]["tunneled_ipv6"]["teredo"]
    ter["frames"], ter["bytes"] = 0, 0
    expected["snap64.pcap"]["notes"].append(
        "frame 21 (Teredo) is not recognisable in 64 bytes: not counted")
    put("tunnels.pcap", make_tunnels())
    put("nd-mld.pcap", make_nd_mld())
    put("ipv4.pcap", make_ipv4())
    put("sll.pcap", make_sll(False), linktype=pcapio.LINKTYPE_LINUX_SLL)
    put("sll2.pcap", make_sll(True), linktype=pcapio.LINKTYPE_LINUX_SLL2)
    png = make_pcapng()
    put("pcapng.pcapng", png, tsresol=9, records=png.records(step_ns=1_000_123),
        comment="ixmon fixture: one interface, nanosecond timestamps")
    ns = make_nanosec()
    put("nanosec-be.pcap", ns, endian=">", nsec=True,
        records=[(pcapio.T0_NS + i * 1_000_000_000 + t, d, o)
                 for i, ((d, o, *_r), t) in enumerate(zip(ns.frames, NANO_TS))])

    # Bad inputs.
    good = pcapio.pcap_bytes(make_nanosec().records())
    with open(os.path.join(bad, "empty.pcap"), "wb"):
        pass
    with open(os.path.join(bad, "truncated-header.pcap"), "wb") as f:
        f.write(good[:10])
    with open(os.path.join(bad, "truncated-record.pcap"), "wb") as f:
        # 4 records; cut the last one (100-byte frame? no: 400) in its middle.
        f.write(good[:len(good) - 200])
    expected["bad/truncated-record.pcap"] = {
        "frames": 3, "notes": ["4 records, the 4th (400 bytes) cut after 200"]}
    with open(os.path.join(bad, "not-a-capture.txt"), "w") as f:
        f.write("This is not a capture file.\nixmon must say so and go on.\n")
    wlan = make_nanosec()
    with open(os.path.join(bad, "unsupported-linktype.pcap"), "wb") as f:
        f.write(pcapio.pcap_bytes(wlan.records(),
                                  linktype=pcapio.LINKTYPE_IEEE802_11))

    # Last, so its random bytes do not shift the fixtures above.
    put("misaligned.pcap", make_misaligned())

    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
