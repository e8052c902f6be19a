// SPDX-License-Identifier: GPL-2.0
/*
 * Epoll interest lists: one watch line per entry of the kernel's list
 * (its own fdinfo is the oracle for tfd, events, ino and dev), and a
 * file= that kcmp(KCMP_EPOLL_TFD) confirms: the id of the tfd's open file
 * when that is the watched one, "-" when the tfd no longer holds it.
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

#define BIG 20000
#define TRUNCATED "# watch list truncated"

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

/* True when the watch lines after @epfd's fd line end in the cut comment. */
static bool cut_after(const struct fm_snap *s, size_t first, size_t n)
{
	return first + n < s->nline &&
	       !strncmp(s->line[first + n].text, TRUNCATED, strlen(TRUNCATED));
}

/*
 * Every watch line of (pid, epfd) against the epoll fd's own fdinfo, and
 * its file= against kcmp(KCMP_EPOLL_TFD). Fewer lines than fdinfo lists
 * are fine only when a truncation comment follows them. Returns the
 * number of watch lines, or -1 after reporting a disagreement.
 */
static int watches_ok(const struct fm_snap *s, pid_t pid, int epfd)
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
	if ((int)n != nw && !((int)n < nw && cut_after(s, first, n))) {
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
		const struct fm_line *l = &s->line[i], *tl;
		long long tfd = fm_numd(l, "tfd"), ev = -1;
		const char *want = "-";
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
		tl = tfd < (long long)nfd ? fdl[tfd] : NULL;
		if (kcmp_epoll_tfd(pid, tfd, pid, epfd, tfd) == 0 && tl)
			want = fm_get(tl, "file");
		if (!fm_is(l, "file", want)) {
			tap_diag("\"%s\": want file=%s", l->text, want);
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

static void big_list(void)
{
	size_t first, n;
	struct fm_snap s;
	int epfd, efd, i;
	bool cut;

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
	cut = cut_after(&s, first, n);
	tap_ok(n == BIG || (n > 0 && n < BIG && cut),
	       "%d watches: %zu watch lines%s", BIG, n,
	       cut ? " and a truncation comment" : "");
	tap_ok(watches_ok(&s, getpid(), epfd) == (int)n,
	       "the listed watches agree with fdinfo");
	if (cut)
		tap_diag("cut at %zu watches (the doc says about 12,000)", n);
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
	tap_ok(watches_ok(&s, getpid(), epfd) == 5,
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
	tap_ok(w && fm_is(w, "file", "-"),
	       "tfd closed, its file still open elsewhere: the watch remains "
	       "with file=-");
	tap_ok(kcmp_epoll_tfd(getpid(), moved, getpid(), epfd, p[0]) == 0 &&
	       watches_ok(&s, getpid(), epfd) == 5,
	       "kcmp(KCMP_EPOLL_TFD) confirms the moved fd is the watched file");
	fm_free(&s);

	null = open("/dev/null", O_RDONLY);
	TAP_REQUIRE(null >= 0 && dup2(null, p[0]) == p[0], "reuse tfd");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	w = watch_of(&s, getpid(), epfd, p[0]);
	tap_ok(w && fm_is(w, "file", "-") &&
	       kcmp_epoll_tfd(getpid(), p[0], getpid(), epfd, p[0]) != 0,
	       "tfd reused for another file: file=- (kcmp agrees it is not "
	       "the watched one)");
	fm_free(&s);

	TAP_REQUIRE(dup2(moved, p[0]) == p[0], "dup2 back");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	w = watch_of(&s, getpid(), epfd, p[0]);
	tap_ok(w && fm_is(w, "file", fm_get(fm_fd(&s, getpid(), 0, moved), "file")) &&
	       watches_ok(&s, getpid(), epfd) == 5,
	       "the watched file back at tfd: file= names it again");
	fm_free(&s);

	close(tfd[2]);
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	n = watches_ok(&s, getpid(), epfd);
	tap_ok(n == 4 && !watch_of(&s, getpid(), epfd, tfd[2]),
	       "closing the eventfd's last fd drops its watch: 4 left (%d)",
	       n);
	fm_free(&s);

	child = spawn_stopped(NULL, NULL);
	TAP_REQUIRE(child > 0, "fork");
	TAP_REQUIRE(!fm_snapshot(&s, child), "read " FM_PATH " for the child");
	tap_ok(watches_ok(&s, child, epfd) == 4,
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
	 * A child whose table has something else at one tfd: its own watch
	 * line resolves the tfd in its own table (file=-), ours does not.
	 */
	child = spawn_stopped(reuse_tfd, &tfd[1]);
	TAP_REQUIRE(child > 0, "fork");
	TAP_REQUIRE(!fm_snapshot(&s, 0), "read " FM_PATH);
	w = watch_of(&s, child, epfd, tfd[1]);
	tap_ok(watches_ok(&s, child, epfd) == 4 && w && fm_is(w, "file", "-") &&
	       fm_is(watch_of(&s, getpid(), epfd, tfd[1]), "file",
		     fm_get(fm_fd(&s, getpid(), 0, tfd[1]), "file")),
	       "one shared epoll, two tables: each process's watch line "
	       "resolves tfd in its own table (kcmp agrees)");
	fm_free(&s);
	reap(child);

	/* Nested epoll: an epoll fd watched by another. */
	n = epoll_create1(0);
	TAP_REQUIRE(n >= 0 && !add(n, epfd, EPOLLIN), "nested epoll");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	w = watch_of(&s, getpid(), n, epfd);
	tap_ok(w && watches_ok(&s, getpid(), n) == 1 &&
	       fm_is(w, "file", fm_get(fm_fd(&s, getpid(), 0, epfd), "file")),
	       "an epoll fd watched by another epoll fd");
	tap_ok(fm_valid(&s), "the listing passes the strict checker");
	fm_free(&s);
	close(n);

	big_list();
	tap_exit();
}
