// SPDX-License-Identifier: GPL-2.0
/*
 * The trace page's one source: the JSON Lines of `fdmodel trace --model
 * --json`, saved (-i) or collected live. What the page needs of an event
 * that changed the model (docs/fdmodel.1): `model`, what it changed in
 * the words text mode prints under the event line; `state_pids`, the
 * processes it touched; `state`, their /proc/fdmodel lines after it
 * (trace_state.c).
 *
 * The event line is rebuilt as text mode prints it: the same columns,
 * then key=value in the JSON's order, numbers in the base the text uses
 * (JSON has only decimal) and strings escaped as /proc/fdmodel does.
 */
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "trace_json_read.h"
#include "trace_html.h"

#define WHO	"fdmodel trace"

/* The fields text mode prints in octal or hex (user/trace/trace_fields.c). */
static const struct {
	const char *type, *key;
	const char *fmt;
} based[] = {
	{ "open", "flags", "0%llo" },
	{ "close", "flags", "0%llo" },
	{ "flags", "arg", "0%llo" },
	{ "flags", "flags_before", "0%llo" },
	{ "flags", "flags_after", "0%llo" },
	{ "watch", "events", "0x%llx" },
	{ "watch", "data", "0x%llx" },
	{ "map", "addr", "0x%llx" },
	{ "map", "old_addr", "0x%llx" },
	{ "map", "off", "0x%llx" },
	{ "map", "flags", "0x%llx" },
};

/* Fields that are columns, or not printed as key=value. */
static const char *const not_details[] = {
	"time_ns", "type", "comm", "pid", "tid", "call", "ret", "error",
	"model", "state_pids", "state",
};

struct reader {
	struct json_doc d;
	const char *name;
	long lineno;
	unsigned long long t0;	/* the first event's time_ns */
	bool have_t0;
	long events, steps;
};

static void put_octal(FILE *f, const char *s)
{
	char esc[ESC_MAX];

	for (; *s; s++)
		fwrite(esc, 1, esc_byte(ESC_OCTAL, *s, esc), f);
}

static void put_number(FILE *f, const struct json_node *v, const char *type,
		       const char *key)
{
	unsigned long long n;
	size_t i;

	for (i = 0; i < sizeof(based) / sizeof(based[0]); i++) {
		if (strcmp(based[i].type, type) || strcmp(based[i].key, key))
			continue;
		n = strtoull(v->s, NULL, 10);
		if (!n && based[i].fmt[1] != 'x')
			fputc('0', f);	/* octal 0: "0", not "00" */
		else
			fprintf(f, based[i].fmt, n);
		return;
	}
	fwrite(v->s, 1, v->len, f);
}

static void put_value(FILE *f, const struct json_doc *d, int i,
		      const char *type, const char *key)
{
	const struct json_node *v = &d->v[i];
	int k;

	switch (v->kind) {
	case JSON_NULL:
		fputc('-', f);
		break;
	case JSON_BOOL:
		fputc(v->s[0] == 't' ? '1' : '0', f);
		break;
	case JSON_NUM:
		put_number(f, v, type, key);
		break;
	case JSON_STR:
		put_octal(f, v->s);
		break;
	case JSON_ARR:
		if (v->child < 0)
			fputc('-', f);
		for (k = v->child; k >= 0; k = d->v[k].next) {
			if (k != v->child)
				fputc(',', f);
			put_value(f, d, k, type, key);
		}
		break;
	case JSON_OBJ:
		fputs("{...}", f);
		break;
	}
}

static bool is_detail(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(not_details) / sizeof(not_details[0]); i++)
		if (!strcmp(key, not_details[i]))
			return false;
	return true;
}

/* Pad what was written since @start to @width, then the columns' space. */
static void pad(FILE *f, long start, int width)
{
	while (ftell(f) - start < width)
		fputc(' ', f);
	fputc(' ', f);
}

static void column(FILE *f, const struct json_doc *d, int i, int width)
{
	long start = ftell(f);

	if (i >= 0)
		put_value(f, d, i, "", "");
	pad(f, start, width);
}

/* RET: -ERRNO, an address in hex for mmap and mremap, else a number. */
static void ret_column(FILE *f, const struct json_doc *d, int root,
		       const char *type)
{
	const char *err = json_str(d, json_get(d, root, "error"));
	const char *call = json_str(d, json_get(d, root, "call")) ?: "";
	long start = ftell(f);
	long long ret = 0;

	if (err)
		fprintf(f, "-%s", err);
	else if (!strcmp(type, "map") && strcmp(call, "munmap") &&
		 json_int(d, json_get(d, root, "ret"), &ret))
		fprintf(f, "0x%llx", (unsigned long long)ret);
	else
		column(f, d, json_get(d, root, "ret"), 0);
	pad(f, start, 7);
}

static char *event_line(struct reader *r, int root)
{
	const struct json_doc *d = &r->d;
	const char *type = json_str(d, json_get(d, root, "type")) ?: "";
	long long ts = 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i;

	if (!f)
		return NULL;
	json_int(d, json_get(d, root, "time_ns"), &ts);
	if (!r->have_t0) {
		r->t0 = ts;
		r->have_t0 = true;
	}
	ts = (unsigned long long)ts > r->t0 ? ts - (long long)r->t0 : 0;
	fprintf(f, "%lld.%06lld", ts / 1000000000, ts / 1000 % 1000000);
	pad(f, 0, 11);
	column(f, d, json_get(d, root, "comm"), 16);
	column(f, d, json_get(d, root, "pid"), 7);
	column(f, d, json_get(d, root, "tid"), 7);
	column(f, d, json_get(d, root, "call"), 22);
	ret_column(f, d, root, type);
	for (i = d->v[root].child; i >= 0; i = d->v[i].next) {
		if (!is_detail(d->v[i].key))
			continue;
		fprintf(f, "%s=", d->v[i].key);
		put_value(f, d, i, type, d->v[i].key);
		fputc(' ', f);
	}
	fclose(f);
	if (len && buf[len - 1] == ' ')
		buf[len - 1] = '\0';
	return buf;
}

/* The strings of array @arr, a line each. */
static char *join_lines(const struct json_doc *d, int arr)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i;

	if (!f)
		return NULL;
	for (i = arr >= 0 ? d->v[arr].child : -1; i >= 0; i = d->v[i].next)
		if (d->v[i].kind == JSON_STR)
			fprintf(f, "%s\n", d->v[i].s);
	fclose(f);
	return buf;
}

static int bad(struct reader *r, const char *what)
{
	fprintf(stderr, WHO ": %s:%ld: %s\n", r->name, r->lineno, what);
	return 1;
}

/* The pids of state_pids, or the caller's alone. */
static int touched(struct reader *r, int root, pid_t caller, pid_t **pids)
{
	const struct json_doc *d = &r->d;
	int arr = json_get(d, root, "state_pids"), i, n = 0;
	long long v;

	*pids = malloc(sizeof(**pids) * (arr >= 0 ? 1 + r->d.n : 1));
	if (!*pids)
		return -1;
	if (arr < 0) {
		(*pids)[0] = caller;
		return 1;
	}
	for (i = d->v[arr].child; i >= 0; i = d->v[i].next)
		if (json_int(d, i, &v) && v > 0)
			(*pids)[n++] = v;
	return n;
}

static int step(struct reader *r, struct html_page *pg, int root, int model)
{
	const struct json_doc *d = &r->d;
	struct html_event ev = {
		.comm = json_str(d, json_get(d, root, "comm")) ?: "?",
	};
	char *line, *changes, *state;
	long long pid = -1;
	pid_t *pids = NULL;
	bool stateless;
	int err = -1;

	json_int(d, json_get(d, root, "pid"), &pid);
	ev.pid = pid;
	line = event_line(r, root);
	changes = join_lines(d, model);
	/* null: a process too large for the stream to carry (trace_state.c) */
	stateless = d->v[json_get(d, root, "state")].kind == JSON_NULL;
	state = stateless ? NULL : join_lines(d, json_get(d, root, "state"));
	ev.npids = touched(r, root, ev.pid, &pids);
	if (line && changes && (state || stateless) && ev.npids >= 0) {
		ev.line = line;
		ev.changes = changes;
		ev.state = state;
		ev.pids = pids;
		err = html_add(pg, &ev);
	} else {
		fprintf(stderr, WHO ": out of memory\n");
	}
	free(line);
	free(changes);
	free(state);
	free(pids);
	return err ? 1 : 0;
}

/* The counts of a "lost" line: every member but its time and type. */
static unsigned long long lost_count(const struct json_doc *d, int root)
{
	unsigned long long n = 0;
	long long v;
	int i;

	for (i = d->v[root].child; i >= 0; i = d->v[i].next)
		if (strcmp(d->v[i].key, "time_ns") && json_int(d, i, &v) &&
		    v > 0)
			n += v;
	return n;
}

static int one_line(struct reader *r, struct html_page *pg, char *text)
{
	const struct json_doc *d = &r->d;
	const char *type;
	int model;

	if (json_parse(&r->d, text) || d->v[0].kind != JSON_OBJ)
		return bad(r, "not a JSON object (the page reads what "
			   "fdmodel trace --model --json writes)");
	type = json_str(d, json_get(d, 0, "type"));
	if (type && !strcmp(type, "lost")) {
		html_lost(pg, lost_count(d, 0));
		return 0;
	}
	if (json_get(d, 0, "call") < 0)
		return 0;	/* summary, stop-point models, checks */
	r->events++;
	model = json_get(d, 0, "model");
	if (model < 0)
		return 0;
	if (d->v[model].kind != JSON_ARR)
		return bad(r, "its model member is not an array");
	if (d->v[model].child < 0)
		return 0;	/* it changed nothing */
	if (json_get(d, 0, "state") < 0)
		return bad(r, "a model change without its state (made by an "
			   "older fdmodel?)");
	r->steps++;
	return step(r, pg, 0, model);
}

int html_read(struct html_page *pg, FILE *in, const char *name)
{
	struct reader r = { .name = name };
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int status = 0;

	while (!status && (n = getline(&line, &cap, in)) > 0) {
		r.lineno++;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (n)
			status = one_line(&r, pg, line);
	}
	if (!status && ferror(in))
		status = bad(&r, "read error");
	if (!status && r.events && !r.steps) {
		fprintf(stderr, WHO ": %s: no event has a model member: "
			"record it with fdmodel trace --model --json\n", name);
		status = 1;
	}
	free(line);
	json_free(&r.d);
	return status;
}
