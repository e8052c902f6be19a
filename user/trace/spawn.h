/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_SPAWN_H
#define FDMODEL_SPAWN_H

#include <sys/types.h>

/* A command forked but stopped before exec until the tracer is ready. */
struct spawn {
	pid_t pid;
	int err_fd;	/* errno of a failed exec; EOF when exec worked */
};

int spawn_stopped(char **argv, struct spawn *s);
/* Let it exec; 0, or the errno exec failed with. */
int spawn_release(struct spawn *s);
/* Give up on a held command: it dies without running. */
void spawn_abandon(struct spawn *s);

#endif /* FDMODEL_SPAWN_H */
