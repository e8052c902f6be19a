#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Module lifecycle: modinfo metadata, rmmod while a reader holds
# /proc/fdmodel open (the reader then gets an error, the kernel stays
# healthy), reinsertion, and fresh ids after a reload (the id key is
# chosen at load time).

. "$(dirname "$0")/lib/tap.sh"

ko=${FDMODEL_KO:-/project/fdmodel.ko}
tap_plan 10

# modinfo -F prints the field's value, empty when it is missing.
for field in license description author; do
	value=$(modinfo -F "$field" "$ko" 2>/dev/null)
	tap_diag "$field: $value"
	[ -n "$value" ]
	tap_ok $? "modinfo shows a $field"
done

# The table id of this shell's own fd table, before and after a reload.
my_table() {
	exec 4<>/proc/fdmodel && echo "pid $$" >&4 &&
		grep -m1 "^task pid=$$ " <&4 | grep -o 'table=[0-9a-f-]*'
	exec 4<&-
}
before=$(my_table)

exec 3</proc/fdmodel
IFS= read -r first <&3
[ "$first" = "# fdmodel 1" ]
tap_ok $? "a reader opens /proc/fdmodel and reads the header"

timeout 60 rmmod fdmodel
tap_ok $? "rmmod succeeds while the reader holds the file open"

[ ! -e /proc/fdmodel ] && ! grep -q '^fdmodel ' /proc/modules
tap_ok $? "the module and /proc/fdmodel are gone"

err=$(cat <&3 2>&1 >/dev/null)
status=$?
tap_diag "reading the held file after rmmod: status $status: $err"
[ $status -ne 0 ]
tap_ok $? "the reader's next read fails instead of returning data"
exec 3<&-

insmod "$ko"
tap_ok $? "insmod again"

after=$(my_table)
head=$(head -n1 /proc/fdmodel)
[ "$head" = "# fdmodel 1" ] && [ -n "$after" ]
tap_ok $? "after reinsertion /proc/fdmodel reads again"
tap_diag "this shell's table id: $before before, $after after the reload"
[ -n "$before" ] && [ "$before" != "$after" ]
tap_ok $? "a reload picks a new id key: the same fd table gets a new id"

tap_exit
