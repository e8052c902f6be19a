// SPDX-License-Identifier: GPL-2.0
/*
 * Output lines for `fdmodel trace`. Written by hand rather than with
 * printf: the collector formats up to a million events a second.
 *
 * Text values are escaped as /proc/fdmodel escapes them (\ooo octal for
 * space, tab, newline, backslash and anything unprintable), so a comm can
 * never forge a field or a line; JSON strings are escaped per RFC 8259.
 */
#include <inttypes.h>
#include <string.h>
#include "escape.h"
#include "trace_ids.h"
#include "trace_line.h"

static void put(struct line *l, const char *s, size_t n)
{
	if (n > LINE_SIZE - 2 - l->len)	/* keep room for "}\n" */
		n = LINE_SIZE - 2 - l->len;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

static void puts_(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

static void put_u64(struct line *l, uint64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);

	do {
		*--p = '0' + v % 10;
		v /= 10;
	} while (v);
	put(l, p, tmp + sizeof(tmp) - p);
}

static void put_s64(struct line *l, int64_t v)
{
	if (v < 0) {
		put(l, "-", 1);
		put_u64(l, -(uint64_t)v);
	} else {
		put_u64(l, v);
	}
}

static void put_escaped(struct line *l, const char *s)
{
	enum esc how = l->json ? ESC_JSON : ESC_OCTAL;
	char esc[ESC_MAX];

	for (; *s; s++)
		put(l, esc, esc_byte(how, *s, esc));
}

static void put_key(struct line *l, const char *key)
{
	if (l->json) {
		puts_(l, l->first ? "\"" : ",\"");
		puts_(l, key);
		puts_(l, "\":");
	} else {
		if (!l->first)
			put(l, " ", 1);
		puts_(l, key);
		put(l, "=", 1);
	}
	l->first = false;
}

static void pad_from(struct line *l, size_t start, int width)
{
	while ((int)(l->len - start) < width && l->len < LINE_SIZE - 2)
		l->buf[l->len++] = ' ';
}

void line_start(struct line *l, bool json)
{
	l->len = 0;
	l->json = json;
	l->first = true;
	if (json)
		put(l, "{", 1);
}

void line_col(struct line *l, const char *key, const char *val, int width)
{
	size_t start;

	if (l->json) {
		line_str(l, key, val);
		return;
	}
	if (!l->first)
		put(l, " ", 1);
	l->first = false;
	start = l->len;
	put_escaped(l, val);
	pad_from(l, start, width);
}

void line_col_num(struct line *l, const char *key, int64_t val, int width)
{
	size_t start;

	if (l->json) {
		line_s64(l, key, val);
		return;
	}
	if (!l->first)
		put(l, " ", 1);
	l->first = false;
	start = l->len;
	put_s64(l, val);
	pad_from(l, start, width);
}

void line_col_secs(struct line *l, uint64_t ns, int width)
{
	uint64_t us = ns / 1000 % 1000000;
	size_t start;
	char frac[7];
	int i;

	if (!l->first)
		put(l, " ", 1);
	l->first = false;
	start = l->len;
	put_u64(l, ns / 1000000000);
	for (i = 5; i >= 0; i--, us /= 10)
		frac[i + 1] = '0' + us % 10;
	frac[0] = '.';
	put(l, frac, sizeof(frac));
	pad_from(l, start, width);
}

void line_dev(struct line *l, const char *key, unsigned int major,
	      unsigned int minor)
{
	put_key(l, key);
	if (l->json)
		put(l, "\"", 1);
	put_u64(l, major);
	put(l, ":", 1);
	put_u64(l, minor);
	if (l->json)
		put(l, "\"", 1);
}

void line_str(struct line *l, const char *key, const char *val)
{
	put_key(l, key);
	if (l->json)
		put(l, "\"", 1);
	put_escaped(l, val);
	if (l->json)
		put(l, "\"", 1);
}

void line_u64(struct line *l, const char *key, uint64_t val)
{
	put_key(l, key);
	put_u64(l, val);
}

void line_s64(struct line *l, const char *key, int64_t val)
{
	put_key(l, key);
	put_s64(l, val);
}

void line_bool(struct line *l, const char *key, bool val)
{
	put_key(l, key);
	if (l->json)
		puts_(l, val ? "true" : "false");
	else
		put(l, val ? "1" : "0", 1);
}

void line_id(struct line *l, const char *key, uint64_t addr)
{
	char id[ID_LEN];

	put_key(l, key);
	if (!addr) {
		puts_(l, l->json ? "null" : "-");
		return;
	}
	id_format(id, addr);
	if (l->json)
		put(l, "\"", 1);
	put(l, id, 16);
	if (l->json)
		put(l, "\"", 1);
}

void line_opt(struct line *l, const char *key, int64_t val)
{
	if (val < 0) {
		put_key(l, key);
		puts_(l, l->json ? "null" : "-");
		return;
	}
	line_s64(l, key, val);
}

void line_ints(struct line *l, const char *key, const int32_t *v, int n)
{
	int i;

	put_key(l, key);
	if (l->json)
		put(l, "[", 1);
	else if (!n)
		put(l, "-", 1);
	for (i = 0; i < n; i++) {
		if (i)
			put(l, ",", 1);
		put_s64(l, v[i]);
	}
	if (l->json)
		put(l, "]", 1);
}

void line_end(struct line *l, FILE *out)
{
	if (l->json)
		l->buf[l->len++] = '}';
	l->buf[l->len++] = '\n';
	fwrite_unlocked(l->buf, 1, l->len, out);
}
