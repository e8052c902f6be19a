// SPDX-License-Identifier: GPL-2.0
/*
 * The escape rules of escape.h. The octal rule is /proc/mountinfo's,
 * which the module follows (docs/format.md): what it escapes, a value
 * never contains, so a name cannot forge a field or a line.
 */
#include <stdbool.h>
#include "escape.h"

static const char hex[] = "0123456789abcdef";

size_t esc_byte(enum esc how, unsigned char c, char buf[ESC_MAX])
{
	if (esc_plain(how, c)) {
		buf[0] = c;
		return 1;
	}
	if (how == ESC_OCTAL) {
		buf[0] = '\\';
		buf[1] = '0' + (c >> 6);
		buf[2] = '0' + ((c >> 3) & 7);
		buf[3] = '0' + (c & 7);
		return 4;
	}
	/* JSON and DOT: a quote or a backslash, or a control byte. */
	if (c == '"' || c == '\\') {
		buf[0] = '\\';
		buf[1] = c;
		return 2;
	}
	if (how == ESC_DOT) {
		buf[0] = '?';
		return 1;
	}
	buf[0] = '\\';
	buf[1] = 'u';
	buf[2] = buf[3] = '0';
	buf[4] = hex[c >> 4];
	buf[5] = hex[c & 0xf];
	return 6;
}

static bool octal(char c)
{
	return c >= '0' && c <= '7';
}

const char *esc_undo(const char *in, unsigned char *c)
{
	if (in[0] == '\\' && octal(in[1]) && octal(in[2]) && octal(in[3])) {
		*c = (in[1] - '0') << 6 | (in[2] - '0') << 3 | (in[3] - '0');
		return in + 4;
	}
	*c = *in;
	return in + 1;
}

void esc_recode(FILE *out, enum esc how, const char *s)
{
	char buf[ESC_MAX];
	unsigned char c;

	while (*s) {
		/* \000 too: an abstract unix name (sock_path) holds NULs. */
		s = esc_undo(s, &c);
		fwrite(buf, 1, esc_byte(how, c, buf), out);
	}
}
