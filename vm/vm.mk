# SPDX-License-Identifier: GPL-2.0
#
# The lab VM (see vm/run and vm/shell), and every target that boots it,
# each with all it needs built: this file is where to read what make
# check, make bench and make lab build.  Included by the top Makefile,
# which defines TOP.  The scripts keep their own caches under build/vm/,
# keyed by what goes into each artifact, so these targets are always run
# and cost a few hashes when nothing changed.  KVER (the guest kernel's release,
# resolved by the top Makefile) and VM_PACKAGES (extra Debian packages for
# the image) reach the scripts through the environment.

.PHONY: image vm-shell check-in-vm bench-in-vm lab

image:
	@$(TOP)/vm/unpack-kernel >/dev/null
	@$(TOP)/vm/build-initramfs >/dev/null
	@$(TOP)/vm/build-image >/dev/null

vm-shell: all image
	$(TOP)/vm/shell

# The host tests (trace on this machine's kernel, the show views' golden
# files, make install and the dkms targets), then the suite in the VM on
# each kernel of CHECK_KERNELS (tests/check, which builds the module for
# each and tells vm/run that make has built everything).  tests builds
# the labs too (labs/labs.mk): tests/labs.sh checks their walkthroughs.
check-in-vm: all tests trace-tests image
	$(TOP)/tests/check

# 4G: a million fds and then a million epoll watches, after 5 x 20,000 fds,
# ran a 2G guest out of memory while its freed pipes were still queued.
bench-in-vm: all tests bench-progs image
	VM_NO_BUILD=1 VM_MEM=$${VM_MEM:-4G} VM_TIMEOUT=$${VM_TIMEOUT:-3600} \
		$(TOP)/vm/run -- bench/run

# One lab in a fresh lab VM, its walkthrough's output on stdout:
# make lab NAME=dup-fanout (labs/*.md lists them).
lab: all tests image
	@test -n "$(NAME)" || { echo "usage: make lab NAME=dup-fanout" >&2; exit 1; }
	VM_NO_BUILD=1 $(TOP)/vm/run -- labs/run $(NAME)
