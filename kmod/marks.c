// SPDX-License-Identifier: GPL-2.0
/*
 * The marks of an inotify or fanotify group, one mark line each.
 *
 * A group's marks hang off struct fsnotify_group, and an inotify mark's
 * watch descriptor lives in struct inotify_inode_mark, private to
 * fs/notify/inotify/. The kernel's door to them is the group file's
 * show_fdinfo (fs/notify/fdinfo.c), the "inotify wd:" and "fanotify ino:"
 * lines of /proc/PID/fdinfo, printed under the group's mark_mutex, which
 * is held only while marks are added, changed or removed, never across
 * I/O: the same kind of lock as the epoll mutex the watch lines are read
 * under. The text goes through the reader's scratch buffer (at most
 * FDM_SCRATCH_MAX), so a group with more marks than fit is cut short and
 * says so.
 */
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "fdmodel.h"
#include "line.h"

/* The group class of @file, from the name the kernel gave it. */
enum fdm_notify fdm_notify_of(const struct file *file)
{
	if (fdm_is_anon(file, "inotify"))
		return FDM_NOTIFY_INOTIFY;
	if (fdm_is_anon(file, "[fanotify]"))
		return FDM_NOTIFY_FANOTIFY;
	return FDM_NOTIFY_NONE;
}

static bool fdm_has_prefix(const char *line, const char *const *prefixes)
{
	for (; *prefixes; prefixes++)
		if (!strncmp(line, *prefixes, strlen(*prefixes)))
			return true;
	return false;
}

/*
 * Entry @idx of the list in @s's text, the entries being the lines that
 * start with one of @prefixes (NULL-terminated); NULL past the last.
 * Entries are read in order, so remember where the next one starts
 * instead of scanning from the top each time.
 */
static const char *fdm_scratch_entry(struct fdm_marks *ms,
				     const struct fdm_scratch *s,
				     unsigned int idx,
				     const char *const *prefixes)
{
	const char *buf = s->seq.buf, *end = buf + s->seq.count;
	const char *line, *nl;

	if (idx < ms->next_idx) {
		ms->next_idx = 0;
		ms->next_off = 0;
	}
	for (line = buf + ms->next_off; line < end; line = nl + 1) {
		nl = memchr(line, '\n', end - line);
		if (!nl)
			break;
		if (!fdm_has_prefix(line, prefixes))
			continue;
		if (ms->next_idx == idx)
			return line;
		ms->next_idx++;
		ms->next_off = nl + 1 - buf;
	}
	return NULL;
}

/*
 * Parse mark @idx of an inotify or fanotify (@notify) group's text:
 *   inotify wd:%x ino:%lx sdev:%x mask:%x ignored_mask:0 [fhandle...]
 *   fanotify ino:%lx sdev:%x mflags:%x mask:%x ignored_mask:%x [fhandle...]
 *   fanotify mnt_id:%x mflags:%x mask:%x ignored_mask:%x
 *   fanotify sdev:%x mflags:%x mask:%x ignored_mask:%x
 * The fanotify header line ("fanotify flags:") is no mark.
 */
static bool fdm_scratch_mark(struct fdm_marks *ms,
			     const struct fdm_scratch *s, unsigned int idx,
			     enum fdm_notify notify, struct fdm_mark *mk)
{
	static const char *const inotify[] = { "inotify wd:", NULL };
	static const char *const fanotify[] = {
		"fanotify ino:", "fanotify mnt_id:", "fanotify sdev:", NULL,
	};
	const char *line;

	line = fdm_scratch_entry(ms, s, idx,
				 notify == FDM_NOTIFY_INOTIFY ? inotify : fanotify);
	if (!line)
		return false;
	memset(mk, 0, sizeof(*mk));
	if (notify == FDM_NOTIFY_INOTIFY) {
		mk->on = FDM_MARK_INODE;
		return sscanf(line, "inotify wd:%x ino:%lx sdev:%x mask:%x ignored_mask:%x",
			      &mk->wd, &mk->ino, &mk->sdev, &mk->mask,
			      &mk->ignored_mask) == 5;
	}
	if (sscanf(line, "fanotify ino:%lx sdev:%x mflags:%x mask:%x ignored_mask:%x",
		   &mk->ino, &mk->sdev, &mk->mflags, &mk->mask,
		   &mk->ignored_mask) == 5) {
		mk->on = FDM_MARK_INODE;
		return true;
	}
	if (sscanf(line, "fanotify mnt_id:%x mflags:%x mask:%x ignored_mask:%x",
		   &mk->mnt_id, &mk->mflags, &mk->mask,
		   &mk->ignored_mask) == 4) {
		mk->on = FDM_MARK_MOUNT;
		return true;
	}
	mk->on = FDM_MARK_FS;
	return sscanf(line, "fanotify sdev:%x mflags:%x mask:%x ignored_mask:%x",
		      &mk->sdev, &mk->mflags, &mk->mask,
		      &mk->ignored_mask) == 4;
}

/*
 * Mark ms->idx of @file's group into ms->mk, the text loaded into @s when
 * it is not @file's already; or, at index == count of a text that was cut,
 * the record that says so (ms->cut). False past the last.
 */
bool fdm_marks_pin(struct fdm_marks *ms, struct fdm_scratch *s,
		   struct file *file, enum fdm_notify notify)
{
	if (ms->owner != file) {
		if (fdm_scratch_load(s, file))
			return false;
		ms->owner = file;
		ms->next_idx = 0;
		ms->next_off = 0;
	}
	ms->cut = false;
	if (fdm_scratch_mark(ms, s, ms->idx, notify, &ms->mk))
		return true;
	ms->cut = s->truncated && ms->idx == ms->next_idx;
	return ms->cut;
}

int fdm_show_mark(struct seq_file *m, struct fdm_iter *it)
{
	const struct fdm_mark *mk = &it->marks.mk;
	bool inotify = it->notify == FDM_NOTIFY_INOTIFY;
	struct fdm_line l;

	if (it->marks.cut)
		return fdm_show_cut(m, "mark", it->tgid, "fd", it->fd,
				    it->marks.idx);
	fdm_line_start(&l);
	fdm_line_kv(&l, "mark pid=", it->tgid);
	fdm_line_kv(&l, " fd=", it->fd);
	fdm_line_key(&l, " class=");
	fdm_line_str(&l, inotify ? "inotify" : "fanotify");
	if (inotify)
		fdm_line_kv(&l, " wd=", mk->wd);
	switch (mk->on) {
	case FDM_MARK_INODE:
		fdm_line_key(&l, " on=inode");
		fdm_line_kv(&l, " ino=", mk->ino);
		fdm_line_kv(&l, " dev=", MAJOR(mk->sdev));
		fdm_line_kv(&l, ":", MINOR(mk->sdev));
		break;
	case FDM_MARK_MOUNT:
		fdm_line_key(&l, " on=mount");
		fdm_line_kv(&l, " mnt_id=", mk->mnt_id);
		break;
	case FDM_MARK_FS:
		fdm_line_key(&l, " on=fs");
		fdm_line_kv(&l, " dev=", MAJOR(mk->sdev));
		fdm_line_kv(&l, ":", MINOR(mk->sdev));
		break;
	}
	fdm_line_key(&l, " mask=");
	fdm_line_hex(&l, mk->mask);
	fdm_line_key(&l, " ignored_mask=");
	fdm_line_hex(&l, mk->ignored_mask);
	if (!inotify) {
		fdm_line_key(&l, " mflags=");
		fdm_line_hex(&l, mk->mflags);
	}
	fdm_line_key(&l, "\n");
	return fdm_line_flush(m, &l);
}
