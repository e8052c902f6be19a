// SPDX-License-Identifier: GPL-2.0
/*
 * `fdmodel show --tables`: the seeds' figure as three tables, each entry
 * listed once: fd tables (a table shared by several processes is listed
 * once, with all of them), the system-wide open file table, the inode
 * table; then the epoll watches, the inotify and fanotify marks, the file
 * locks and the mappings that also hold open files. Columns are separated
 * by spaces so awk can read them.
 */
#include <string.h>
#include "show.h"

/* A missing value is a column of its own: "-" keeps them aligned. */
static const char *col(const char *v)
{
	return v ?: "-";
}

static void fd_tables(const struct model *m, FILE *out)
{
	int i, j;

	fprintf(out, "FD TABLES (%d)\n", m->ntable);
	for (i = 0; i < m->ntable; i++) {
		const struct m_table *tb = &m->table[i];

		fprintf(out, "table %s refs=%ld used by", tb->id, tb->refs);
		for (j = 0; j < tb->tasks.n; j++) {
			const struct m_task *t = &m->task[tb->tasks.v[j]];

			fprintf(out, " pid %lld", t->pid.v);
			if (t->tid.v != t->pid.v)
				fprintf(out, " tid %lld", t->tid.v);
			fprintf(out, " (%s)", t->comm ?: "?");
		}
		fprintf(out, "\n  %-6s %-7s %s\n", "FD", "CLOEXEC", "FILE");
		for (j = 0; j < tb->slots.n; j++) {
			const struct m_slot *entry = &m->slot[tb->slots.v[j]];

			fprintf(out, "  %-6d %-7d %s\n", entry->fd,
				entry->cloexec, col(entry->line.file_id));
		}
	}
}

static void file_table(const struct model *m, FILE *out)
{
	int i;

	fprintf(out, "\nOPEN FILE TABLE (%d)\n", m->nfile);
	fprintf(out, "%-16s %-10s %-9s %-4s %-5s %-5s %-4s %-5s %-22s %s\n",
		"FILE", "POS", "FLAGS", "MODE", "REFS", "SLOTS", "MAPS",
		"OTHER", "INODE", "PATH");
	for (i = 0; i < m->nfile; i++) {
		const struct m_file *f = &m->file[i];
		const struct m_line *l = f->line;
		const struct m_inode *in = f->inode >= 0 ?
					   &m->inode[f->inode] : NULL;
		long long other = refs_elsewhere(m, i);
		char inode[48] = "-", others[24] = "-";

		if (in)
			snprintf(inode, sizeof(inode), "%s:%llu", in->dev,
				 in->ino);
		if (other >= 0)
			snprintf(others, sizeof(others), "%lld", other);
		fprintf(out, "%-16s %-10s %-9s %-4s %-5s %-5d %-4d %-5s %-22s %s\n",
			f->id, col(l->pos.s), col(l->flags.s), col(l->mode),
			col(l->refs.s), f->slots.n, f->maps.n, others, inode,
			col(l->path));
	}
}

static void inode_table(const struct model *m, FILE *out)
{
	int i;

	fprintf(out, "\nINODE TABLE (%d)\n", m->ninode);
	fprintf(out, "%-22s %-5s %-12s %-5s %-5s %-7s %s\n", "INODE", "TYPE",
		"SIZE", "LINKS", "PERM", "HOLDERS", "NAME");
	for (i = 0; i < m->ninode; i++) {
		const struct m_inode *in = &m->inode[i];
		const struct m_extra *x = &in->line->extra;
		char inode[48];

		snprintf(inode, sizeof(inode), "%s:%llu", in->dev, in->ino);
		fprintf(out, "%-22s %-5s %-12s %-5s %-5s %-7d ", inode,
			in->type, col(extra_get(x, "size")),
			col(extra_get(x, "nlink")), col(extra_get(x, "perm")),
			in->files.n);
		if (strcmp(in->type, "anon")) {
			fprintf(out, "%s\n", col(in->line->path));
			continue;
		}
		fputs("anon:", out);
		anon_classes(m, i, ESC_OCTAL, out);
		fputc('\n', out);
	}
}

/* Sockets: what the inode table has no columns for. */
static void sockets(const struct model *m, FILE *out)
{
	int i, n = 0;

	for (i = 0; i < m->ninode; i++)
		n += !!m->inode[i].line->sock.family;
	if (!n)
		return;
	fprintf(out, "\nSOCKETS (%d)\n", n);
	fprintf(out, "%-22s %-7s %-8s %-12s %-7s %-7s %-24s %s\n", "INODE",
		"FAMILY", "PROTO", "STATE", "RXQ", "TXQ", "LOCAL", "REMOTE");
	for (i = 0; i < m->ninode; i++) {
		const struct m_inode *in = &m->inode[i];
		const struct m_sock *s = &in->line->sock;
		char inode[48];

		if (!s->family)
			continue;
		snprintf(inode, sizeof(inode), "%s:%llu", in->dev, in->ino);
		fprintf(out, "%-22s %-7s %-8s %-12s %-7s %-7s %-24s %s\n", inode,
			s->family, col(s->proto ?: s->type), col(s->state),
			col(s->rxq.s), col(s->txq.s), col(s->local ?: s->path),
			col(s->remote));
	}
}

static void watches_and_maps(const struct model *m, FILE *out)
{
	int i;

	if (m->nwatch) {
		fprintf(out, "\nEPOLL WATCHES (%d)\n", m->nwatch);
		fprintf(out, "%-8s %-6s %-6s %-8s %s\n", "PID", "EPFD", "TFD",
			"EVENTS", "FILE");
	}
	for (i = 0; i < m->nwatch; i++) {
		const struct m_watch *w = &m->watch[i];

		fprintf(out, "%-8s %-6s %-6s %-8s %s\n", col(w->pid.s),
			col(w->epfd.s), col(w->tfd.s), col(w->events.s),
			col(w->file_id));
	}
	if (m->nmap) {
		fprintf(out, "\nMAPPINGS (%d)\n", m->nmap);
		fprintf(out, "%-8s %-16s %-4s %-29s %s\n", "PID", "FILE",
			"PROT", "RANGE", "PATH");
	}
	for (i = 0; i < m->nmap; i++) {
		const struct m_map *mapping = &m->map[i];
		char range[64];

		snprintf(range, sizeof(range), "%s-%s", col(mapping->start.s),
			 col(mapping->end.s));
		fprintf(out, "%-8s %-16s %-4s %-29s %s\n", col(mapping->pid.s),
			col(mapping->line.file_id), col(mapping->prot), range,
			col(mapping->line.path));
	}
}

static void marks(const struct model *m, FILE *out)
{
	char target[64];
	int i;

	if (!m->nmark)
		return;
	fprintf(out, "\nNOTIFY MARKS (%d)\n", m->nmark);
	fprintf(out, "%-8s %-6s %-9s %-6s %-28s %s\n", "PID", "FD", "CLASS",
		"WD", "ON", "MASK");
	for (i = 0; i < m->nmark; i++) {
		const struct m_mark *mk = &m->mark[i];

		mark_target(mk, target, sizeof(target));
		fprintf(out, "%-8s %-6s %-9s %-6s %-28s %s\n", col(mk->pid.s),
			col(mk->fd.s), col(mk->class), col(mk->wd.s), target,
			col(mk->mask.s));
	}
}

static void locks(const struct model *m, FILE *out)
{
	char range[64];
	int i;

	if (!m->nlock)
		return;
	fprintf(out, "\nFILE LOCKS (%d)\n", m->nlock);
	fprintf(out, "%-8s %-6s %-16s %-6s %-6s %-24s %-9s %s\n", "PID", "FD",
		"FILE", "KIND", "TYPE", "BYTES", "OWNER", "INODE");
	for (i = 0; i < m->nlock; i++) {
		const struct m_lock *lk = &m->lock[i];

		lock_range(lk, range, sizeof(range));
		fprintf(out, "%-8s %-6s %-16s %-6s %-6s %-24s %-9s %s:%s\n",
			col(lk->pid.s), col(lk->fd.s), col(lk->file_id),
			col(lk->kind), col(lk->type), range,
			lock_of_process(lk) ? "process" : "open-file",
			col(lk->dev), col(lk->ino.s));
	}
}

void show_tables(const struct model *m, FILE *out)
{
	fd_tables(m, out);
	file_table(m, out);
	inode_table(m, out);
	sockets(m, out);
	watches_and_maps(m, out);
	marks(m, out);
	locks(m, out);
}
