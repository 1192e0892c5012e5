# SPDX-License-Identifier: ISC
# shellcheck shell=sh
# The checks every test script shares (sourced by tests/integration/t_*.sh,
# tests/e2e/e2e.sh, and tests/bench/bench.sh for value; $T is the test's
# directory).  Each helper has one meaning, said above it.  Cases print TAP-like "ok - ..." and
# "not ok - ..." lines, counted in $cases and $fails; a helper that fails
# says why on a "# ..." line.  The hooks' output of the last run is
# expected in $T/out (stdout) and $T/err (stderr).

cases=0
fails=0

# ok DESCRIPTION: a case that passed.
ok() {
	cases=$((cases + 1))
	echo "ok - $1"
}

# not_ok DESCRIPTION: a case that failed; shows $T/out and $T/err too.
not_ok() {
	cases=$((cases + 1))
	fails=$((fails + 1))
	echo "not ok - $1"
	for _f in "$T/out" "$T/err"; do
		[ -s "$_f" ] && sed "s|^|#   ${_f##*/}: |" "$_f"
	done
	return 0
}

# check DESCRIPTION COMMAND...: one case, passed if the command succeeds.
check() {
	_d=$1
	shift
	if "$@"; then ok "$_d"; else not_ok "$_d"; fi
}

# finish: the closing "# N cases, N failed" line; true only if at least
# one case ran and none failed.  The last command of every test.
finish() {
	echo "# $cases cases, $fails failed"
	[ "$cases" -gt 0 ] && [ "$fails" -eq 0 ]
}

# show FILE: a file's content as test diagnostics ("#   " lines), if any.
show() {
	[ -s "$1" ] && sed 's/^/#   /' "$1"
	return 0
}

# need COMMAND PACKAGE: true if COMMAND is installed, else a failed case
# naming the Debian package to install.
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	not_ok "$1 is installed (apt-get install $2)"
	return 1
}

# A fresh 43-character base64url value, as ACME's dns-01 gives.
value() {
	head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'
}

# ---- running the hooks -------------------------------------------------

# The hooks under test, from $ACME_BUILD, through $ACME_WRAP (valgrind)
# when set; a test of other binaries (an installed tree) sets its own.
if [ -n "${ACME_BUILD:-}" ]; then
	AUTH="${ACME_WRAP:-} $ACME_BUILD/acme-auth"
	CLEAN="${ACME_WRAP:-} $ACME_BUILD/acme-clean"
fi

# ini FILE SED-SCRIPT: the lab's config ($L/acme-hooks.ini) edited, mode
# 600.
ini() {
	(umask 077 && sed "$2" "$L/acme-hooks.ini" >"$1")
}

# hook HOOK CONFIG DOMAIN VALUE: run as certbot does; status in $rc,
# stdout in $T/out, stderr in $T/err, duration in $ms.
hook() {
	_t0=$(lab_now_ms)
	CERTBOT_DOMAIN=$3 CERTBOT_VALIDATION=$4 $1 -c "$2" \
	    >"$T/out" 2>"$T/err"
	rc=$?
	ms=$(($(lab_now_ms) - _t0))
}

# ---- what the hook printed ---------------------------------------------

# err_has TEXT: TEXT appears somewhere in $T/err (fixed string).
err_has() {
	grep -qF -- "$1" "$T/err" || {
		echo "# stderr lacks: $1"
		return 1
	}
}

# err_lacks TEXT: TEXT appears nowhere in $T/err, in any case.
err_lacks() {
	! grep -qiF -- "$1" "$T/err" || {
		echo "# stderr has: $1"
		return 1
	}
}

# has_line LINE FILE: FILE has a line that is exactly LINE.
has_line() {
	grep -qxF -- "$1" "$2" || {
		echo "# ${2##*/} has no line: $1"
		return 1
	}
}

# one_error: exactly one line of $T/err is an error (": error: "); other
# lines, warnings and progress, may be there.
one_error() {
	_n=$(grep -c ': error: ' "$T/err")
	[ "$_n" -eq 1 ] || {
		echo "# $_n error lines on stderr, not 1"
		return 1
	}
}

# no_error: $T/err exists and none of its lines is an error.
no_error() {
	if [ ! -f "$T/err" ] || grep -q ': error: ' "$T/err"; then
		echo "# no stderr, or an error line on it"
		return 1
	fi
}

# one_line: $T/err is exactly one line, the error and nothing else.
one_line() {
	_n=$(wc -l <"$T/err")
	[ "$_n" -eq 1 ] || {
		echo "# $_n lines on stderr, not 1"
		return 1
	}
}

# no_secret SECRETS: no word of SECRETS (TSIG secrets: base64, so no
# spaces) appears in $T/out or $T/err.
no_secret() {
	[ -n "$1" ] || {
		echo "# no secret to look for"
		return 1
	}
	for _s in $1; do
		if grep -qF -- "$_s" "$T/out" "$T/err" 2>/dev/null; then
			echo "# a TSIG secret was printed"
			return 1
		fi
	done
}

# ---- what the servers serve (tests/lab/lab.sh sourced) ------------------

# served NAME VALUE [SERVER...]: every SERVER (default: the lab's BIND
# servers ns1, ns2 and ns3) answers with VALUE in the TXT records at NAME,
# exactly once.
served() {
	_n=$1
	_v=$2
	shift 2
	[ $# -gt 0 ] || set -- "$LAB_NS1" "$LAB_NS2" "$LAB_NS3"
	for _s in "$@"; do
		_c=$(lab_dig "$_n" TXT "$_s" | grep -cxF -- "\"$_v\"")
		[ "$_c" -eq 1 ] || {
			echo "# $_s serves $_n \"$_v\" $_c times, not once"
			return 1
		}
	done
}

# gone NAME VALUE [SERVER]: SERVER (default: the lab's primary, ns1)
# answers, and VALUE is not among the TXT records at NAME.
gone() {
	_s=${3:-$LAB_NS1}
	_o=$(lab_dig "$1" TXT "$_s") || {
		echo "# $_s did not answer for $1 TXT"
		return 1
	}
	! printf '%s\n' "$_o" | grep -qxF -- "\"$2\"" || {
		echo "# $_s still serves $1 \"$2\""
		return 1
	}
}

# no_txt NAME SERVER [WAIT_MS]: SERVER answers with no TXT record at all
# at NAME, at once or within WAIT_MS milliseconds (default 0).
no_txt() {
	_end=$(($(lab_now_ms) + ${3:-0}))
	while :; do
		if _o=$(lab_dig "$1" TXT "$2"); then
			[ -z "$_o" ] && return 0
			_why="still serves at $1: $(echo "$_o" | tr '\n' ' ')"
		else
			_why="did not answer for $1 TXT"
		fi
		if [ "$(lab_now_ms)" -ge "$_end" ]; then
			echo "# $2 $_why"
			return 1
		fi
		sleep 0.05
	done
}
