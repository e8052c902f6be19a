/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One read of /proc/fdmodel (docs/format.md) split into records of
 * key=value fields. The whole snapshot stays in one buffer; records and
 * fields point into it.
 */
#ifndef FDMODEL_SNAP_H
#define FDMODEL_SNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SNAP_PATH	"/proc/fdmodel"
#define SNAP_VERSION	"1"

enum rec_kind { REC_TASK, REC_FD, REC_WATCH, REC_MAP, REC_MARK, REC_LOCK };

struct kv {
	const char *key;
	const char *val;
};

struct rec {
	enum rec_kind kind;
	struct kv *kv;
	int nkv;
	int task;	/* index of this block's task record */
};

struct snap {
	char *text;
	size_t len;
	struct rec *rec;
	size_t nrec;
	struct kv *kv;
	size_t nkv;
};

/*
 * Read the snapshot from @path (SNAP_PATH when NULL), limited to the
 * processes in @pids when @npids > 0 (the module's per-open filter).
 * On failure prints one line saying what to do and returns -1.
 */
int snap_read(struct snap *s, const char *path, const pid_t *pids, int npids);
/*
 * The same from a snapshot in memory: @text, @len bytes malloc'ed with
 * room for one more, becomes the snapshot's (freed with it, or on
 * failure). @name stands for the file in messages.
 */
int snap_parse(struct snap *s, char *text, size_t len, const char *name);
void snap_free(struct snap *s);

#endif /* FDMODEL_SNAP_H */
