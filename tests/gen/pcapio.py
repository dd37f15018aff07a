#!/usr/bin/python3
"""pcapio - byte-exact pcap / pcapng writers shared by the fixture generators.

Written with `struct`, not scapy's writers, so that every header field
(magic, byte order, snap length, caplen vs. original length, nanosecond
timestamps, link type) is under our control and re-running a generator gives
byte-identical files.  A record is (ts_ns, data, orig_len): `data` is what
was captured and `orig_len` what was on the wire.
"""
import calendar
import struct

# 2026-11-02T10:00:00Z, the epoch of every generated capture.
T0_NS = calendar.timegm((2026, 11, 2, 10, 0, 0)) * 1_000_000_000

LINKTYPE_ETHERNET = 1
LINKTYPE_IEEE802_11 = 105
LINKTYPE_LINUX_SLL = 113
LINKTYPE_LINUX_SLL2 = 276


def pad60(frame):
    """Pad an Ethernet frame to the 60-byte minimum (FCS not captured)."""
    return frame + b"\x00" * (60 - len(frame)) if len(frame) < 60 else frame


def pcap_bytes(records, linktype=LINKTYPE_ETHERNET, snaplen=262144,
               endian="<", nsec=False):
    """A classic pcap file: records are (ts_ns, data, orig_len)."""
    magic = 0xA1B23C4D if nsec else 0xA1B2C3D4
    out = [struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, snaplen,
                       linktype)]
    for ts_ns, data, orig in records:
        sec, frac = divmod(ts_ns, 1_000_000_000)
        if not nsec:
            frac //= 1000
        cap = data[:snaplen]
        out.append(struct.pack(endian + "IIII", sec, frac, len(cap), orig))
        out.append(cap)
    return b"".join(out)


def write_pcap(path, records, **kw):
    with open(path, "wb") as f:
        f.write(pcap_bytes(records, **kw))


def _block(btype, body):
    body += b"\x00" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def _opt(code, value):
    return struct.pack("<HH", code, len(value)) + value + \
        b"\x00" * (-len(value) % 4)


def pcapng_bytes(records, linktype=LINKTYPE_ETHERNET, snaplen=0,
                 tsresol=9, comment=None):
    """A little-endian pcapng file: SHB, one IDB, EPBs and a final ISB.

    tsresol 9 writes nanosecond timestamps (if_tsresol option), 6 the
    default microseconds.
    """
    end = _opt(0, b"")
    shb_opts = _opt(4, b"ixmon tests/gen/make-fixtures.py") + end
    shb = _block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)
                 + shb_opts)
    idb_opts = _opt(2, b"eth0") + _opt(9, bytes([tsresol])) + end
    idb = _block(0x00000001, struct.pack("<HHI", linktype, 0, snaplen)
                 + idb_opts)
    blocks = [shb, idb]
    div = 10 ** (9 - tsresol)
    for i, (ts_ns, data, orig) in enumerate(records):
        ts = ts_ns // div
        body = struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(data),
                           orig) + data + b"\x00" * (-len(data) % 4)
        if comment and i == 0:
            body += _opt(1, comment.encode()) + end
        blocks.append(_block(0x00000006, body))
    if records:
        ts = records[-1][0] // div
        isb = struct.pack("<III", 0, ts >> 32, ts & 0xFFFFFFFF) + \
            _opt(4, struct.pack("<Q", len(records))) + end
        blocks.append(_block(0x00000005, isb))
    return b"".join(blocks)
