/*
 * dgram_queue.c - see dgram_queue.h for the design.
 *
 * The ring holds records one after the other: a struct rec, the source
 * address padded to 8 bytes, the datagram, the whole padded to REC_ALIGN.
 * A record never wraps: when it does not fit before the end of the ring,
 * a record of size 0 says "go on at the start" and the bytes it skips
 * count as used until the consumer passes them, so the consumer hands out
 * every datagram in place, contiguous.  head and tail count bytes since
 * the start (size_t: 64 bits do not wrap in a run); their difference is
 * what the ring holds, skipped ends included, never more than its
 * capacity.  `held` counts the records alone: what stats report.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/dgram_queue.h"

struct rec {
	uint32_t size;    /* the whole record; 0: skip to the ring's start */
	uint32_t len;     /* the datagram */
	uint32_t fromlen; /* the source address */
	uint32_t pad;
};

/* Records start 16-aligned, so a struct rec always fits before the end. */
#define REC_ALIGN 16
#define ALIGN_UP(n, a) (((n) + (a) - 1) & ~((size_t)(a) - 1))

/*
 * After a receive error other than "nothing now", wait this long: an
 * error that repeats at once (it should not happen on a bound UDP socket)
 * then costs 100 system calls a second, not a core.
 */
#define ERROR_PAUSE_MS 10

/*
 * After a batch that was not full, wait this long before the next one.
 * Woken for every datagram, the thread takes a context switch (and wakes
 * the consumer) per datagram: bench/sflow-bench measured 1.23 CPU seconds
 * for 3 s at 500,000 samples a second without the wait, 0.47 with it.
 * 1 ms gathers up to a batch at 64,000 datagrams a second and is nothing
 * to the socket's buffer (32 MiB: over 10,000 datagrams) or to sFlow's
 * own latency (agents send every second or so).  The stop eventfd still
 * ends it at once.
 */
#define GATHER_MS 1

struct dgram_queue {
	/* set by dgq_new(), then read only */
	int sock;
	int wake; /* eventfd, thread -> consumer: datagrams were queued */
	int stop; /* eventfd, consumer -> thread: stop */
	uint8_t *ring;
	size_t cap;
	size_t max_dgram;
	pthread_t thread;
	int started; /* the consumer's */
	/* the ring: head moved by the thread, tail by the consumer */
	_Atomic size_t head;
	_Atomic size_t tail;
	size_t next_tail; /* the consumer's: past what dgq_peek() gave */
	size_t next_size; /* the consumer's: the size of what it gave */
	/* the records' bytes (head - tail also counts skipped ends): both move it */
	_Atomic size_t held;
	/* written by the thread, read by anyone */
	_Atomic uint64_t queued, queue_drops, kernel_drops, errors;
	_Atomic size_t peak; /* the most `held` was */
	atomic_bool stopping;
	/* the thread's alone */
	uint32_t ovfl; /* the socket's drop counter when last seen */
	uint8_t *bufs; /* DGQ_BATCH receive buffers of max_dgram bytes */
	struct mmsghdr msgs[DGQ_BATCH];
	struct iovec iov[DGQ_BATCH];
	struct sockaddr_storage from[DGQ_BATCH];
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(uint32_t))];
	} ctl[DGQ_BATCH];
};

/*
 * The ring and the receive buffers are mapped apart so that, once the
 * thread runs, they can be left out of any child (MADV_DONTFORK, see
 * dgq_start).
 */
static void *map_own(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static size_t rec_size(size_t len, socklen_t fromlen)
{
	return ALIGN_UP(sizeof(struct rec) + ALIGN_UP((size_t)fromlen, 8) + len, REC_ALIGN);
}

/* ---- the producer (the receive thread) ------------------------------------ */

/* Queue one datagram, or count it dropped when the ring has no room. */
static int push(struct dgram_queue *q, const uint8_t *data, size_t len,
    const void *from, socklen_t fromlen)
{
	size_t need = rec_size(len, fromlen);
	size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
	/* acquire: the consumer is done reading what it gave back */
	size_t tail = atomic_load_explicit(&q->tail, memory_order_acquire);
	size_t off = head % q->cap, skip = 0, used = head - tail, held;
	struct rec *r;

	/*
	 * Skip to the front only when the record does not fit before the end.
	 * Not also whenever the ring is empty (to keep to its first pages):
	 * until the consumer passed the skip, only what lies before it would
	 * be usable, a queue cut short just when the consumer is busy.
	 */
	if (q->cap - off < need)
		skip = q->cap - off;
	if (used + skip + need > q->cap) {
		atomic_fetch_add_explicit(&q->queue_drops, 1, memory_order_relaxed);
		return 0;
	}
	if (skip) {
		((struct rec *)(q->ring + off))->size = 0;
		off = 0;
	}
	r = (struct rec *)(q->ring + off);
	r->size = (uint32_t)need;
	r->len = (uint32_t)len;
	r->fromlen = (uint32_t)fromlen;
	memcpy(r + 1, from, fromlen);
	memcpy((uint8_t *)(r + 1) + ALIGN_UP((size_t)fromlen, 8), data, len);
	/* before head moves: the consumer must not take it off first */
	held = atomic_fetch_add_explicit(&q->held, need, memory_order_relaxed) + need;
	/* release: the record is written before the consumer can see it */
	atomic_store_explicit(&q->head, head + skip + need, memory_order_release);
	if (held > atomic_load_explicit(&q->peak, memory_order_relaxed))
		atomic_store_explicit(&q->peak, held, memory_order_relaxed);
	atomic_fetch_add_explicit(&q->queued, 1, memory_order_relaxed);
	return 1;
}

/*
 * SO_RXQ_OVFL: the socket's drop counter as it was when this datagram was
 * queued by the kernel, absent while it is 0.  A 32-bit counter: the
 * difference since the last one seen survives its wrapping.
 */
static void overflow(struct dgram_queue *q, struct msghdr *mh)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(mh); c != NULL; c = CMSG_NXTHDR(mh, c)) {
		uint32_t v;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SO_RXQ_OVFL)
			continue;
		memcpy(&v, CMSG_DATA(c), sizeof(v));
		atomic_fetch_add_explicit(&q->kernel_drops, (uint32_t)(v - q->ovfl),
		    memory_order_relaxed);
		q->ovfl = v;
	}
}

static void *receive(void *arg)
{
	struct dgram_queue *q = arg;
	struct pollfd p[2] = {{q->sock, POLLIN, 0}, {q->stop, POLLIN, 0}};
	int i, n, queued;

	while (!atomic_load_explicit(&q->stopping, memory_order_acquire)) {
		for (i = 0; i < DGQ_BATCH; i++) {
			/* the kernel wrote the lengths of the last batch here */
			q->msgs[i].msg_hdr.msg_namelen = sizeof(q->from[i]);
			q->msgs[i].msg_hdr.msg_controllen = sizeof(q->ctl[i].buf);
		}
		n = recvmmsg(q->sock, q->msgs, DGQ_BATCH, MSG_DONTWAIT, NULL);
		if (n < 0) {
			/* Nothing now: sleep until a datagram or dgq_free(). */
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				poll(p, 2, -1);
			else if (errno != EINTR) {
				atomic_fetch_add_explicit(&q->errors, 1, memory_order_relaxed);
				poll(&p[1], 1, ERROR_PAUSE_MS);
			}
			continue;
		}
		queued = 0;
		for (i = 0; i < n; i++) {
			struct msghdr *mh = &q->msgs[i].msg_hdr;

			overflow(q, mh);
			queued += push(q, mh->msg_iov->iov_base, q->msgs[i].msg_len,
			    mh->msg_name, mh->msg_namelen);
		}
		/* One wake-up per batch, not per datagram. */
		if (queued)
			eventfd_write(q->wake, 1);
		/*
		 * Less than a batch: let the next one gather a moment instead of
		 * waking for every datagram (see GATHER_MS).
		 */
		if (n < DGQ_BATCH)
			poll(&p[1], 1, GATHER_MS);
	}
	return NULL;
}

/* ---- set-up and the consumer ---------------------------------------------- */

struct dgram_queue *dgq_new(int sock, size_t capacity, size_t max_datagram,
    char *err, size_t errlen)
{
	struct dgram_queue *q = calloc(1, sizeof(*q));
	size_t largest = rec_size(max_datagram, sizeof(struct sockaddr_storage));
	int one = 1, i;

	if (q == NULL) {
		snprintf(err, errlen, "queue: %s", strerror(errno));
		return NULL;
	}
	q->sock = sock;
	q->wake = q->stop = -1;
	q->max_dgram = max_datagram;
	/* Two of the largest: one always fits, whatever the skip at the end. */
	q->cap = ALIGN_UP(capacity, REC_ALIGN);
	if (q->cap < 2 * largest)
		q->cap = 2 * largest;
	/*
	 * A page costs memory once written: all the ring's as it turns; of
	 * the receive buffers, the parts datagrams fill.
	 */
	q->ring = map_own(q->cap);
	q->bufs = map_own(DGQ_BATCH * max_datagram);
	if (q->ring == NULL || q->bufs == NULL) {
		snprintf(err, errlen, "queue of %zu bytes: %s", q->cap, strerror(ENOMEM));
		goto fail;
	}
	if (setsockopt(sock, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof(one)) < 0) {
		snprintf(err, errlen, "SO_RXQ_OVFL: %s", strerror(errno));
		goto fail;
	}
	/* Readable from the start: the consumer's first read starts the thread. */
	q->wake = eventfd(1, EFD_NONBLOCK | EFD_CLOEXEC);
	q->stop = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (q->wake < 0 || q->stop < 0) {
		snprintf(err, errlen, "eventfd: %s", strerror(errno));
		goto fail;
	}
	for (i = 0; i < DGQ_BATCH; i++) {
		q->iov[i].iov_base = q->bufs + (size_t)i * max_datagram;
		q->iov[i].iov_len = max_datagram;
		q->msgs[i].msg_hdr.msg_iov = &q->iov[i];
		q->msgs[i].msg_hdr.msg_iovlen = 1;
		q->msgs[i].msg_hdr.msg_name = &q->from[i];
		q->msgs[i].msg_hdr.msg_control = q->ctl[i].buf;
	}
	return q;
fail:
	dgq_free(q, NULL);
	return NULL;
}

int dgq_start(struct dgram_queue *q, char *err, size_t errlen)
{
	sigset_t all, old;
	int rc;

	/*
	 * ixmon run forks a graph renderer every interval, and a page shared
	 * with a child is copied on the next write to it: a fault and, the
	 * process having threads, a TLB flush on every CPU it runs on.  The
	 * thread writes the ring's pages one after the other: shared, that
	 * cost more than all the rest of receiving (perf at 500,000 samples a
	 * second).  So from now on children do not get them (they never touch
	 * them: the thread is not in them).  Now and not in dgq_new(): the
	 * process that starts the thread may be a child itself (daemon()
	 * comes between), and it needs them.
	 */
	madvise(q->ring, q->cap, MADV_DONTFORK);
	madvise(q->bufs, DGQ_BATCH * q->max_dgram, MADV_DONTFORK);
	/* The thread inherits a mask blocking everything: signals go to the loop. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&q->thread, NULL, receive, q);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errlen, "receive thread: %s", strerror(rc));
		return -1;
	}
	q->started = 1;
	return 0;
}

int dgq_started(const struct dgram_queue *q) { return q->started; }

int dgq_fd(const struct dgram_queue *q) { return q->wake; }

void dgq_clear(struct dgram_queue *q)
{
	eventfd_t v;

	eventfd_read(q->wake, &v); /* EAGAIN when already clear: fine */
}

void dgq_rearm(struct dgram_queue *q) { eventfd_write(q->wake, 1); }

int dgq_peek(struct dgram_queue *q, struct dgram *d)
{
	size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
	/* acquire: the record was written before head moved past it */
	size_t head = atomic_load_explicit(&q->head, memory_order_acquire);
	size_t off = tail % q->cap;
	const struct rec *r;

	if (tail == head)
		return 0;
	r = (const struct rec *)(q->ring + off);
	if (r->size == 0) {
		/* published with the record after it: one is there */
		tail += q->cap - off;
		r = (const struct rec *)q->ring;
	}
	d->from = (const struct sockaddr *)(r + 1);
	d->fromlen = (socklen_t)r->fromlen;
	d->data = (const uint8_t *)(r + 1) + ALIGN_UP((size_t)r->fromlen, 8);
	d->len = r->len;
	q->next_tail = tail + r->size;
	q->next_size = r->size;
	return 1;
}

void dgq_pop(struct dgram_queue *q)
{
	/* release: done reading the record before the thread may reuse it */
	atomic_store_explicit(&q->tail, q->next_tail, memory_order_release);
	atomic_fetch_sub_explicit(&q->held, q->next_size, memory_order_relaxed);
	q->next_size = 0;
}

void dgq_stats(const struct dgram_queue *q, struct dgq_stats *st)
{
	st->queued = atomic_load_explicit(&q->queued, memory_order_relaxed);
	st->queue_drops = atomic_load_explicit(&q->queue_drops, memory_order_relaxed);
	st->kernel_drops = atomic_load_explicit(&q->kernel_drops, memory_order_relaxed);
	st->errors = atomic_load_explicit(&q->errors, memory_order_relaxed);
	st->bytes = atomic_load_explicit(&q->held, memory_order_relaxed);
	st->peak = atomic_load_explicit(&q->peak, memory_order_relaxed);
	st->capacity = q->cap;
}

void dgq_free(struct dgram_queue *q, struct dgq_stats *last)
{
	if (q == NULL)
		return;
	if (q->started) {
		atomic_store_explicit(&q->stopping, 1, memory_order_release);
		eventfd_write(q->stop, 1);
		pthread_join(q->thread, NULL);
	}
	if (last) /* after the join: nothing counts any more */
		dgq_stats(q, last);
	if (q->wake >= 0)
		close(q->wake);
	if (q->stop >= 0)
		close(q->stop);
	if (q->ring)
		munmap(q->ring, q->cap);
	if (q->bufs)
		munmap(q->bufs, DGQ_BATCH * q->max_dgram);
	free(q);
}
