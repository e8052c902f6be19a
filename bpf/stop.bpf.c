// SPDX-License-Identifier: GPL-2.0
/*
 * stop events: a traced task about to stop for a stop signal. The
 * signal_deliver tracepoint fires in the task itself once get_signal()
 * has dequeued the signal and before do_signal_stop() stops it, so the
 * event follows every call the task made: `fdmodel trace --model`
 * prints the model of the process there, in stream order, where polling
 * /proc for stopped tasks would race the events still in the buffer.
 */
#include "common.bpf.h"

#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22

/*
 * Stop signals with their default action stop the task; a handled or
 * ignored SIGTSTP does not (SIGSTOP can be neither).
 */
static __always_inline bool stops(int sig, struct k_sigaction *ka)
{
	if (sig != SIGSTOP && sig != SIGTSTP && sig != SIGTTIN &&
	    sig != SIGTTOU)
		return false;
	return !BPF_CORE_READ(ka, sa.sa_handler);
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(stop_deliver, int sig, struct kernel_siginfo *info,
	     struct k_sigaction *ka)
{
	struct fdm_stop_event *e;

	if (!stops(sig, ka) || !trace_wanted())
		return 0;
	e = trace_reserve(FDM_STOP, sizeof(*e));
	if (!e)
		return 0;
	trace_fill_head(&e->h, FDM_STOP, FDM_CALL_SIGNAL_STOP,
			bpf_ktime_get_ns(), 0);
	e->sig = sig;
	e->pad = 0;
	trace_submit(e);
	return 0;
}
