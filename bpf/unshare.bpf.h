/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unshare events: the flags and the table at entry; the head's table is
 * the one after the call, a copy when CLONE_FILES unshared a shared one.
 */
#ifndef FDMODEL_UNSHARE_BPF_H
#define FDMODEL_UNSHARE_BPF_H

#include "common.bpf.h"

/* What the exit needs from the entry (syscalls.bpf.c keeps it). */
struct unshare_start {
	__u64 flags;
	__u64 old_table;
};

static __always_inline void unshare_begin(struct unshare_start *s,
					  const struct pt_regs *regs)
{
	s->flags = SYSCALL_ARG1(regs);
	s->old_table = (__u64)bpf_get_current_task_btf()->files;
}

static __always_inline void unshare_end(struct fdm_unshare_event *e,
					const struct unshare_start *s)
{
	e->flags = s->flags;
	e->old_table = s->old_table;
}

#endif /* FDMODEL_UNSHARE_BPF_H */
