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

/* The type word /proc/fdmodel prints for an inode's mode. */
const char *mode_type(unsigned int mode, unsigned int magic);

/*
 * What /proc/PID/fd/N reads for an opened file: pseudo filesystems name
 * their files by inode number or class, the rest by the dentry walk's
 * path. An anonymous inode's class is its dentry's name, which the walk
 * gives after a "/" (bpf/path.bpf.h).
 */
void file_name(char *buf, size_t size, const struct fdm_open_event *e);

#endif /* FDMODEL_TRACE_FIELDS_H */
