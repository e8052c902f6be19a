/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_FIELDS_H
#define FDMODEL_TRACE_FIELDS_H

#include "trace.h"
#include "trace_line.h"

/* fields_<type>(): an event's own fields, one per line of FDM_TYPE_LIST. */
#define FIELDS_DECLARE(NAME, name)					\
	void fields_##name(struct line *l, const struct fdm_##name##_event *e);
FDM_TYPE_LIST(FIELDS_DECLARE)
#undef FIELDS_DECLARE

#endif /* FDMODEL_TRACE_FIELDS_H */
