/*
 * gen-capture.c - write a deterministic pcap of N frames of IXP peering-LAN
 * traffic for the benchmarks (bench/README.md).
 *
 *   gen-capture OUT.pcap [N]      (N defaults to 5,000,000)
 *
 * The mix, per frame, from a fixed-seed xorshift64* generator (so every run
 * writes the same bytes):
 *
 *   ~70%    IPv4 TCP (85%) / UDP (15%) between members; ~1% is BGP (179)
 *           between the members' peering-LAN addresses
 *   ~25%    IPv6 TCP/UDP, same shape; ~2% BGP over IPv6
 *    3%     ARP requests (broadcast) and replies
 *    1%     ICMPv6 ND: NS to the solicited-node group, NA back
 *    0.5%   6in4 / 6to4 (IPv4 protocol 41)
 *    0.25%  Teredo (IPv6 in UDP 3544)
 *    0.2%   802.1Q-tagged IPv4/IPv6 (a member's misconfigured port)
 *    0.05%  LLDP (0.03%) and STP (0.02%): the usual leaks
 *
 * Wire lengths are 64..1514, bimodal like real peering traffic (ACKs and
 * small packets, full-MTU bulk, a spread in between); caplen is
 * min(wirelen, 128) as with `tcpdump -s 128`.  Source MACs come from a pool
 * of 500 members.  Timestamps are monotonic, ~1 Mpps average.
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/rng.h"

#define SNAP     128
#define MEMBERS  500

static uint64_t rng_s = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void) { return xorshift64s(&rng_s); }

/* Uniform in [0, n). */
static uint32_t rn(uint32_t n) { return (uint32_t)((rnd() >> 32) * n >> 32); }

struct member {
	uint8_t mac[6];
	uint8_t v4[4];  /* peering-LAN address */
	uint8_t v6[16]; /* peering-LAN address */
};

static struct member mem[MEMBERS];

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static void init_members(void)
{
	/* Router vendors' OUIs, as seen on real peering LANs. */
	static const uint8_t oui[][3] = {
		{0x00, 0x1c, 0x73}, /* Arista */
		{0x3c, 0x61, 0x04}, /* Juniper */
		{0x00, 0x05, 0x86}, /* Juniper */
		{0x00, 0x1b, 0x21}, /* Intel */
		{0x84, 0xb8, 0x02}, /* Cisco */
		{0xf8, 0x66, 0xf2}, /* Cisco */
		{0xb0, 0xa8, 0x6e}, /* Nokia */
		{0x0c, 0x42, 0xa1}, /* Mellanox */
	};
	int i;

	for (i = 0; i < MEMBERS; i++) {
		const uint8_t *o = oui[rn(sizeof(oui) / sizeof(oui[0]))];
		uint32_t nic = (uint32_t)rnd() & 0xffffff;

		memcpy(mem[i].mac, o, 3);
		mem[i].mac[3] = (uint8_t)(nic >> 16);
		mem[i].mac[4] = (uint8_t)(nic >> 8);
		mem[i].mac[5] = (uint8_t)nic;
		/* 80.81.192.0/21 and 2001:7f8::/64 style peering LAN. */
		mem[i].v4[0] = 80;
		mem[i].v4[1] = 81;
		mem[i].v4[2] = (uint8_t)(192 + (i + 1) / 256);
		mem[i].v4[3] = (uint8_t)((i + 1) % 256);
		memset(mem[i].v6, 0, 16);
		put16(mem[i].v6, 0x2001);
		put16(mem[i].v6 + 2, 0x07f8);
		put16(mem[i].v6 + 12, (uint16_t)(64500 + i));
		put16(mem[i].v6 + 14, 1);
	}
}

/* Bimodal wire length, >= min, <= 1514 (or 1518 with a tag). */
static uint32_t wire_len(uint32_t min, uint32_t max)
{
	uint32_t r = rn(100), l;

	if (r < 40)
		l = 64 + rn(40);        /* ACKs, DNS, small UDP */
	else if (r < 55)
		l = 104 + rn(500);      /* medium */
	else if (r < 65)
		l = 604 + rn(800);
	else
		l = 1400 + rn(115);     /* bulk, full MTU */
	if (l < min)
		l = min;
	if (l > max)
		l = max;
	return l;
}

static uint16_t ip_csum(const uint8_t *p, int n)
{
	uint32_t s = 0;
	int i;

	for (i = 0; i < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* A random unicast address somewhere behind the member (its customers). */
static void rand_v4(uint8_t *a)
{
	uint32_t v;

	do
		v = (uint32_t)rnd();
	while ((v >> 24) == 0 || (v >> 24) >= 224 || (v >> 24) == 10 ||
	    (v >> 24) == 127);
	put32(a, v);
}

static void rand_v6(uint8_t *a)
{
	uint64_t hi = rnd(), lo = rnd();

	put16(a, (uint16_t)(0x2000 | (hi & 0x0fff))); /* 2000::/4 */
	put16(a + 2, (uint16_t)(hi >> 16));
	put32(a + 4, (uint32_t)(hi >> 32));
	put32(a + 8, (uint32_t)lo);
	put32(a + 12, (uint32_t)(lo >> 32));
}

static const uint16_t ports[] = {443, 443, 443, 80, 80, 53, 123, 8080, 993,
    25, 1935, 3478, 4500, 51820};

static uint16_t svc_port(void) { return ports[rn(sizeof(ports) / sizeof(ports[0]))]; }
static uint16_t eph_port(void) { return (uint16_t)(32768 + rn(28000)); }

/* TCP or UDP header at p; returns its length. */
static int l4(uint8_t *p, uint8_t proto, int bgp)
{
	uint16_t sp = bgp ? (rn(2) ? 179 : eph_port()) : svc_port();
	uint16_t dp = bgp ? (sp == 179 ? eph_port() : 179) : eph_port();

	if (rn(2)) {
		uint16_t t = sp;

		sp = dp;
		dp = t;
	}
	put16(p, sp);
	put16(p + 2, dp);
	if (proto == 17) {
		put16(p + 4, 0); /* length filled by caller */
		put16(p + 6, 0);
		return 8;
	}
	put32(p + 4, (uint32_t)rnd());
	put32(p + 8, (uint32_t)rnd());
	if (rn(3)) {
		/* Timestamps option: 32-byte header. */
		p[12] = 8 << 4;
		p[13] = 0x10 | (rn(10) == 0 ? 0x08 : 0);
		put16(p + 14, (uint16_t)(500 + rn(65000)));
		put32(p + 16, 0);
		p[20] = 1;
		p[21] = 1;
		p[22] = 8;
		p[23] = 10;
		put32(p + 24, (uint32_t)rnd());
		put32(p + 28, (uint32_t)rnd());
		return 32;
	}
	p[12] = 5 << 4;
	p[13] = 0x10 | (rn(10) == 0 ? 0x18 : 0);
	put16(p + 14, (uint16_t)(500 + rn(65000)));
	put32(p + 16, 0);
	return 20;
}

static void fix_udp_len(uint8_t *udp, uint32_t len) { put16(udp + 4, (uint16_t)len); }

/* IPv4 header at p for `total` bytes; returns 20. */
static int ipv4(uint8_t *p, uint32_t total, uint8_t proto, const uint8_t *src,
    const uint8_t *dst)
{
	p[0] = 0x45;
	p[1] = 0;
	put16(p + 2, (uint16_t)total);
	put16(p + 4, (uint16_t)rnd());
	put16(p + 6, 0x4000); /* DF */
	p[8] = (uint8_t)(50 + rn(14));
	p[9] = proto;
	put16(p + 10, 0);
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	put16(p + 10, ip_csum(p, 20));
	return 20;
}

static int ipv6(uint8_t *p, uint32_t payload, uint8_t nh, uint8_t hlim,
    const uint8_t *src, const uint8_t *dst)
{
	put32(p, 0x60000000u | (uint32_t)(rnd() & 0xfffff));
	put16(p + 4, (uint16_t)payload);
	p[6] = nh;
	p[7] = hlim;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	return 40;
}

static int eth(uint8_t *p, const uint8_t *dst, const uint8_t *src, int vid,
    uint16_t type)
{
	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	if (vid >= 0) {
		put16(p + 12, 0x8100);
		put16(p + 14, (uint16_t)vid);
		put16(p + 16, type);
		return 18;
	}
	put16(p + 12, type);
	return 14;
}

static int pick_pair(int *a)
{
	int s = (int)rn(MEMBERS), d;

	/* A few big members send most traffic. */
	if (rn(4) == 0)
		s = (int)rn(20);
	do
		d = (int)rn(MEMBERS);
	while (d == s);
	*a = d;
	return s;
}

/* Build one frame into buf; returns the wire length. */
static uint32_t build(uint8_t *buf)
{
	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t lldp_dst[6] = {0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e};
	static const uint8_t stp_dst[6] = {0x01, 0x80, 0xc2, 0x00, 0x00, 0x00};
	uint32_t r = rn(10000), wl;
	int d, s = pick_pair(&d), off, vid = -1, bgp, h;
	uint8_t a[16], b[16];

	if (r >= 9975 && r < 9995) {
		/* 802.1Q-tagged IPv4 or IPv6 from a misconfigured port. */
		static const int vids[] = {10, 99, 100, 2001};
		vid = vids[rn(4)];
		r = rn(2) ? 0 : 7000;
	}
	if (r < 7000) {
		/* IPv4 TCP/UDP */
		uint8_t proto = rn(100) < 85 ? 6 : 17;

		bgp = rn(100) < 1;
		if (bgp)
			proto = 6;
		wl = wire_len(vid >= 0 ? 70 : 66, vid >= 0 ? 1518 : 1514);
		if (bgp && wl > 300 && rn(4))
			wl = 85 + rn(30); /* keepalives */
		off = eth(buf, mem[d].mac, mem[s].mac, vid, 0x0800);
		if (bgp) {
			memcpy(a, mem[s].v4, 4);
			memcpy(b, mem[d].v4, 4);
		} else {
			rand_v4(a);
			rand_v4(b);
		}
		h = ipv4(buf + off, wl - (uint32_t)off, proto, a, b);
		h = l4(buf + off + h, proto, bgp);
		if (proto == 17)
			fix_udp_len(buf + off + 20, wl - (uint32_t)off - 20);
		return wl;
	}
	if (r < 9500) {
		/* IPv6 TCP/UDP */
		uint8_t proto = rn(100) < 80 ? 6 : 17;

		bgp = rn(100) < 2;
		if (bgp)
			proto = 6;
		wl = wire_len(vid >= 0 ? 90 : 86, vid >= 0 ? 1518 : 1514);
		if (bgp && wl > 300 && rn(4))
			wl = 105 + rn(30);
		off = eth(buf, mem[d].mac, mem[s].mac, vid, 0x86dd);
		if (bgp) {
			memcpy(a, mem[s].v6, 16);
			memcpy(b, mem[d].v6, 16);
		} else {
			rand_v6(a);
			rand_v6(b);
		}
		h = ipv6(buf + off, wl - (uint32_t)off - 40, proto, bgp ? 1 : 64, a, b);
		l4(buf + off + h, proto, bgp);
		if (proto == 17)
			fix_udp_len(buf + off + 40, wl - (uint32_t)off - 40);
		return wl;
	}
	if (r < 9800) {
		/* ARP: who-has a member's address, and the reply. */
		uint8_t *p;
		int reply = rn(3) == 0;

		off = eth(buf, reply ? mem[d].mac : bcast, mem[s].mac, -1, 0x0806);
		p = buf + off;
		put16(p, 1);
		put16(p + 2, 0x0800);
		p[4] = 6;
		p[5] = 4;
		put16(p + 6, reply ? 2 : 1);
		memcpy(p + 8, mem[s].mac, 6);
		memcpy(p + 14, mem[s].v4, 4);
		if (reply)
			memcpy(p + 18, mem[d].mac, 6);
		else
			memset(p + 18, 0, 6);
		memcpy(p + 24, mem[d].v4, 4);
		memset(p + 28, 0, 64 - 14 - 28); /* padding */
		return 64;
	}
	if (r < 9900) {
		/* ICMPv6 ND: NS (multicast) or NA (unicast), with a lladdr option. */
		int na = rn(2);
		uint8_t dmac[6], *p;

		if (na) {
			memcpy(dmac, mem[d].mac, 6);
			memcpy(b, mem[d].v6, 16);
		} else {
			dmac[0] = 0x33;
			dmac[1] = 0x33;
			dmac[2] = 0xff;
			memcpy(dmac + 3, mem[d].v6 + 13, 3);
			memset(b, 0, 16);
			put16(b, 0xff02);
			b[11] = 1;
			b[12] = 0xff;
			memcpy(b + 13, mem[d].v6 + 13, 3);
		}
		off = eth(buf, dmac, mem[s].mac, -1, 0x86dd);
		off += ipv6(buf + off, 32, 58, 255, mem[s].v6, b);
		p = buf + off;
		p[0] = na ? 136 : 135;
		p[1] = 0;
		put16(p + 2, 0);
		put32(p + 4, na ? 0x60000000u : 0); /* S|O */
		memcpy(p + 8, na ? mem[s].v6 : mem[d].v6, 16);
		p[24] = na ? 2 : 1;
		p[25] = 1;
		memcpy(p + 26, mem[s].mac, 6);
		return (uint32_t)off + 32;
	}
	if (r < 9950) {
		/* 6in4 (or 6to4 with a 2002::/16 end): IPv4 proto 41 + IPv6 TCP */
		wl = wire_len(114, 1514);
		off = eth(buf, mem[d].mac, mem[s].mac, -1, 0x0800);
		rand_v4(a);
		rand_v4(b);
		off += ipv4(buf + off, wl - (uint32_t)off, 41, a, b);
		rand_v6(a);
		rand_v6(b);
		if (rn(3) == 0) {
			put16(a, 0x2002);
			memcpy(a + 2, buf + off - 8, 4);
		}
		h = ipv6(buf + off, wl - (uint32_t)off - 40, 6, 60, a, b);
		l4(buf + off + h, 6, 0);
		return wl;
	}
	if (r < 9980) {
		/* Teredo: IPv4 UDP 3544 + IPv6 (2001:0::/32 client) + UDP */
		uint8_t *udp;

		wl = wire_len(110, 1514);
		off = eth(buf, mem[d].mac, mem[s].mac, -1, 0x0800);
		rand_v4(a);
		rand_v4(b);
		off += ipv4(buf + off, wl - (uint32_t)off, 17, a, b);
		udp = buf + off;
		put16(udp, 3544);
		put16(udp + 2, eph_port());
		put16(udp + 4, (uint16_t)(wl - (uint32_t)off));
		put16(udp + 6, 0);
		off += 8;
		rand_v6(a);
		put32(a, 0x20010000u);
		rand_v6(b);
		h = ipv6(buf + off, wl - (uint32_t)off - 40, 17, 64, a, b);
		l4(buf + off + h, 17, 0);
		fix_udp_len(buf + off + h, wl - (uint32_t)off - 40);
		return wl;
	}
	if (r < 9998) {
		/* LLDP from a member's router: 0x88cc, chassis/port/TTL TLVs */
		off = eth(buf, lldp_dst, mem[s].mac, -1, 0x88cc);
		memset(buf + off, 0, 64);
		put16(buf + off, (1 << 9) | 7);
		buf[off + 2] = 4;
		memcpy(buf + off + 3, mem[s].mac, 6);
		return 128;
	}
	/* STP BPDU: 802.3 length + LLC 42 42 03 */
	memcpy(buf, stp_dst, 6);
	memcpy(buf + 6, mem[s].mac, 6);
	put16(buf + 12, 39);
	buf[14] = 0x42;
	buf[15] = 0x42;
	buf[16] = 0x03;
	memset(buf + 17, 0, 64 - 17);
	return 64;
}

/*
 * The IX-F Member Export (1.0) of the members above, so ixmon can be run
 * with a member list that matches the traffic (bench/flood-bench).
 */
static int write_members(const char *path)
{
	FILE *fp = fopen(path, "w");
	int i;

	if (fp == NULL) {
		perror(path);
		return 1;
	}
	fprintf(fp, "{\"version\": \"1.0\", \"timestamp\": \"2024-01-15T12:00:00Z\",\n"
	    " \"ixp_list\": [{\"ixp_id\": 1, \"shortname\": \"BENCH-IX\", \"vlan\": [{\"id\": 1,\n"
	    "   \"ipv4\": {\"prefix\": \"80.81.192.0\", \"mask_length\": 21},\n"
	    "   \"ipv6\": {\"prefix\": \"2001:7f8::\", \"mask_length\": 64}}]}],\n"
	    " \"member_list\": [\n");
	for (i = 0; i < MEMBERS; i++) {
		const struct member *m = &mem[i];
		char mac[18], v6[40];

		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", m->mac[0],
		    m->mac[1], m->mac[2], m->mac[3], m->mac[4], m->mac[5]);
		snprintf(v6, sizeof(v6), "2001:7f8::%x:%x:%x:%x",
		    m->v6[8] << 8 | m->v6[9], m->v6[10] << 8 | m->v6[11],
		    m->v6[12] << 8 | m->v6[13], m->v6[14] << 8 | m->v6[15]);
		fprintf(fp, "  {\"asnum\": %u, \"name\": \"Bench member %d\", \"connection_list\": "
		    "[{\"ixp_id\": 1, \"vlan_list\": [{\"vlan_id\": 1,\n"
		    "    \"ipv4\": {\"address\": \"%u.%u.%u.%u\", \"mac_addresses\": [\"%s\"]},\n"
		    "    \"ipv6\": {\"address\": \"%s\", \"mac_addresses\": [\"%s\"]}}]}]}%s\n",
		    4200000000u + (unsigned)i, i, m->v4[0], m->v4[1], m->v4[2],
		    m->v4[3], mac, v6, mac, i + 1 < MEMBERS ? "," : "");
	}
	fprintf(fp, " ]}\n");
	return fclose(fp) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	uint8_t buf[SNAP + 64];
	struct pcap_pkthdr h;
	pcap_dumper_t *dump;
	uint64_t n = 5000000, i, t_ns;
	int random_macs, random_flows;
	pcap_t *p;
	char *end;

	if (argc == 3 && strcmp(argv[1], "--members") == 0) {
		init_members();
		return write_members(argv[2]);
	}
	if (argc < 2 || argc > 4 || (argc == 4 && strcmp(argv[3], "random-macs") != 0 &&
	    strcmp(argv[3], "random-flows") != 0)) {
		fprintf(stderr, "usage: gen-capture OUT.pcap [N [random-macs|random-flows]]\n"
				"       gen-capture --members OUT.json\n");
		return 2;
	}
	random_macs = argc == 4 && strcmp(argv[3], "random-macs") == 0;
	random_flows = argc == 4 && strcmp(argv[3], "random-flows") == 0;
	if (argc >= 3) {
		n = strtoull(argv[2], &end, 10);
		if (*argv[2] == '\0' || *end != '\0' || n == 0) {
			fprintf(stderr, "gen-capture: N must be a positive number\n");
			return 2;
		}
	}
	init_members();
	p = pcap_open_dead(DLT_EN10MB, SNAP);
	if (p == NULL) {
		fprintf(stderr, "gen-capture: pcap_open_dead failed\n");
		return 1;
	}
	dump = pcap_dump_open(p, argv[1]);
	if (dump == NULL) {
		fprintf(stderr, "gen-capture: %s: %s\n", argv[1], pcap_geterr(p));
		return 1;
	}
	t_ns = 1705320000ull * 1000000000ull; /* 2024-01-15 12:00:00 UTC */
	for (i = 0; i < n; i++) {
		uint32_t wl;

		/* Filler after the headers: whatever was left there, as on the wire. */
		memset(buf, 0, sizeof(buf));
		wl = build(buf);
		if (random_macs) {
			/*
			 * A random-MAC flood (macof, a looping switch): every
			 * frame from a new locally administered unicast source.
			 */
			uint64_t r = rnd();

			buf[6] = (uint8_t)((r >> 40 & 0xfc) | 0x02);
			buf[7] = (uint8_t)(r >> 32);
			buf[8] = (uint8_t)(r >> 24);
			buf[9] = (uint8_t)(r >> 16);
			buf[10] = (uint8_t)(r >> 8);
			buf[11] = (uint8_t)r;
		}
		if (random_flows) {
			/*
			 * A random 5-tuple flood (a spoofed DDoS crossing the
			 * LAN): between members' MACs, every frame a UDP packet
			 * with random addresses and ports, so a new flow each.
			 */
			uint64_t r = rnd(), q = rnd();

			buf[12] = 0x08, buf[13] = 0x00;
			memset(buf + 14, 0, 28);
			buf[14] = 0x45, buf[17] = 46, buf[22] = 64, buf[23] = 17;
			memcpy(buf + 26, &r, 8);      /* source and destination */
			memcpy(buf + 34, &q, 4);      /* ports */
			buf[38] = 0, buf[39] = 26;    /* UDP length */
			wl = 64;
		}
		t_ns += 200 + rn(1600); /* ~1 Mpps average, strictly increasing */
		h.ts.tv_sec = (time_t)(t_ns / 1000000000ull);
		h.ts.tv_usec = (suseconds_t)(t_ns % 1000000000ull / 1000);
		h.len = wl;
		h.caplen = wl < SNAP ? wl : SNAP;
		pcap_dump((u_char *)dump, &h, buf);
	}
	if (pcap_dump_flush(dump) < 0) {
		fprintf(stderr, "gen-capture: %s: write error\n", argv[1]);
		return 1;
	}
	pcap_dump_close(dump);
	pcap_close(p);
	fprintf(stderr, "gen-capture: wrote %llu frames to %s\n",
	    (unsigned long long)n, argv[1]);
	return 0;
}
