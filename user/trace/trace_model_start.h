/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_MODEL_START_H
#define FDMODEL_TRACE_MODEL_START_H

#include <stdint.h>
#include <sys/types.h>
#include "trace_model.h"

/* Process @pid into the model from /proc/fdmodel (module loaded). */
int live_start_fdmodel(struct live *lv, pid_t pid);
/* The same from /proc/PID/{task,fd,fdinfo,maps} and kcmp. */
int live_start_procfs(struct live *lv, pid_t pid);
/*
 * Read process @pid anew from /proc/fdmodel after a loss; events that
 * began before @ts (CLOCK_MONOTONIC ns, taken before the read) are in
 * it and no longer applied.
 */
int live_resync(struct live *lv, pid_t pid, uint64_t ts);

#endif /* FDMODEL_TRACE_MODEL_START_H */
