/*
 * fmt.c - see fmt.h.  gmtime_r keeps this thread-safe for the daemon.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/fmt.h"

const char *fmt_rfc3339(char buf[FMT_TS_LEN], int64_t sec, uint32_t nsec)
{
	time_t t;
	struct tm tm;
	size_t n;

	sec += nsec / 1000000000u; /* callers normalise; never print 10 digits */
	nsec %= 1000000000u;
	t = (time_t)sec;

	if (gmtime_r(&t, &tm) == NULL) {
		snprintf(buf, FMT_TS_LEN, "invalid-time");
		return buf;
	}
	n = strftime(buf, FMT_TS_LEN, "%Y-%m-%dT%H:%M:%S", &tm);
	if (nsec % 1000000000u == 0)
		snprintf(buf + n, FMT_TS_LEN - n, "Z");
	else if (nsec % 1000000 == 0)
		snprintf(buf + n, FMT_TS_LEN - n, ".%03uZ", nsec / 1000000);
	else if (nsec % 1000 == 0)
		snprintf(buf + n, FMT_TS_LEN - n, ".%06uZ", nsec / 1000);
	else
		snprintf(buf + n, FMT_TS_LEN - n, ".%09uZ", nsec);
	return buf;
}

const char *fmt_mac(char buf[FMT_MAC_LEN], const uint8_t mac[6])
{
	snprintf(buf, FMT_MAC_LEN, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0],
	    mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

int fmt_parse_rfc3339(const char *s, int64_t *sec, uint32_t *nsec)
{
	struct tm tm;
	const char *p;
	uint32_t frac = 0;
	int digits = 0;

	memset(&tm, 0, sizeof(tm));
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (p == NULL)
		return -1;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, digits++) {
			if (digits == 9)
				return -1;
			frac = frac * 10 + (uint32_t)(*p - '0');
		}
		if (digits == 0)
			return -1;
		for (; digits < 9; digits++)
			frac *= 10;
	}
	if (strcmp(p, "Z") != 0)
		return -1;
	*sec = (int64_t)timegm(&tm);
	*nsec = frac;
	return 0;
}

int fmt_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

const char *fmt_ip(char buf[FMT_IP_LEN], int version, const uint8_t *addr)
{
	if (inet_ntop(version == 6 ? AF_INET6 : AF_INET, addr, buf, FMT_IP_LEN) ==
	    NULL)
		snprintf(buf, FMT_IP_LEN, "?");
	return buf;
}

char *fmt_printable(char *s)
{
	char *p;

	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return s;
}
