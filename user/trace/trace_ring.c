// SPDX-License-Identifier: GPL-2.0
/*
 * The events' ring buffer, read in place: the consumer page and the data
 * mapped as kernel/bpf/ringbuf.c lays them out (the data twice in a row,
 * so that a record that wraps is contiguous), records handed to the
 * callback in order, as libbpf's ring_buffer does.
 *
 * The difference is when the consumer position is published. libbpf
 * stores it after every record, and every bpf_ringbuf_reserve() in the
 * probes reads it: while the collector drains, each traced syscall took
 * that cache line back from the collector's CPU, the largest single cost
 * in the profile of a traced pread flood (__bpf_ringbuf_reserve, 15% of
 * the flood's time). Here it is published once a sixteenth of the ring
 * has been read, and at the end of each pass: the space comes back to the
 * producers a little later, never less of it.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/bpf.h>
#include "trace_ring.h"

struct trace_ring {
	int map_fd;
	size_t size;			/* of the data, a power of 2 */
	size_t page;
	unsigned long *consumer_pos;	/* ours to write */
	const unsigned long *producer_pos;
	const char *data;
	trace_ring_fn *fn;
	void *ctx;
};

struct trace_ring *trace_ring_new(int map_fd, size_t size, trace_ring_fn *fn,
				  void *ctx)
{
	struct trace_ring *r = calloc(1, sizeof(*r));
	void *p;
	int err;

	if (!r)
		return NULL;
	r->map_fd = map_fd;
	r->size = size;
	r->page = sysconf(_SC_PAGESIZE);
	r->fn = fn;
	r->ctx = ctx;
	p = mmap(NULL, r->page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	r->consumer_pos = p;
	p = mmap(NULL, r->page + 2 * size, PROT_READ, MAP_SHARED, map_fd,
		 r->page);
	if (p == MAP_FAILED)
		goto unmap_consumer;
	r->producer_pos = p;
	r->data = (const char *)p + r->page;
	return r;

unmap_consumer:
	err = errno;
	munmap(r->consumer_pos, r->page);
	errno = err;
fail:
	free(r);
	return NULL;
}

int trace_ring_wait(struct trace_ring *r, int ms)
{
	struct pollfd pfd = { .fd = r->map_fd, .events = POLLIN };
	int n = poll(&pfd, 1, ms);

	return n < 0 ? -errno : n;
}

int64_t trace_ring_consume(struct trace_ring *r)
{
	unsigned long cons = *r->consumer_pos, published = cons, prod;
	int64_t records = 0;
	int err = 0;

	while ((prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE)) !=
	       cons) {
		while (cons < prod) {
			const uint32_t *hdr = (const void *)(r->data +
							     (cons & (r->size - 1)));
			uint32_t head = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
			uint32_t len = head & ~BPF_RINGBUF_DISCARD_BIT;

			/* Reserved, not yet submitted: the rest waits too. */
			if (head & BPF_RINGBUF_BUSY_BIT)
				goto out;
			cons += (len + BPF_RINGBUF_HDR_SZ + 7) & ~7UL;
			if (!(head & BPF_RINGBUF_DISCARD_BIT)) {
				records++;
				err = r->fn(r->ctx, (void *)(hdr + 2), len);
				if (err < 0)
					goto out;
			}
			if (cons - published >= r->size / 16) {
				__atomic_store_n(r->consumer_pos, cons,
						 __ATOMIC_RELEASE);
				published = cons;
			}
		}
	}
out:
	__atomic_store_n(r->consumer_pos, cons, __ATOMIC_RELEASE);
	return err < 0 ? err : records;
}

void trace_ring_free(struct trace_ring *r)
{
	if (!r)
		return;
	munmap((void *)r->producer_pos, r->page + 2 * r->size);
	munmap(r->consumer_pos, r->page);
	free(r);
}
