#!/usr/bin/python3
"""make-sample.py - write sample/peering-lan.pcap and sample/members.json.

A small, realistic IXP peering LAN, 40 minutes of mirror-port capture from
2026-11-02T10:00:00Z: IPv4 LAN 192.0.2.0/24 (TEST-NET-1), IPv6 LAN
2001:db8:7f8::/64 (documentation), 13 registered members with private ASNs
(and one 4-byte ASN), each with one router MAC from a real vendor OUI and an
IPv6 address from the AS-number scheme (AS 64500 -> 2001:db8:7f8::a506:4500:1;
AS 4200000001 -> 2001:db8:7f8::a542:0:1:1, the same rule with all ten digits).

Traffic: BGP over TCP/179 (keepalives every 60 s, updates) in IPv4 and IPv6,
bulk IPv4/IPv6 TCP and UDP between members (64..1514 bytes, about a quarter
of the bytes IPv6), ARP and ND (NS/NA with SLL/TLL options, hop limit 255),
MLDv2 report noise from one member, 802.1Q-tagged frames, LLDP, CDP, an STP
BPDU, 6in4 / 6to4 / Teredo, one router advertisement and a few frames from
an unregistered MAC.  The registry findings built in (see README.md):

  AS64508  IPv6 registered, sends only IPv4          -> ipv6 "silent"
  AS64509  registered, never in the traffic          -> ipv6 "silent", ipv4 unseen
  AS64510  no IPv6 registered, sends IPv6            -> ipv6 "unregistered"
  AS64511  IPv6 registered off the AS scheme (::21)  -> scheme "off-scheme"
  AS64506  sends one router advertisement            -> rogue_ra
  AS64504  MLDv2 reports                             -> MLD noise
  52:54:00:9e:11:01 in no registration               -> mac_unknown

Deterministic: seeded random, fixed timestamps, byte-identical on re-run.

    /usr/bin/python3 tests/gen/make-sample.py [OUTDIR]     (default sample/)
"""
import ipaddress
import json
import logging
import os
import random
import struct
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapio  # noqa: E402
from pcapio import pad60  # noqa: E402

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.layers.inet import IP, TCP, UDP  # noqa: E402
from scapy.layers.inet6 import (  # noqa: E402
    ICMPv6EchoRequest, ICMPv6MLDMultAddrRec, ICMPv6MLReport2, ICMPv6ND_NA,
    ICMPv6ND_NS, ICMPv6ND_RA, ICMPv6NDOptDstLLAddr, ICMPv6NDOptMTU,
    ICMPv6NDOptPrefixInfo, ICMPv6NDOptSrcLLAddr, IPv6, IPv6ExtHdrHopByHop,
    RouterAlert)
from scapy.layers.l2 import ARP  # noqa: E402
from scapy.packet import Raw  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DURATION = 40 * 60  # seconds
rng = random.Random(64500)

V4_LAN = ipaddress.IPv4Network("192.0.2.0/24")
V6_LAN = ipaddress.IPv6Network("2001:db8:7f8::/64")


def scheme_v6(asn):
    """The AS-number scheme: decimal digits of the ASN written as hex
    digits after 'a5', zero-padded to 6 (or 10) digits, then ':1'."""
    digits = "%06d" % asn if asn < 1_000_000 else "%010d" % asn
    h = "a5" + digits
    groups = [h[i:i + 4] for i in range(0, len(h), 4)]
    return str(ipaddress.IPv6Address("2001:db8:7f8::" + ":".join(groups) + ":1"))


class Member:
    def __init__(self, asn, name, mac, host, v6="scheme", v6_registered=True,
                 speaks_v6=True, present=True, speed=10000):
        self.asn, self.name, self.mac = asn, name, mac
        self.v4 = str(V4_LAN[host])
        self.v6 = scheme_v6(asn) if v6 == "scheme" else v6
        self.v6_registered = v6_registered
        self.speaks_v6 = speaks_v6 and present
        self.present = present
        self.speed = speed
        b = bytes(int(x, 16) for x in mac.split(":"))
        eui = bytes([b[0] ^ 2]) + b[1:3] + b"\xff\xfe" + b[3:]
        self.ll = str(ipaddress.IPv6Address(b"\xfe\x80" + bytes(6) + eui))


MEMBERS = [
    Member(64500, "Alpha Transit", "00:1b:54:a5:00:01", 10),        # Cisco
    Member(64501, "Bravo Networks", "3c:61:04:a5:01:01", 11),       # Juniper
    Member(64502, "Charlie CDN", "28:99:3a:a5:02:01", 12),          # Arista
    Member(64503, "Delta Telecom", "00:1a:f0:a5:03:01", 13),        # Alcatel-Lucent
    Member(64504, "Echo Hosting", "00:05:85:a5:04:01", 14),         # Juniper
    Member(64505, "Foxtrot Cable", "84:b8:02:a5:05:01", 15),        # Cisco
    Member(64506, "Golf Mobile", "00:e0:fc:a5:06:01", 16),          # Huawei
    Member(64507, "Hotel Cloud", "00:1c:73:a5:07:01", 17),          # Arista
    Member(64508, "India Broadband", "00:04:96:a5:08:01", 18,       # Extreme
           speaks_v6=False),
    Member(64509, "Juliett Wireless", "4c:5e:0c:a5:09:01", 19,      # MikroTik
           present=False, speed=1000),
    Member(64510, "Kilo Access", "00:0c:db:a5:10:01", 20,           # Brocade
           v6_registered=False),
    Member(64511, "Lima Internet", "00:1e:bd:a5:11:01", 21,         # Cisco
           v6="2001:db8:7f8::21"),
    Member(4200000001, "Mike Exchange Services", "3c:61:04:a5:42:01", 22),
]
BY_ASN = {m.asn: m for m in MEMBERS}
UNKNOWN_MAC = "52:54:00:9e:11:01"  # QEMU/KVM default OUI, registered to no one
BCAST = "ff:ff:ff:ff:ff:ff"

# BGP sessions (bilateral peerings): IPv4 and IPv6.
V4_SESSIONS = [(64500, 64501), (64500, 64502), (64501, 64503), (64502, 64504),
               (64503, 64505), (64504, 64506), (64505, 64507), (64506, 64508),
               (64507, 64510), (64508, 64511), (64500, 4200000001),
               (64511, 64502)]
V6_SESSIONS = [(64500, 64501), (64500, 64502), (64501, 64503), (64504, 64506),
               (64507, 64510), (64511, 64502), (64500, 4200000001)]


def mac_b(s):
    return bytes(int(x, 16) for x in s.split(":"))


def eth(dst, src, etype):
    return mac_b(dst) + mac_b(src) + struct.pack("!H", etype)


def sn_mcast(addr):
    low = ipaddress.IPv6Address(addr).packed[13:]
    return str(ipaddress.IPv6Address(bytes.fromhex("ff02" + "00" * 9 + "01ff")
                                     + low))


def v6_mac(addr):
    return "33:33:" + ":".join("%02x" % b for b in
                               ipaddress.IPv6Address(addr).packed[12:])


events = []  # (time_us, frame)


def emit(t, frame):
    assert 0 <= t < DURATION
    events.append((int(round(t * 1_000_000)), pad60(frame)))


# ---------------------------------------------------------------- BGP
class TcpFlow:
    """One direction of a BGP TCP connection: tracks seq numbers."""

    def __init__(self, a, b, v6, sport, dport):
        self.a, self.b, self.v6 = a, b, v6
        self.sport, self.dport = sport, dport
        self.seq = rng.randrange(1 << 32)
        self.ack = rng.randrange(1 << 32)
        self.ident = rng.randrange(1 << 16)

    def send(self, t, payload, flags="PA"):
        a, b = self.a, self.b
        tcp = TCP(sport=self.sport, dport=self.dport, seq=self.seq,
                  ack=self.ack, flags=flags, window=16384) / Raw(payload)
        if self.v6:
            pkt = IPv6(src=a.v6, dst=b.v6, hlim=255) / tcp
            frame = eth(b.mac, a.mac, 0x86DD) + bytes(pkt)
        else:
            pkt = IP(src=a.v4, dst=b.v4, id=self.ident, ttl=255, flags="DF") / tcp
            self.ident = (self.ident + 1) & 0xFFFF
            frame = eth(b.mac, a.mac, 0x0800) + bytes(pkt)
        self.seq = (self.seq + len(payload)) & 0xFFFFFFFF
        emit(t, frame)


def bgp_msg(mtype, body=b""):
    return b"\xff" * 16 + struct.pack("!HB", 19 + len(body), mtype) + body


def bgp_update(v6, n_prefixes):
    """An UPDATE announcing n_prefixes /24s (IPv4) or MP_REACH /48s (IPv6)."""
    origin = b"\x40\x01\x01\x00"
    aspath = b"\x50\x02\x00\x0a\x02\x02" + struct.pack("!II", 64500, 64496)
    if not v6:
        nh = b"\x40\x03\x04" + bytes([192, 0, 2, 10])
        nlri = b"".join(bytes([24, 198, 51, rng.randrange(256)])
                        for _ in range(n_prefixes))
        attrs = origin + aspath + nh
        return bgp_msg(2, struct.pack("!H", 0) + struct.pack("!H", len(attrs))
                       + attrs + nlri)
    nlri = b"".join(bytes([48, 0x20, 0x01, 0x0d, 0xb8, rng.randrange(256),
                           rng.randrange(256)]) for _ in range(n_prefixes))
    mp = struct.pack("!HBB", 2, 1, 16) + \
        ipaddress.IPv6Address("2001:db8:7f8::a506:4500:1").packed + b"\x00" + nlri
    mp_attr = b"\x90\x0e" + struct.pack("!H", len(mp)) + mp
    attrs = origin + aspath + mp_attr
    return bgp_msg(2, struct.pack("!H", 0) + struct.pack("!H", len(attrs)) + attrs)


def make_bgp():
    for sessions, v6 in ((V4_SESSIONS, False), (V6_SESSIONS, True)):
        for x, y in sessions:
            a, b = BY_ASN[x], BY_ASN[y]
            port = rng.randrange(32768, 61000)
            fwd = TcpFlow(a, b, v6, port, 179)
            rev = TcpFlow(b, a, v6, 179, port)
            fwd.ack, rev.ack = rev.seq, fwd.seq
            msgs = []  # (time, flow, message): sent in time order
            for flow in (fwd, rev):
                t = rng.uniform(0, 60)
                while t < DURATION:
                    msgs.append((t, flow, bgp_msg(4)))
                    t += rng.uniform(55, 60)
                for _ in range(rng.randrange(1, 4)):
                    n = rng.choice((1, 3, 20, 40, 60))
                    msgs.append((rng.uniform(0, DURATION), flow,
                                 bgp_update(v6, n)))
            msgs.sort(key=lambda m: m[0])
            for t, flow, msg in msgs:
                flow.send(t, msg)
                other = rev if flow is fwd else fwd
                other.ack = flow.seq


# ---------------------------------------------------------------- bulk
def frame_size():
    r = rng.random()
    if r < 0.40:
        return rng.randrange(64, 129)
    if r < 0.55:
        return rng.randrange(500, 700)
    return 1514 if r < 0.95 else rng.randrange(1000, 1514)


def make_bulk():
    senders = [m for m in MEMBERS if m.present]
    v6_senders = [m for m in senders if m.speaks_v6]
    for _ in range(1250):
        v6 = rng.random() < 0.22
        pool = v6_senders if v6 else senders
        a = rng.choice(pool)
        b = rng.choice([m for m in pool if m is not a])
        size = frame_size()
        udp = rng.random() < 0.2
        t = rng.uniform(0, DURATION)
        if v6:
            src = "2001:db8:%x:%x::%x" % (0x100 + rng.randrange(16),
                                           rng.randrange(256), rng.randrange(1, 999))
            dst = "2001:db8:%x:%x::%x" % (0x200 + rng.randrange(16),
                                           rng.randrange(256), rng.randrange(1, 999))
            ip = IPv6(src=src, dst=dst, hlim=rng.choice((52, 57, 60, 63)))
            hdr = 14 + 40
        else:
            src = "198.51.100.%d" % rng.randrange(1, 255)
            dst = "203.0.113.%d" % rng.randrange(1, 255)
            if rng.random() < 0.5:
                src, dst = dst, src
            ip = IP(src=src, dst=dst, id=rng.randrange(65536),
                    ttl=rng.choice((52, 57, 60, 63)), flags="DF")
            hdr = 14 + 20
        if udp:
            l4 = UDP(sport=rng.choice((443, 4500, 51820, 8443)),
                     dport=rng.randrange(1024, 65535))
            hdr += 8
        else:
            l4 = TCP(sport=rng.choice((443, 80, 993)),
                     dport=rng.randrange(1024, 65535),
                     seq=rng.randrange(1 << 32), ack=rng.randrange(1 << 32),
                     flags="A" if size < 100 else "PA", window=rng.randrange(200, 65535))
            hdr += 20
        size = max(size, hdr)
        payload = rng.randbytes(size - hdr)
        emit(t, eth(b.mac, a.mac, 0x86DD if v6 else 0x0800) +
             bytes(ip / l4 / Raw(payload)))


# ---------------------------------------------------------------- ARP / ND
def neighbours(m, sessions):
    out = set()
    for x, y in sessions:
        if x == m.asn:
            out.add(BY_ASN[y])
        if y == m.asn:
            out.add(BY_ASN[x])
    return sorted(out, key=lambda n: n.asn)


def make_arp_nd():
    for m in MEMBERS:
        if not m.present:
            continue
        for n in neighbours(m, V4_SESSIONS):
            t = rng.uniform(0, 300)
            while t < DURATION - 1:
                emit(t, eth(BCAST, m.mac, 0x0806) + bytes(
                    ARP(op=1, hwsrc=m.mac, psrc=m.v4, hwdst="00:00:00:00:00:00",
                        pdst=n.v4)))
                emit(t + rng.uniform(0.0002, 0.002), eth(m.mac, n.mac, 0x0806) +
                     bytes(ARP(op=2, hwsrc=n.mac, psrc=n.v4, hwdst=m.mac,
                               pdst=m.v4)))
                t += rng.uniform(280, 320)
        if not m.speaks_v6:
            continue
        for n in neighbours(m, V6_SESSIONS):
            t = rng.uniform(0, 300)
            while t < DURATION - 1:
                # Address resolution: from the global address, SLL option.
                sn = sn_mcast(n.v6)
                emit(t, eth(v6_mac(sn), m.mac, 0x86DD) + bytes(
                    IPv6(src=m.v6, dst=sn, hlim=255) / ICMPv6ND_NS(tgt=n.v6) /
                    ICMPv6NDOptSrcLLAddr(lladdr=m.mac)))
                emit(t + rng.uniform(0.0002, 0.002), eth(m.mac, n.mac, 0x86DD) +
                     bytes(IPv6(src=n.v6, dst=m.v6, hlim=255) /
                           ICMPv6ND_NA(R=1, S=1, O=1, tgt=n.v6) /
                           ICMPv6NDOptDstLLAddr(lladdr=n.mac)))
                # Unicast NUD from the link-local address.
                t2 = t + rng.uniform(100, 140)
                if t2 < DURATION - 1:
                    emit(t2, eth(n.mac, m.mac, 0x86DD) + bytes(
                        IPv6(src=m.ll, dst=n.ll, hlim=255) / ICMPv6ND_NS(tgt=n.ll) /
                        ICMPv6NDOptSrcLLAddr(lladdr=m.mac)))
                    emit(t2 + 0.0004, eth(m.mac, n.mac, 0x86DD) + bytes(
                        IPv6(src=n.ll, dst=m.ll, hlim=255) /
                        ICMPv6ND_NA(R=1, S=1, O=0, tgt=n.ll) /
                        ICMPv6NDOptDstLLAddr(lladdr=n.mac)))
                t += rng.uniform(280, 320)


# ---------------------------------------------------------------- noise
def make_noise():
    # MLDv2 listener reports from AS64504 (multicast routing left on).
    m = BY_ASN[64504]
    hbh = IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)])
    t = 12.5
    while t < DURATION:
        recs = [ICMPv6MLDMultAddrRec(rtype=2, dst=g) for g in
                ("ff02::1:ff06:4504", "ff02::1:ffa5:401", "ff02::5", "ff02::6")]
        for k in range(2):  # robustness: sent twice
            emit(t + k * 0.4, eth("33:33:00:00:00:16", m.mac, 0x86DD) + bytes(
                IPv6(src=m.ll, dst="ff02::16", hlim=1) / hbh /
                ICMPv6MLReport2(records=recs)))
        t += 125.0

    # 802.1Q-tagged frames leaking from AS64503 (a sub-interface).
    m, n = BY_ASN[64503], BY_ASN[64501]
    for t in (611.2, 611.9):
        pkt = IP(src=m.v4, dst=n.v4, id=4242, ttl=255) / \
            TCP(sport=179, dport=33333, seq=1, ack=1, flags="A", window=512)
        emit(t, mac_b(n.mac) + mac_b(m.mac) + struct.pack("!HHH", 0x8100, 100,
                                                          0x0800) + bytes(pkt))

    # LLDP from AS64502 (Arista), every 30 s for a short while.
    m = BY_ASN[64502]
    for t in (30.0, 60.0, 90.0, 1800.0):
        lldp = struct.pack("!HB", (1 << 9) | 7, 4) + mac_b(m.mac) + \
            struct.pack("!HB", (2 << 9) | 12, 5) + b"Ethernet1/1" + \
            struct.pack("!HH", (3 << 9) | 2, 120) + \
            struct.pack("!H", (5 << 9) | 8) + b"edge-r01" + struct.pack("!H", 0)
        emit(t, eth("01:80:c2:00:00:0e", m.mac, 0x88CC) + lldp)

    # One CDP from AS64505 (Cisco): 802.3 + LLC/SNAP 00000c / 0x2000.
    m = BY_ASN[64505]
    body = bytes([2, 180, 0, 0]) + struct.pack("!HH", 1, 4 + 8) + b"edge-r05" + \
        struct.pack("!HH", 3, 4 + 15) + b"TenGigE0/0/0/1"[:15].ljust(15, b"\0")
    cdp = b"\xaa\xaa\x03\x00\x00\x0c\x20\x00" + body
    emit(901.0, mac_b("01:00:0c:cc:cc:cc") + mac_b(m.mac) +
         struct.pack("!H", len(cdp)) + cdp)

    # One STP BPDU from AS64507 (802.3, LLC DSAP 0x42).
    m = BY_ASN[64507]
    br = b"\x80\x00" + mac_b(m.mac)
    bpdu = b"\x42\x42\x03" + struct.pack("!HBBB", 0, 0, 0, 0) + br + \
        struct.pack("!I", 0) + br + struct.pack("!HHHHH", 0x8001, 0, 5120, 512, 3840)
    emit(1502.0, mac_b("01:80:c2:00:00:00") + mac_b(m.mac) +
         struct.pack("!H", len(bpdu)) + bpdu)

    # Tunnelled IPv6 through IPv4 between members' customers.
    a, b = BY_ASN[64501], BY_ASN[64505]

    def v4(t, payload, proto=None, udp=None):
        ip = IP(src="198.51.100.77", dst="203.0.113.88", id=rng.randrange(65536),
                ttl=60)
        if proto:
            ip.proto = proto
        emit(t, eth(b.mac, a.mac, 0x0800) + bytes(ip / (udp or Raw()) /
                                                    Raw(payload)))

    def v6(src, dst, n):
        return bytes(IPv6(src=src, dst=dst, hlim=64) /
                     ICMPv6EchoRequest(id=9, seq=n) / Raw(rng.randbytes(56)))

    for n, t in enumerate((300.5, 301.5, 302.5)):        # 6in4
        v4(t, v6("2001:db8:abc::2", "2001:db8:def::1", n), proto=41)
    for n, t in enumerate((700.25, 701.25)):              # 6to4
        v4(t, v6("2002:c633:644d::1", "2001:db8:def::1", n), proto=41)
    teredo = "2001:0:4136:e378:8000:63bf:3fff:fdd2"
    for n, t in enumerate((1100.1, 1100.6, 1101.1)):      # Teredo
        v4(t, v6(teredo, "2001:db8:def::1", n),
           udp=UDP(sport=3544, dport=3544))

    # One router advertisement from AS64506 (a rogue RA).
    m = BY_ASN[64506]
    emit(1333.3, eth("33:33:00:00:00:01", m.mac, 0x86DD) + bytes(
        IPv6(src=m.ll, dst="ff02::1", hlim=255) /
        ICMPv6ND_RA(chlim=64, routerlifetime=1800, reachabletime=0,
                    retranstimer=0) /
        ICMPv6NDOptSrcLLAddr(lladdr=m.mac) / ICMPv6NDOptMTU(mtu=1500) /
        ICMPv6NDOptPrefixInfo(prefixlen=64, L=1, A=1, validlifetime=2592000,
                              preferredlifetime=604800, prefix="2001:db8:7f8::")))

    # An unregistered box on the LAN: ARP and a little IPv4.
    for t in (2000.0, 2010.0, 2020.0):
        emit(t, eth(BCAST, UNKNOWN_MAC, 0x0806) + bytes(
            ARP(op=1, hwsrc=UNKNOWN_MAC, psrc="192.0.2.199",
                hwdst="00:00:00:00:00:00", pdst="192.0.2.10")))
    a = BY_ASN[64500]
    emit(2000.0005, eth(UNKNOWN_MAC, a.mac, 0x0806) + bytes(
        ARP(op=2, hwsrc=a.mac, psrc=a.v4, hwdst=UNKNOWN_MAC, pdst="192.0.2.199")))
    for t in (2001.0, 2002.0):
        emit(t, eth(a.mac, UNKNOWN_MAC, 0x0800) + bytes(
            IP(src="192.0.2.199", dst=a.v4, id=77, ttl=64) /
            TCP(sport=50505, dport=179, seq=7, flags="S", window=29200)))


# ---------------------------------------------------------------- registry
def members_json():
    ml = []
    for m in MEMBERS:
        vlan = {"vlan_id": 0,
                "ipv4": {"address": m.v4, "routeserver": True,
                         "max_prefix": 100, "as_macro": "AS%d" % m.asn,
                         "mac_addresses": [m.mac]}}
        if m.v6_registered:
            vlan["ipv6"] = {"address": m.v6, "routeserver": True,
                            "max_prefix": 50, "as_macro": "AS%d" % m.asn,
                            "mac_addresses": [m.mac]}
        slug = m.name.lower().replace(" ", "-")
        ml.append({
            "asnum": m.asn,
            "member_type": "peering",
            "name": m.name,
            "url": "https://%s.example/" % slug,
            "contact_email": ["noc@%s.example" % slug],
            "peering_policy": "open",
            "member_since": "2024-%02d-01T00:00:00Z" % (1 + m.asn % 12),
            "connection_list": [{
                "ixp_id": 1,
                "state": "active",
                "if_list": [{"switch_id": m.asn % 2, "if_speed": m.speed}],
                "vlan_list": [vlan],
            }],
        })
    return {
        "version": "1.0",
        "timestamp": "2026-11-02T09:00:00Z",
        "ixp_list": [{
            "ixp_id": 1,
            "ixf_id": 9999,
            "shortname": "DOC-IX",
            "name": "Documentation Internet Exchange (ixmon sample)",
            "country": "ZZ",
            "url": "https://ix.example/",
            "support_email": "noc@ix.example",
            "peering_policy_list": ["open", "selective", "closed"],
            "switch": [
                {"id": 0, "name": "sw1.ix.example", "city": "Example City",
                 "country": "ZZ"},
                {"id": 1, "name": "sw2.ix.example", "city": "Example City",
                 "country": "ZZ"}],
            "vlan": [{
                "id": 0,
                "name": "Peering LAN",
                "ipv4": {"prefix": "192.0.2.0", "mask_length": 24},
                "ipv6": {"prefix": "2001:db8:7f8::", "mask_length": 64},
            }],
        }],
        "member_list": ml,
    }


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "sample")
    os.makedirs(out, exist_ok=True)
    make_bgp()
    make_bulk()
    make_arp_nd()
    make_noise()
    events.sort(key=lambda e: e[0])
    recs = [(pcapio.T0_NS + t_us * 1000, f, len(f)) for t_us, f in events]
    pcapio.write_pcap(os.path.join(out, "peering-lan.pcap"), recs)
    with open(os.path.join(out, "members.json"), "w") as f:
        json.dump(members_json(), f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
