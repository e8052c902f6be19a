/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flags events: fcntl F_SETFD and F_SETFL, ioctl FIOCLEX and FIONCLEX
 * (calls.bpf.h leaves every other command out before the entry). The
 * close-on-exec bit lives in the fd table, the status flags in the open
 * file description: both are read before the call and after it.
 */
#ifndef FDMODEL_FLAGS_BPF_H
#define FDMODEL_FLAGS_BPF_H

#include "common.bpf.h"

/* What the exit needs from the entry (syscalls.bpf.c keeps it). */
struct flags_start {
	__u64 file;
	__u64 arg;
	__u32 flags;
	__u32 cloexec;
	__s32 fd;
};

static __always_inline void flags_begin(struct flags_start *s, __u8 call,
					const struct pt_regs *regs)
{
	struct file *file;

	s->fd = SYSCALL_ARG1(regs);
	/* ioctl: the request; fcntl: the new flags. */
	s->arg = call == FDM_CALL_IOCTL ? (__u32)SYSCALL_ARG2(regs) :
					  SYSCALL_ARG3(regs);
	file = current_fd_file(s->fd);
	s->file = (__u64)file;
	s->flags = file ? BPF_CORE_READ(file, f_flags) : 0;
	s->cloexec = current_fd_cloexec(s->fd);
}

static __always_inline void flags_end(struct fdm_flags_event *e,
				      const struct flags_start *s)
{
	struct file *file = (void *)s->file;

	e->file = s->file;
	e->arg = s->arg;
	e->fd = s->fd;
	e->flags_before = s->flags;
	e->cloexec_before = s->cloexec;
	/* As in io_end(): the slot's file, read until a concurrent close. */
	e->flags_after = file ? BPF_CORE_READ(file, f_flags) : 0;
	e->cloexec_after = current_fd_cloexec(s->fd);
	e->pad = 0;
}

#endif /* FDMODEL_FLAGS_BPF_H */
