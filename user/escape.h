/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Escaping, in one place: /proc/fdmodel's \ooo octal escapes (written
 * by `fdmodel trace`, undone by `fdmodel show`), and the JSON and DOT
 * string escapes the views write. A value escaped one way can be
 * recoded into another without a copy.
 */
#ifndef FDMODEL_ESCAPE_H
#define FDMODEL_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

enum esc {
	ESC_OCTAL,	/* space, tab, newline, backslash, unprintable: \ooo */
	ESC_JSON,	/* RFC 8259: \" \\ and \u00XX for control bytes */
	ESC_DOT,	/* \" \\; control bytes, which dot cannot show, as ? */
};

#define ESC_MAX		6	/* the longest escape of one byte: \u001f */

/* Write @c escaped for @how to @buf; its length. */
size_t esc_byte(enum esc how, unsigned char c, char buf[ESC_MAX]);

/*
 * The byte at @in with its \ooo escape undone, and where the next one
 * starts. A backslash not followed by three octal digits is itself.
 */
const char *esc_undo(const char *in, unsigned char *c);

/* How many of the @n bytes at @s @how leaves as they are, from the first. */
size_t esc_plain(enum esc how, const char *s, size_t n);

/*
 * Write the @n bytes at @s to @out escaped for @how, the runs that need
 * no escape in one write each: the live model's state is mostly such runs.
 */
void esc_write(FILE *out, enum esc how, const char *s, size_t n);

/* Write the \ooo-escaped @s to @out escaped for @how instead. */
void esc_recode(FILE *out, enum esc how, const char *s);

#endif /* FDMODEL_ESCAPE_H */
