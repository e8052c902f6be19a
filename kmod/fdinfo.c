// SPDX-License-Identifier: GPL-2.0
/*
 * Reading what only a file's own f_op->show_fdinfo can see.
 *
 * struct eventpoll, struct eventfd_ctx and the contexts of timerfd,
 * signalfd, userfaultfd and io_uring are private to the files that define
 * them. The kernel's door to them is show_fdinfo, the text of
 * /proc/PID/fdinfo, printed under the object's own lock. fdmodel calls it
 * into a private seq_file and parses the lines, so it relies on no private
 * layout, only on the fdinfo text, which is ABI for tools like CRIU. (An
 * epoll interest list, which can be any length, is walked instead: epoll.c.)
 */
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "fdmodel.h"
#include "line.h"

/* Run @file's show_fdinfo into @seq; false when it does not fit. */
static bool fdm_fdinfo(struct seq_file *seq, struct file *file)
{
	seq->count = 0;
	if (!file->f_op->show_fdinfo)
		return true;
	file->f_op->show_fdinfo(seq, file);
	return !seq_has_overflowed(seq);
}

void fdm_scratch_free(struct fdm_scratch *s)
{
	kvfree(s->seq.buf);
	s->seq.buf = NULL;
	s->seq.size = 0;
}

/*
 * Fill the scratch buffer with @file's fdinfo text, growing it up to
 * FDM_SCRATCH_MAX. A text too long for the cap is kept up to its last
 * complete line.
 */
int fdm_scratch_load(struct fdm_scratch *s, struct file *file)
{
	size_t size = s->seq.size ? s->seq.size : FDM_SCRATCH_MIN;

	for (;;) {
		if (s->seq.size != size) {
			kvfree(s->seq.buf);
			s->seq.size = 0;
			s->seq.buf = kvmalloc(size, GFP_KERNEL_ACCOUNT);
			if (!s->seq.buf)
				return -ENOMEM;
			s->seq.size = size;
		}
		s->truncated = !fdm_fdinfo(&s->seq, file);
		if (!s->truncated || size >= FDM_SCRATCH_MAX)
			break;
		size <<= 1;
	}
	/* Drop the partial line an overflow leaves at the end. */
	if (s->truncated) {
		while (s->seq.count && s->seq.buf[s->seq.count - 1] != '\n')
			s->seq.count--;
	}
	return 0;
}

/*
 * Anonymous-inode classes whose show_fdinfo was read in the 6.1 and 6.12
 * sources and takes nothing a reader could wait on for long: spinlocks
 * (eventfd, timerfd: wqh.lock; userfaultfd: fault_pending_wqh.lock;
 * bpf-map: the owner lock), RCU (pidfd), mutex_trylock() and spinlocks
 * (io_uring), or nothing (signalfd, bpf-prog), and the BPF link types
 * bpf_link.c names (the others get the fields every link has, printed
 * by fdm_show_bpf_link()). Left out: eventpoll (its text is the
 * interest list, listed as watch lines), inotify and fanotify (their
 * text is the list of marks, read for the mark lines, marks.c), and
 * every class not checked.
 */
static const char *const fdm_fdinfo_classes[] = {
	"eventfd", "timerfd", "signalfd", "pidfd", "bpf-map", "bpf-prog",
	"io_uring", "userfaultfd", "bpf_link",
};

#define FDM_ANON_KEY_MAX	48
#define FDM_ANON_FIELDS_MAX	32

static bool fdm_fdinfo_class(const char *class)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fdm_fdinfo_classes); i++)
		if (!strcmp(class, fdm_fdinfo_classes[i]))
			return true;
	return false;
}

static char fdm_key_char(char c)
{
	return (c == '-' || c == ' ') ? '_' : tolower(c);
}

/* Two raw fdinfo keys that normalise to the same field name. */
static bool fdm_key_eq(const char *a, size_t alen, const char *b,
		       size_t blen)
{
	size_t i;

	if (alen != blen)
		return false;
	for (i = 0; i < alen; i++)
		if (fdm_key_char(a[i]) != fdm_key_char(b[i]))
			return false;
	return true;
}

static bool fdm_value_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * A value as one word: a run of blanks becomes one ',', none after a ','
 * ("(1, 0)" is "(1,0)"), backslash and bytes outside printable ASCII are
 * \ooo. Returns the length; writes into @l only when @l is not NULL.
 */
static size_t fdm_line_value(struct fdm_line *l, const char *v, size_t n)
{
	size_t i, len = 0;
	char prev = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = v[i];

		if (fdm_value_blank(c)) {
			if (prev == ',')
				continue;
			c = ',';
			while (i + 1 < n && fdm_value_blank(v[i + 1]))
				i++;
		}
		if (c == '\\' || c < 0x21 || c > 0x7e) {
			char oct[4] = { '\\', '0' + (c >> 6),
					'0' + ((c >> 3) & 7), '0' + (c & 7) };

			if (l)
				fdm_line_mem(l, oct, sizeof(oct));
			len += sizeof(oct);
		} else {
			if (l)
				fdm_line_mem(l, (const char *)&c, 1);
			len++;
		}
		prev = c;
	}
	return len;
}

/*
 * One key: value line of fdinfo as " <class>_<key>=<value>" into @l,
 * flushing @l to @m first when the field does not fit what is left.
 * Returns 0 or -errno; a field longer than a whole line is left out.
 */
static int fdm_anon_field(struct seq_file *m, struct fdm_line *l,
			  const char *class, const char *key, size_t klen,
			  const char *val, size_t vlen)
{
	char name[FDM_ANON_KEY_MAX * 2 + 2];
	size_t clen = strlen(class), n = 0, i, need;
	unsigned long long count;
	char dec[24];
	int err;

	for (i = 0; i < clen && n < sizeof(name) - 1; i++)
		name[n++] = fdm_key_char(class[i]);
	name[n++] = '_';
	/* eventfd's "eventfd-count": eventfd_count, not eventfd_eventfd_... */
	if (klen > clen && !strncmp(key, class, clen) && key[clen] == '-')
		n = 0;
	for (i = 0; i < klen && n < sizeof(name); i++)
		name[n++] = fdm_key_char(key[i]);

	/* The one value converted: eventfd's counter, hex in fdinfo. */
	if (!strcmp(class, "eventfd") &&
	    fdm_key_eq(key, klen, "eventfd-count", 13)) {
		char hex[20];

		if (vlen >= sizeof(hex))
			return 0;
		memcpy(hex, val, vlen);
		hex[vlen] = '\0';
		if (kstrtoull(hex, 16, &count))
			return 0;
		vlen = snprintf(dec, sizeof(dec), "%llu", count);
		val = dec;
	}

	need = 1 + n + 1 + fdm_line_value(NULL, val, vlen);
	if (need > FDM_LINE_MAX)
		return 0;
	if (need > FDM_LINE_MAX - l->len) {
		err = fdm_line_flush(m, l);
		if (err)
			return err;
	}
	fdm_line_key(l, " ");
	fdm_line_mem(l, name, n);
	fdm_line_key(l, "=");
	fdm_line_value(l, val, vlen);
	return 0;
}

/*
 * The state of an anonymous-inode file of @class, from its own
 * show_fdinfo: each "key: value" line that starts a line with a letter
 * becomes " <class>_<key>=<value>" (key in lower case, '-' and ' ' as
 * '_'). Indented lines and keys that are not words are the entries of
 * lists (io_uring's files and queues), skipped; so are empty values and
 * a key seen before. @s is the reader's scratch buffer, so the text is
 * bounded by FDM_SCRATCH_MAX. show_fdinfo runs with the reader's
 * /proc/fdmodel file as its seq_file's file, as /proc/PID/fdinfo runs it
 * with the fdinfo file: pidfd reads the pid namespace of that procfs,
 * io_uring the reader's user namespace.
 */
int fdm_show_anon_state(struct seq_file *m, struct fdm_line *l,
			struct fdm_scratch *s, struct file *file,
			const char *class)
{
	struct { u32 off, len; } seen[FDM_ANON_FIELDS_MAX];
	const char *buf, *end, *line, *nl, *key, *colon, *val, *vend;
	unsigned int nseen = 0, i;
	int err;

	if (!fdm_fdinfo_class(class) || !file->f_op->show_fdinfo)
		return 0;
	if (!strcmp(class, "bpf_link") && !fdm_bpf_link_fdinfo_safe(file)) {
		fdm_show_bpf_link(l, file);
		return 0;
	}
	s->seq.file = m->file;
	err = fdm_scratch_load(s, file);
	if (err)
		return 0;

	buf = s->seq.buf;
	end = buf + s->seq.count;
	for (line = buf; line < end && nseen < FDM_ANON_FIELDS_MAX;
	     line = nl + 1) {
		nl = memchr(line, '\n', end - line);
		if (!nl)
			break;
		key = line;
		if (!isalpha(*key))
			continue;
		for (colon = key; colon < nl && *colon != ':'; colon++)
			if (!isalnum(*colon) && *colon != '-' &&
			    *colon != '_' && *colon != ' ')
				break;
		if (colon == nl || *colon != ':' ||
		    colon - key > FDM_ANON_KEY_MAX || colon[-1] == ' ')
			continue;
		for (val = colon + 1; val < nl && fdm_value_blank(*val); val++)
			;
		for (vend = nl; vend > val && fdm_value_blank(vend[-1]); vend--)
			;
		if (val == vend)
			continue;
		for (i = 0; i < nseen; i++)
			if (fdm_key_eq(buf + seen[i].off, seen[i].len, key,
				       colon - key))
				break;
		if (i < nseen)
			continue;
		seen[nseen].off = key - buf;
		seen[nseen].len = colon - key;
		nseen++;
		err = fdm_anon_field(m, l, class, key, colon - key, val,
				     vend - val);
		if (err)
			return err;
	}
	return 0;
}
