/* SPDX-License-Identifier: GPL-2.0 */
/*
 * watch events: epoll_ctl's EPOLL_CTL_ADD, _MOD and _DEL. Everything is
 * read at entry: the target's file before a DEL (the fd may be closed
 * right after, and the watch with it), and the epoll_event as passed
 * (the kernel adds EPOLLERR and EPOLLHUP to its own copy on ADD and MOD).
 */
#ifndef FDMODEL_WATCH_BPF_H
#define FDMODEL_WATCH_BPF_H

#include "common.bpf.h"

/* What the exit needs from the entry (syscalls.bpf.c keeps it). */
struct watch_start {
	__u64 file;
	__u64 target;
	__u64 data;
	__s32 epfd;
	__s32 tfd;
	__u32 op;
	__u32 events;
};

static __always_inline void watch_begin(struct watch_start *s,
					const struct pt_regs *regs)
{
	struct epoll_event ev;
	void *uev = (void *)SYSCALL_ARG4(regs);

	s->epfd = SYSCALL_ARG1(regs);
	s->op = SYSCALL_ARG2(regs);
	s->tfd = SYSCALL_ARG3(regs);
	s->file = (__u64)current_fd_file(s->epfd);
	s->target = (__u64)current_fd_file(s->tfd);
	/* DEL may pass NULL; an unreadable event reads as zeros. */
	if (!uev || bpf_probe_read_user(&ev, sizeof(ev), uev))
		__builtin_memset(&ev, 0, sizeof(ev));
	s->events = ev.events;
	s->data = ev.data;
}

static __always_inline void watch_end(struct fdm_watch_event *e,
				      const struct watch_start *s)
{
	e->file = s->file;
	e->target = s->target;
	e->data = s->data;
	e->epfd = s->epfd;
	e->tfd = s->tfd;
	e->op = s->op;
	e->events = s->events;
}

#endif /* FDMODEL_WATCH_BPF_H */
