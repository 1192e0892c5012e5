#!/bin/sh
# SPDX-License-Identifier: ISC
# Run the libFuzzer targets; called by `make fuzz` and `make fuzz-merge`.
#
# usage: sh tests/fuzz/fuzz.sh run|merge BINDIR SECONDS MAX_LEN TARGET...
#
#	run	each target for SECONDS on a scratch copy of its corpus
#		(build-fuzz/run/TARGET), crashes saved in
#		build-fuzz/crash/TARGET/; prints one line per target with
#		the executions, and exits 1 when any target crashed
#	merge	add to tests/fuzz/corpus/TARGET/ the inputs of the last run
#		that cover something new (libFuzzer -merge=1)
#
# Run from the top of the source tree.

set -u

[ $# -ge 5 ] || {
	echo "usage: fuzz.sh run|merge BINDIR SECONDS MAX_LEN TARGET..." >&2
	exit 2
}
mode=$1 bindir=$2 seconds=$3 maxlen=$4
shift 4
corpus=tests/fuzz/corpus
work=build-fuzz
failed=0

for t in "$@"; do
	bin=$bindir/$t
	scratch=$work/run/$t
	if [ ! -x "$bin" ]; then
		echo "$t: $bin not built" >&2
		failed=1
		continue
	fi
	case $mode in
	run)
		rm -rf "$scratch" "$work/crash/$t"
		mkdir -p "$scratch" "$work/crash/$t" "$work/log"
		cp "$corpus/$t"/* "$scratch"/ 2>/dev/null || true
		before=$(ls "$scratch" | wc -l)
		log=$work/log/$t.log
		echo "$t: fuzzing for $seconds s (log in $log)"
		"$bin" -max_len="$maxlen" -max_total_time="$seconds" \
		    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		    -artifact_prefix="$work/crash/$t/" "$scratch" \
		    > "$log" 2>&1
		rc=$?
		# libFuzzer's own count; fuzz_config silences fd 2, so it
		# counts its runs itself.
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p;
		    s/^fuzz_config: \([0-9]*\) runs$/\1/p' "$log" | tail -n 1)
		after=$(ls "$scratch" | wc -l)
		crashes=$(ls "$work/crash/$t" | wc -l)
		if [ "$rc" -ne 0 ] || [ "$crashes" -gt 0 ]; then
			failed=1
			echo "$t: FAILED (exit $rc), ${execs:-?} executions," \
			    "$crashes crash inputs in $work/crash/$t:"
			ls "$work/crash/$t" | sed 's/^/  /'
			grep -E -A 30 '^==[0-9]+==ERROR|runtime error|fuzz check failed' \
			    "$log" | head -n 60 | sed 's/^/  | /'
		else
			echo "$t: ok, ${execs:-?} executions in $seconds s," \
			    "corpus $before -> $after inputs"
		fi
		;;
	merge)
		if [ ! -d "$scratch" ]; then
			echo "$t: no run to merge ($scratch)" >&2
			failed=1
			continue
		fi
		mkdir -p "$corpus/$t"
		before=$(ls "$corpus/$t" | wc -l)
		if ! "$bin" -merge=1 -use_counters=0 -max_len="$maxlen" \
		    "$corpus/$t" \
		    "$scratch" > "$work/log/$t.merge.log" 2>&1; then
			echo "$t: merge failed, see $work/log/$t.merge.log"
			failed=1
			continue
		fi
		echo "$t: corpus $before -> $(ls "$corpus/$t" | wc -l) inputs," \
		    "$(du -sk "$corpus/$t" | cut -f1) KiB"
		;;
	*)
		echo "fuzz.sh: unknown mode $mode" >&2
		exit 2
		;;
	esac
done
exit $failed
