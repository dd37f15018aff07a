/*
 * dgram_queue.h - a UDP socket read by a thread of its own into a bounded
 * queue, so that what takes time after the read (decoding sFlow, nDPI on
 * a burst of new flows, writing state.json) never keeps the socket from
 * being read.  Without it the kernel drops datagrams while the analysis
 * is busy, and a datagram the kernel dropped is data lost.
 *
 * Design:
 *   - The receive thread only calls recvmmsg() (a batch of DGQ_BATCH),
 *     copies each datagram with its source address into a single-producer,
 *     single-consumer ring and wakes the consumer through an eventfd.  It
 *     never blocks on the consumer: when the ring is full the datagram is
 *     dropped and counted (queue_drops), so a stalled analysis costs
 *     counted datagrams, never a socket that stops being read.
 *   - The ring is bounded in bytes (a datagram takes its length plus its
 *     address plus a 16-byte header), so memory stays bounded whatever the
 *     agents send: the ring, DGQ_BATCH receive buffers and the socket's own
 *     buffer are all there is.
 *   - The consumer (the daemon's loop) polls dgq_fd(), then takes the
 *     datagrams in place (dgq_peek / dgq_pop: no copy on that side).
 *   - The kernel's own drops (the socket buffer was full: the receive
 *     thread itself fell behind) come from SO_RXQ_OVFL, the socket's drop
 *     counter the kernel stamps on each datagram; they appear with the next
 *     datagram received after them.
 *   - Counters the thread writes and another thread reads are C11 atomics;
 *     the ring's head and tail are release/acquire pairs, nothing else is
 *     shared, so there is no lock at all.
 *   - The thread starts in dgq_start(), not in dgq_new(): a program that
 *     forks after opening its sockets (daemon()) starts it after the fork,
 *     as a thread does not survive one.  It blocks every signal, so
 *     SIGTERM and SIGHUP interrupt the consumer's poll(), not recvmmsg().
 *   - dgq_free() wakes the thread through a second eventfd and joins it,
 *     promptly even under a flood (the thread checks for it every batch).
 *   - Cheap per datagram: after a batch that was not full the thread lets
 *     the next one gather for 1 ms rather than wake (and wake the
 *     consumer) for every datagram; once the thread runs, the ring is
 *     left out of forked children (MADV_DONTFORK), so writing it never
 *     copies a page a child shares.  dgram_queue.c says what each saved,
 *     measured.
 */
#ifndef IXMON_DAEMON_DGRAM_QUEUE_H
#define IXMON_DAEMON_DGRAM_QUEUE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/*
 * Datagrams per recvmmsg(): one system call per 64 datagrams when busy;
 * more would only grow the receive buffers (DGQ_BATCH x the largest
 * datagram) without saving much more.
 */
#define DGQ_BATCH 64

struct dgram_queue;

struct dgram {
	const uint8_t *data;
	size_t len;
	const struct sockaddr *from;
	socklen_t fromlen;
};

struct dgq_stats {
	uint64_t queued;       /* datagrams put in the ring */
	uint64_t queue_drops;  /* datagrams dropped: the ring was full */
	uint64_t kernel_drops; /* the socket's drop counter (SO_RXQ_OVFL) */
	uint64_t errors;       /* receive errors other than "nothing now" */
	size_t bytes;          /* in the ring now */
	size_t peak;           /* the most the ring held */
	size_t capacity;       /* its bound */
};

/*
 * A queue for the bound, non-blocking datagram socket `sock` (still the
 * caller's: dgq_free does not close it), holding at most `capacity` bytes
 * (raised to twice the largest record, so a datagram of `max_datagram`
 * always fits eventually), taking datagrams up to `max_datagram` bytes.
 * Turns SO_RXQ_OVFL on.  No thread yet; NULL with the reason in `err`.
 */
struct dgram_queue *dgq_new(int sock, size_t capacity, size_t max_datagram,
    char *err, size_t errlen);
/* Start the receive thread; -1 with the reason in `err`. */
int dgq_start(struct dgram_queue *q, char *err, size_t errlen);
int dgq_started(const struct dgram_queue *q);
/*
 * The descriptor to poll: readable when datagrams were queued (and right
 * after dgq_new, so a loop polling it calls its reader, which starts the
 * thread).
 */
int dgq_fd(const struct dgram_queue *q);
/* Clear dgq_fd()'s readiness; call before taking datagrams. */
void dgq_clear(struct dgram_queue *q);
/* Make dgq_fd() readable again: datagrams were left for the next time. */
void dgq_rearm(struct dgram_queue *q);
/*
 * The oldest datagram, valid until dgq_pop(); 0 when the queue is empty.
 * Consumer side only (one thread).
 */
int dgq_peek(struct dgram_queue *q, struct dgram *d);
/* Done with what dgq_peek() gave: its room goes back to the thread. */
void dgq_pop(struct dgram_queue *q);
/* The counters, from any thread. */
void dgq_stats(const struct dgram_queue *q, struct dgq_stats *st);
/*
 * Stop and join the thread, free everything (the socket stays open); the
 * final counters into `last` unless NULL.
 */
void dgq_free(struct dgram_queue *q, struct dgq_stats *last);

#endif
