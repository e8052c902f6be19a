/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every probe of `fdmodel trace` shares: the maps, the collector's
 * settings, the in-kernel filter, event reservation with drop counting,
 * fd table lookups, and which call a syscall number makes.
 *
 * The programs are grouped by attach point, one .bpf.c file each:
 * syscalls.bpf.c on each traced call's fentry and fexit where allowed,
 * else on sys_enter and sys_exit, dispatching on the syscall number (and
 * exec's end on sched_process_exec); fork.bpf.c on the other
 * sched tracepoints; install.bpf.c on fd_install's exit, where allowed.
 * The logic is grouped by event type, one .bpf.h each (dup, read, epoll,
 * fork, open, close, exec, exit, unshare; path.bpf.h names files),
 * included where it is attached. `bpftool gen object` links the .bpf.c
 * files into one object; maps.bpf.c defines the maps and the settings
 * (TRACE_DEFINE), every other file sees them as extern.
 */
#ifndef FDMODEL_COMMON_BPF_H
#define FDMODEL_COMMON_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "trace.h"

#ifdef TRACE_DEFINE
#define __trace_shared
#define TRACE_SETTING(type, name)	const volatile type name = { 0 }
#define TRACE_STATE(type, name)		volatile type name
#else
#define __trace_shared			extern
#define TRACE_SETTING(type, name)	extern const volatile type name
#define TRACE_STATE(type, name)		extern volatile type name
#endif

/* Set by the collector before load; constants to the verifier. */
TRACE_SETTING(__u32, self_tgid);	/* never trace the collector */
TRACE_SETTING(__u32, event_mask);	/* bit per enum fdm_type */
TRACE_SETTING(bool, filter_pid);	/* only tgids in `traced_tgids` */
TRACE_SETTING(bool, follow);		/* add forked children to it */
TRACE_SETTING(bool, filter_comm);
TRACE_SETTING(char, target_comm[FDM_COMM_LEN]);
TRACE_SETTING(__u64, ring_size);	/* the events map's max_entries */

/*
 * Set by the collector, through its mapping of .bss, when it stops: from
 * then on no probe produces, so the ring buffer it drains before exiting
 * stops growing even while traced tasks keep calling read() in a loop.
 */
TRACE_STATE(bool, trace_stopped);

__trace_shared struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 24);	/* the collector may resize it */
} events SEC(".maps");

/* Events refused by a full ring buffer, per enum fdm_type. */
__trace_shared struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FDM_TYPES);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/*
 * The traced thread groups, when filter_pid is set: a byte per tgid, up
 * to the kernel's PID_MAX_LIMIT, a page of them per entry. The filter
 * runs first in every probe of every process, so a process it excludes
 * pays what it costs: here an array lookup the verifier inlines and one
 * load, where a hash map cost a hash and a helper call (a fifth of a
 * pread in the lab VM). Bytes, not bits: the collector (through its
 * mapping of the array) and the probes (following forks, forgetting dead
 * groups) each store a byte, and no store rewrites another's.
 */
__trace_shared struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, FDM_TGID_LIMIT / FDM_TGID_PAGE);
	__type(key, __u32);
	__type(value, struct fdm_tgid_page);
} traced_tgids SEC(".maps");

/* Thread group tgid's byte in traced_tgids, or NULL past the limit. */
static __always_inline volatile __u8 *tgid_flag(__u32 tgid)
{
	__u32 page = tgid / FDM_TGID_PAGE;
	struct fdm_tgid_page *p = bpf_map_lookup_elem(&traced_tgids, &page);

	return p ? &p->traced[tgid % FDM_TGID_PAGE] : NULL;
}

/* Does the pid filter, if there is one, let thread group tgid through? */
static __always_inline bool tgid_traced(__u32 tgid)
{
	volatile __u8 *flag;

	if (!filter_pid)
		return true;
	flag = tgid_flag(tgid);
	return flag && *flag;
}

/* Add or remove thread group tgid, for the pid filter. */
static __always_inline void tgid_set_traced(__u32 tgid, __u8 traced)
{
	volatile __u8 *flag = tgid_flag(tgid);

	if (flag)
		*flag = traced;
}

/*
 * A per-thread buffer where path.bpf.h builds a path; per thread (task
 * storage) rather than per CPU, as a program on a faultable syscall
 * tracepoint (6.14+) may be preempted by another on the same CPU.
 */
struct path_buf {
	char buf[2 * FDM_PATH_LEN];
};

__trace_shared struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct path_buf);
} path_bufs SEC(".maps");

/*
 * Is the current task one we trace? Runs first in every probe, so that a
 * filtered-out process pays for one array lookup and nothing else.
 */
static __always_inline bool trace_wanted_tgid(__u32 tgid)
{
	if (trace_stopped || tgid == self_tgid || !tgid_traced(tgid))
		return false;
	if (filter_comm) {
		char comm[FDM_COMM_LEN];
		int i;

		bpf_get_current_comm(comm, sizeof(comm));
		for (i = 0; i < FDM_COMM_LEN; i++) {
			if (comm[i] != target_comm[i])
				return false;
			if (!comm[i])
				break;
		}
	}
	return true;
}

static __always_inline bool trace_wanted(void)
{
	return trace_wanted_tgid(bpf_get_current_pid_tgid() >> 32);
}

/*
 * The ring buffer keeps no count of what it refuses, so count it here:
 * loss is reported, never silent.
 */
static __always_inline void *trace_reserve(__u32 type, __u64 size)
{
	void *e;

	/* A call that began before the stop ends without an event. */
	if (trace_stopped)
		return NULL;
	e = bpf_ringbuf_reserve(&events, size, 0);
	if (!e) {
		__u64 *n = bpf_map_lookup_elem(&drops, &type);

		if (n)
			(*n)++;
	}
	return e;
}

/* Any event: its size bounds how far one event moves the ring's fill. */
union trace_any_event {
#define ANY_EVENT(NAME, name)	struct fdm_##name##_event name;
	FDM_TYPE_LIST(ANY_EVENT)
#undef ANY_EVENT
};

/* An event's footprint in the ring: an 8-byte header, 8-byte aligned. */
#define WAKE_WINDOW	(sizeof(union trace_any_event) + 16)

/*
 * Wake the collector when the buffer's fill crosses half of it, and on
 * every event once it is three quarters full; else it picks events up
 * on its next poll tick. A wakeup is an irq_work and an IPI, more than
 * the rest of the probe: not one per event while the collector keeps up.
 * The producer that lands its event within WAKE_WINDOW above half wakes
 * it (one event moves the fill by less, so one or a few producers see
 * the crossing). Past three quarters the collector is losing the race
 * for a CPU: a wakeup per event gives it the scheduler's favour, and the
 * IPIs slow the producers, the only back-pressure a probe can apply.
 */
static __always_inline void trace_submit(void *e)
{
	__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	__u64 half = ring_size / 2;
	bool wake;

	wake = (avail > half && avail <= half + WAKE_WINDOW) ||
	       avail > half + half / 2;
	bpf_ringbuf_submit(e, wake ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
}

static __always_inline void trace_fill_head(struct fdm_head *h, __u8 type,
					    __u8 call, __u64 ts, __s64 ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct task_struct *task = bpf_get_current_task_btf();

	h->ts = ts;
	h->ret = ret;
	h->table = (__u64)task->files;
	h->pid = id >> 32;
	h->tid = (__u32)id;
	h->type = type;
	h->call = call;
	__builtin_memset(h->pad, 0, sizeof(h->pad));
	/*
	 * Two loads through the BTF pointer, where bpf_get_current_comm()
	 * is a helper call, a strscpy() and a memset(). The kernel pads
	 * comm with NULs when it sets it, so the bytes are the same.
	 */
	__builtin_memcpy(h->comm, task->comm, sizeof(h->comm));
}

/*
 * The current task's fd table. Direct loads through BTF pointers: the
 * JIT inlines them (a fault reads as 0), where a BPF_CORE_READ chain
 * calls a helper per step; this runs twice per traced syscall.
 */
static __always_inline struct fdtable *current_fdtable(void)
{
	struct task_struct *task = bpf_get_current_task_btf();

	return task->files ? task->files->fdt : NULL;
}

/* The struct file in slot fd of the current task's table, or NULL. */
static __always_inline struct file *current_fd_file(int fd)
{
	struct fdtable *fdt = current_fdtable();
	struct file *file = NULL;
	struct file **slots;

	if (!fdt || fd < 0 || (unsigned int)fd >= fdt->max_fds)
		return NULL;
	slots = (struct file **)fdt->fd;
	bpf_probe_read_kernel(&file, sizeof(file), &slots[fd]);
	return file;
}

/* The close-on-exec bit of slot fd in the current task's table. */
static __always_inline __u32 current_fd_cloexec(int fd)
{
	struct fdtable *fdt = current_fdtable();
	unsigned long *bits, word = 0;

	if (!fdt || fd < 0 || (unsigned int)fd >= fdt->max_fds)
		return 0;
	bits = (unsigned long *)fdt->close_on_exec;
	bpf_probe_read_kernel(&word, sizeof(word), &bits[fd / 64]);
	return (word >> (fd % 64)) & 1;
}

/*
 * The call and event type of syscall nr, from trace.h's list; false for
 * a syscall that makes no event.
 */
static __always_inline bool syscall_call(long nr, __u8 *call, __u8 *type)
{
	switch (nr) {
#define SYSCALL_CASE(NAME, name, TYPE, sysnr)				\
	case sysnr:							\
		*call = FDM_CALL_##NAME;				\
		*type = FDM_##TYPE;					\
		return true;
#define NO_SYSCALL(...)
	FDM_CALL_LIST(SYSCALL_CASE, NO_SYSCALL)
#undef SYSCALL_CASE
#undef NO_SYSCALL
	}
	return false;
}

/* The syscall's arguments in the user registers saved at entry. */
#define SYSCALL_ARG1(regs)	((regs)->di)
#define SYSCALL_ARG2(regs)	((regs)->si)
#define SYSCALL_ARG3(regs)	((regs)->dx)
#define SYSCALL_ARG4(regs)	((regs)->r10)
#define SYSCALL_ARG5(regs)	((regs)->r8)
#define SYSCALL_ARG6(regs)	((regs)->r9)

#endif /* FDMODEL_COMMON_BPF_H */
