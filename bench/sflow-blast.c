/*
 * sflow-blast.c - send sFlow v5 at a fixed sample rate to a collector on
 * loopback, for bench/sflow-bench.
 *
 *   sflow-blast PORT SAMPLES_PER_SECOND SECONDS [SAMPLES_PER_DATAGRAM] [varied]
 *
 * Every flow sample carries one 128-byte raw Ethernet header (a frame of
 * 1514 bytes on the wire) and consecutive sample sequence numbers, so the
 * collector's own lost_samples counter measures what the kernel or the
 * collector dropped.  Pacing: datagrams are sent in 1 ms slices.
 * Prints the samples sent.  Sends only to 127.0.0.1.
 *
 * Default: the same IPv4/TCP header in every sample, one flow: what the
 * receive path costs with the analysis as cheap as it gets.
 *
 * `varied`: every sample its own flow, the worst case for a collector that
 * keeps a flow table or runs DPI.  Addresses, ports and the TCP sequence
 * number come from a mixer (splitmix64) of the sample sequence number, so
 * the stream is the same on every run and nearly every sample is a 5-tuple
 * not seen before.  Mix, as an exchange's sampled traffic is mostly web:
 * ~62% TCP/443 (a TLS application-data record), ~28% UDP/443 (a QUIC short
 * header), ~5% TCP/80, ~5% UDP between high ports; ~30% IPv6.  Half the
 * samples go client to server, half back.  Addresses are from the
 * benchmarking ranges: servers in 198.19.0.0/16 and 2001:2:0:1::/64,
 * clients in 198.18.0.0/16 and 2001:2:0:2::/64 (the peers' configs in
 * sflow-bench rely on that).  The headers say a full 1514-byte frame (IP
 * and UDP lengths to match); 128 bytes of it are captured.  Four templates
 * are built once; a sample copies one and patches addresses, ports, the
 * sequence number and the IPv4 checksum, so the sender keeps up with 2M
 * samples/s.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HDR 128

enum { V4_TCP, V4_UDP, V6_TCP, V6_UDP };

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return p + 4;
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The four templates of the varied mode: Ethernet, IP, TCP or UDP with
 * lengths of a 1514-byte frame, then the start of the payload. */
static void make_templates(uint8_t tpl[4][HDR])
{
	static const uint8_t mac[12] = { 0x3c, 0x61, 0x04, 0x00, 0x00, 0x01,
					 0x00, 0x1b, 0x54, 0x00, 0x00, 0x02 };
	static const uint8_t v6_client[8] = { 0x20, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02 };
	static const uint8_t v6_server[8] = { 0x20, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01 };
	int k, l4, tcp, v6;
	uint8_t *h, *ip, *pl;

	for (k = 0; k < 4; k++) {
		h = tpl[k];
		v6 = k >= V6_TCP;
		tcp = k == V4_TCP || k == V6_TCP;
		memset(h, 0xab, HDR);
		memcpy(h, mac, 12);
		put16(h + 12, v6 ? 0x86dd : 0x0800);
		ip = h + 14;
		if (v6) {
			memset(ip, 0, 40);
			ip[0] = 0x60;
			put16(ip + 4, 1500 - 40);   /* payload length */
			ip[6] = tcp ? 6 : 17;
			ip[7] = 64;
			memcpy(ip + 8, v6_client, 8);
			memcpy(ip + 24, v6_server, 8);
			l4 = 14 + 40;
		} else {
			memcpy(ip, "\x45\x00\x05\xdc\x00\x01\x40\x00\x40\x06\x00\x00"
				   "\xc6\x12\x00\x00\xc6\x13\x00\x00", 20);
			ip[9] = tcp ? 6 : 17;
			l4 = 14 + 20;
		}
		if (tcp) {
			/* ACK|PSH, 20-byte header, window 502 */
			memcpy(h + l4, "\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x01"
				       "\x50\x18\x01\xf6\x00\x00\x00\x00", 20);
			pl = h + l4 + 20;
			/* TLS 1.2+ application data: mid-stream, as most samples are */
			memcpy(pl, "\x17\x03\x03\x05\x8c", 5);
		} else {
			memset(h + l4, 0, 8);
			put16(h + l4 + 4, (uint32_t)(1514 - l4));    /* UDP length */
			pl = h + l4 + 8;
			pl[0] = 0x43;   /* QUIC short header, fixed bit set */
		}
	}
}

static void ip4_checksum(uint8_t *ip)
{
	uint32_t s = 0;
	int i;

	ip[10] = ip[11] = 0;
	for (i = 0; i < 20; i += 2)
		s += (uint32_t)ip[i] << 8 | ip[i + 1];
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	put16(ip + 10, ~s & 0xffff);
}

/* Writes the varied header of sample SEQ at P. */
static void varied_header(uint8_t *p, uint8_t tpl[4][HDR], uint32_t seq)
{
	uint64_t a = splitmix64(seq), b = splitmix64(a);
	uint32_t r = (uint32_t)(a & 1023), cls = (uint32_t)(a >> 10 & 1023);
	uint32_t cport = 1024 + (uint32_t)(b & 0xffff) % 64512, sport;
	int v6 = r < 307, tcp, back = (int)(a >> 20 & 1), l4;
	uint8_t *ip = p + 14, *src, *dst, *client, *server;

	if (cls < 635) {
		tcp = 1, sport = 443;
	} else if (cls < 922) {
		tcp = 0, sport = 443;
	} else if (cls < 973) {
		tcp = 1, sport = 80;
	} else {
		tcp = 0, sport = 1024 + (uint32_t)(b >> 16 & 0xffff) % 64512;
	}
	memcpy(p, tpl[(v6 ? V6_TCP : V4_TCP) + !tcp], HDR);
	if (v6) {
		/* client 2001:2:0:2::/64 low 32 bits, server 2001:2:0:1::/64 low 16 */
		client = ip + 8 + 12;
		server = ip + 24 + 14;
		put16(client, (uint32_t)(a >> 21));
		put16(client + 2, (uint32_t)(a >> 37));
		put16(server, (uint32_t)(b >> 32));
		if (back) {
			/* swap the two /64s and the interface ids */
			uint8_t tmp[16];

			memcpy(tmp, ip + 8, 16);
			memcpy(ip + 8, ip + 24, 16);
			memcpy(ip + 24, tmp, 16);
		}
		l4 = 14 + 40;
	} else {
		/* client 198.18.x.y, server 198.19.x.y */
		src = ip + 12;
		dst = ip + 16;
		put16(back ? dst + 2 : src + 2, (uint32_t)(a >> 21));
		put16(back ? src + 2 : dst + 2, (uint32_t)(b >> 32));
		if (back) {
			src[1] = 0x13;
			dst[1] = 0x12;
		}
		put16(ip + 4, (uint32_t)(seq & 0xffff));   /* IP id */
		ip4_checksum(ip);
		l4 = 14 + 20;
	}
	put16(p + l4, back ? sport : cport);
	put16(p + l4 + 2, back ? cport : sport);
	if (tcp)
		put32(p + l4 + 4, (uint32_t)(b >> 48) * 65521u);
}

int main(int argc, char **argv)
{
	uint8_t dg[9000], hdr[HDR], tpl[4][HDR], *p;
	uint32_t seq = 0, sample_seq = 0, per_dg = 8;
	uint64_t rate, sent = 0, target;
	double secs, t0, t;
	struct sockaddr_in to;
	int fd, i, varied = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: sflow-blast PORT SAMPLES/S SECONDS [PER_DATAGRAM] [varied]\n");
		return 2;
	}
	rate = strtoull(argv[2], NULL, 10);
	secs = atof(argv[3]);
	for (i = 4; i < argc; i++) {
		if (strcmp(argv[i], "varied") == 0)
			varied = 1;
		else
			per_dg = (uint32_t)atoi(argv[i]);
	}
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
	make_templates(tpl);
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
				p = put32(p, 32 + 8 + 16 + HDR);   /* sample length */
				p = put32(p, ++sample_seq);
				p = put32(p, 7);                   /* source id: ifIndex 7 */
				p = put32(p, 1000);                /* sampling rate */
				p = put32(p, sample_seq * 1000);   /* sample pool */
				p = put32(p, 0);                   /* drops */
				p = put32(p, 7);
				p = put32(p, 8);
				p = put32(p, 1);                   /* one record */
				p = put32(p, 1);                   /* raw packet header */
				p = put32(p, 16 + HDR);
				p = put32(p, 1);                   /* Ethernet */
				p = put32(p, 1518);                /* frame length incl. FCS */
				p = put32(p, 4);                   /* stripped */
				p = put32(p, HDR);
				if (varied)
					varied_header(p, tpl, sample_seq);
				else
					memcpy(p, hdr, HDR);
				p += HDR;
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
