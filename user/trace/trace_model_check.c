// SPDX-License-Identifier: GPL-2.0
/*
 * The model check: both models are turned into facts, "key: value"
 * pairs with the same keys on both sides ("fd 3 of table X": "open file
 * Y, close-on-exec 0"), sorted by key and merged. Facts only one side
 * has, and values that differ, are the differences.
 *
 * Mappings are compared by the open files they hold, not by address
 * range: mprotect(), which no event traces, splits one mapping into
 * several in the kernel's list without changing what it holds.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace_model_check.h"

struct fact {
	char key[96];
	char val[96];
};

struct facts {
	struct fact *v;
	int n, cap;
};

static void fact(struct facts *fs, const char *val, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fact(struct facts *fs, const char *val, const char *fmt, ...)
{
	va_list ap;

	if (fs->n == fs->cap) {
		int cap = fs->cap ? fs->cap * 2 : 64;
		struct fact *v = realloc(fs->v, cap * sizeof(*v));

		if (!v)
			return;
		fs->v = v;
		fs->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(fs->v[fs->n].key, sizeof(fs->v[fs->n].key), fmt, ap);
	va_end(ap);
	snprintf(fs->v[fs->n].val, sizeof(fs->v[fs->n].val), "%s", val ?: "?");
	fs->n++;
}

static const char *str(const char *s)
{
	return s && strcmp(s, "-") ? s : "?";
}

static void file_facts(struct facts *fs, const struct model *m, int i)
{
	const struct m_file *f = &m->file[i];
	const struct m_line *l = f->line;
	char v[96];

	if (f->by_fd) {
		fact(fs, l->pos.s, "open file %s offset", f->id);
		fact(fs, l->flags.s, "open file %s status flags", f->id);
		fact(fs, l->mode, "open file %s access mode", f->id);
		fact(fs, l->refs.s, "open file %s references", f->id);
	}
	snprintf(v, sizeof(v), "%s:%s", str(l->dev), str(l->ino.s));
	fact(fs, l->dev ? v : NULL, "open file %s inode", f->id);
	if (f->maps.n)
		fact(fs, "", "mappings of open file %s", f->id);
}

static void model_facts(struct facts *fs, const struct model *m)
{
	char v[96];
	int i, j;

	for (i = 0; i < m->ntask; i++) {
		snprintf(v, sizeof(v), "fd table %s, %s tasks use it",
			 str(m->task[i].table_id), str(m->task[i].table_refs.s));
		fact(fs, v, "task %s", str(m->task[i].tid.s));
	}
	for (i = 0; i < m->ntable; i++) {
		for (j = 0; j < m->table[i].slots.n; j++) {
			const struct m_slot *s = &m->slot[m->table[i].slots.v[j]];

			snprintf(v, sizeof(v), "open file %s, close-on-exec %d",
				 str(s->line.file_id), s->cloexec);
			fact(fs, v, "fd %d of table %s", s->fd, m->table[i].id);
		}
	}
	for (i = 0; i < m->nfile; i++)
		file_facts(fs, m, i);
	for (i = 0; i < m->nwatch; i++) {
		const struct m_watch *w = &m->watch[i];

		snprintf(v, sizeof(v), "open file %s, events %s",
			 str(w->file_id), str(w->events.s));
		fact(fs, v, "watch of pid %s epfd %s tfd %s", str(w->pid.s),
		     str(w->epfd.s), str(w->tfd.s));
	}
}

static int cmp_fact(const void *a, const void *b)
{
	return strcmp(((const struct fact *)a)->key,
		      ((const struct fact *)b)->key);
}

static void diff(struct check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void diff(struct check *c, const char *fmt, ...)
{
	char **v = realloc(c->diff, (c->ndiff + 1) * sizeof(*v));
	va_list ap;

	if (!v) {
		c->oom = true;
		return;
	}
	c->diff = v;
	va_start(ap, fmt);
	if (vasprintf(&c->diff[c->ndiff], fmt, ap) < 0)
		c->oom = true;
	else
		c->ndiff++;
	va_end(ap);
}

/* Does the model's value (maybe "?", or with "?" parts) match? */
static bool same(const char *mine, const char *kernel)
{
	size_t w;

	for (; *mine && *kernel; mine++, kernel++) {
		if (*mine != '?') {
			if (*mine != *kernel)
				return false;
			continue;
		}
		/* "?" stands for one unknown word: skip the kernel's. */
		w = strcspn(kernel, " ,");
		if (!w)
			return false;
		kernel += w - 1;
	}
	return !*mine && !*kernel;
}

void check_models(const struct model *mine, const struct model *kernel,
		  struct check *c)
{
	struct facts a = {}, b = {};
	int i = 0, j = 0, k;

	memset(c, 0, sizeof(*c));
	for (k = 0; k < mine->ntable; k++)
		c->slots += mine->table[k].slots.n;
	c->files = mine->nfile;
	c->watches = mine->nwatch;
	c->maps = mine->nmap;
	model_facts(&a, mine);
	model_facts(&b, kernel);
	qsort(a.v, a.n, sizeof(*a.v), cmp_fact);
	qsort(b.v, b.n, sizeof(*b.v), cmp_fact);
	while (i < a.n || j < b.n) {
		int cmp = i == a.n ? 1 : j == b.n ? -1 :
			  strcmp(a.v[i].key, b.v[j].key);

		if (cmp < 0) {
			diff(c, "%s: %s in the model, not in the kernel",
			     a.v[i].key, a.v[i].val);
			i++;
		} else if (cmp > 0) {
			diff(c, "%s: %s in the kernel, not in the model",
			     b.v[j].key, b.v[j].val);
			j++;
		} else {
			if (!same(a.v[i].val, b.v[j].val))
				diff(c, "%s: %s in the model, %s in the kernel",
				     a.v[i].key, a.v[i].val, b.v[j].val);
			i++;
			j++;
		}
	}
	free(a.v);
	free(b.v);
}

void check_free(struct check *c)
{
	int i;

	for (i = 0; i < c->ndiff; i++)
		free(c->diff[i]);
	free(c->diff);
	memset(c, 0, sizeof(*c));
}
