/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What fork events need on both their paths: which call created a task,
 * how many fds a table holds, and the event for a fork that failed.
 */
#ifndef FDMODEL_FORK_BPF_H
#define FDMODEL_FORK_BPF_H

#include "common.bpf.h"

#define PF_KTHREAD	0x00200000

/* Which call created the child, from the parent's saved user registers. */
static __always_inline __u8 fork_call(struct task_struct *parent)
{
	struct pt_regs *regs;
	__u8 call, type;

	if (BPF_CORE_READ(parent, flags) & PF_KTHREAD)
		return FDM_CALL_KTHREAD;
	regs = (struct pt_regs *)bpf_task_pt_regs(parent);
	if (syscall_call(BPF_CORE_READ(regs, orig_ax), &call, &type) &&
	    type == FDM_FORK)
		return call;
	return FDM_CALL_OTHER_CLONE;
}

struct fd_count {
	unsigned long *bits;
	__u32 fds;
};

static long fd_count_word(__u32 i, void *data)
{
	struct fd_count *c = data;
	unsigned long word;

	if (bpf_probe_read_kernel(&word, sizeof(word), &c->bits[i]))
		return 1;
	c->fds += __builtin_popcountl(word);
	return 0;
}

/* Open fds in a table: the bits set in open_fds, as fds= counts them. */
static __always_inline __u32 table_fds(struct files_struct *files)
{
	struct fdtable *fdt = BPF_CORE_READ(files, fdt);
	struct fd_count c = {};

	if (!fdt)
		return 0;
	c.bits = BPF_CORE_READ(fdt, open_fds);
	bpf_loop(BPF_CORE_READ(fdt, max_fds) / 64, fd_count_word, &c, 0);
	return c.fds;
}

static __always_inline void follow_child(__u32 parent_tgid, __u32 child_tgid)
{
	if (child_tgid != parent_tgid && tgid_traced(parent_tgid))
		tgid_set_traced(child_tgid, 1);
}

/*
 * uapi's linux/sched.h, where the collector takes them from, cannot sit
 * beside vmlinux.h: both define struct clone_args.
 */
#define SIGCHLD		17
#define CLONE_VM	0x00000100
#define CLONE_VFORK	0x00004000

/*
 * A fork that failed never reaches copy_process()'s tracepoint: report it
 * from the syscall's exit, with the flags the caller asked for.
 */
static __always_inline int fork_failed(__u8 call, const struct pt_regs *regs,
				       long ret)
{
	struct task_struct *parent;
	struct fdm_fork_event *e;
	__u64 flags = SIGCHLD;

	if (ret >= 0 || !trace_wanted())
		return 0;
	if (call == FDM_CALL_VFORK)
		flags |= CLONE_VM | CLONE_VFORK;
	else if (call == FDM_CALL_CLONE)
		flags = SYSCALL_ARG1(regs);
	else if (call == FDM_CALL_CLONE3)
		/* clone_args.flags is its first u64 */
		bpf_probe_read_user(&flags, sizeof(flags),
				    (void *)SYSCALL_ARG1(regs));
	e = trace_reserve(FDM_FORK, sizeof(*e));
	if (!e)
		return 0;
	parent = bpf_get_current_task_btf();
	trace_fill_head(&e->h, FDM_FORK, call, bpf_ktime_get_ns(), ret);
	e->flags = flags;
	e->table = (__u64)BPF_CORE_READ(parent, files);
	e->child_table = 0;
	e->child_fds = 0;
	e->child_pid = 0;
	e->child_tid = 0;
	e->pad = 0;
	trace_submit(e);
	return 0;
}

#endif /* FDMODEL_FORK_BPF_H */
