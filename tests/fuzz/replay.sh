#!/bin/sh
# SPDX-License-Identifier: ISC
# Replay the committed fuzz corpora: `make -k fuzz-replay` builds each
# target with replay.c (ASan + UBSan, no libFuzzer) and runs it on
# tests/fuzz/corpus/TARGET/.  A target passes when its replay printed
# "TARGET: N inputs replayed" and exited 0 (make then carries on).
# Prints "fuzz-replay: N passed, N failed"; exit 0 only if all passed.
#
# usage: sh tests/fuzz/replay.sh [TARGET...]	(from any directory)

set -u

SRC=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$SRC" || exit 2
# Every target, as fuzz.mk finds them: tests/fuzz/fuzz_*.c but fuzz_util.
targets=${*:-$(cd tests/fuzz && ls fuzz_*.c | sed -n '/^fuzz_util\.c$/!s/\.c$//p')}
log=$(mktemp "${TMPDIR:-/tmp}/fuzz-replay.XXXXXX") || exit 2
trap 'rm -f "$log"' EXIT

make -k fuzz-replay FUZZ_TARGETS="$targets" > "$log" 2>&1
passed=0
failed=0
for t in $targets; do
	# make echoes each command; the error line names the goal.
	if grep -q "^$t: [0-9]* inputs replayed$" "$log" &&
	    ! grep -q "fuzz-replay-$t\]" "$log"; then
		passed=$((passed + 1))
		echo "PASS $t ($(sed -n "s/^$t: \([0-9]*\) inputs replayed$/\1/p" \
		    "$log") inputs)"
	else
		failed=$((failed + 1))
		echo "FAIL $t"
	fi
done
if [ "$failed" -gt 0 ]; then
	tail -n 60 "$log" | sed 's/^/  | /'
fi
echo "fuzz-replay: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
