// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall side of dup, read and epoll_wait events (and failed forks):
 * one program on the raw sys_enter tracepoint and one on sys_exit, each
 * dispatching on the syscall number.
 *
 * Why raw syscall tracepoints rather than fentry/fexit on the
 * __x64_sys_* wrappers: this machine's 6.18 kernel refuses fentry and
 * fexit programs (EPERM), and tp_btf needs no tracefs. An untraced
 * process pays a switch on the number and, for the syscalls traced, one
 * hash lookup of its tgid.
 */
#include "common.bpf.h"
#include "dup.bpf.h"
#include "epoll.bpf.h"
#include "fork.bpf.h"
#include "read.bpf.h"

static __always_inline bool want(unsigned int type)
{
	return event_mask & (1U << type);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter, struct pt_regs *regs, long nr)
{
	__u8 call, type;

	if (!syscall_call(nr, &call, &type) || !want(type))
		return 0;
	switch (type) {
	case FDM_DUP:
		return dup_begin(call, regs);
	case FDM_READ:
		return read_begin(call, regs);
	case FDM_EPOLL:
		return epoll_begin(call, regs);
	}
	return 0;	/* a fork is seen once it has a child (fork.bpf.c) */
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	__u8 call, type;

	if (!syscall_call(regs->orig_ax, &call, &type) || !want(type))
		return 0;
	switch (type) {
	case FDM_DUP:
		return dup_end(regs, ret);
	case FDM_READ:
		return read_end(regs, ret);
	case FDM_EPOLL:
		return epoll_end(regs, ret);
	case FDM_FORK:
		return fork_failed(call, regs, ret);
	}
	return 0;
}
