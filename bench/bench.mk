# SPDX-License-Identifier: GPL-2.0
# make bench: the module in the lab VM (bench/run, with the helpers built
# here), the tracer in the lab VM (fentry) and on this machine's kernel
# (tp_btf), both by bench/trace-bench.

BENCH_PROGS := $(addprefix $(BUILD)/bench/,holdfds fdwalk memwatch)
# The live model's load (issue 11), run here, not in the VM.
MODEL_BENCH_PROGS := $(BUILD)/bench/dupflood

.PHONY: bench-progs
bench-progs: $(BENCH_PROGS)

$(BUILD)/bench/%: $(TOP)/bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<

# The tracer's costs are measured on this machine's own kernel (issue 5).
.PHONY: bench-host
bench-host: user trace-tests $(MODEL_BENCH_PROGS) $(BUILD)/bench/floor
	$(TOP)/bench/trace-bench
	$(TOP)/bench/model-bench

# In the lab VM, whose kernel allows fentry: what a traced and an excluded
# process pay there (issue 12). Under TCG a pread costs some 15 times what
# it costs here: fewer of them.
.PHONY: bench-trace-vm
bench-trace-vm: user trace-tests image $(BUILD)/bench/floor
	VM_NO_BUILD=1 $(TOP)/vm/run -- bench/trace-bench --guest 7 300000

# floor: empty programs on the collector's attach points (bench/floor.c).
FLOOR_OUT := $(BUILD)/bench/floor
$(FLOOR_OUT).bpf.o: $(TOP)/bench/floor.bpf.c $(BUILD)/bpf/vmlinux.h
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(FLOOR_OUT).skel.h: $(FLOOR_OUT).bpf.o
	$(BPFTOOL) gen skeleton $< name floor_bpf > $@.tmp
	mv $@.tmp $@

$(FLOOR_OUT): $(TOP)/bench/floor.c $(TOP)/user/trace/trace_ring.c \
		$(FLOOR_OUT).skel.h
	$(CC) $(CFLAGS) -I$(BUILD)/bench -I$(TOP)/user $(filter %.c,$^) \
		$(USER_LIBS) -o $@
