// SPDX-License-Identifier: GPL-2.0
/* Small helpers the views of `fdmodel show` share. */
#include <stdio.h>
#include "show.h"

void slot_name(const struct model *m, int slot, int viewer, char *buf,
	       size_t sz)
{
	const struct m_slot *entry = &m->slot[slot];
	const struct m_task *t = &m->task[entry->task];

	if (viewer >= 0 && m->task[viewer].table == t->table)
		snprintf(buf, sz, "fd %d", entry->fd);
	else
		snprintf(buf, sz, "pid %lld fd %d", t->pid.v, entry->fd);
}
