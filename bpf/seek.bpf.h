/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seek events: lseek, with the file position before and after, read
 * from the struct file as read and write events read it (io.bpf.h).
 */
#ifndef FDMODEL_SEEK_BPF_H
#define FDMODEL_SEEK_BPF_H

#include "common.bpf.h"

/* What the exit needs from the entry (syscalls.bpf.c keeps it). */
struct seek_start {
	__u64 file;
	__s64 offset;
	__s64 pos;
	__s32 fd;
	__u32 whence;
};

static __always_inline void seek_begin(struct seek_start *s,
				       const struct pt_regs *regs)
{
	struct file *file;

	s->fd = SYSCALL_ARG1(regs);
	s->offset = SYSCALL_ARG2(regs);
	s->whence = SYSCALL_ARG3(regs);
	file = current_fd_file(s->fd);
	s->file = (__u64)file;
	s->pos = file ? BPF_CORE_READ(file, f_pos) : -1;
}

static __always_inline void seek_end(struct fdm_seek_event *e,
				     const struct seek_start *s)
{
	struct file *file = (void *)s->file;

	e->file = s->file;
	e->fd = s->fd;
	e->offset = s->offset;
	e->whence = s->whence;
	e->pos_before = s->pos;
	/* As in io_end(): the slot's file, read until a concurrent close. */
	e->pos_after = file ? BPF_CORE_READ(file, f_pos) : -1;
}

#endif /* FDMODEL_SEEK_BPF_H */
