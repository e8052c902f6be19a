# SPDX-License-Identifier: GPL-2.0
#
# fdmodel.ko through Debian's dkms, for kernels the project does not boot:
# make dkms-install copies what Kbuild builds from (Kbuild, dkms.conf,
# kmod/'s sources, laid out as here) to /usr/src/fdmodel-VERSION and
# registers it, so dkms builds the module for every kernel installed from
# then on (AUTOINSTALL), and for the running kernel at once if its headers
# are installed (a kernel without them, as on a CI host, is skipped, not an
# error).  make dkms-build KVER=6.12 builds it for one kernel whose
# headers are installed (KVER as everywhere, see vm/kernel-version).
# Included by the top Makefile, which defines TOP, KVER and KDIR.
#
# DKMS (the command with its options) and DKMS_SOURCE (where the sources
# go) let tests/install/run-host register it in trees of its own.

DKMS ?= dkms
DKMS_SOURCE ?= /usr/src
FDMODEL_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' $(TOP)/dkms.conf)
DKMS_MODULE := fdmodel/$(FDMODEL_VERSION)
DKMS_DIR := $(DKMS_SOURCE)/fdmodel-$(FDMODEL_VERSION)
RUNNING := $(shell uname -r)

.PHONY: dkms-install dkms-build dkms-uninstall

# Registering again replaces the sources and every build of the old ones.
dkms-install: dkms-uninstall
	mkdir -p $(DKMS_DIR)/kmod
	cp $(TOP)/Kbuild $(TOP)/dkms.conf $(DKMS_DIR)/
	cp $(wildcard $(TOP)/kmod/*.c $(TOP)/kmod/*.h) $(DKMS_DIR)/kmod/
	$(DKMS) add $(DKMS_MODULE)
	@if [ -d /lib/modules/$(RUNNING)/build ]; then \
		echo "$(DKMS) install $(DKMS_MODULE) -k $(RUNNING)"; \
		$(DKMS) install $(DKMS_MODULE) -k $(RUNNING); \
	else \
		echo "dkms-install: no headers for the running kernel $(RUNNING):" \
			"fdmodel.ko is built for kernels installed from now on"; \
	fi

dkms-build:
	$(DKMS) build $(DKMS_MODULE) -k $(KVER) --kernelsourcedir $(KDIR)

dkms-uninstall:
	@if [ -n "$$($(DKMS) status $(DKMS_MODULE))" ]; then \
		echo "$(DKMS) remove $(DKMS_MODULE) --all"; \
		$(DKMS) remove $(DKMS_MODULE) --all; \
	fi
	rm -rf $(DKMS_DIR)
