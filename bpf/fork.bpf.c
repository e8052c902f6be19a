// SPDX-License-Identifier: GPL-2.0
/*
 * fork events: every new process or thread, whatever created it (fork,
 * vfork, clone, clone3, kernel threads). All of them pass through
 * copy_process(), whose task_newtask tracepoint fires once the child is
 * complete (ids, fd table) and can no longer fail; failed forks are
 * reported from the syscall's exit (syscalls.bpf.c). The same places keep
 * the pid filter up to date: children join it with --follow, dead groups
 * leave it, after the exit event of their last thread (exit.bpf.h).
 */
#include "exit.bpf.h"
#include "fork.bpf.h"

SEC("tp_btf/task_newtask")
int BPF_PROG(fork_newtask, struct task_struct *child, __u64 clone_flags)
{
	struct task_struct *parent = bpf_get_current_task_btf();
	__u32 parent_tgid = parent->tgid;
	struct files_struct *files;
	struct fdm_fork_event *e;

	if (filter_pid && follow)
		follow_child(parent_tgid, child->tgid);
	if (!(event_mask & (1U << FDM_FORK)) ||
	    !trace_wanted_tgid(parent_tgid))
		return 0;
	e = trace_reserve(FDM_FORK, sizeof(*e));
	if (!e)
		return 0;
	trace_fill_head(&e->h, FDM_FORK, fork_call(parent),
			bpf_ktime_get_ns(), child->pid);
	/* The exit signal travels apart from the flags since clone3. */
	e->flags = clone_flags | (child->exit_signal > 0 ?
				  child->exit_signal & 0xff : 0);
	e->table = (__u64)BPF_CORE_READ(parent, files);
	files = BPF_CORE_READ(child, files);
	e->child_table = (__u64)files;
	e->child_fds = files ? table_fds(files) : 0;
	e->child_pid = child->tgid;
	e->child_tid = child->pid;
	e->pad = 0;
	trace_submit(e);
	return 0;
}

/*
 * A thread's exit: its exit event first, then, when the thread group is
 * dead, the group leaves the filter, so that a reused pid is not traced.
 * One program, so that the order holds.
 */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(task_exit, struct task_struct *task)
{
	bool group_dead = !BPF_CORE_READ(task, signal, live.counter);
	__u32 tgid = task->tgid;

	exit_event(task, group_dead);
	if (filter_pid && group_dead)
		tgid_set_traced(tgid, 0);
	return 0;
}
