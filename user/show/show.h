/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `fdmodel show`: the views of one snapshot. Each view is a function of
 * the model alone, so they all agree on what exists and what is shared.
 */
#ifndef FDMODEL_SHOW_H
#define FDMODEL_SHOW_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>
#include "escape.h"
#include "model.h"

#define SHOW_MAX	1024	/* of each of -p, -i, -u and PATH */

#define INET_ADDRS_MAX	16	/* addresses of one -i @HOST kept */

/* An address of -i @ADDR or @HOST. */
struct inet_addr {
	int af;			/* AF_INET or AF_INET6 */
	unsigned char a[16];
};

/* One -i: [46][tcp|udp][@ADDR|@HOST][:PORT]. */
struct inet_spec {
	int family;		/* 4, 6, or 0 for either */
	const char *proto;	/* "tcp", "udp", or NULL for any */
	int naddr;		/* 0 for any address, else any of @addr */
	struct inet_addr addr[INET_ADDRS_MAX];
	int port;		/* -1 for any */
};

/* One -u: a uid, or with ^ every uid but it. */
struct user_spec {
	uid_t uid;
	bool not;
};

/* A PATH: the inode its fd slots and mappings are on. */
struct path_spec {
	unsigned int major, minor;
	unsigned long long ino;
};

enum show_view { VIEW_TEXT, VIEW_TABLES, VIEW_DOT, VIEW_JSON };

struct show_opts {
	enum show_view view;
	pid_t pids[SHOW_MAX];
	int npids;
	struct inet_spec inet[SHOW_MAX];
	int ninet;
	struct user_spec users[SHOW_MAX];
	int nusers;
	struct path_spec paths[SHOW_MAX];
	int npaths;
	bool shared;
	const char *type;	/* -t: an inode type, or NULL */
	const char *input;	/* --input: a saved snapshot instead of the kernel */
	const char *render;	/* --svg/--png: the picture's file */
	const char *format;	/* "svg" or "png" */
	int views;		/* view options given: at most one may be */
};

/* `fdmodel show ...`: the exit status. */
int cmd_show(int argc, char **argv);

int show_args_parse(int argc, char **argv, struct show_opts *o);
/* -i's argument (NULL for every inet socket) into @s; 1 on bad input. */
int inet_parse(const char *spec, struct inet_spec *s);
bool inet_match(const struct inet_spec *s, const struct m_sock *sock);

/*
 * Keep in @m what -p, -u, -t, -i, PATH and --shared ask for; -1 on no
 * memory.
 */
int show_filter(struct model *m, const struct show_opts *o);

void show_text(const struct model *m, FILE *out);
void show_tables(const struct model *m, FILE *out);
void show_dot(const struct model *m, FILE *out);

/* A slot that a step of a trace closed: where it was, what it held. */
struct dot_ghost {
	const char *table;	/* its fd table's id */
	int fd;
	const char *file;	/* the open file's id, or NULL */
};

/*
 * What one step of a trace changed, for show_dot_marked(): slots and open
 * files of the model, by index, and the slots it closed.
 */
struct dot_marks {
	const bool *slot;	/* [m->nslot]: new, or now on another file */
	const bool *file;	/* [m->nfile]: its slots, offset or flags changed */
	const struct dot_ghost *ghost;
	int nghost;
};

/*
 * show_dot() with @marks drawn on it: changed slots and open files
 * outlined, closed slots greyed out in their table (or in a cluster of
 * their own when the table is gone), with a dotted edge to the open file
 * they held while it is still there. @marks NULL: show_dot().
 */
void show_dot_marked(const struct model *m, const struct dot_marks *marks,
		     FILE *out);
void show_json(const struct model *m, FILE *out);
/* Pipe the DOT view through Graphviz's dot; the exit status. */
int show_render(const struct model *m, const char *format, const char *file);
/*
 * Pipe what @emit writes to it through `dot -T@format -o @file`; the
 * exit status. @who starts its error messages.
 */
int dot_render(void (*emit)(const void *ctx, FILE *to), const void *ctx,
	       const char *format, const char *file, const char *who);

/* "fd 3" within @viewer's own table, "pid 812 fd 3" elsewhere. */
void slot_name(const struct model *m, int slot, int viewer, char *buf,
	       size_t sz);

/*
 * The classes of the anonymous files on @inode, each once, sorted,
 * joined by commas ("eventfd,eventpoll"), escaped for @how: the name
 * of an anonymous inode, which files of every class share.
 */
void anon_classes(const struct model *m, int inode, enum esc how, FILE *out);

/*
 * A socket in words, escaped for @how: "tcp 127.0.0.1:8080 ->
 * 127.0.0.1:51234 established", "tcp listening on [::1]:8080", "unix
 * stream /run/x.sock established". False, and nothing written, when @l
 * is not a socket's.
 */
bool sock_words(const struct m_line *l, enum esc how, FILE *out);

/* What a mark watches, "inode 0:25:2261", "mount 24", "fs 0:25", in @buf. */
void mark_target(const struct m_mark *mk, char *buf, size_t sz);

/* The bytes a lock covers, "0-9", "20-eof", in @buf. */
void lock_range(const struct m_lock *lk, char *buf, size_t sz);

/* Whose a lock is: a POSIX lock the process's, the others the open file's. */
bool lock_of_process(const struct m_lock *lk);

/*
 * References to open file @file that no slot or mapping of @m accounts
 * for: a process not in the view, an io_uring registration, an fd in
 * flight in a unix socket, a syscall in progress. -1 when unknown.
 */
long long refs_elsewhere(const struct model *m, int file);

#endif /* FDMODEL_SHOW_H */
