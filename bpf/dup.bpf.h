/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup events: dup, dup2, dup3, fcntl(F_DUPFD) and fcntl(F_DUPFD_CLOEXEC).
 *
 * The file dup2/dup3 replaces must be read from the target slot before
 * the call (afterwards the slot holds the new file); the new fd's file
 * and close-on-exec bit are read from the table after it.
 */
#ifndef FDMODEL_DUP_BPF_H
#define FDMODEL_DUP_BPF_H

#include "common.bpf.h"

#define F_DUPFD		0
#define F_DUPFD_CLOEXEC	1030

struct dup_start {
	__u64 ts;
	__u64 replaced;
	__s32 oldfd;
	__s32 newfd;
	__u8 call;
};

INFLIGHT_MAP(dup_starts, struct dup_start);

static __always_inline int dup_begin(__u8 call, const struct pt_regs *regs)
{
	struct dup_start s = {}, *slot;

	if (call == FDM_CALL_FCNTL_DUPFD) {
		/* One probe serves fcntl; only its two dup commands count. */
		unsigned long cmd = SYSCALL_ARG2(regs);

		if (cmd == F_DUPFD_CLOEXEC)
			call = FDM_CALL_FCNTL_DUPFD_CLOEXEC;
		else if (cmd != F_DUPFD)
			return 0;
	}
	if (!trace_wanted())
		return 0;
	s.ts = bpf_ktime_get_ns();
	s.call = call;
	s.oldfd = SYSCALL_ARG1(regs);
	s.newfd = -1;
	switch (call) {
	case FDM_CALL_DUP2:
	case FDM_CALL_DUP3:
		s.newfd = SYSCALL_ARG2(regs);
		if (s.newfd != s.oldfd)
			s.replaced = (__u64)current_fd_file(s.newfd);
		break;
	case FDM_CALL_FCNTL_DUPFD:
	case FDM_CALL_FCNTL_DUPFD_CLOEXEC:
		s.newfd = SYSCALL_ARG3(regs);	/* the lowest fd wanted */
		break;
	}
	slot = inflight_get(dup_starts, true);
	if (slot)
		*slot = s;
	return 0;
}

static __always_inline int dup_end(const struct pt_regs *regs, long ret)
{
	struct dup_start *s;
	struct fdm_dup_event *e;

	s = inflight_get(dup_starts, false);
	if (!s || !s->ts)
		return 0;
	e = trace_reserve(FDM_DUP, sizeof(*e));
	if (!e)
		goto out;
	trace_fill_head(&e->h, FDM_DUP, s->call, s->ts, ret);
	e->oldfd = s->oldfd;
	e->newfd = s->newfd;
	if (ret >= 0) {
		e->file = (__u64)current_fd_file(ret);
		e->cloexec = current_fd_cloexec(ret);
		e->replaced = s->replaced;
	} else {
		e->file = (__u64)current_fd_file(s->oldfd);
		e->cloexec = 0;
		e->replaced = 0;	/* a failed call closes nothing */
	}
	e->pad = 0;
	trace_submit(e);
out:
	s->ts = 0;
	return 0;
}

#endif /* FDMODEL_DUP_BPF_H */
