// SPDX-License-Identifier: GPL-2.0
/*
 * -p, -t and --shared. They decide on records, before the model of what
 * is shown is built, but --shared asks the model of the whole snapshot:
 * whether an open file is shared depends on slots the filter may hide.
 */
#include <stdlib.h>
#include <string.h>
#include "show.h"

static bool pid_wanted(const struct show_opts *o, const struct rec *task)
{
	long long pid = rec_num(task, "pid", 10, -1);
	int i;

	if (!o->npids)
		return true;
	for (i = 0; i < o->npids; i++)
		if (o->pids[i] == pid)
			return true;
	return false;
}

static bool type_wanted(const struct show_opts *o, const struct model *m,
			int inode)
{
	if (!o->type)
		return true;
	return inode >= 0 && !strcmp(m->inode[inode].type, o->type);
}

/*
 * Records are visited in snapshot order, and the model's slots, watches
 * and maps are numbered in that order too (all records are kept in @m):
 * the n-th fd record is slot n.
 */
static void decide(const struct snap *s, const struct show_opts *o,
		   const struct model *m, bool *keep)
{
	int slot = -1, map = -1, task = -1, epoll_kept = 0;
	bool task_has = false;
	size_t i;

	for (i = 0; i < s->nrec; i++) {
		const struct rec *r = &s->rec[i];

		switch (r->kind) {
		case REC_TASK:
			if (task >= 0 && !task_has && (o->type || o->shared))
				keep[task] = false;
			task = i;
			keep[i] = pid_wanted(o, r);
			task_has = false;
			break;
		case REC_FD:
			slot++;
			keep[i] = keep[r->task] &&
				  type_wanted(o, m, m->slot[slot].inode) &&
				  (!o->shared || slot_shared(m, slot));
			epoll_kept = keep[i];
			task_has |= keep[i];
			break;
		case REC_WATCH:
			keep[i] = keep[r->task] && epoll_kept;
			break;
		case REC_MAP: {
			const struct m_map *mapping = &m->map[++map];

			keep[i] = keep[r->task] &&
				  type_wanted(o, m, mapping->inode) &&
				  (!o->shared ||
				   file_shared(m, mapping->file) ||
				   (mapping->file >= 0 &&
				    m->file[mapping->file].slots.n));
			task_has |= keep[i];
			break;
		}
		}
	}
	if (task >= 0 && !task_has && (o->type || o->shared))
		keep[task] = false;
}

bool *show_filter(const struct snap *s, const struct show_opts *o)
{
	bool *keep = calloc(s->nrec + 1, sizeof(*keep));
	struct model all;

	if (!keep || model_build(&all, s, NULL)) {
		free(keep);
		return NULL;
	}
	decide(s, o, &all, keep);
	model_free(&all);
	return keep;
}
