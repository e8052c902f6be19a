/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP output in the kernel selftest style: "TAP version 13", a plan,
 * "ok N desc" / "not ok N desc" and "# " diagnostics.
 */
#ifndef FDTEST_TAP_H
#define FDTEST_TAP_H

#include <stdbool.h>

#define TAP_PRINTF(a, b) __attribute__((format(printf, a, b)))

void tap_plan(int planned);
bool tap_ok(bool cond, const char *fmt, ...) TAP_PRINTF(2, 3);
void tap_skip(const char *fmt, ...) TAP_PRINTF(1, 2);
void tap_diag(const char *fmt, ...) TAP_PRINTF(1, 2);
void tap_bail(const char *fmt, ...) TAP_PRINTF(1, 2)
	__attribute__((noreturn));
void tap_exit(void) __attribute__((noreturn));

/* Checks that need setup to succeed: bail out when they do not. */
#define TAP_REQUIRE(cond, ...)				\
	do {						\
		if (!(cond))				\
			tap_bail(__VA_ARGS__);		\
	} while (0)

#endif
