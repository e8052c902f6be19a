/* SPDX-License-Identifier: GPL-2.0 */
/* The trace page's HTML document, from its steps and their pictures. */
#ifndef FDMODEL_TRACE_HTML_PAGE_H
#define FDMODEL_TRACE_HTML_PAGE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>
#include "trace_html_step.h"

struct page_step {
	char *line;		/* the event line */
	char *changes;		/* the words, a line each */
	char *proc;		/* "pid 812 dup_fanout" */
	char *pids;		/* the processes drawn, "812, 813" */
	int others;		/* processes traced then, not drawn */
	bool drawn;		/* has a picture (HTML_DRAWN_MAX) */
	bool stateless;		/* the stream left its state out */
	struct step_drawn d;
	const char *svg;	/* its <svg>...</svg>, in dot's output */
	size_t svg_len;
};

struct page {
	struct page_step *steps;
	int nsteps;
	unsigned long long lost;	/* events the stream says it lost */
	unsigned long long unlisted;	/* steps after HTML_STEPS_MAX */
};

/* Write the whole document; false on a write error. */
bool page_write(FILE *out, const struct page *pg);

#endif /* FDMODEL_TRACE_HTML_PAGE_H */
