// SPDX-License-Identifier: GPL-2.0
/*
 * The live model in the stream: the whole model of a process at a stop
 * point (a stop signal, or SIGUSR1 to the collector) through `fdmodel
 * show`'s own parser, model and views, and, with the module loaded, its
 * check against a fresh read of /proc/fdmodel.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "trace_model_check.h"
#include "trace_model_show.h"
#include "trace_model_snap.h"
#include "show/show.h"
#include "snap.h"
#include "trace_line.h"

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	esc_write(out, ESC_JSON, s, strlen(s));
	fputc('"', out);
}

/* A tagged line as the LOST lines are: time, TAG (text) or type, fields. */
static void tag_start(struct line *l, struct printer *p, const char *tag,
		      const char *type, uint64_t ts)
{
	line_start(l, p->json);
	if (p->json) {
		line_str(l, "type", type);
		line_u64(l, "ts", ts);
	} else {
		line_col_secs(l, ts > p->t0 ? ts - p->t0 : 0, 11);
		line_col(l, "type", tag, 0);
	}
}

void live_print_start(struct printer *p, uint32_t pid, const char *source,
		      uint64_t ts)
{
	struct line l;

	tag_start(&l, p, "MODEL", "model_start", ts);
	line_u64(&l, "pid", pid);
	line_str(&l, "source", source);
	line_end(&l, p->out);
}

void live_print_unsure(struct printer *p, uint64_t ts, const char *then)
{
	struct line l;

	tag_start(&l, p, "MODEL", "model_unsure", ts);
	line_str(&l, "reason", "events lost (counted per type, not per "
				"process): every model is unsure");
	line_str(&l, "then", then);
	line_end(&l, p->out);
}

/* show --json's document on one line: its newlines are all layout. */
static void print_json_snapshot(struct printer *p, const struct model *m,
				uint32_t pid, uint64_t ts, bool unsure)
{
	char *doc = NULL, *c, *to;
	size_t len = 0;
	FILE *mem = open_memstream(&doc, &len);

	if (!mem)
		return;
	show_json(m, mem);
	if (fclose(mem)) {
		free(doc);
		return;
	}
	for (c = to = doc; *c; c++)
		if (*c != '\n')
			*to++ = *c;
	*to = '\0';
	fprintf(p->out, "{\"type\":\"model\",\"pid\":%u,\"ts\":%llu,"
		"\"unsure\":%s,\"snapshot\":%s}\n", pid, (unsigned long long)ts,
		unsure ? "true" : "false", doc);
	free(doc);
}

static void print_check(struct printer *p, const struct check *c,
			uint32_t pid, uint64_t ts)
{
	int i;

	if (!p->json) {
		fprintf(p->out, "model check pid=%u: %d slots, %d files, %d "
			"watches, %d maps, %d differences\n", pid, c->slots,
			c->files, c->watches, c->maps, c->ndiff);
		for (i = 0; i < c->ndiff; i++)
			fprintf(p->out, "  difference: %s\n", c->diff[i]);
		return;
	}
	fprintf(p->out, "{\"type\":\"model_check\",\"pid\":%u,\"ts\":%llu,"
		"\"slots\":%d,\"files\":%d,\"watches\":%d,\"maps\":%d,"
		"\"differences\":%d,\"diffs\":[", pid, (unsigned long long)ts,
		c->slots, c->files, c->watches, c->maps, c->ndiff);
	for (i = 0; i < c->ndiff; i++) {
		if (i)
			fputc(',', p->out);
		json_str(p->out, c->diff[i]);
	}
	fputs("]}\n", p->out);
}

/* The model against a fresh read of /proc/fdmodel for the process. */
static void check(struct printer *p, const struct model *mine, uint32_t pid,
		  uint64_t ts)
{
	pid_t want = pid;
	struct model kernel;
	struct snap s;
	struct check c;

	if (snap_read(&s, NULL, &want, 1))
		return;
	if (!model_build(&kernel, &s)) {
		check_models(mine, &kernel, &c);
		print_check(p, &c, pid, ts);
		check_free(&c);
		model_free(&kernel);
	}
	snap_free(&s);
}

void live_print_model(struct printer *p, uint32_t pid, uint64_t ts)
{
	const struct live_proc *proc = proc_get(p->live, pid);
	bool unsure = proc && proc->unsure;
	struct model m;
	struct snap s;
	size_t len;
	char *text;
	struct line l;

	text = live_snapshot(p->live, pid, &len);
	if (!text || snap_parse(&s, text, len, "the trace's model"))
		return;
	if (model_build(&m, &s)) {
		snap_free(&s);
		return;
	}
	if (p->json) {
		print_json_snapshot(p, &m, pid, ts, unsure);
	} else {
		tag_start(&l, p, "MODEL", "model", ts);
		line_u64(&l, "pid", pid);
		line_bool(&l, "unsure", unsure);
		line_end(&l, p->out);
		show_text(&m, p->out);
	}
	if (p->check)
		check(p, &m, pid, ts);
	fflush(p->out);
	model_free(&m);
	snap_free(&s);
}

void live_print_all(struct printer *p, uint64_t ts)
{
	struct live_proc *proc;
	uint32_t *pids;
	size_t i = 0;
	int n = 0, k;

	pids = malloc((p->live->procs.n + 1) * sizeof(*pids));
	if (!pids)
		return;
	while ((proc = idmap_next(&p->live->procs, &i)))
		pids[n++] = proc->pid;
	for (k = 0; k < n; k++)
		live_print_model(p, pids[k], ts);
	free(pids);
}
