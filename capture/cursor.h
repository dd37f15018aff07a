/*
 * cursor.h - the one bounded reader for untrusted bytes.
 *
 * Every decoder in ixmon reads packet, sFlow and file bytes through a
 * `struct cur`: a pointer and the number of bytes that remain.  Each accessor
 * checks the length first and returns -1 instead of reading past the end;
 * nothing in the project casts wire bytes to a host struct.  Multi-byte
 * integers are network byte order (big-endian) unless the name says `le`.
 *
 * `cur_sub` carves a bounded child view for a nested structure (an IPv6
 * extension header, an ND option, an sFlow record), so a lying inner length
 * can never reach beyond its parent.  The model is OpenBGPD's ibuf and
 * tcpdump's GET_* macros; all functions are static inline so the hot path
 * stays in registers.
 */
#ifndef IXMON_CURSOR_H
#define IXMON_CURSOR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cur {
	const uint8_t *p;
	size_t len;
};

static inline struct cur cur_make(const uint8_t *p, size_t len)
{
	struct cur c = {p, len};
	return c;
}

static inline size_t cur_left(const struct cur *c) { return c->len; }

static inline int cur_skip(struct cur *c, size_t n)
{
	if (c->len < n)
		return -1;
	c->p += n;
	c->len -= n;
	return 0;
}

static inline int cur_get8(struct cur *c, uint8_t *v)
{
	if (c->len < 1)
		return -1;
	*v = c->p[0];
	c->p++;
	c->len--;
	return 0;
}

static inline int cur_get16(struct cur *c, uint16_t *v)
{
	if (c->len < 2)
		return -1;
	*v = (uint16_t)((unsigned)c->p[0] << 8 | c->p[1]);
	c->p += 2;
	c->len -= 2;
	return 0;
}

static inline int cur_get32(struct cur *c, uint32_t *v)
{
	if (c->len < 4)
		return -1;
	*v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 |
	     (uint32_t)c->p[2] << 8 | c->p[3];
	c->p += 4;
	c->len -= 4;
	return 0;
}

static inline int cur_get64(struct cur *c, uint64_t *v)
{
	uint32_t hi, lo;

	if (c->len < 8)
		return -1;
	cur_get32(c, &hi);
	cur_get32(c, &lo);
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

static inline int cur_get_bytes(struct cur *c, void *dst, size_t n)
{
	if (c->len < n)
		return -1;
	memcpy(dst, c->p, n);
	c->p += n;
	c->len -= n;
	return 0;
}

/* Read without consuming, `off` bytes from the current position. */
static inline int cur_peek8(const struct cur *c, size_t off, uint8_t *v)
{
	if (c->len < 1 || c->len - 1 < off)
		return -1;
	*v = c->p[off];
	return 0;
}

static inline int cur_peek16(const struct cur *c, size_t off, uint16_t *v)
{
	if (c->len < 2 || c->len - 2 < off)
		return -1;
	*v = (uint16_t)((unsigned)c->p[off] << 8 | c->p[off + 1]);
	return 0;
}

/*
 * Split off the next `n` bytes as a child view and advance the parent past
 * them.  Fails (and leaves both untouched) when fewer than `n` remain.
 */
static inline int cur_sub(struct cur *c, size_t n, struct cur *sub)
{
	if (c->len < n)
		return -1;
	sub->p = c->p;
	sub->len = n;
	c->p += n;
	c->len -= n;
	return 0;
}

/* Like cur_sub but takes at most `n`: for data cut short by a snap length. */
static inline struct cur cur_sub_upto(struct cur *c, size_t n)
{
	struct cur sub;

	if (n > c->len)
		n = c->len;
	sub.p = c->p;
	sub.len = n;
	c->p += n;
	c->len -= n;
	return sub;
}

#endif
