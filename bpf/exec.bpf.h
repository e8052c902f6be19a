/* SPDX-License-Identifier: GPL-2.0 */
/*
 * exec events: execve and execveat.
 *
 * Everything is read at entry, while the old program's memory holds the
 * filename and its table the fds close-on-exec will close (those both
 * open and close-on-exec). A successful exec is reported from the
 * sched_process_exec tracepoint, by then with the new program's comm and
 * its table (a copy when the old one was shared: exec unshares it); a
 * failed one from the syscall's exit. The slot the entry filled is
 * emptied by whichever comes first, so never both.
 */
#ifndef FDMODEL_EXEC_BPF_H
#define FDMODEL_EXEC_BPF_H

#include "common.bpf.h"

/* What the end needs from the entry (syscalls.bpf.c keeps it). */
struct exec_start {
	__u64 old_table;
	__u32 ncloexec;
	__s32 cloexec_fds[FDM_EXEC_FDS];
	char filename[FDM_PATH_LEN];
};

/*
 * The fds set in both bitmaps. Counting takes a word per step; the first
 * FDM_EXEC_FDS are found one at a time, each by a scan from the one
 * before. The verifier follows a loop callback until its state repeats,
 * which a counter it tracks never does: set_pos() hides the position
 * from it, through memory a helper writes.
 */
struct cloexec_bits {
	__u64 open;		/* the bitmaps' addresses */
	__u64 cloexec;
	__u64 nwords;
	__u64 pos;		/* count: fds so far; scan: where to look */
	__s64 fd;		/* scan: the fd found, or -1 */
};

static __always_inline void set_pos(struct cloexec_bits *b, __u64 pos)
{
	bpf_probe_read_kernel(&b->pos, sizeof(b->pos), &pos);
}

static __always_inline bool cloexec_word(const struct cloexec_bits *b,
					 __u64 word, __u64 *bits)
{
	unsigned long open, cloexec;

	if (word >= b->nwords ||
	    bpf_probe_read_kernel(&open, sizeof(open),
				  (void *)(b->open + word * 8)) ||
	    bpf_probe_read_kernel(&cloexec, sizeof(cloexec),
				  (void *)(b->cloexec + word * 8)))
		return false;
	*bits = open & cloexec;
	return true;
}

static long cloexec_count_step(__u32 i, void *data)
{
	struct cloexec_bits *b = data;
	__u64 bits;

	if (!cloexec_word(b, i, &bits))
		return 1;
	set_pos(b, b->pos + __builtin_popcountl(bits));
	return 0;
}

static long cloexec_scan_step(__u32 i, void *data)
{
	struct cloexec_bits *b = data;
	__u64 word = b->pos / 64, bits;

	if (!cloexec_word(b, word, &bits))
		return 1;
	bits >>= b->pos % 64;
	if (bits) {
		b->fd = b->pos + __builtin_popcountl((bits & -bits) - 1);
		return 1;
	}
	set_pos(b, (word + 1) * 64);
	return 0;
}

static __always_inline void exec_begin(struct exec_start *s, __u8 call,
				       const struct pt_regs *regs)
{
	struct fdtable *fdt = current_fdtable();
	struct cloexec_bits b = {};
	void *filename;
	int j;

	filename = (void *)(call == FDM_CALL_EXECVEAT ? SYSCALL_ARG2(regs) :
							SYSCALL_ARG1(regs));
	s->filename[0] = '\0';
	bpf_probe_read_user_str(s->filename, sizeof(s->filename), filename);
	s->old_table = (__u64)bpf_get_current_task_btf()->files;
	s->ncloexec = 0;
	__builtin_memset(s->cloexec_fds, 0, sizeof(s->cloexec_fds));
	if (!fdt)
		return;
	b.open = (__u64)fdt->open_fds;
	b.cloexec = (__u64)fdt->close_on_exec;
	b.nwords = fdt->max_fds / 64;
	bpf_loop(b.nwords, cloexec_count_step, &b, 0);
	s->ncloexec = b.pos;
	b.pos = 0;
	for (j = 0; j < FDM_EXEC_FDS && j < s->ncloexec; j++) {
		b.fd = -1;
		bpf_loop(b.nwords, cloexec_scan_step, &b, 0);
		if (b.fd < 0)
			break;
		s->cloexec_fds[j] = b.fd;
		b.pos = b.fd + 1;
	}
}

static __always_inline void exec_end(struct fdm_exec_event *e,
				     const struct exec_start *s)
{
	e->old_table = s->old_table;
	e->ncloexec = s->ncloexec;
	__builtin_memcpy(e->cloexec_fds, s->cloexec_fds,
			 sizeof(e->cloexec_fds));
	__builtin_memcpy(e->filename, s->filename, sizeof(e->filename));
	e->pad = 0;
}

#endif /* FDMODEL_EXEC_BPF_H */
