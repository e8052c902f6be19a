/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The syscalls whose number alone does not say which call they make, or
 * whether they make an event at all: fcntl by its command (a dup or a
 * flags change), ioctl by its request (only FIOCLEX and FIONCLEX change
 * the fd table), mmap by its flags (anonymous memory names no file).
 * Told apart from the saved user registers, which hold the arguments at
 * the syscall's exit as at its entry, so both ends agree on the call
 * without the exit having to look at the thread's slot first.
 */
#ifndef FDMODEL_CALLS_BPF_H
#define FDMODEL_CALLS_BPF_H

#include "common.bpf.h"

#define F_DUPFD		0
#define F_SETFD		2
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	1030
#define FIONCLEX	0x5450
#define FIOCLEX		0x5451
#define MAP_ANONYMOUS	0x20

static __always_inline void fcntl_call(const struct pt_regs *regs, __u8 *call,
				       __u8 *type)
{
	switch (SYSCALL_ARG2(regs)) {
	case F_DUPFD:
		*call = FDM_CALL_FCNTL_DUPFD;
		*type = FDM_DUP;
		return;
	case F_DUPFD_CLOEXEC:
		*call = FDM_CALL_FCNTL_DUPFD_CLOEXEC;
		*type = FDM_DUP;
		return;
	case F_SETFD:
		*call = FDM_CALL_FCNTL_SETFD;
		*type = FDM_FLAGS;
		return;
	case F_SETFL:
		*call = FDM_CALL_FCNTL_SETFL;
		*type = FDM_FLAGS;
		return;
	}
	*call = FDM_CALLS;
}

/*
 * The call and type syscall_call() gave, refined by the arguments in
 * regs; call FDM_CALLS when the call makes no event.
 */
static __always_inline void syscall_refine(const struct pt_regs *regs,
					   __u8 *call, __u8 *type)
{
	switch (*call) {
	case FDM_CALL_FCNTL_DUPFD:
		fcntl_call(regs, call, type);
		break;
	case FDM_CALL_IOCTL:
		/* The request is an unsigned int: the high half is noise. */
		switch ((__u32)SYSCALL_ARG2(regs)) {
		case FIOCLEX:
		case FIONCLEX:
			break;
		default:
			*call = FDM_CALLS;
		}
		break;
	case FDM_CALL_MMAP:
		/* The kernel ignores the fd of an anonymous mapping. */
		if ((SYSCALL_ARG4(regs) & MAP_ANONYMOUS) ||
		    (int)SYSCALL_ARG5(regs) < 0)
			*call = FDM_CALLS;
		break;
	}
}

#endif /* FDMODEL_CALLS_BPF_H */
