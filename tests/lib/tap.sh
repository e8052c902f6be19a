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

# tap_done: the plan at the end, for runners that learn their count only
# as they go; returns 1 when anything failed.
tap_done() {
	echo "1..$tap_count"
	[ "$tap_failed" -eq 0 ]
}

# tap_merge PREFIX: a TAP stream on stdin, taken in as results of ours:
# renumbered, each description prefixed with PREFIX and the names of the
# subtests it is nested in (TAP 14: "# Subtest: NAME", then the subtest
# indented four spaces, then its own result line).  A subtest's own
# result adds a failure only when its results do not show one: its plan
# not kept, or "not ok" (a timeout, an exit status) with every result
# passed; otherwise it is kept as a diagnostic.  Plans and versions are
# ours to print.  tap_skipped counts the skips.  In a pipeline, the
# caller needs shopt -s lastpipe to keep the counts.
tap_skipped=0
tap_merge() {
	local prefix=$1 line body path desc depth=0 d i sub
	local -a name planned seen bad

	bad[0]=0
	seen[0]=0
	while IFS= read -r line; do
		body=$line
		d=0
		while [ $d -lt $depth ] && [ "${body:0:4}" = "    " ]; do
			body=${body:4}
			d=$((d + 1))
		done
		path=$prefix
		for ((i = 1; i <= d; i++)); do
			path+="${name[i]}: "
		done
		case $body in
		"# Subtest: "*)
			depth=$((d + 1))
			name[depth]=${body#"# Subtest: "}
			planned[depth]=-1
			seen[depth]=0
			bad[depth]=0
			echo "# --- $path${name[depth]}" ;;
		"TAP version"*)
			;;
		1..*)
			planned[d]=${body#1..} ;;
		"ok "*|"not ok "*)
			desc=${body#not }
			desc=${desc#ok }
			desc=${desc#* }
			seen[d]=$((seen[d] + 1))
			if [ $d -lt $depth ]; then
				# The result of the subtest at d + 1.
				sub=$((d + 1))
				if [ "${bad[sub]}" = 0 ] &&
				   [ "${planned[sub]}" -ge 0 ] &&
				   [ "${seen[sub]}" -ne "${planned[sub]}" ]; then
					tap_ok 1 "$path${name[sub]}: planned ${planned[sub]} tests, ran ${seen[sub]}"
					bad[sub]=1
				elif [ "${bad[sub]}" = 0 ] && [ "${body#not }" != "$body" ]; then
					tap_ok 1 "$path$desc"
					bad[sub]=1
				elif [ "${body#not }" != "$body" ]; then
					echo "# $path$desc"
				fi
				[ "${bad[sub]}" = 0 ] || bad[d]=1
				depth=$d
			else
				[ "${body#not }" = "$body" ]
				tap_ok $? "$path$desc"
				[ "${body#not }" = "$body" ] || bad[d]=1
				case $desc in
				*"# SKIP"*) tap_skipped=$((tap_skipped + 1)) ;;
				esac
			fi ;;
		"Bail out!"*)
			tap_ok 1 "$path$body"
			bad[d]=1 ;;
		"#"*|"")
			echo "$body" ;;
		*)
			if [ $d -gt 0 ]; then
				echo "# $path$body"
			else
				echo "$body"
			fi ;;
		esac
	done
}
