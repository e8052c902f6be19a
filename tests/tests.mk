# SPDX-License-Identifier: GPL-2.0
#
# Test programs: every tests/*.c is one scenario group, linked with the
# shared helpers in tests/lib/. Included by the top Makefile, which
# defines TOP, BUILD, CC and CFLAGS. `make tests` builds them all into
# $(BUILD)/tests/; tests/run runs them inside the lab VM.

TESTS_SRC := $(TOP)/tests
TESTS_OUT := $(BUILD)/tests
TESTS_LIB_HDRS := $(wildcard $(TESTS_SRC)/lib/*.h)
TESTS_LIB_OBJS := $(patsubst $(TESTS_SRC)/lib/%.c,$(TESTS_OUT)/lib/%.o,\
		    $(wildcard $(TESTS_SRC)/lib/*.c))
TESTS_LIB := $(TESTS_OUT)/lib/libfdtest.a
TESTS_PROGS := $(patsubst $(TESTS_SRC)/%.c,$(TESTS_OUT)/%,\
		 $(wildcard $(TESTS_SRC)/*.c))
TESTS_CFLAGS := $(CFLAGS) -D_GNU_SOURCE -I$(TESTS_SRC)/lib

.PHONY: tests
tests: $(TESTS_PROGS)

$(TESTS_OUT)/lib:
	mkdir -p $@

$(TESTS_OUT)/lib/%.o: $(TESTS_SRC)/lib/%.c $(TESTS_LIB_HDRS) | $(TESTS_OUT)/lib
	$(CC) $(TESTS_CFLAGS) -c -o $@ $<

$(TESTS_LIB): $(TESTS_LIB_OBJS)
	$(AR) rcs $@ $^

$(TESTS_OUT)/%: $(TESTS_SRC)/%.c $(TESTS_LIB) $(TESTS_LIB_HDRS)
	$(CC) $(TESTS_CFLAGS) -o $@ $< $(TESTS_LIB) -lpthread
