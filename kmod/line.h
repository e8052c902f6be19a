/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A line assembled in one buffer and handed to seq_file in one write.
 *
 * The fd line is printed once per fd, a million times for a million fds.
 * Printed field by field, seq_printf() re-parses its format and
 * seq_puts()/seq_put_decimal_*() pay a strlen and a bounds check each: a
 * profile of the whole-system read showed them above half of its time.
 * Keys are literals here, so their length is known when compiled. A line
 * started with fdm_line_start_seq() is assembled in seq_file's own buffer
 * when a whole line fits there, saving its copy (bench/README.md).
 */
#ifndef FDMODEL_LINE_H
#define FDMODEL_LINE_H

#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/types.h>

/*
 * Every field is a bounded number or word: the fd line of an inet6 socket,
 * the longest, needs under 560. A unix socket's escaped name (up to 440)
 * starts a buffer of its own (fdm_show_socket()).
 */
#define FDM_LINE_MAX	640

/*
 * Debian's kernels zero every stack variable on entry (INIT_STACK_ALL_ZERO):
 * 656 bytes per line, 4% of a whole-system read in the profile. A line is
 * only ever read up to len, so the hot ones opt out.
 */
#if __has_attribute(__uninitialized__)
#define fdm_line_uninit	__attribute__((__uninitialized__))
#else
#define fdm_line_uninit
#endif

struct fdm_line {
	char *buf;		/* space, or the free end of seq_file's buffer */
	unsigned int len;
	bool overflow;
	char space[FDM_LINE_MAX];
};

/* Not a zeroing initialiser: the buffer is only ever read up to len. */
static inline void fdm_line_start(struct fdm_line *l)
{
	l->buf = l->space;
	l->len = 0;
	l->overflow = false;
}

/* In @m's buffer when a whole line fits what is left of it. */
static inline void fdm_line_start_seq(struct fdm_line *l, struct seq_file *m)
{
	fdm_line_start(l);
	if (m->size - m->count >= FDM_LINE_MAX)
		l->buf = m->buf + m->count;
}

static inline void fdm_line_mem(struct fdm_line *l, const char *s,
				unsigned int n)
{
	if (n > FDM_LINE_MAX - l->len) {
		l->overflow = true;
		return;
	}
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

/* @key must be a string literal. */
#define fdm_line_key(l, key)	fdm_line_mem(l, key, sizeof(key) - 1)

static inline void fdm_line_str(struct fdm_line *l, const char *s)
{
	fdm_line_mem(l, s, strlen(s));
}

/*
 * Decimals are written in place, two digits per division ("00" to "99"),
 * with no copy through a scratch array (bench/README.md).
 */
static const char fdm_dec2[200] =
	"0001020304050607080910111213141516171819"
	"2021222324252627282930313233343536373839"
	"4041424344454647484950515253545556575859"
	"6061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/*
 * Inlined: most numbers in a line are one digit (cloexec=, refs=, nlink=),
 * and the early return takes them without the loops (bench/README.md).
 */
static __always_inline void fdm_line_u64(struct fdm_line *l, u64 v)
{
	unsigned int n = 1;
	u64 bound = 10;
	char *end;

	if (v < 10 && l->len < FDM_LINE_MAX) {
		l->buf[l->len++] = '0' + v;
		return;
	}
	while (n < 20 && v >= bound) {
		n++;
		bound *= 10;
	}
	if (n > FDM_LINE_MAX - l->len) {
		l->overflow = true;
		return;
	}
	l->len += n;
	end = l->buf + l->len;
	while (v >= 100) {
		unsigned int r = v % 100;

		v /= 100;
		end -= 2;
		memcpy(end, fdm_dec2 + 2 * r, 2);
	}
	if (v >= 10)
		memcpy(end - 2, fdm_dec2 + 2 * v, 2);
	else
		end[-1] = '0' + v;
}

static inline void fdm_line_s64(struct fdm_line *l, s64 v)
{
	if (v < 0) {
		fdm_line_key(l, "-");
		fdm_line_u64(l, -(u64)v);
		return;
	}
	fdm_line_u64(l, v);
}

/* Octal with a leading 0, as fdinfo prints flags. */
static inline void fdm_line_oct(struct fdm_line *l, u32 v)
{
	char oct[12];
	int i = sizeof(oct);

	do {
		oct[--i] = '0' + (v & 7);
		v >>= 3;
	} while (v);
	oct[--i] = '0';
	fdm_line_mem(l, oct + i, sizeof(oct) - i);
}

/* An id: always 16 hex digits. */
static inline void fdm_line_id(struct fdm_line *l, u64 v)
{
	char hex[16];
	int i;

	for (i = sizeof(hex) - 1; i >= 0; i--, v >>= 4)
		hex[i] = hex_asc[v & 0xf];
	fdm_line_mem(l, hex, sizeof(hex));
}

/* 0x and as few hex digits as it takes, as in events=0x19. */
static inline void fdm_line_hex(struct fdm_line *l, u64 v)
{
	char hex[18];
	int i = sizeof(hex);

	do {
		hex[--i] = hex_asc[v & 0xf];
		v >>= 4;
	} while (v);
	hex[--i] = 'x';
	hex[--i] = '0';
	fdm_line_mem(l, hex + i, sizeof(hex) - i);
}

/* key=decimal, the common field. */
#define fdm_line_kv(l, key, v)				\
	do {						\
		fdm_line_key(l, key);			\
		fdm_line_u64(l, v);			\
	} while (0)

/*
 * Hand the line to seq_file; a line that did not fit is an error, never cut.
 * The next one goes where this one was assembled, @m's buffer or space.
 */
static inline int fdm_line_flush(struct seq_file *m, struct fdm_line *l)
{
	if (l->overflow)
		return -EOVERFLOW;
	if (l->buf == l->space) {
		seq_write(m, l->buf, l->len);
	} else {
		seq_commit(m, l->len);
		fdm_line_start_seq(l, m);
	}
	l->len = 0;
	return 0;
}

#endif /* FDMODEL_LINE_H */
