// SPDX-License-Identifier: GPL-2.0
/*
 * fdmodel: the user-space side of the fd model. One binary, one
 * subcommand per job, as git and bpftool do.
 */
#include <stdio.h>
#include <string.h>
#include "show/show.h"
#include "trace/trace_cmd.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "trace", cmd_trace, "trace dup, fork, read and epoll_wait live" },
	{ "show", cmd_show, "show the fd tables, open files and inodes now" },
};

#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

static int usage(FILE *out, int status)
{
	size_t i;

	fprintf(out, "usage: fdmodel COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\nfdmodel COMMAND --help describes each.\n");
	return status;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return usage(stderr, 1);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help"))
		return usage(stdout, 0);
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "fdmodel: unknown command '%s' (see fdmodel --help)\n",
		argv[1]);
	return 1;
}
