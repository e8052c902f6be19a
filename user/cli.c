// SPDX-License-Identifier: GPL-2.0
/* What fdmodel's subcommands share when they read their arguments. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/*
 * An optional argument, lsof's way: attached (-i:8080) or the next word
 * unless that is an option (-i :8080). getopt_long() knows only the
 * first.
 */
static const char *optional_arg(const struct cli_command *cmd, int letter,
				int argc, char **argv)
{
	const char *spec = strchr(cmd->optstring, letter);

	if (optarg || !spec || strncmp(spec + 1, "::", 2) || optind >= argc ||
	    argv[optind][0] == '-')
		return optarg;
	return argv[optind++];
}

int cli_parse(const struct cli_command *cmd, int argc, char **argv,
	      void *opts)
{
	int letter, err;

	optind = 1;
	while ((letter = getopt_long(argc, argv, cmd->optstring, cmd->longopts,
				     NULL)) != -1) {
		if (letter == 'h') {
			fputs(cmd->usage, stdout);
			return CLI_HELP;
		}
		err = cmd->option(opts, letter, letter == '?' || letter == ':' ?
				  argv[optind - 1] :
				  optional_arg(cmd, letter, argc, argv));
		if (err)
			return err;
	}
	return 0;
}

int cli_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see %s --help)\n", cmd);
	return 1;
}

int cli_parse_pid(const char *cmd, const char *s, pid_t *pid)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > INT_MAX)
		return cli_error(cmd, "bad pid '%s'", s);
	*pid = v;
	return 0;
}
