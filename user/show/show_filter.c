// SPDX-License-Identifier: GPL-2.0
/*
 * -p, -u, -t, -i, PATH and --shared. They decide on the model of the
 * whole snapshot, because whether an open file is shared depends on
 * slots the filter may hide; then the model keeps only what they chose.
 * Each kind is a list of alternatives (any of them will do); every kind
 * given must hold, as with lsof -a.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "show.h"

static bool pid_wanted(const struct show_opts *o, const struct m_task *t)
{
	int i;

	if (!o->npids)
		return true;
	for (i = 0; i < o->npids; i++)
		if (o->pids[i] == t->pid.v)
			return true;
	return false;
}

/* lsof -u: any uid given, and none of those given with ^. */
static bool user_wanted(const struct show_opts *o, const struct m_task *t)
{
	bool any = false, want = false;
	int i;

	for (i = 0; i < o->nusers; i++) {
		bool is = t->uid.s && t->uid.v == o->users[i].uid;

		if (o->users[i].not && is)
			return false;
		any |= !o->users[i].not;
		want |= !o->users[i].not && is;
	}
	return !any || want;
}

static bool inet_wanted(const struct show_opts *o, const struct m_line *l)
{
	int i;

	for (i = 0; i < o->ninet; i++)
		if (inet_match(&o->inet[i], &l->sock))
			return true;
	return !o->ninet;
}

static bool path_wanted(const struct show_opts *o, const struct m_line *l)
{
	unsigned int major, minor;
	char end;
	int i;

	if (!o->npaths)
		return true;
	if (!l->dev || sscanf(l->dev, "%u:%u%c", &major, &minor, &end) != 2)
		return false;
	for (i = 0; i < o->npaths; i++)
		if (o->paths[i].major == major && o->paths[i].minor == minor &&
		    o->paths[i].ino == (unsigned long long)l->ino.v)
			return true;
	return false;
}

/* -t, -i and PATH, which choose lines by their inode. */
static bool line_wanted(const struct show_opts *o, const struct model *m,
			const struct m_line *l, int inode)
{
	if (o->type && (inode < 0 || strcmp(m->inode[inode].type, o->type)))
		return false;
	return inet_wanted(o, l) && path_wanted(o, l);
}

static bool map_wanted(const struct show_opts *o, const struct model *m,
		       int map)
{
	const struct m_map *mapping = &m->map[map];

	return line_wanted(o, m, &mapping->line, mapping->inode) &&
	       (!o->shared || file_shared(m, mapping->file) ||
		(mapping->file >= 0 && m->file[mapping->file].slots.n));
}

/*
 * A task is kept for its pid and user, but under -t, -i, PATH and
 * --shared only when some of its slots or mappings are; a watch goes with
 * the fd line before it (model_keep() takes marks and locks along).
 */
static void decide(const struct show_opts *o, const struct model *m,
		   const struct m_keep *k)
{
	bool has;
	int i, j;

	for (i = 0; i < m->ntask; i++) {
		const struct m_task *t = &m->task[i];

		k->task[i] = pid_wanted(o, t) && user_wanted(o, t);
		has = false;
		for (j = 0; j < t->slots.n; j++) {
			int sl = t->slots.v[j];

			k->slot[sl] = k->task[i] &&
				      line_wanted(o, m, &m->slot[sl].line,
						  m->slot[sl].inode) &&
				      (!o->shared || slot_shared(m, sl));
			has |= k->slot[sl];
		}
		for (j = 0; j < t->maps.n; j++) {
			k->map[t->maps.v[j]] = k->task[i] &&
					       map_wanted(o, m, t->maps.v[j]);
			has |= k->map[t->maps.v[j]];
		}
		if (!has && (o->type || o->shared || o->ninet || o->npaths))
			k->task[i] = false;
	}
	for (i = 0; i < m->nwatch; i++) {
		const struct m_watch *w = &m->watch[i];

		/* after, not slot: --input can give watches out of place. */
		k->watch[i] = k->task[w->task] && w->after >= 0 &&
			      k->slot[w->after];
	}
}

int show_filter(struct model *m, const struct show_opts *o)
{
	struct m_keep k = {
		calloc(m->ntask + 1, sizeof(bool)),
		calloc(m->nslot + 1, sizeof(bool)),
		calloc(m->nwatch + 1, sizeof(bool)),
		calloc(m->nmap + 1, sizeof(bool)),
	};
	int err = -1;

	if (k.task && k.slot && k.watch && k.map) {
		decide(o, m, &k);
		err = model_keep(m, &k);
	}
	free(k.task);
	free(k.slot);
	free(k.watch);
	free(k.map);
	return err;
}
