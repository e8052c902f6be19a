/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_MODEL_CHECK_H
#define FDMODEL_TRACE_MODEL_CHECK_H

#include "model.h"

/* What a model check found, each difference one sentence. */
struct check {
	int slots, files, watches, maps;	/* in the trace's model */
	char **diff;
	int ndiff;
	bool oom;
};

/*
 * Compare the trace's model of a process (@mine, built from its
 * live_snapshot()) with the kernel's (@kernel, from /proc/fdmodel): the
 * tasks and their tables, each slot (open file, close-on-exec), each
 * open file (offset, status flags, access mode, references, inode),
 * each watch, and which open files mappings hold. A value the model
 * does not know ("?", or a missing field) is not a difference.
 */
void check_models(const struct model *mine, const struct model *kernel,
		  struct check *c);
void check_free(struct check *c);

#endif /* FDMODEL_TRACE_MODEL_CHECK_H */
