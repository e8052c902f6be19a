// SPDX-License-Identifier: GPL-2.0
/*
 * A process with 100,000 open fds: fds= and the filtered listing must
 * count all of them, and reading it (filtered, and the whole system while
 * it exists) must not make the module's memory grow with the fd count.
 *
 * Memory is sampled from /proc/meminfo (Slab + VmallocUsed) at several
 * points in the middle of each read, against a baseline taken just before.
 * Those counters are system-wide, so the bound is loose: 4 MiB, where the
 * listing itself is about 15 MB. A module that built the listing (or one
 * process's block) in kernel memory would cross it several times over;
 * one that streams through a fixed seq_file buffer (64 KiB) stays far
 * below, whatever per-CPU slab refills happen meanwhile.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

#define NFD 100000
#define BOUND_KB (4 * 1024)

static long meminfo_kb(const char *key)
{
	char buf[8192], *p;
	size_t klen = strlen(key);

	if (read_file("/proc/meminfo", buf, sizeof(buf)) < 0)
		return -1;
	for (p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, klen) && p[klen] == ':')
			return strtol(p + klen + 1, NULL, 10);
	return -1;
}

static long kernel_kb(void)
{
	return meminfo_kb("Slab") + meminfo_kb("VmallocUsed");
}

static void fill(void *arg)
{
	int fd, i;

	(void)arg;
	if (raise_nofile(NFD + 16))
		_exit(1);
	fd = open("/dev/null", O_RDONLY);
	for (i = 0; i < NFD; i++)
		if (i != fd && dup2(fd, i) != i)
			_exit(1);
}

/*
 * Read all of /proc/fdmodel (filtered to @pid if nonzero) in 64 KiB reads,
 * sampling the kernel's memory every 2 MiB. Returns the largest growth
 * over the baseline, in KiB.
 */
static long read_sampled(pid_t pid, struct fm_snap *s, double *secs)
{
	size_t cap = 1 << 24, len = 0, next = 2 << 20;
	long base = kernel_kb(), worst = 0, now;
	struct timespec t0, t1;
	char *buf = malloc(cap);
	int fd = fm_open(pid);
	ssize_t n;

	TAP_REQUIRE(buf && fd >= 0, "open " FM_PATH);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (cap - len < (1 << 16) + 1) {
			cap *= 2;
			buf = realloc(buf, cap);
			TAP_REQUIRE(buf, "realloc");
		}
		n = read(fd, buf + len, 1 << 16);
		TAP_REQUIRE(n >= 0, "read " FM_PATH);
		if (n == 0)
			break;
		len += n;
		if (len >= next) {
			now = kernel_kb() - base;
			if (now > worst)
				worst = now;
			next += 2 << 20;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(fd);
	*secs = t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	fm_parse(s, buf, len);
	return worst;
}

static bool all_lines(const struct fm_snap *s, pid_t pid)
{
	const struct fm_line *first = fm_fd(s, pid, 0, 0);
	size_t i, n = 0;

	if (!first)
		return false;
	for (i = 0; i < s->nline; i++) {
		const struct fm_line *l = &s->line[i];

		if (l->kind != FM_FD || fm_numd(l, "pid") != pid)
			continue;
		if (fm_numd(l, "fd") != (long long)n ||
		    !fm_is(l, "file", fm_get(first, "file")) ||
		    fm_numd(l, "refs") != NFD) {
			tap_diag("line %zu: \"%s\"", i, l->text);
			return false;
		}
		n++;
	}
	return n == NFD;
}

int main(void)
{
	const struct fm_line *t;
	long grow_one, grow_all;
	double t_one, t_all;
	struct fm_snap s;
	pid_t pid;

	tap_plan(9);
	pid = spawn_stopped(fill, NULL);
	TAP_REQUIRE(pid > 0, "spawn a process with %d fds", NFD);
	TAP_REQUIRE(proc_fd_count(pid, 0) == NFD, "/proc/PID/fd has %d", NFD);
	TAP_REQUIRE(kcmp_file(pid, 0, pid, NFD - 1) == 0,
		    "kcmp: fd 0 and fd %d are one open file", NFD - 1);

	grow_one = read_sampled(pid, &s, &t_one);
	t = fm_task(&s, pid, 0);
	tap_ok(t && fm_numd(t, "fds") == NFD, "fds=%d (as /proc/PID/fd)", NFD);
	tap_ok(fm_count(&s, FM_FD, pid) == NFD,
	       "the filtered listing has %zu fd lines", fm_count(&s, FM_FD, pid));
	tap_ok(all_lines(&s, pid),
	       "fd 0..%d in order, one file= id, refs=%d on every line", NFD - 1,
	       NFD);
	tap_ok(fm_valid(&s), "the filtered listing passes the strict checker");
	tap_diag("filtered read: %zu bytes in %.2f s", s.len, t_one);
	tap_ok(grow_one < BOUND_KB,
	       "kernel memory during the filtered read grew %ld KiB (bound %d, "
	       "listing %zu KiB)", grow_one, BOUND_KB, s.len / 1024);
	fm_free(&s);

	grow_all = read_sampled(0, &s, &t_all);
	tap_diag("whole-system read: %zu bytes in %.2f s", s.len, t_all);
	tap_ok(fm_count(&s, FM_FD, pid) == NFD && fm_count(&s, FM_TASK, 0) > 2,
	       "the whole listing has the %d fd lines and the other processes",
	       NFD);
	tap_ok(all_lines(&s, pid), "... in order, with the same file= and refs=");
	tap_ok(fm_valid(&s), "the whole listing passes the strict checker");
	tap_ok(grow_all < BOUND_KB,
	       "kernel memory during the whole-system read grew %ld KiB "
	       "(bound %d)", grow_all, BOUND_KB);
	fm_free(&s);
	reap(pid);
	tap_exit();
}
