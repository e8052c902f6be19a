/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_MODEL_SHOW_H
#define FDMODEL_TRACE_MODEL_SHOW_H

#include <stdint.h>
#include "trace_model.h"
#include "trace_print.h"

/* Where a process's model started: "fdmodel" or "procfs". */
void live_print_start(struct printer *p, uint32_t pid, const char *source,
		      uint64_t ts);
/* Events were lost: every model is unsure; @then says what follows. */
void live_print_unsure(struct printer *p, uint64_t ts, const char *then);
/*
 * The whole model of process @pid, as `fdmodel show` prints it (text:
 * the default view; JSON: one "model" line with show --json's document
 * as "snapshot"), then, with p->check, the model check.
 */
void live_print_model(struct printer *p, uint32_t pid, uint64_t ts);
/* The same for every process of the model (SIGUSR1). */
void live_print_all(struct printer *p, uint64_t ts);

#endif /* FDMODEL_TRACE_MODEL_SHOW_H */
