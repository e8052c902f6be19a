/* SPDX-License-Identifier: GPL-2.0 */
/*
 * exit events: one per thread, from sched_process_exit, which do_exit()
 * reaches after the thread group's live count went down and before
 * exit_files() lets the thread's table go: the table's users count then
 * says whether this exit frees it (1) or leaves it to the other users.
 */
#ifndef FDMODEL_EXIT_BPF_H
#define FDMODEL_EXIT_BPF_H

#include "common.bpf.h"

static __always_inline void exit_event(struct task_struct *task,
				       bool group_dead)
{
	struct files_struct *files = task->files;
	struct fdm_exit_event *e;

	if (!(event_mask & (1U << FDM_EXIT)) || !trace_wanted_tgid(task->tgid))
		return;
	e = trace_reserve(FDM_EXIT, sizeof(*e));
	if (!e)
		return;
	trace_fill_head(&e->h, FDM_EXIT, FDM_CALL_EXIT, bpf_ktime_get_ns(),
			task->exit_code);
	e->group_dead = group_dead;
	e->table_users = files ? files->count.counter : 0;
	trace_submit(e);
}

#endif /* FDMODEL_EXIT_BPF_H */
