// SPDX-License-Identifier: GPL-2.0
/*
 * 1,000 idle pipes and 3 written ones in one epoll set: one epoll_wait
 * returns the 3, with an interest list of 1,003. Takes the idle count
 * as an optional argument.
 */
#include <sys/epoll.h>
#include <sys/resource.h>
#include "scenario.h"

#define READY	3

int main(int argc, char **argv)
{
	int idle = argc > 1 ? atoi(argv[1]) : 1000, ep, i, p[2];
	struct epoll_event ev = { .events = EPOLLIN }, out[16];
	struct rlimit rl;

	/* Two fds per pipe: raise the soft limit to the hard one. */
	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	ep = epoll_create1(0);
	if (ep < 0)
		die("epoll: create");
	for (i = 0; i < idle + READY; i++) {
		if (pipe(p))
			die("epoll: pipe");
		ev.data.fd = p[0];
		if (epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev))
			die("epoll: add");
		if (i >= idle) {
			if (write(p[1], "x", 1) != 1)
				die("epoll: write");
			say("ready_fd=%d", p[0]);
		}
	}
	say("epfd=%d", ep);
	if (epoll_wait(ep, out, 16, 1000) != READY)
		die("epoll: wait");
	return 0;
}
