// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal TAP producer. Output is line buffered so that TAP lines and the
 * stdout of forked children never interleave inside a line, and so that a
 * crash loses nothing already reported.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "tap.h"

static int tap_planned;
static int tap_count;
static int tap_failed;

void tap_plan(int planned)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	tap_planned = planned;
	printf("TAP version 13\n1..%d\n", planned);
}

static void tap_vline(const char *prefix, const char *fmt, va_list ap,
		      const char *suffix)
{
	printf("%s %d ", prefix, ++tap_count);
	vprintf(fmt, ap);
	printf("%s\n", suffix);
	fflush(stdout);
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vline(cond ? "ok" : "not ok", fmt, ap, "");
	va_end(ap);
	if (!cond)
		tap_failed++;
	return cond;
}

void tap_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vline("ok", fmt, ap, " # SKIP");
	va_end(ap);
}

void tap_diag(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	va_end(ap);
	errno = saved;
}

void tap_bail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("Bail out! ");
	vprintf(fmt, ap);
	printf(" (errno %d: %s)\n", errno, strerror(errno));
	fflush(stdout);
	va_end(ap);
	exit(2);
}

void tap_exit(void)
{
	if (tap_count != tap_planned) {
		tap_diag("planned %d tests but ran %d", tap_planned,
			 tap_count);
		exit(1);
	}
	exit(tap_failed ? 1 : 0);
}
