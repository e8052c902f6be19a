#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every walkthrough labs/NAME.md still shows what its program prints now.
. "$(dirname "$0")/lib/tap.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
mds=("$top"/labs/*.md)
tap_plan ${#mds[@]}
for md in "${mds[@]}"; do
	name=$(basename "$md" .md)
	out=$("$top/labs/run" --check "$name" 2>&1)
	status=$?
	[ $status -eq 0 ] || sed 's/^/# /' <<<"$out"
	tap_ok $status "labs/$name.md shows what build/labs/$name prints"
done
tap_exit
