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

/* What the exit needs from the entry (syscalls.bpf.c keeps it). */
struct dup_start {
	__u64 replaced;
	__s32 oldfd;
	__s32 newfd;
};

static __always_inline void dup_begin(struct dup_start *s, __u8 call,
				      const struct pt_regs *regs)
{
	s->oldfd = SYSCALL_ARG1(regs);
	s->newfd = -1;
	s->replaced = 0;
	switch (call) {
	case FDM_CALL_DUP2:
	case FDM_CALL_DUP3:
		s->newfd = SYSCALL_ARG2(regs);
		if (s->newfd != s->oldfd)
			s->replaced = (__u64)current_fd_file(s->newfd);
		break;
	case FDM_CALL_FCNTL_DUPFD:
	case FDM_CALL_FCNTL_DUPFD_CLOEXEC:
		s->newfd = SYSCALL_ARG3(regs);	/* the lowest fd wanted */
		break;
	}
}

static __always_inline void dup_end(struct fdm_dup_event *e,
				    const struct dup_start *s, long ret)
{
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
}

#endif /* FDMODEL_DUP_BPF_H */
