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
for fix in docs hostile kinds locks lsof shared; do
	cases+=("$fix" "$fix -T" "$fix -j" "$fix -d")
done
cases+=(
	"hostile -p 16" "hostile -t anon -T" "hostile -s -j"
	"kinds -t sock" "kinds -t fifo -d" "kinds -s" "kinds -p 501 -T"
	"shared -p 200" "shared -p 300 -T" "shared -s" "shared -t reg -j"
	"shared -p 100 -p 400 -d"
	"locks -p 902" "locks -p 902 -j"
	"lsof -i" "lsof -i :8080" "lsof -i tcp -T" "lsof -i 6 -j"
	"lsof -i 4udp" "lsof -i @127.0.0.1:51234" "lsof -i @[::1]:8080 -d"
	"lsof -i :https" "lsof -i @localhost:8080" "lsof -i udp -i :8080" "lsof -i :8080 -p 701"
	"lsof -i -t reg" "lsof -i -s" "lsof -i:53"
	"lsof -i bogus" "lsof -i 4@[::1]" "lsof -i :70000" "lsof -i @[::1"
	"lsof -u 1000" "lsof -u ^1000" "lsof -u root -i tcp" "lsof -u 0 -u 1000 -i :8080 -T"
	"lsof -u nosuchuser"
	"paths @SELF@" "paths @SELF@ -T" "paths @SELF@ -p 801 -j"
	"paths @SELF@ -d" "paths -i @SELF@" "paths @SELF@ -i tcp"
	"paths @SELF@ -u 1000 -s"
	"paths @SELF@ @SELF@.missing"
)

make -C "$top" --no-print-directory user >&2 || exit 1

# run FIXTURE ARGS...: what the case printed, as its .out file holds it.
# PATH needs a file to stat(): the fixture itself. @SELF@ in ARGS is its
# path, @DEV@ and @INO@ in it its device and inode, and they are written
# back as such, in every view's spelling and with the padding after them
# cut to one space, in what is printed. (Only PATH cases read such a
# fixture: its inodes sort by the device.)
run() {
	local fix=$1 status dev ino

	shift
	read -r dev ino < <(stat -c '%Hd:%Ld %i' "$dir/$fix.txt")
	sed "s/@DEV@/$dev/g; s/@INO@/$ino/g" "$dir/$fix.txt" >"$tmp/fix"
	"$build/user/fdmodel" show --input "$tmp/fix" "${@//@SELF@/$dir/$fix.txt}" \
		>"$tmp/stdout" 2>"$tmp/err"
	status=$?
	sed 's/^/stderr: /' "$tmp/err" >>"$tmp/stdout"
	sed -e "s|$dir/$fix.txt|@SELF@|g" \
	    -e "s/\b$dev:$ino  */@DEV@:@INO@ /g" \
	    -e "s/\b$dev:$ino\b/@DEV@:@INO@/g" \
	    -e "s/\bi_${dev/:/_}_$ino\b/i_@DEV@_@INO@/g" \
	    -e "s/\"dev\":\"$dev\",\"ino\":$ino\b/\"dev\":\"@DEV@\",\"ino\":@INO@/g" \
	    "$tmp/stdout"
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
