/* SPDX-License-Identifier: GPL-2.0 */
/*
 * open events: every call on trace.h's list that puts new fds in the
 * table, one event per new fd. Most return the fd; pipe, pipe2 and
 * socketpair write two to user memory; recvmsg and recvmmsg install the
 * fds of SCM_RIGHTS control messages, which are read back at exit from
 * the control buffers the kernel filled in the caller's msghdrs.
 *
 * Each fd's file, close-on-exec bit and inode are read from the table
 * after the call, its name by the dentry walk of path.bpf.h.
 */
#ifndef FDMODEL_OPEN_BPF_H
#define FDMODEL_OPEN_BPF_H

#include "common.bpf.h"
#include "path.bpf.h"

#define AT_FDCWD	-100
/* creat(path, mode) is open(path, O_CREAT | O_WRONLY | O_TRUNC, mode). */
#define CREAT_FLAGS	01101
#define SOL_SOCKET	1
#define SCM_RIGHTS	1
#define SCM_STEPS	1024	/* messages, control messages and fds */

/* x86-64's struct user_msghdr and struct mmsghdr, as user space has them. */
#define MSGHDR_CONTROL	32	/* void *msg_control */
#define MSGHDR_SIZE	56
#define MMSGHDR_SIZE	64	/* the msghdr, then unsigned int msg_len */
#define CMSG_HDR_SIZE	16	/* size_t cmsg_len, int cmsg_level, cmsg_type */

/* What the exit needs from the entry (syscalls.bpf.c keeps it). */
struct open_start {
	__u64 arg;	/* user pointer: path, fd pair, msghdr(s) */
	__u32 how;
	__s32 dirfd;
	bool modify;	/* signalfd on an existing fd: nothing new */
};

static __always_inline void open_begin(struct open_start *s, __u8 call,
				       const struct pt_regs *regs)
{
	s->arg = 0;
	s->how = 0;
	s->dirfd = AT_FDCWD;
	s->modify = false;
	switch (call) {
	case FDM_CALL_OPEN:
		s->arg = SYSCALL_ARG1(regs);
		s->how = SYSCALL_ARG2(regs);
		break;
	case FDM_CALL_OPENAT:
		s->dirfd = SYSCALL_ARG1(regs);
		s->arg = SYSCALL_ARG2(regs);
		s->how = SYSCALL_ARG3(regs);
		break;
	case FDM_CALL_OPENAT2:	/* struct open_how starts with u64 flags */
		s->dirfd = SYSCALL_ARG1(regs);
		s->arg = SYSCALL_ARG2(regs);
		bpf_probe_read_user(&s->how, sizeof(s->how),
				    (void *)SYSCALL_ARG3(regs));
		break;
	case FDM_CALL_CREAT:
		s->arg = SYSCALL_ARG1(regs);
		s->how = CREAT_FLAGS;
		break;
	case FDM_CALL_OPEN_BY_HANDLE_AT:	/* dirfd: the mount's fd */
		s->dirfd = SYSCALL_ARG1(regs);
		s->how = SYSCALL_ARG3(regs);
		break;
	case FDM_CALL_PIPE:
		s->arg = SYSCALL_ARG1(regs);
		break;
	case FDM_CALL_PIPE2:
		s->arg = SYSCALL_ARG1(regs);
		s->how = SYSCALL_ARG2(regs);
		break;
	case FDM_CALL_SOCKETPAIR:
		s->arg = SYSCALL_ARG4(regs);
		/* fall through */
	case FDM_CALL_SOCKET:		/* the type, with its SOCK_ flags */
	case FDM_CALL_EVENTFD2:
	case FDM_CALL_TIMERFD_CREATE:
	case FDM_CALL_MEMFD_CREATE:
	case FDM_CALL_PIDFD_OPEN:
		s->how = SYSCALL_ARG2(regs);
		break;
	case FDM_CALL_ACCEPT4:
		s->how = SYSCALL_ARG4(regs);
		break;
	case FDM_CALL_SIGNALFD4:
		s->how = SYSCALL_ARG4(regs);
		/* fall through */
	case FDM_CALL_SIGNALFD:
		s->modify = (int)SYSCALL_ARG1(regs) != -1;
		break;
	case FDM_CALL_EPOLL_CREATE1:
	case FDM_CALL_INOTIFY_INIT1:
	case FDM_CALL_FANOTIFY_INIT:
	case FDM_CALL_USERFAULTFD:
		s->how = SYSCALL_ARG1(regs);
		break;
	case FDM_CALL_PIDFD_GETFD:
		s->how = SYSCALL_ARG3(regs);
		break;
	case FDM_CALL_PERF_EVENT_OPEN:
		s->how = SYSCALL_ARG5(regs);
		break;
	case FDM_CALL_RECVMSG:
		s->arg = SYSCALL_ARG2(regs);
		s->how = SYSCALL_ARG3(regs);
		break;
	case FDM_CALL_RECVMMSG:
		s->arg = SYSCALL_ARG2(regs);
		s->how = SYSCALL_ARG4(regs);
		break;
	}
}

static __always_inline bool open_has_path(__u8 call)
{
	return call == FDM_CALL_OPEN || call == FDM_CALL_OPENAT ||
	       call == FDM_CALL_OPENAT2 || call == FDM_CALL_CREAT;
}

/* What every open event of a call shares. */
struct open_call {
	__u64 ts;
	__s64 ret;
	const struct open_start *s;
	__u8 call;
};

/* The event of one fd (-1: the call failed), nth of count. */
static __always_inline void open_emit(const struct open_call *c, int fd,
				      __u32 nth, __u32 count)
{
	const struct open_start *s = c->s;
	struct fdm_open_event *e;
	struct inode *inode;
	struct file *file;

	e = trace_reserve(FDM_OPEN, sizeof(*e));
	if (!e)
		return;
	trace_fill_head(&e->h, FDM_OPEN, c->call, c->ts, c->ret);
	e->fd = fd;
	e->nth = nth;
	e->count = count;
	e->dirfd = s->dirfd;
	e->how = s->how;
	e->arg[0] = '\0';
	if (open_has_path(c->call))
		bpf_probe_read_user_str(e->arg, sizeof(e->arg),
					(void *)s->arg);
	file = current_fd_file(fd);
	e->file = (__u64)file;
	e->cloexec = current_fd_cloexec(fd);
	e->name[0] = '\0';
	if (!file) {
		e->ino = 0;
		e->dev = 0;
		e->magic = 0;
		e->mode = 0;
		e->flags = 0;
		goto submit;
	}
	inode = BPF_CORE_READ(file, f_inode);
	e->ino = BPF_CORE_READ(inode, i_ino);
	e->dev = BPF_CORE_READ(inode, i_sb, s_dev);
	e->magic = BPF_CORE_READ(inode, i_sb, s_magic);
	e->mode = BPF_CORE_READ(inode, i_mode);
	e->flags = BPF_CORE_READ(file, f_flags);
	file_path(e->name, file);
submit:
	trace_submit(e);
}

/*
 * The SCM_RIGHTS fds of recvmsg's msghdr or recvmmsg's first nmsgs
 * mmsghdrs, one per step: a stackless walk of messages, their control
 * messages and the fds in each, which counts them (emit false) or makes
 * their events.
 */
struct scm_cursor {
	__u64 ctl;		/* the current message's control buffer */
	__u64 ctl_len;		/* its length, as the kernel wrote it back */
	__u64 off;		/* the next control message in it */
	__u64 fds;		/* the current SCM_RIGHTS array */
	__u32 nfds;		/* its length */
	__u32 fd_i;		/* the next fd in it */
	__u32 msg;		/* the next message */
	__u32 seen;		/* fds counted or reported */
};

struct scm_walk {
	const struct open_call *c;
	__u64 msgs;		/* user address of the first header */
	__u32 stride;		/* between headers */
	__u32 nmsgs;
	__u32 count;		/* fds counted by the first pass */
	bool emit;
	struct scm_cursor cur;
};

/* Load message msg's control buffer; false when it cannot be read. */
static __always_inline bool scm_next_msg(struct scm_walk *w)
{
	struct scm_cursor *cur = &w->cur;
	__u64 ctl[2];	/* msg_control, msg_controllen */

	if (bpf_probe_read_user(ctl, sizeof(ctl), (void *)(w->msgs +
				(__u64)cur->msg * w->stride + MSGHDR_CONTROL)))
		return false;
	cur->ctl = ctl[0];
	cur->ctl_len = ctl[1];
	cur->off = 0;
	cur->msg++;
	return true;
}

static long scm_step(__u32 i, void *data)
{
	struct scm_walk *w = data;
	struct scm_cursor *cur = &w->cur;
	struct { __u64 len; __s32 level, type; } cmsg;
	int fd;

	if (cur->fd_i < cur->nfds) {
		if (bpf_probe_read_user(&fd, sizeof(fd),
					(void *)(cur->fds + cur->fd_i * 4)))
			return 1;
		cur->fd_i++;
		if (w->emit)
			open_emit(w->c, fd, cur->seen, w->count);
		cur->seen++;
		return 0;
	}
	if (cur->off + CMSG_HDR_SIZE <= cur->ctl_len) {
		if (bpf_probe_read_user(&cmsg, sizeof(cmsg),
					(void *)(cur->ctl + cur->off)) ||
		    cmsg.len < CMSG_HDR_SIZE ||
		    cmsg.len > cur->ctl_len - cur->off)
			return 1;
		if (cmsg.level == SOL_SOCKET && cmsg.type == SCM_RIGHTS) {
			cur->fds = cur->ctl + cur->off + CMSG_HDR_SIZE;
			cur->nfds = (cmsg.len - CMSG_HDR_SIZE) / 4;
			cur->fd_i = 0;
		}
		cur->off += (cmsg.len + 7) & ~7ULL;
		return 0;
	}
	if (cur->msg < w->nmsgs && scm_next_msg(w))
		return 0;
	return 1;
}

/*
 * The cursor starts as zeros the verifier cannot see: 6.1's follows a
 * loop callback once, from the state at the call, and removes the
 * branches dead in that state (with the cursor known to be empty, all
 * but the first message's load).
 */
static __always_inline void scm_walk(struct scm_walk *w, bool emit)
{
	struct scm_cursor zero = {};

	w->emit = emit;
	bpf_probe_read_kernel(&w->cur, sizeof(w->cur), &zero);
	bpf_loop(SCM_STEPS, scm_step, w, 0);
}

/*
 * recvmsg and recvmmsg: events only for the fds they received. A message
 * without control data, the common case, costs one read of user memory.
 */
static __always_inline void open_received(const struct open_call *c)
{
	struct scm_walk w = { .c = c, .msgs = c->s->arg };

	if (c->ret <= 0 && c->call == FDM_CALL_RECVMMSG)
		return;
	if (c->call == FDM_CALL_RECVMSG) {
		w.stride = MSGHDR_SIZE;
		w.nmsgs = 1;
		/* nothing installed when the call failed */
		if (c->ret < 0 || !scm_next_msg(&w) ||
		    w.cur.ctl_len < CMSG_HDR_SIZE + sizeof(int))
			return;
	} else {
		w.stride = MMSGHDR_SIZE;
		w.nmsgs = c->ret;
	}
	scm_walk(&w, false);
	w.count = w.cur.seen;
	if (w.count)
		scm_walk(&w, true);
}

static __always_inline void open_end(const struct open_start *s, __u8 call,
				     __u64 ts, long ret)
{
	struct open_call c = { .ts = ts, .ret = ret, .s = s, .call = call };
	int fds[2];

	switch (call) {
	case FDM_CALL_RECVMSG:
	case FDM_CALL_RECVMMSG:
		open_received(&c);
		return;
	case FDM_CALL_PIPE:
	case FDM_CALL_PIPE2:
	case FDM_CALL_SOCKETPAIR:
		if (ret < 0 || bpf_probe_read_user(fds, sizeof(fds),
						   (void *)s->arg))
			break;
		open_emit(&c, fds[0], 0, 2);
		open_emit(&c, fds[1], 1, 2);
		return;
	}
	if (ret >= 0 && s->modify)
		return;
	open_emit(&c, ret < 0 ? -1 : ret, 0, 1);
}

#endif /* FDMODEL_OPEN_BPF_H */
