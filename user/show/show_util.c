// SPDX-License-Identifier: GPL-2.0
/* Small helpers the views of `fdmodel show` share. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "show.h"

#define CLASS_MAX	32

void slot_name(const struct model *m, int slot, int viewer, char *buf,
	       size_t sz)
{
	const struct m_slot *entry = &m->slot[slot];
	const struct m_task *t = &m->task[entry->task];

	if (viewer >= 0 && m->task[viewer].table == t->table)
		snprintf(buf, sz, "fd %d", entry->fd);
	else
		snprintf(buf, sz, "pid %lld fd %d", t->pid.v, entry->fd);
}

static int cmp_class(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* 1 when @l is on an anonymous inode and its class is now in @buf. */
static int class_into(const struct m_line *l, char buf[CLASS_MAX])
{
	const char *c = line_anon(l, buf, CLASS_MAX);

	if (c && c != buf)
		snprintf(buf, CLASS_MAX, "%s", c);
	return !!c;
}

void anon_classes(const struct model *m, int inode, enum esc how, FILE *out)
{
	const struct ilist *files = &m->inode[inode].files;
	char (*name)[CLASS_MAX] = calloc(files->n + 1, sizeof(*name));
	int i, n = 0;

	if (!name) {
		fputs("?", out);
		return;
	}
	for (i = 0; i < files->n; i++)
		n += class_into(m->file[files->v[i]].line, name[n]);
	/* No open file could be found on it (file=-): its own line's. */
	if (!n)
		n = class_into(m->inode[inode].line, name[0]);
	qsort(name, n, sizeof(*name), cmp_class);
	for (i = 0; i < n; i++)
		if (!i || strcmp(name[i], name[i - 1])) {
			fputs(i ? "," : "", out);
			esc_recode(out, how, name[i]);
		}
	free(name);
}

static bool inet(const struct m_sock *s)
{
	return !strcmp(s->family, "inet") || !strcmp(s->family, "inet6");
}

/* " @word", when there is one, escaped for @how. */
static void word(FILE *out, enum esc how, const char *sep, const char *w)
{
	if (!w)
		return;
	fputs(sep, out);
	esc_recode(out, how, w);
}

bool sock_words(const struct m_line *l, enum esc how, FILE *out)
{
	const struct m_sock *s = &l->sock;
	const char *where = s->local ?: s->path;

	if (!s->family)
		return false;
	if (s->proto && inet(s))
		word(out, how, "", s->proto);
	else
		fprintf(out, "%s %s", s->family, s->proto ?: s->type ?: "?");
	if (s->state && !strcmp(s->state, "listen")) {
		fputs(" listening", out);
		word(out, how, " on ", where);
		return true;
	}
	word(out, how, " ", where);
	word(out, how, " -> ", s->remote);
	word(out, how, " ", s->state);
	return true;
}

void mark_target(const struct m_mark *mk, char *buf, size_t sz)
{
	const char *on = mk->on ?: "?";

	if (!strcmp(on, "mount"))
		snprintf(buf, sz, "mount %s", mk->mnt_id.s ?: "?");
	else if (!strcmp(on, "fs"))
		snprintf(buf, sz, "fs %s", mk->dev ?: "?");
	else
		snprintf(buf, sz, "%s %s:%s", on, mk->dev ?: "?",
			 mk->ino.s ?: "?");
}

void lock_range(const struct m_lock *lk, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s-%s", lk->start.s ?: "?", lk->end ?: "?");
}

bool lock_of_process(const struct m_lock *lk)
{
	return lk->kind && !strcmp(lk->kind, "posix");
}

long long refs_elsewhere(const struct model *m, int file)
{
	const struct m_file *f = &m->file[file];

	if (!f->by_fd || f->line->refs.v < 0)
		return -1;
	return f->line->refs.v - f->slots.n - f->maps.n;
}
