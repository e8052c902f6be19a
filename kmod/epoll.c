// SPDX-License-Identifier: GPL-2.0
/*
 * An epoll instance's interest list, walked in the kernel's own order with
 * a cursor instead of a copy.
 *
 * The list is an rbtree (eventpoll.rbr) of epitems keyed by the watched
 * (struct file *, fd) pair, compared as ep_cmp_ffd() does, and guarded by
 * eventpoll.mtx: fs/eventpoll.c in 6.1 and 6.12 alike. Both structures are
 * private to that file, so their layout comes from the kernel's own BTF
 * (btf.c), each member checked for its type. A watch is found by going
 * down the tree to the first key at or after the cursor's, under the
 * mutex, as ep_show_fdinfo() walks it under the same mutex: a reader holds
 * one watch at a time whatever the size of the list, each step costs
 * O(log n), and a watch added or removed while the list is read moves no
 * other watch past the cursor.
 *
 * Under the mutex an epitem's file is alive: a file's last fput() removes
 * its epitems (eventpoll_release_file()) under that mutex before the file
 * is freed. So the watched open file is known exactly (file=), and its
 * inode is read there, as ep_show_fdinfo() reads it.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/string.h>
#include <uapi/linux/eventpoll.h>

#include "btf.h"
#include "fdmodel.h"

/* Byte offsets in struct eventpoll (ep_) and struct epitem (epi_). */
static struct {
	long ep_mtx, ep_rbr, epi_rbn, epi_file, epi_fd, epi_events;
	bool known;
} fdm_ep;

void fdm_epoll_init(void)
{
	long ffd, event, file, fd, events;
	struct fdm_btf b;
	int err;

	err = fdm_btf_open(&b);
	if (err) {
		pr_info("fdmodel: no vmlinux BTF (%d): epoll watches are not listed\n",
			err);
		return;
	}
	fdm_ep.ep_mtx = fdm_btf_offset(&b, "eventpoll", "mtx", "struct mutex",
				       sizeof(struct mutex));
	fdm_ep.ep_rbr = fdm_btf_offset(&b, "eventpoll", "rbr",
				       "struct rb_root_cached",
				       sizeof(struct rb_root_cached));
	fdm_ep.epi_rbn = fdm_btf_offset(&b, "epitem", "rbn", "struct rb_node",
					sizeof(struct rb_node));
	/* __packed: 12 bytes on 64-bit; its two members are checked below. */
	ffd = fdm_btf_offset(&b, "epitem", "ffd", "struct epoll_filefd", 0);
	event = fdm_btf_offset(&b, "epitem", "event", "struct epoll_event",
			       sizeof(struct epoll_event));
	file = fdm_btf_offset(&b, "epoll_filefd", "file", "struct file *", 0);
	fd = fdm_btf_offset(&b, "epoll_filefd", "fd", "int", sizeof(int));
	events = fdm_btf_offset(&b, "epoll_event", "events", "unsigned int",
				sizeof(u32));
	fdm_btf_close(&b);

	if (fdm_ep.ep_mtx < 0 || fdm_ep.ep_rbr < 0 || fdm_ep.epi_rbn < 0 ||
	    ffd < 0 || event < 0 || file < 0 || fd < 0 || events < 0) {
		pr_info("fdmodel: struct eventpoll or epitem not as expected in BTF: epoll watches are not listed\n");
		return;
	}
	fdm_ep.epi_file = ffd + file;
	fdm_ep.epi_fd = ffd + fd;
	fdm_ep.epi_events = event + events;
	fdm_ep.known = true;
}

/* struct epoll_filefd is __packed: read its members as bytes. */
static unsigned long fdm_epi_file(const void *epi)
{
	struct file *file;

	memcpy(&file, epi + fdm_ep.epi_file, sizeof(file));
	return (unsigned long)file;
}

static int fdm_epi_fd(const void *epi)
{
	int fd;

	memcpy(&fd, epi + fdm_ep.epi_fd, sizeof(fd));
	return fd;
}

bool fdm_epoll_watch(struct file *ep_file, unsigned long from_file,
		     int from_fd, struct fdm_watch *w)
{
	void *ep = ep_file->private_data;
	struct rb_root_cached *root;
	struct rb_node *node, *found = NULL;
	const void *epi = NULL;
	struct mutex *mtx;

	if (!fdm_ep.known || !ep)
		return false;
	mtx = ep + fdm_ep.ep_mtx;
	root = ep + fdm_ep.ep_rbr;

	mutex_lock(mtx);
	for (node = root->rb_root.rb_node; node;) {
		const void *e = (const void *)node - fdm_ep.epi_rbn;
		unsigned long f = fdm_epi_file(e);

		if (f > from_file || (f == from_file && fdm_epi_fd(e) >= from_fd)) {
			found = node;
			epi = e;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	if (found) {
		struct file *file = (struct file *)fdm_epi_file(epi);
		struct inode *inode = file_inode(file);

		w->key = (unsigned long)file;
		w->tfd = fdm_epi_fd(epi);
		memcpy(&w->events, epi + fdm_ep.epi_events, sizeof(w->events));
		w->file_id = fdm_id(file);
		w->ino = inode->i_ino;
		w->sdev = inode->i_sb->s_dev;
	}
	mutex_unlock(mtx);
	return found;
}
