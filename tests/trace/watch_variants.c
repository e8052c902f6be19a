// SPDX-License-Identifier: GPL-2.0
/*
 * epoll_ctl's three ops on a pipe and an eventfd, DEL with a NULL event,
 * and three the kernel refuses; after each, the watch as the epoll fd's
 * fdinfo shows it (the kernel's own door to an interest list), or
 * watched=0 when it has no line for the fd.
 */
#include <errno.h>
#include <inttypes.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include "scenario.h"

/* The fdinfo line "tfd: N events: X data: X ..." of tfd, if any. */
static bool watch_of(int epfd, int tfd, unsigned int *events,
		     unsigned long long *data)
{
	char path[64], line[512];
	unsigned long long d;
	bool found = false;
	unsigned int e;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", epfd);
	f = fopen(path, "re");
	if (!f)
		die("fdinfo");
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "tfd: %d events: %x data: %llx", &fd, &e,
			       &d) == 3 && fd == tfd;
	fclose(f);
	if (found) {
		*events = e;
		*data = d;
	}
	return found;
}

static void ctl(int epfd, int op, int tfd, unsigned int events,
		unsigned long long data, bool null)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };
	long ret = epoll_ctl(epfd, op, tfd, null ? NULL : &ev);
	unsigned int now_events = 0;
	unsigned long long now_data = 0;
	bool watched;

	ret = ret < 0 ? -errno : ret;
	watched = watch_of(epfd, tfd, &now_events, &now_data);
	say("op=%d tfd=%d events=%u data=%llu ret=%ld watched=%d "
	    "fdinfo_events=%u fdinfo_data=%llu", op, tfd, null ? 0 : events,
	    null ? 0 : data, ret, watched, now_events, now_data);
}

int main(void)
{
	int ep = epoll_create1(0), efd = eventfd(0, 0), p[2];

	if (ep < 0 || efd < 0 || pipe(p))
		die("watch: setup");
	say("epfd=%d pipe=%d eventfd=%d", ep, p[0], efd);
	ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 0x1122334455667788ULL, false);
	ctl(ep, EPOLL_CTL_ADD, efd, EPOLLIN | EPOLLET, 7, false);
	ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLOUT | EPOLLRDHUP, 0x42, false);
	ctl(ep, EPOLL_CTL_DEL, efd, 0, 0, true);
	ctl(ep, EPOLL_CTL_DEL, efd, 0, 0, true);	/* ENOENT */
	ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1, false);	/* EEXIST */
	ctl(ep, EPOLL_CTL_ADD, 99, EPOLLIN, 2, false);	/* EBADF */
	fdmodel_dump();
	return 0;
}
