// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 002's C10K argument, measured: 10,000 pipes, the first three with
 * a byte to read, waited on with poll() over all the read ends and with
 * epoll_wait() on an epoll set holding all of them, next to the same over
 * 100. poll() costs in proportion to the fds it is given, on every call;
 * epoll_wait() in proportion to the ready ones, because epoll_ctl() did
 * the per-fd work once. The timings are this program's own, untraced;
 * then `fdmodel trace -e epoll` shows a run of this program with
 * --traced, which waits once on each set, as the kernel saw it.
 */
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "lab.h"

#define WATCHED		10000
#define SMALL		100
#define READY		3
#define ROUNDS		20
/* Both ends of every pipe, two epoll fds, stdio and some slack. */
#define NEED_FDS	(2 * WATCHED + 16)

static struct pollfd pfds[WATCHED];

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The default soft limit (1024) is far below 20,000 fds. */
static void raise_limit(int verbose)
{
	struct rlimit rl;

	lab_check(!getrlimit(RLIMIT_NOFILE, &rl), "getrlimit");
	if (verbose)
		printf("RLIMIT_NOFILE soft %llu hard %llu: ",
		       (unsigned long long)rl.rlim_cur,
		       (unsigned long long)rl.rlim_max);
	if (rl.rlim_cur < NEED_FDS)
		rl.rlim_cur = NEED_FDS;
	/* Raising the hard limit takes CAP_SYS_RESOURCE: root in the VM. */
	if (rl.rlim_max < NEED_FDS)
		rl.rlim_max = NEED_FDS;
	lab_check(!setrlimit(RLIMIT_NOFILE, &rl), "setrlimit");
	if (verbose)
		printf("soft raised to %llu\n",
		       (unsigned long long)rl.rlim_cur);
}

static void open_pipes(int verbose)
{
	int i, p[2], last = -1;

	for (i = 0; i < WATCHED; i++) {
		lab_check(!pipe(p), "pipe");
		pfds[i].fd = p[0];
		pfds[i].events = POLLIN;
		/*
		 * The first three get a byte, so that the sets of 100 hold
		 * the same ready fds; the write ends stay open, or the read
		 * ends would all be ready (POLLHUP).
		 */
		if (i < READY)
			lab_check(write(p[1], "x", 1) == 1, "write");
		last = p[1];
	}
	if (verbose)
		printf("%d pipes: fds %d..%d; the read ends %d, %d and %d "
		       "hold a byte, the other %d are idle\n", WATCHED,
		       pfds[0].fd, last, pfds[0].fd, pfds[1].fd, pfds[2].fd,
		       WATCHED - READY);
}

/* An epoll set of the first @n read ends; *@add_ns is the time per add. */
static int make_set(int n, long long *add_ns)
{
	struct epoll_event ev = { .events = EPOLLIN };
	long long t0;
	int ep, i;

	ep = epoll_create1(0);
	lab_check(ep >= 0, "epoll_create1");
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		ev.data.fd = pfds[i].fd;
		lab_check(!epoll_ctl(ep, EPOLL_CTL_ADD, pfds[i].fd, &ev),
			  "epoll_ctl");
	}
	*add_ns = (now_ns() - t0) / n;
	return ep;
}

/* poll() over the first @n read ends, without waiting. */
static int wait_poll(int n)
{
	return poll(pfds, n, 0);
}

/* epoll_wait() on the set @ep, without waiting. */
static int wait_epoll(int ep)
{
	struct epoll_event out[16];

	return epoll_wait(ep, out, 16, 0);
}

/*
 * The fastest of ROUNDS calls, in microseconds: the one least disturbed
 * by the rest of the machine (the VM's emulated CPU above all).
 */
static double best_of(int (*wait_fn)(int), int arg, const char *what)
{
	long long best = LLONG_MAX, t0, t;
	int r;

	for (r = 0; r < ROUNDS; r++) {
		t0 = now_ns();
		lab_check(wait_fn(arg) == READY, what);
		t = now_ns() - t0;
		if (t < best)
			best = t;
	}
	return best / 1000.0;
}

static const char *yes(int ok)
{
	return ok ? "yes" : "NO";
}

static void measure(void)
{
	long long add_small, add_big;
	double poll_small, poll_big, ep_small, ep_big;
	int small, big;

	raise_limit(1);
	open_pipes(1);
	small = make_set(SMALL, &add_small);
	big = make_set(WATCHED, &add_big);
	printf("epoll_ctl(EPOLL_CTL_ADD), per fd: %.1f us adding %d, "
	       "%.1f us adding %d\n", add_small / 1000.0, SMALL,
	       add_big / 1000.0, WATCHED);

	poll_small = best_of(wait_poll, SMALL, "poll");
	poll_big = best_of(wait_poll, WATCHED, "poll");
	ep_small = best_of(wait_epoll, small, "epoll_wait");
	ep_big = best_of(wait_epoll, big, "epoll_wait");
	printf("\nbest of %d calls, timeout 0, %d ready each time:\n",
	       ROUNDS, READY);
	printf("  poll over %5d fds:         %.1f us\n", SMALL, poll_small);
	printf("  poll over %5d fds:         %.1f us\n", WATCHED, poll_big);
	printf("  epoll_wait, set of %5d:    %.1f us\n", SMALL, ep_small);
	printf("  epoll_wait, set of %5d:    %.1f us\n", WATCHED, ep_big);
	printf("poll over %d fds takes more than 10x poll over %d: %s\n",
	       WATCHED, SMALL, yes(poll_big > 10 * poll_small));
	printf("epoll_wait on %d takes less than 3x epoll_wait on %d: %s\n",
	       WATCHED, SMALL, yes(ep_big < 3 * ep_small));
	printf("epoll_wait on %d is more than 10x faster than poll: %s\n",
	       WATCHED, yes(10 * ep_big < poll_big));

	lab_trace_self("fdmodel trace -e epoll: epoll-poll --traced, one "
		       "epoll_wait on each set", "epoll");
}

/* Under the tracer: the same sets, one wait on each, nothing printed. */
static void traced(void)
{
	long long ns;
	int small, big;

	raise_limit(0);
	open_pipes(0);
	small = make_set(SMALL, &ns);
	big = make_set(WATCHED, &ns);
	lab_check(wait_epoll(small) == READY, "epoll_wait");
	lab_check(wait_epoll(big) == READY, "epoll_wait");
}

int main(int argc, char **argv)
{
	if (lab_traced(argc, argv))
		traced();
	else
		measure();
	return 0;
}
