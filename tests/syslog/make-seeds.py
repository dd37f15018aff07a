#!/usr/bin/env python3
"""Write the fuzz seed corpus for fuzz_syslog (tests/fuzz/corpus/syslog/seed-*).

Deterministic: plain byte strings, no randomness.  One input per parser and
matcher path: RFC 3164 with/without PRI and hostname, Cisco clock marks,
RFC 5424 with structured data and escapes, BOM, every built-in vendor
message, the two configured patterns of the harness, every MAC spelling,
and broken input (NUL, bad PRI, truncated SD, high bytes, overlong).
Run from the repository root; it replaces only seed-* files.
"""
import os

OUT = "tests/fuzz/corpus/syslog"

IOS = (b"%PORT_SECURITY-2-PSECURE_VIOLATION: Security violation occurred, "
       b"caused by MAC address 0011.2233.4455 on port GigabitEthernet1/0/1.")
NXOS = (b"%ETH_PORT_SEC-2-ETH_PORT_SEC_SECURITY_VIOLATION_MAX_MAC_VLAN: Port "
        b"Ethernet1/1 moved to SECURE-SHUTDOWN state as host 0640.2001.0db8 "
        b"is trying to access the port in vlan 10")

SEEDS = {
    "3164-basic": b"<13>Jan  2 03:04:05 host app[12]: hello world",
    "3164-no-pri": b"Mar  1 00:09:18 sw1 sshd: hello",
    "3164-no-tag": b"<13>just words without a tag",
    "3164-year": b"<186>Feb 23 2025 13:51:36 sw2.ix.example " + IOS,
    "3164-crlf": b"<13>Jan  2 03:04:05 h app: m\r\n",
    "cisco-ios": b"<186>Mar  1 00:09:18 sw1 " + IOS,
    "cisco-ios-native": b"<186>*Mar  1 00:09:18.123: " + IOS,
    "cisco-ios-seq": b"<186>Mar  1 00:09:18 sw1 412: *Mar  1 00:09:18.123: " + IOS,
    "cisco-ios-vlan": (b"<186>Mar  1 00:09:18 sw1 %PORT_SECURITY-2-PSECURE_VIOLATION_VLAN: "
                       b"Security violation on port Gi1/0/2 due to MAC address "
                       b"0011.2233.4455 on VLAN 10"),
    "cisco-ios-errdisable": (b"<188>Feb 23 13:51:36 sw1 %PM-4-ERR_DISABLE: psecure-violation "
                             b"error detected on Gi4/13, putting Gi4/13 in err-disable state"),
    "cisco-ios-misaligned": b"<186>Mar  1 00:09:18 sw1 " + IOS.replace(b"0011.2233.4455", b"0640.2001.0db8"),
    "cisco-ios-garbled-mac": b"<186>Mar  1 00:09:18 sw1 " + IOS.replace(b"4455", b"44zz"),
    "nxos-shutdown": b"<186>2026 Mar  1 00:09:18 UTC: " + NXOS,
    "nxos-restrict": b"<186>Mar  1 00:09:18 nx1 " + NXOS.replace(b"SHUTDOWN", b"RESTRICT"),
    "nxos-5424": b"<186>1 2026-03-01T00:09:18Z nx2 - - - - " + NXOS,
    "junos-l2ald": (b"<149>Jun 21 14:03:12  vmx01 l2ald[2902]: L2ALD_MAC_LIMIT_REACHED_IF: "
                    b"Limit on learned MAC addresses reached for ge-1/0/23.0; current count is 3"),
    "junos-l2ald-5424": (b"<149>1 2026-06-21T14:03:12.123+02:00 vmx01 l2ald 2902 "
                         b"L2ALD_MAC_LIMIT_REACHED_IF [junos@2636.1.1.1.2.18 "
                         b"interface-name=\"ge-1/0/23.0\"] Limit on learned MAC addresses "
                         b"reached for ge-1/0/23.0; current count is 3"),
    "junos-eswd-exceeded": b"<9>Jun 21 14:03:12 ex1 eswd[1201]: ESWD_MAC_LIMIT_EXCEEDED: MAC limit (1) exceeded at ge-0/0/1.0",
    "junos-eswd-block": b"<9>Jun 21 14:03:12 ex1 eswd[1201]: ESWD_MAC_LIMIT_BLOCK: MAC limit (1) exceeded at ge-0/0/2.0: shutting down the interface",
    "junos-eswd-drop": b"<9>Jun 21 14:03:12 ex1 eswd[1201]: ESWD_MAC_LIMIT_DROP: MAC limit (1) exceeded at xe-0/0/3.0: dropping the packet",
    "junos-eswd-invalid": b"<9>Jun 21 14:03:12 ex1 eswd[1201]: ESWD_INVALID_MAC_ADDRESS: Invalid MAC address 00:11:22:33:44:55 received on ge-0/0/4.0",
    "custom-kv": b"<132>Mar  1 00:09:18 relay vx: switch=edge7 mac=00-11-22-33-44-55 vlan=99 if=et-1/2/3",
    "custom-kv-badmac": b"<132>Mar  1 00:09:18 relay vx: switch=edge7 mac=nonsense vlan=99999 if=et-1",
    "custom-shut": b"<132>1 2026-03-01T00:09:18Z sw9 - - - - PORTSEC_SHUT: intf Ethernet1/1, source 001122334455",
    "custom-shut-hp": b"<132>1 - sw9 - - - - PORTSEC_SHUT: port Gi1/0/1, 001122-334455",
    "5424-rfc-example": (b"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                         b"[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" "
                         b"eventID=\"1011\"] An application event"),
    "5424-bom": b"<34>1 2003-08-24T05:14:15.000003-07:00 - - - - - \xef\xbb\xbfhello",
    "5424-sd-escapes": b"<14>1 2026-01-01T00:00:00Z h a - - [x@1 a=\"q\\\"u\" b=\"br]ack\\]et\" c=\"b\\\\\"][y@2] tail ] text",
    "5424-nil": b"<34>1 - host app 12 - -",
    "bad-sd-open": b"<14>1 - h a - - [x@1 a=\"open] m",
    "bad-sd-nospace": b"<14>1 - h a - - [x@1]m",
    "bad-5424-time": b"<14>1 2026-13-01T00:00:00Z h a - - - m",
    "bad-pri-big": b"<192>x",
    "bad-pri-open": b"<13",
    "nul-inside": b"<13>a\x00b" + IOS,
    "high-bytes": b"<13>\xff\xfe\x80 " + IOS.replace(b"0011.2233.4455", b"\xff\xff.2233.4455"),
    "empty-lines": b"\r\n\x00",
    "overlong": b"<13>Jan  1 00:00:00 h t: " + b"A" * 5000 + IOS,
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        if name.startswith("seed-"):
            os.remove(os.path.join(OUT, name))
    for name, data in sorted(SEEDS.items()):
        with open(os.path.join(OUT, "seed-" + name), "wb") as f:
            f.write(data)
    print("%d seeds in %s" % (len(SEEDS), OUT))


if __name__ == "__main__":
    main()
