/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The events of `fdmodel trace`: the one definition shared by the BPF
 * programs (bpf/ *.bpf.c) and the collector (user/). Every field has a
 * fixed size so that both compilers lay the structs out the same way.
 *
 * The event types and the calls are each one list below, which the
 * enums, the collector's names and sizes and the BPF programs' syscall
 * dispatch are all generated from: a new call is one line here.
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

#define FDM_COMM_LEN	16
#define FDM_READY_FDS	8	/* first ready fds kept per epoll wait */

/*
 * The event types, X(NAME, name): FDM_NAME in enum fdm_type, the name
 * that -e takes and the output prints, and struct fdm_name_event below.
 */
#define FDM_TYPE_LIST(X)						\
	X(DUP, dup)							\
	X(FORK, fork)							\
	X(READ, read)							\
	X(EPOLL, epoll)

/*
 * The exact calls that produce events, in enum fdm_call as FDM_CALL_NAME
 * with the name the output prints and their event type: SYSCALL() for a
 * call that has a syscall number of its own (x86-64; the ia32 table is
 * not traced), OTHER() for one told apart some other way: fcntl by its
 * command, kthread for a task the kernel created with no syscall, other
 * for the rest (e.g. io_uring workers).
 */
#define FDM_CALL_LIST(SYSCALL, OTHER)					\
	SYSCALL(DUP,		"dup",			DUP,	32)	\
	SYSCALL(DUP2,		"dup2",			DUP,	33)	\
	SYSCALL(DUP3,		"dup3",			DUP,	292)	\
	SYSCALL(FCNTL_DUPFD,	"fcntl(F_DUPFD)",	DUP,	72)	\
	OTHER(FCNTL_DUPFD_CLOEXEC, "fcntl(F_DUPFD_CLOEXEC)", DUP)	\
	SYSCALL(FORK,		"fork",			FORK,	57)	\
	SYSCALL(VFORK,		"vfork",		FORK,	58)	\
	SYSCALL(CLONE,		"clone",		FORK,	56)	\
	SYSCALL(CLONE3,		"clone3",		FORK,	435)	\
	OTHER(KTHREAD,		"kthread",		FORK)		\
	OTHER(OTHER_CLONE,	"other",		FORK)		\
	SYSCALL(READ,		"read",			READ,	0)	\
	SYSCALL(READV,		"readv",		READ,	19)	\
	SYSCALL(PREAD64,	"pread64",		READ,	17)	\
	SYSCALL(PREADV,		"preadv",		READ,	295)	\
	SYSCALL(PREADV2,	"preadv2",		READ,	327)	\
	SYSCALL(EPOLL_WAIT,	"epoll_wait",		EPOLL,	232)	\
	SYSCALL(EPOLL_PWAIT,	"epoll_pwait",		EPOLL,	281)	\
	SYSCALL(EPOLL_PWAIT2,	"epoll_pwait2",		EPOLL,	441)

#define FDM_TYPE_ENUM(NAME, name)	FDM_##NAME,
#define FDM_CALL_ENUM(NAME, ...)	FDM_CALL_##NAME,

enum fdm_type {
	FDM_TYPE_LIST(FDM_TYPE_ENUM)
	FDM_TYPES
};

enum fdm_call {
	FDM_CALL_LIST(FDM_CALL_ENUM, FDM_CALL_ENUM)
	FDM_CALLS
};

#undef FDM_TYPE_ENUM
#undef FDM_CALL_ENUM

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
