/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic per-fd oracle: one fd line against stat(2), fdinfo and
 * readlink of the same slot.
 */
#ifndef FDTEST_CROSSCHECK_H
#define FDTEST_CROSSCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "snapshot.h"

enum {
	FDCHK_INO = 1 << 0,
	FDCHK_DEV = 1 << 1,
	FDCHK_TYPE = 1 << 2,
	FDCHK_NLINK = 1 << 3,
	FDCHK_SIZE = 1 << 4,
	FDCHK_PERM = 1 << 5,
	FDCHK_POS = 1 << 6,
	FDCHK_FLAGS = 1 << 7,
	FDCHK_MODE = 1 << 8,
	FDCHK_PATH = 1 << 9,
	FDCHK_GONE = 1 << 30,	/* the slot no longer exists */
};

/* Returns the keys that disagree (0: all agree); why names them. */
int check_fd_line(const struct fm_snap *s, const struct fm_line *l,
		  char *why, size_t whysz);

/*
 * check_fd_line() for fds[0..n) of (pid, tid): true when every line exists
 * and agrees; each disagreement is reported as a TAP diagnostic.
 */
bool check_fds(const struct fm_snap *s, pid_t pid, pid_t tid,
	       const int *fds, int n);

bool maps_match(const struct fm_snap *s, pid_t pid, pid_t maps_pid);

/* fm_validate() reporting its first complaint as a TAP diagnostic. */
bool fm_valid(const struct fm_snap *s);

/* mode= as the kernel derives f_mode from the open flags. */
const char *flags_mode(unsigned int flags);

#endif
