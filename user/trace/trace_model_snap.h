/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_MODEL_SNAP_H
#define FDMODEL_TRACE_MODEL_SNAP_H

#include <stddef.h>
#include <stdint.h>
#include "trace_model.h"

/*
 * The model of process @pid as /proc/fdmodel text, its length in @len
 * (malloc'ed, with room for one more byte, as snap_parse() takes it), or
 * NULL when out of memory. A process the model does not hold has the
 * header alone.
 */
char *live_snapshot(const struct live *lv, uint32_t pid, size_t *len);

#endif /* FDMODEL_TRACE_MODEL_SNAP_H */
