// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall side of every event type but fork's (failed forks only),
 * on one of two sets of attach points:
 *
 * - fentry and fexit programs on each traced call's __x64_sys_ function,
 *   two per call, generated from trace.h's list of calls, where the
 *   kernel allows them (the lab VM's): only the calls traced run a
 *   probe, and a process making other syscalls pays nothing at all;
 * - else (this machine's 6.18 refuses fentry and fexit, EPERM) one
 *   program on the raw sys_enter tracepoint and one on sys_exit, each
 *   dispatching on the syscall number by the same list. Enabling them
 *   puts every task's every syscall through the tracing slow path, and
 *   the switch on the number; tp_btf needs no tracefs.
 *
 * The collector loads one set or the other (trace_calls.c). Either way
 * the entry keeps what the exit will need in a slot per thread and the
 * exit makes the event from it: that skeleton is here, what each event
 * type keeps and reports is in its own .bpf.h. A successful exec ends on
 * the sched_process_exec tracepoint instead, also here for the slot.
 */
#include "common.bpf.h"
#include "calls.bpf.h"
#include "close.bpf.h"
#include "dup.bpf.h"
#include "epoll.bpf.h"
#include "exec.bpf.h"
#include "flags.bpf.h"
#include "fork.bpf.h"
#include "io.bpf.h"
#include "map.bpf.h"
#include "open.bpf.h"
#include "seek.bpf.h"
#include "unshare.bpf.h"
#include "watch.bpf.h"

static __always_inline bool want(unsigned int type)
{
	return event_mask & (1U << type);
}

/*
 * What a call's entry leaves for its exit, per thread, in task local
 * storage: a pointer away from the task, where a hash map would cost an
 * update and a delete per call. A thread is in one syscall at a time, so
 * one slot serves every type; the type keeps an exit whose entry went
 * unseen (attached after it) off another type's slot. A zero ts means
 * nothing in flight.
 */
struct call_start {
	__u64 ts;
	__u8 call;
	__u8 type;
	union {
		struct dup_start dup;
		struct io_start io;
		struct epoll_start epoll;
		struct open_start open;
		struct close_start close;
		struct exec_start exec;
		struct unshare_start unshare;
		struct seek_start seek;
		struct flags_start flags;
		struct watch_start watch;
		struct map_start map;
	};
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct call_start);
} call_starts SEC(".maps");

/*
 * A traced call's entry: fill the thread's slot, in place (exec's part
 * is too big for the stack), so each begin sets every field of its part;
 * ts, set last, says the slot is complete.
 */
static __always_inline void syscall_begin(__u8 call, __u8 type,
					  const struct pt_regs *regs)
{
	struct call_start *s;

	if (!trace_wanted())
		return;
	s = bpf_task_storage_get(&call_starts, bpf_get_current_task_btf(), 0,
				 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!s)
		return;
	s->ts = 0;
	s->call = call;
	s->type = type;
	switch (type) {
	case FDM_DUP:
		dup_begin(&s->dup, call, regs);
		break;
	case FDM_READ:
	case FDM_WRITE:
		io_begin(&s->io, call, regs);
		break;
	case FDM_EPOLL:
		epoll_begin(&s->epoll, call, regs);
		break;
	case FDM_OPEN:
		open_begin(&s->open, call, regs);
		break;
	case FDM_CLOSE:
		close_begin(&s->close, call, regs);
		break;
	case FDM_EXEC:
		exec_begin(&s->exec, call, regs);
		break;
	case FDM_UNSHARE:
		unshare_begin(&s->unshare, regs);
		break;
	case FDM_SEEK:
		seek_begin(&s->seek, regs);
		break;
	case FDM_FLAGS:
		flags_begin(&s->flags, call, regs);
		break;
	case FDM_WATCH:
		watch_begin(&s->watch, regs);
		break;
	case FDM_MAP:
		if (!map_begin(&s->map, call, regs))
			return;
		break;
	}
	s->ts = bpf_ktime_get_ns();
}

/* A constant on each path, as bpf_ringbuf_reserve() needs. */
static __always_inline __u32 event_size(__u8 type)
{
	switch (type) {
#define EVENT_SIZE(NAME, name)						\
	case FDM_##NAME:						\
		return sizeof(struct fdm_##name##_event);
	FDM_TYPE_LIST(EVENT_SIZE)
#undef EVENT_SIZE
	}
	return 0;
}

/* The thread's slot, if its entry filled it for a call of this type. */
static __always_inline struct call_start *slot_of(__u8 type)
{
	struct call_start *s;

	s = bpf_task_storage_get(&call_starts, bpf_get_current_task_btf(),
				 0, 0);
	if (!s || !s->ts || s->type != type)
		return NULL;
	return s;
}

/* The event of a call that makes one, from its slot. */
static __always_inline void one_event(struct call_start *s, __u8 type,
				      long ret)
{
	void *e;

	e = trace_reserve(type, event_size(type));
	if (!e)
		return;
	trace_fill_head(e, type, s->call, s->ts, ret);
	switch (type) {
	case FDM_DUP:
		dup_end(e, &s->dup, ret);
		break;
	case FDM_READ:
	case FDM_WRITE:
		io_end(e, &s->io);
		break;
	case FDM_EPOLL:
		epoll_end(e, &s->epoll, ret);
		break;
	case FDM_CLOSE:
		close_end(e, &s->close);
		break;
	case FDM_EXEC:
		exec_end(e, &s->exec);
		break;
	case FDM_UNSHARE:
		unshare_end(e, &s->unshare);
		break;
	case FDM_SEEK:
		seek_end(e, &s->seek);
		break;
	case FDM_FLAGS:
		flags_end(e, &s->flags);
		break;
	case FDM_WATCH:
		watch_end(e, &s->watch);
		break;
	case FDM_MAP:
		map_end(e, &s->map, ret);
		break;
	}
	trace_submit(e);
}

/*
 * A traced call's exit: its events from the slot its entry filled, which
 * is emptied even when the ring buffer is full. An open makes one event
 * per new fd; an exec that succeeded was reported already.
 */
static __always_inline void syscall_end(__u8 type, long ret)
{
	struct call_start *s;

	/* Before the slot's lookup: all a process the filter excludes pays. */
	if (filter_pid && !tgid_traced(bpf_get_current_task_btf()->tgid))
		return;
	s = slot_of(type);
	if (!s)
		return;
	if (type == FDM_OPEN)
		open_end(&s->open, s->call, s->ts, ret);
	else
		one_event(s, type, ret);
	s->ts = 0;
}

/* A call's entry, wherever it was seen. */
static __always_inline void call_enter(__u8 call, __u8 type,
				       const struct pt_regs *regs)
{
	/* Told apart by their arguments before anything is paid. */
	syscall_refine(regs, &call, &type);
	if (call == FDM_CALLS || !want(type))
		return;
	/* A fork is seen once it has a child (fork.bpf.c). */
	if (type != FDM_FORK)
		syscall_begin(call, type, regs);
}

/* A call's exit, wherever it was seen. */
static __always_inline void call_exit(__u8 call, __u8 type,
				      const struct pt_regs *regs, long ret)
{
	syscall_refine(regs, &call, &type);
	if (call == FDM_CALLS || !want(type))
		return;
	if (type == FDM_FORK)
		fork_failed(call, regs, ret);
	else
		syscall_end(type, ret);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter, struct pt_regs *regs, long nr)
{
	__u8 call, type;

	if (syscall_call(nr, &call, &type))
		call_enter(call, type, regs);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	__u8 call, type;

	if (syscall_call(regs->orig_ax, &call, &type))
		call_exit(call, type, regs, ret);
	return 0;
}

/*
 * fentry_NAME and fexit_NAME for each call with a syscall of its own:
 * __x64_sys_NAME(regs) gets the user registers the tracepoints get. The
 * target is set by the collector, which knows the function's name and
 * which calls are traced; a call's type is a constant here, so each
 * program keeps only its own type's part of the code.
 */
#define CALL_PROGS(NAME, name, TYPE, nr)				\
SEC("fentry")								\
int BPF_PROG(fentry_##NAME, struct pt_regs *regs)			\
{									\
	call_enter(FDM_CALL_##NAME, FDM_##TYPE, regs);			\
	return 0;							\
}									\
									\
SEC("fexit")								\
int BPF_PROG(fexit_##NAME, struct pt_regs *regs, long ret)		\
{									\
	call_exit(FDM_CALL_##NAME, FDM_##TYPE, regs, ret);		\
	return 0;							\
}
#define NO_PROGS(...)
FDM_CALL_LIST(CALL_PROGS, NO_PROGS)
#undef CALL_PROGS
#undef NO_PROGS

/*
 * A successful exec, once the new program runs: comm is its own, and the
 * table is the one it keeps. Only a traced exec's entry filled a slot.
 */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(exec_done, struct task_struct *task, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	struct call_start *s = slot_of(FDM_EXEC);

	if (!s)
		return 0;
	one_event(s, FDM_EXEC, 0);
	s->ts = 0;
	return 0;
}
