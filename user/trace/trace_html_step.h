/* SPDX-License-Identifier: GPL-2.0 */
/* The picture of one step of the trace page. */
#ifndef FDMODEL_TRACE_HTML_STEP_H
#define FDMODEL_TRACE_HTML_STEP_H

#include <stdio.h>
#include "snap.h"

/* What a drawn step says under its picture. */
struct step_drawn {
	int slots;	/* fd slots of the processes drawn */
	int shown;	/* of them, drawn: in each table the changed ones and
			 * the first others, HTML_SLOTS_MAX in all */
	int maps;	/* their file mappings */
	int maps_shown;	/* of them, drawn: the first HTML_MAPS_MAX */
};

/*
 * Write the DOT graph of @after, a snapshot of the processes one event
 * touched, to @dot, with what differs from @before (the same processes
 * before it) marked: show_dot_marked().
 */
int step_dot(const struct snap *before, const struct snap *after, FILE *dot,
	     struct step_drawn *d);

#endif /* FDMODEL_TRACE_HTML_STEP_H */
