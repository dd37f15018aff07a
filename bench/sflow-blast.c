/*
 * sflow-blast.c - send sFlow v5 at a fixed sample rate to a collector on
 * loopback, for bench/sflow-bench.
 *
 *   sflow-blast PORT SAMPLES_PER_SECOND SECONDS [SAMPLES_PER_DATAGRAM]
 *
 * Every flow sample carries one 128-byte raw Ethernet header (an IPv4/TCP
 * frame of 1514 bytes on the wire) and consecutive sample sequence numbers,
 * so the collector's own lost_samples counter measures what the kernel or
 * the collector dropped.  Pacing: datagrams are sent in 1 ms slices.
 * Prints the samples sent.  Sends only to 127.0.0.1.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return p + 4;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	uint8_t dg[9000], hdr[128], *p;
	uint32_t seq = 0, sample_seq = 0, per_dg;
	uint64_t rate, sent = 0, target;
	double secs, t0, t;
	struct sockaddr_in to;
	int fd, i;

	if (argc < 4) {
		fprintf(stderr, "usage: sflow-blast PORT SAMPLES/S SECONDS [PER_DATAGRAM]\n");
		return 2;
	}
	rate = strtoull(argv[2], NULL, 10);
	secs = atof(argv[3]);
	per_dg = argc > 4 ? (uint32_t)atoi(argv[4]) : 8;
	if (per_dg < 1 || per_dg > 40 || rate == 0 || secs <= 0) {
		fprintf(stderr, "sflow-blast: bad arguments\n");
		return 2;
	}
	/* An Ethernet/IPv4/TCP header, the rest of the 128 bytes payload. */
	memset(hdr, 0xab, sizeof(hdr));
	memcpy(hdr, "\x3c\x61\x04\x00\x00\x01\x00\x1b\x54\x00\x00\x02\x08\x00", 14);
	memcpy(hdr + 14, "\x45\x00\x05\xdc\x00\x01\x40\x00\x40\x06\x00\x00\xc0\x00\x02\x0a"
			 "\xc0\x00\x02\x0b", 20);
	memcpy(hdr + 34, "\x00\xb3\xc3\x50\x00\x00\x00\x01\x00\x00\x00\x01\x50\x10\x40\x00"
			 "\x00\x00\x00\x00", 20);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons((uint16_t)atoi(argv[1]));
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	t0 = now_s();
	for (;;) {
		t = now_s() - t0;
		if (t >= secs)
			break;
		target = (uint64_t)(t * (double)rate);
		while (sent + per_dg <= target + per_dg && sent < target) {
			p = dg;
			p = put32(p, 5);          /* version */
			p = put32(p, 1);          /* agent address type IPv4 */
			p = put32(p, 0x7f000001); /* 127.0.0.1 */
			p = put32(p, 0);          /* sub-agent */
			p = put32(p, ++seq);
			p = put32(p, (uint32_t)(t * 1000));
			p = put32(p, per_dg);
			for (i = 0; i < (int)per_dg; i++) {
				p = put32(p, 1);                   /* flow sample */
				p = put32(p, 32 + 8 + 16 + 128);   /* sample length */
				p = put32(p, ++sample_seq);
				p = put32(p, 7);                   /* source id: ifIndex 7 */
				p = put32(p, 1000);                /* sampling rate */
				p = put32(p, sample_seq * 1000);   /* sample pool */
				p = put32(p, 0);                   /* drops */
				p = put32(p, 7);
				p = put32(p, 8);
				p = put32(p, 1);                   /* one record */
				p = put32(p, 1);                   /* raw packet header */
				p = put32(p, 16 + 128);
				p = put32(p, 1);                   /* Ethernet */
				p = put32(p, 1518);                /* frame length incl. FCS */
				p = put32(p, 4);                   /* stripped */
				p = put32(p, 128);
				memcpy(p, hdr, 128);
				p += 128;
			}
			if (sendto(fd, dg, (size_t)(p - dg), 0, (struct sockaddr *)&to,
			    sizeof(to)) < 0)
				perror("sendto");
			sent += per_dg;
		}
	}
	printf("%llu\n", (unsigned long long)sent);
	return 0;
}
