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
		snprintf(buf, sz, "pid %d fd %d", t->pid, entry->fd);
}

static int octal(char c)
{
	return c >= '0' && c <= '7';
}

void unescape(const char *in, char *out)
{
	while (*in) {
		if (in[0] == '\\' && octal(in[1]) && octal(in[2]) &&
		    octal(in[3])) {
			*out++ = (in[1] - '0') << 6 | (in[2] - '0') << 3 |
				 (in[3] - '0');
			in += 4;
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
}
