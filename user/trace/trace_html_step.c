// SPDX-License-Identifier: GPL-2.0
/*
 * One step's picture: the model after the event, against the model
 * before it. A slot is new when its (table, fd) was empty or held another
 * open file; an open file changed when its slots, mappings, offset or
 * flags did; a (table, fd) that held a file and holds none now is a
 * closed slot, drawn greyed out. Lookups are by sorted keys: a process
 * with thousands of fds is compared in n log n.
 *
 * A step of a table with more than HTML_SLOTS_MAX slots draws the
 * changed ones and the first of the others up to that many, and the
 * first HTML_MAPS_MAX mappings, so that a page of thousands of steps
 * stays small enough to open at once.
 */
#include <stdlib.h>
#include <string.h>
#include "model.h"
#include "show/show.h"
#include "trace_html.h"
#include "trace_html_step.h"

/* An fd slot by where it is, and the open file it holds. */
struct slot_key {
	const char *table;
	int fd;
	const char *file;
};

/* What the step compares a model with: the other one's slots, files. */
struct side {
	struct slot_key *slots;		/* canonical slots, sorted */
	int nslots;
	const struct m_file **files;	/* sorted by id */
	int nfiles;
};

static int cmp_key(const void *a, const void *b)
{
	const struct slot_key *x = a, *y = b;
	int c = strcmp(x->table, y->table);

	return c ? c : (x->fd > y->fd) - (x->fd < y->fd);
}

static int cmp_file(const void *a, const void *b)
{
	const struct m_file *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

static struct slot_key key_of(const struct model *m, int slot)
{
	const struct m_slot *s = &m->slot[slot];
	const struct m_task *t = &m->task[s->task];

	/* A task with no table (exiting) lists no slots; be safe anyway. */
	return (struct slot_key){
		.table = t->table >= 0 ? m->table[t->table].id : "",
		.fd = s->fd,
		.file = s->file >= 0 ? m->file[s->file].id : NULL,
	};
}

static int side_build(struct side *sd, const struct model *m)
{
	int i;

	sd->slots = malloc((m->nslot + 1) * sizeof(*sd->slots));
	sd->files = malloc((m->nfile + 1) * sizeof(*sd->files));
	if (!sd->slots || !sd->files)
		return -1;
	for (i = sd->nslots = 0; i < m->nslot; i++)
		if (m->slot[i].canon)
			sd->slots[sd->nslots++] = key_of(m, i);
	for (i = 0; i < m->nfile; i++)
		sd->files[i] = &m->file[i];
	sd->nfiles = m->nfile;
	qsort(sd->slots, sd->nslots, sizeof(*sd->slots), cmp_key);
	qsort(sd->files, sd->nfiles, sizeof(*sd->files), cmp_file);
	return 0;
}

static void side_free(struct side *sd)
{
	free(sd->slots);
	free(sd->files);
}

static const struct slot_key *side_slot(const struct side *sd,
					const struct slot_key *k)
{
	return bsearch(k, sd->slots, sd->nslots, sizeof(*k), cmp_key);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool slot_changed(const struct model *m, int slot,
			 const struct side *before)
{
	struct slot_key k = key_of(m, slot);
	const struct slot_key *old;

	old = side_slot(before, &k);
	return !old || !same_str(old->file, k.file);
}

static bool file_changed(const struct model *m, int file,
			 const struct side *before)
{
	const struct m_file *f = &m->file[file], *const *old;

	old = bsearch(&f, before->files, before->nfiles,
		      sizeof(*before->files), cmp_file);
	return !old || (*old)->slots.n != f->slots.n ||
	       (*old)->maps.n != f->maps.n ||
	       !same_str((*old)->line->pos.s, f->line->pos.s) ||
	       !same_str((*old)->line->flags.s, f->line->flags.s);
}

/* Table @t's slots to draw: the changed ones, then the first others. */
static void keep_table(const struct model *m, int t, const struct side *before,
		       struct side *kept)
{
	const struct ilist *slots = &m->table[t].slots;
	int j, changed = 0, others = 0;

	for (j = 0; j < slots->n; j++)
		changed += slot_changed(m, slots->v[j], before);
	for (j = 0; j < slots->n; j++)
		if (slot_changed(m, slots->v[j], before) ||
		    others++ < HTML_SLOTS_MAX - changed)
			kept->slots[kept->nslots++] = key_of(m, slots->v[j]);
}

/*
 * Keep, in each table, the changed slots and the first others up to
 * HTML_SLOTS_MAX in all, by (table, fd): every task of a shared table
 * keeps the same ones; and the first HTML_MAPS_MAX mappings.
 */
static int cap_slots(struct model *m, const struct side *before,
		     struct step_drawn *d)
{
	struct side kept = { .slots = malloc((m->nslot + 1) *
					     sizeof(*kept.slots)) };
	struct m_keep k = {
		.task = malloc((m->ntask + 1) * sizeof(bool)),
		.slot = calloc(m->nslot + 1, sizeof(bool)),
		.watch = malloc((m->nwatch + 1) * sizeof(bool)),
		.map = malloc((m->nmap + 1) * sizeof(bool)),
	};
	int i, err = -1;

	if (!kept.slots || !k.task || !k.slot || !k.watch || !k.map)
		goto out;
	for (i = 0; i < m->ntable; i++)
		keep_table(m, i, before, &kept);
	qsort(kept.slots, kept.nslots, sizeof(*kept.slots), cmp_key);
	for (i = 0; i < m->nslot; i++) {
		struct slot_key key = key_of(m, i);

		k.slot[i] = side_slot(&kept, &key);
	}
	for (i = 0; i < m->ntask; i++)
		k.task[i] = true;
	for (i = 0; i < m->nwatch; i++)
		k.watch[i] = m->watch[i].slot >= 0 && k.slot[m->watch[i].slot];
	for (i = 0; i < m->nmap; i++)
		k.map[i] = i < HTML_MAPS_MAX;
	d->shown = kept.nslots;
	d->maps_shown = m->nmap < HTML_MAPS_MAX ? m->nmap : HTML_MAPS_MAX;
	err = model_keep(m, &k);
out:
	free(kept.slots);
	free(k.task);
	free(k.slot);
	free(k.watch);
	free(k.map);
	return err;
}

/* More to draw than a picture holds: a table's slots or the mappings. */
static bool too_big(const struct model *m)
{
	int i;

	for (i = 0; i < m->ntable; i++)
		if (m->table[i].slots.n > HTML_SLOTS_MAX)
			return true;
	return m->nmap > HTML_MAPS_MAX;
}

/* The slots @before had and @after has not: closed, or their table gone. */
static struct dot_ghost *ghosts(const struct side *before,
				const struct side *after, int *n)
{
	struct dot_ghost *g = malloc((before->nslots + 1) * sizeof(*g));
	int i;

	*n = 0;
	for (i = 0; g && i < before->nslots; i++) {
		const struct slot_key *k = &before->slots[i];

		if (!side_slot(after, k))
			g[(*n)++] = (struct dot_ghost){
				.table = k->table, .fd = k->fd, .file = k->file,
			};
	}
	return g;
}

static int draw(const struct model *m, const struct side *before,
		const struct side *after, FILE *dot)
{
	bool *slot = calloc(m->nslot + 1, sizeof(bool));
	bool *file = calloc(m->nfile + 1, sizeof(bool));
	struct dot_marks marks = { .slot = slot, .file = file };
	struct dot_ghost *ghost = ghosts(before, after, &marks.nghost);
	int i, err = -1;

	if (!slot || !file || !ghost)
		goto out;
	for (i = 0; i < m->nslot; i++)
		slot[i] = slot_changed(m, i, before);
	for (i = 0; i < m->nfile; i++)
		file[i] = file_changed(m, i, before);
	marks.ghost = ghost;
	show_dot_marked(m, &marks, dot);
	err = 0;
out:
	free(slot);
	free(file);
	free(ghost);
	return err;
}

int step_dot(const struct snap *before, const struct snap *after, FILE *dot,
	     struct step_drawn *d)
{
	struct model mb, ma;
	struct side sb = {}, sa = {};
	int err = -1;

	/* A failed build leaves an empty model, which frees as one. */
	if (model_build(&mb, before) | model_build(&ma, after))
		goto out;
	if (side_build(&sb, &mb) || side_build(&sa, &ma))
		goto out;
	d->slots = d->shown = sa.nslots;
	d->maps = d->maps_shown = ma.nmap;
	if (too_big(&ma) && cap_slots(&ma, &sb, d))
		goto out;
	err = draw(&ma, &sb, &sa, dot);
out:
	side_free(&sb);
	side_free(&sa);
	model_free(&mb);
	model_free(&ma);
	return err;
}
