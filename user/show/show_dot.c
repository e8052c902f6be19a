// SPDX-License-Identifier: GPL-2.0
/*
 * `fdmodel show --dot`: the figure of seed 002 drawn from the live
 * kernel. One cluster per fd table (labelled with the processes using
 * it), then the open file table and the inode table as clusters of their
 * own; edges go slot -> open file -> inode, mapping -> open file, epoll
 * file -> watched file and inotify or fanotify file -> marked inode
 * (dashed). An open file's node lists the locks taken through it. What
 * more than one slot or process holds is filled orange: the sharing the
 * seeds talk about.
 *
 * Node names are the snapshot's ids: s_TABLE_FD, f_FILE, i_DEV_INO, m_N.
 */
#include <string.h>
#include "escape.h"
#include "show.h"

#define SHARED_COLOR	"orange"

static void inode_node(FILE *out, const struct m_inode *in)
{
	const char *c;

	fputs("i_", out);
	for (c = in->dev; *c; c++)
		fputc(*c == ':' ? '_' : *c, out);
	fprintf(out, "_%llu", in->ino);
}

static void tables(const struct model *m, FILE *out)
{
	int i, j;

	for (i = 0; i < m->ntable; i++) {
		const struct m_table *tb = &m->table[i];

		fprintf(out, "  subgraph cluster_t%d {\n    label=\"", i);
		for (j = 0; j < tb->tasks.n; j++) {
			const struct m_task *t = &m->task[tb->tasks.v[j]];

			fprintf(out, "%spid %lld ", j ? ", " : "", t->pid.v);
			esc_recode(out, ESC_DOT, t->comm ?: "?");
		}
		fprintf(out, "\\nfd table %.8s\";\n", tb->id);
		for (j = 0; j < tb->slots.n; j++) {
			const struct m_slot *entry = &m->slot[tb->slots.v[j]];

			fprintf(out, "    s_%s_%d [label=\"fd %d%s\"%s];\n",
				tb->id, entry->fd, entry->fd,
				entry->cloexec ? " (cloexec)" : "",
				file_shared(m, entry->file) ?
				" style=filled fillcolor=" SHARED_COLOR : "");
		}
		for (j = 0; j < tb->tasks.n; j++) {
			const struct ilist *maps = &m->task[tb->tasks.v[j]].maps;
			int k;

			for (k = 0; k < maps->n; k++)
				fprintf(out, "    m_%d [label=\"map %s\" "
					"shape=note];\n", maps->v[k],
					m->map[maps->v[k]].prot ?: "");
		}
		fputs("  }\n", out);
	}
}

/* "\nflock write 0-eof (open file)", one line per lock through it. */
static void file_locks(const struct model *m, int file, FILE *out)
{
	char range[64];
	int i;

	for (i = 0; i < m->nlock; i++) {
		const struct m_lock *lk = &m->lock[i];

		if (lk->file != file)
			continue;
		lock_range(lk, range, sizeof(range));
		fprintf(out, "\\n%s %s %s (%s)", lk->kind ?: "?",
			lk->type ?: "?", range,
			lock_of_process(lk) ? "process" : "open file");
	}
}

static void files(const struct model *m, FILE *out)
{
	int i;

	fputs("  subgraph cluster_files {\n    label=\"open file table\";\n",
	      out);
	for (i = 0; i < m->nfile; i++) {
		const struct m_file *f = &m->file[i];
		const struct m_line *l = f->line;

		fprintf(out, "    f_%s [label=\"%.8s %s\\n", f->id, f->id,
			l->mode ?: "");
		if (l->pos.s)
			fprintf(out, "pos %s refs %s", l->pos.s,
				l->refs.s ?: "?");
		else
			fputs("(mapping)", out);
		file_locks(m, i, out);
		fprintf(out, "\"%s];\n", file_shared(m, i) ?
			" style=filled fillcolor=" SHARED_COLOR : "");
	}
	fputs("  }\n", out);
}

static void inodes(const struct model *m, FILE *out)
{
	int i;

	fputs("  subgraph cluster_inodes {\n    label=\"inode table\";\n", out);
	for (i = 0; i < m->ninode; i++) {
		const struct m_inode *in = &m->inode[i];

		fputs("    ", out);
		inode_node(out, in);
		fprintf(out, " [shape=box label=\"%s:%llu %s\\n", in->dev,
			in->ino, in->type);
		if (!strcmp(in->type, "anon"))
			anon_classes(m, i, ESC_DOT, out);
		else if (!sock_words(in->line, ESC_DOT, out))
			esc_recode(out, ESC_DOT, in->line->path ?: "");
		fprintf(out, "\"%s];\n", inode_shared(m, i) ?
			" style=filled fillcolor=" SHARED_COLOR : "");
	}
	fputs("  }\n", out);
}

/* The inode of @m a mark is on, or -1 (not open, or not an inode). */
static int marked_inode(const struct model *m, const struct m_mark *mk)
{
	int i;

	if (!mk->on || strcmp(mk->on, "inode") || !mk->dev)
		return -1;
	for (i = 0; i < m->ninode; i++)
		if (!strcmp(m->inode[i].dev, mk->dev) &&
		    m->inode[i].ino == (unsigned long long)mk->ino.v)
			return i;
	return -1;
}

/*
 * notify file -> what a mark is on: an inode of the table, or a node of
 * its own for what no open file holds (a watched directory, a mount).
 */
static void mark_edges(const struct model *m, FILE *out)
{
	char target[64];
	int i, in;

	for (i = 0; i < m->nmark; i++) {
		const struct m_mark *mk = &m->mark[i];
		int file = mk->after >= 0 ? m->slot[mk->after].file : -1;

		if (file < 0)
			continue;
		in = marked_inode(m, mk);
		fprintf(out, "  f_%s -> ", m->file[file].id);
		if (in >= 0) {
			inode_node(out, &m->inode[in]);
		} else {
			mark_target(mk, target, sizeof(target));
			fputc('"', out);
			esc_recode(out, ESC_DOT, target);
			fputc('"', out);
		}
		fprintf(out, " [style=dashed label=\"mark %s\"];\n",
			mk->mask.s ?: "");
	}
}

static void edges(const struct model *m, FILE *out)
{
	int i, j;

	for (i = 0; i < m->ntable; i++)
		for (j = 0; j < m->table[i].slots.n; j++) {
			const struct m_slot *entry =
				&m->slot[m->table[i].slots.v[j]];

			if (entry->file >= 0)
				fprintf(out, "  s_%s_%d -> f_%s;\n", m->table[i].id,
					entry->fd, m->file[entry->file].id);
		}
	for (i = 0; i < m->nmap; i++)
		if (m->map[i].file >= 0)
			fprintf(out, "  m_%d -> f_%s;\n", i,
				m->file[m->map[i].file].id);
	for (i = 0; i < m->nfile; i++) {
		if (m->file[i].inode < 0)
			continue;
		fprintf(out, "  f_%s -> ", m->file[i].id);
		inode_node(out, &m->inode[m->file[i].inode]);
		fputs(";\n", out);
	}
	for (i = 0; i < m->nwatch; i++) {
		const struct m_watch *w = &m->watch[i];

		if (w->slot >= 0 && w->file >= 0 && m->slot[w->slot].file >= 0)
			fprintf(out, "  f_%s -> f_%s [style=dashed "
				"label=\"watch fd %lld\"];\n",
				m->file[m->slot[w->slot].file].id,
				m->file[w->file].id, w->tfd.v);
	}
	mark_edges(m, out);
}

void show_dot(const struct model *m, FILE *out)
{
	fputs("digraph fdmodel {\n  rankdir=LR;\n  node [shape=ellipse "
	      "fontname=\"monospace\"];\n", out);
	tables(m, out);
	files(m, out);
	inodes(m, out);
	edges(m, out);
	fputs("}\n", out);
}
