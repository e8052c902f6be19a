// SPDX-License-Identifier: GPL-2.0
/*
 * Close-on-exec belongs to the fd slot, not to the open file description:
 * two dups of one file can differ in cloexec=, never in file= or flags=.
 * The oracles are fcntl(F_GETFD/F_GETFL), fdinfo (whose flags: has the
 * slot's O_CLOEXEC ORed in) and, after an exec, /proc/PID/fd.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

/* cloexec= and flags= of our fd @fd agree with fcntl on that fd? */
static bool slot_ok(const struct fm_snap *s, int fd)
{
	const struct fm_line *l = fm_fd(s, getpid(), 0, fd);
	long long flags = -1;

	if (!l)
		return false;
	fm_num(l, "flags", 8, &flags);
	if (fm_numd(l, "cloexec") != !!(fcntl(fd, F_GETFD) & FD_CLOEXEC) ||
	    flags != fcntl(fd, F_GETFL)) {
		tap_diag("fd %d: \"%s\"; F_GETFD %d F_GETFL 0%o", fd, l->text,
			 fcntl(fd, F_GETFD), fcntl(fd, F_GETFL));
		return false;
	}
	return check_fds(s, getpid(), 0, &fd, 1);
}

int main(void)
{
	const struct fm_line *l1, *l2;
	int plain, marked, opened, dupfd, fds[4];
	struct fdinfo f1, f2;
	struct fm_snap s;
	pid_t child;

	tap_plan(11);
	plain = open("/etc/hostname", O_RDONLY);
	if (plain < 0)
		plain = open("/proc/version", O_RDONLY);
	TAP_REQUIRE(plain >= 0, "open a file");
	marked = dup(plain);
	TAP_REQUIRE(marked >= 0 && !fcntl(marked, F_SETFD, FD_CLOEXEC),
		    "dup + FD_CLOEXEC");
	opened = open("/dev/null", O_RDONLY | O_CLOEXEC);
	dupfd = fcntl(plain, F_DUPFD_CLOEXEC, 0);
	TAP_REQUIRE(opened >= 0 && dupfd >= 0, "O_CLOEXEC fds");

	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	l1 = fm_fd(&s, getpid(), 0, plain);
	l2 = fm_fd(&s, getpid(), 0, marked);
	tap_ok(l1 && l2 && fm_is(l1, "cloexec", "0") && fm_is(l2, "cloexec", "1"),
	       "FD_CLOEXEC on one of two dups: cloexec=0 and cloexec=1");
	tap_ok(l1 && l2 && fm_is(l1, "file", fm_get(l2, "file")) &&
	       kcmp_file(getpid(), plain, getpid(), marked) == 0,
	       "... with one file= id (kcmp: one open file description)");
	tap_ok(l1 && l2 && fm_is(l1, "flags", fm_get(l2, "flags")),
	       "... and one flags=: the slot bit is not in f_flags");
	TAP_REQUIRE(!fdinfo_read(getpid(), 0, plain, &f1) &&
		    !fdinfo_read(getpid(), 0, marked, &f2), "fdinfo");
	tap_ok(l1 && l2 && (f1.flags ^ f2.flags) == O_CLOEXEC &&
	       strtoll(fm_get(l1, "flags"), NULL, 8) == (f1.flags & ~O_CLOEXEC),
	       "fdinfo's flags differ by exactly O_CLOEXEC (0%o, 0%o); flags=%s "
	       "is fdinfo's without it", f1.flags, f2.flags,
	       l1 ? fm_get(l1, "flags") : "-");
	fdinfo_free(&f1);
	fdinfo_free(&f2);
	tap_ok(slot_ok(&s, plain) && slot_ok(&s, marked),
	       "both lines agree with F_GETFD, F_GETFL, stat, fdinfo, readlink");
	tap_ok(slot_ok(&s, opened) && slot_ok(&s, dupfd),
	       "open(O_CLOEXEC) and F_DUPFD_CLOEXEC give cloexec=1 lines that "
	       "agree with fcntl");
	fm_free(&s);

	TAP_REQUIRE(!fcntl(opened, F_SETFD, 0), "clear FD_CLOEXEC");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(slot_ok(&s, opened) &&
	       fm_is(fm_fd(&s, getpid(), 0, opened), "cloexec", "0"),
	       "clearing FD_CLOEXEC: cloexec=0");
	fm_free(&s);
	TAP_REQUIRE(!fcntl(opened, F_SETFD, FD_CLOEXEC), "set FD_CLOEXEC");

	/* Across exec: the child keeps plain, loses the three marked fds. */
	fflush(NULL);
	child = fork();
	TAP_REQUIRE(child >= 0, "fork");
	if (child == 0) {
		die_with_parent();
		execlp("sleep", "sleep", "1000", (char *)NULL);
		_exit(127);
	}
	TAP_REQUIRE(wait_comm(child, "sleep") &&
		    wait_in_syscall(child, SYS_clock_nanosleep),
		    "the child to exec sleep and settle in clock_nanosleep");
	TAP_REQUIRE(!fm_snapshot(&s, child), "read " FM_PATH " for the child");
	fds[0] = plain;
	tap_ok(fm_fd(&s, child, 0, plain) && !fm_fd(&s, child, 0, marked) &&
	       !fm_fd(&s, child, 0, opened) && !fm_fd(&s, child, 0, dupfd),
	       "after exec the child has a line for the plain fd only");
	tap_ok(fm_count(&s, FM_FD, child) == (size_t)proc_fd_count(child, 0) &&
	       fm_numd(fm_task(&s, child, 0), "fds") == proc_fd_count(child, 0),
	       "the child's fd lines and fds= equal /proc/PID/fd (%d)",
	       proc_fd_count(child, 0));
	tap_ok(kcmp_file(getpid(), plain, child, plain) == 0 &&
	       check_fds(&s, child, 0, fds, 1),
	       "the kept fd is still the parent's open file description");
	fm_free(&s);
	TAP_REQUIRE(!fm_snapshot(&s, 0), "read " FM_PATH);
	tap_ok(fm_is(fm_fd(&s, child, 0, plain), "file",
		     fm_get(fm_fd(&s, getpid(), 0, plain), "file")),
	       "the whole-system listing gives parent and child one file= id");
	fm_free(&s);
	reap(child);
	tap_exit();
}
