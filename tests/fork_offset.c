// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 002: after fork() parent and child hold the same open file
 * description in two different fd tables, so a read by the parent moves
 * the child's offset too.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

int main(void)
{
	const struct fm_line *pl, *cl, *pt, *ct;
	char *dir = make_tmpdir(), path[128], buf[8];
	pid_t me = getpid(), child;
	struct fdinfo fi;
	struct fm_snap s;
	int fd, fds[1];

	tap_plan(13);
	TAP_REQUIRE(dir, "mkdtemp");
	snprintf(path, sizeof(path), "%s/shared.txt", dir);
	fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	TAP_REQUIRE(fd >= 0 && write(fd, "HelloWorld", 10) == 10 &&
		    lseek(fd, 0, SEEK_SET) == 0, "create %s", path);
	fds[0] = fd;
	child = spawn_stopped(NULL, NULL);
	TAP_REQUIRE(child > 0, "fork");

	tap_ok(kcmp_file(me, fd, child, fd) == 0,
	       "kcmp: parent's and child's fd %d are one open file description",
	       fd);
	tap_ok(kcmp_files(me, child) != 0,
	       "kcmp: parent and child have different fd tables");
	TAP_REQUIRE(!fm_snapshot(&s, 0), "read " FM_PATH);
	pl = fm_fd(&s, me, 0, fd);
	cl = fm_fd(&s, child, 0, fd);
	pt = fm_task(&s, me, 0);
	ct = fm_task(&s, child, 0);
	TAP_REQUIRE(pl && cl && pt && ct, "task and fd lines of both");
	tap_ok(fm_is(cl, "file", fm_get(pl, "file")),
	       "the child's fd line has the parent's file= id");
	tap_ok(!fm_is(ct, "table", fm_get(pt, "table")) &&
	       fm_is(pl, "table", fm_get(pt, "table")) &&
	       fm_is(cl, "table", fm_get(ct, "table")),
	       "task lines show two tables; each fd line names its own");
	tap_ok(fm_is(pl, "refs", "2") && fm_is(cl, "refs", "2") &&
	       oracle_slots(me, fd) == 2,
	       "refs=2 on both lines: one slot in each table, as the kernel counts");
	tap_ok(fm_numd(ct, "ppid") == me, "the child's ppid= is the parent");
	fm_free(&s);

	tap_ok(read(fd, buf, 5) == 5 && !memcmp(buf, "Hello", 5),
	       "the parent reads 5 bytes");
	TAP_REQUIRE(!fdinfo_read(child, 0, fd, &fi), "child's fdinfo");
	tap_ok(fi.pos == 5, "fdinfo: the child's offset moved to 5 (%lld)",
	       fi.pos);
	fdinfo_free(&fi);
	TAP_REQUIRE(!fm_snapshot(&s, child), "read " FM_PATH " for the child");
	cl = fm_fd(&s, child, 0, fd);
	tap_ok(cl && fm_is(cl, "pos", "5"),
	       "the child's fd line (filtered read) says pos=5");
	tap_ok(fm_count(&s, FM_TASK, 0) == 1 &&
	       fm_count(&s, FM_TASK, child) == 1,
	       "the filtered read lists only the child");
	tap_ok(check_fds(&s, child, 0, fds, 1),
	       "the child's line agrees with stat, fdinfo and readlink");
	fm_free(&s);

	reap(child);
	TAP_REQUIRE(!fm_snapshot(&s, me), "read " FM_PATH);
	pl = fm_fd(&s, me, 0, fd);
	tap_ok(pl && fm_is(pl, "refs", "1") && fm_is(pl, "pos", "5"),
	       "after the child exits: refs=1, pos=5");
	tap_ok(check_fds(&s, me, 0, fds, 1),
	       "the parent's line agrees with stat, fdinfo and readlink");
	fm_free(&s);
	remove_tree(dir);
	tap_exit();
}
