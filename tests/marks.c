// SPDX-License-Identifier: GPL-2.0
/*
 * mark lines against what the test asked for (inotify_add_watch(),
 * fanotify_mark(): the masks, and stat() of the marked paths) and
 * against the kernel's "inotify wd:" and "fanotify ino:/mnt_id:/sdev:"
 * lines of /proc/self/fdinfo. And a group with more marks than the
 * module's scratch buffer holds: cut short, and saying so.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "oracle.h"
#include "proc.h"
#include "snapshot.h"
#include "tap.h"

/* About 60 bytes of fdinfo text each on tmpfs: past 1 MiB. */
#define MANY		24000
#define MAX_WATCHES	"/proc/sys/fs/inotify/max_user_watches"

/* The kernel's dev_t, as fdinfo prints sdev: major << 20 | minor. */
static unsigned int kdev(dev_t dev)
{
	return major(dev) << 20 | minor(dev);
}

/* The mark line of group @fd on inode @ino, or NULL. */
static const struct fm_line *mark_on(const struct fm_snap *s, int fd,
				     const char *on, unsigned long id)
{
	size_t i;

	for (i = 0; i < s->nline; i++) {
		const struct fm_line *l = &s->line[i];

		if (l->kind != FM_MARK || fm_numd(l, "fd") != fd ||
		    !fm_is(l, "on", on))
			continue;
		if (!strcmp(on, "mount") ? fm_numd(l, "mnt_id") == (long long)id :
		    !strcmp(on, "inode") ? fm_numd(l, "ino") == (long long)id :
		    true)
			return l;
	}
	return NULL;
}

static size_t marks_of(const struct fm_snap *s, int fd)
{
	size_t i, n = 0;

	for (i = 0; i < s->nline; i++)
		n += s->line[i].kind == FM_MARK && fm_numd(&s->line[i], "fd") == fd;
	return n;
}

/* The dev= field is @st_dev. */
static bool dev_ok(const struct fm_line *l, dev_t dev)
{
	return l && dev_is(fm_get(l, "dev"), major(dev), minor(dev));
}

static long long hex(const struct fm_line *l, const char *key)
{
	long long v = -1;

	return l && fm_num(l, key, 16, &v) ? v : -1;
}

/* fdinfo of @fd has the line starting @want. */
static bool in_fdinfo(int fd, const char *want)
{
	struct fdinfo fi;
	bool found;

	if (fdinfo_read(getpid(), 0, fd, &fi))
		return false;
	found = strstr(fi.text, want) != NULL;
	fdinfo_free(&fi);
	return found;
}

static bool write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	bool ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);

	if (fd >= 0)
		close(fd);
	return ok;
}

static void inotify_marks(const char *dir, const char *file)
{
	struct stat d, f;
	const struct fm_line *l;
	struct fm_snap s;
	char want[128];
	int in, wd_dir, wd_file;
	uint32_t dmask = IN_CREATE | IN_DELETE | IN_MOVED_TO;
	uint32_t fmask = IN_MODIFY | IN_CLOSE_WRITE | IN_ONESHOT;

	in = inotify_init1(IN_CLOEXEC);
	TAP_REQUIRE(in >= 0 && !stat(dir, &d) && !stat(file, &f), "inotify");
	wd_dir = inotify_add_watch(in, dir, dmask);
	wd_file = inotify_add_watch(in, file, fmask);
	TAP_REQUIRE(wd_dir > 0 && wd_file > 0, "inotify_add_watch");

	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(marks_of(&s, in) == 2, "inotify: two watches, two mark lines "
	       "(%zu)", marks_of(&s, in));
	l = mark_on(&s, in, "inode", d.st_ino);
	snprintf(want, sizeof(want), "inotify wd:%x ino:%lx sdev:%x mask:%x ",
		 wd_dir, (unsigned long)d.st_ino, kdev(d.st_dev), dmask);
	tap_ok(l && fm_is(l, "class", "inotify") &&
	       fm_numd(l, "wd") == wd_dir && dev_ok(l, d.st_dev) &&
	       hex(l, "mask") == dmask && in_fdinfo(in, want),
	       "inotify: the directory's watch, its wd, inode and mask, as "
	       "stat(), inotify_add_watch() and fdinfo have them");
	l = mark_on(&s, in, "inode", f.st_ino);
	snprintf(want, sizeof(want), "inotify wd:%x ino:%lx sdev:%x mask:%x ",
		 wd_file, (unsigned long)f.st_ino, kdev(f.st_dev), fmask);
	tap_ok(l && fm_numd(l, "wd") == wd_file && dev_ok(l, f.st_dev) &&
	       hex(l, "mask") == fmask && in_fdinfo(in, want),
	       "inotify: the file's watch, IN_ONESHOT in its mask");
	fm_free(&s);

	TAP_REQUIRE(!inotify_rm_watch(in, wd_dir), "inotify_rm_watch");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(marks_of(&s, in) == 1 && !mark_on(&s, in, "inode", d.st_ino),
	       "inotify: a removed watch has no line");
	fm_free(&s);
	close(in);
}

/* The mount id of @path, as statx() gives it. */
static unsigned int mount_id(const char *path)
{
	struct statx stx;

	TAP_REQUIRE(!statx(AT_FDCWD, path, 0, STATX_MNT_ID, &stx) &&
		    (stx.stx_mask & STATX_MNT_ID), "statx %s", path);
	return stx.stx_mnt_id;
}

static void fanotify_marks(const char *dir, const char *file)
{
	const struct fm_line *l;
	struct stat f, d;
	struct fm_snap s;
	char want[128];
	unsigned int mnt = mount_id(dir);
	int fan = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC, O_RDONLY), i;

	if (fan < 0 && errno == ENOSYS) {
		for (i = 0; i < 4; i++)
			tap_skip("fanotify: not built into this kernel");
		return;
	}
	TAP_REQUIRE(fan >= 0 && !stat(file, &f) && !stat(dir, &d),
		    "fanotify_init");
	TAP_REQUIRE(!fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN | FAN_CLOSE_WRITE,
				   AT_FDCWD, file) &&
		    !fanotify_mark(fan, FAN_MARK_ADD | FAN_MARK_MOUNT,
				   FAN_OPEN, AT_FDCWD, dir) &&
		    !fanotify_mark(fan, FAN_MARK_ADD | FAN_MARK_FILESYSTEM,
				   FAN_CLOSE_WRITE, AT_FDCWD, dir),
		    "fanotify_mark on an inode, a mount and a filesystem");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(marks_of(&s, fan) == 3, "fanotify: three marks, three lines "
	       "(%zu)", marks_of(&s, fan));
	l = mark_on(&s, fan, "inode", f.st_ino);
	snprintf(want, sizeof(want), "fanotify ino:%lx sdev:%x ",
		 (unsigned long)f.st_ino, kdev(f.st_dev));
	tap_ok(l && fm_is(l, "class", "fanotify") && dev_ok(l, f.st_dev) &&
	       hex(l, "mask") == (FAN_OPEN | FAN_CLOSE_WRITE) &&
	       in_fdinfo(fan, want),
	       "fanotify: the inode mark, its inode and mask");
	l = mark_on(&s, fan, "mount", mnt);
	snprintf(want, sizeof(want), "fanotify mnt_id:%x ", mnt);
	tap_ok(l && hex(l, "mask") == FAN_OPEN && in_fdinfo(fan, want),
	       "fanotify: the mount mark, by the mount id statx() gives");
	l = mark_on(&s, fan, "fs", 0);
	snprintf(want, sizeof(want), "fanotify sdev:%x ", kdev(d.st_dev));
	tap_ok(l && dev_ok(l, d.st_dev) && hex(l, "mask") == FAN_CLOSE_WRITE &&
	       in_fdinfo(fan, want),
	       "fanotify: the filesystem mark, by its device");
	fm_free(&s);
	close(fan);
}

/*
 * More watches than 1 MiB of fdinfo text holds: a prefix of them, in
 * order, then the comment that says how many were shown.
 */
static void many_marks(const char *dir)
{
	int in = inotify_init1(IN_CLOEXEC), i, listed = 0, order = 0;
	const char *cut = NULL;
	char old[32] = "";
	struct fm_snap s;
	char path[128];
	size_t j;

	TAP_REQUIRE(in >= 0, "inotify");
	TAP_REQUIRE(read_file(MAX_WATCHES, old, sizeof(old)) > 0 &&
		    write_text(MAX_WATCHES, "100000"), "raise " MAX_WATCHES);
	for (i = 0; i < MANY; i++) {
		int fd;

		snprintf(path, sizeof(path), "%s/m%d", dir, i);
		fd = open(path, O_CREAT | O_WRONLY, 0600);
		TAP_REQUIRE(fd >= 0 && !close(fd) &&
			    inotify_add_watch(in, path, IN_MODIFY) == i + 1,
			    "watch %d", i);
	}
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	for (j = 0; j < s.nline; j++) {
		const struct fm_line *l = &s.line[j];

		if (l->kind == FM_COMMENT && strstr(l->text, "# mark list truncated"))
			cut = l->text;
		if (l->kind != FM_MARK || fm_numd(l, "fd") != in)
			continue;
		/* The group lists its newest mark first. */
		order += fm_numd(l, "wd") == MANY - listed;
		listed++;
	}
	tap_ok(cut && listed > 1000 && listed < MANY && order == listed &&
	       strstr(cut, "shown=") && atoi(strstr(cut, "shown=") + 6) == listed,
	       "%d watches: %d listed, newest first, then \"%s\"", MANY, listed,
	       cut ? cut : "(no comment)");
	fm_free(&s);
	close(in);
	write_text(MAX_WATCHES, old);
}

int main(void)
{
	char *dir = make_tmpdir(), file[128];
	int fd;

	tap_plan(9);
	TAP_REQUIRE(dir, "scratch directory");
	snprintf(file, sizeof(file), "%s/watched", dir);
	fd = open(file, O_CREAT | O_WRONLY, 0600);
	TAP_REQUIRE(fd >= 0 && !close(fd), "create %s", file);
	inotify_marks(dir, file);
	fanotify_marks(dir, file);
	many_marks(dir);
	remove_tree(dir);
	tap_exit();
}
