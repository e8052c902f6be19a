# SPDX-License-Identifier: GPL-2.0
#
# The collector `fdmodel` (user/) and its BPF programs (bpf/), built the
# way libbpf-bootstrap builds its tools: vmlinux.h dumped from the kernel's
# BTF, one BPF object per probe file linked into one with `bpftool gen
# object`, a skeleton from `bpftool gen skeleton`, and libbpf linked
# statically so the binary runs as built on another kernel (CO-RE).
# Included by the top Makefile, which sets TOP, BUILD, CC and CFLAGS.
# make install puts it and its man pages under PREFIX (/usr/local), in
# DESTDIR if set.
#
# Debian packages: clang, bpftool, libbpf-dev, libelf-dev, zlib1g-dev.

BPFTOOL ?= bpftool
CLANG ?= clang
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux

BPF_OUT := $(BUILD)/bpf
USER_OUT := $(BUILD)/user
FDMODEL := $(USER_OUT)/fdmodel

BPF_SRCS := $(wildcard $(TOP)/bpf/*.bpf.c)
BPF_OBJS := $(patsubst $(TOP)/bpf/%.bpf.c,$(BPF_OUT)/%.bpf.o,$(BPF_SRCS))
BPF_HDRS := $(wildcard $(TOP)/bpf/*.h)
# user/show/ and user/trace/ hold each command's own files, user/ what
# they share: main, cli and the snapshot reader and its model, which
# trace's live model is to be compared with. Only trace's objects need
# the BPF skeleton: `make user-no-bpf` builds the rest without clang,
# bpftool or kernel BTF.
USER_NO_BPF_OBJS := $(patsubst $(TOP)/user/%.c,$(USER_OUT)/%.o,\
		      $(wildcard $(TOP)/user/*.c $(TOP)/user/show/*.c))
USER_TRACE_OBJS := $(patsubst $(TOP)/user/%.c,$(USER_OUT)/%.o,\
		     $(wildcard $(TOP)/user/trace/*.c))
USER_OBJS := $(USER_NO_BPF_OBJS) $(USER_TRACE_OBJS)

# clang -target bpf does not search the host's multiarch include paths.
CLANG_BPF_SYS_INCLUDES := $(shell $(CLANG) -v -E - </dev/null 2>&1 | \
	sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }')

BPF_CFLAGS := -g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_x86 \
	-I$(BPF_OUT) -I$(TOP)/bpf $(CLANG_BPF_SYS_INCLUDES)
USER_CFLAGS := $(CFLAGS) -D_GNU_SOURCE -I$(TOP)/user
USER_TRACE_CFLAGS := $(USER_CFLAGS) -I$(BPF_OUT) -I$(TOP)/bpf
# libbpf.a by path: a static libbpf, and the shared libelf and zlib that
# every Debian system with bpftool already has.
USER_LIBS := $(shell $(CC) -print-file-name=libbpf.a) -lelf -lz

.PHONY: user user-no-bpf install
user: $(FDMODEL)
user-no-bpf: $(USER_NO_BPF_OBJS)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man

install: $(FDMODEL)
	install -D -m 755 $(FDMODEL) $(DESTDIR)$(BINDIR)/fdmodel
	install -D -m 644 $(TOP)/docs/fdmodel.1 $(DESTDIR)$(MANDIR)/man1/fdmodel.1
	install -D -m 644 $(TOP)/docs/fdmodel.5 $(DESTDIR)$(MANDIR)/man5/fdmodel.5

$(BPF_OUT) $(USER_OUT) $(USER_OUT)/show $(USER_OUT)/trace:
	mkdir -p $@

$(BPF_OUT)/vmlinux.h: | $(BPF_OUT)
	$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@.tmp
	mv $@.tmp $@

$(BPF_OUT)/%.bpf.o: $(TOP)/bpf/%.bpf.c $(BPF_HDRS) $(BPF_OUT)/vmlinux.h
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# maps.bpf.o defines what the others declare extern: libbpf 1.1's linker
# resolves extern maps correctly only when the definition comes first.
$(BPF_OUT)/trace.o: $(BPF_OUT)/maps.bpf.o $(filter-out %/maps.bpf.o,$(BPF_OBJS))
	$(BPFTOOL) gen object $@ $^

$(BPF_OUT)/trace.skel.h: $(BPF_OUT)/trace.o
	$(BPFTOOL) gen skeleton $< name trace_bpf > $@.tmp
	mv $@.tmp $@

$(USER_NO_BPF_OBJS): $(USER_OUT)/%.o: $(TOP)/user/%.c \
		| $(USER_OUT) $(USER_OUT)/show
	$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(USER_TRACE_OBJS): $(USER_OUT)/%.o: $(TOP)/user/%.c $(BPF_OUT)/trace.skel.h \
		| $(USER_OUT)/trace
	$(CC) $(USER_TRACE_CFLAGS) -MMD -MP -c $< -o $@

$(FDMODEL): $(USER_OBJS)
	$(CC) $(CFLAGS) $^ $(USER_LIBS) -o $@

-include $(USER_OBJS:.o=.d)

-include $(TOP)/tests/trace/trace.mk
