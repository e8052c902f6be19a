# SPDX-License-Identifier: GPL-2.0
#
# Sourced by vm/run, vm/shell and vm/accel: where things are, and the part
# of the QEMU command line every boot of the lab VM shares.

vm_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
vm_top=$(dirname "$vm_dir")
vm_build="$vm_top/build/vm"
# KVER names the guest kernel (vm/kernel-version: 6.1, 6.12-rt, debug, a
# release); from here on it is the release, for every script we call.
vm_kver=$("$vm_dir/kernel-version" ${KVER:+"$KVER"}) || exit 1
export KVER=$vm_kver
# The guest's /lib/modules/<release>, shared read-only: Debian's on the
# host, or the modules_install of a kernel we built (KVER=debug).
vm_modules=${VM_MODULES_DIR:-$("$vm_dir/kernel-version" --modules "$vm_kver")}

# Kernel, initramfs and image are cached, so asking for them is cheap; each
# build script prints the path of what it built or found.
vm_prepare() {
	vm_kernel=$("$vm_dir/unpack-kernel") || return 1
	vm_initramfs=$("$vm_dir/build-initramfs") || return 1
	vm_rootfs=$("$vm_dir/build-image") || return 1
}

# Fills the array vm_qemu with the shared command line; $1 is the kernel
# command line.  The caller adds the consoles.
vm_qemu_args() {
	local accel cpu cmdline=$1
	accel=$("$vm_dir/accel") || return 1
	# The debug kernel (KASAN, lockdep) runs several times slower than
	# Debian's under TCG, whose one thread takes the vCPUs in turn: its
	# boot-time switch to the TSC clock (stop_machine, every vCPU) kept
	# vCPU 0 spinning for 26 s while vCPU 1 caught up, and the soft
	# lockup watchdog (20 s) fired.  Give the watchdogs the same margin;
	# a real lockup or RCU stall never ends, and is still reported.
	case "$vm_kver" in
	*-fdmodel-debug)
		cmdline+=" watchdog_thresh=60 rcupdate.rcu_cpu_stall_timeout=60" ;;
	esac
	# Multi-threaded TCG runs each vCPU on its own host thread.  While the
	# guest patches its own text (static keys, tracepoints: int3-based
	# text_poke_bp) the other vCPU was seen to run half-patched code and
	# take an int3 Oops: 6.12 in syscall_trace_enter as a trace detached,
	# and in sched_clock_cpu at boot.  Single-threaded TCG runs all vCPUs
	# on one host thread, so no vCPU runs while another patches.
	case "$accel" in
	kvm) accel=kvm cpu=host ;;
	*) accel=tcg,thread=single cpu=max ;;
	esac
	vm_qemu=(
		qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot
		-accel "$accel" -cpu "$cpu" -smp "${VM_SMP:-2}" -m "${VM_MEM:-2G}"
		-kernel "$vm_kernel" -initrd "$vm_initramfs" -append "$cmdline"
		# snapshot=on: writes go to a throwaway overlay, every boot is fresh.
		-drive "file=$vm_rootfs,if=virtio,format=raw,snapshot=on"
		-virtfs "local,path=$vm_top,mount_tag=project,security_model=none,id=project"
		-virtfs "local,path=$vm_modules,mount_tag=modules,security_model=none,readonly=on,id=modules"
		-device virtio-serial-pci
		# How vm/guest-init ends the VM at once: QEMU exits with
		# (byte << 1) | 1.  The status itself has a port of its own.
		-device isa-debug-exit,iobase=0xf4,iosize=0x04
	)
}
