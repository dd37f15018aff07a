#!/usr/bin/python3
"""make-seeds - regenerate the fuzz seed corpora, byte for byte.

    tests/fuzz/make-seeds.py            (from the repository root)

tests/fuzz/corpus/decode/seed-*   one selector byte (0 Ethernet, 1 SLL,
                                   2 SLL2, 3 bare IPv4, 4 bare IPv6) then a
                                   frame, one per decoder path
tests/fuzz/corpus/pcap/seed-*     small pcap and pcapng files (both byte
                                   orders, us/ns, every link type we read,
                                   cut records, a foreign link type)
tests/fuzz/corpus/members/seed-*  the member lists of the registry tests,
                                   the sample and the scenario captures
tests/fuzz/corpus/config/seed-*   0x00 + a configuration file (the config
                                   tests, the sample), 0x01 + a syslog map
                                   (ports, good and refused patterns)
tests/fuzz/corpus/http/seed-*     requests: every route, with and without
                                   the token, bodies, bad framing

Plain `struct`, no scapy and no randomness, so a re-run changes nothing.
Only files named seed-* are replaced: reproducers and inputs kept from
libFuzzer runs (crash-*, cov-*) stay.
"""
import os
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

MAC_A = bytes.fromhex("02000000000a")
MAC_B = bytes.fromhex("02000000000b")
IP4_A = bytes([192, 0, 2, 1])
IP4_B = bytes([192, 0, 2, 2])
IP6_A = bytes.fromhex("20010db8000000000000000000000001")
IP6_B = bytes.fromhex("20010db8000000000000000000000002")
LL6_A = bytes.fromhex("fe80000000000000000000000000000a")
ALLNODES = bytes.fromhex("ff020000000000000000000000000001")
ALLROUTERS = bytes.fromhex("ff020000000000000000000000000002")
SOLNODE = bytes.fromhex("ff0200000000000000000001ff00000b")
MLDV2RTR = bytes.fromhex("ff020000000000000000000000000016")
GROUP = bytes.fromhex("ff0200000000000000000000000000fb")
TEREDO = bytes.fromhex("2001000041 36e378800063bf3ffffdd2".replace(" ", ""))
SIX2FOUR = bytes.fromhex("2002c000020100000000000000000001")


def eth(etype, payload, dst=MAC_B):
    return dst + MAC_A + struct.pack("!H", etype) + payload


def pad60(frame):
    return frame + b"\x00" * max(0, 60 - len(frame))


def vlan(tci, etype):
    return struct.pack("!HH", tci, etype)


def ipv4(proto, payload, frag=0, ttl=64, opts=b"", totlen=None):
    ihl = 5 + len(opts) // 4
    if totlen is None:
        totlen = ihl * 4 + len(payload)
    return (struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, totlen, 0x1234, frag,
                        ttl, proto, 0, IP4_A, IP4_B) + opts + payload)


def ipv6(nh, payload, src=IP6_A, dst=IP6_B, hlim=64, plen=None):
    if plen is None:
        plen = len(payload)
    return struct.pack("!IHBB", 0x60000000, plen, nh, hlim) + src + dst + payload


def udp(sport, dport, payload=b""):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def tcp(sport, dport, flags, doff=5, opts=b"", payload=b""):
    return (struct.pack("!HHIIBBHHH", sport, dport, 1, 0, doff << 4, flags,
                        0xffff, 0, 0) + opts + payload)


def icmp6(typ, body, code=0):
    return struct.pack("!BBH", typ, code, 0) + body


def nd_opt(typ, body):
    return struct.pack("!BB", typ, (len(body) + 2) // 8) + body


SLL_OPT = nd_opt(1, MAC_A)
MTU_OPT = nd_opt(5, struct.pack("!HI", 0, 1500))
PREFIX_OPT = nd_opt(3, struct.pack("!BBIII", 64, 0xc0, 2592000, 604800, 0) +
                    bytes.fromhex("20010db8000100000000000000000000"))

RA = icmp6(134, struct.pack("!BBHII", 64, 0xc0, 1800, 0, 0) +
           SLL_OPT + MTU_OPT + PREFIX_OPT)
NS = icmp6(135, b"\x00" * 4 + LL6_A + SLL_OPT)
NA = icmp6(136, b"\xe0\x00\x00\x00" + LL6_A + nd_opt(2, MAC_B))
RS = icmp6(133, b"\x00" * 4 + SLL_OPT)
REDIRECT = icmp6(137, b"\x00" * 4 + LL6_A + IP6_B)
MLD1_REPORT = icmp6(131, struct.pack("!HH", 0, 0) + GROUP)
MLD1_QUERY = icmp6(130, struct.pack("!HH", 10000, 0) + b"\x00" * 16)
MLD2_QUERY = icmp6(130, struct.pack("!HH", 10000, 0) + GROUP +
                   struct.pack("!BBH", 2, 125, 2) + IP6_A + IP6_B)
MLD2_REPORT = icmp6(143, struct.pack("!HH", 0, 2) +
                    struct.pack("!BBH", 4, 0, 0) + GROUP +
                    struct.pack("!BBH", 1, 1, 1) + GROUP + IP6_A +
                    b"\xaa\xbb\xcc\xdd")
HBH_RA = struct.pack("!BB", 58, 0) + bytes.fromhex("050200000100")


def nd(body, src=LL6_A, dst=ALLNODES):
    return eth(0x86dd, ipv6(58, body, src=src, dst=dst, hlim=255))


def mld(body, dst=GROUP):
    return eth(0x86dd, ipv6(0, HBH_RA + body, src=LL6_A, dst=dst, hlim=1))


def arp(op, htype=1):
    return pad60(eth(0x0806, struct.pack("!HHBBH", htype, 0x0800, 6, 4, op) +
                     MAC_A + IP4_A + b"\x00" * 6 + IP4_B))


def teredo(prefix=b""):
    inner = ipv6(17, udp(443, 61000, b"quic"), src=IP6_A, dst=TEREDO)
    return eth(0x0800, ipv4(17, udp(3544, 51000, prefix + inner)))


ORIGIN = bytes.fromhex("0000f2273ffffdfe")
AUTH = bytes.fromhex("00010203c1c2a1a2a3") + bytes(range(1, 9)) + b"\x00"

ETH_FRAMES = {
    "ipv4-udp": eth(0x0800, ipv4(17, udp(5353, 53, b"abcd"))),
    "ipv4-tcp-syn-opts": eth(0x0800, ipv4(6, tcp(40000, 179, 0x02, 7,
                                                 bytes.fromhex("020405b401010100")))),
    "ipv4-tcp-doff4": eth(0x0800, ipv4(6, tcp(1, 2, 0x10, 4))),
    "ipv4-icmp": pad60(eth(0x0800, ipv4(1, bytes.fromhex("0800000000010001")))),
    "ipv4-router-alert": pad60(eth(0x0800, ipv4(2, b"\x22" + b"\x00" * 7, ttl=1,
                                                opts=bytes.fromhex("94040000")))),
    "ipv4-frag-first": eth(0x0800, ipv4(17, udp(4789, 4789, b"x" * 8), frag=0x2000)),
    "ipv4-frag-later": eth(0x0800, ipv4(17, b"y" * 16, frag=185)),
    "ipv4-totlen-long": eth(0x0800, ipv4(17, udp(1, 2), totlen=200)),
    "ipv4-totlen-zero": eth(0x0800, ipv4(17, udp(1, 2), totlen=0)),
    "ipv4-ihl15": eth(0x0800, b"\x4f" + ipv4(17, udp(1, 2))[1:]),
    "ipv6-tcp": eth(0x86dd, ipv6(6, tcp(179, 179, 0x18, payload=b"\xff" * 4))),
    "ipv6-routing-dstopts": eth(0x86dd, ipv6(43, bytes([60, 2, 0, 1, 0, 0, 0, 0]) +
                                             IP6_B + bytes([6, 0, 1, 4, 0, 0, 0, 0]) +
                                             tcp(22, 50000, 0x11))),
    "ipv6-frag-first": eth(0x86dd, ipv6(44, struct.pack("!BBHI", 17, 0, 1, 0xbeef) +
                                        udp(53, 53, b"z" * 8))),
    "ipv6-frag-later": eth(0x86dd, ipv6(44, struct.pack("!BBHI", 17, 0, 100 << 3,
                                                        0xbeef) + b"z" * 16)),
    "ipv6-ah": eth(0x86dd, ipv6(51, bytes([59, 4, 0, 0]) + b"\x00" * 20)),
    "ipv6-ext-9": eth(0x86dd, ipv6(60, b"".join(
        bytes([60 if i < 8 else 59, 0, 1, 4, 0, 0, 0, 0]) for i in range(9)))),
    "ipv6-ext-truncated": eth(0x86dd, ipv6(60, bytes([59, 1, 1, 4, 0, 0, 0, 0]))),
    "ipv6-in-ipv6": eth(0x86dd, ipv6(41, ipv6(59, b""))),
    "nd-rs": nd(RS, dst=ALLROUTERS),
    "nd-ra": nd(RA),
    "nd-ns": nd(NS, dst=SOLNODE),
    "nd-na": nd(NA),
    "nd-redirect": nd(REDIRECT, dst=LL6_A),
    "nd-zero-len-opt": nd(icmp6(133, b"\x00" * 4 + b"\x01\x00" + MAC_A)),
    "nd-ra-many-opts": nd(icmp6(134, struct.pack("!BBHII", 64, 0, 0, 0, 0) +
                                (SLL_OPT + PREFIX_OPT) * 8)),
    "mld1-query": mld(MLD1_QUERY, dst=ALLNODES),
    "mld1-report": mld(MLD1_REPORT),
    "mld1-done": mld(icmp6(132, struct.pack("!HH", 0, 0) + GROUP), dst=ALLROUTERS),
    "mld2-query": mld(MLD2_QUERY, dst=ALLNODES),
    "mld2-report": mld(MLD2_REPORT, dst=MLDV2RTR),
    "mld2-report-short": mld(icmp6(143, struct.pack("!HH", 0, 3) +
                                   MLD2_REPORT[8:]), dst=MLDV2RTR),
    "6in4": eth(0x0800, ipv4(41, ipv6(58, icmp6(128, b"\x00\x07\x00\x01")))),
    "6to4": eth(0x0800, ipv4(41, ipv6(58, icmp6(128, b"\x00\x07\x00\x01"),
                                      src=SIX2FOUR))),
    "6in4-nd": eth(0x0800, ipv4(41, ipv6(58, NS, src=LL6_A, dst=SOLNODE, hlim=255))),
    "teredo": teredo(),
    "teredo-origin": teredo(ORIGIN),
    "teredo-auth-origin": teredo(AUTH + ORIGIN),
    "udp3544-other": eth(0x0800, ipv4(17, udp(50000, 3544, b"A" * 48))),
    "arp-request": arp(1),
    "arp-reply": arp(2),
    "arp-ieee802": arp(1, htype=6),
    "vlan-ipv4": pad60(eth(0x8100, vlan(0xa064, 0x0800) +
                           ipv4(1, bytes.fromhex("0800000000010001")))),
    "qinq-ipv6": eth(0x88a8, vlan(200, 0x8100) + vlan(0x6fff, 0x86dd) +
                     ipv6(58, RA)),
    "vlan9100-arp": eth(0x9100, vlan(300, 0x0806) + arp(2)[14:]),
    "vlan-chain-9": pad60(eth(0x8100, b"".join(
        vlan(i, 0x8100 if i < 9 else 0x88cc) for i in range(1, 10)))),
    "vlan-then-llc": pad60(eth(0x8100, vlan(10, 3) + b"\x42\x42\x03")),
    "llc-stp": pad60(eth(0x0026, b"\x42\x42\x03" + b"\x00" * 35,
                         dst=bytes.fromhex("0180c2000000"))),
    "llc-iformat": eth(4, b"\xfe\xfe\x10\x22"),
    "snap-cdp": pad60(eth(12, b"\xaa\xaa\x03\x00\x00\x0c\x20\x00\x02\xb4\x00\x00",
                          dst=bytes.fromhex("01000ccccccc"))),
    "novell-raw": pad60(eth(30, b"\xff\xff\x00\x1e\x00\x04")),
    "type-1501": pad60(eth(1501, b"")),
    "lldp": pad60(eth(0x88cc, b"\x02\x07\x04" + MAC_A)),
}


def sll(proto, payload, hatype=1, pkttype=0):
    return struct.pack("!HHH", pkttype, hatype, 6) + MAC_A + b"\x00\x00" + \
        struct.pack("!H", proto) + payload


def sll2(proto, payload, hatype=1, pkttype=0):
    return struct.pack("!HHIHBB", proto, 0, 2, hatype, pkttype, 6) + MAC_A + \
        b"\x00\x00" + payload


def decode_seeds():
    seeds = {}
    for name, frame in ETH_FRAMES.items():
        seeds["eth-" + name] = b"\x00" + frame
    seeds["sll-ipv6-tcp"] = b"\x01" + sll(0x86dd, ipv6(6, tcp(179, 40000, 0x18)),
                                           pkttype=4)
    seeds["sll-llc"] = b"\x01" + sll(0x0004, b"\x42\x42\x03", hatype=772)
    seeds["sll-can"] = b"\x01" + sll(0x000c, b"\x00" * 8, hatype=280)
    seeds["sll-vlan-arp"] = b"\x01" + sll(0x8100, vlan(5, 0x0806) + arp(1)[14:])
    seeds["sll2-ipv4-udp"] = b"\x02" + sll2(0x0800, ipv4(17, udp(123, 123)))
    seeds["sll2-nd-na"] = b"\x02" + sll2(0x86dd, nd(NA)[14:], pkttype=4)
    seeds["raw4-teredo"] = b"\x03" + teredo(ORIGIN)[14:]
    seeds["raw4-6in4"] = b"\x03" + ETH_FRAMES["6in4"][14:]
    seeds["raw6-mld2"] = b"\x04" + ETH_FRAMES["mld2-report"][14:]
    seeds["raw6-ra"] = b"\x04" + ETH_FRAMES["nd-ra"][14:]
    return seeds


# --- capture files ----------------------------------------------------------

T0 = 1793613600  # 2026-11-02T10:00:00Z


def pcap(records, linktype=1, endian="<", nsec=False, snaplen=262144):
    magic = 0xA1B23C4D if nsec else 0xA1B2C3D4
    out = [struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype)]
    for i, (data, orig) in enumerate(records):
        frac = i * (1000 if nsec else 1) + (7 if nsec else 0)
        out.append(struct.pack(endian + "IIII", T0 + i, frac, len(data), orig))
        out.append(data)
    return b"".join(out)


def block(btype, body, endian="<"):
    body += b"\x00" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack(endian + "II", btype, n) + body + struct.pack(endian + "I", n)


def pcapng(records, linktype=1, endian="<", tsresol=None):
    shb = block(0x0A0D0D0A, struct.pack(endian + "IHHq", 0x1A2B3C4D, 1, 0, -1),
                endian)
    opts = b""
    if tsresol is not None:
        opts = struct.pack(endian + "HHB", 9, 1, tsresol) + b"\x00" * 3 + \
            struct.pack(endian + "HH", 0, 0)
    idb = block(1, struct.pack(endian + "HHI", linktype, 0, 262144) + opts, endian)
    out = [shb, idb]
    for i, (data, orig) in enumerate(records):
        ts = (T0 + i) * 1000000 + i
        body = struct.pack(endian + "IIIII", 0, ts >> 32, ts & 0xffffffff,
                           len(data), orig) + data
        out.append(block(6, body, endian))
    return b"".join(out)


def full(frames):
    return [(f, len(f)) for f in frames]


def pcap_seeds():
    mix = [ETH_FRAMES[k] for k in ("ipv4-udp", "nd-ra", "arp-request",
                                     "qinq-ipv6", "snap-cdp", "teredo")]
    seeds = {
        "pcap-le-us-mix": pcap(full(mix)),
        "pcap-be-us-mix": pcap(full(mix), endian=">"),
        "pcap-le-ns-mix": pcap(full(mix), nsec=True),
        "pcap-snapped": pcap([(f[:64], len(f) + 100) for f in mix], snaplen=64),
        "pcap-caplen-gt-len": pcap([(f, 20) for f in mix]),
        "pcap-sll": pcap(full([sll(0x86dd, ipv6(6, tcp(179, 1, 0x12))),
                               sll(0x0806, arp(1)[14:])]), linktype=113),
        "pcap-sll2": pcap(full([sll2(0x0800, ipv4(17, udp(53, 53))),
                                sll2(0x86dd, nd(NS)[14:])]), linktype=276),
        "pcap-linktype-80211": pcap(full([b"\x08\x00" + b"\x00" * 22]), linktype=105),
        "pcap-header-only": pcap([]),
        "pcap-cut-record": pcap(full(mix))[:-7],
        "pcap-cut-header": pcap(full(mix))[:30],
        "pcap-huge-caplen": pcap(full(mix[:1]))[:24] +
            struct.pack("<IIII", T0, 0, 0x7fffffff, 0x7fffffff) + b"\x00" * 32,
        "pcap-bad-usec": pcap(full(mix[:1]))[:24] +
            struct.pack("<IIII", T0, 1999999, len(mix[0]), len(mix[0])) + mix[0],
        "pcapng-le-mix": pcapng(full(mix)),
        "pcapng-be-mix": pcapng(full(mix), endian=">"),
        "pcapng-ns": pcapng(full(mix), tsresol=9),
        "pcapng-sll2": pcapng(full([sll2(0x86dd, nd(RA)[14:])]), linktype=276),
        "pcapng-cut": pcapng(full(mix))[:-10],
        "pcapng-shb-only": pcapng([])[:28],
        "not-a-capture": b"This is not a capture file.\n",
        "one-byte": b"\xd4",
    }
    for name in ("nd-ra", "mld2-report", "6to4", "vlan-chain-9", "ipv6-ext-9",
                 "nd-zero-len-opt", "llc-stp", "novell-raw"):
        seeds["pcap-" + name] = pcap(full([ETH_FRAMES[name]]))
    return seeds


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def repo_files(*paths):
    out = {}
    for rel in paths:
        d = os.path.join(REPO, rel)
        names = sorted(os.listdir(d)) if os.path.isdir(d) else [None]
        for n in names:
            full_path = os.path.join(d, n) if n else d
            if not full_path.endswith(".json"):
                continue
            key = os.path.relpath(full_path, REPO).replace("/", "-")
            with open(full_path, "rb") as f:
                out[key[:-5]] = f.read()
    return out


def members_seeds():
    return repo_files("tests/registry", "sample/members.json",
                      "tests/captures/trust/members.json",
                      "tests/captures/trust/members-nomac.json",
                      "tests/detectors/members-v4suffix.json")


MAP = b"""{"ports": [{"switch": "sw1", "port": "Gi1/0/1", "asnum": 64500},
 {"switch": "*", "port": "et-0/0/7", "asnum": 64502}],
 "patterns": [{"name": "arista-example",
  "regex": "PORTSEC[A-Z_]*: .*[Ii]nterface ([^ ,]+).* ([0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4})( vlan ([0-9]+))?",
  "fields": {"port": 1, "mac": 2, "vlan": 4}, "shutdown": false}]}"""


def config_seeds():
    seeds = {k: b"\x00" + v for k, v in
             repo_files("tests/config", "sample/ixmon.json").items()}
    seeds["map-doc-example"] = b"\x01" + MAP
    for name, rx in (("backref", r"(a+)\\1 mac ([0-9a-f.]+)"),
                     ("nested", r"((a|b)+)+ port ([^ ]+)"),
                     ("repeat", r"(x{1,50}){1,50} port ([^ ]+)"),
                     ("dotstar", r".*a.*b.*c.*d port ([^ ]+) mac (.*)")):
        seeds["map-" + name] = (b'\x01{"patterns": [{"name": "%s", "regex": "%s", '
                                b'"fields": {"port": 1, "mac": 2}}]}'
                                % (name.encode(), rx.encode()))
    return seeds


def http_seeds():
    def get(target, extra=b""):
        return b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n" + extra + b"\r\n"
    auth = b"Authorization: Bearer s3cret-T0ken\r\n"

    def ack(body, extra, ctype=b"application/json"):
        return (b"POST /api/alerts/ack HTTP/1.1\r\nHost: x\r\n" + extra +
                b"Content-Type: " + ctype + b"\r\nContent-Length: " +
                str(len(body)).encode() + b"\r\n\r\n" + body)
    seeds = {
        "noc": get(b"/"),
        "ipv6": get(b"/ipv6"),
        "metrics": get(b"/metrics"),
        "alerts": get(b"/api/alerts"),
        "report-bearer": get(b"/api/report", auth),
        "report-query": get(b"/api/report?token=s3cret-T0ken"),
        "report-none": get(b"/api/report"),
        "members-bearer": get(b"/api/members", auth),
        "member-page": get(b"/members/64500?token=s3cret%2DT0ken"),
        "member-other": get(b"/members/0064500", auth),
        "static": get(b"/static/ixmon.css"),
        "graph": get(b"/graphs/lan-v6-bytes.png"),
        "dotdot": get(b"/graphs/..%2f..%2fetc%2fpasswd"),
        "head": b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n",
        "post": b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
        "get-body": get(b"/", b"Content-Length: 5\r\n") + b"hello",
        "get-chunked": get(b"/", b"Transfer-Encoding: chunked\r\n") + b"5\r\nhello\r\n0\r\n\r\n",
        "pipelined": get(b"/metrics") + get(b"/api/report", auth) + get(b"/ipv6"),
        "http10": b"GET / HTTP/1.0\r\n\r\n",
        "no-host": b"GET / HTTP/1.1\r\n\r\n",
        "absolute": get(b"http://x/api/report"),
        "half-head": b"GET / HTTP/1.1\r\nHost: x\r\nX-",
        # a NUL in a header before the token (the harness once missed it)
        "nul-before-authorization": get(b"/api/report", b"X: \x01\x00\x01\r\n" + auth),
        # acknowledging an alert (web/alert_ack.h): the one POST
        "ack": ack(b'{"id": "0123456789abcdef", "note": "ticket 1"}', auth),
        "ack-no-token": ack(b'{"id": "0123456789abcdef", "note": "x"}', b""),
        "ack-bad-body": ack(b'{"id": 1, "note": ["x"], "user": "y"}', auth),
        "ack-form": ack(b"id=0123456789abcdef&note=x", auth,
                        b"application/x-www-form-urlencoded"),
        "ack-chunked": b"POST /api/alerts/ack HTTP/1.1\r\nHost: x\r\n" + auth +
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"2\r\n{}\r\n0\r\n\r\n",
        "ack-get": get(b"/api/alerts/ack", auth),
    }
    return seeds


def write(kind, seeds):
    d = os.path.join(ROOT, kind)
    os.makedirs(d, exist_ok=True)
    for old in os.listdir(d):
        if old.startswith("seed-"):
            os.unlink(os.path.join(d, old))
    for name, data in sorted(seeds.items()):
        with open(os.path.join(d, "seed-" + name), "wb") as f:
            f.write(data)
    return len(seeds)


def main():
    n1 = write("decode", decode_seeds())
    n2 = write("pcap", pcap_seeds())
    n3 = write("members", members_seeds())
    n4 = write("config", config_seeds())
    n5 = write("http", http_seeds())
    print("make-seeds: %d decode, %d pcap, %d members, %d config, %d http seeds"
          % (n1, n2, n3, n4, n5))
    return 0


if __name__ == "__main__":
    sys.exit(main())
