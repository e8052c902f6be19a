// SPDX-License-Identifier: GPL-2.0
/*
 * The command line of `fdmodel show`. The usage text is the synopsis of
 * docs/fdmodel.1; tests/show.sh checks that they name the same options.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "cli.h"
#include "show.h"

static const char usage[] =
"usage: fdmodel show [options] [PATH...]\n"
"\n"
"Show /proc/fdmodel as the three tables of the textbook figure: the fd\n"
"tables of processes, the open file descriptions their slots point to,\n"
"and the inodes behind those. Needs root and the fdmodel module.\n"
"\n"
"  (no view option)     one block per process, sharing said in words\n"
"  -T, --tables         fd tables, open file table, inode table\n"
"  -d, --dot            the three tables as a Graphviz graph\n"
"      --svg FILE       render that graph to FILE with dot (graphviz)\n"
"      --png FILE       the same, as PNG\n"
"  -j, --json           the whole snapshot as one JSON document\n"
"  -p, --pid PID        only this process (repeatable)\n"
"  -u, --user USER      only processes of this user, a name or a uid;\n"
"                       ^USER: all but its (repeatable)\n"
"  -i, --inet [SPEC]    only inet sockets, as lsof -i: [46][tcp|udp]\n"
"                       [@ADDR|@HOST][:PORT], e.g. :8080, tcp, @[::1],\n"
"                       @localhost\n"
"                       (repeatable: any of them)\n"
"  -s, --shared         only what more than one fd slot or process uses\n"
"  -t, --type TYPE      only fds on inodes of TYPE: reg, dir, chr, blk,\n"
"                       fifo, sock, lnk, anon\n"
"      --input FILE     read a saved snapshot instead of /proc/fdmodel\n"
"  PATH...              only fd slots and mappings on the inode of PATH\n"
"\n"
"Filters of different kinds must all hold (as with lsof -a).\n"
"  -h, --help           this text\n";

static const char *const types[] = {
	"reg", "dir", "chr", "blk", "fifo", "sock", "lnk", "anon",
};

static int bad(const char *fmt, const char *arg)
{
	return cli_error("fdmodel show", fmt, arg);
}

/* Room for one more @opt, or a usage error. */
static int room(int n, const char *opt)
{
	return n < SHOW_MAX ? 0 :
	       bad("too many %s (at most 1024)", opt);
}

static int parse_pid(const char *s, struct show_opts *o)
{
	pid_t pid;

	if (cli_parse_pid("fdmodel show", s, &pid) || room(o->npids, "-p"))
		return 1;
	o->pids[o->npids++] = pid;
	return 0;
}

/* A user name, or a uid (digits, as lsof reads them); ^ negates. */
static int parse_user(const char *s, struct show_opts *o)
{
	struct user_spec *u = &o->users[o->nusers];
	const char *name = s + (*s == '^');
	const struct passwd *pw;
	unsigned long v;
	char *end;

	if (room(o->nusers, "-u"))
		return 1;
	errno = 0;
	v = strtoul(name, &end, 10);
	if (isdigit((unsigned char)*name) && !*end && !errno &&
	    v == (uid_t)v) {
		u->uid = v;
	} else {
		pw = *name ? getpwnam(name) : NULL;
		if (!pw)
			return bad("unknown user '%s'", s);
		u->uid = pw->pw_uid;
	}
	u->not = name != s;
	o->nusers++;
	return 0;
}

/* A PATH operand: its inode, as the snapshot writes dev and ino. */
static int parse_path(const char *path, struct show_opts *o)
{
	struct stat st;

	if (room(o->npaths, "PATH"))
		return 1;
	if (stat(path, &st)) {
		fprintf(stderr, "fdmodel show: %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	o->paths[o->npaths++] = (struct path_spec){
		major(st.st_dev), minor(st.st_dev), st.st_ino
	};
	return 0;
}

static int parse_type(const char *s, struct show_opts *o)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(s, types[i])) {
			o->type = types[i];
			return 0;
		}
	return bad("unknown type '%s' (reg, dir, chr, blk, fifo, sock, lnk "
		   "or anon)", s);
}

/* A view option: more than one is an error, once all are read. */
static int set_view(struct show_opts *o, enum show_view view)
{
	o->view = view;
	o->views++;
	return 0;
}

static int show_option(void *opts, int letter, const char *arg)
{
	struct show_opts *o = opts;

	switch (letter) {
	case 'S':
	case 'P':
		/* --svg and --png are the DOT view, rendered */
		o->render = arg;
		o->format = letter == 'S' ? "svg" : "png";
		/* fall through */
	case 'd':
		return set_view(o, VIEW_DOT);
	case 'T':
		return set_view(o, VIEW_TABLES);
	case 'j':
		return set_view(o, VIEW_JSON);
	case 'p':
		return parse_pid(arg, o);
	case 'u':
		return parse_user(arg, o);
	case 'i':
		if (room(o->ninet, "-i") || inet_parse(arg, &o->inet[o->ninet]))
			return 1;
		o->ninet++;
		return 0;
	case 's':
		o->shared = true;
		return 0;
	case 't':
		return parse_type(arg, o);
	case 'I':
		o->input = arg;
		return 0;
	default:	/* getopt_long() has said what is wrong */
		fputs(usage, stderr);
		return 1;
	}
}

/* 0 to go on, 1 on a usage error, CLI_HELP when --help was answered. */
int show_args_parse(int argc, char **argv, struct show_opts *o)
{
	static const struct option longopts[] = {
		{ "tables", no_argument, NULL, 'T' },
		{ "dot", no_argument, NULL, 'd' },
		{ "svg", required_argument, NULL, 'S' },
		{ "png", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "pid", required_argument, NULL, 'p' },
		{ "user", required_argument, NULL, 'u' },
		{ "inet", optional_argument, NULL, 'i' },
		{ "shared", no_argument, NULL, 's' },
		{ "type", required_argument, NULL, 't' },
		{ "input", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	static const struct cli_command show = {
		.usage = usage,
		.optstring = "Tdjp:u:i::st:h",
		.longopts = longopts,
		.option = show_option,
	};
	int status;

	memset(o, 0, sizeof(*o));
	status = cli_parse(&show, argc, argv, o);
	if (status)
		return status;
	for (; optind < argc; optind++)
		if (parse_path(argv[optind], o))
			return 1;
	if (o->views > 1)
		return bad("%s", "give at most one of --tables, --dot, --svg, "
			   "--png, --json");
	return 0;
}
