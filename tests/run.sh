#!/bin/sh
# SPDX-License-Identifier: ISC
# Run the test suite inside a private network namespace.
#
# usage: sh tests/run.sh [unit | integration | all] [NAME ...]
#
#	unit		every $ACME_BUILD/tests/test_* binary
#	integration	every tests/integration/t_*.sh (they start the DNS lab,
#			tests/lab/lab.sh, on 127.0.0.10-14 port 53)
#	all		both (the default)
#	NAME ...	only the tests of that name (test_wire, t_lab, ...)
#
# Environment:
#	ACME_BUILD	build directory (default: build)
#	VALGRIND=1	run unit binaries, and the hooks through ACME_WRAP,
#			under valgrind; any valgrind error fails the test
#	ACME_TEST_TIMEOUT  seconds a single test may take (default 300)
#	ACME_KEEP=1	keep every test's directory, not only failed ones
#	LAB_LAG		seconds between ns3's refreshes (default 3)
#
# Each test runs with a fresh empty directory in $T (also TMPDIR), the
# source tree as working directory (also in $ACME_SRC), and $ACME_BUILD
# absolute.  Output: "PASS name" or "FAIL name" per test, the tail of
# its output and of the lab's server logs on failure, a passing test's
# "# SKIP" lines under its PASS (and the names of such tests before the
# end), and last exactly one line "N passed, N failed".  Exit status 0
# only if every test passed and at least one ran.

set -u

. "$(dirname "$0")/lib/netns.sh"
netns_enter run.sh "$0" "$@"

ACME_SRC=$(cd "$(dirname "$0")/.." && pwd) || exit 2
cd "$ACME_SRC" || exit 2
ACME_BUILD=${ACME_BUILD:-build}
case $ACME_BUILD in
/*)	;;
*)	ACME_BUILD=$ACME_SRC/$ACME_BUILD ;;
esac
export ACME_SRC ACME_BUILD

ACME_WRAP=
if [ "${VALGRIND:-0}" = 1 ]; then
	if ! command -v valgrind >/dev/null 2>&1; then
		echo "run.sh: VALGRIND=1 but valgrind not found" >&2
		exit 2
	fi
	ACME_WRAP="valgrind --error-exitcode=99 --leak-check=full -q \
	    --suppressions=$(cd "$(dirname "$0")" && pwd)/unit/valgrind.supp"
fi
export ACME_WRAP

timeout_s=${ACME_TEST_TIMEOUT:-300}
case $timeout_s in
''|*[!0-9]*)
	echo "run.sh: ACME_TEST_TIMEOUT must be whole seconds" >&2
	exit 2
	;;
esac

suites="unit integration"
if [ $# -gt 0 ]; then
	case $1 in
	unit|integration) suites=$1; shift ;;
	all)		shift ;;
	-*|*/*)
		echo "usage: sh tests/run.sh [unit|integration|all] [NAME...]" >&2
		exit 2
		;;
	esac
fi
names="$*"

# Used only to stop servers a test left running (lab_stop and srv_stop
# check that a pid still belongs to the server before signalling it).
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lab/servers.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/acme-tests.XXXXXX") || exit 2
passed=0
failed=0
skipped=
faults_tried=0
inputs_tried=0
fault_failures=0

# stop_leftovers DIR: stop every lab, and every server started with
# tests/lab/servers.sh, whose pid files remain under DIR.
stop_leftovers() {
	find "$1" -name named.pid 2>/dev/null | while read -r pidf; do
		lab_stop "$(dirname "$(dirname "$pidf")")"
	done
	find "$1" -name server.pid 2>/dev/null | while read -r pidf; do
		srv_stop "$(dirname "$(dirname "$pidf")")"
	done
}

trap 'stop_leftovers "$work"' EXIT
trap 'exit 130' INT TERM

wanted() {
	[ -z "$names" ] && return 0
	for n in $names; do
		[ "$n" = "$1" ] && return 0
	done
	return 1
}

# run_one NAME COMMAND...: run one test with a fresh $T, record the result.
run_one() {
	name=$1
	shift
	T=$work/$name
	log=$work/$name.log
	rm -rf "$T"
	mkdir "$T" || exit 2
	export T
	# Notes of the hooks (state.h) stay inside the test's directory.
	ACME_HOOKS_STATE_DIR=$T/hooks-state
	export ACME_HOOKS_STATE_DIR
	TMPDIR=$T timeout -k 5 "$timeout_s" "$@" </dev/null >"$log" 2>&1
	rc=$?
	stop_leftovers "$T"
	# "# summary: faults tried: N, bad inputs tried: N, failures: N"
	# lines of the fault tests add up to the suite's summary.
	sumline=$(sed -n 's/^# summary: //p' "$log" | tail -n 1)
	if [ -n "$sumline" ]; then
		set -- $(printf '%s\n' "$sumline" |
		    sed 's/[^0-9][^0-9]*/ /g')
		faults_tried=$((faults_tried + ${1:-0}))
		inputs_tried=$((inputs_tried + ${2:-0}))
		fault_failures=$((fault_failures + ${3:-0}))
	fi
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		echo "PASS $name"
		# A part a test could not try here (no private mount
		# namespace in a chroot...) is shown under its PASS and
		# named again at the end: a PASS never hides a skip.
		if skips=$(grep -a '# SKIP' "$log"); then
			printf '%s\n' "$skips" |
			    sed 's/^.*# SKIP:\{0,1\} */  SKIP: /'
			skipped="$skipped $name"
		fi
		[ "${ACME_KEEP:-0}" = 1 ] || rm -rf "$T" "$log"
		return
	fi
	failed=$((failed + 1))
	case $rc in
	124)	why="timed out after $timeout_s s" ;;
	99)	why="valgrind reported errors" ;;
	*)	why="exit status $rc" ;;
	esac
	echo "FAIL $name ($why; output in $log, files in $T)"
	tail -n 40 "$log" | sed 's/^/  | /'
	find "$T" -name named.log 2>/dev/null | sort | while read -r f; do
		echo "  == ${f#"$T"/}"
		tail -n 15 "$f" | sed 's/^/  | /'
	done
}

for suite in $suites; do
	case $suite in
	unit)
		found=0
		for bin in "$ACME_BUILD"/tests/test_*; do
			if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
				continue
			fi
			found=1
			wanted "${bin##*/}" || continue
			# shellcheck disable=SC2086
			run_one "${bin##*/}" $ACME_WRAP "$bin"
		done
		[ "$found" = 1 ] ||
		    echo "note: no unit test binaries in $ACME_BUILD/tests"
		;;
	integration)
		for f in tests/integration/t_*.sh; do
			[ -f "$f" ] || continue
			n=${f##*/}
			n=${n%.sh}
			wanted "$n" || continue
			run_one "$n" sh "$f"
		done
		;;
	esac
done

if [ "$failed" -eq 0 ] && [ "${ACME_KEEP:-0}" != 1 ]; then
	rm -rf "$work"
fi
[ $((passed + failed)) -gt 0 ] || echo "note: no test ran"
if [ "$faults_tried" -gt 0 ] || [ "$inputs_tried" -gt 0 ]; then
	echo "fault suite: faults tried: $faults_tried, bad inputs tried:" \
	    "$inputs_tried, failures: $fault_failures"
fi
[ -z "$skipped" ] || echo "parts skipped (SKIP lines above) in:$skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
