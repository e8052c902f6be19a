// SPDX-License-Identifier: GPL-2.0
/*
 * Epoll interest lists: one watch line per entry of the kernel's list
 * (its own fdinfo is the oracle for tfd, events, ino and dev), whatever
 * its length, and a file= that kcmp(KCMP_EPOLL_TFD) confirms: the id of
 * the watched open file, wherever it is now, whatever the tfd holds.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

#define BIG 100000
/*
 * kcmp(KCMP_EPOLL_TFD) finds a watch by walking the whole interest list
 * (ep_find_tfd()): on the big list, ask it about every BIG_KCMP-th watch.
 */
#define BIG_KCMP 1000

/* The watch lines that directly follow the fd line of @epfd. */
static size_t watch_run(const struct fm_snap *s, pid_t pid, int epfd,
			size_t *first)
{
	const struct fm_line *l = fm_fd(s, pid, 0, epfd);
	size_t i;

	if (!l)
		return 0;
	*first = l - s->line + 1;
	for (i = *first; i < s->nline && s->line[i].kind == FM_WATCH; i++)
		;
	return i - *first;
}

/*
 * The file= a watch must have: that of the fd of @pid that
 * kcmp(KCMP_EPOLL_TFD) says holds the watched file, tfd first; NULL when
 * no fd of @pid holds it (then any id will do, never "-").
 */
static const char *watched_file(pid_t pid, int epfd, int tfd,
				const struct fm_line **fdl, size_t nfd)
{
	size_t fd;

	if (tfd >= 0 && (size_t)tfd < nfd && fdl[tfd] &&
	    kcmp_epoll_tfd(pid, tfd, pid, epfd, tfd) == 0)
		return fm_get(fdl[tfd], "file");
	for (fd = 0; fd < nfd; fd++)
		if (fdl[fd] && kcmp_epoll_tfd(pid, fd, pid, epfd, tfd) == 0)
			return fm_get(fdl[fd], "file");
	return NULL;
}

/*
 * Every watch line of (pid, epfd) against the epoll fd's own fdinfo, and
 * the file= of every @stride-th against kcmp(KCMP_EPOLL_TFD); the others
 * against the file= of their tfd's fd line. Returns the number of watch
 * lines, or -1 after reporting a disagreement.
 */
static int watches_ok(const struct fm_snap *s, pid_t pid, int epfd,
		      size_t stride)
{
	const struct fm_line **fdl;
	struct ep_watch *w = NULL, **by_tfd;
	size_t first, n, i, nfd;
	struct fdinfo fi;
	int nw, j, bad = 0, maxtfd = 0;

	n = watch_run(s, pid, epfd, &first);
	if (fdinfo_read(pid, 0, epfd, &fi))
		return -1;
	nw = fdinfo_epoll(&fi, &w);
	fdinfo_free(&fi);
	if ((int)n != nw) {
		tap_diag("pid %d epfd %d: %zu watch lines, fdinfo lists %d",
			 (int)pid, epfd, n, nw);
		bad++;
	}
	for (j = 0; j < nw; j++)
		if (w[j].tfd > maxtfd)
			maxtfd = w[j].tfd;
	by_tfd = calloc(maxtfd + 1, sizeof(*by_tfd));
	fdl = fm_fd_index(s, pid, 0, &nfd);
	TAP_REQUIRE(by_tfd && fdl, "calloc");
	for (j = 0; j < nw; j++)
		by_tfd[w[j].tfd] = &w[j];
	for (i = first; i < first + n; i++) {
		const struct fm_line *l = &s->line[i];
		long long tfd = fm_numd(l, "tfd"), ev = -1;
		const char *want, *got = fm_get(l, "file");
		struct ep_watch *e;

		e = tfd >= 0 && tfd <= maxtfd ? by_tfd[tfd] : NULL;
		fm_num(l, "events", 16, &ev);
		if (!e || fm_numd(l, "epfd") != epfd || ev != e->events ||
		    fm_numd(l, "ino") != (long long)e->ino ||
		    !dev_is(fm_get(l, "dev"), e->sdev >> 20, e->sdev & 0xfffff)) {
			tap_diag("\"%s\" disagrees with fdinfo", l->text);
			bad++;
			continue;
		}
		if ((i - first) % stride == 0)
			want = watched_file(pid, epfd, tfd, fdl, nfd);
		else
			want = tfd < (long long)nfd && fdl[tfd] ?
			       fm_get(fdl[tfd], "file") : NULL;
		if (!got || (want ? strcmp(got, want) : !strcmp(got, "-"))) {
			tap_diag("\"%s\": want file=%s", l->text,
				 want ? want : "an id");
			bad++;
		}
	}
	free(by_tfd);
	free(fdl);
	free(w);
	return bad ? -1 : (int)n;
}

static int add(int epfd, int fd, unsigned int events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };

	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

/* The watch line for tfd of (pid, epfd), or NULL. */
static const struct fm_line *watch_of(const struct fm_snap *s, pid_t pid,
				      int epfd, int tfd)
{
	size_t first, n = watch_run(s, pid, epfd, &first), i;

	for (i = first; i < first + n; i++)
		if (fm_numd(&s->line[i], "tfd") == tfd)
			return &s->line[i];
	return NULL;
}

/* In a child: put /dev/null where the watched fd *arg was. */
static void reuse_tfd(void *arg)
{
	int fd = *(int *)arg, null = open("/dev/null", O_WRONLY);

	if (null < 0 || dup2(null, fd) != fd)
		_exit(1);
	close(null);
}

/* A list far longer than any buffer the module could hold it in. */
static void big_list(void)
{
	size_t first, n;
	struct fm_snap s;
	int epfd, efd, i;

	if (raise_nofile(BIG + 100)) {
		tap_skip("cannot raise RLIMIT_NOFILE to %d", BIG + 100);
		tap_skip("cannot raise RLIMIT_NOFILE to %d", BIG + 100);
		return;
	}
	epfd = epoll_create1(0);
	efd = eventfd(0, 0);
	TAP_REQUIRE(epfd >= 0 && efd >= 0, "epoll_create1/eventfd");
	/* One open file, BIG fds: each (file, fd) pair is its own watch. */
	for (i = 0; i < BIG; i++)
		TAP_REQUIRE(add(epfd, i ? dup(efd) : efd, EPOLLIN) == 0,
			    "EPOLL_CTL_ADD #%d", i);
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	n = watch_run(&s, getpid(), epfd, &first);
	tap_ok(n == BIG, "%d watches: %zu watch lines", BIG, n);
	tap_ok(watches_ok(&s, getpid(), epfd, BIG_KCMP) == (int)n,
	       "the listed watches agree with fdinfo and kcmp");
	fm_free(&s);
}

int main(void)
{
	static const unsigned int events[] = {
		EPOLLIN, EPOLLOUT, EPOLLIN | EPOLLET,
		EPOLLIN | EPOLLOUT | EPOLLRDHUP, EPOLLIN | EPOLLONESHOT,
	};
	int p[2], sv[2], tfd[5], epfd, i, moved, null, n, same = 0;
	const struct fm_line *w, *el;
	struct fm_snap s;
	pid_t child;
	bool ok;

	tap_plan(16);
	TAP_REQUIRE(!pipe(p) && !socketpair(AF_UNIX, SOCK_STREAM, 0, sv),
		    "pipe/socketpair");
	tfd[0] = p[0];
	tfd[1] = p[1];
	tfd[2] = eventfd(0, 0);
	tfd[3] = sv[0];
	tfd[4] = timerfd_create(CLOCK_MONOTONIC, 0);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	TAP_REQUIRE(tfd[2] >= 0 && tfd[4] >= 0 && epfd >= 0, "fds");
	for (i = 0; i < 5; i++)
		TAP_REQUIRE(!add(epfd, tfd[i], events[i]), "EPOLL_CTL_ADD");
	for (i = 0; i < 5; i++)
		same += kcmp_epoll_tfd(getpid(), tfd[i], getpid(), epfd,
				       tfd[i]) == 0;
	TAP_REQUIRE(same == 5, "kcmp(KCMP_EPOLL_TFD) on the 5 watches");

	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	el = fm_fd(&s, getpid(), 0, epfd);
	tap_ok(el && fm_is(el, "type", "anon") && check_fds(&s, getpid(), 0,
							     &epfd, 1),
	       "the epoll fd's line agrees with stat, fdinfo and readlink");
	tap_ok(watches_ok(&s, getpid(), epfd, 1) == 5,
	       "5 watches: 5 watch lines right after the epoll fd's line, each "
	       "with the tfd, events, ino and dev its fdinfo shows");
	ok = true;
	for (i = 0; i < 5; i++) {
		w = watch_of(&s, getpid(), epfd, tfd[i]);
		ok &= w && fm_is(w, "file",
				 fm_get(fm_fd(&s, getpid(), 0, tfd[i]), "file"));
	}
	tap_ok(ok, "each watch's file= is the file= of its tfd's fd line "
	       "(kcmp(KCMP_EPOLL_TFD) says it is the watched file)");
	ok = true;
	for (i = 0; i < 5; i++) {
		long long ev = -1;

		w = watch_of(&s, getpid(), epfd, tfd[i]);
		ok &= w && fm_num(w, "events", 16, &ev) &&
		      (ev & events[i]) == events[i] &&
		      !(ev & ~(events[i] | EPOLLERR | EPOLLHUP));
	}
	tap_ok(ok, "events= holds the mask asked for (plus the EPOLLERR|EPOLLHUP "
	       "the kernel always adds)");
	fm_free(&s);

	/* Move the pipe's read end: the watch stays, under the old tfd. */
	moved = dup(p[0]);
	close(p[0]);
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	w = watch_of(&s, getpid(), epfd, p[0]);
	tap_ok(w && fm_is(w, "file", fm_get(fm_fd(&s, getpid(), 0, moved), "file")),
	       "tfd closed, its file still open elsewhere: the watch remains "
	       "and names that file");
	tap_ok(kcmp_epoll_tfd(getpid(), moved, getpid(), epfd, p[0]) == 0 &&
	       watches_ok(&s, getpid(), epfd, 1) == 5,
	       "kcmp(KCMP_EPOLL_TFD) confirms the moved fd is the watched file");
	fm_free(&s);

	null = open("/dev/null", O_RDONLY);
	TAP_REQUIRE(null >= 0 && dup2(null, p[0]) == p[0], "reuse tfd");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	w = watch_of(&s, getpid(), epfd, p[0]);
	tap_ok(w && fm_is(w, "file", fm_get(fm_fd(&s, getpid(), 0, moved), "file")) &&
	       !fm_is(w, "file", fm_get(fm_fd(&s, getpid(), 0, p[0]), "file")) &&
	       kcmp_epoll_tfd(getpid(), p[0], getpid(), epfd, p[0]) != 0,
	       "tfd reused for another file: file= still names the watched "
	       "one, not the tfd's (kcmp agrees)");
	fm_free(&s);

	TAP_REQUIRE(dup2(moved, p[0]) == p[0], "dup2 back");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	w = watch_of(&s, getpid(), epfd, p[0]);
	tap_ok(w && fm_is(w, "file", fm_get(fm_fd(&s, getpid(), 0, moved), "file")) &&
	       watches_ok(&s, getpid(), epfd, 1) == 5,
	       "the watched file back at tfd: file= names it again");
	fm_free(&s);

	close(tfd[2]);
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	n = watches_ok(&s, getpid(), epfd, 1);
	tap_ok(n == 4 && !watch_of(&s, getpid(), epfd, tfd[2]),
	       "closing the eventfd's last fd drops its watch: 4 left (%d)",
	       n);
	fm_free(&s);

	child = spawn_stopped(NULL, NULL);
	TAP_REQUIRE(child > 0, "fork");
	TAP_REQUIRE(!fm_snapshot(&s, child), "read " FM_PATH " for the child");
	tap_ok(watches_ok(&s, child, epfd, 1) == 4,
	       "a forked child's epoll fd: 4 watch lines with pid=child that "
	       "agree with its fdinfo");
	ok = true;
	for (i = 0; i < 5; i++) {
		if (i == 2)
			continue;
		w = watch_of(&s, child, epfd, tfd[i]);
		ok &= w && fm_numd(w, "pid") == child &&
		      fm_is(w, "file", fm_get(fm_fd(&s, child, 0, tfd[i]), "file"));
	}
	tap_ok(ok, "the child's watches name the child's (shared) files");
	fm_free(&s);
	reap(child);

	/*
	 * A child whose table has something else at one tfd: both processes'
	 * watch lines name the watched file, which only ours still has.
	 */
	child = spawn_stopped(reuse_tfd, &tfd[1]);
	TAP_REQUIRE(child > 0, "fork");
	TAP_REQUIRE(!fm_snapshot(&s, 0), "read " FM_PATH);
	w = watch_of(&s, child, epfd, tfd[1]);
	tap_ok(watches_ok(&s, child, epfd, 1) == 4 && w &&
	       fm_is(w, "file", fm_get(fm_fd(&s, getpid(), 0, tfd[1]), "file")) &&
	       fm_is(watch_of(&s, getpid(), epfd, tfd[1]), "file",
		     fm_get(fm_fd(&s, getpid(), 0, tfd[1]), "file")),
	       "one shared epoll, two tables: both watch lines name the "
	       "watched file, whatever the child's tfd holds (kcmp agrees)");
	fm_free(&s);
	reap(child);

	/* Nested epoll: an epoll fd watched by another. */
	n = epoll_create1(0);
	TAP_REQUIRE(n >= 0 && !add(n, epfd, EPOLLIN), "nested epoll");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	w = watch_of(&s, getpid(), n, epfd);
	tap_ok(w && watches_ok(&s, getpid(), n, 1) == 1 &&
	       fm_is(w, "file", fm_get(fm_fd(&s, getpid(), 0, epfd), "file")),
	       "an epoll fd watched by another epoll fd");
	tap_ok(fm_valid(&s), "the listing passes the strict checker");
	fm_free(&s);
	close(n);

	big_list();
	tap_exit();
}
