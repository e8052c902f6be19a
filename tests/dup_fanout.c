// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 000, the dup fan-out: one open file description behind nine fds.
 * The seed's sample output claims the first mirror reads 15 bytes; the
 * kernel says otherwise (the write left the shared offset at 16, so every
 * mirror is at EOF), and the test asserts what the kernel does.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

#define MIRRORS 8
#define NFD (MIRRORS + 1)

static int fds[NFD];	/* fds[0] is the base fd, then its mirrors */

static bool all_same(const struct fm_snap *s, const char *key,
		     const char *want)
{
	const struct fm_line *l;
	bool ok = true;
	int i;

	for (i = 0; i < NFD; i++) {
		l = fm_fd(s, getpid(), 0, fds[i]);
		if (!l || !fm_is(l, key, want)) {
			tap_diag("fd %d: %s=%s, want %s", fds[i], key,
				 l ? fm_get(l, key) : "(no line)", want);
			ok = false;
		}
	}
	return ok;
}

static bool fdinfo_pos_all(long long want)
{
	struct fdinfo fi;
	bool ok = true;
	int i;

	for (i = 0; i < NFD; i++) {
		if (fdinfo_read(getpid(), 0, fds[i], &fi)) {
			ok = false;
			continue;
		}
		if (fi.pos != want) {
			tap_diag("fdinfo of fd %d: pos %lld, want %lld",
				 fds[i], fi.pos, want);
			ok = false;
		}
		fdinfo_free(&fi);
	}
	return ok;
}

static void check_shared_state(const char *when, const char *pos)
{
	const struct fm_line *base;
	struct fm_snap s;
	char refs[16];

	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	base = fm_fd(&s, getpid(), 0, fds[0]);
	TAP_REQUIRE(base, "no fd line for the base fd %d", fds[0]);
	tap_ok(all_same(&s, "file", fm_get(base, "file")),
	       "%s: all %d fd lines carry the same file= id", when, NFD);
	tap_ok(all_same(&s, "pos", pos), "%s: pos=%s on all %d fd lines",
	       when, pos, NFD);
	tap_ok(fdinfo_pos_all(strtoll(pos, NULL, 10)),
	       "%s: fdinfo agrees: pos %s on all %d fds", when, pos, NFD);
	snprintf(refs, sizeof(refs), "%d", oracle_slots(getpid(), fds[0]));
	tap_ok(all_same(&s, "refs", refs) && !strcmp(refs, "9"),
	       "%s: refs=9 on all lines, as the kernel counts the slots (%s)",
	       when, refs);
	tap_ok(check_fds(&s, getpid(), 0, fds, NFD),
	       "%s: every fd line agrees with stat, fdinfo and readlink", when);
	fm_free(&s);
}

int main(void)
{
	char *dir = make_tmpdir(), path[128], buf[16];
	int i, j, other, same = 0;
	const struct fm_line *a, *b;
	struct fm_snap s;
	ssize_t rd;
	bool zero;

	tap_plan(17);
	TAP_REQUIRE(dir, "mkdtemp");
	snprintf(path, sizeof(path), "%s/fanout.txt", dir);
	fds[0] = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
	TAP_REQUIRE(fds[0] >= 0, "open %s", path);
	tap_ok(dprintf(fds[0], "HelloFromFanout!") == 16,
	       "wrote the 16 bytes of \"HelloFromFanout!\"");
	for (i = 1; i < NFD; i++) {
		fds[i] = dup(fds[0]);
		TAP_REQUIRE(fds[i] >= 0, "dup");
	}
	for (i = 0; i < NFD; i++)
		for (j = i + 1; j < NFD; j++)
			same += kcmp_file(getpid(), fds[i], getpid(), fds[j]) == 0;
	tap_ok(same == NFD * (NFD - 1) / 2,
	       "kcmp: all %d pairs of the 9 fds are one open file description",
	       same);
	check_shared_state("after the write", "16");

	/* The seed claims the first mirror reads 15 bytes: it reads 0. */
	zero = true;
	for (i = 1; i < NFD; i++) {
		rd = read(fds[i], buf, sizeof(buf) - 1);
		if (rd != 0) {
			tap_diag("mirror fd %d read %zd bytes", fds[i], rd);
			zero = false;
		}
	}
	tap_ok(zero, "every mirror reads 0 bytes: the shared offset is at EOF");
	tap_ok(lseek(fds[0], 0, SEEK_SET) == 0, "lseek(base, 0) returns 0");
	rd = read(fds[0], buf, sizeof(buf) - 1);
	tap_ok(rd == 15 && !memcmp(buf, "HelloFromFanout", 15),
	       "then the base fd reads 15 bytes \"HelloFromFanout\" (%zd)", rd);
	check_shared_state("after lseek and read", "15");

	/* A second open() of the same file is another description. */
	other = open(path, O_RDONLY);
	TAP_REQUIRE(other >= 0, "open %s again", path);
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	a = fm_fd(&s, getpid(), 0, fds[0]);
	b = fm_fd(&s, getpid(), 0, other);
	tap_ok(a && b && kcmp_file(getpid(), fds[0], getpid(), other) != 0 &&
	       strcmp(fm_get(a, "file"), fm_get(b, "file")) &&
	       fm_is(b, "refs", "1") && fm_is(a, "ino", fm_get(b, "ino")),
	       "a second open() is another file= (kcmp agrees), same ino, refs=1");
	fm_free(&s);

	for (i = 5; i < NFD; i++)
		close(fds[i]);
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	a = fm_fd(&s, getpid(), 0, fds[0]);
	tap_ok(a && fm_is(a, "refs", "5") && oracle_slots(getpid(), fds[0]) == 5,
	       "after closing 4 mirrors refs=5 (%s), as the kernel counts",
	       a ? fm_get(a, "refs") : "-");
	fm_free(&s);
	remove_tree(dir);
	tap_exit();
}
