/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_PRINT_H
#define FDMODEL_TRACE_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "trace.h"

struct live;
struct live_notes;

struct printer {
	FILE *out;
	bool json;
	unsigned int types;		/* bit per enum fdm_type traced */
	uint64_t t0;			/* CLOCK_MONOTONIC ns at start */
	uint64_t events[FDM_TYPES];	/* events printed, per type */
	uint64_t unprinted;		/* left in the buffer at Ctrl-C */
	struct live *live;		/* --model: the live model, or NULL */
	struct live_notes *notes;	/* what the last event changed */
	bool check;			/* check it against /proc/fdmodel */
	unsigned int resyncs;		/* models re-read after a loss */
};

/* CLOCK_MONOTONIC in ns: the clock of the events' timestamps. */
uint64_t trace_clock_ns(void);

void print_header(struct printer *p);
/* A trace_ring_fn: print one event. */
int print_event(void *ctx, void *data, size_t size);
/* A line in the stream: events the ring buffer refused since last time. */
void print_lost(struct printer *p, const uint64_t lost[FDM_TYPES]);
void print_summary(struct printer *p, const uint64_t lost[FDM_TYPES]);

#endif /* FDMODEL_TRACE_PRINT_H */
