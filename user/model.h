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

struct m_task {
	const struct rec *r;
	int pid, tid, ppid;
	const char *comm;
	int table;		/* -1: an exiting task with no table */
	struct ilist slots;	/* its fd lines, in fd order */
	struct ilist maps;
};

/*
 * One fd line. Tasks sharing a table (CLONE_FILES) each list the same
 * slots; the lines of the table's first task are the canonical ones.
 */
struct m_slot {
	const struct rec *r;
	int task, fd, file, inode;
	bool cloexec, canon;
	struct ilist watches;	/* for an epoll fd */
};

struct m_table {
	const char *id;
	long refs;
	struct ilist tasks;
	struct ilist slots;	/* canonical slots */
};

struct m_file {
	const char *id;
	const struct rec *r;	/* an fd or map line describing it */
	int inode;
	struct ilist slots;	/* canonical slots holding it */
	struct ilist maps;
	int nprocs;		/* distinct processes holding it */
};

struct m_inode {
	const struct rec *r;	/* an fd line when there is one */
	const char *dev, *type;
	unsigned long long ino;
	struct ilist files;
};

struct m_watch {
	const struct rec *r;
	int task, slot, file, tfd;
};

struct m_map {
	const struct rec *r;
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
	int ntask, nslot, ntable, nfile, ninode, nwatch, nmap;
};

/* Build from the records of @s for which @keep is true (all if NULL). */
int model_build(struct model *m, const struct snap *s, const bool *keep);
void model_free(struct model *m);

/* Referenced from more than one fd slot or process (see fdmodel(1)). */
bool file_shared(const struct model *m, int file);
bool slot_shared(const struct model *m, int slot);

/* The inode of a unix socket's peer, or -1. */
int inode_peer(const struct model *m, int inode);

#endif /* FDMODEL_MODEL_H */
