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
"      --input FILE     read a saved snapshot instead of /proc/fdmodel\n"
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
		{ "shared", no_argument, NULL, 's' },
		{ "type", required_argument, NULL, 't' },
		{ "input", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	static const struct cli_command show = {
		.usage = usage,
		.optstring = "Tdjp:st:h",
		.longopts = longopts,
		.option = show_option,
	};
	int status;

	memset(o, 0, sizeof(*o));
	status = cli_parse(&show, argc, argv, o);
	if (status)
		return status;
	if (optind < argc)
		return bad("unexpected argument '%s'", argv[optind]);
	if (o->views > 1)
		return bad("%s", "give at most one of --tables, --dot, --svg, "
			   "--png, --json");
	return 0;
}
