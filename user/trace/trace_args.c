// SPDX-License-Identifier: GPL-2.0
/*
 * The command line of `fdmodel trace`. Everything is checked here, before
 * any BPF is loaded, so that bad input leaves nothing behind.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "trace_args.h"

#define DEFAULT_RINGBUF	(16UL << 20)

#define TYPE_NAME(NAME, name)	[FDM_##NAME] = #name,
static const char *const type_names[FDM_TYPES] = {
	FDM_TYPE_LIST(TYPE_NAME)
};
#undef TYPE_NAME

static const char usage[] =
"usage: fdmodel trace [options] [-- CMD [ARGS...]]\n"
"\n"
"Trace the calls that use and change fd tables live, with the table=\n"
"and file= ids /proc/fdmodel prints. Without -p, -c or CMD, traces\n"
"every process but this one.\n"
"\n"
"  -p, --pid PID        trace this process (repeatable)\n"
"  -f, --follow         also trace children forked by traced processes\n"
"  -c, --comm COMM      only processes with this command name\n"
"  -e, --events LIST    comma-separated, of: dup, fork, read, epoll (the\n"
"                       default), open, close, exec, exit, unshare,\n"
"                       write, seek, flags, watch, map, stop, image;\n"
"                       or all\n"
"  -m, --model          keep a model of the traced processes' fd tables,\n"
"                       open files, watches and mappings from the events\n"
"                       (turns on every event type it needs): say under\n"
"                       each event what it changed, print the model at\n"
"                       each stop signal and on SIGUSR1, and check it\n"
"                       against /proc/fdmodel there when the module is\n"
"                       loaded; needs -p or CMD\n"
"  -d, --duration SECS  stop after SECS seconds\n"
"  -j, --json           JSON Lines output\n"
"      --html FILE      write a page stepping through each change to the\n"
"                       model (implies --model), drawn by Graphviz's dot\n"
"  -i, --input TRACE    with --html: the page of a saved trace, the output\n"
"                       of fdmodel trace --model --json, instead of tracing\n"
"  -b, --buffer KIB     ring buffer size in KiB (default 16384)\n"
"  -v, --verbose        show libbpf's messages\n"
"  -h, --help           this text\n"
"  -- CMD [ARGS...]     run CMD and trace it and its children (implies -f)\n"
"                       until it exits\n";

const char *trace_type_name(unsigned int type)
{
	return type < FDM_TYPES ? type_names[type] : "?";
}

static int bad(const char *fmt, const char *arg)
{
	return cli_error("fdmodel trace", fmt, arg);
}

static int parse_events(const char *list, unsigned int *types)
{
	char *copy = strdup(list), *save = NULL, *tok;
	unsigned int t;
	int err = 0;

	if (!copy)
		return bad("%s", strerror(ENOMEM));
	*types = 0;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			*types |= (1U << FDM_TYPES) - 1;
			continue;
		}
		for (t = 0; t < FDM_TYPES; t++)
			if (!strcmp(tok, type_names[t]))
				break;
		if (t == FDM_TYPES) {
			err = bad("unknown event '%s' (see fdmodel trace "
				  "--help)", tok);
			goto out;
		}
		*types |= 1U << t;
	}
	if (!*types)
		err = bad("empty event list '%s'", list);
out:
	free(copy);
	return err;
}

static int parse_pid(const char *s, struct trace_args *args)
{
	pid_t pid;

	if (cli_parse_pid("fdmodel trace", s, &pid))
		return 1;
	if (kill(pid, 0) && errno == ESRCH)
		return bad("no such process: %s", s);
	if (args->npids == TRACE_MAX_PIDS)
		return bad("too many -p (at most %s)", "1024");
	args->pids[args->npids++] = pid;
	return 0;
}

static int parse_seconds(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (errno || end == s || *end || !(*out > 0) || *out > 1e9)
		return bad("bad duration '%s' (seconds, > 0)", s);
	return 0;
}

/* A ring buffer is a power-of-two number of pages. */
static int parse_buffer(const char *s, unsigned long *bytes)
{
	unsigned long kib, size = 4096;
	char *end;

	errno = 0;
	kib = strtoul(s, &end, 10);
	if (errno || end == s || *end || !kib || kib > (1UL << 20))
		return bad("bad buffer size '%s' (KiB, 1 to 1048576)", s);
	while (size < kib * 1024)
		size <<= 1;
	*bytes = size;
	return 0;
}

static int parse_comm(const char *s, char comm[FDM_COMM_LEN])
{
	if (!*s || strlen(s) >= FDM_COMM_LEN)
		return bad("bad comm '%s' (1 to 15 characters)", s);
	strcpy(comm, s);
	return 0;
}

static int trace_option(void *opts, int letter, const char *arg)
{
	struct trace_args *args = opts;

	switch (letter) {
	case 'p':
		return parse_pid(arg, args);
	case 'f':
		args->follow = true;
		return 0;
	case 'c':
		return parse_comm(arg, args->comm);
	case 'e':
		return parse_events(arg, &args->types);
	case 'd':
		return parse_seconds(arg, &args->duration);
	case 'j':
		args->json = true;
		return 0;
	case 'H':
		args->html = arg;
		return 0;
	case 'i':
		args->input = arg;
		return 0;
	case 'm':
		args->model = true;
		return 0;
	case 'b':
		return parse_buffer(arg, &args->ringbuf_bytes);
	case 'v':
		args->verbose = true;
		return 0;
	case ':':
		return bad("option '%s' needs an argument", arg);
	default:
		if (optopt) {
			char name[3] = { '-', (char)optopt, '\0' };

			return bad("unknown option '%s'", name);
		}
		return bad("unknown option '%s'", arg);
	}
}

int trace_args_parse(int argc, char **argv, struct trace_args *args)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "follow", no_argument, NULL, 'f' },
		{ "comm", required_argument, NULL, 'c' },
		{ "events", required_argument, NULL, 'e' },
		{ "duration", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "html", required_argument, NULL, 'H' },
		{ "input", required_argument, NULL, 'i' },
		{ "model", no_argument, NULL, 'm' },
		{ "buffer", required_argument, NULL, 'b' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	/* '+': stop at the first operand, so CMD's own options stay its. */
	static const struct cli_command trace = {
		.usage = usage,
		.optstring = "+:p:fc:e:d:jmb:vhi:",
		.longopts = longopts,
		.option = trace_option,
	};
	int status;

	memset(args, 0, sizeof(*args));
	args->types = FDM_DEFAULT_TYPES;
	args->ringbuf_bytes = DEFAULT_RINGBUF;
	/* trace_option() says what is wrong, in one line. */
	opterr = 0;
	status = cli_parse(&trace, argc, argv, args);
	if (status)
		return status;
	if (optind > 1 && !strcmp(argv[optind - 1], "--")) {
		if (optind == argc)
			return bad("%s", "missing command after '--'");
		args->child_argv = argv + optind;
	} else if (optind < argc) {
		return bad("unexpected argument '%s' (run a command with "
			   "'-- CMD')", argv[optind]);
	}
	if (args->html && args->json)
		return bad("%s", "--html and --json: one output at a time");
	if (args->input && !args->html)
		return bad("%s", "-i reads a saved trace for --html FILE");
	if (args->input && (args->npids || args->child_argv))
		return bad("%s", "-i reads a saved trace: no -p and no CMD");
	/* The page is of the model's changes. */
	if (args->html && !args->input)
		args->model = true;
	if (args->model && !args->input && !args->npids && !args->child_argv)
		return bad("%s", "--model needs the processes to model: -p PID "
			   "or -- CMD");
	/* Every event type changes the model but epoll_wait, and stop shows it. */
	if (args->model)
		args->types |= ((1U << FDM_TYPES) - 1) & ~(1U << FDM_EPOLL);
	return 0;
}
