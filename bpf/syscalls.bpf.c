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
	switch (nr) {
	case NR_READ:
		return want(FDM_READ) ? read_begin(FDM_CALL_READ, regs) : 0;
	case NR_READV:
		return want(FDM_READ) ? read_begin(FDM_CALL_READV, regs) : 0;
	case NR_PREAD64:
		return want(FDM_READ) ? read_begin(FDM_CALL_PREAD64, regs) : 0;
	case NR_PREADV:
		return want(FDM_READ) ? read_begin(FDM_CALL_PREADV, regs) : 0;
	case NR_PREADV2:
		return want(FDM_READ) ? read_begin(FDM_CALL_PREADV2, regs) : 0;
	case NR_DUP:
		return want(FDM_DUP) ? dup_begin(FDM_CALL_DUP, regs) : 0;
	case NR_DUP2:
		return want(FDM_DUP) ? dup_begin(FDM_CALL_DUP2, regs) : 0;
	case NR_DUP3:
		return want(FDM_DUP) ? dup_begin(FDM_CALL_DUP3, regs) : 0;
	case NR_FCNTL:
		return want(FDM_DUP) ? dup_begin(FDM_CALL_FCNTL_DUPFD, regs) : 0;
	case NR_EPOLL_WAIT:
		return want(FDM_EPOLL) ?
		       epoll_begin(FDM_CALL_EPOLL_WAIT, regs) : 0;
	case NR_EPOLL_PWAIT:
		return want(FDM_EPOLL) ?
		       epoll_begin(FDM_CALL_EPOLL_PWAIT, regs) : 0;
	case NR_EPOLL_PWAIT2:
		return want(FDM_EPOLL) ?
		       epoll_begin(FDM_CALL_EPOLL_PWAIT2, regs) : 0;
	}
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	long nr = regs->orig_ax;

	switch (nr) {
	case NR_READ:
	case NR_READV:
	case NR_PREAD64:
	case NR_PREADV:
	case NR_PREADV2:
		return want(FDM_READ) ? read_end(regs, ret) : 0;
	case NR_DUP:
	case NR_DUP2:
	case NR_DUP3:
	case NR_FCNTL:
		return want(FDM_DUP) ? dup_end(regs, ret) : 0;
	case NR_EPOLL_WAIT:
	case NR_EPOLL_PWAIT:
	case NR_EPOLL_PWAIT2:
		return want(FDM_EPOLL) ? epoll_end(regs, ret) : 0;
	case NR_FORK:
	case NR_VFORK:
	case NR_CLONE:
	case NR_CLONE3:
		return want(FDM_FORK) ? fork_failed(nr, regs, ret) : 0;
	}
	return 0;
}
