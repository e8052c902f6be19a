/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_RING_H
#define FDMODEL_TRACE_RING_H

#include <stddef.h>
#include <stdint.h>

struct trace_ring;

/* Called with each record in order; a negative result ends the pass. */
typedef int trace_ring_fn(void *ctx, void *data, size_t size);

/* The BPF ring buffer map_fd, of size bytes of data, read through fn. */
struct trace_ring *trace_ring_new(int map_fd, size_t size, trace_ring_fn *fn,
				  void *ctx);
/* Wait up to ms for a wakeup: 1 if woken, 0 if not, -errno. */
int trace_ring_wait(struct trace_ring *r, int ms);
/* Records handed to fn, or fn's negative result. */
int64_t trace_ring_consume(struct trace_ring *r);
void trace_ring_free(struct trace_ring *r);

#endif /* FDMODEL_TRACE_RING_H */
