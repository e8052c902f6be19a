// SPDX-License-Identifier: GPL-2.0
/*
 * A strict reading of docs/format.md: every line must be one of the six
 * kinds (or a comment), every field key=value with the value syntax its
 * key promises, path last, and the blocks in the documented order. The
 * stress test relies on this to prove that no read ever shows a torn,
 * forged or half-updated line, so it errs on the side of rejecting.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"

enum vsyn { V_DEC, V_SDEC, V_BOOL, V_OCT, V_HEX, V_ID, V_DEV, V_MODE, V_TYPE,
	    V_PROT, V_WORD, V_ESC, V_ADDR, V_LOCK_END, V_LOCK_KIND,
	    V_LOCK_TYPE };

static const struct {
	const char *key;
	enum vsyn syn;
} key_syntax[] = {
	{ "pid", V_DEC }, { "tid", V_DEC }, { "comm", V_ESC },
	{ "table", V_ID }, { "table_refs", V_DEC }, { "fds", V_DEC },
	{ "ppid", V_DEC }, { "uid", V_DEC }, { "euid", V_DEC },
	{ "fd", V_DEC }, { "cloexec", V_BOOL },
	{ "file", V_ID }, { "pos", V_SDEC }, { "flags", V_OCT },
	{ "mode", V_MODE }, { "refs", V_DEC }, { "ino", V_DEC },
	{ "dev", V_DEV }, { "type", V_TYPE }, { "nlink", V_DEC },
	{ "size", V_DEC }, { "perm", V_OCT }, { "path", V_ESC },
	{ "pipe_readers", V_DEC }, { "pipe_writers", V_DEC },
	{ "pipe_bytes", V_DEC }, { "pipe_size", V_DEC },
	{ "sock_family", V_WORD }, { "sock_type", V_WORD },
	{ "sock_state", V_WORD }, { "peer_ino", V_DEC },
	{ "sock_proto", V_WORD }, { "sock_local", V_ADDR },
	{ "sock_remote", V_ADDR }, { "sock_rxq", V_DEC }, { "sock_txq", V_DEC },
	{ "sock_path", V_ESC },
	{ "eventfd_count", V_DEC }, { "epfd", V_DEC }, { "tfd", V_DEC },
	{ "events", V_HEX }, { "start", V_HEX }, { "end", V_HEX },
	{ "prot", V_PROT }, { "off", V_DEC }, { "backing", V_BOOL },
	{ "anon", V_ESC }, { "class", V_WORD }, { "wd", V_DEC },
	{ "on", V_WORD }, { "mnt_id", V_DEC }, { "mask", V_HEX },
	{ "ignored_mask", V_HEX }, { "mflags", V_HEX },
};

/* Keys a lock line spells its own way: byte offsets, not addresses. */
static const struct {
	const char *key;
	enum vsyn syn;
} lock_syntax[] = {
	{ "start", V_SDEC }, { "end", V_LOCK_END }, { "kind", V_LOCK_KIND },
	{ "type", V_LOCK_TYPE },
};

static const char *const required[][17] = {
	[FM_TASK] = { "pid", "tid", "comm", "table", "table_refs", "fds",
		      "ppid", "uid", "euid" },
	[FM_FD] = { "pid", "table", "fd", "cloexec", "file", "pos", "flags",
		    "mode", "refs", "ino", "dev", "type", "nlink", "size",
		    "perm", "path" },
	[FM_WATCH] = { "pid", "epfd", "tfd", "events", "file", "ino", "dev" },
	[FM_MAP] = { "pid", "file", "start", "end", "prot", "off", "ino",
		     "dev", "backing", "path" },
	[FM_LOCK] = { "pid", "fd", "file", "kind", "type", "start", "end",
		      "ino", "dev" },
	[FM_MARK] = { "pid", "fd", "class", "on", "mask", "ignored_mask" },
};

static bool all(const char *v, const char *set)
{
	return *v && strspn(v, set) == strlen(v);
}

static bool dec_ok(const char *v)
{
	return all(v, "0123456789") && (v[0] != '0' || !v[1]);
}

static bool is_oct(char c, char max)
{
	return c >= '0' && c <= max;
}

/* No raw blank or backslash; a backslash starts exactly \ooo (<= \377). */
static bool esc_ok(const char *v)
{
	for (; *v; v++) {
		if (*v == ' ' || *v == '\t' || *v == '\n')
			return false;
		if (*v != '\\')
			continue;
		if (!is_oct(v[1], '3') || !is_oct(v[2], '7') ||
		    !is_oct(v[3], '7'))
			return false;
		v += 3;
	}
	return true;
}

/* "1.2.3.4:80" or "[::1]:80", "[::ffff:1.2.3.4]:80": a port after the last ':'. */
static bool addr_ok(const char *v)
{
	const char *colon = strrchr(v, ':'), *end;
	size_t n;

	if (!colon || !dec_ok(colon + 1) || atol(colon + 1) > 65535)
		return false;
	n = colon - v;
	if (v[0] != '[') {
		unsigned int a, b, c, d;
		char tail;

		return n >= 7 && n <= 15 && strspn(v, "0123456789.") == n &&
		       sscanf(v, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 5 &&
		       tail == ':' && a < 256 && b < 256 && c < 256 && d < 256;
	}
	end = v + n - 1;
	return n >= 4 && *end == ']' &&
	       strspn(v + 1, "0123456789abcdef:.") == (size_t)(end - v - 1) &&
	       memchr(v + 1, ':', end - v - 1);
}

static bool one_of(const char *v, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v, words[i]))
			return true;
	return false;
}

#define ONE_OF(v, words)	one_of(v, words, sizeof(words) / sizeof(words[0]))

static bool syntax_ok(enum vsyn syn, const char *v)
{
	static const char *const types[] = { "reg", "dir", "chr", "blk",
					     "fifo", "sock", "lnk", "anon" };
	static const char *const lock_kinds[] = { "posix", "ofd", "flock",
						  "lease", "deleg", "layout" };
	static const char *const lock_types[] = { "read", "write", "unlock" };

	switch (syn) {
	case V_DEC:
		return dec_ok(v);
	case V_SDEC:
		return dec_ok(v[0] == '-' ? v + 1 : v);
	case V_BOOL:
		return !strcmp(v, "0") || !strcmp(v, "1");
	case V_OCT:
		return v[0] == '0' && strspn(v, "01234567") == strlen(v);
	case V_HEX:
		return !strncmp(v, "0x", 2) &&
		       all(v + 2, "0123456789abcdef");
	case V_ID:
		/* "-" is "none"; fields_ok() says where it may appear. */
		if (!strcmp(v, "-"))
			return true;
		return strlen(v) == 16 && all(v, "0123456789abcdef");
	case V_DEV: {
		const char *colon = strchr(v, ':');
		char maj[24];

		if (!colon || colon - v >= (long)sizeof(maj))
			return false;
		memcpy(maj, v, colon - v);
		maj[colon - v] = '\0';
		return dec_ok(maj) && dec_ok(colon + 1);
	}
	case V_MODE:
		return !strcmp(v, "r") || !strcmp(v, "w") ||
		       !strcmp(v, "rw") || !strcmp(v, "-");
	case V_TYPE:
		return ONE_OF(v, types);
	case V_LOCK_END:
		return !strcmp(v, "eof") || dec_ok(v);
	case V_LOCK_KIND:
		return ONE_OF(v, lock_kinds);
	case V_LOCK_TYPE:
		return ONE_OF(v, lock_types);
	case V_PROT:
		return strlen(v) == 4 && strchr("r-", v[0]) &&
		       strchr("w-", v[1]) && strchr("x-", v[2]) &&
		       strchr("sp", v[3]);
	case V_WORD:
		return all(v, "abcdefghijklmnopqrstuvwxyz0123456789_-");
	case V_ESC:
		return *v && esc_ok(v);
	case V_ADDR:
		return addr_ok(v);
	}
	return false;
}

struct vstate {
	char *msg;
	size_t msgsz;
	size_t bad;
	/* Ordering state: the current block and the last line in it. */
	long long pid, last_fd, last_epfd;
	long long tids[64];	/* block tids seen for the current pid */
	int ntids;
	unsigned long long last_start;
	const char *table;
	enum fm_kind prev;
};

static bool fail(struct vstate *st, size_t lineno, const char *text,
		 const char *fmt, ...)
{
	va_list ap;
	int n;

	if (st->bad++ == 0 && st->msgsz) {
		n = snprintf(st->msg, st->msgsz, "line %zu: ", lineno + 1);
		va_start(ap, fmt);
		if (n >= 0 && (size_t)n < st->msgsz)
			n += vsnprintf(st->msg + n, st->msgsz - n, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < st->msgsz)
			snprintf(st->msg + n, st->msgsz - n, ": \"%.300s\"",
				 text);
	}
	return false;
}

static bool fields_ok(struct vstate *st, size_t no, const struct fm_line *l)
{
	const char *const *req = required[l->kind];
	int i, j;
	size_t k;

	for (i = 0; i < l->nfield; i++) {
		const struct fm_field *f = &l->field[i];

		if (!f->val || !*f->key || !islower((unsigned char)f->key[0]) ||
		    !all(f->key, "abcdefghijklmnopqrstuvwxyz0123456789_"))
			return fail(st, no, l->text, "token %d is not key=value", i + 1);
		if (!*f->val)
			return fail(st, no, l->text, "%s has an empty value", f->key);
		for (j = 0; j < i; j++)
			if (!strcmp(l->field[j].key, f->key))
				return fail(st, no, l->text, "duplicate %s", f->key);
		for (k = 0; l->kind == FM_LOCK &&
		     k < sizeof(lock_syntax) / sizeof(lock_syntax[0]); k++)
			if (!strcmp(lock_syntax[k].key, f->key))
				break;
		if (l->kind == FM_LOCK &&
		    k < sizeof(lock_syntax) / sizeof(lock_syntax[0])) {
			if (!syntax_ok(lock_syntax[k].syn, f->val))
				return fail(st, no, l->text, "bad %s value", f->key);
			continue;
		}
		for (k = 0; k < sizeof(key_syntax) / sizeof(key_syntax[0]); k++)
			if (!strcmp(key_syntax[k].key, f->key))
				break;
		if (k < sizeof(key_syntax) / sizeof(key_syntax[0])) {
			if (!syntax_ok(key_syntax[k].syn, f->val))
				return fail(st, no, l->text, "bad %s value", f->key);
		} else if (!esc_ok(f->val)) {
			/* A field added later: still no raw blanks. */
			return fail(st, no, l->text, "bad unknown field %s", f->key);
		}
		if (!strcmp(f->key, "path") && i != l->nfield - 1)
			return fail(st, no, l->text, "path is not last");
	}
	for (i = 0; req[i]; i++)
		if (!fm_get(l, req[i]))
			return fail(st, no, l->text, "missing %s", req[i]);
	if (l->kind != FM_WATCH && fm_is(l, "file", "-"))
		return fail(st, no, l->text, "file=- outside a watch line");
	if (l->kind == FM_FD && fm_is(l, "table", "-"))
		return fail(st, no, l->text, "fd line with table=-");
	return true;
}

/* Fields of the format itself, as opposed to an anon class's. */
static bool known_key(const char *key)
{
	size_t k;

	for (k = 0; k < sizeof(key_syntax) / sizeof(key_syntax[0]); k++)
		if (!strcmp(key_syntax[k].key, key))
			return true;
	return false;
}

/*
 * anon= names the class of every type=anon fd line and no other; the
 * class's state fields are <class>_<key> ('-' in the class as '_'),
 * after anon= and before path, and no field of another class's is there.
 * eventfd_count keeps its own syntax, a decimal.
 */
static bool anon_ok(struct vstate *st, size_t no, const struct fm_line *l)
{
	const char *class = fm_get(l, "anon");
	char prefix[80];
	size_t n = 0, plen;
	int i, at = -1;

	if (!class)
		return fm_is(l, "type", "anon") ?
		       fail(st, no, l->text, "type=anon without anon=") : true;
	if (!fm_is(l, "type", "anon"))
		return fail(st, no, l->text, "anon= on a type other than anon");
	for (; *class && n + 2 < sizeof(prefix); class++)
		prefix[n++] = *class == '-' ? '_' : *class;
	prefix[n++] = '_';
	prefix[n] = '\0';
	plen = n;
	for (i = 0; i < l->nfield; i++) {
		const char *key = l->field[i].key;

		if (!strcmp(key, "anon")) {
			at = i;
			continue;
		}
		if (known_key(key) && strcmp(key, "eventfd_count"))
			continue;
		if (strncmp(key, prefix, plen) || !key[plen])
			return fail(st, no, l->text,
				    "%s is not a field of anon=%s", key,
				    fm_get(l, "anon"));
		if (at < 0)
			return fail(st, no, l->text, "%s before anon=", key);
	}
	return true;
}

/* The type-specific fields promised for pipes, sockets and eventfds. */
static bool typed_ok(struct vstate *st, size_t no, const struct fm_line *l)
{
	static const char *const pipe_keys[] = { "pipe_readers",
		"pipe_writers", "pipe_bytes", "pipe_size", NULL };
	static const char *const sock_keys[] = { "sock_family", "sock_type",
		"sock_state", NULL };
	static const char *const inet_keys[] = { "sock_proto", "sock_local",
		"sock_remote", "sock_rxq", "sock_txq", NULL };
	const char *const *keys = NULL;
	int i;

	/* An O_PATH file has the inode's type but no pipe or socket behind it. */
	if (fm_is(l, "mode", "-"))
		return true;
	if (fm_is(l, "type", "fifo"))
		keys = pipe_keys;
	else if (fm_is(l, "type", "sock"))
		keys = sock_keys;
	for (i = 0; keys && keys[i]; i++)
		if (!fm_get(l, keys[i]))
			return fail(st, no, l->text, "missing %s", keys[i]);
	if (fm_is(l, "sock_family", "unix") && !fm_get(l, "peer_ino"))
		return fail(st, no, l->text, "unix socket without peer_ino");
	if (fm_is(l, "sock_family", "inet") || fm_is(l, "sock_family", "inet6"))
		for (i = 0; inet_keys[i]; i++)
			if (!fm_get(l, inet_keys[i]))
				return fail(st, no, l->text, "inet socket without %s",
					    inet_keys[i]);
	if (fm_is(l, "sock_family", "netlink") && !fm_get(l, "sock_proto"))
		return fail(st, no, l->text, "netlink socket without sock_proto");
	if (fm_get(l, "sock_local") &&
	    (fm_get(l, "sock_local")[0] == '[') !=
	    fm_is(l, "sock_family", "inet6"))
		return fail(st, no, l->text, "sock_local of the wrong family");
	if (fm_is(l, "path", "anon_inode:[eventfd]") &&
	    !fm_get(l, "eventfd_count"))
		return fail(st, no, l->text, "eventfd without eventfd_count");
	return anon_ok(st, no, l);
}

static bool order_ok(struct vstate *st, size_t no, const struct fm_line *l)
{
	long long pid = fm_numd(l, "pid");
	unsigned long long start;
	long long fd, epfd;

	if (l->kind == FM_TASK) {
		long long tid = fm_numd(l, "tid");
		int i;

		if (pid < st->pid)
			return fail(st, no, l->text, "pid goes down");
		if (pid != st->pid)
			st->ntids = 0;
		for (i = 0; i < st->ntids; i++)
			if (st->tids[i] == tid)
				return fail(st, no, l->text, "a block twice");
		if (st->ntids < 64)
			st->tids[st->ntids++] = tid;
		st->pid = pid;
		st->last_fd = st->last_epfd = -1;
		st->last_start = 0;
		st->table = fm_get(l, "table");
		st->prev = FM_TASK;
		return true;
	}
	if (st->prev == FM_HDR)
		return fail(st, no, l->text, "line before any task line");
	if (pid != st->pid)
		return fail(st, no, l->text, "pid differs from its block's");
	switch (l->kind) {
	case FM_FD:
		fd = fm_numd(l, "fd");
		if (st->prev == FM_MAP)
			return fail(st, no, l->text, "fd line after a map line");
		if (fd <= st->last_fd)
			return fail(st, no, l->text, "fd not ascending");
		if (!fm_is(l, "table", st->table))
			return fail(st, no, l->text, "table differs from task's");
		st->last_fd = fd;
		st->last_epfd = -1;
		break;
	case FM_WATCH:
		epfd = fm_numd(l, "epfd");
		if (st->prev != FM_FD && st->prev != FM_WATCH)
			return fail(st, no, l->text, "watch not after an fd line");
		if (epfd != st->last_fd)
			return fail(st, no, l->text, "watch after another fd");
		st->last_epfd = epfd;
		break;
	case FM_MARK:
		if (st->prev != FM_FD && st->prev != FM_MARK)
			return fail(st, no, l->text, "mark not after an fd line");
		if (fm_numd(l, "fd") != st->last_fd)
			return fail(st, no, l->text, "mark after another fd");
		break;
	case FM_LOCK:
		if (st->prev != FM_FD && st->prev != FM_WATCH &&
		    st->prev != FM_MARK && st->prev != FM_LOCK)
			return fail(st, no, l->text, "lock not after an fd line");
		if (fm_numd(l, "fd") != st->last_fd)
			return fail(st, no, l->text, "lock after another fd");
		break;
	case FM_MAP:
		start = strtoull(fm_get(l, "start"), NULL, 16);
		if (start < st->last_start)
			return fail(st, no, l->text, "map not ascending");
		if (strtoull(fm_get(l, "end"), NULL, 16) <= start)
			return fail(st, no, l->text, "map end <= start");
		st->last_start = start;
		break;
	default:
		break;
	}
	st->prev = l->kind;
	return true;
}

size_t fm_validate_lines(const struct fm_snap *s, bool need_header,
			 char *msg, size_t msgsz)
{
	struct vstate st = { .msg = msg, .msgsz = msgsz, .pid = -1,
			     .prev = FM_HDR };
	size_t i, n = s->nline - (s->partial ? 1 : 0);

	if (msgsz)
		msg[0] = '\0';
	/* A read cut short may stop inside the header: judge whole lines. */
	if (need_header && (n ? strcmp(s->line[0].text, FM_HEADER) : !s->partial))
		fail(&st, 0, s->nline ? s->line[0].text : "",
		     "first line is not \"" FM_HEADER "\"");
	for (i = 0; i < n; i++) {
		const struct fm_line *l = &s->line[i];

		if (i == 0 && l->kind == FM_HDR)
			continue;
		if (l->kind == FM_COMMENT || (l->kind == FM_HDR && !need_header))
			continue;
		if (l->kind == FM_BAD) {
			fail(&st, i, l->text, "unknown line kind");
			continue;
		}
		if (fields_ok(&st, i, l) && typed_ok(&st, i, l))
			order_ok(&st, i, l);
	}
	return st.bad;
}

size_t fm_validate(const struct fm_snap *s, char *msg, size_t msgsz)
{
	size_t bad = fm_validate_lines(s, true, msg, msgsz);

	if (s->partial && bad++ == 0 && msgsz)
		snprintf(msg, msgsz, "output does not end with a newline");
	return bad;
}
