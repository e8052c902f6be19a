/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One output line built field by field, as `key=value` text or as a JSON
 * object, so every event type has one field list for both formats.
 */
#ifndef FDMODEL_TRACE_LINE_H
#define FDMODEL_TRACE_LINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Two escaped paths fit, and an event's model changes (trace_model.h). */
#define LINE_SIZE	32768

struct line {
	char buf[LINE_SIZE];
	size_t len;
	bool json;
	bool first;
};

void line_start(struct line *l, bool json);
/* A text column: the value alone, left-aligned in width (JSON: keyed). */
void line_col(struct line *l, const char *key, const char *val, int width);
/* A number as a text column (JSON: keyed). */
void line_col_num(struct line *l, const char *key, int64_t val, int width);
/* Seconds with microseconds, "12.345678", as a text column. */
void line_col_secs(struct line *l, uint64_t ns, int width);
/* "major:minor" of a device number, quoted in JSON. */
void line_dev(struct line *l, const char *key, unsigned int major,
	      unsigned int minor);
void line_str(struct line *l, const char *key, const char *val);
void line_u64(struct line *l, const char *key, uint64_t val);
void line_s64(struct line *l, const char *key, int64_t val);
void line_bool(struct line *l, const char *key, bool val);
/* Flags as /proc/fdmodel writes them, "0100002" (JSON: a number). */
void line_oct(struct line *l, const char *key, uint64_t val);
/* "0x7f1c...", for addresses and masks (JSON: a number). */
void line_hex(struct line *l, const char *key, uint64_t val);
/* A kernel address as its id; "-" (text) or null (JSON) for none. */
void line_id(struct line *l, const char *key, uint64_t addr);
/* A signed value that may be absent: "-" or null when val < 0. */
void line_opt(struct line *l, const char *key, int64_t val);
void line_ints(struct line *l, const char *key, const int32_t *v, int n);
/* JSON only: "key":[ then strings, then ]. */
void line_array_start(struct line *l, const char *key);
void line_array_str(struct line *l, const char *val);
void line_array_end(struct line *l);
/*
 * Write what @l holds so far to @out and empty it, for a member too long
 * for it that the caller writes to @out itself; line_end() closes.
 */
void line_flush(struct line *l, FILE *out);
void line_end(struct line *l, FILE *out);

#endif /* FDMODEL_TRACE_LINE_H */
