// SPDX-License-Identifier: GPL-2.0
/*
 * The events of `fdmodel trace` as text or JSON Lines: fixed columns
 * (time, comm, pid, tid, call, result) and then the event's fields, with
 * the same keys in both formats.
 */
#include <string.h>
#include <time.h>
#include "trace_model.h"
#include "trace_model_show.h"
#include "trace_args.h"
#include "trace_fields.h"
#include "trace_line.h"
#include "trace_print.h"
#include "trace_state.h"

#define CALL_NAME(NAME, name, ...)	[FDM_CALL_##NAME] = name,
static const char *const call_names[FDM_CALLS] = {
	FDM_CALL_LIST(CALL_NAME, CALL_NAME)
};
#undef CALL_NAME

void print_header(struct printer *p)
{
	if (p->json)
		return;
	fprintf(p->out, "%-11s %-16s %-7s %-7s %-22s %-7s %s\n", "TIME(s)",
		"COMM", "PID", "TID", "CALL", "RET", "DETAILS");
}

uint64_t trace_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void print_time(struct line *l, struct printer *p, uint64_t ts)
{
	if (l->json)
		line_u64(l, "time_ns", ts);
	else
		line_col_secs(l, ts > p->t0 ? ts - p->t0 : 0, 11);
}

static void print_head(struct line *l, struct printer *p,
		       const struct fdm_head *h)
{
	const char *call = h->call < FDM_CALLS ? call_names[h->call] : "?";
	const char *err = h->ret < 0 ? strerrorname_np(-h->ret) : NULL;
	char comm[FDM_COMM_LEN + 1];

	print_time(l, p, h->ts);
	if (l->json)
		line_str(l, "type", trace_type_name(h->type));
	memcpy(comm, h->comm, FDM_COMM_LEN);
	comm[FDM_COMM_LEN] = '\0';
	line_col(l, "comm", comm, 16);
	line_col_num(l, "pid", h->pid, 7);
	line_col_num(l, "tid", h->tid, 7);
	line_col(l, "call", call, 22);
	if (l->json) {
		line_s64(l, "ret", h->ret);
		if (err)
			line_str(l, "error", err);
		else
			line_opt(l, "error", -1);
	} else if (err) {
		char name[40] = "-";

		strncat(name, err, sizeof(name) - 2);
		line_col(l, "ret", name, 7);
	} else if (h->type == FDM_MAP && h->call != FDM_CALL_MUNMAP) {
		char addr[24];	/* mmap and mremap return an address */

		snprintf(addr, sizeof(addr), "0x%llx",
			 (unsigned long long)h->ret);
		line_col(l, "ret", addr, 7);
	} else {
		line_col_num(l, "ret", h->ret, 7);
	}
}

/*
 * The event applied to the live model: what it changed as the event's
 * "model" member (JSON) or as indented lines under it (text), then at a
 * stop the whole model of the process.
 */
static void print_changes(struct line *l, struct printer *p,
			  const struct fdm_head *h)
{
	const char *note;
	size_t pos = 0;

	live_apply(p->live, h, p->notes);
	if (p->json) {
		line_array_start(l, "model");
		while ((note = notes_next(p->notes, &pos)))
			line_array_str(l, note);
		line_array_end(l);
		if (p->notes->n)
			state_print(l, p, h);
	}
	line_end(l, p->out);
	while (!p->json && (note = notes_next(p->notes, &pos))) {
		fputs("            ", p->out);
		fputs(note, p->out);
		fputc('\n', p->out);
	}
	if (h->type == FDM_STOP)
		live_print_model(p, h->pid, h->ts);
}

int print_event(void *ctx, void *data, size_t size)
{
#define EVENT_SIZE(NAME, name)						\
	[FDM_##NAME] = sizeof(struct fdm_##name##_event),
	static const size_t sizes[FDM_TYPES] = {
		FDM_TYPE_LIST(EVENT_SIZE)
	};
#undef EVENT_SIZE
	const struct fdm_head *h = data;
	struct printer *p = ctx;
	struct line l;

	if (size < sizeof(*h) || h->type >= FDM_TYPES ||
	    size < sizes[h->type])
		return 0;
	p->events[h->type]++;
	line_start(&l, p->json);
	print_head(&l, p, h);
	switch (h->type) {
#define PRINT_TYPE(NAME, name)						\
	case FDM_##NAME:						\
		fields_##name(&l, data);				\
		break;
	FDM_TYPE_LIST(PRINT_TYPE)
#undef PRINT_TYPE
	}
	line_id(&l, "table", h->table);
	if (p->live)
		print_changes(&l, p, h);
	else
		line_end(&l, p->out);
	return 0;
}

/* One count per type traced. */
static void print_counts(struct line *l, const struct printer *p,
			 const char *prefix, const uint64_t n[FDM_TYPES])
{
	char key[32];
	unsigned int t;

	for (t = 0; t < FDM_TYPES; t++) {
		if (!(p->types & (1U << t)))
			continue;
		snprintf(key, sizeof(key), "%s%s", prefix, trace_type_name(t));
		line_u64(l, key, n[t]);
	}
}

void print_lost(struct printer *p, const uint64_t lost[FDM_TYPES])
{
	struct line l;

	line_start(&l, p->json);
	print_time(&l, p, trace_clock_ns());
	if (p->json)
		line_str(&l, "type", "lost");
	else
		line_col(&l, "type", "LOST", 0);
	print_counts(&l, p, p->json ? "" : "lost_", lost);
	line_end(&l, p->out);
	fflush(p->out);
}

void print_summary(struct printer *p, const uint64_t lost[FDM_TYPES])
{
	uint64_t events = 0, lost_all = 0;
	unsigned int t;
	struct line l;

	for (t = 0; t < FDM_TYPES; t++) {
		events += p->events[t];
		lost_all += lost[t];
	}
	if (p->json) {
		line_start(&l, true);
		line_str(&l, "type", "summary");
		line_u64(&l, "events", events);
		line_u64(&l, "lost", lost_all);
		print_counts(&l, p, "events_", p->events);
		print_counts(&l, p, "lost_", lost);
		line_u64(&l, "unprinted", p->unprinted);
		if (p->live) {
			line_u64(&l, "model_unsure", live_nunsure(p->live));
			line_u64(&l, "model_resyncs", p->resyncs);
		}
		line_end(&l, p->out);
	}
	fflush(p->out);
	fputs("fdmodel trace: ", stderr);
	line_start(&l, false);
	line_u64(&l, "events", events);
	print_counts(&l, p, "", p->events);
	line_u64(&l, "lost", lost_all);
	print_counts(&l, p, "lost_", lost);
	if (p->unprinted)
		line_u64(&l, "unprinted", p->unprinted);
	if (p->live) {
		line_u64(&l, "model_unsure", live_nunsure(p->live));
		line_u64(&l, "model_resyncs", p->resyncs);
	}
	line_end(&l, stderr);
}
