// SPDX-License-Identifier: GPL-2.0
/*
 * Which probes see the syscalls (bpf/syscalls.bpf.c): fentry and fexit
 * on each traced call's __x64_sys_ function where the kernel allows
 * them, else the raw sys_enter and sys_exit tracepoints, which put
 * every syscall of every task through the tracing slow path, the
 * traced ones and the rest, the filtered-out processes' too.
 */
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "trace.h"
#include "trace_calls.h"
#include "trace_check.h"

#define SYS_PREFIX	"__x64_sys_"
/*
 * Each fentry or fexit program is an attachment of its own, and each
 * attach and detach patches kernel text: about 100 ms under the lab VM's
 * TCG, where the default event types (16 calls) took 6 to 12 s to start
 * and stop against 2 s on the two tracepoints. Few calls (-e read: 5)
 * are worth it; a process the filter excludes then pays nothing for its
 * other syscalls. More go on the tracepoints.
 */
#define FENTRY_MAX_CALLS	8

/* Each call of trace.h's list: its printed name and event type. */
struct call {
	const char *name;
	unsigned int type;
	bool syscall;		/* has its own number, and programs */
};

#define CALL_SYSCALL(NAME, name, TYPE, nr)	{ name, FDM_##TYPE, true },
#define CALL_OTHER(NAME, name, TYPE)		{ name, FDM_##TYPE, false },
static const struct call calls[FDM_CALLS] = {
	FDM_CALL_LIST(CALL_SYSCALL, CALL_OTHER)
};
#undef CALL_SYSCALL
#undef CALL_OTHER

#define PROG_NAME(NAME, ...)	#NAME,
static const char *const prog_names[FDM_CALLS] = {
	FDM_CALL_LIST(PROG_NAME, PROG_NAME)
};
#undef PROG_NAME

/* A call's syscall: its name up to a "(", "fcntl" for "fcntl(F_DUPFD)". */
static size_t syscall_len(const char *name)
{
	return strcspn(name, "(");
}

/*
 * The event types call c's syscall can make: its own, and those of the
 * calls its arguments tell apart (fcntl: dup or flags), which print the
 * same syscall's name.
 */
static unsigned int syscall_types(unsigned int c)
{
	size_t len = syscall_len(calls[c].name);
	unsigned int i, types = 0;

	for (i = 0; i < FDM_CALLS; i++)
		if (syscall_len(calls[i].name) == len &&
		    !strncmp(calls[i].name, calls[c].name, len))
			types |= 1U << calls[i].type;
	return types;
}

static struct bpf_program *call_prog(struct bpf_object *obj,
				     const char *prefix, unsigned int c)
{
	char name[64];

	snprintf(name, sizeof(name), "%s%s", prefix, prog_names[c]);
	return bpf_object__find_program_by_name(obj, name);
}

/*
 * Whether call c needs programs on its function, @func: one of the
 * types it can make is traced and the kernel has the function.
 */
static bool fentry_wanted(const struct btf *btf, unsigned int c,
			  unsigned int types, char func[64])
{
	snprintf(func, 64, SYS_PREFIX "%.*s", (int)syscall_len(calls[c].name),
		 calls[c].name);
	return calls[c].syscall && (syscall_types(c) & types) &&
	       btf__find_by_name_kind(btf, func, BTF_KIND_FUNC) >= 0;
}

/*
 * Point call c's programs at its function and load them, when wanted. A
 * fork's entry is left out: fork.bpf.c sees the child, the exit only a
 * failure.
 */
static int use_fentry(struct bpf_object *obj, const struct btf *btf,
		      unsigned int c, unsigned int types)
{
	struct bpf_program *enter_prog = call_prog(obj, "fentry_", c);
	struct bpf_program *exit_prog = call_prog(obj, "fexit_", c);
	char func[64];

	if (!fentry_wanted(btf, c, types, func))
		return 0;
	if (bpf_program__set_attach_target(exit_prog, 0, func) ||
	    (calls[c].type != FDM_FORK &&
	     bpf_program__set_attach_target(enter_prog, 0, func))) {
		fprintf(stderr, "fdmodel trace: cannot attach to %s\n", func);
		return -1;
	}
	bpf_program__set_autoload(exit_prog, true);
	bpf_program__set_autoload(enter_prog, calls[c].type != FDM_FORK);
	return 1;
}

int calls_choose(struct bpf_object *obj, const struct btf *btf,
		 unsigned int types, bool verbose)
{
	bool fentry = fexit_allowed(btf, SYS_PREFIX "read");
	unsigned int c, n = 0;
	char func[64];
	int used;

	/* Nothing generated loads unless chosen below. */
	for (c = 0; c < FDM_CALLS; c++) {
		if (!calls[c].syscall)
			continue;
		bpf_program__set_autoload(call_prog(obj, "fentry_", c), false);
		bpf_program__set_autoload(call_prog(obj, "fexit_", c), false);
	}
	if (!fentry) {
		if (verbose)
			fprintf(stderr, "fdmodel trace: syscalls seen on tp_btf "
				"sys_enter and sys_exit: this kernel refuses "
				"fentry and fexit\n");
		return 0;
	}
	for (c = 0; c < FDM_CALLS; c++)
		n += fentry_wanted(btf, c, types, func);
	if (n > FENTRY_MAX_CALLS) {
		if (verbose)
			fprintf(stderr, "fdmodel trace: syscalls seen on tp_btf "
				"sys_enter and sys_exit: %u calls traced, more "
				"than the %u worth attaching one by one\n", n,
				FENTRY_MAX_CALLS);
		return 0;
	}
	n = 0;
	bpf_program__set_autoload(bpf_object__find_program_by_name(obj,
				  "sys_enter"), false);
	bpf_program__set_autoload(bpf_object__find_program_by_name(obj,
				  "sys_exit"), false);
	for (c = 0; c < FDM_CALLS; c++) {
		if (!calls[c].syscall)
			continue;
		used = use_fentry(obj, btf, c, types);
		if (used < 0)
			return -1;
		n += used;
	}
	if (verbose)
		fprintf(stderr, "fdmodel trace: syscalls seen on fentry and "
			"fexit of %u " SYS_PREFIX " functions\n", n);
	return 0;
}
