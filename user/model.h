/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The three tables of the textbook figure, built from one snapshot: fd
 * tables (slots), open file descriptions, inodes, with the references
 * between them in both directions. Every view of `fdmodel show` reads
 * this, so they cannot disagree about what is shared.
 */
#ifndef FDMODEL_MODEL_H
#define FDMODEL_MODEL_H

#include <stdbool.h>
#include "snap.h"

/* A list of indices: members of one group (slots of a file, ...). */
struct ilist {
	int *v;
	int n;
};

/*
 * A number as the snapshot spelt it, for views to print what the module
 * printed (flags keep their leading 0, a malformed value stays as
 * written), and its value for code that reasons about it.
 */
struct m_num {
	const char *s;		/* NULL when the line lacks it */
	long long v;		/* -1 (0 for inode numbers) when missing or malformed */
};

/*
 * The fields of a line the model does not know, in line order: the
 * type-specific ones (pipe_bytes, sock_state, ...), which views print
 * but nothing reasons about, and fields later releases add. Duplicate
 * keys all carry the value of the first.
 */
struct m_extra {
	struct kv *kv;
	int n;
};

/*
 * A socket, as its fd line says (docs/format.md): what -i and the views
 * reason about. Strings as the snapshot wrote them, NULL when missing.
 */
struct m_sock {
	const char *family, *type, *proto, *state;
	const char *local, *remote;	/* ADDR:PORT, IPv6 as [ADDR]:PORT */
	const char *path;		/* unix: escaped, @ for abstract */
	struct m_num rxq, txq;
};

/* What an fd or map line says about its open file and inode. */
struct m_line {
	const char *file_id;	/* "-" when the module could not resolve it */
	struct m_num pos, flags, refs;	/* fd lines only */
	const char *mode, *dev, *type, *path;	/* escaped as in the snapshot */
	const char *anon;	/* an anonymous inode's class, when given */
	struct m_num ino, peer_ino;
	struct m_sock sock;
	struct m_extra extra;
};

/* Strings are as the snapshot wrote them, escaped, NULL when missing. */
struct m_task {
	struct m_num pid, tid, ppid, table_refs, fds;
	struct m_num uid, euid;	/* as seen from the reader's user namespace */
	const char *comm, *table_id;
	int table;		/* -1: an exiting task with no table */
	struct ilist slots;	/* its fd lines, in fd order */
	struct ilist maps;
};

/*
 * One fd line. Tasks sharing a table (CLONE_FILES) each list the same
 * slots; the lines of the table's first task are the canonical ones.
 */
struct m_slot {
	struct m_line line;
	int task, fd, file, inode;
	bool cloexec, canon;
	struct ilist watches;	/* for an epoll fd */
	struct ilist marks;	/* for an inotify or fanotify fd */
	struct ilist locks;	/* listed under it */
};

struct m_table {
	const char *id;
	long refs;
	struct ilist tasks;
	struct ilist slots;	/* canonical slots */
};

struct m_file {
	const char *id;
	const struct m_line *line;	/* an fd or map line describing it */
	bool by_fd;		/* @line is an fd line */
	int inode;
	struct ilist slots;	/* canonical slots holding it */
	struct ilist maps;
	int nprocs;		/* distinct processes holding it */
};

struct m_inode {
	const struct m_line *line;	/* an fd line when there is one */
	const char *dev, *type;
	unsigned long long ino;
	struct ilist files;
};

struct m_watch {
	struct m_num pid, epfd, tfd, events, ino;
	const char *file_id, *dev;
	int task, slot, file;
	int after;		/* the slot whose line it follows, or -1 */
};

/* A mark of an inotify or fanotify group (format.md, mark lines). */
struct m_mark {
	struct m_num pid, fd, wd, ino, mnt_id, mask, ignored_mask;
	const char *class, *on, *dev;
	int task;
	int after;		/* the slot whose line it follows, or -1 */
};

/* A file lock, listed under a slot whose open file it was taken through. */
struct m_lock {
	struct m_num pid, fd, start, ino;
	const char *file_id, *kind, *type, *end, *dev;
	int task, file;
	int after;		/* the slot whose line it follows, or -1 */
};

struct m_map {
	struct m_line line;
	struct m_num pid, start, end, off, backing;
	const char *prot;
	int task, file, inode;
};

struct model {
	struct m_task *task;
	struct m_slot *slot;
	struct m_table *table;
	struct m_file *file;
	struct m_inode *inode;
	struct m_watch *watch;
	struct m_map *map;
	struct m_mark *mark;
	struct m_lock *lock;
	int ntask, nslot, ntable, nfile, ninode, nwatch, nmap, nmark, nlock;
	struct kv *extra;	/* what the lines' m_extra point into */
};

/* Which lines to keep, by index, each array as long as its lines. */
struct m_keep {
	bool *task, *slot, *watch, *map;
};

int model_build(struct model *m, const struct snap *s);
/*
 * Keep only the lines @k says, and the tables, files, inodes they use;
 * mark and lock lines go with the fd line they follow.
 */
int model_keep(struct model *m, const struct m_keep *k);
void model_free(struct model *m);

/* The value of @key among @x, or NULL. */
const char *extra_get(const struct m_extra *x, const char *key);

/* Referenced from more than one fd slot or process (see fdmodel(1)). */
bool file_shared(const struct model *m, int file);
bool slot_shared(const struct model *m, int slot);

/*
 * Held by more than one open file. Anonymous inodes never are: files of
 * every class (eventfd, epoll, timerfd, ...) hang off one kernel inode,
 * and share nothing through it.
 */
bool inode_shared(const struct model *m, int inode);

/*
 * An anonymous inode's class, "eventfd" or "eventpoll": the line's anon=
 * when the module gives it, else what its path names (written into
 * @buf). NULL when @l is not on an anonymous inode.
 */
const char *line_anon(const struct m_line *l, char *buf, size_t sz);

/* The inode of a unix socket's peer, or -1. */
int inode_peer(const struct model *m, int inode);

#endif /* FDMODEL_MODEL_H */
