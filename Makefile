# SPDX-License-Identifier: GPL-2.0
#
# fdmodel: the README's two commands are `make vm` and `make check`.
# Both install what they need (vm/install-deps), so each entry point that
# needs packages first runs that script and then re-enters make, whose
# variables (the kernel version above all) are computed only once the
# packages are there.

TOP := $(CURDIR)
BUILD := $(TOP)/build
# KVER names the guest kernel (6.1, 6.1-rt, 6.12, 6.12-rt, debug or a
# release, see vm/kernel-version); from here on it is the release, and the
# scripts make runs get that.  Each kernel's module is kept in
# build/kmod/<release>/, where vm/guest-init and tests/run look first.
KVER_NAME := $(KVER)
override KVER := $(shell $(TOP)/vm/kernel-version $(KVER) 2>/dev/null)
export KVER
# A KVER that names nothing must not quietly become the default kernel;
# check-debug builds the kernel KVER=debug names.
ifneq ($(KVER_NAME),)
ifeq ($(KVER),)
ifeq ($(filter check-debug deps,$(MAKECMDGOALS)),)
$(error KVER=$(KVER_NAME) names no kernel: $(shell $(TOP)/vm/kernel-version $(KVER_NAME) 2>&1))
endif
endif
endif
KDIR ?= $(shell $(TOP)/vm/kernel-version --modules $(KVER) 2>/dev/null)/build
KMOD_OUT := $(BUILD)/kmod/$(KVER)

CC := gcc
CFLAGS := -O2 -g -Wall -Wextra -Werror -std=gnu11

.PHONY: all module deps vm check bench image clean
.DEFAULT_GOAL := all

all: module user

# kbuild builds fdmodel.ko in the top directory whatever the kernel; the
# copy for this kernel is what the VM loads.
module:
	$(MAKE) -C $(KDIR) M=$(TOP) modules
	@mkdir -p $(KMOD_OUT)
	cp $(TOP)/fdmodel.ko $(KMOD_OUT)/fdmodel.ko

include vm/vm.mk
include tests/tests.mk
include bench/bench.mk
include user/user.mk
include labs/labs.mk
include kmod/dkms.mk

deps:
	$(TOP)/vm/install-deps

# The README's commands: install, then re-enter make with packages present.
vm: deps
	$(MAKE) --no-print-directory vm-shell

check: deps
	$(MAKE) --no-print-directory check-in-vm

# make check on the four stock kernels: 6.1 and 6.12, each also PREEMPT_RT.
.PHONY: check-matrix check-debug
check-matrix: deps
	CHECK_KERNELS="6.1 6.1-rt 6.12 6.12-rt" $(MAKE) --no-print-directory check-in-vm

# The suite on the debug kernel (KASAN, lockdep, UBSAN: vm/build-debug-kernel,
# built once, about 12 minutes), slower, so with more time and memory.
check-debug: deps
	$(TOP)/vm/build-debug-kernel >/dev/null
	CHECK_KERNELS=debug CHECK_HOST=0 VM_MEM=$${VM_MEM:-3G} \
		VM_TIMEOUT=$${VM_TIMEOUT:-5400} \
		CHECK_VM_ENV="TEST_TIMEOUT=$${TEST_TIMEOUT:-1200}" \
		$(MAKE) --no-print-directory check-in-vm KVER=debug

bench: deps
	$(MAKE) --no-print-directory bench-in-vm bench-trace-vm bench-host

clean:
	$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null || true
	rm -rf $(BUILD)/kmod $(BUILD)/tests $(BUILD)/user $(BUILD)/bpf $(BUILD)/bench $(BUILD)/labs
