/* SPDX-License-Identifier: GPL-2.0 */
/*
 * epoll_wait events: epoll_wait, epoll_pwait, epoll_pwait2.
 *
 * struct eventpoll keeps no count of its watches, so the interest list is
 * measured by walking its red-black tree (ep->rbr) at exit, one step per
 * bpf_loop iteration using parent pointers; no lock is taken, so a list
 * changing under the walk gives an approximate count, never a fault.
 */
#ifndef FDMODEL_EPOLL_BPF_H
#define FDMODEL_EPOLL_BPF_H

#include "common.bpf.h"

#define WALK_STEPS	(1 << 18)	/* about 2 steps per watch */
#define EPOLL_EVENT_SIZE 12		/* packed struct epoll_event on x86-64 */

/* What the exit needs from the entry (syscalls.bpf.c keeps it). */
struct epoll_start {
	__u64 file;
	__u64 events;		/* user address of the result array */
	__s64 timeout_ns;
	__s32 epfd;
	__s32 maxevents;
};

static __always_inline struct rb_node *rb_parent_of(struct rb_node *node)
{
	return (void *)(BPF_CORE_READ(node, __rb_parent_color) & ~3UL);
}

struct rb_walk {
	struct rb_node *cur;
	struct rb_node *prev;
	__u32 nodes;
};

/*
 * One step of a stackless depth-first walk: coming down from the parent
 * visits the node and descends, coming up from a child moves right or up.
 */
static long rb_walk_step(__u32 i, void *data)
{
	struct rb_walk *w = data;
	struct rb_node *cur = w->cur, *left, *right, *next;

	if (!cur)
		return 1;
	left = BPF_CORE_READ(cur, rb_left);
	right = BPF_CORE_READ(cur, rb_right);
	if (w->prev == rb_parent_of(cur)) {
		w->nodes++;
		next = left ? left : right ? right : rb_parent_of(cur);
	} else if (left && w->prev == left) {
		next = right ? right : rb_parent_of(cur);
	} else {
		next = rb_parent_of(cur);
	}
	w->prev = cur;
	w->cur = next;
	return 0;
}

static __always_inline void count_interest(struct file *file,
					   struct fdm_epoll_event *e)
{
	struct eventpoll *ep = BPF_CORE_READ(file, private_data);
	struct rb_walk w = {};

	w.cur = BPF_CORE_READ(ep, rbr.rb_root.rb_node);
	bpf_loop(WALK_STEPS, rb_walk_step, &w, 0);
	e->interest = w.nodes;
	e->interest_truncated = w.cur != NULL;
}

static __always_inline void epoll_begin(struct epoll_start *s, __u8 call,
					const struct pt_regs *regs)
{
	struct __kernel_timespec ts;
	void *tsp;

	s->epfd = SYSCALL_ARG1(regs);
	s->events = SYSCALL_ARG2(regs);
	s->maxevents = SYSCALL_ARG3(regs);
	if (call == FDM_CALL_EPOLL_PWAIT2) {
		tsp = (void *)SYSCALL_ARG4(regs);
		s->timeout_ns = -1;
		if (tsp && !bpf_probe_read_user(&ts, sizeof(ts), tsp))
			s->timeout_ns = ts.tv_sec * 1000000000LL + ts.tv_nsec;
	} else {
		int ms = SYSCALL_ARG4(regs);

		s->timeout_ns = ms < 0 ? -1 : ms * 1000000LL;
	}
	s->file = (__u64)current_fd_file(s->epfd);
}

static __always_inline void epoll_end(struct fdm_epoll_event *e,
				      const struct epoll_start *s, long ret)
{
	int i;

	e->file = s->file;
	e->dur_ns = bpf_ktime_get_ns() - e->h.ts;
	e->timeout_ns = s->timeout_ns;
	e->epfd = s->epfd;
	e->maxevents = s->maxevents;
	e->interest = 0;
	e->interest_truncated = 0;
	e->nready_fds = 0;
	/* Success proves the fd was an epoll file: private_data is ours. */
	if (ret >= 0 && s->file)
		count_interest((void *)s->file, e);
	for (i = 0; i < FDM_READY_FDS; i++) {
		void *data = (void *)(s->events + i * EPOLL_EVENT_SIZE + 4);

		e->ready_fds[i] = -1;
		if (i >= ret || bpf_probe_read_user(&e->ready_fds[i],
						    sizeof(e->ready_fds[i]), data))
			continue;
		e->nready_fds = i + 1;
	}
}

#endif /* FDMODEL_EPOLL_BPF_H */
