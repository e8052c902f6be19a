// SPDX-License-Identifier: GPL-2.0
/*
 * The command line of `fdmodel show`. The usage text is the synopsis of
 * docs/fdmodel.1; tests/show.sh checks that they name the same options.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "show.h"

static const char usage[] =
"usage: fdmodel show [options]\n"
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
"  -s, --shared         only what more than one fd slot or process uses\n"
"  -t, --type TYPE      only fds on inodes of TYPE: reg, dir, chr, blk,\n"
"                       fifo, sock, lnk, anon\n"
"  -i, --input FILE     read a saved snapshot instead of /proc/fdmodel\n"
"  -h, --help           this text\n";

static const char *const types[] = {
	"reg", "dir", "chr", "blk", "fifo", "sock", "lnk", "anon",
};

static int bad(const char *fmt, const char *arg)
{
	return cli_error("fdmodel show", fmt, arg);
}

static int parse_pid(const char *s, struct show_opts *o)
{
	pid_t pid;

	if (cli_parse_pid("fdmodel show", s, &pid))
		return 1;
	if (o->npids == SHOW_MAX_PIDS)
		return bad("too many -p (at most %s)", "1024");
	o->pids[o->npids++] = pid;
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

/* 0 to go on, 1 on a usage error, -1 when --help was answered. */
int show_args_parse(int argc, char **argv, struct show_opts *o)
{
	static const struct option longopts[] = {
		{ "tables", no_argument, NULL, 'T' },
		{ "dot", no_argument, NULL, 'd' },
		{ "svg", required_argument, NULL, 'S' },
		{ "png", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "pid", required_argument, NULL, 'p' },
		{ "shared", no_argument, NULL, 's' },
		{ "type", required_argument, NULL, 't' },
		{ "input", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	int c, views = 0;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "Tdjp:st:i:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'T':
			o->view = VIEW_TABLES;
			views++;
			break;
		case 'd':
			o->view = VIEW_DOT;
			views++;
			break;
		case 'S':
		case 'P':
			o->view = VIEW_DOT;
			o->render = optarg;
			o->format = c == 'S' ? "svg" : "png";
			views++;
			break;
		case 'j':
			o->view = VIEW_JSON;
			views++;
			break;
		case 'p':
			if (parse_pid(optarg, o))
				return 1;
			break;
		case 's':
			o->shared = true;
			break;
		case 't':
			if (parse_type(optarg, o))
				return 1;
			break;
		case 'i':
			o->input = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			fputs(usage, stderr);
			return 1;
		}
	}
	if (optind < argc)
		return bad("unexpected argument '%s'", argv[optind]);
	if (views > 1)
		return bad("%s", "give at most one of --tables, --dot, --svg, "
			   "--png, --json");
	return 0;
}
