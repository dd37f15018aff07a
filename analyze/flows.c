/*
 * flows.c - see flows.h.
 *
 * Layout: one array of `capacity` entries, a bucket array of chain heads
 * (a power of two, at least twice the capacity, so chains stay short),
 * chains and the LRU list linked by 32-bit indexes.  Each entry's hash and
 * chain link live apart in a compact array (8 bytes per entry), so a chain
 * walk touches a full entry only on a hash match: under a random 5-tuple
 * flood the table is far larger than the caches and every touch is a miss.  The LRU list runs
 * from the most recently touched flow (head) to the least (tail); capture
 * time only grows in a replay or a live capture, so the tail is also the
 * idlest flow and expiry looks at the tail alone.  Entries retired go on a
 * free list (linked through `next`).
 *
 * Aux buffers are a pool apart from the entries: a flow holds one only
 * while its owner inspects it (flow_aux .. flow_aux_put), so the pool is
 * as large as the most flows ever inspected at once, not the table.  A
 * buffer put back is the next one handed out, still in the cache; before,
 * each slot kept its own, and where flows start faster than old ones are
 * reused, every new flow paid a fresh 688-byte allocation and its page
 * faults (15% of `ixmon analyze`'s samples on the exchange bench).
 */
#include <stdlib.h>
#include <string.h>

#include "analyze/flows.h"
#include "common/hash.h"
#include "common/log.h"

#define NIL UINT32_MAX
/* Flows expired per flow_get at most: bounded work per packet. */
#define FLOW_EXPIRE_BATCH 8

struct flow_link {
	uint32_t hash, next;
};

struct flow_table {
	struct flow *ent;
	struct flow_link *link; /* per entry: hash, chain (free list) link */
	void **auxbuf;          /* every aux buffer allocated, aux_allocated of them */
	void **auxfree;         /* the pool: buffers not held by a flow */
	size_t aux_nfree;
	uint32_t *bucket;
	uint32_t mask, capacity, used, count;
	uint32_t free_head, lru_head, lru_tail; /* free list through link[].next */
	uint32_t idle;
	size_t aux_size, aux_allocated;
	flow_retire_fn retire;
	void *ctx;
	uint64_t created, evicted, expired;
};

struct flow_table *flow_table_new(uint32_t capacity, uint32_t idle,
    size_t aux_size, flow_retire_fn retire, void *ctx)
{
	struct flow_table *t = xcalloc(1, sizeof(*t));
	uint32_t nb = 16, i;

	if (capacity == 0)
		capacity = 1;
	while (nb < 2ull * capacity && nb < (1u << 30))
		nb <<= 1;
	t->ent = xcalloc(capacity, sizeof(*t->ent));
	t->link = xcalloc(capacity, sizeof(*t->link));
	t->auxbuf = xcalloc(capacity, sizeof(*t->auxbuf));
	t->auxfree = xcalloc(capacity, sizeof(*t->auxfree));
	t->bucket = xcalloc(nb, sizeof(*t->bucket));
	for (i = 0; i < nb; i++)
		t->bucket[i] = NIL;
	t->mask = nb - 1;
	t->capacity = capacity;
	t->free_head = t->lru_head = t->lru_tail = NIL;
	t->idle = idle;
	t->aux_size = aux_size;
	t->retire = retire;
	t->ctx = ctx;
	return t;
}

int flow_key_make(struct flow_key *k, int family, uint8_t l4,
    const uint8_t *src, const uint8_t *dst, size_t alen, uint16_t sport,
    uint16_t dport)
{
	int c = memcmp(src, dst, alen), dir;

	memset(k, 0, sizeof(*k));
	k->family = (uint8_t)family;
	k->l4 = l4;
	/* Lower (address, port) is end a: both directions share the key. */
	dir = c > 0 || (c == 0 && sport > dport);
	memcpy(k->a, dir ? dst : src, alen);
	memcpy(k->b, dir ? src : dst, alen);
	k->pa = dir ? dport : sport;
	k->pb = dir ? sport : dport;
	return dir;
}

static uint32_t hash_key(const struct flow_key *k)
{
	uint64_t w[4];

	/* Fold the 36 key bytes into 64 bits, then the common mixer. */
	memcpy(w, k->a, 16);
	memcpy(w + 2, k->b, 16);
	return (uint32_t)hash_mix64(w[0] * 0x9e3779b97f4a7c15ull ^
	    w[1] * 0xc2b2ae3d27d4eb4full ^ w[2] * 0xff51afd7ed558ccdull ^
	    w[3] * 0xc4ceb9fe1a85ec53ull ^
	    ((uint64_t)k->pa << 32 | (uint64_t)k->pb << 16 |
		(uint64_t)k->l4 << 8 | k->family));
}

static void lru_unlink(struct flow_table *t, uint32_t i)
{
	struct flow *f = &t->ent[i];

	if (f->prev_lru != NIL)
		t->ent[f->prev_lru].next_lru = f->next_lru;
	else
		t->lru_head = f->next_lru;
	if (f->next_lru != NIL)
		t->ent[f->next_lru].prev_lru = f->prev_lru;
	else
		t->lru_tail = f->prev_lru;
}

static void lru_push_head(struct flow_table *t, uint32_t i)
{
	struct flow *f = &t->ent[i];

	f->prev_lru = NIL;
	f->next_lru = t->lru_head;
	if (t->lru_head != NIL)
		t->ent[t->lru_head].prev_lru = i;
	t->lru_head = i;
	if (t->lru_tail == NIL)
		t->lru_tail = i;
}

/* Take flow `i` out of the table, tell the owner, put the slot on the free list. */
static void retire(struct flow_table *t, uint32_t i, int why)
{
	struct flow *f = &t->ent[i];
	uint32_t *pp = &t->bucket[t->link[i].hash & t->mask];

	if (t->retire)
		t->retire(t->ctx, f, why);
	flow_aux_put(t, f);
	while (*pp != i)
		pp = &t->link[*pp].next;
	*pp = t->link[i].next;
	lru_unlink(t, i);
	t->link[i].next = t->free_head;
	t->free_head = i;
	t->count--;
	if (why == FLOW_RETIRE_EVICTED)
		t->evicted++;
	else if (why == FLOW_RETIRE_EXPIRED)
		t->expired++;
}

static int idle_at(const struct flow_table *t, uint32_t i, int64_t now)
{
	return t->idle && now - t->ent[i].last_sec > (int64_t)t->idle;
}

uint32_t flow_expire(struct flow_table *t, int64_t now)
{
	uint32_t n = 0;

	while (t->lru_tail != NIL && idle_at(t, t->lru_tail, now)) {
		retire(t, t->lru_tail, FLOW_RETIRE_EXPIRED);
		n++;
	}
	return n;
}

static struct flow *lookup(struct flow_table *t, const struct flow_key *k,
    uint32_t hv, int64_t now)
{
	uint32_t i;
	struct flow *f;

	for (i = t->bucket[hv & t->mask]; i != NIL; i = t->link[i].next) {
		if (t->link[i].hash != hv)
			continue;
		f = &t->ent[i];
		if (memcmp(&f->key, k, sizeof(*k)) == 0) {
			if (f->last_sec < now)
				f->last_sec = now;
			if (t->lru_head != i) {
				lru_unlink(t, i);
				lru_push_head(t, i);
			}
			return f;
		}
	}
	return NULL;
}

struct flow *flow_lookup(struct flow_table *t, const struct flow_key *k,
    int64_t now)
{
	return lookup(t, k, hash_key(k), now);
}

struct flow *flow_get(struct flow_table *t, const struct flow_key *k,
    int64_t now, int *created)
{
	uint32_t hv = hash_key(k), h = hv & t->mask, i, n;
	struct flow *f;

	*created = 0;
	if ((f = lookup(t, k, hv, now)) != NULL)
		return f;
	/* A few idle flows per new one: bounded work, and the table drains. */
	for (n = 0; n < FLOW_EXPIRE_BATCH && t->lru_tail != NIL &&
	     idle_at(t, t->lru_tail, now); n++)
		retire(t, t->lru_tail, FLOW_RETIRE_EXPIRED);
	if (t->free_head != NIL) {
		i = t->free_head;
		t->free_head = t->link[i].next;
	} else if (t->used < t->capacity) {
		i = t->used++;
	} else {
		retire(t, t->lru_tail, FLOW_RETIRE_EVICTED);
		i = t->free_head;
		t->free_head = t->link[i].next;
	}
	f = &t->ent[i];
	memset(f, 0, sizeof(*f));
	f->key = *k;
	f->first_sec = f->last_sec = now;
	f->member[0] = f->member[1] = FLOW_NO_MEMBER;
	t->link[i].hash = hv;
	t->link[i].next = t->bucket[h];
	t->bucket[h] = i;
	lru_push_head(t, i);
	t->count++;
	t->created++;
	*created = 1;
	return f;
}

void *flow_aux(struct flow_table *t, struct flow *f)
{
	if (f->aux != NULL || t->aux_size == 0)
		return f->aux;
	if (t->aux_nfree > 0) {
		f->aux = t->auxfree[--t->aux_nfree];
		memset(f->aux, 0, t->aux_size);
	} else {
		/* at most one per entry: a flow holds at most one */
		f->aux = xcalloc(1, t->aux_size);
		t->auxbuf[t->aux_allocated++] = f->aux;
	}
	return f->aux;
}

void flow_aux_put(struct flow_table *t, struct flow *f)
{
	if (f->aux == NULL)
		return;
	t->auxfree[t->aux_nfree++] = f->aux;
	f->aux = NULL;
}

void flow_foreach(struct flow_table *t, void (*fn)(void *ctx, struct flow *f),
    void *ctx)
{
	uint32_t i;

	for (i = t->lru_head; i != NIL; i = t->ent[i].next_lru)
		fn(ctx, &t->ent[i]);
}

void flow_table_stats(const struct flow_table *t, struct flow_stats *s)
{
	s->entries = t->count;
	s->capacity = t->capacity;
	s->created = t->created;
	s->evicted = t->evicted;
	s->expired = t->expired;
	s->bytes = sizeof(*t) + (size_t)t->capacity * (sizeof(*t->ent) +
	    sizeof(*t->link) + sizeof(*t->auxbuf) + sizeof(*t->auxfree)) +
	    ((size_t)t->mask + 1) * sizeof(*t->bucket) +
	    t->aux_allocated * t->aux_size;
}

void flow_table_free(struct flow_table *t)
{
	uint32_t i;

	if (t == NULL)
		return;
	while (t->lru_tail != NIL)
		retire(t, t->lru_tail, FLOW_RETIRE_FLUSH);
	for (i = 0; i < t->aux_allocated; i++)
		free(t->auxbuf[i]);
	free(t->auxbuf);
	free(t->auxfree);
	free(t->link);
	free(t->ent);
	free(t->bucket);
	free(t);
}
