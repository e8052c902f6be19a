// SPDX-License-Identifier: GPL-2.0
/*
 * Mappings of overlayfs files. The VMA of such a mapping holds a file that
 * overlayfs opened on the layer below (a backing file from 6.7, a file
 * opened with a fake path before), not the file the user mapped; the
 * kernel's /proc/PID/maps shows what the user mapped. The map line must
 * show the same path, inode and device, say backing=1, and name the
 * file the VMA holds, which is not the fd's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

static char lower[128], upper[128], work[128], merged[128];

static int mount_overlay(const char *dir)
{
	char opts[512];

	snprintf(lower, sizeof(lower), "%s/lower", dir);
	snprintf(upper, sizeof(upper), "%s/upper", dir);
	snprintf(work, sizeof(work), "%s/work", dir);
	snprintf(merged, sizeof(merged), "%s/merged", dir);
	if (mkdir(lower, 0755) || mkdir(upper, 0755) || mkdir(work, 0755) ||
	    mkdir(merged, 0755))
		return -errno;
	snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s,workdir=%s",
		 lower, upper, work);
	if (!mount("overlay", merged, "overlay", 0, opts))
		return 0;
	/* Debian builds overlayfs as a module. */
	if (system("modprobe overlay") != 0)
		return -ENODEV;
	return mount("overlay", merged, "overlay", 0, opts) ? -errno : 0;
}

static int make_file(const char *path)
{
	char buf[4096];
	int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);

	memset(buf, 'x', sizeof(buf));
	if (fd < 0 || write(fd, buf, sizeof(buf)) != sizeof(buf))
		return -1;
	return fd;
}

/* The map line of this process starting at @addr, or NULL. */
static const struct fm_line *map_at(const struct fm_snap *s, void *addr)
{
	char start[32];
	size_t i;

	snprintf(start, sizeof(start), "0x%lx", (unsigned long)addr);
	for (i = 0; i < s->nline; i++)
		if (s->line[i].kind == FM_MAP &&
		    fm_numd(&s->line[i], "pid") == getpid() &&
		    fm_is(&s->line[i], "start", start))
			return &s->line[i];
	return NULL;
}

int main(void)
{
	const struct fm_line *ml, *fl, *pl;
	char path[256], plain_path[256];
	void *map, *plain_map;
	int fd, plain, err;
	struct fm_snap s;
	char *dir;

	tap_plan(4);
	dir = make_tmpdir();
	TAP_REQUIRE(dir, "mkdtemp");
	err = mount_overlay(dir);
	errno = -err;
	TAP_REQUIRE(!err, "mount overlayfs on %s", merged);

	snprintf(path, sizeof(path), "%s/file", lower);
	fd = make_file(path);
	TAP_REQUIRE(fd >= 0, "a file in the lower layer");
	close(fd);
	snprintf(path, sizeof(path), "%s/file", merged);
	fd = open(path, O_RDONLY);
	map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	TAP_REQUIRE(fd >= 0 && map != MAP_FAILED, "map %s", path);
	snprintf(plain_path, sizeof(plain_path), "%s/plain", dir);
	plain = make_file(plain_path);
	plain_map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, plain, 0);
	TAP_REQUIRE(plain >= 0 && plain_map != MAP_FAILED, "map a plain file");

	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	ml = map_at(&s, map);
	fl = fm_fd(&s, getpid(), 0, fd);
	pl = map_at(&s, plain_map);
	tap_ok(ml && fm_path_is(ml, "path", path) && maps_match(&s, getpid(),
							     getpid()),
	       "the overlayfs map line has the mapped path, inode and device, "
	       "as /proc/PID/maps (%s)", ml ? ml->text : "no line");
	tap_ok(ml && fm_is(ml, "backing", "1") && pl &&
	       fm_is(pl, "backing", "0"),
	       "backing=1 on it, backing=0 on a plain file's mapping");
	tap_ok(ml && fl && !fm_is(ml, "file", fm_get(fl, "file")) &&
	       fm_path_is(fl, "path", path),
	       "its file= is the file the VMA holds, not the fd's (same path)");
	tap_ok(fl && check_fds(&s, getpid(), 0, &plain, 1),
	       "the plain file's fd line agrees with fstat and fdinfo");
	fm_free(&s);

	munmap(map, 4096);
	munmap(plain_map, 4096);
	close(fd);
	close(plain);
	umount(merged);
	remove_tree(dir);
	tap_exit();
}
