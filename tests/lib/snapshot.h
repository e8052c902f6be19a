/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading and parsing /proc/fdmodel (docs/format.md). This is the test
 * side's own reading of the format: it shares no code with the module.
 */
#ifndef FDTEST_SNAPSHOT_H
#define FDTEST_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define FM_PATH		"/proc/fdmodel"
#define FM_HEADER	"# fdmodel 1"

enum fm_kind { FM_HDR, FM_COMMENT, FM_TASK, FM_FD, FM_WATCH, FM_MAP, FM_LOCK,
	      FM_MARK, FM_BAD };

struct fm_field {
	const char *key;
	const char *val;	/* NULL when the token had no '=' */
};

struct fm_line {
	enum fm_kind kind;
	const char *text;	/* the whole line, for messages */
	struct fm_field *field;
	int nfield;
	long task;		/* index of this block's task line, or -1 */
};

/* One read of /proc/fdmodel, split into lines and fields. */
struct fm_snap {
	char *data;		/* bytes exactly as read */
	size_t len;
	char *text;		/* copy of data, lines NUL-terminated */
	char *work;		/* copy of data, fields NUL-terminated */
	struct fm_line *line;
	size_t nline;
	struct fm_field *field;
	bool partial;		/* the data did not end with a newline */
};

/* Reading. All return -errno on failure. */
int fm_open(pid_t filter_pid);
int fm_set_filter(int fd, pid_t pid);
ssize_t fm_slurp(int fd, size_t chunk, char **data, size_t *len);
int fm_snapshot(struct fm_snap *s, pid_t filter_pid);
void fm_parse(struct fm_snap *s, char *data, size_t len);
void fm_free(struct fm_snap *s);

/* Lookups. A tid of 0 means the process's own (leader's) block. */
const char *fm_get(const struct fm_line *l, const char *key);
bool fm_num(const struct fm_line *l, const char *key, int base,
	    long long *val);
long long fm_numd(const struct fm_line *l, const char *key);
bool fm_is(const struct fm_line *l, const char *key, const char *val);
long fm_find_task(const struct fm_snap *s, pid_t pid, pid_t tid);
const struct fm_line *fm_task(const struct fm_snap *s, pid_t pid, pid_t tid);
const struct fm_line *fm_fd(const struct fm_snap *s, pid_t pid, pid_t tid,
			    int fd);
size_t fm_block_end(const struct fm_snap *s, long task);
size_t fm_block_count(const struct fm_snap *s, long task, enum fm_kind kind);
bool fm_block_has(const struct fm_snap *s, long task, const char *key,
		  const char *val);
const struct fm_line **fm_fd_index(const struct fm_snap *s, pid_t pid,
				   pid_t tid, size_t *n);
size_t fm_count(const struct fm_snap *s, enum fm_kind kind, pid_t pid);
pid_t fm_line_tid(const struct fm_snap *s, const struct fm_line *l);

/* Escaping: \ooo octal, as /proc/self/mountinfo. -1 on a bad escape. */
ssize_t fm_unescape(const char *in, char *out, size_t outsz);
bool fm_path_is(const struct fm_line *l, const char *key, const char *raw);

/*
 * Strict grammar and ordering check of a whole snapshot. Returns the
 * number of bad lines; the first problem is described in msg.
 */
size_t fm_validate(const struct fm_snap *s, char *msg, size_t msgsz);
/* The same for complete lines only, e.g. a read cut short by an error. */
size_t fm_validate_lines(const struct fm_snap *s, bool need_header,
			 char *msg, size_t msgsz);

#endif
