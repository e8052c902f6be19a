/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_STATE_H
#define FDMODEL_TRACE_STATE_H

#include "trace.h"
#include "trace_line.h"
#include "trace_print.h"

/* Slots and mappings of a process beyond which its state is left out. */
#define STATE_MAX	512

/*
 * --model --json, after the "model" member of an event that changed the
 * model: "state_pids", the processes it touched (the caller; fork: and
 * the child), and "state", their /proc/fdmodel lines after it (none for
 * a process gone), so that `fdmodel trace --html -i` redraws each step
 * from the saved stream alone; null when one has more than STATE_MAX
 * slots and mappings. Written straight to @p's output, as a process's
 * lines can be longer than any line buffer.
 */
void state_print(struct line *l, struct printer *p, const struct fdm_head *h);

#endif /* FDMODEL_TRACE_STATE_H */
