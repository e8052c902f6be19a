/* SPDX-License-Identifier: GPL-2.0 */
/* What fdmodel's subcommands share when they read their arguments. */
#ifndef FDMODEL_CLI_H
#define FDMODEL_CLI_H

#include <sys/types.h>

/*
 * "CMD: <fmt with arg> (see CMD --help)" on stderr, one line; returns 1,
 * the exit status for bad input.
 */
int cli_error(const char *cmd, const char *fmt, const char *arg);

/* A pid argument: a decimal number in 1..INT_MAX, or a cli_error(). */
int cli_parse_pid(const char *cmd, const char *s, pid_t *pid);

#endif /* FDMODEL_CLI_H */
