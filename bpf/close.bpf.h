/* SPDX-License-Identifier: GPL-2.0 */
/*
 * close events: close and close_range.
 *
 * close's file and its reference count are read from the slot before
 * the call: afterwards the slot is empty and the file may be gone.
 * close_range reports its range, flags and the table at entry: with
 * CLOSE_RANGE_UNSHARE the call gives the task a copy first, so the
 * head's table (after the call) differs.
 */
#ifndef FDMODEL_CLOSE_BPF_H
#define FDMODEL_CLOSE_BPF_H

#include "common.bpf.h"

/* What the exit needs from the entry (syscalls.bpf.c keeps it). */
struct close_start {
	__u64 file;
	__u64 old_table;
	__s64 refs;
	__s32 fd;
	__u32 last;
	__u32 flags;
};

/* 6.1 .. 6.12: a plain count; 6.13 made it f_ref (see file_refs()). */
struct file___f_count {
	atomic_long_t f_count;
};

/* file_ref_read(): the counter holds the count - 1, dead ones above. */
#define FILE_REF_RELEASED	0xc000000000000000ULL

/* The file's reference count, as file_count() reads it. */
static __always_inline __s64 file_refs(struct file *file)
{
	struct file___f_count *old = (void *)file;
	__u64 c;

	if (bpf_core_field_exists(old->f_count))
		return BPF_CORE_READ(old, f_count.counter);
	c = BPF_CORE_READ(file, f_ref.refcnt.counter);
	return c >= FILE_REF_RELEASED ? 0 : c + 1;
}

static __always_inline void close_begin(struct close_start *s, __u8 call,
					const struct pt_regs *regs)
{
	struct file *file = NULL;

	s->fd = SYSCALL_ARG1(regs);
	s->last = 0;
	s->flags = 0;
	s->old_table = (__u64)bpf_get_current_task_btf()->files;
	if (call == FDM_CALL_CLOSE_RANGE) {
		s->last = SYSCALL_ARG2(regs);
		s->flags = SYSCALL_ARG3(regs);
	} else {
		file = current_fd_file(s->fd);
	}
	s->file = (__u64)file;
	s->refs = file ? file_refs(file) : -1;
}

static __always_inline void close_end(struct fdm_close_event *e,
				      const struct close_start *s)
{
	e->file = s->file;
	e->old_table = s->old_table;
	e->refs = s->refs;
	e->fd = s->fd;
	e->last = s->last;
	e->flags = s->flags;
	e->pad = 0;
}

#endif /* FDMODEL_CLOSE_BPF_H */
