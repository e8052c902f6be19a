#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every option `fdmodel show --help` and `fdmodel trace --help` list is in
# docs/fdmodel.1, under OPTIONS, "fdmodel show" or "fdmodel trace", and
# every option the man page lists there is in --help.
# tests/help.sh [FDMODEL [MAN]] checks other copies (to see it fail).
. "$(dirname "$0")/lib/tap.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
fdmodel=${1:-$top/build/user/fdmodel}
man=${2:-$top/docs/fdmodel.1}

# The -x and --long names in the option column of `fdmodel CMD --help`:
# lines starting with spaces and a dash, up to the first two spaces.
help_opts() {
	"$fdmodel" "$1" --help | grep -E '^ +-' |
		sed -E 's/^ +//; s/  .*//' |
		grep -oE '(^| )--?[A-Za-z][A-Za-z-]*' | tr -d ' ' | sort -u
}

# The same in the .TP tags of the man page's ".SS fdmodel CMD".
man_opts() {
	awk -v sec=".SS fdmodel $1" '
		/^\.S[SH]/ { on = ($0 == sec) }
		on && prev == ".TP" { print }
		{ prev = $0 }' "$man" |
		grep -oE '(\\-)+[A-Za-z][A-Za-z-]*' | tr -d '\\' | sort -u
}

tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.help" "$tmp.page"' EXIT
tap_plan 2
for cmd in show trace; do
	help=$(help_opts "$cmd")
	page=$(man_opts "$cmd")
	[ -n "$help" ] && [ -n "$page" ] && [ "$help" = "$page" ]
	status=$?
	if [ $status -ne 0 ]; then
		# Files, not <(...): the guest may have no /dev/fd.
		echo "$help" >"$tmp.help"
		echo "$page" >"$tmp.page"
		diff "$tmp.help" "$tmp.page" |
			sed -n 's/^</# only in --help:/p; s/^>/# only in the man page:/p'
		[ -n "$help" ] || tap_diag "no options found in $cmd --help"
		[ -n "$page" ] || tap_diag "no options found under .SS fdmodel $cmd"
	fi
	tap_ok $status "fdmodel $cmd --help and docs/fdmodel.1 list the same options"
done
tap_exit
