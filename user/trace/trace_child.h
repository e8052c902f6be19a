/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_CHILD_H
#define FDMODEL_TRACE_CHILD_H

#include <sys/types.h>

/* A command forked but stopped before exec until the tracer is ready. */
struct child {
	pid_t pid;
	int err_fd;	/* errno of a failed exec; EOF when exec worked */
};

int child_fork_held(char **argv, struct child *c);
/* Let it exec; 0, or the errno exec failed with. */
int child_release(struct child *c);
/* Give up on a held command: it dies without running. */
void child_abandon(struct child *c);

#endif /* FDMODEL_TRACE_CHILD_H */
