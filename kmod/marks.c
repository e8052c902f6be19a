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
 * under. The text goes through the reader's scratch buffer, as an epoll
 * interest list does (walk.c), so a group with more marks than fit is
 * cut short and says so.
 */
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "fdmodel.h"
#include "line.h"

/* The group class of @file, from the name the kernel gave it. */
enum fdm_list fdm_list_of(const struct file *file)
{
	if (fdm_is_anon(file, "[eventpoll]"))
		return FDM_LIST_EPOLL;
	if (fdm_is_anon(file, "inotify"))
		return FDM_LIST_INOTIFY;
	if (fdm_is_anon(file, "[fanotify]"))
		return FDM_LIST_FANOTIFY;
	return FDM_LIST_NONE;
}

/*
 * Parse mark @idx of an inotify (@list) or fanotify group's text:
 *   inotify wd:%x ino:%lx sdev:%x mask:%x ignored_mask:0 [fhandle...]
 *   fanotify ino:%lx sdev:%x mflags:%x mask:%x ignored_mask:%x [fhandle...]
 *   fanotify mnt_id:%x mflags:%x mask:%x ignored_mask:%x
 *   fanotify sdev:%x mflags:%x mask:%x ignored_mask:%x
 * The fanotify header line ("fanotify flags:") is no mark.
 */
bool fdm_scratch_mark(struct fdm_scratch *s, unsigned int idx,
		      enum fdm_list list, struct fdm_mark *mk)
{
	static const char *const inotify[] = { "inotify wd:", NULL };
	static const char *const fanotify[] = {
		"fanotify ino:", "fanotify mnt_id:", "fanotify sdev:", NULL,
	};
	const char *line;

	line = fdm_scratch_entry(s, idx, list == FDM_LIST_INOTIFY ? inotify :
							 fanotify);
	if (!line)
		return false;
	memset(mk, 0, sizeof(*mk));
	if (list == FDM_LIST_INOTIFY) {
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

int fdm_show_mark(struct seq_file *m, struct fdm_iter *it)
{
	const struct fdm_mark *mk = &it->mk;
	bool inotify = it->list == FDM_LIST_INOTIFY;
	struct fdm_line l;

	if (it->list_cut)
		return fdm_show_cut(m, "mark", it->tgid, "fd", it->fd,
				    it->watch);
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
