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
 * A step of `fdmodel trace --html` marks what it changed on the same
 * figure: changed slots and open files get a thick green outline, closed
 * slots stay in their table, greyed out, so the reader sees what went.
 *
 * Node names are the snapshot's ids: s_TABLE_FD, f_FILE, i_DEV_INO, m_N,
 * and s_TABLE_FD_closed for a closed slot; a byte of an id that DOT
 * does not take in a name (the ?N of an object trace's live model knows
 * no address of yet) is written _.
 */
#include <ctype.h>
#include <string.h>
#include "escape.h"
#include "show.h"

#define SHARED_COLOR	"orange"
#define CHANGED_COLOR	"\"#1a7f37\""
#define CLOSED_STYLE	"style=dashed color=grey fontcolor=grey"

static void put_id(FILE *out, const char *id)
{
	for (; *id; id++)
		fputc(isalnum((unsigned char)*id) ? *id : '_', out);
}

static void slot_node(FILE *out, const char *table, int fd)
{
	fputs("s_", out);
	put_id(out, table);
	fprintf(out, "_%d", fd);
}

static void file_node(FILE *out, const char *id)
{
	fputs("f_", out);
	put_id(out, id);
}

/* Filled when shared, outlined when a step changed it. */
static void node_style(FILE *out, bool shared, bool changed)
{
	if (shared)
		fputs(" style=filled fillcolor=" SHARED_COLOR, out);
	if (changed)
		fputs(" penwidth=3 color=" CHANGED_COLOR, out);
}

static void ghost_node(FILE *out, const struct dot_ghost *g)
{
	fputs("    ", out);
	slot_node(out, g->table, g->fd);
	fprintf(out, "_closed [label=\"fd %d\\nclosed\" " CLOSED_STYLE "];\n",
		g->fd);
}

/* The closed slots of table @id, drawn in its cluster. */
static void ghosts_of(FILE *out, const struct dot_marks *marks,
		      const char *id)
{
	int i;

	for (i = 0; marks && i < marks->nghost; i++)
		if (!strcmp(marks->ghost[i].table, id))
			ghost_node(out, &marks->ghost[i]);
}

static int table_find(const struct model *m, const char *id)
{
	int i;

	for (i = 0; i < m->ntable; i++)
		if (!strcmp(m->table[i].id, id))
			return i;
	return -1;
}

static int file_find(const struct model *m, const char *id)
{
	int i;

	for (i = 0; i < m->nfile; i++)
		if (!strcmp(m->file[i].id, id))
			return i;
	return -1;
}

/*
 * Closed slots of tables that are gone (the last process using one
 * exited): a greyed cluster per table, each drawn at its first ghost.
 */
static void gone_tables(const struct model *m, const struct dot_marks *marks,
			FILE *out)
{
	int i, j;

	for (i = 0; marks && i < marks->nghost; i++) {
		const char *id = marks->ghost[i].table;

		if (table_find(m, id) >= 0)
			continue;
		for (j = 0; j < i; j++)
			if (!strcmp(marks->ghost[j].table, id))
				break;
		if (j < i)
			continue;
		fputs("  subgraph cluster_closed_", out);
		put_id(out, id);
		fprintf(out, " {\n    label=\"fd table %.8s\\nfreed\" "
			CLOSED_STYLE ";\n", id);
		ghosts_of(out, marks, id);
		fputs("  }\n", out);
	}
}

static void inode_node(FILE *out, const struct m_inode *in)
{
	const char *c;

	fputs("i_", out);
	for (c = in->dev; *c; c++)
		fputc(*c == ':' ? '_' : *c, out);
	fprintf(out, "_%llu", in->ino);
}

static void tables(const struct model *m, const struct dot_marks *marks,
		   FILE *out)
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

			fputs("    ", out);
			slot_node(out, tb->id, entry->fd);
			fprintf(out, " [label=\"fd %d%s\"", entry->fd,
				entry->cloexec ? " (cloexec)" : "");
			node_style(out, file_shared(m, entry->file),
				   marks && marks->slot[tb->slots.v[j]]);
			fputs("];\n", out);
		}
		ghosts_of(out, marks, tb->id);
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

static void files(const struct model *m, const struct dot_marks *marks,
		  FILE *out)
{
	int i;

	fputs("  subgraph cluster_files {\n    label=\"open file table\";\n",
	      out);
	for (i = 0; i < m->nfile; i++) {
		const struct m_file *f = &m->file[i];
		const struct m_line *l = f->line;

		fputs("    ", out);
		file_node(out, f->id);
		fprintf(out, " [label=\"%.8s %s\\n", f->id,
			l->mode ?: "");
		if (l->pos.s)
			fprintf(out, "pos %s refs %s", l->pos.s,
				l->refs.s ?: "?");
		else
			fputs("(mapping)", out);
		file_locks(m, i, out);
		fputc('"', out);
		node_style(out, file_shared(m, i), marks && marks->file[i]);
		fputs("];\n", out);
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
		fputs("  ", out);
		file_node(out, m->file[file].id);
		fputs(" -> ", out);
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

static void edges(const struct model *m, const struct dot_marks *marks,
		  FILE *out)
{
	int i, j;

	for (i = 0; i < m->ntable; i++)
		for (j = 0; j < m->table[i].slots.n; j++) {
			const struct m_slot *entry =
				&m->slot[m->table[i].slots.v[j]];

			if (entry->file < 0)
				continue;
			fputs("  ", out);
			slot_node(out, m->table[i].id, entry->fd);
			fputs(" -> ", out);
			file_node(out, m->file[entry->file].id);
			fputs(";\n", out);
		}
	for (i = 0; i < m->nmap; i++) {
		if (m->map[i].file < 0)
			continue;
		fprintf(out, "  m_%d -> ", i);
		file_node(out, m->file[m->map[i].file].id);
		fputs(";\n", out);
	}
	for (i = 0; i < m->nfile; i++) {
		if (m->file[i].inode < 0)
			continue;
		fputs("  ", out);
		file_node(out, m->file[i].id);
		fputs(" -> ", out);
		inode_node(out, &m->inode[m->file[i].inode]);
		fputs(";\n", out);
	}
	for (i = 0; i < m->nwatch; i++) {
		const struct m_watch *w = &m->watch[i];

		if (w->slot < 0 || w->file < 0 || m->slot[w->slot].file < 0)
			continue;
		fputs("  ", out);
		file_node(out, m->file[m->slot[w->slot].file].id);
		fputs(" -> ", out);
		file_node(out, m->file[w->file].id);
		fprintf(out, " [style=dashed label=\"watch fd %lld\"];\n",
			w->tfd.v);
	}
	mark_edges(m, out);
	for (i = 0; marks && i < marks->nghost; i++) {
		const struct dot_ghost *g = &marks->ghost[i];

		if (!g->file || file_find(m, g->file) < 0)
			continue;
		fputs("  ", out);
		slot_node(out, g->table, g->fd);
		fputs("_closed -> ", out);
		file_node(out, g->file);
		fputs(" [style=dotted color=grey];\n", out);
	}
}

void show_dot_marked(const struct model *m, const struct dot_marks *marks,
		     FILE *out)
{
	fputs("digraph fdmodel {\n  rankdir=LR;\n  node [shape=ellipse "
	      "fontname=\"monospace\"];\n", out);
	tables(m, marks, out);
	gone_tables(m, marks, out);
	files(m, marks, out);
	inodes(m, out);
	edges(m, marks, out);
	fputs("}\n", out);
}

void show_dot(const struct model *m, FILE *out)
{
	show_dot_marked(m, NULL, out);
}
