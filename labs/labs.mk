# SPDX-License-Identifier: GPL-2.0
#
# The lab programs (labs/*.c but lab.c, each linked with lab.c), built on
# the host like the tests: the lab VM has no compiler. Included by the
# top Makefile; `make tests` builds them too, so make check has them.

LABS_SRC := $(TOP)/labs
LABS_OUT := $(BUILD)/labs
LABS_PROGS := $(patsubst $(LABS_SRC)/%.c,$(LABS_OUT)/%,\
		$(filter-out %/lab.c,$(wildcard $(LABS_SRC)/*.c)))

.PHONY: labs
labs: $(LABS_PROGS)
tests: labs

$(LABS_OUT):
	mkdir -p $@

$(LABS_OUT)/%: $(LABS_SRC)/%.c $(LABS_SRC)/lab.c $(LABS_SRC)/lab.h | $(LABS_OUT)
	$(CC) $(CFLAGS) -D_GNU_SOURCE -o $@ $< $(LABS_SRC)/lab.c
