/* SPDX-License-Identifier: GPL-2.0 */
/*
 * read and write events: read, readv, pread64, preadv, preadv2 and their
 * twins write, writev, pwrite64, pwritev, pwritev2, which take the same
 * arguments and make the same event.
 *
 * The file position is read from the struct file at entry and at exit, so
 * the event shows what the call did to the open file description: a read
 * or write advances it, a pread or pwrite (explicit offset) leaves it where
 * it was. A write on an O_APPEND file starts at the end of the file, not
 * at pos_before, and leaves the position there (pos_after is the file's
 * new size); a pwrite on one appends too but leaves the position alone.
 */
#ifndef FDMODEL_IO_BPF_H
#define FDMODEL_IO_BPF_H

#include "common.bpf.h"

#define UIO_MAXIOV	1024	/* the kernel refuses longer vectors */

/* What the exit needs from the entry (syscalls.bpf.c keeps it). */
struct io_start {
	__u64 file;
	__u64 count;
	__s64 pos;
	__s64 offset;
	__s32 fd;
	__u32 iovcnt;
};

struct iov_sum {
	const struct iovec *vec;
	__u64 bytes;
};

static long iov_add_one(__u32 i, void *data)
{
	struct iov_sum *sum = data;
	struct iovec iov;

	if (bpf_probe_read_user(&iov, sizeof(iov), &sum->vec[i]))
		return 1;
	sum->bytes += iov.iov_len;
	return 0;
}

/* Bytes asked for by a vector call: the sum of its iov_len. */
static __always_inline __u64 iov_bytes(const struct iovec *vec, __u32 cnt)
{
	struct iov_sum sum = { .vec = vec };

	if (cnt > UIO_MAXIOV)
		return 0;
	bpf_loop(cnt, iov_add_one, &sum, 0);
	return sum.bytes;
}

static __always_inline void io_begin(struct io_start *s, __u8 call,
				     const struct pt_regs *regs)
{
	struct file *file;

	s->fd = SYSCALL_ARG1(regs);
	s->offset = -1;
	s->iovcnt = 0;
	switch (call) {
	case FDM_CALL_PREAD64:
	case FDM_CALL_PWRITE64:
		s->offset = SYSCALL_ARG4(regs);
		/* fall through */
	case FDM_CALL_READ:
	case FDM_CALL_WRITE:
		s->count = SYSCALL_ARG3(regs);
		break;
	case FDM_CALL_PREADV:
	case FDM_CALL_PREADV2:
	case FDM_CALL_PWRITEV:
	case FDM_CALL_PWRITEV2:
		/* On 64-bit the high half (arg 5) is ignored; -1 = f_pos. */
		s->offset = SYSCALL_ARG4(regs);
		/* fall through */
	default:
		s->iovcnt = SYSCALL_ARG3(regs);
		s->count = iov_bytes((void *)SYSCALL_ARG2(regs), s->iovcnt);
	}
	file = current_fd_file(s->fd);
	s->file = (__u64)file;
	s->pos = file ? BPF_CORE_READ(file, f_pos) : -1;
}

static __always_inline void io_end(struct fdm_read_event *e,
				   const struct io_start *s)
{
	struct file *file = (void *)s->file;
	struct inode *inode;

	e->file = s->file;
	e->fd = s->fd;
	e->count = s->count;
	e->iovcnt = s->iovcnt;
	e->offset = s->offset;
	e->pos_before = s->pos;
	e->dur_ns = bpf_ktime_get_ns() - e->h.ts;
	/*
	 * The call held its own reference while it ran; the slot's file is
	 * ours to read until a concurrent close in another thread, and a
	 * probe read of a recycled struct file cannot fault.
	 */
	if (file) {
		e->pos_after = BPF_CORE_READ(file, f_pos);
		inode = BPF_CORE_READ(file, f_inode);
		e->ino = BPF_CORE_READ(inode, i_ino);
		e->dev = BPF_CORE_READ(inode, i_sb, s_dev);
	} else {
		e->pos_after = -1;
		e->ino = 0;
		e->dev = 0;
	}
	e->pad = 0;
}

#endif /* FDMODEL_IO_BPF_H */
