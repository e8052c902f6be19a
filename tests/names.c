// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile names: paths and comms with spaces, tabs, newlines, backslashes,
 * control and non-ASCII bytes, and a file name that is itself a whole fd
 * line. No line may be forged or torn, and every escaped value must
 * unescape to exactly what readlink(2), /proc/PID/comm and
 * /proc/PID/map_files say.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

#define FORGED "x\nfd pid=1 table=0000000000000000 fd=0 cloexec=0 " \
	"file=0000000000000000 pos=0 flags=00 mode=r refs=1 ino=1 dev=0:1 " \
	"type=reg nlink=1 size=0 perm=0644 path=forged"

static const char *const names[] = {
	"with space", "with\ttab", "with\nnewline", "back\\slash",
	"all \t\n\\ four", "trailing space ", "\\040literal",
	"ctl\x01\x7f", "high\xff\xfe", "utf8-\xc3\xa9", FORGED,
	"dir with space/inner\tfile", "deleted file\n",
};

#define NNAMES ((int)(sizeof(names) / sizeof(names[0])))

#define DEEP 15
#define DEEP_NAME "deep\nfile"

static const char *dir;
static int deep_dir = -1;

static void hold_names(void *comm)
{
	char path[512];
	int i, fd;

	prctl(PR_SET_NAME, comm);
	for (i = 0; i < NNAMES; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		fd = open(path, O_RDWR);
		if (fd < 0)
			_exit(1);
		if (i == 2 && mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) ==
			      MAP_FAILED)
			_exit(1);
	}
	if (openat(deep_dir, DEEP_NAME, O_RDONLY) < 0)
		_exit(1);
	/* The last one is unlinked while open: its path says "(deleted)". */
	if (unlink(path))
		_exit(1);
}

static void set_comm(void *comm)
{
	prctl(PR_SET_NAME, comm);
}

/* The fd line whose path ends in " (deleted)". */
static const struct fm_line *deleted_line(const struct fm_snap *s)
{
	const char *p;
	size_t i;

	for (i = 0; i < s->nline; i++) {
		p = fm_get(&s->line[i], "path");
		if (s->line[i].kind == FM_FD && p &&
		    strlen(p) > 13 && !strcmp(p + strlen(p) - 13, "\\040(deleted)"))
			return &s->line[i];
	}
	return NULL;
}

/*
 * A path of about 3,900 bytes of blanks and backslashes: escaped, its fd
 * line is over 15,000 bytes, several seq_file pages. Returns an fd of
 * its directory, for openat().
 */

static int make_deep(void)
{
	char comp[251];
	int dfd, next, i;

	for (i = 0; i < 250; i++)
		comp[i] = " \t\n\\"[i % 4];
	comp[250] = '\0';
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	for (i = 0; i < DEEP && dfd >= 0; i++) {
		TAP_REQUIRE(!mkdirat(dfd, comp, 0755), "mkdir level %d", i);
		next = openat(dfd, comp, O_RDONLY | O_DIRECTORY);
		close(dfd);
		dfd = next;
	}
	TAP_REQUIRE(dfd >= 0, "the deep directory");
	close(openat(dfd, DEEP_NAME, O_CREAT | O_RDWR, 0644));
	return dfd;
}

static void make_files(void)
{
	char path[512];
	int i, fd;

	deep_dir = make_deep();
	snprintf(path, sizeof(path), "%s/dir with space", dir);
	TAP_REQUIRE(!mkdir(path, 0755), "mkdir");
	for (i = 0; i < NNAMES; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		fd = open(path, O_CREAT | O_RDWR, 0644);
		TAP_REQUIRE(fd >= 0 && !ftruncate(fd, 4096), "create \"%s\"",
			    path);
		close(fd);
	}
}

/* Every fd of @pid has a line that agrees with readlink, stat, fdinfo. */
static bool all_fds_ok(const struct fm_snap *s, pid_t pid)
{
	int fds[64], n = 0, fd;

	for (fd = 0; fd < 64 && n < 64; fd++) {
		struct stat st;

		if (!fd_stat(pid, 0, fd, &st))
			fds[n++] = fd;
	}
	return n > NNAMES && check_fds(s, pid, 0, fds, n);
}

static bool comm_ok(const struct fm_snap *s, pid_t pid)
{
	const struct fm_line *t = fm_task(s, pid, 0);
	char comm[64];

	if (!t || proc_comm(pid, 0, comm, sizeof(comm)) < 0 ||
	    !fm_path_is(t, "comm", comm)) {
		tap_diag("comm= of %d: %s", (int)pid, t ? t->text : "-");
		return false;
	}
	return true;
}

/* The holder's mapping of names[2], found in its maps by inode. */
static bool map_ok(const struct fm_snap *s, pid_t pid)
{
	char start[32], link[512], path[512];
	struct maps_ent *m;
	struct stat st;
	int n, i;
	size_t j;

	snprintf(path, sizeof(path), "%s/%s", dir, names[2]);
	n = maps_read(pid, &m);
	if (stat(path, &st) || n <= 0)
		return false;
	for (i = 0; i < n && m[i].ino != st.st_ino; i++)
		;
	if (i == n)
		return false;
	snprintf(start, sizeof(start), "0x%lx", m[i].start);
	snprintf(path, sizeof(path), "/proc/%d/map_files/%lx-%lx", (int)pid,
		 m[i].start, m[i].end);
	free(m);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return false;
	link[n] = '\0';
	for (j = 0; j < s->nline; j++)
		if (s->line[j].kind == FM_MAP && fm_is(&s->line[j], "start", start))
			return fm_path_is(&s->line[j], "path", link);
	return false;
}

/* The lines of @pid's block, in @a and in @b, are byte for byte equal. */
static bool same_block(const struct fm_snap *a, const struct fm_snap *b,
		       pid_t pid)
{
	long ta = fm_find_task(a, pid, 0), tb = fm_find_task(b, pid, 0);
	size_t ea, eb, i;

	if (ta < 0 || tb < 0)
		return false;
	ea = fm_block_end(a, ta);
	eb = fm_block_end(b, tb);
	if (ea - ta != eb - tb)
		return false;
	for (i = 0; i < ea - ta; i++)
		if (strcmp(a->line[ta + i].text, b->line[tb + i].text)) {
			tap_diag("differs: \"%s\" vs \"%s\"", a->line[ta + i].text,
				 b->line[tb + i].text);
			return false;
		}
	return true;
}

static size_t longest(const struct fm_snap *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nline; i++)
		if (strlen(s->line[i].text) > n)
			n = strlen(s->line[i].text);
	return n;
}

static bool byte_reads_same(pid_t pid, const struct fm_snap *ref)
{
	int fd = fm_open(pid);
	size_t len;
	char *data;
	bool same;

	if (fd < 0)
		return false;
	same = fm_slurp(fd, 1, &data, &len) >= 0 && len == ref->len &&
	       !memcmp(data, ref->data, len);
	free(data);
	close(fd);
	return same;
}

int main(void)
{
	struct fm_snap s, all;
	pid_t holder, other;
	bool forged = false;
	size_t i;

	tap_plan(12);
	dir = make_tmpdir();
	TAP_REQUIRE(dir, "mkdtemp");
	make_files();
	holder = spawn_stopped(hold_names, "a b\tc\nd\\e");
	other = spawn_stopped(set_comm, "\\134x y\t");
	TAP_REQUIRE(holder > 0 && other > 0, "spawn");

	TAP_REQUIRE(!fm_snapshot(&s, holder), "read " FM_PATH);
	tap_ok(fm_valid(&s), "every line of the filtered listing parses");
	tap_ok(fm_count(&s, FM_FD, holder) == (size_t)proc_fd_count(holder, 0) &&
	       fm_count(&s, FM_FD, 0) == fm_count(&s, FM_FD, holder),
	       "fd lines: exactly the %d of /proc/PID/fd, none forged",
	       proc_fd_count(holder, 0));
	tap_ok(all_fds_ok(&s, holder),
	       "every path= unescapes to readlink's answer; the rest agrees too");
	tap_ok(comm_ok(&s, holder),
	       "comm \"a b\\tc\\nd\\\\e\" unescapes to /proc/PID/comm");
	tap_ok(map_ok(&s, holder),
	       "the map line's path unescapes to readlink of map_files");
	/* A forged line would parse as a line of its own with path=forged. */
	for (i = 0; i < s.nline; i++)
		forged |= fm_is(&s.line[i], "path", "forged");
	tap_ok(!forged, "the file named like an fd line forged no line");
	TAP_REQUIRE(!fm_snapshot(&all, 0), "read " FM_PATH);
	tap_ok(fm_valid(&all), "every line of the whole listing parses");
	tap_ok(same_block(&s, &all, holder),
	       "the holder's block is the same in the filtered and whole listings");
	tap_ok(comm_ok(&all, other), "comm \"\\134x y\\t\" (a literal backslash "
	       "escape) unescapes to /proc/PID/comm");
	tap_ok(deleted_line(&s) && fm_is(deleted_line(&s), "nlink", "0"),
	       "the unlinked file: nlink=0 and path ends \"\\040(deleted)\"");
	tap_ok(longest(&s) > 15000 && byte_reads_same(holder, &s),
	       "a %zu-byte line (a 3,900-byte path) reads the same in 1-byte "
	       "reads", longest(&s));
	tap_ok(fm_count(&all, FM_TASK, holder) == 1 &&
	       fm_count(&all, FM_TASK, other) == 1,
	       "one task line each, whatever their comm");
	fm_free(&s);
	fm_free(&all);
	reap(holder);
	reap(other);
	remove_tree(dir);
	tap_exit();
}
