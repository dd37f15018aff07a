/*
 * fmt.h - text forms of the values reports carry: RFC 3339 timestamps,
 * MAC addresses as xx:xx:xx:xx:xx:xx, IP addresses via inet_ntop.
 * Each writes into a caller-provided buffer of the named size.
 */
#ifndef IXMON_FMT_H
#define IXMON_FMT_H

#include <stdint.h>

#define FMT_TS_LEN  40
#define FMT_MAC_LEN 18
#define FMT_IP_LEN  46

/* UTC, "Z", fraction trimmed to ms/us/ns as the value needs. */
const char *fmt_rfc3339(char buf[FMT_TS_LEN], int64_t sec, uint32_t nsec);
const char *fmt_mac(char buf[FMT_MAC_LEN], const uint8_t mac[6]);
/* version 4 reads 4 bytes of `addr`, version 6 reads 16. */
const char *fmt_ip(char buf[FMT_IP_LEN], int version, const uint8_t *addr);
/*
 * Parse what fmt_rfc3339 writes (UTC, "Z", optional fraction of up to 9
 * digits); 0, or -1 when `s` is not of that form.
 */
int fmt_parse_rfc3339(const char *s, int64_t *sec, uint32_t *nsec);
/*
 * Replace control characters (below 0x20, and DEL) in `s` with '?', in
 * place, and return `s`: input text quoted in a message (a member name, a
 * key, a parser's "near ..." excerpt) must not start a new log line or
 * drive a terminal.
 */
char *fmt_printable(char *s);
/* 0..15 for a hex digit (either case), -1 otherwise. */
int fmt_hexval(int c);

#endif
