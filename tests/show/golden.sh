#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The views of `fdmodel show` against expected outputs, on the host: each
# case runs `fdmodel show --input FIXTURE ARGS...` on a hand-written
# snapshot of tests/show/golden/ and compares stdout, stderr and the exit
# status with FIXTURE_ARGS.out. No module and no BPF: --input reads a
# file. A golden file is a regression net only: it holds what the code
# printed when it was made, so read what --update writes before
# committing it.
#
# golden.sh            TAP on stdout; exit status 0 when every case passed
# golden.sh --update   rewrite the expected outputs from today's fdmodel
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
dir=$top/tests/show/golden
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"

# Every fixture in each view, then filters where a fixture has something
# for them to choose.
cases=()
for fix in docs hostile kinds shared; do
	cases+=("$fix" "$fix -T" "$fix -j" "$fix -d")
done
cases+=(
	"hostile -p 16" "hostile -t anon -T" "hostile -s -j"
	"kinds -t sock" "kinds -t fifo -d" "kinds -s" "kinds -p 501 -T"
	"shared -p 200" "shared -p 300 -T" "shared -s" "shared -t reg -j"
	"shared -p 100 -p 400 -d"
)

make -C "$top" --no-print-directory user >&2 || exit 1

# run FIXTURE ARGS...: what the case printed, as its .out file holds it.
run() {
	local fix=$1 status

	shift
	"$build/user/fdmodel" show --input "$dir/$fix.txt" "$@" 2>"$tmp/err"
	status=$?
	sed 's/^/stderr: /' "$tmp/err"
	echo "exit status $status"
}

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

if [ "$1" = --update ]; then
	rm -f "$dir"/*.out
	for c in "${cases[@]}"; do
		# shellcheck disable=SC2086
		run $c >"$dir/${c// /_}.out"
	done
	echo "wrote ${#cases[@]} expected outputs in $dir: read them"
	exit
fi

tap_plan "${#cases[@]}"
for c in "${cases[@]}"; do
	expected=$dir/${c// /_}.out
	read -r fix args <<<"$c"
	# shellcheck disable=SC2086
	run "$fix" $args >"$tmp/out"
	diff -u "$expected" "$tmp/out" >"$tmp/diff"
	tap_ok $? "fdmodel show --input $fix.txt${args:+ $args}"
	head -n 20 "$tmp/diff" | sed 's/^/# /'
done
tap_exit
