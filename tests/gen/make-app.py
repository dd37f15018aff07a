#!/usr/bin/python3
"""make-app - captures for the application view (analyze/an_app.c).

Writes into tests/captures/app/ (or OUTDIR):

  members.json  four members on 192.0.2.0/24 and 2001:db8:7f8::/64.
                Charlie has no MAC registered (IX-F exports often lack
                them): only its addresses tie frames to it.
  bgp.pcap      BGP (RFC 4271) sessions with real TCP handshakes, OPEN,
                KEEPALIVE and UPDATE messages: Alpha-Bravo over IPv4 and
                IPv6, Alpha-Charlie over IPv6 only (Charlie sends no ND, so
                its IPv6 status is `active` only thanks to BGP), and a BGP
                session tunnelled in 6in4 between customers' addresses,
                which is payload and not a peering session.
  leaks.pcap    host protocols leaking from Delta's port: mDNS, SSDP,
                LLMNR (IPv4 and IPv6), NetBIOS name service, DHCP, SNMP to
                a peer's LAN address, plus SNMP and DNS in transit between
                customers' networks (must not alert).

Frames are built with scapy 2.5 and written with pcapio (deterministic:
fixed timestamps from pcapio.T0_NS, no random fields).
"""
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pcapio  # noqa: E402
from pcapio import pad60  # noqa: E402

import logging  # noqa: E402
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.layers.dns import DNS, DNSQR  # noqa: E402
from scapy.layers.dhcp import BOOTP, DHCP  # noqa: E402
from scapy.layers.inet import IP, TCP, UDP  # noqa: E402
from scapy.layers.inet6 import IPv6  # noqa: E402
from scapy.layers.l2 import Ether  # noqa: E402
from scapy.layers.netbios import NBNSHeader, NBNSQueryRequest  # noqa: E402
from scapy.layers.snmp import SNMP, SNMPget, SNMPvarbind  # noqa: E402
from scapy.asn1.asn1 import ASN1_OID  # noqa: E402
from scapy.packet import Raw  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))

MAC = {"A": "02:00:00:00:00:01", "B": "02:00:00:00:00:02",
       "C": "02:00:00:00:00:03", "D": "02:00:00:00:00:04"}
V4 = {"A": "192.0.2.1", "B": "192.0.2.2", "C": "192.0.2.3", "D": "192.0.2.4"}
V6 = {"A": "2001:db8:7f8::a506:4501:1", "B": "2001:db8:7f8::a506:4502:1",
      "C": "2001:db8:7f8::a506:4503:1", "D": "2001:db8:7f8::a506:4504:1"}
ASN = {"A": 64501, "B": 64502, "C": 64503, "D": 64504}
NAME = {"A": "Alpha", "B": "Bravo", "C": "Charlie (no MAC registered)",
        "D": "Delta (bridged office LAN)"}


def members_json():
    members = []
    for k in "ABCD":
        v4 = {"address": V4[k]}
        v6 = {"address": V6[k]}
        if k != "C":
            v4["mac_addresses"] = [MAC[k]]
            v6["mac_addresses"] = [MAC[k]]
        members.append({"asnum": ASN[k], "name": NAME[k], "connection_list": [
            {"ixp_id": 1, "vlan_list": [{"vlan_id": 10, "ipv4": v4,
                                         "ipv6": v6}]}]})
    return {"version": "1.0", "timestamp": "2026-11-01T00:00:00Z",
            "ixp_list": [{"ixp_id": 1, "ixf_id": 999, "shortname": "APP-IX",
                          "vlan": [{"id": 10, "name": "Peering LAN",
                                    "ipv4": {"prefix": "192.0.2.0",
                                             "mask_length": 24},
                                    "ipv6": {"prefix": "2001:db8:7f8::",
                                             "mask_length": 64}}]}],
            "member_list": members}


def bgp_msg(mtype, body=b""):
    """RFC 4271 4.1: 16-byte all-ones marker, length, type."""
    return b"\xff" * 16 + struct.pack("!HB", 19 + len(body), mtype) + body


def bgp_open(asn, router_id):
    """RFC 4271 4.2: version 4, My AS, Hold Time 90, BGP Identifier."""
    rid = bytes(int(x) for x in router_id.split("."))
    return bgp_msg(1, struct.pack("!BHH", 4, asn, 90) + rid + b"\x00")


def bgp_update_v4(prefix_octets, plen, nexthop):
    """RFC 4271 4.3: ORIGIN IGP, AS_PATH empty, NEXT_HOP, one NLRI."""
    nh = bytes(int(x) for x in nexthop.split("."))
    attrs = (b"\x40\x01\x01\x00" + b"\x40\x02\x00" + b"\x40\x03\x04" + nh)
    nlri = bytes([plen]) + bytes(prefix_octets[:(plen + 7) // 8])
    return bgp_msg(2, struct.pack("!H", 0) + struct.pack("!H", len(attrs)) +
                   attrs + nlri)


KEEPALIVE = bgp_msg(4)


class Session:
    """A TCP connection with consistent sequence numbers (RFC 9293)."""

    def __init__(self, l3, src, dst, smac, dmac, sport, dport, isn=(1000, 5000),
                 outer=None):
        self.l3, self.src, self.dst = l3, src, dst
        self.smac, self.dmac = smac, dmac
        self.sport, self.dport = sport, dport
        self.seq = list(isn)
        self.outer = outer  # (src4, dst4) for 6in4

    def pkt(self, d, flags, payload=b""):
        """d = 0 client -> server, 1 server -> client."""
        s, t = (self.src, self.dst) if d == 0 else (self.dst, self.src)
        sp, dp = (self.sport, self.dport) if d == 0 else (self.dport, self.sport)
        sm, dm = (self.smac, self.dmac) if d == 0 else (self.dmac, self.smac)
        ack = self.seq[1 - d] if "A" in flags else 0
        tcp = TCP(sport=sp, dport=dp, seq=self.seq[d], ack=ack, flags=flags,
                  window=16384)
        self.seq[d] += len(payload) + (1 if ("S" in flags or "F" in flags) else 0)
        if self.l3 == 4:
            ip = IP(src=s, dst=t, ttl=1, id=0) / tcp
        else:
            ip = IPv6(src=s, dst=t, hlim=1) / tcp
        if payload:
            ip = ip / Raw(payload)
        if self.outer:
            o = self.outer if d == 0 else (self.outer[1], self.outer[0])
            ip = IP(src=o[0], dst=o[1], ttl=64, id=0, proto=41) / ip
            etype = 0x0800
        else:
            etype = 0x0800 if self.l3 == 4 else 0x86DD
        return pad60(bytes(Ether(src=sm, dst=dm, type=etype) / ip))

    def bgp_exchange(self, asn_c, asn_s, rid_c, rid_s, updates=()):
        out = [self.pkt(0, "S"), self.pkt(1, "SA"), self.pkt(0, "A"),
               self.pkt(0, "PA", bgp_open(asn_c, rid_c)),
               self.pkt(1, "PA", bgp_open(asn_s, rid_s)),
               self.pkt(0, "PA", KEEPALIVE), self.pkt(1, "PA", KEEPALIVE)]
        for d, u in updates:
            out.append(self.pkt(d, "PA", u))
        out += [self.pkt(0, "PA", KEEPALIVE), self.pkt(1, "PA", KEEPALIVE),
                self.pkt(0, "A")]
        return out


def make_bgp():
    frames = []
    ab4 = Session(4, V4["A"], V4["B"], MAC["A"], MAC["B"], 40001, 179)
    frames += ab4.bgp_exchange(64501, 64502, "192.0.2.1", "192.0.2.2", [
        (0, bgp_update_v4([198, 51, 100, 0], 24, V4["A"])),
        (1, bgp_update_v4([203, 0, 113, 0], 24, V4["B"]))])
    ab6 = Session(6, V6["A"], V6["B"], MAC["A"], MAC["B"], 40002, 179)
    frames += ab6.bgp_exchange(64501, 64502, "192.0.2.1", "192.0.2.2")
    # Charlie (no MAC registered) answers from its registered IPv6 address.
    ac6 = Session(6, V6["C"], V6["A"], MAC["C"], MAC["A"], 40003, 179)
    frames += ac6.bgp_exchange(64503, 64501, "192.0.2.3", "192.0.2.1")
    # Customers' BGP tunnelled in 6in4 across the LAN: payload, no session.
    tun = Session(6, "2001:db8:1::1", "2001:db8:2::1", MAC["A"], MAC["B"],
                  40004, 179, outer=("198.51.100.1", "203.0.113.1"))
    frames += tun.bgp_exchange(65001, 65002, "10.0.0.1", "10.0.0.2")
    return frames


def udp4(smac, dmac, src, dst, sport, dport, payload):
    return pad60(bytes(Ether(src=smac, dst=dmac, type=0x0800) /
                       IP(src=src, dst=dst, ttl=1, id=0) /
                       UDP(sport=sport, dport=dport) / payload))


def udp6(smac, dmac, src, dst, sport, dport, payload):
    return pad60(bytes(Ether(src=smac, dst=dmac, type=0x86DD) /
                       IPv6(src=src, dst=dst, hlim=1) /
                       UDP(sport=sport, dport=dport) / payload))


def make_leaks():
    D = MAC["D"]
    ll_d = "fe80::4:ff:fe00:4"
    f = []
    mdns = bytes(DNS(id=0, rd=0, qd=DNSQR(qname="_services._dns-sd._udp.local",
                                          qtype="PTR")))
    f += [udp4(D, "01:00:5e:00:00:fb", V4["D"], "224.0.0.251", 5353, 5353, mdns)] * 2
    f += [udp6(D, "33:33:00:00:00:fb", ll_d, "ff02::fb", 5353, 5353, mdns)]
    ssdp = (b"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
            b"MAN: \"ssdp:discover\"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n")
    f += [udp4(D, "01:00:5e:7f:ff:fa", V4["D"], "239.255.255.250", 50000, 1900,
               ssdp)] * 2
    llmnr = bytes(DNS(id=0x1234, rd=0, qd=DNSQR(qname="wpad", qtype="A")))
    f += [udp4(D, "01:00:5e:00:00:fc", V4["D"], "224.0.0.252", 50001, 5355, llmnr)]
    f += [udp6(D, "33:33:00:01:00:03", ll_d, "ff02::1:3", 50002, 5355, llmnr)]
    nbns = bytes(NBNSHeader(NAME_TRN_ID=0x4242, NM_FLAGS=0x11, QDCOUNT=1) /
                 NBNSQueryRequest(QUESTION_NAME="WORKGROUP", SUFFIX=0x4141,
                                  QUESTION_TYPE=0x20))
    f += [udp4(D, "ff:ff:ff:ff:ff:ff", V4["D"], "192.0.2.255", 137, 137, nbns)] * 2
    dhcp = bytes(BOOTP(op=1, xid=0x01020304, chaddr=bytes.fromhex("020000000004") + b"\x00" * 10,
                       flags=0x8000) /
                 DHCP(options=[("message-type", "discover"), "end"]))
    f += [udp4(D, "ff:ff:ff:ff:ff:ff", "0.0.0.0", "255.255.255.255", 68, 67, dhcp)]
    snmp = bytes(SNMP(community="public", PDU=SNMPget(
        id=7, varbindlist=[SNMPvarbind(oid=ASN1_OID("1.3.6.1.2.1.1.1.0"))])))
    f += [udp4(D, MAC["A"], V4["D"], V4["A"], 50003, 161, snmp)] * 2
    # Transit: customers' SNMP and DNS crossing the LAN between members.
    f += [udp4(MAC["A"], MAC["B"], "198.51.100.7", "203.0.113.9", 50004, 161, snmp)]
    dns = bytes(DNS(id=7, rd=1, qd=DNSQR(qname="example.com", qtype="A")))
    f += [udp4(MAC["B"], MAC["A"], "203.0.113.9", "198.51.100.53", 50005, 53, dns)]
    return f


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests",
                                                             "captures", "app")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "members.json"), "w") as fh:
        json.dump(members_json(), fh, indent=2)
        fh.write("\n")
    for name, frames in (("bgp.pcap", make_bgp()), ("leaks.pcap", make_leaks())):
        recs = [(pcapio.T0_NS + i * 10_000_000, d, len(d))
                for i, d in enumerate(frames)]
        pcapio.write_pcap(os.path.join(out, name), recs)
        print(f"{name}: {len(frames)} frames")


if __name__ == "__main__":
    main()
