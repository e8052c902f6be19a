// SPDX-License-Identifier: GPL-2.0
/*
 * Checks made before loading, so that a missing privilege, BTF or attach
 * point gives one line saying so instead of a verifier or libbpf dump.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "trace_calls.h"
#include "trace_check.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON	38
#endif
#ifndef CAP_BPF
#define CAP_BPF		39
#endif

#define VMLINUX_BTF	"/sys/kernel/btf/vmlinux"

static int has_cap(const struct __user_cap_data_struct *data, int cap)
{
	return !!(data[cap / 32].effective & (1U << (cap % 32)));
}

int trace_check_privileges(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {};

	if (syscall(SYS_capget, &hdr, data)) {
		fprintf(stderr, "fdmodel trace: capget: %s\n", strerror(errno));
		return -1;
	}
	if (has_cap(data, CAP_SYS_ADMIN) ||
	    (has_cap(data, CAP_BPF) && has_cap(data, CAP_PERFMON)))
		return 0;
	fprintf(stderr, "fdmodel trace: permission denied: run as root "
		"(needs CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN)\n");
	return -1;
}

/* "fentry/__x64_sys_read" -> the BTF name that must exist for it. */
static int target_exists(const struct btf *btf, const char *sec)
{
	const char *slash = strchr(sec, '/');
	char name[128];

	if (!slash)
		return 1;
	if (!strncmp(sec, "tp_btf/", 7)) {
		snprintf(name, sizeof(name), "btf_trace_%s", slash + 1);
		return btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF) > 0;
	}
	return btf__find_by_name_kind(btf, slash + 1, BTF_KIND_FUNC) > 0;
}

/*
 * Does the kernel load fexit programs on func? Not every kernel with BTF
 * does: this machine's 6.18 refuses them (EPERM) at load, whatever they
 * do. A two-instruction program says so before the real ones are loaded.
 */
bool fexit_allowed(const struct btf *btf, const char *func)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		    .expected_attach_type = BPF_TRACE_FEXIT);
	int fd;

	opts.attach_btf_id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, NULL, "GPL", insns, 2,
			   &opts);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/*
 * fexit programs only add to what the others see (fds installed by calls
 * off the list): where the kernel refuses fexit they are left out. -v
 * tells which.
 */
static void drop_refused_fexit(struct bpf_object *obj, const struct btf *btf,
			       bool verbose)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, obj) {
		const char *sec = bpf_program__section_name(prog);

		if (!bpf_program__autoload(prog) || strncmp(sec, "fexit/", 6))
			continue;
		if (fexit_allowed(btf, sec + 6)) {
			if (verbose)
				fprintf(stderr, "fdmodel trace: %s loaded\n",
					sec);
			continue;
		}
		bpf_program__set_autoload(prog, false);
		if (verbose)
			fprintf(stderr, "fdmodel trace: %s left out: this "
				"kernel refuses fexit programs\n", sec);
	}
}

int trace_check_kernel(struct bpf_object *obj, unsigned int types,
		       bool verbose)
{
	struct bpf_program *prog;
	struct btf *btf;
	int err = 0;

	if (access(VMLINUX_BTF, R_OK)) {
		fprintf(stderr, "fdmodel trace: this kernel has no BTF (%s: "
			"%s): it needs CONFIG_DEBUG_INFO_BTF=y\n", VMLINUX_BTF,
			strerror(errno));
		return -1;
	}
	btf = btf__load_vmlinux_btf();
	if (!btf) {
		fprintf(stderr, "fdmodel trace: cannot read kernel BTF: %s\n",
			strerror(errno));
		return -1;
	}
	err = calls_choose(obj, btf, types, verbose);
	if (err)
		goto out;
	bpf_object__for_each_program(prog, obj) {
		const char *sec = bpf_program__section_name(prog);

		if (!bpf_program__autoload(prog) || target_exists(btf, sec))
			continue;
		fprintf(stderr, "fdmodel trace: attach point %s is missing "
			"in this kernel (leave its events out with -e)\n",
			strchr(sec, '/') + 1);
		err = -1;
		break;
	}
	if (!err)
		drop_refused_fexit(obj, btf, verbose);
out:
	btf__free(btf);
	return err;
}
