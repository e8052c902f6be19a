// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 003: a memory mapping holds its own reference on the open file
 * description, so the file stays open with no fd at all. Map lines are
 * checked against /proc/PID/maps, and refs= against slots (counted by
 * kcmp over every fd table) plus the mappings maps shows for the file.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

static long page;

/* Map lines of @pid whose start lies in [lo, hi): all carry file @file? */
static int maps_in(const struct fm_snap *s, pid_t pid, unsigned long lo,
		   unsigned long hi, const char *file)
{
	size_t i;
	int n = 0;

	for (i = 0; i < s->nline; i++) {
		const struct fm_line *l = &s->line[i];
		long long start;

		if (l->kind != FM_MAP || fm_numd(l, "pid") != pid ||
		    !fm_num(l, "start", 16, &start) ||
		    (unsigned long)start < lo || (unsigned long)start >= hi)
			continue;
		if (file && !fm_is(l, "file", file))
			return -1;
		n++;
	}
	return n;
}

/* /proc/PID/maps entries in [lo, hi). */
static int maps_count(pid_t pid, unsigned long lo, unsigned long hi)
{
	struct maps_ent *m;
	int n = maps_read(pid, &m), i, c = 0;

	for (i = 0; i < n; i++)
		c += m[i].start >= lo && m[i].start < hi;
	free(m);
	return c;
}

/* The map line starting at @addr: does its path unescape to @raw? */
static bool map_path_is(const struct fm_snap *s, pid_t pid, void *addr,
			const char *raw)
{
	char start[32];
	size_t i;

	snprintf(start, sizeof(start), "0x%lx", (unsigned long)addr);
	for (i = 0; i < s->nline; i++)
		if (s->line[i].kind == FM_MAP &&
		    fm_numd(&s->line[i], "pid") == pid &&
		    fm_is(&s->line[i], "start", start))
			return fm_path_is(&s->line[i], "path", raw);
	return false;
}

static int create(const char *path, int pages)
{
	int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);

	TAP_REQUIRE(fd >= 0 && !ftruncate(fd, pages * page), "create %s",
		    path);
	return fd;
}

int main(void)
{
	char *dir = make_tmpdir(), path[128], path2[128], file[17] = "";
	unsigned long lo, hi;
	const struct fm_line *l;
	int a, b, c, slots, vmas;
	struct fm_snap s;
	char *map, *priv;
	pid_t me = getpid(), child;

	tap_plan(14);
	page = sysconf(_SC_PAGESIZE);
	TAP_REQUIRE(dir, "mkdtemp");
	snprintf(path, sizeof(path), "%s/shared map.bin", dir);
	a = create(path, 3);
	b = dup(a);
	map = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_SHARED, a, 0);
	TAP_REQUIRE(map != MAP_FAILED, "mmap");
	lo = (unsigned long)map;
	hi = lo + 3 * page;
	close(a);

	TAP_REQUIRE(!fm_snapshot(&s, me), "read " FM_PATH);
	l = fm_fd(&s, me, 0, b);
	TAP_REQUIRE(l, "fd line of the dup");
	snprintf(file, sizeof(file), "%s", fm_get(l, "file"));
	tap_ok(maps_in(&s, me, lo, hi, file) == 1,
	       "mmap, then close the fd: a map line with the file's id remains");
	tap_ok(map_path_is(&s, me, map, path) && maps_match(&s, me, me),
	       "map lines equal /proc/self/maps (range, prot, off, ino, dev), "
	       "path unescaped is the file's");
	slots = oracle_slots(me, b);
	vmas = maps_count(me, lo, hi);
	tap_ok(fm_numd(l, "refs") == slots + vmas && slots == 1 && vmas == 1,
	       "refs=%lld is slots (%d, by kcmp) plus mappings (%d, by maps)",
	       fm_numd(l, "refs"), slots, vmas);
	fm_free(&s);

	/* Splitting the VMA in three gives the file three mapping refs. */
	TAP_REQUIRE(!mprotect(map + page, page, PROT_READ), "mprotect");
	TAP_REQUIRE(!fm_snapshot(&s, me), "read " FM_PATH);
	l = fm_fd(&s, me, 0, b);
	vmas = maps_count(me, lo, hi);
	tap_ok(maps_in(&s, me, lo, hi, file) == 3 && vmas == 3 &&
	       maps_match(&s, me, me),
	       "mprotect of the middle page: 3 map lines, as maps shows "
	       "(rw-s, r--s, rw-s; off 0, 4096, 8192)");
	tap_ok(l && fm_numd(l, "refs") == oracle_slots(me, b) + vmas &&
	       fm_numd(l, "refs") == 4,
	       "refs=%lld: 1 slot + 3 mappings", l ? fm_numd(l, "refs") : -1);
	fm_free(&s);

	/* A forked child copies the slot and the three mappings. */
	child = spawn_stopped(NULL, NULL);
	TAP_REQUIRE(child > 0, "fork");
	TAP_REQUIRE(!fm_snapshot(&s, 0), "read " FM_PATH);
	l = fm_fd(&s, child, 0, b);
	slots = oracle_slots(me, b);
	vmas = maps_count(me, lo, hi) + maps_count(child, lo, hi);
	tap_ok(l && fm_is(l, "file", file) && slots == 2 && vmas == 6 &&
	       fm_numd(l, "refs") == slots + vmas &&
	       fm_numd(fm_fd(&s, me, 0, b), "refs") == slots + vmas,
	       "after fork: refs=%lld = 2 slots + 6 mappings in two processes",
	       l ? fm_numd(l, "refs") : -1);
	tap_ok(maps_in(&s, child, lo, hi, file) == 3 &&
	       maps_match(&s, child, child),
	       "the child's map lines carry the same file= and match its maps");
	fm_free(&s);
	reap(child);

	/* No fd at all: only the mappings keep the description alive. */
	close(b);
	TAP_REQUIRE(!fm_snapshot(&s, me), "read " FM_PATH);
	tap_ok(maps_in(&s, me, lo, hi, file) == 3,
	       "last fd closed: the 3 map lines remain with the same file= id");
	tap_ok(fm_count(&s, FM_FD, me) == (size_t)proc_fd_count(me, 0) &&
	       maps_match(&s, me, me), "and no fd line names it; maps still match");
	fm_free(&s);
	TAP_REQUIRE(map[0] == 0 && (map[0] = 'x'), "touch the mapping");

	/* A private mapping at an offset. */
	snprintf(path2, sizeof(path2), "%s/private\\map", dir);
	c = create(path2, 4);
	priv = mmap(NULL, 2 * page, PROT_READ, MAP_PRIVATE, c, 2 * page);
	TAP_REQUIRE(priv != MAP_FAILED, "mmap private");
	close(c);
	TAP_REQUIRE(!fm_snapshot(&s, me), "read " FM_PATH);
	tap_ok(maps_in(&s, me, (unsigned long)priv,
		       (unsigned long)priv + 2 * page, NULL) == 1 &&
	       maps_match(&s, me, me) && map_path_is(&s, me, priv, path2),
	       "a private read-only mapping at offset 8192: r--p off=8192, "
	       "path with a backslash");
	fm_free(&s);

	TAP_REQUIRE(!munmap(map, 3 * page) && !munmap(priv, 2 * page),
		    "munmap");
	TAP_REQUIRE(!fm_snapshot(&s, me), "read " FM_PATH);
	tap_ok(maps_in(&s, me, lo, hi, NULL) == 0 && maps_match(&s, me, me),
	       "after munmap the map lines are gone");
	fm_free(&s);

	/*
	 * Reopen and map again. The id may equal the old one: the old
	 * description is freed and a new one may reuse its address.
	 */
	a = open(path, O_RDONLY);
	map = mmap(NULL, page, PROT_READ, MAP_SHARED, a, 0);
	TAP_REQUIRE(a >= 0 && map != MAP_FAILED, "mmap again");
	TAP_REQUIRE(!fm_snapshot(&s, me), "read " FM_PATH);
	l = fm_fd(&s, me, 0, a);
	tap_ok(l && maps_in(&s, me, (unsigned long)map, (unsigned long)map + page,
		       fm_get(l, "file")) == 1,
	       "a new open and mmap: map line and fd line share one file= id");
	tap_ok(l && fm_numd(l, "refs") == 2 && check_fds(&s, me, 0, &a, 1),
	       "refs=2 (1 slot + 1 mapping), the fd line agrees with the oracles");
	tap_ok(fm_valid(&s),
	       "the listing passes the strict checker");
	fm_free(&s);
	remove_tree(dir);
	tap_exit();
}
