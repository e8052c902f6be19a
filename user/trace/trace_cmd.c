// SPDX-License-Identifier: GPL-2.0
/*
 * `fdmodel trace`: load the probes, set the kernel-side filter, stream the
 * ring buffer to stdout, and report losses live and at the end.
 *
 * Order matters for `-- CMD`: the probes are attached and CMD's pid is in
 * the filter before CMD is released to exec, so nothing it does is
 * missed; everything else about the setup is checked before any BPF is
 * loaded, so bad input leaves nothing attached.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "cli.h"
#include "trace_model.h"
#include "trace_model_show.h"
#include "trace_model_start.h"
#include "trace.skel.h"
#include "trace_args.h"
#include "trace_check.h"
#include "trace_child.h"
#include "trace_cmd.h"
#include "trace_html.h"
#include "trace_ids.h"
#include "trace_print.h"
#include "trace_ring.h"

#define POLL_MS		50	/* how late an event may be printed */
#define POLL_NS		(POLL_MS * 1000000ULL)
#define LOST_CHECK_NS	200000000ULL
#define STOP_PRINT_NS	500000000ULL	/* printing after a signal, at most */
#define CLOCK_EVERY	1024		/* events between looks at the clock */

static volatile sig_atomic_t stopping;
static volatile sig_atomic_t show_models;	/* SIGUSR1 */
/*
 * The probes' own stop switch, in their mapped .bss: the handler stops
 * production at once, wherever the main loop is.
 */
static volatile bool *probes_stopped;

static void on_usr1(int sig)
{
	(void)sig;
	show_models = 1;
}

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
	if (probes_stopped)
		*probes_stopped = true;
}

/*
 * The ring is read for as long as there is data (trace_ring.c), and traced
 * tasks can produce it as fast as it is printed: the callback hands
 * control back to the loop once its time is up (-EAGAIN ends the drain;
 * the event is printed, none is lost), and after a signal it stops
 * printing and only counts what is left.
 */
struct consumer {
	struct printer *p;
	uint64_t yield_at;		/* CLOCK_MONOTONIC ns */
	unsigned int since_clock;	/* events since the last look */
	bool counting;			/* after the stop deadline */
	bool to_tty;			/* the events go to a terminal */
};

static int consume_event(void *ctx, void *data, size_t size)
{
	struct consumer *cons = ctx;

	/*
	 * A terminal (the lab VM's serial console above all) can be slower
	 * than the probes by far, and a write to it blocks: after Ctrl-C,
	 * print nothing more there, not even for STOP_PRINT_NS.
	 */
	if (cons->counting || (stopping && cons->to_tty)) {
		cons->p->unprinted++;
		return 0;
	}
	print_event(cons->p, data, size);
	if (++cons->since_clock < CLOCK_EVERY)
		return 0;
	cons->since_clock = 0;
	return trace_clock_ns() >= cons->yield_at ? -EAGAIN : 0;
}

/*
 * Wait for a wakeup or POLL_MS, then consume for at most POLL_NS. The
 * probes wake the collector only when the buffer fills past half
 * (trace_submit()): a collector that consumed only when woken would
 * print nothing of a quiet trace until its buffer filled up. So consume
 * on every tick, woken or not.
 */
static int wait_and_consume(struct trace_ring *ring, struct consumer *cons)
{
	int64_t err = trace_ring_wait(ring, POLL_MS);

	if (err < 0 && err != -EINTR)
		return err;
	cons->yield_at = trace_clock_ns() + POLL_NS;
	err = trace_ring_consume(ring);
	return err == -EAGAIN || err > 0 ? 0 : err;
}

/*
 * Print what the probes left in the buffer once they have stopped: all
 * of it when CMD ended or -d ran out, what can be printed in
 * STOP_PRINT_NS after a signal.
 */
static void drain(struct trace_ring *ring, struct consumer *cons)
{
	if (stopping && cons->to_tty) {
		/* Drop what stdio holds too; the summary starts a line. */
		__fpurge(cons->p->out);
		fputc('\n', cons->p->out);
		cons->counting = true;
	}
	cons->yield_at = stopping ? trace_clock_ns() + STOP_PRINT_NS :
				    UINT64_MAX;
	while (trace_ring_consume(ring) == -EAGAIN)
		cons->counting = true;
}

static bool verbose;

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	/* Failures get one line of our own; libbpf's detail is for -v. */
	(void)level;
	return verbose ? vfprintf(stderr, fmt, ap) : 0;
}

/*
 * Which event type a program serves only, by its name's prefix: the
 * type's name. The syscall programs serve several and check event_mask
 * themselves.
 */
static int prog_type(const char *name)
{
	unsigned int t;

	for (t = 0; t < FDM_TYPES; t++) {
		const char *type = trace_type_name(t);

		if (!strncmp(name, type, strlen(type)))
			return t;
	}
	return -1;
}

static void configure(struct trace_bpf *skel, const struct trace_args *args)
{
	struct bpf_program *prog;

	skel->rodata->self_tgid = getpid();
	skel->rodata->event_mask = args->types;
	skel->rodata->filter_pid = args->npids || args->child_argv;
	skel->rodata->follow = args->follow || args->child_argv;
	skel->rodata->filter_comm = args->comm[0];
	memcpy((char *)skel->rodata->target_comm, args->comm, FDM_COMM_LEN);
	bpf_map__set_max_entries(skel->maps.events, args->ringbuf_bytes);
	skel->rodata->ring_size = args->ringbuf_bytes;
	bpf_object__for_each_program(prog, skel->obj) {
		int type = prog_type(bpf_program__name(prog));

		/* fork's programs also keep --follow's filter current. */
		if (type == FDM_FORK && skel->rodata->follow)
			continue;
		if (type >= 0 && !(args->types & (1U << type)))
			bpf_program__set_autoload(prog, false);
	}
}

/*
 * Let thread group pid through the filter: its byte in the probes' array
 * (bpf/common.bpf.h), stored through a mapping of it, so that no update
 * of a whole page undoes a byte a probe set meanwhile for a followed
 * fork. The kernel keeps pids below FDM_TGID_LIMIT.
 */
static int add_pid(struct trace_bpf *skel, pid_t pid)
{
	volatile __u8 *traced;

	traced = mmap(NULL, FDM_TGID_LIMIT, PROT_READ | PROT_WRITE, MAP_SHARED,
		      bpf_map__fd(skel->maps.traced_tgids), 0);
	if (traced == MAP_FAILED) {
		fprintf(stderr, "fdmodel trace: cannot filter pid %d: %s\n",
			pid, strerror(errno));
		return -1;
	}
	traced[pid] = 1;
	munmap((void *)traced, FDM_TGID_LIMIT);
	return 0;
}

/* Attach everything; on failure, name the attach point that failed. */
static int attach(struct trace_bpf *skel)
{
	const struct bpf_object_skeleton *s = skel->skeleton;
	int err, i;

	err = trace_bpf__attach(skel);
	if (!err)
		return 0;
	for (i = 0; i < s->prog_cnt; i++) {
		struct bpf_program *prog = *s->progs[i].prog;

		if (bpf_program__autoload(prog) && !*s->progs[i].link)
			break;
	}
	fprintf(stderr, "fdmodel trace: cannot attach to %s: %s\n",
		i < s->prog_cnt ?
		bpf_program__section_name(*s->progs[i].prog) : "?",
		strerror(-err));
	return -1;
}

/*
 * Events were lost, and the drop counters do not say whose: every model
 * is unsure. With the module loaded, each is read anew.
 */
static void model_lost(struct printer *p)
{
	uint64_t ts = trace_clock_ns();
	struct live_proc *proc;
	uint32_t *pids;
	size_t i = 0;
	int n = 0, k;

	live_unsure_all(p->live);
	live_print_unsure(p, ts, p->check ? "re-read from /proc/fdmodel" :
			  "unsure until the end (no module to re-read from)");
	if (!p->check)
		return;
	pids = malloc((p->live->procs.n + 1) * sizeof(*pids));
	if (!pids)
		return;
	while ((proc = idmap_next(&p->live->procs, &i)))
		pids[n++] = proc->pid;
	for (k = 0; k < n; k++) {
		if (live_resync(p->live, pids[k], ts))
			continue;
		p->resyncs++;
		live_print_start(p, pids[k], "fdmodel", ts);
	}
	free(pids);
}

/* Sum the per-CPU drop counters; print what is new since last time. */
static void check_lost(struct trace_bpf *skel, struct printer *p,
		       uint64_t total[FDM_TYPES])
{
	int ncpus = libbpf_num_possible_cpus();
	uint64_t vals[ncpus > 0 ? ncpus : 1], sum, fresh[FDM_TYPES];
	bool any = false;
	__u32 t;
	int c;

	if (ncpus <= 0)
		return;
	for (t = 0; t < FDM_TYPES; t++) {
		fresh[t] = 0;
		if (bpf_map__lookup_elem(skel->maps.drops, &t, sizeof(t), vals,
					 sizeof(vals), 0))
			continue;
		for (sum = 0, c = 0; c < ncpus; c++)
			sum += vals[c];
		if (sum > total[t]) {
			fresh[t] = sum - total[t];
			total[t] = sum;
			any = true;
		}
	}
	if (!any)
		return;
	print_lost(p, fresh);
	if (p->live)
		model_lost(p);
}

/* The model of @pid as it is now: exact, from the module or from /proc. */
static int model_start(struct printer *p, pid_t pid)
{
	int err = p->check ? live_start_fdmodel(p->live, pid) :
			     live_start_procfs(p->live, pid);

	if (err)
		fprintf(stderr, "fdmodel trace: cannot read pid %d for its "
			"model\n", pid);
	return err;
}

static int start_child(struct trace_bpf *skel, char **argv,
		       struct child *child, struct printer *p)
{
	int err;

	err = child_fork_held(argv, child);
	if (err) {
		fprintf(stderr, "fdmodel trace: fork: %s\n", strerror(-err));
		return -1;
	}
	/* CMD as forked, held before exec: what it inherits is known. */
	if (add_pid(skel, child->pid) ||
	    (p->live && model_start(p, child->pid))) {
		child_abandon(child);
		return -1;
	}
	err = child_release(child);
	if (err) {
		fprintf(stderr, "fdmodel trace: cannot run %s: %s\n", argv[0],
			strerror(err));
		return -1;
	}
	return 0;
}

/* Has CMD exited? Reap it if so. */
static bool child_exited(pid_t pid)
{
	return pid > 0 && waitpid(pid, NULL, WNOHANG) == pid;
}

static int stream(struct trace_bpf *skel, struct printer *p,
		  const struct trace_args *args, pid_t child_pid,
		  uint64_t lost[FDM_TYPES])
{
	uint64_t deadline = args->duration ?
			    p->t0 + (uint64_t)(args->duration * 1e9) : 0;
	struct consumer cons = { .p = p, .to_tty = isatty(fileno(p->out)) };
	uint64_t next_check = 0, now;
	struct trace_ring *ring;
	int err = 0;

	ring = trace_ring_new(bpf_map__fd(skel->maps.events),
			      bpf_map__max_entries(skel->maps.events),
			      consume_event, &cons);
	if (!ring) {
		fprintf(stderr, "fdmodel trace: ring buffer: %s\n",
			strerror(errno));
		return -1;
	}
	while (!stopping) {
		err = wait_and_consume(ring, &cons);
		if (err < 0) {
			fprintf(stderr, "fdmodel trace: ring buffer: %s\n",
				strerror(-err));
			break;
		}
		err = 0;
		now = trace_clock_ns();
		if (show_models && p->live) {
			show_models = 0;
			live_print_all(p, now);
		}
		if (now >= next_check) {
			check_lost(skel, p, lost);
			fflush(p->out);
			next_check = now + LOST_CHECK_NS;
		}
		if ((deadline && now >= deadline) || child_exited(child_pid))
			break;
	}
	/*
	 * Stop producing before draining (the signal handler already has):
	 * traced tasks, CMD's children or anything -p names, may go on
	 * calling read() in a loop, and a drain that races them never ends.
	 */
	*probes_stopped = true;
	drain(ring, &cons);
	check_lost(skel, p, lost);
	trace_ring_free(ring);
	return err;
}

/* --html FILE -i TRACE: the page of a saved trace, no BPF involved. */
static int page_of_file(const char *input, const char *html)
{
	FILE *in = fopen(input, "r");
	int status;

	if (!in) {
		fprintf(stderr, "fdmodel trace: cannot read %s: %s\n", input,
			strerror(errno));
		return 1;
	}
	status = html_page_from(in, input, html);
	fclose(in);
	return status;
}

/*
 * The start of each process's model, once the header is out, at the
 * trace's start: each was read before any event of its process.
 */
static void print_starts(struct printer *p)
{
	struct live_proc *proc;
	size_t i = 0;

	while ((proc = idmap_next(&p->live->procs, &i)))
		if (proc->source)
			live_print_start(p, proc->pid, proc->source, p->t0);
}

int cmd_trace(int argc, char **argv)
{
	struct printer printer = { .out = stdout };
	struct live_notes notes;
	struct live live;
	struct child child = { .pid = -1 };
	struct trace_args *args;
	struct sigaction sa = { .sa_handler = on_signal };
	uint64_t lost[FDM_TYPES] = {};
	struct trace_bpf *skel = NULL;
	int key, err = 1;

	args = calloc(1, sizeof(*args));
	if (!args)
		return 1;
	err = trace_args_parse(argc, argv, args);
	if (err) {
		err = err == CLI_HELP ? 0 : 1;
		goto free_args;
	}
	err = 1;
	if (args->input) {
		err = page_of_file(args->input, args->html);
		goto free_args;
	}
	verbose = args->verbose;
	libbpf_set_print(libbpf_print);
	if (trace_check_privileges())
		goto free_args;
	key = ids_init(ID_KEY_PATH);
	if (key < 0)
		goto free_args;

	skel = trace_bpf__open();
	if (!skel) {
		fprintf(stderr, "fdmodel trace: cannot open BPF object: %s\n",
			strerror(errno));
		goto free_args;
	}
	configure(skel, args);
	if (trace_check_kernel(skel->obj, args->types, verbose))
		goto destroy;
	if (trace_bpf__load(skel)) {
		fprintf(stderr, "fdmodel trace: cannot load BPF programs: %s "
			"(run with -v for libbpf's log)\n", strerror(errno));
		goto destroy;
	}
	for (int i = 0; i < args->npids; i++)
		if (add_pid(skel, args->pids[i]))
			goto destroy;
	if (attach(skel))
		goto destroy;
	if (args->model) {
		live_init(&live, args->follow || args->child_argv);
		printer.live = &live;
		printer.notes = &notes;
		printer.check = key == 1;
	}
	/*
	 * -p: the model starts once the probes are attached, so that no
	 * change falls between the read and the first event.
	 */
	for (int i = 0; args->model && i < args->npids; i++)
		if (model_start(&printer, args->pids[i]))
			goto destroy;

	probes_stopped = &skel->bss->trace_stopped;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (args->model)
		sigaction(SIGUSR1, &(struct sigaction){ .sa_handler = on_usr1 },
			  NULL);
	if (!key)
		fprintf(stderr, "fdmodel trace: %s not readable (fdmodel module "
			"not loaded?): ids use a random key and will not match "
			"/proc/fdmodel\n", ID_KEY_PATH);
	/*
	 * A terminal keeps stdio's line buffering: a write of 64 KiB to a
	 * slow one would hold the collector long after Ctrl-C, as stdio
	 * goes on writing what a signal interrupted.
	 */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	printer.json = args->json || args->html;
	if (args->html && !(printer.out = tmpfile())) {
		fprintf(stderr, "fdmodel trace: temporary file: %s\n",
			strerror(errno));
		goto destroy;
	}
	printer.types = args->types;
	printer.t0 = trace_clock_ns();
	if (args->child_argv &&
	    start_child(skel, args->child_argv, &child, &printer))
		goto destroy;
	print_header(&printer);
	if (printer.live)
		print_starts(&printer);
	fflush(stdout);
	/* Tests and scripts wait for this line: everything is in place. */
	fprintf(stderr, "fdmodel trace: tracing (Ctrl-C to stop)\n");
	err = stream(skel, &printer, args, child.pid, lost) ? 1 : 0;
	print_summary(&printer, lost);
	if (args->html) {
		rewind(printer.out);
		err = html_page_from(printer.out, "the trace", args->html) ?:
		      err;
	}
	if (child.pid > 0 && waitpid(child.pid, NULL, WNOHANG) == 0) {
		/* Stopped before CMD ended: do not leave it running untraced. */
		kill(child.pid, SIGTERM);
		waitpid(child.pid, NULL, 0);
	}
destroy:
	if (printer.out != stdout)
		fclose(printer.out);
	if (printer.live)
		live_free(printer.live);
	trace_bpf__destroy(skel);
free_args:
	free(args);
	return err;
}
