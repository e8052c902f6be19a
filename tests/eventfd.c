// SPDX-License-Identifier: GPL-2.0
/*
 * eventfd: eventfd_count= against the counter the kernel itself reports
 * (the "eventfd-count:" line of fdinfo, in hex) and against what reads
 * return.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

/* The counter as the module and as fdinfo show it, for (pid, fd). */
static bool counts(pid_t pid, int fd, long long *model, long long *kernel)
{
	const struct fm_line *l;
	struct fdinfo fi;
	struct fm_snap s;
	const char *v;
	bool ok;

	*model = *kernel = -1;
	TAP_REQUIRE(!fm_snapshot(&s, pid), "read " FM_PATH);
	l = fm_fd(&s, pid, 0, fd);
	if (l)
		*model = fm_numd(l, "eventfd_count");
	ok = l && fm_is(l, "type", "anon") && check_fds(&s, pid, 0, &fd, 1);
	fm_free(&s);
	if (fdinfo_read(pid, 0, fd, &fi))
		return false;
	v = fdinfo_get(&fi, "eventfd-count");
	if (v)
		*kernel = strtoll(v, NULL, 16);
	fdinfo_free(&fi);
	return ok;
}

static bool add(int fd, uint64_t v)
{
	return write(fd, &v, sizeof(v)) == sizeof(v);
}

int main(void)
{
	long long model, kernel;
	uint64_t v = 0;
	int fd, sem, max;
	struct fm_snap s;
	pid_t child;
	bool ok;

	tap_plan(7);
	fd = eventfd(0, EFD_NONBLOCK);
	TAP_REQUIRE(fd >= 0 && add(fd, 7) && add(fd, 35), "eventfd");
	ok = counts(getpid(), fd, &model, &kernel);
	tap_ok(ok && model == 42 && kernel == 42,
	       "after writing 7 and 35: eventfd_count=%lld (fdinfo %lld)",
	       model, kernel);
	TAP_REQUIRE(read(fd, &v, sizeof(v)) == sizeof(v) && v == 42,
		    "a read returns the 42 and resets the counter");
	ok = counts(getpid(), fd, &model, &kernel);
	tap_ok(ok && model == 0 && kernel == 0,
	       "after the read: eventfd_count=%lld (fdinfo %lld)", model,
	       kernel);
	TAP_REQUIRE(add(fd, (1ULL << 40) + 3), "write 2^40 + 3");
	ok = counts(getpid(), fd, &model, &kernel);
	tap_ok(ok && model == (1LL << 40) + 3 && kernel == model,
	       "a 41-bit counter is printed in full: %lld (fdinfo %lld)",
	       model, kernel);

	/* The largest count an eventfd holds: all 64 bits, unsigned. */
	max = eventfd(0, EFD_NONBLOCK);
	TAP_REQUIRE(max >= 0 && add(max, 0xfffffffffffffffeULL), "eventfd max");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(fm_is(fm_fd(&s, getpid(), 0, max), "eventfd_count",
		     "18446744073709551614"),
	       "the largest count, 2^64-2, prints unsigned: %s",
	       fm_get(fm_fd(&s, getpid(), 0, max), "eventfd_count"));
	fm_free(&s);

	sem = eventfd(5, EFD_SEMAPHORE | EFD_NONBLOCK);
	TAP_REQUIRE(sem >= 0 && read(sem, &v, sizeof(v)) == sizeof(v) &&
		    v == 1, "semaphore eventfd");
	ok = counts(getpid(), sem, &model, &kernel);
	tap_ok(ok && model == 4 && kernel == 4,
	       "a semaphore eventfd at 5 after one read: eventfd_count=%lld",
	       model);

	child = spawn_stopped(NULL, NULL);
	TAP_REQUIRE(child > 0, "fork");
	TAP_REQUIRE(add(fd, 1), "write 1");
	ok = counts(child, fd, &model, &kernel);
	tap_ok(ok && model == (1LL << 40) + 4 && kernel == model,
	       "the parent's write shows in the child's line of the shared "
	       "eventfd: %lld", model);
	ok = counts(child, sem, &model, &kernel);
	tap_ok(ok && model == 4 && kernel == 4,
	       "and the child's semaphore line agrees with its fdinfo");
	reap(child);
	tap_exit();
}
