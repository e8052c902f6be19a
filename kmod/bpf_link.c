// SPDX-License-Identifier: GPL-2.0
/*
 * The state of a BPF link (anon class "bpf_link").
 *
 * bpf_link_show_fdinfo() prints the fields every link has (link_type,
 * link_id, prog_tag, prog_id) under RCU, then calls the link type's own
 * show_fdinfo. Read in the 6.1 and 6.12 sources, those of raw_tracepoint,
 * tracing, perf_event and kprobe_multi links take no lock, struct_ops
 * RCU, netfilter none; cgroup links take cgroup_mutex, netns links
 * netns_bpf_mutex, xdp, tcx and netkit links the RTNL, sockmap links
 * sockmap_mutex, and a cgroup iterator's link cgroup_mutex again, all
 * held across long sleeping work. So the whole show_fdinfo is called for
 * the first kind, and for the others only the common fields are printed,
 * read here the way bpf_link_show_fdinfo() reads them, under the same
 * keys.
 */
#include <linux/bpf.h>
#include <linux/fs.h>
#include <linux/rcupdate.h>
#include <linux/version.h>

#include "fdmodel.h"
#include "line.h"

static const char *const fdm_bpf_link_types[] = {
#define BPF_PROG_TYPE(_id, _name, prog_ctx_type, kern_ctx_type)
#define BPF_MAP_TYPE(_id, _ops)
#define BPF_LINK_TYPE(_id, _name) [_id] = #_name,
#include <linux/bpf_types.h>
#undef BPF_PROG_TYPE
#undef BPF_MAP_TYPE
#undef BPF_LINK_TYPE
};

/* The link types whose own show_fdinfo takes no lock held for long. */
bool fdm_bpf_link_fdinfo_safe(const struct file *file)
{
	const struct bpf_link *link = file->private_data;

	switch (link->type) {
	case BPF_LINK_TYPE_RAW_TRACEPOINT:
	case BPF_LINK_TYPE_TRACING:
	case BPF_LINK_TYPE_PERF_EVENT:
	case BPF_LINK_TYPE_KPROBE_MULTI:
	case BPF_LINK_TYPE_STRUCT_OPS:
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	case BPF_LINK_TYPE_NETFILTER:
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	case BPF_LINK_TYPE_UPROBE_MULTI:
#endif
		return true;
	default:
		return false;
	}
}

/* The fields every link has, as bpf_link_show_fdinfo() prints them. */
void fdm_show_bpf_link(struct fdm_line *l, const struct file *file)
{
	const struct bpf_link *link = file->private_data;
	const struct bpf_prog *prog;
	char tag[BPF_TAG_SIZE * 2];
	u32 prog_id = 0;

	fdm_line_key(l, " bpf_link_link_type=");
	if (link->type < ARRAY_SIZE(fdm_bpf_link_types) &&
	    fdm_bpf_link_types[link->type])
		fdm_line_str(l, fdm_bpf_link_types[link->type]);
	else
		fdm_line_u64(l, link->type);
	fdm_line_kv(l, " bpf_link_link_id=", link->id);

	/* BPF_LINK_UPDATE swaps the program; the old one is freed by RCU. */
	rcu_read_lock();
	prog = READ_ONCE(link->prog);
	if (prog) {
		bin2hex(tag, prog->tag, sizeof(prog->tag));
		prog_id = prog->aux->id;
	}
	rcu_read_unlock();
	if (!prog)
		return;
	fdm_line_key(l, " bpf_link_prog_tag=");
	fdm_line_mem(l, tag, sizeof(tag));
	fdm_line_kv(l, " bpf_link_prog_id=", prog_id);
}
