/*
 * inspector.c - see inspector.h.
 *
 * The queue is a ring of bytes with one producer (the analysis thread)
 * and one consumer (the worker): each job is a header and the packet,
 * rounded up to 64 bytes, so a 128-byte snapped packet takes 192 bytes and
 * a 64 KiB one still fits.  `head` and `tail` only grow (bytes written,
 * bytes consumed); `done` is the ticket of the last job run.  Each is
 * written by one thread and read by the other with acquire/release, so a
 * job's bytes are visible to the worker when it sees `head`, and its
 * answer to the caller when it sees `done`.  A job that would cross the
 * end of the ring starts at its beginning after a wrap mark.
 *
 * What a job costs the producer is the cache lines that cross between
 * the cores, so each shared counter has a line of its own, the producer
 * keeps the last `tail` and `done` it read, and telling the worker about
 * a job is a plain store: no fence, nothing to wait for.
 *
 * Sleeping: the worker polls a little when the ring is empty (jobs come
 * every few microseconds while a capture is read), then naps on a
 * condition variable, 100 us at first and twice as long each time it
 * finds nothing, up to 100 ms when the capture is idle: with no wake-up
 * call per job (a system call costs more than the job), that bounds how
 * late it sees one.  A caller about to wait for an answer makes sure,
 * with a full barrier, that the worker is awake.  The caller, waiting for
 * room or for an answer, polls while the worker finishes jobs (it is
 * behind, and a job takes microseconds), and sleeps once it stops seeing
 * progress; the worker then wakes it after each job while it says it
 * waits: spinning would take the CPU from a worker that is not running.
 *
 * When other work holds the cores, every wait for an answer costs a trip
 * through the scheduler (a millisecond, where a job takes two
 * microseconds), and a busy machine made the thread four times slower
 * than inline.  So the producer measures its waits: when they take more
 * than a quarter of its time while the worker had less than half a CPU
 * (its own CPU clock says so; a worker that is merely behind, on new
 * flows that cost nDPI 10-20 us each, has a whole one, and then waiting
 * is only fair), it lets the worker finish and runs jobs inline for
 * INSP_INLINE, then tries the thread again.  The jobs, their order and
 * their answers are the same either way.
 */
#include <errno.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyze/inspector.h"
#include "common/log.h"

#define INSP_RING   (1u << 20) /* bytes: ~5,000 snapped packets ahead */
#define INSP_ALIGN  64
#define INSP_SPIN   128        /* empty-ring polls before the worker sleeps */
#define INSP_POLLS  2048       /* polls without progress before a waiter sleeps */
#define INSP_NAP_NS 100000     /* first sleep when idle, ns */
#define INSP_NAP_MAX 100000000 /* longest, ns: an idle worker wakes 10 times a second */
#define INSP_WINDOW 10000000   /* ns: the least time a measure spans */
#define INSP_INLINE 2000000000 /* ns inline once waiting took over */

struct job {
	uint32_t size; /* bytes of this record; 0: wrap to the ring's start */
	uint32_t len;
	uint32_t flags;
	uint32_t has_pkt;
	uint64_t ms;
	uint64_t ticket;
	void *nflow;
	struct insp_result *res;
	/* the packet follows, len bytes */
};

struct inspector {
	struct nshim *nd;
	uint8_t *ring;
	int threaded;
	pthread_t worker;
	pthread_mutex_t lock;
	pthread_cond_t wake;     /* the worker, when jobs come */
	pthread_cond_t answered; /* the producer, after a job ran */
	/* the producer's */
	uint64_t head_local, submitted, tail_seen, done_seen;
	int inline_now;          /* the worker idles: jobs run in our thread */
	uint32_t since_check;    /* jobs since the last look at the clock */
	uint64_t window_ns, waited_ns, inline_until_ns;
	uint64_t worker_cpu_ns;  /* the worker's CPU clock at window_ns */
	clockid_t worker_clock;
	alignas(64) _Atomic uint64_t head;  /* written by the producer */
	alignas(64) _Atomic uint64_t tail;  /* by the worker */
	alignas(64) _Atomic uint64_t done;  /* by the worker */
	alignas(64) _Atomic int sleeping;   /* by the worker */
	_Atomic int stop;
	alignas(64) _Atomic int waiting;    /* by the producer */
};

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/*
 * The worker's `done` only counts the jobs it ran: tickets run inline
 * (choose_mode) are done too, so what we have seen never goes back.
 */
static void see_done(struct inspector *in)
{
	uint64_t d = atomic_load(&in->done); /* seq_cst: await() pairs it with `waiting` */

	if (d > in->done_seen)
		in->done_seen = d;
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t now_ns(void) { return clock_ns(CLOCK_MONOTONIC); }

/* A new measure starts now. */
static void window_reset(struct inspector *in, uint64_t now)
{
	in->window_ns = now;
	in->waited_ns = 0;
	in->worker_cpu_ns = clock_ns(in->worker_clock);
}

static uint32_t rec_size(uint32_t len)
{
	return (uint32_t)((sizeof(struct job) + len + INSP_ALIGN - 1) & ~(uint32_t)(INSP_ALIGN - 1));
}

static void run(struct inspector *in, const struct job *j, const uint8_t *pkt)
{
	struct insp_result *r = j->res;
	int guessed = 0;

	if (j->flags & INSP_NEW_FLOW) {
		nshim_flow_init(j->nflow);
		memset(r, 0, sizeof(*r));
	}
	/*
	 * An earlier job named the flow or gave up (a give-up queued behind
	 * the packet that decided): nothing is left to do, and nDPI's state
	 * is released already.
	 */
	if (r->outcome != INSP_DETECTING)
		return;
	if (j->has_pkt)
		r->proto = nshim_process(in->nd, j->nflow, pkt, j->len, j->ms);
	if (r->proto) {
		r->outcome = INSP_DETECTED;
	} else if (j->flags & INSP_GIVEUP_IF_UNKNOWN) {
		r->proto = nshim_giveup(in->nd, j->nflow, &guessed);
		r->guessed = (uint8_t)(guessed && r->proto);
		r->outcome = INSP_GAVE_UP;
	}
	if (r->outcome != INSP_DETECTING)
		nshim_flow_release(j->nflow);
}

/* The next job at `tail`, NULL if none; skips a wrap mark. */
static const struct job *next_job(struct inspector *in, uint64_t *tail,
    uint64_t *head_seen)
{
	const struct job *j;

	if (*tail == *head_seen)
		*head_seen = atomic_load_explicit(&in->head, memory_order_acquire);
	if (*tail == *head_seen)
		return NULL;
	j = (const struct job *)(in->ring + *tail % INSP_RING);
	if (j->size == 0) {
		*tail += INSP_RING - *tail % INSP_RING;
		if (*tail == *head_seen)
			return NULL;
		j = (const struct job *)(in->ring + *tail % INSP_RING);
	}
	return j;
}

static void nap(struct inspector *in, uint64_t tail, long ns)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += ns;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&in->lock);
	atomic_store(&in->sleeping, 1);
	while (atomic_load(&in->head) == tail && !atomic_load(&in->stop))
		if (pthread_cond_timedwait(&in->wake, &in->lock, &until) == ETIMEDOUT)
			break;
	atomic_store(&in->sleeping, 0);
	pthread_mutex_unlock(&in->lock);
}

static void *worker_main(void *arg)
{
	struct inspector *in = arg;
	uint64_t tail = 0, head_seen = 0;
	long nap_ns = INSP_NAP_NS;
	int spins = 0, k;

	for (;;) {
		const struct job *j = next_job(in, &tail, &head_seen);

		if (j == NULL) {
			if (atomic_load(&in->stop))
				break;
			if (++spins < INSP_SPIN) {
				/* poll gently: each read of `head` takes its line from the producer */
				for (k = 0; k < 16; k++)
					cpu_relax();
			} else {
				/* idle: each nap twice the last, up to INSP_NAP_MAX */
				nap(in, tail, nap_ns);
				if (nap_ns < INSP_NAP_MAX)
					nap_ns *= 2;
				spins = 0;
			}
			continue;
		}
		spins = 0;
		nap_ns = INSP_NAP_NS;
		run(in, j, (const uint8_t *)(j + 1));
		tail += j->size;
		atomic_store_explicit(&in->tail, tail, memory_order_release);
		/* seq_cst: ordered before reading `waiting`, as await() orders the converse */
		atomic_store(&in->done, j->ticket);
		if (atomic_load(&in->waiting)) {
			pthread_mutex_lock(&in->lock);
			pthread_cond_signal(&in->answered);
			pthread_mutex_unlock(&in->lock);
		}
	}
	return NULL;
}

struct inspector *insp_new(struct nshim *nd, int threaded)
{
	struct inspector *in = xcalloc(1, sizeof(*in));

	in->nd = nd;
	if (threaded && sysconf(_SC_NPROCESSORS_ONLN) < 2)
		threaded = 0; /* the worker would only take turns with us */
	if (!threaded)
		return in;
	in->ring = aligned_alloc(INSP_ALIGN, INSP_RING);
	if (in->ring == NULL)
		fatal("inspector ring");
	pthread_mutex_init(&in->lock, NULL);
	pthread_cond_init(&in->wake, NULL);
	pthread_cond_init(&in->answered, NULL);
	if (pthread_create(&in->worker, NULL, worker_main, in) != 0) {
		log_warnx("nDPI inspection thread not started: inspecting inline");
		pthread_mutex_destroy(&in->lock);
		pthread_cond_destroy(&in->wake);
		pthread_cond_destroy(&in->answered);
		free(in->ring);
		in->ring = NULL;
		return in;
	}
	in->threaded = 1;
	if (pthread_getcpuclockid(in->worker, &in->worker_clock) != 0)
		in->worker_clock = CLOCK_MONOTONIC; /* never looks starved */
	window_reset(in, now_ns());
	/* for top -H and perf: where nDPI's CPU goes */
	pthread_setname_np(in->worker, "ixmon-ndpi");
	return in;
}

static void wake_worker(struct inspector *in)
{
	pthread_mutex_lock(&in->lock);
	pthread_cond_signal(&in->wake);
	pthread_mutex_unlock(&in->lock);
}

/*
 * Before waiting: a read-modify-write of `head` (seq_cst, a full barrier
 * that ThreadSanitizer understands) orders our last job before reading
 * `sleeping`; the worker does the converse under its lock.  So either it
 * sees the jobs or we see it asleep and wake it.
 */
static void ensure_awake(struct inspector *in)
{
	atomic_fetch_add(&in->head, 0);
	if (atomic_load(&in->sleeping))
		wake_worker(in);
}

void insp_free(struct inspector *in)
{
	if (in == NULL)
		return;
	if (in->threaded) {
		insp_drain(in);
		pthread_mutex_lock(&in->lock);
		atomic_store(&in->stop, 1);
		pthread_cond_signal(&in->wake);
		pthread_mutex_unlock(&in->lock);
		pthread_join(in->worker, NULL);
		pthread_mutex_destroy(&in->lock);
		pthread_cond_destroy(&in->wake);
		pthread_cond_destroy(&in->answered);
		free(in->ring);
	}
	free(in);
}

/*
 * Wait until the worker ran job `ticket` (and so every one before it),
 * or, with `room` non-zero, freed the ring up to byte `room`.
 */
static void await(struct inspector *in, uint64_t ticket, uint64_t room)
{
	uint64_t t0 = now_ns(), last = in->done_seen;
	int n;

	ensure_awake(in);
	/* Poll while the worker gets on: it is running, merely behind. */
	for (n = 0; n < INSP_POLLS; n++) {
		/* `done` first: the worker stores it after `tail` */
		see_done(in);
		in->tail_seen = atomic_load_explicit(&in->tail, memory_order_acquire);
		if (room ? room - in->tail_seen <= INSP_RING : in->done_seen >= ticket)
			goto out;
		if (in->done_seen != last) {
			last = in->done_seen;
			n = 0;
		}
		cpu_relax();
	}
	pthread_mutex_lock(&in->lock);
	atomic_store(&in->waiting, 1);
	for (;;) {
		see_done(in);
		in->tail_seen = atomic_load(&in->tail);
		if (room ? room - in->tail_seen <= INSP_RING : in->done_seen >= ticket)
			break;
		pthread_cond_wait(&in->answered, &in->lock);
	}
	atomic_store(&in->waiting, 0);
	pthread_mutex_unlock(&in->lock);
out:
	in->waited_ns += now_ns() - t0;
}

/* Every 1,024 jobs: has waiting for the worker cost more than it saves? */
static void choose_mode(struct inspector *in)
{
	uint64_t now = now_ns();

	in->since_check = 0;
	if (in->inline_now) {
		if (now >= in->inline_until_ns)
			insp_set_inline(in, 0);
		return;
	}
	if (now - in->window_ns < INSP_WINDOW)
		return;
	if (in->waited_ns * 4 > now - in->window_ns &&
	    (clock_ns(in->worker_clock) - in->worker_cpu_ns) * 2 < now - in->window_ns) {
		insp_set_inline(in, 1);
		in->inline_until_ns = now + INSP_INLINE;
		return;
	}
	window_reset(in, now);
}

void insp_set_inline(struct inspector *in, int on)
{
	if (!in->threaded || in->inline_now == !!on)
		return;
	if (on)
		insp_drain(in); /* the worker is idle from here on */
	in->inline_now = !!on;
	window_reset(in, now_ns());
	in->inline_until_ns = UINT64_MAX; /* until told, or choose_mode's own */
}

static void wait_room(struct inspector *in, uint64_t upto)
{
	if (upto - in->tail_seen > INSP_RING)
		await(in, 0, upto);
}

uint64_t insp_submit(struct inspector *in, void *nflow, struct insp_result *res,
    const uint8_t *l3, uint32_t len, uint64_t ms, unsigned flags)
{
	struct job *j, hdr = {0, l3 ? len : 0, flags, l3 != NULL, ms, 0, nflow, res};
	uint32_t size = rec_size(hdr.len);
	uint64_t pos = in->head_local;

	/* before this job's ticket: switching waits for every ticket given */
	if (in->threaded && ++in->since_check >= 1024)
		choose_mode(in);
	hdr.ticket = ++in->submitted;
	if (!in->threaded || in->inline_now) {
		run(in, &hdr, l3);
		in->done_seen = hdr.ticket;
		return hdr.ticket;
	}
	hdr.size = size;
	if (pos % INSP_RING + size > INSP_RING) {
		/* a wrap mark, then the job at the start */
		wait_room(in, pos + sizeof(struct job));
		((struct job *)(in->ring + pos % INSP_RING))->size = 0;
		pos += INSP_RING - pos % INSP_RING;
	}
	wait_room(in, pos + size);
	j = (struct job *)(in->ring + pos % INSP_RING);
	*j = hdr;
	if (l3)
		memcpy(j + 1, l3, hdr.len);
	in->head_local = pos + size;
	atomic_store_explicit(&in->head, in->head_local, memory_order_release);
	return hdr.ticket;
}

void insp_wait(struct inspector *in, uint64_t ticket)
{
	if (!in->threaded || in->done_seen >= ticket)
		return;
	see_done(in);
	if (in->done_seen < ticket)
		await(in, ticket, 0);
}

void insp_drain(struct inspector *in) { insp_wait(in, in->submitted); }
