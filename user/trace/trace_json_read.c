// SPDX-License-Identifier: GPL-2.0
/*
 * JSON by recursive descent, bounded in depth so that a hostile file
 * cannot exhaust the stack. Strings are decoded in place: an escape is
 * never shorter than what it stands for (\u00e9 is 6 bytes for 2), so
 * the decoded string and its NUL always fit where the quoted one was.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "trace_json_read.h"

#define JSON_DEPTH	64

struct parser {
	struct json_doc *d;
	char *p;
	int depth;
};

static void skip_ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
	       *ps->p == '\r')
		ps->p++;
}

static int new_node(struct parser *ps, enum json_kind kind)
{
	struct json_doc *d = ps->d;
	struct json_node *v;

	if (d->n == d->cap) {
		v = realloc(d->v, (d->cap * 2 + 64) * sizeof(*v));
		if (!v)
			return -1;
		d->v = v;
		d->cap = d->cap * 2 + 64;
	}
	d->v[d->n] = (struct json_node){ .kind = kind, .child = -1,
					 .next = -1 };
	return d->n++;
}

static int hex4(const char *s, unsigned int *cp)
{
	int i;

	*cp = 0;
	for (i = 0; i < 4; i++) {
		char c = s[i];

		*cp <<= 4;
		if (c >= '0' && c <= '9')
			*cp |= c - '0';
		else if (c >= 'a' && c <= 'f')
			*cp |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			*cp |= c - 'A' + 10;
		else
			return -1;
	}
	return 0;
}

static char *put_utf8(char *out, unsigned int cp)
{
	if (cp < 0x80) {
		*out++ = cp;
	} else if (cp < 0x800) {
		*out++ = 0xc0 | cp >> 6;
		*out++ = 0x80 | (cp & 0x3f);
	} else if (cp < 0x10000) {
		*out++ = 0xe0 | cp >> 12;
		*out++ = 0x80 | (cp >> 6 & 0x3f);
		*out++ = 0x80 | (cp & 0x3f);
	} else {
		*out++ = 0xf0 | cp >> 18;
		*out++ = 0x80 | (cp >> 12 & 0x3f);
		*out++ = 0x80 | (cp >> 6 & 0x3f);
		*out++ = 0x80 | (cp & 0x3f);
	}
	return out;
}

/* \uXXXX at @in (after the backslash), a surrogate pair as one. */
static int unicode_escape(char **in, char **out)
{
	unsigned int cp, lo;

	if (hex4(*in + 1, &cp))
		return -1;
	*in += 5;
	if (cp >= 0xd800 && cp < 0xdc00 && (*in)[0] == '\\' &&
	    (*in)[1] == 'u' && !hex4(*in + 2, &lo) && lo >= 0xdc00 &&
	    lo < 0xe000) {
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		*in += 6;
	}
	*out = put_utf8(*out, cp);
	return 0;
}

/* The string at ps->p (its opening quote), decoded in place. */
static const char *string(struct parser *ps, size_t *len)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	char *in = ps->p + 1, *out = in, *start = in;
	const char *c;

	while (*in != '"') {
		if ((unsigned char)*in < 0x20)	/* and the NUL at the end */
			return NULL;
		if (*in != '\\') {
			*out++ = *in++;
			continue;
		}
		if (in[1] == 'u') {
			if (unicode_escape(&in, &out))
				return NULL;
			continue;
		}
		c = in[1] ? strchr(from, in[1]) : NULL;
		if (!c)
			return NULL;
		*out++ = to[c - from];
		in += 2;
	}
	ps->p = in + 1;
	*out = '\0';
	*len = out - start;
	return start;
}

static int value(struct parser *ps);

/* The members or elements of the container node @i, up to @close. */
static int members(struct parser *ps, int i, char close)
{
	bool obj = close == '}';
	const char *key = NULL;
	int last = -1, kid;
	size_t len;

	ps->p++;
	skip_ws(ps);
	if (*ps->p == close) {
		ps->p++;
		return i;
	}
	for (;;) {
		skip_ws(ps);
		if (obj) {
			if (*ps->p != '"' || !(key = string(ps, &len)))
				return -1;
			skip_ws(ps);
			if (*ps->p++ != ':')
				return -1;
		}
		kid = value(ps);
		if (kid < 0)
			return -1;
		ps->d->v[kid].key = key;
		if (last < 0)
			ps->d->v[i].child = kid;
		else
			ps->d->v[last].next = kid;
		last = kid;
		skip_ws(ps);
		if (*ps->p == close) {
			ps->p++;
			return i;
		}
		if (*ps->p++ != ',')
			return -1;
	}
}

static int container(struct parser *ps, enum json_kind kind, char close)
{
	int i;

	if (++ps->depth > JSON_DEPTH)
		return -1;
	i = new_node(ps, kind);
	if (i >= 0)
		i = members(ps, i, close);
	ps->depth--;
	return i;
}

/* A number, true, false or null: kept as written. */
static int scalar(struct parser *ps)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t n = strspn(ps->p, "+-.0123456789eE"), k;
	enum json_kind kind = JSON_NUM;
	int i;

	if (!n) {
		for (k = 0; k < 3; k++)
			if (!strncmp(ps->p, words[k], strlen(words[k])))
				break;
		if (k == 3)
			return -1;
		n = strlen(words[k]);
		kind = k < 2 ? JSON_BOOL : JSON_NULL;
	}
	i = new_node(ps, kind);
	if (i < 0)
		return -1;
	ps->d->v[i].s = ps->p;
	ps->d->v[i].len = n;
	ps->p += n;
	return i;
}

static int value(struct parser *ps)
{
	int i;

	skip_ws(ps);
	switch (*ps->p) {
	case '{':
		return container(ps, JSON_OBJ, '}');
	case '[':
		return container(ps, JSON_ARR, ']');
	case '"':
		i = new_node(ps, JSON_STR);
		if (i < 0)
			return -1;
		ps->d->v[i].s = string(ps, &ps->d->v[i].len);
		return ps->d->v[i].s ? i : -1;
	default:
		return scalar(ps);
	}
}

int json_parse(struct json_doc *d, char *text)
{
	struct parser ps = { .d = d, .p = text };

	d->n = 0;
	if (value(&ps) < 0)
		return -1;
	skip_ws(&ps);
	return *ps.p ? -1 : 0;
}

void json_free(struct json_doc *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

int json_get(const struct json_doc *d, int obj, const char *key)
{
	int i;

	if (obj < 0 || d->v[obj].kind != JSON_OBJ)
		return -1;
	for (i = d->v[obj].child; i >= 0; i = d->v[i].next)
		if (!strcmp(d->v[i].key, key))
			return i;
	return -1;
}

const char *json_str(const struct json_doc *d, int i)
{
	return i >= 0 && d->v[i].kind == JSON_STR ? d->v[i].s : NULL;
}

bool json_int(const struct json_doc *d, int i, long long *v)
{
	char buf[24], *end;

	if (i < 0 || d->v[i].kind != JSON_NUM || d->v[i].len >= sizeof(buf))
		return false;
	memcpy(buf, d->v[i].s, d->v[i].len);
	buf[d->v[i].len] = '\0';
	errno = 0;
	*v = strtoll(buf, &end, 10);
	return !errno && end != buf && !*end;
}
