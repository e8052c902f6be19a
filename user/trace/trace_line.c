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

#define NUM_SIZE	21	/* "-9223372036854775808" and its NUL */

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

/* @v's decimal digits, written backwards to end at @end; their start. */
static char *digits(char *end, uint64_t v)
{
	do {
		*--end = '0' + v % 10;
		v /= 10;
	} while (v);
	return end;
}

/* @v in decimal, NUL-terminated, at the end of @buf; its start. */
static char *fmt_s64(char buf[NUM_SIZE], int64_t v)
{
	char *p = buf + NUM_SIZE - 1;

	*p = '\0';
	p = digits(p, v < 0 ? -(uint64_t)v : (uint64_t)v);
	if (v < 0)
		*--p = '-';
	return p;
}

static void put_u64(struct line *l, uint64_t v)
{
	char num[NUM_SIZE], *end = num + sizeof(num);
	char *p = digits(end, v);

	put(l, p, end - p);
}

static void put_s64(struct line *l, int64_t v)
{
	char num[NUM_SIZE];

	puts_(l, fmt_s64(num, v));
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

void line_start(struct line *l, bool json)
{
	l->len = 0;
	l->json = json;
	l->first = true;
	if (json)
		put(l, "{", 1);
}

/* A text column: a space after the last, @val escaped, padded to @width. */
static void put_col(struct line *l, const char *val, int width)
{
	size_t start;

	if (!l->first)
		put(l, " ", 1);
	l->first = false;
	start = l->len;
	put_escaped(l, val);
	while ((int)(l->len - start) < width && l->len < LINE_SIZE - 2)
		l->buf[l->len++] = ' ';
}

void line_col(struct line *l, const char *key, const char *val, int width)
{
	if (l->json)
		line_str(l, key, val);
	else
		put_col(l, val, width);
}

void line_col_num(struct line *l, const char *key, int64_t val, int width)
{
	char num[NUM_SIZE];

	if (l->json)
		line_s64(l, key, val);
	else
		put_col(l, fmt_s64(num, val), width);
}

void line_col_secs(struct line *l, uint64_t ns, int width)
{
	uint64_t us = ns / 1000 % 1000000;
	char secs[NUM_SIZE + 7], *p = secs + sizeof(secs);
	int i;

	*--p = '\0';
	for (i = 0; i < 6; i++, us /= 10)
		*--p = '0' + us % 10;
	*--p = '.';
	put_col(l, digits(p, ns / 1000000000), width);
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

/* @val in @base (8 or 16) with C's prefix; JSON has plain numbers. */
static void put_based(struct line *l, const char *key, uint64_t val,
		      unsigned int base)
{
	char num[24], *p = num + sizeof(num);

	put_key(l, key);
	if (l->json) {
		put_u64(l, val);
		return;
	}
	do {
		*--p = "0123456789abcdef"[val % base];
		val /= base;
	} while (val);
	if (base == 16) {
		*--p = 'x';
		*--p = '0';
	} else if (*p != '0') {
		*--p = '0';
	}
	put(l, p, num + sizeof(num) - p);
}

void line_oct(struct line *l, const char *key, uint64_t val)
{
	put_based(l, key, val, 8);
}

void line_hex(struct line *l, const char *key, uint64_t val)
{
	put_based(l, key, val, 16);
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

void line_array_start(struct line *l, const char *key)
{
	put_key(l, key);
	put(l, "[", 1);
	l->first = true;
}

void line_array_str(struct line *l, const char *val)
{
	if (!l->first)
		put(l, ",", 1);
	l->first = false;
	put(l, "\"", 1);
	put_escaped(l, val);
	put(l, "\"", 1);
}

void line_array_end(struct line *l)
{
	put(l, "]", 1);
	l->first = false;
}

void line_flush(struct line *l, FILE *out)
{
	fwrite_unlocked(l->buf, 1, l->len, out);
	l->len = 0;
}

void line_end(struct line *l, FILE *out)
{
	if (l->json)
		l->buf[l->len++] = '}';
	l->buf[l->len++] = '\n';
	fwrite_unlocked(l->buf, 1, l->len, out);
}
