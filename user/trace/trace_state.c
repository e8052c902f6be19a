// SPDX-License-Identifier: GPL-2.0
/*
 * The state members of `fdmodel trace --model --json` (trace_state.h):
 * the live model's own /proc/fdmodel text (trace_model_snap.c) of each process
 * an event touched, a JSON string per line.
 *
 * A process's state is as long as its fd table: repeated after every
 * change, a process that opens n files would cost n^2 lines. Past
 * STATE_MAX slots and mappings, "state" is null instead: the page then
 * lists those steps without a picture.
 */
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "trace_model.h"
#include "trace_model_snap.h"
#include "trace_state.h"

/* The lines of @text but its header, as JSON strings after @sep. */
static bool put_lines(FILE *out, const char *text, bool sep)
{
	const char *line = strchr(text, '\n'), *c;

	for (line = line ? line + 1 : ""; *line; line = *c ? c + 1 : c) {
		c = strchrnul(line, '\n');
		if (sep)
			fputc_unlocked(',', out);
		sep = true;
		fputc_unlocked('"', out);
		esc_write(out, ESC_JSON, line, c - line);
		fputc_unlocked('"', out);
	}
	return sep;
}

/* The slots and mappings the model holds for @pid, within a line or two. */
static int state_size(const struct live *lv, uint32_t pid)
{
	const struct live_proc *p = idmap_get(&lv->procs, pid);
	const struct live_task *t = idmap_get(&lv->tasks, pid);
	int n = 0;

	if (t && t->table)
		n += table_nopen(t->table);
	if (p && p->mm)
		n += p->mm->n;
	return n;
}

void state_print(struct line *l, struct printer *p, const struct fdm_head *h)
{
	const struct fdm_fork_event *fork = (const void *)h;
	int32_t pids[2] = { h->pid };
	int i, n = 1;
	bool sep = false;
	size_t len;
	char *text;

	if (h->type == FDM_FORK && h->ret > 0 && fork->child_pid != h->pid)
		pids[n++] = fork->child_pid;
	line_ints(l, "state_pids", pids, n);
	for (i = 0; i < n; i++)
		if (state_size(p->live, pids[i]) > STATE_MAX) {
			line_opt(l, "state", -1);	/* null */
			return;
		}
	line_flush(l, p->out);
	fputs(",\"state\":[", p->out);
	for (i = 0; i < n; i++) {
		text = live_snapshot(p->live, pids[i], &len);
		if (text)
			sep = put_lines(p->out, text, sep);
		free(text);
	}
	fputc(']', p->out);
}
