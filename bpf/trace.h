/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The events of `fdmodel trace`: the one definition shared by the BPF
 * programs (bpf/ *.bpf.c) and the collector (user/). Every field has a
 * fixed size so that both compilers lay the structs out the same way.
 *
 * Kernel addresses (tables, files) travel raw in these events to the
 * root-only collector, which hashes them into the ids /proc/fdmodel
 * prints before anything reaches its output.
 */
#ifndef FDMODEL_TRACE_H
#define FDMODEL_TRACE_H

#ifndef __VMLINUX_H__	/* BPF programs get the types from vmlinux.h */
#include <linux/types.h>
#endif

#define FDM_COMM_LEN		16
#define FDM_READY_FDS		8	/* first ready fds kept per epoll wait */

enum fdm_type {
	FDM_DUP,
	FDM_FORK,
	FDM_READ,
	FDM_EPOLL,
	FDM_TYPES,
};

/* The exact call that produced an event. */
enum fdm_call {
	FDM_CALL_DUP,
	FDM_CALL_DUP2,
	FDM_CALL_DUP3,
	FDM_CALL_FCNTL_DUPFD,
	FDM_CALL_FCNTL_DUPFD_CLOEXEC,
	FDM_CALL_FORK,
	FDM_CALL_VFORK,
	FDM_CALL_CLONE,
	FDM_CALL_CLONE3,
	FDM_CALL_KTHREAD,	/* created by the kernel, no syscall */
	FDM_CALL_OTHER_CLONE,	/* e.g. io_uring workers */
	FDM_CALL_READ,
	FDM_CALL_READV,
	FDM_CALL_PREAD64,
	FDM_CALL_PREADV,
	FDM_CALL_PREADV2,
	FDM_CALL_EPOLL_WAIT,
	FDM_CALL_EPOLL_PWAIT,
	FDM_CALL_EPOLL_PWAIT2,
	FDM_CALLS,
};

struct fdm_head {
	__u64 ts;		/* CLOCK_MONOTONIC ns at the call's start */
	__s64 ret;		/* the call's result, or -errno */
	__u32 pid;		/* tgid */
	__u32 tid;
	__u8 type;		/* enum fdm_type */
	__u8 call;		/* enum fdm_call */
	__u8 pad[6];
	char comm[FDM_COMM_LEN];
};

struct fdm_dup_event {
	struct fdm_head h;
	__u64 file;		/* struct file * now in the new fd */
	__u64 replaced;		/* struct file * dup2/dup3 closed, or 0 */
	__s32 oldfd;
	__s32 newfd;		/* dup2/dup3 target, fcntl's minimum, or -1 */
	__u32 cloexec;		/* the new fd's close-on-exec bit */
	__u32 pad;
};

struct fdm_fork_event {
	struct fdm_head h;	/* the parent; ret is the child's tid */
	__u64 flags;		/* clone flags as the kernel saw them */
	__u64 table;		/* parent's struct files_struct * */
	__u64 child_table;	/* child's struct files_struct * */
	__u32 child_pid;
	__u32 child_tid;
	__u32 child_fds;	/* open fds in the child's table */
	__u32 pad;
};

struct fdm_read_event {
	struct fdm_head h;
	__u64 file;		/* struct file * */
	__u64 ino;
	__u64 count;		/* bytes asked for (sum of the iovecs) */
	__u64 dur_ns;
	__s64 pos_before;	/* the file position (f_pos) */
	__s64 pos_after;
	__s64 offset;		/* pread's explicit offset, or -1 */
	__u32 dev;		/* kernel dev_t: major << 20 | minor */
	__s32 fd;
	__u32 iovcnt;		/* 0 for read and pread64 */
	__u32 pad;
};

struct fdm_epoll_event {
	struct fdm_head h;
	__u64 file;		/* the epoll instance's struct file * */
	__u64 dur_ns;
	__s64 timeout_ns;	/* -1: wait forever */
	__s32 epfd;
	__s32 maxevents;
	__u32 interest;		/* watches in the interest list at return */
	__u32 interest_truncated;	/* walk stopped at its bound */
	__u32 nready_fds;	/* entries of ready_fds filled */
	__s32 ready_fds[FDM_READY_FDS];	/* low 32 bits of data */
};

#endif /* FDMODEL_TRACE_H */
