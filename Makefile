# SPDX-License-Identifier: GPL-2.0
#
# fdmodel: the README's two commands are `make vm` and `make check`.
# Both install what they need (vm/install-deps), so each entry point that
# needs packages first runs that script and then re-enters make, whose
# variables (the kernel version above all) are computed only once the
# packages are there.

TOP := $(CURDIR)
BUILD := $(TOP)/build
KVER ?= $(shell $(TOP)/vm/kernel-version 2>/dev/null)
KDIR ?= /lib/modules/$(KVER)/build

CC := gcc
CFLAGS := -O2 -g -Wall -Wextra -Werror -std=gnu11

.PHONY: all module deps vm check bench image clean
.DEFAULT_GOAL := all

all: module user

module:
	$(MAKE) -C $(KDIR) M=$(TOP) modules

include vm/vm.mk
include tests/tests.mk
include bench/bench.mk
include user/user.mk
include labs/labs.mk

deps:
	$(TOP)/vm/install-deps

# The README's commands: install, then re-enter make with packages present.
vm: deps
	$(MAKE) --no-print-directory vm-shell

check: deps
	$(MAKE) --no-print-directory check-in-vm

bench: deps
	$(MAKE) --no-print-directory bench-in-vm bench-host

clean:
	$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null || true
	rm -rf $(BUILD)/tests $(BUILD)/user $(BUILD)/bpf $(BUILD)/bench $(BUILD)/labs

# One lab in a fresh lab VM, its walkthrough's output on stdout:
# make lab NAME=dup-fanout (labs/*.md lists them).
.PHONY: lab
lab: all tests image
	@test -n "$(NAME)" || { echo "usage: make lab NAME=dup-fanout" >&2; exit 1; }
	VM_NO_BUILD=1 $(TOP)/vm/run -- labs/run $(NAME)
