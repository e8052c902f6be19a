# SPDX-License-Identifier: GPL-2.0
#
# The scenario programs of the trace tests (tests/trace/*.c), built on
# the host into $(BUILD)/tests/trace/ so the lab VM needs no compiler.
# Included by user/user.mk.

TRACE_TESTS_OUT := $(BUILD)/tests/trace
TRACE_TESTS := $(patsubst $(TOP)/tests/trace/%.c,$(TRACE_TESTS_OUT)/%,\
		 $(wildcard $(TOP)/tests/trace/*.c))

.PHONY: trace-tests
trace-tests: $(TRACE_TESTS) $(FDMODEL)

$(TRACE_TESTS_OUT):
	mkdir -p $@

$(TRACE_TESTS_OUT)/siphash_test: $(TOP)/tests/trace/siphash_test.c \
		$(TOP)/user/trace/trace_siphash.c | $(TRACE_TESTS_OUT)
	$(CC) $(CFLAGS) -I$(TOP)/user/trace -o $@ $^

$(TRACE_TESTS_OUT)/%: $(TOP)/tests/trace/%.c \
		$(TOP)/tests/trace/scenario.h | $(TRACE_TESTS_OUT)
	$(CC) $(CFLAGS) -D_GNU_SOURCE -o $@ $< -lpthread
