/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_ARGS_H
#define FDMODEL_TRACE_ARGS_H

#include <stdbool.h>
#include <sys/types.h>
#include "trace.h"

#define TRACE_MAX_PIDS		1024

struct trace_args {
	pid_t pids[TRACE_MAX_PIDS];
	int npids;
	bool follow;
	bool json;
	bool verbose;
	bool model;		/* --model: keep the live model */
	char comm[FDM_COMM_LEN];	/* empty: any */
	unsigned int types;		/* bit per enum fdm_type */
	double duration;		/* seconds; 0: until stopped */
	unsigned long ringbuf_bytes;
	char **child_argv;		/* CMD [ARGS...] after --, or NULL */
	const char *html;		/* --html: the step-through page */
	const char *input;		/* -i: a saved trace for --html */
};

/* 0: go on; 1: bad input (reported); CLI_HELP: --help was printed. */
int trace_args_parse(int argc, char **argv, struct trace_args *args);

const char *trace_type_name(unsigned int type);

#endif /* FDMODEL_TRACE_ARGS_H */
