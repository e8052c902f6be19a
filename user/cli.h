/* SPDX-License-Identifier: GPL-2.0 */
/* What fdmodel's subcommands share when they read their arguments. */
#ifndef FDMODEL_CLI_H
#define FDMODEL_CLI_H

#include <getopt.h>
#include <sys/types.h>

/* cli_parse()'s answer when it printed --help: exit 0, do nothing else. */
#define CLI_HELP	(-1)

/*
 * A subcommand's command line. Each of its long options' val is its
 * short letter, so that @option sees one letter whichever was given.
 */
struct cli_command {
	const char *usage;		/* the --help text */
	const char *optstring;		/* getopt_long()'s short options */
	const struct option *longopts;
	/*
	 * One option: its letter and its argument, or for getopt's '?' and
	 * ':' the word of argv that was wrong. 0, or the exit status of
	 * bad input, reported.
	 */
	int (*option)(void *opts, int letter, const char *arg);
};

/*
 * Run @cmd's options over @argv into @opts; -h and --help print the
 * usage on stdout. An optional argument ("x::") may also be the next
 * word, when it does not start with '-', as lsof reads -i. 0 with
 * optind at the first operand, CLI_HELP, or @option's exit status for
 * bad input.
 */
int cli_parse(const struct cli_command *cmd, int argc, char **argv,
	      void *opts);

/*
 * "CMD: <fmt with arg> (see CMD --help)" on stderr, one line; returns 1,
 * the exit status for bad input.
 */
int cli_error(const char *cmd, const char *fmt, const char *arg);

/* A pid argument: a decimal number in 1..INT_MAX, or a cli_error(). */
int cli_parse_pid(const char *cmd, const char *s, pid_t *pid);

#endif /* FDMODEL_CLI_H */
