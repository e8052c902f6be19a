// SPDX-License-Identifier: GPL-2.0
/*
 * holdfds N: hold N open fds (a third each regular files, pipe ends and
 * dups, so the walk meets every kind of path), print "ready" and wait to be
 * killed. The benchmark's load.
 *
 * holdfds -e N: instead, one epoll instance watching N fds (dups of one
 * eventfd, each its own watch), for the interest-list figures.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

static int raise_nofile(long n)
{
	struct rlimit rl = { .rlim_cur = n + 64, .rlim_max = n + 64 };

	return setrlimit(RLIMIT_NOFILE, &rl);
}

static int hold_watches(long n)
{
	int epfd = epoll_create1(0), efd = eventfd(0, 0);
	long i;

	if (epfd < 0 || efd < 0)
		return -1;
	for (i = 0; i < n; i++) {
		struct epoll_event ev = { .events = EPOLLIN };
		int fd = i ? dup(efd) : efd;

		ev.data.fd = fd;
		if (fd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev))
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool watches = argc == 3 && !strcmp(argv[1], "-e");
	long n, i;
	int p[2];

	if ((argc != 2 && !watches) || (n = atol(argv[argc - 1])) <= 0) {
		fprintf(stderr, "usage: holdfds [-e] N\n");
		return 1;
	}
	if (raise_nofile(n)) {
		perror("holdfds: setrlimit");
		return 1;
	}
	if (watches && hold_watches(n)) {
		perror("holdfds: epoll");
		return 1;
	}
	for (i = 0; i < n && !watches; i++) {
		int ok;

		switch (i % 3) {
		case 0:
			ok = open("/etc/hostname", O_RDONLY) >= 0;
			break;
		case 1:
			ok = !pipe(p);
			i++;
			break;
		default:
			ok = dup(0) >= 0;
			break;
		}
		if (!ok) {
			perror("holdfds");
			return 1;
		}
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
