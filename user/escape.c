// SPDX-License-Identifier: GPL-2.0
/*
 * The escape rules of escape.h. The octal rule is /proc/mountinfo's,
 * which the module follows (docs/format.md): what it escapes, a value
 * never contains, so a name cannot forge a field or a line.
 */
#include <stdbool.h>
#include "escape.h"

static const char hex[] = "0123456789abcdef";

static bool control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

size_t esc_byte(enum esc how, unsigned char c, char buf[ESC_MAX])
{
	switch (how) {
	case ESC_OCTAL:
		if (c > ' ' && c != '\\' && c < 0x7f)
			break;
		buf[0] = '\\';
		buf[1] = '0' + (c >> 6);
		buf[2] = '0' + ((c >> 3) & 7);
		buf[3] = '0' + (c & 7);
		return 4;
	case ESC_JSON:
		if (!control(c))
			break;
		buf[0] = '\\';
		buf[1] = 'u';
		buf[2] = buf[3] = '0';
		buf[4] = hex[c >> 4];
		buf[5] = hex[c & 0xf];
		return 6;
	case ESC_DOT:
		if (control(c))
			c = '?';
		break;
	}
	if (how != ESC_OCTAL && (c == '"' || c == '\\')) {
		buf[0] = '\\';
		buf[1] = c;
		return 2;
	}
	buf[0] = c;
	return 1;
}

/* True when @how leaves @c as it is. */
static bool plain(enum esc how, unsigned char c)
{
	switch (how) {
	case ESC_OCTAL:
		return c > ' ' && c != '\\' && c < 0x7f;
	case ESC_JSON:
	case ESC_DOT:
		return !control(c) && c != '"' && c != '\\';
	}
	return false;
}

size_t esc_plain(enum esc how, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && plain(how, s[i]); i++)
		;
	return i;
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

void esc_write(FILE *out, enum esc how, const char *s, size_t n)
{
	const char *end = s + n;
	char buf[ESC_MAX];
	size_t run;

	while (s < end) {
		run = esc_plain(how, s, end - s);
		fwrite_unlocked(s, 1, run, out);
		s += run;
		if (s < end)
			fwrite_unlocked(buf, 1, esc_byte(how, *s++, buf), out);
	}
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
