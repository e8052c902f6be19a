// SPDX-License-Identifier: GPL-2.0
/*
 * Undoing the \ooo escapes of comm= and path= (the /proc/self/mountinfo
 * convention), so values can be compared with what the kernel's own
 * interfaces (readlink, /proc/PID/comm) return raw.
 */
#include <string.h>

#include "snapshot.h"

static int octal(char c)
{
	return c >= '0' && c <= '7' ? c - '0' : -1;
}

ssize_t fm_unescape(const char *in, char *out, size_t outsz)
{
	size_t n = 0;

	while (*in) {
		char c = *in++;

		if (c == '\\') {
			int a, b, d;

			if (!in[0] || !in[1] || !in[2])
				return -1;
			a = octal(in[0]);
			b = octal(in[1]);
			d = octal(in[2]);
			if (a < 0 || b < 0 || d < 0 || a > 3)
				return -1;
			c = (char)(a << 6 | b << 3 | d);
			in += 3;
		}
		if (n + 1 >= outsz)
			return -1;
		out[n++] = c;
	}
	out[n] = '\0';
	return n;
}

/* Does field @key of @l unescape to exactly @raw? */
bool fm_path_is(const struct fm_line *l, const char *key, const char *raw)
{
	const char *v = fm_get(l, key);
	char buf[8192];

	return v && fm_unescape(v, buf, sizeof(buf)) >= 0 &&
	       !strcmp(buf, raw);
}
