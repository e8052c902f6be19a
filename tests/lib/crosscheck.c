// SPDX-License-Identifier: GPL-2.0
/*
 * One fd line against the kernel's per-slot interfaces:
 *   stat(/proc/PID/task/TID/fd/N)	ino dev type nlink size perm
 *   /proc/PID/task/TID/fdinfo/N		pos, flags (| O_CLOEXEC of the slot), mode
 *   readlink(/proc/PID/task/TID/fd/N)	path
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "crosscheck.h"
#include "oracle.h"
#include "tap.h"

const char *flags_mode(unsigned int flags)
{
	static const char *const acc[] = { "r", "w", "rw", "-" };

	if (flags & O_PATH)
		return "-";
	return acc[flags & O_ACCMODE];
}

static void __attribute__((format(printf, 3, 4)))
add_why(char *why, size_t sz, const char *fmt, ...)
{
	size_t n = strlen(why);
	va_list ap;

	va_start(ap, fmt);
	if (n < sz)
		vsnprintf(why + n, sz - n, fmt, ap);
	va_end(ap);
}

static int check_stat(const struct fm_line *l, const struct stat *st,
		      char *why, size_t sz)
{
	long long perm = -1, v;
	int bad = 0;

	if (fm_numd(l, "ino") != (long long)st->st_ino) {
		bad |= FDCHK_INO;
		add_why(why, sz, " ino %lld!=%llu", fm_numd(l, "ino"),
			(unsigned long long)st->st_ino);
	}
	if (!dev_is(fm_get(l, "dev"), major(st->st_dev), minor(st->st_dev))) {
		bad |= FDCHK_DEV;
		add_why(why, sz, " dev %s!=%u:%u", fm_get(l, "dev"),
			major(st->st_dev), minor(st->st_dev));
	}
	if (!fm_is(l, "type", mode_type(st->st_mode))) {
		bad |= FDCHK_TYPE;
		add_why(why, sz, " type %s!=%s", fm_get(l, "type"),
			mode_type(st->st_mode));
	}
	if (fm_numd(l, "nlink") != (long long)st->st_nlink) {
		bad |= FDCHK_NLINK;
		add_why(why, sz, " nlink %lld!=%lu", fm_numd(l, "nlink"),
			(unsigned long)st->st_nlink);
	}
	if (fm_numd(l, "size") != (long long)st->st_size) {
		bad |= FDCHK_SIZE;
		add_why(why, sz, " size %lld!=%lld", fm_numd(l, "size"),
			(long long)st->st_size);
	}
	if (fm_num(l, "perm", 8, &v))
		perm = v;
	if (perm != (long long)(st->st_mode & 07777)) {
		bad |= FDCHK_PERM;
		add_why(why, sz, " perm 0%llo!=0%o", perm,
			st->st_mode & 07777);
	}
	return bad;
}

static int check_fdinfo(const struct fm_line *l, const struct fdinfo *fi,
			char *why, size_t sz)
{
	long long flags = -1;
	unsigned int want;
	int bad = 0;

	if (fm_numd(l, "pos") != fi->pos &&
	    !(fi->pos < 0 && fm_get(l, "pos") &&
	      fm_get(l, "pos")[0] == '-')) {
		bad |= FDCHK_POS;
		add_why(why, sz, " pos %lld!=%lld", fm_numd(l, "pos"),
			fi->pos);
	}
	/* fdinfo ORs in the slot's close-on-exec bit; fdmodel must not. */
	fm_num(l, "flags", 8, &flags);
	want = (unsigned int)flags | (fm_numd(l, "cloexec") == 1 ? O_CLOEXEC : 0);
	if (flags < 0 || want != fi->flags) {
		bad |= FDCHK_FLAGS;
		add_why(why, sz, " flags|cloexec 0%o!=fdinfo 0%o", want,
			fi->flags);
	}
	if (!fm_is(l, "mode", flags_mode(fi->flags))) {
		bad |= FDCHK_MODE;
		add_why(why, sz, " mode %s!=%s", fm_get(l, "mode"),
			flags_mode(fi->flags));
	}
	return bad;
}

int check_fd_line(const struct fm_snap *s, const struct fm_line *l,
		  char *why, size_t whysz)
{
	pid_t pid = fm_numd(l, "pid"), tid = fm_line_tid(s, l);
	int fd = fm_numd(l, "fd"), bad = 0, err;
	char link[8192];
	struct fdinfo fi;
	struct stat st;

	why[0] = '\0';
	if (fd_stat(pid, tid, fd, &st) || fdinfo_read(pid, tid, fd, &fi))
		return FDCHK_GONE;
	err = fd_link(pid, tid, fd, link, sizeof(link));
	bad |= check_stat(l, &st, why, whysz);
	bad |= check_fdinfo(l, &fi, why, whysz);
	fdinfo_free(&fi);
	if (err < 0)
		return bad | FDCHK_GONE;
	if (!fm_path_is(l, "path", link)) {
		bad |= FDCHK_PATH;
		add_why(why, whysz, " path!=\"%.200s\"", link);
	}
	return bad;
}

bool check_fds(const struct fm_snap *s, pid_t pid, pid_t tid,
	       const int *fds, int n)
{
	const struct fm_line *l;
	bool ok = true;
	char why[1024];
	int i;

	for (i = 0; i < n; i++) {
		l = fm_fd(s, pid, tid, fds[i]);
		if (!l) {
			tap_diag("pid %d fd %d: no fd line", (int)pid, fds[i]);
			ok = false;
		} else if (check_fd_line(s, l, why, sizeof(why))) {
			tap_diag("pid %d fd %d:%s", (int)pid, fds[i], why);
			ok = false;
		}
	}
	return ok;
}

bool fm_valid(const struct fm_snap *s)
{
	char msg[1024];
	size_t bad = fm_validate(s, msg, sizeof(msg));

	if (bad)
		tap_diag("%zu bad lines; %s", bad, msg);
	return bad == 0;
}

/*
 * Every file-backed VMA in /proc/MAPS_PID/maps (a nonzero inode) has a map
 * line of @pid with the same range, prot, offset, inode and device, and
 * nothing else does: the two lists must be equal. @maps_pid is @pid, or
 * one of its threads when the group leader has exited (its own maps file
 * is then empty).
 */
bool maps_match(const struct fm_snap *s, pid_t pid, pid_t maps_pid)
{
	struct maps_ent *m;
	int n = maps_read(maps_pid, &m), i, want = 0;
	char start[32], end[32];
	bool ok = true;
	size_t j;

	for (i = 0; i < n; i++) {
		const struct fm_line *l = NULL;

		if (!m[i].ino)
			continue;
		want++;
		snprintf(start, sizeof(start), "0x%lx", m[i].start);
		snprintf(end, sizeof(end), "0x%lx", m[i].end);
		for (j = 0; j < s->nline && !l; j++)
			if (s->line[j].kind == FM_MAP &&
			    fm_numd(&s->line[j], "pid") == pid &&
			    fm_is(&s->line[j], "start", start))
				l = &s->line[j];
		if (!l || !fm_is(l, "end", end) || !fm_is(l, "prot", m[i].prot) ||
		    fm_numd(l, "off") != (long long)m[i].off ||
		    fm_numd(l, "ino") != (long long)m[i].ino ||
		    !dev_is(fm_get(l, "dev"), m[i].maj, m[i].min)) {
			tap_diag("maps: %lx-%lx %s %llx %x:%x %lu %s; line: %s",
				 m[i].start, m[i].end, m[i].prot, m[i].off,
				 m[i].maj, m[i].min, m[i].ino, m[i].path,
				 l ? l->text : "(none)");
			ok = false;
		}
	}
	free(m);
	if ((size_t)want != fm_count(s, FM_MAP, pid)) {
		tap_diag("maps has %d file-backed VMAs, %zu map lines", want,
			 fm_count(s, FM_MAP, pid));
		ok = false;
	}
	return ok;
}
