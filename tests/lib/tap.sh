# SPDX-License-Identifier: GPL-2.0
# TAP helpers for test scripts, the same output as lib/tap.c.

tap_count=0
tap_failed=0
tap_planned=0

tap_plan() {
	tap_planned=$1
	echo "TAP version 13"
	echo "1..$1"
}

# tap_ok STATUS DESCRIPTION: STATUS 0 passes.
tap_ok() {
	tap_count=$((tap_count + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_count $2"
	else
		echo "not ok $tap_count $2"
		tap_failed=$((tap_failed + 1))
	fi
}

tap_diag() {
	echo "# $*"
}

tap_exit() {
	if [ "$tap_count" -ne "$tap_planned" ]; then
		tap_diag "planned $tap_planned tests but ran $tap_count"
		exit 1
	fi
	[ "$tap_failed" -eq 0 ]
	exit
}
