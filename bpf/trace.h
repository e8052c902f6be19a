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
#define FDM_PATH_LEN	256	/* paths: as passed, and by dentry walk */
#define FDM_EXEC_FDS	32	/* first fds close-on-exec closed, kept */
#define FDM_IMAGE_MAPS	16	/* mappings an image event carries */

/*
 * The pid filter (bpf/common.bpf.h): a byte per thread group, up to the
 * kernel's PID_MAX_LIMIT on 64-bit, in an array map of pages that the
 * collector maps, so that tgid's byte is at offset tgid.
 */
#define FDM_TGID_LIMIT	(4 * 1024 * 1024)
#define FDM_TGID_PAGE	4096

struct fdm_tgid_page {
	__u8 traced[FDM_TGID_PAGE];
};

/*
 * The event types, X(NAME, name): FDM_NAME in enum fdm_type, the name
 * that -e takes and the output prints, and struct fdm_name_event below.
 */
#define FDM_TYPE_LIST(X)						\
	X(DUP, dup)							\
	X(FORK, fork)							\
	X(READ, read)							\
	X(EPOLL, epoll)							\
	X(OPEN, open)							\
	X(CLOSE, close)							\
	X(EXEC, exec)							\
	X(EXIT, exit)							\
	X(UNSHARE, unshare)						\
	X(WRITE, write)							\
	X(SEEK, seek)							\
	X(FLAGS, flags)							\
	X(WATCH, watch)							\
	X(MAP, map)							\
	X(STOP, stop)							\
	X(IMAGE, image)

/*
 * The types `fdmodel trace` shows without -e or --model: the four it
 * started with. The rest change the tables too, and --model needs them.
 */
#define FDM_DEFAULT_TYPES						\
	((1U << FDM_DUP) | (1U << FDM_FORK) | (1U << FDM_READ) |	\
	 (1U << FDM_EPOLL))

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
	SYSCALL(EPOLL_PWAIT2,	"epoll_pwait2",		EPOLL,	441)	\
	SYSCALL(OPEN,		"open",			OPEN,	2)	\
	SYSCALL(OPENAT,		"openat",		OPEN,	257)	\
	SYSCALL(OPENAT2,	"openat2",		OPEN,	437)	\
	SYSCALL(CREAT,		"creat",		OPEN,	85)	\
	SYSCALL(OPEN_BY_HANDLE_AT, "open_by_handle_at",	OPEN,	304)	\
	SYSCALL(PIPE,		"pipe",			OPEN,	22)	\
	SYSCALL(PIPE2,		"pipe2",		OPEN,	293)	\
	SYSCALL(SOCKET,		"socket",		OPEN,	41)	\
	SYSCALL(SOCKETPAIR,	"socketpair",		OPEN,	53)	\
	SYSCALL(ACCEPT,		"accept",		OPEN,	43)	\
	SYSCALL(ACCEPT4,	"accept4",		OPEN,	288)	\
	SYSCALL(EVENTFD,	"eventfd",		OPEN,	284)	\
	SYSCALL(EVENTFD2,	"eventfd2",		OPEN,	290)	\
	SYSCALL(EPOLL_CREATE,	"epoll_create",		OPEN,	213)	\
	SYSCALL(EPOLL_CREATE1,	"epoll_create1",	OPEN,	291)	\
	SYSCALL(TIMERFD_CREATE,	"timerfd_create",	OPEN,	283)	\
	SYSCALL(SIGNALFD,	"signalfd",		OPEN,	282)	\
	SYSCALL(SIGNALFD4,	"signalfd4",		OPEN,	289)	\
	SYSCALL(MEMFD_CREATE,	"memfd_create",		OPEN,	319)	\
	SYSCALL(INOTIFY_INIT,	"inotify_init",		OPEN,	253)	\
	SYSCALL(INOTIFY_INIT1,	"inotify_init1",	OPEN,	294)	\
	SYSCALL(FANOTIFY_INIT,	"fanotify_init",	OPEN,	300)	\
	SYSCALL(PIDFD_OPEN,	"pidfd_open",		OPEN,	434)	\
	SYSCALL(PIDFD_GETFD,	"pidfd_getfd",		OPEN,	438)	\
	SYSCALL(USERFAULTFD,	"userfaultfd",		OPEN,	323)	\
	SYSCALL(IO_URING_SETUP,	"io_uring_setup",	OPEN,	425)	\
	SYSCALL(PERF_EVENT_OPEN, "perf_event_open",	OPEN,	298)	\
	SYSCALL(RECVMSG,	"recvmsg",		OPEN,	47)	\
	SYSCALL(RECVMMSG,	"recvmmsg",		OPEN,	299)	\
	OTHER(OTHER_INSTALL,	"other",		OPEN)		\
	SYSCALL(CLOSE,		"close",		CLOSE,	3)	\
	SYSCALL(CLOSE_RANGE,	"close_range",		CLOSE,	436)	\
	SYSCALL(EXECVE,		"execve",		EXEC,	59)	\
	SYSCALL(EXECVEAT,	"execveat",		EXEC,	322)	\
	OTHER(EXIT,		"exit",			EXIT)		\
	SYSCALL(UNSHARE,	"unshare",		UNSHARE, 272)	\
	SYSCALL(WRITE,		"write",		WRITE,	1)	\
	SYSCALL(WRITEV,		"writev",		WRITE,	20)	\
	SYSCALL(PWRITE64,	"pwrite64",		WRITE,	18)	\
	SYSCALL(PWRITEV,	"pwritev",		WRITE,	296)	\
	SYSCALL(PWRITEV2,	"pwritev2",		WRITE,	328)	\
	SYSCALL(LSEEK,		"lseek",		SEEK,	8)	\
	OTHER(FCNTL_SETFD,	"fcntl(F_SETFD)",	FLAGS)		\
	OTHER(FCNTL_SETFL,	"fcntl(F_SETFL)",	FLAGS)		\
	SYSCALL(IOCTL,		"ioctl",		FLAGS,	16)	\
	SYSCALL(EPOLL_CTL,	"epoll_ctl",		WATCH,	233)	\
	SYSCALL(MMAP,		"mmap",			MAP,	9)	\
	SYSCALL(MUNMAP,		"munmap",		MAP,	11)	\
	SYSCALL(MREMAP,		"mremap",		MAP,	25)	\
	OTHER(SIGNAL_STOP,	"signal",		STOP)		\
	OTHER(EXEC_IMAGE,	"exec",			IMAGE)

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
	__u64 table;		/* the task's struct files_struct * at the end */
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

/*
 * One new fd: a call that installs several (pipe, socketpair, SCM_RIGHTS)
 * makes one event per fd, nth 0 .. count - 1, all with the call's head.
 * A failed call makes one event with fd -1 and no file.
 */
struct fdm_open_event {
	struct fdm_head h;
	__u64 file;		/* struct file * now in the fd */
	__u64 ino;
	__u32 dev;		/* kernel dev_t of the inode's superblock */
	__u32 magic;		/* the superblock's s_magic: pipefs, sockfs... */
	__u32 mode;		/* i_mode */
	__u32 flags;		/* f_flags */
	__s32 fd;
	__u32 cloexec;
	__u32 nth;
	__u32 count;
	__s32 dirfd;		/* *at calls: the dirfd as passed, else -100 */
	__u32 how;		/* open flags as passed, socket type, ... */
	char arg[FDM_PATH_LEN];	/* the path as passed, or "" */
	char name[FDM_PATH_LEN];	/* the file's path by dentry walk */
};

/*
 * close: the file slot fd held and its reference count before the call
 * (1: the slot held the last reference). close_range: the range and
 * flags; which fds it closed is for the collector's model to say.
 */
struct fdm_close_event {
	struct fdm_head h;	/* h.table: the table after the call */
	__u64 file;
	__u64 old_table;	/* the table at entry (CLOSE_RANGE_UNSHARE) */
	__s64 refs;		/* file's f_count before the call, or -1 */
	__s32 fd;		/* close's fd, close_range's first */
	__u32 last;		/* close_range's last */
	__u32 flags;		/* close_range's flags */
	__u32 pad;
};

/*
 * A successful exec (the sched_process_exec tracepoint) or a failed one
 * (ret < 0, from the syscall's exit). The fds close-on-exec closed are
 * read from the table at entry: open and close-on-exec both set.
 */
struct fdm_exec_event {
	struct fdm_head h;	/* comm: the new program's */
	__u64 old_table;	/* the table at entry; h.table is after */
	__u32 ncloexec;		/* fds close-on-exec closed */
	__s32 cloexec_fds[FDM_EXEC_FDS];	/* the first of them */
	__u32 pad;
	char filename[FDM_PATH_LEN];	/* as passed */
};

/* A thread's exit (sched_process_exit): its hold on its table goes. */
struct fdm_exit_event {
	struct fdm_head h;	/* ret: the exit code (task->exit_code) */
	__u32 group_dead;	/* the last thread of its process */
	__u32 table_users;	/* the table's count before it lets go */
};

/* unshare(): with CLONE_FILES the task gets a copy of a shared table. */
struct fdm_unshare_event {
	struct fdm_head h;	/* h.table: the table after the call */
	__u64 flags;
	__u64 old_table;
};

/* write, writev, pwrite64, pwritev, pwritev2: the fields of a read. */
#define fdm_write_event fdm_read_event

/* lseek: the position before and after. */
struct fdm_seek_event {
	struct fdm_head h;	/* ret: the new offset */
	__u64 file;
	__s64 offset;		/* as passed */
	__s64 pos_before;
	__s64 pos_after;
	__s32 fd;
	__u32 whence;
};

/*
 * Close-on-exec and status flags: fcntl F_SETFD and F_SETFL, ioctl
 * FIOCLEX and FIONCLEX (other ioctls make no event).
 */
struct fdm_flags_event {
	struct fdm_head h;
	__u64 file;
	__u64 arg;		/* fcntl's argument or the ioctl request */
	__u32 flags_before;	/* f_flags */
	__u32 flags_after;
	__u32 cloexec_before;
	__u32 cloexec_after;
	__s32 fd;
	__u32 pad;
};

/* epoll_ctl: a watch added, modified or deleted. */
struct fdm_watch_event {
	struct fdm_head h;
	__u64 file;		/* the epoll instance's struct file * */
	__u64 target;		/* the watched fd's struct file * */
	__u64 data;		/* epoll_event.data as passed */
	__s32 epfd;
	__s32 tfd;
	__u32 op;		/* EPOLL_CTL_ADD, _DEL, _MOD */
	__u32 events;		/* epoll_event.events as passed */
};

/*
 * mmap of a file, and munmap/mremap of a range (mremap: old_addr and
 * old_len in, ret the new address). Anonymous mmaps make no event.
 */
struct fdm_map_event {
	struct fdm_head h;
	__u64 file;		/* the mapped struct file *, or 0 */
	__u64 ino;
	__u64 addr;		/* mmap: the address asked for, munmap's */
	__u64 len;
	__u64 old_addr;		/* mremap */
	__u64 old_len;
	__u64 pgoff;		/* the file offset in pages */
	__u32 dev;
	__u32 prot;
	__u32 flags;		/* mmap's or mremap's flags */
	__s32 fd;
};

/*
 * A traced task about to stop for a stop signal (SIGSTOP, SIGTSTP,
 * SIGTTIN, SIGTTOU with their default action), as the signal is
 * delivered: after every call it made before, so in stream order. The
 * collector prints the model of its process there (fdmodel trace
 * --model).
 */
struct fdm_stop_event {
	struct fdm_head h;	/* ret: 0 */
	__u32 sig;
	__u32 pad;
};

/*
 * The file mappings a successful exec made without a call of the
 * program's: the program's own file and its ELF interpreter's, each
 * mapped segment by segment by the kernel (sched_process_exec, after
 * the exec event). Anonymous mappings (bss, stack, vdso) are left out.
 */
struct fdm_image_map {
	__u64 file;		/* vm_file: struct file * */
	__u64 start;
	__u64 end;
	__u64 off;		/* the file offset in bytes */
	__u64 ino;
	__u32 dev;
	__u32 prot;		/* PROT_*, and 0x100 for a shared mapping */
};

struct fdm_image_event {
	struct fdm_head h;	/* ret: 0 */
	__u32 nmaps;
	__u32 truncated;	/* more segments than FDM_IMAGE_MAPS */
	struct fdm_image_map maps[FDM_IMAGE_MAPS];
};

#endif /* FDMODEL_TRACE_H */
