// SPDX-License-Identifier: GPL-2.0
/*
 * The events of `fdmodel trace` as text or JSON Lines: fixed columns
 * (time, comm, pid, tid, call, result) and then the event's fields, with
 * the same keys in both formats.
 */
#include <string.h>
#include <time.h>
#include <linux/sched.h>	/* CLONE_*, CSIGNAL */
#include "trace_args.h"
#include "trace_line.h"
#include "trace_print.h"

#define CALL_NAME(NAME, name, ...)	[FDM_CALL_##NAME] = name,
static const char *const call_names[FDM_CALLS] = {
	FDM_CALL_LIST(CALL_NAME, CALL_NAME)
};
#undef CALL_NAME

/* Clone flags by name, in bit order; the low byte is the exit signal. */
static const char *const clone_flag_names[64] = {
	[8] = "CLONE_VM", [9] = "CLONE_FS", [10] = "CLONE_FILES",
	[11] = "CLONE_SIGHAND", [12] = "CLONE_PIDFD", [13] = "CLONE_PTRACE",
	[14] = "CLONE_VFORK", [15] = "CLONE_PARENT", [16] = "CLONE_THREAD",
	[17] = "CLONE_NEWNS", [18] = "CLONE_SYSVSEM", [19] = "CLONE_SETTLS",
	[20] = "CLONE_PARENT_SETTID", [21] = "CLONE_CHILD_CLEARTID",
	[22] = "CLONE_DETACHED", [23] = "CLONE_UNTRACED",
	[24] = "CLONE_CHILD_SETTID", [25] = "CLONE_NEWCGROUP",
	[26] = "CLONE_NEWUTS", [27] = "CLONE_NEWIPC", [28] = "CLONE_NEWUSER",
	[29] = "CLONE_NEWPID", [30] = "CLONE_NEWNET", [31] = "CLONE_IO",
	[32] = "CLONE_CLEAR_SIGHAND", [33] = "CLONE_INTO_CGROUP",
};

static void clone_flags_str(char *buf, size_t size, uint64_t flags)
{
	size_t len = 0;
	int bit;

	buf[0] = '\0';
	for (bit = 8; bit < 64; bit++) {
		if (!(flags & (1ULL << bit)))
			continue;
		if (clone_flag_names[bit])
			len += snprintf(buf + len, size - len, "%s%s",
					len ? "|" : "", clone_flag_names[bit]);
		else
			len += snprintf(buf + len, size - len, "%s0x%llx",
					len ? "|" : "", 1ULL << bit);
		if (len >= size)
			return;
	}
	if (flags & CSIGNAL) {
		const char *sig = sigabbrev_np(flags & CSIGNAL);

		if (sig)
			snprintf(buf + len, size - len, "%sSIG%s",
				 len ? "|" : "", sig);
		else
			snprintf(buf + len, size - len, "%s%llu",
				 len ? "|" : "",
				 (unsigned long long)(flags & CSIGNAL));
	} else if (!len) {
		snprintf(buf, size, "0");
	}
}

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
	} else {
		line_col_num(l, "ret", h->ret, 7);
	}
}

static void print_dup(struct line *l, const struct fdm_dup_event *e)
{
	bool fcntl = e->h.call == FDM_CALL_FCNTL_DUPFD ||
		     e->h.call == FDM_CALL_FCNTL_DUPFD_CLOEXEC;

	line_s64(l, "oldfd", e->oldfd);
	line_opt(l, "newfd", e->h.ret >= 0 ? e->h.ret :
			     fcntl ? -1 : e->newfd);
	line_opt(l, "minfd", fcntl ? e->newfd : -1);
	line_bool(l, "cloexec", e->cloexec);
	line_id(l, "file", e->file);
	line_id(l, "replaced", e->replaced);
}

static void print_fork(struct line *l, const struct fdm_fork_event *e)
{
	char flags[512];

	line_u64(l, "child_pid", e->child_pid);
	line_u64(l, "child_tid", e->child_tid);
	line_str(l, "kind", e->flags & CLONE_THREAD ? "thread" : "process");
	line_str(l, "files", e->flags & CLONE_FILES ? "shared" : "copied");
	line_str(l, "vm", e->flags & CLONE_VM ? "shared" : "copied");
	line_id(l, "table", e->table);
	line_id(l, "child_table", e->child_table);
	line_u64(l, "child_fds", e->child_fds);
	clone_flags_str(flags, sizeof(flags), e->flags);
	line_str(l, "flags", flags);
}

static void print_read(struct line *l, const struct fdm_read_event *e)
{
	line_s64(l, "fd", e->fd);
	line_id(l, "file", e->file);
	line_dev(l, "dev", e->dev >> 20, e->dev & 0xfffff);
	line_u64(l, "ino", e->ino);
	line_s64(l, "pos_before", e->pos_before);
	line_s64(l, "pos_after", e->pos_after);
	line_opt(l, "offset", e->offset);
	line_u64(l, "count", e->count);
	line_opt(l, "iovcnt", e->h.call == FDM_CALL_READ ||
			      e->h.call == FDM_CALL_PREAD64 ?
			      -1 : (int64_t)e->iovcnt);
	line_u64(l, "dur_ns", e->dur_ns);
}

static void print_epoll(struct line *l, const struct fdm_epoll_event *e)
{
	line_s64(l, "epfd", e->epfd);
	line_id(l, "file", e->file);
	line_s64(l, "maxevents", e->maxevents);
	line_s64(l, "timeout_ns", e->timeout_ns);
	line_opt(l, "ready", e->h.ret);
	line_u64(l, "interest", e->interest);
	line_bool(l, "interest_truncated", e->interest_truncated);
	line_ints(l, "ready_fds", e->ready_fds,
		  e->nready_fds < FDM_READY_FDS ? e->nready_fds :
						  FDM_READY_FDS);
	line_u64(l, "dur_ns", e->dur_ns);
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
		print_##name(&l, data);					\
		break;
	FDM_TYPE_LIST(PRINT_TYPE)
#undef PRINT_TYPE
	}
	line_end(&l, p->out);
	return 0;
}

static void print_counts(struct line *l, const char *prefix,
			 const uint64_t n[FDM_TYPES])
{
	char key[32];
	unsigned int t;

	for (t = 0; t < FDM_TYPES; t++) {
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
	print_counts(&l, p->json ? "" : "lost_", lost);
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
		print_counts(&l, "events_", p->events);
		print_counts(&l, "lost_", lost);
		line_u64(&l, "unprinted", p->unprinted);
		line_end(&l, p->out);
	}
	fflush(p->out);
	fputs("fdmodel trace: ", stderr);
	line_start(&l, false);
	line_u64(&l, "events", events);
	print_counts(&l, "", p->events);
	line_u64(&l, "lost", lost_all);
	print_counts(&l, "lost_", lost);
	if (p->unprinted)
		line_u64(&l, "unprinted", p->unprinted);
	line_end(&l, stderr);
}
