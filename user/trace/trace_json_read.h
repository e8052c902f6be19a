/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small reader for one JSON text (RFC 8259), enough for the JSON Lines
 * `fdmodel trace --json` writes: `fdmodel trace --html -i` reads them
 * back. The text is parsed in place: strings are decoded into it and
 * NUL-terminated there, so nodes point into it and nothing is copied.
 */
#ifndef FDMODEL_TRACE_JSON_READ_H
#define FDMODEL_TRACE_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>

enum json_kind { JSON_NULL, JSON_BOOL, JSON_NUM, JSON_STR, JSON_ARR, JSON_OBJ };

struct json_node {
	enum json_kind kind;
	const char *key;	/* a member's name, decoded; NULL in an array */
	const char *s;		/* a string, decoded; a number or bool as written */
	size_t len;		/* of @s (numbers and bools are not terminated) */
	int child;		/* first member or element, or -1 */
	int next;		/* next sibling, or -1 */
};

/* The nodes of one text; node 0 is its value. */
struct json_doc {
	struct json_node *v;
	int n, cap;
};

/*
 * Parse @text (NUL-terminated, changed in place) into @d, whose nodes are
 * reused from a previous parse. 0, or -1 when it is not one JSON value
 * (or on no memory).
 */
int json_parse(struct json_doc *d, char *text);
void json_free(struct json_doc *d);

/* The member @key of object node @obj, or -1. */
int json_get(const struct json_doc *d, int obj, const char *key);
/* Node @i's string, or NULL when it is not a string (or @i < 0). */
const char *json_str(const struct json_doc *d, int i);
/* Node @i as an integer; false when it is not an integer. */
bool json_int(const struct json_doc *d, int i, long long *v);

#endif /* FDMODEL_TRACE_JSON_READ_H */
