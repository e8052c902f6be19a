// SPDX-License-Identifier: GPL-2.0
/*
 * Output lines for `fdmodel trace`. Written by hand rather than with
 * printf: the collector formats several million events a second.
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

/*
 * The bytes written so far end at len; line_end() needs 2 more, so a
 * line is cut at LINE_SIZE - 2. The puts inline: a line is a few dozen
 * of them, mostly of a few bytes each, where a call to strlen() and one
 * to memcpy() would cost more than the bytes.
 */
static inline size_t room(const struct line *l)
{
	return LINE_SIZE - 2 - l->len;
}

static inline void put(struct line *l, const char *s, size_t n)
{
	if (n > room(l))
		n = room(l);
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

static inline void put_char(struct line *l, char c)
{
	if (room(l))
		l->buf[l->len++] = c;
}

/* A short NUL-terminated string, such as a key, copied as it is read. */
static inline void puts_(struct line *l, const char *s)
{
	char *p = l->buf + l->len, *end = l->buf + LINE_SIZE - 2;

	while (*s && p < end)
		*p++ = *s++;
	l->len = p - l->buf;
}

/* "00" to "99": two digits per division, the chain of them halved. */
static const char digit_pairs[200] =
	"0001020304050607080910111213141516171819"
	"2021222324252627282930313233343536373839"
	"4041424344454647484950515253545556575859"
	"6061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* @v's decimal digits, written backwards to end at @end; their start. */
static char *digits(char *end, uint64_t v)
{
	for (; v >= 100; v /= 100) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * (v % 100), 2);
	}
	if (v < 10) {
		*--end = '0' + v;
		return end;
	}
	end -= 2;
	memcpy(end, digit_pairs + 2 * v, 2);
	return end;
}

/* How many decimal digits @v has. */
static size_t ndigits(uint64_t v)
{
	size_t n = 1;

	for (; v >= 10000; v /= 10000)
		n += 4;
	return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

/* @v in decimal, written in place when the line has room for any. */
static void put_u64(struct line *l, uint64_t v)
{
	char num[NUM_SIZE], *end = num + sizeof(num), *p;
	size_t n;

	if (room(l) < NUM_SIZE) {
		p = digits(end, v);
		put(l, p, end - p);
		return;
	}
	n = ndigits(v);
	digits(l->buf + l->len + n, v);
	l->len += n;
}

static void put_s64(struct line *l, int64_t v)
{
	if (v < 0)
		put_char(l, '-');
	put_u64(l, v < 0 ? -(uint64_t)v : (uint64_t)v);
}

/* Runs of plain bytes are copied whole; esc_byte() writes the others. */
static void put_escaped(struct line *l, const char *s)
{
	enum esc how = l->json ? ESC_JSON : ESC_OCTAL;
	size_t n = strlen(s), run;
	char esc[ESC_MAX];

	while (*s) {
		run = esc_plain(how, s, n);
		put(l, s, run);
		s += run;
		n -= run;
		if (*s) {
			put(l, esc, esc_byte(how, *s++, esc));
			n--;
		}
	}
}

static void put_key(struct line *l, const char *key)
{
	if (l->json) {
		if (!l->first)
			put_char(l, ',');
		put_char(l, '"');
		puts_(l, key);
		put(l, "\":", 2);
	} else {
		if (!l->first)
			put_char(l, ' ');
		puts_(l, key);
		put_char(l, '=');
	}
	l->first = false;
}

void line_start(struct line *l, bool json)
{
	l->len = 0;
	l->json = json;
	l->first = true;
	if (json)
		put_char(l, '{');
}

/* A text column starts: a space after the last; where its value starts. */
static size_t col_start(struct line *l)
{
	if (!l->first)
		put_char(l, ' ');
	l->first = false;
	return l->len;
}

/* A text column ends: its value, from @start, padded to @width. */
static void col_pad(struct line *l, size_t start, int width)
{
	size_t want = start + (width > 0 ? width : 0);

	if (want > LINE_SIZE - 2)
		want = LINE_SIZE - 2;
	if (l->len < want) {
		memset(l->buf + l->len, ' ', want - l->len);
		l->len = want;
	}
}

void line_col(struct line *l, const char *key, const char *val, int width)
{
	size_t start;

	if (l->json) {
		line_str(l, key, val);
		return;
	}
	start = col_start(l);
	put_escaped(l, val);
	col_pad(l, start, width);
}

/* Digits and a minus sign need no escape. */
void line_col_num(struct line *l, const char *key, int64_t val, int width)
{
	size_t start;

	if (l->json) {
		line_s64(l, key, val);
		return;
	}
	start = col_start(l);
	put_s64(l, val);
	col_pad(l, start, width);
}

void line_col_secs(struct line *l, uint64_t ns, int width)
{
	uint64_t us = ns / 1000 % 1000000;
	char secs[NUM_SIZE + 7], *end = secs + sizeof(secs), *p = end;
	size_t start;
	int i;

	for (i = 0; i < 6; i++, us /= 10)
		*--p = '0' + us % 10;
	*--p = '.';
	p = digits(p, ns / 1000000000);
	start = col_start(l);
	put(l, p, end - p);
	col_pad(l, start, width);
}

void line_dev(struct line *l, const char *key, unsigned int major,
	      unsigned int minor)
{
	put_key(l, key);
	if (l->json)
		put_char(l, '"');
	put_u64(l, major);
	put_char(l, ':');
	put_u64(l, minor);
	if (l->json)
		put_char(l, '"');
}

void line_str(struct line *l, const char *key, const char *val)
{
	put_key(l, key);
	if (l->json)
		put_char(l, '"');
	put_escaped(l, val);
	if (l->json)
		put_char(l, '"');
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
		put_char(l, val ? '1' : '0');
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
		put_char(l, '"');
	put(l, id, 16);
	if (l->json)
		put_char(l, '"');
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
		put_char(l, '[');
	else if (!n)
		put_char(l, '-');
	for (i = 0; i < n; i++) {
		if (i)
			put_char(l, ',');
		put_s64(l, v[i]);
	}
	if (l->json)
		put_char(l, ']');
}

void line_array_start(struct line *l, const char *key)
{
	put_key(l, key);
	put_char(l, '[');
	l->first = true;
}

void line_array_str(struct line *l, const char *val)
{
	if (!l->first)
		put_char(l, ',');
	l->first = false;
	put_char(l, '"');
	put_escaped(l, val);
	put_char(l, '"');
}

void line_array_end(struct line *l)
{
	put_char(l, ']');
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
