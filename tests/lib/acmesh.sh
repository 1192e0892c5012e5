# SPDX-License-Identifier: ISC
# shellcheck shell=sh
# A stand-in for the part of acme.sh 3.x that a dnsapi file sees, sourced
# before the adapter (acme.sh is not packaged in Debian, so the tests
# cannot run the real one).  It behaves as acme.sh 3.x's own helpers do,
# as read from its source:
#
#	_info MSG [VALUE]	to the --log file (LOG_FILE) and stdout
#	_err MSG [VALUE]	to the --log file and stderr (printf %b);
#				returns 1
#	_debug MSG [VALUE]	to the --log file (LOG_LEVEL >= 1, default 2),
#				and to stderr with --debug (DEBUG >= 1)
#
# each line "[date] MSG", or "[date] MSG='VALUE'" when a second argument
# is given (no date with NO_TIMESTAMP=1); arguments past the second are
# dropped.  _saveaccountconf_mutable KEY VALUE stores SAVED_KEY='VALUE' in
# ACCOUNT_CONF_PATH, _readaccountconf_mutable KEY prints it back.
#
# For the tests, every call is also recorded in $ACMESH_CALLS as one line:
# the function, the number of arguments and each argument in brackets.

_acmesh_record() {
	[ -n "${ACMESH_CALLS:-}" ] || return 0
	_acmesh_r="$1 $(($# - 1))"
	shift
	for _acmesh_a in "$@"; do
		_acmesh_r="$_acmesh_r [$_acmesh_a]"
	done
	printf '%s\n' "$_acmesh_r" >>"$ACMESH_CALLS"
}

_printargs() {
	if [ -z "${NO_TIMESTAMP:-}" ] || [ "$NO_TIMESTAMP" = 0 ]; then
		printf -- '%s' "[$(date)] "
	fi
	if [ -z "${2:-}" ]; then
		printf -- '%s\n' "$1"
	else
		printf -- '%s\n' "$1='$2'"
	fi
}

_log() {
	[ -n "${LOG_FILE:-}" ] || return 0
	_printargs "$@" >>"$LOG_FILE"
}

_info() {
	_acmesh_record _info "$@"
	_log "$@"
	_printargs "$@"
}

# On stderr acme.sh prints the message with printf %b (its colour
# helper), date first, like _printargs.
_err() {
	_acmesh_record _err "$@"
	_log "$@"
	if [ -z "${NO_TIMESTAMP:-}" ] || [ "$NO_TIMESTAMP" = 0 ]; then
		printf -- '%s' "[$(date)] " >&2
	fi
	if [ -z "${2:-}" ]; then
		printf -- '%b\n' "$1" >&2
	else
		printf -- '%b\n' "$1='$2'" >&2
	fi
	return 1
}

_debug() {
	_acmesh_record _debug "$@"
	if [ "${LOG_LEVEL:-2}" -ge 1 ]; then
		_log "$@"
	fi
	if [ "${DEBUG:-0}" -ge 1 ]; then
		_printargs "$@" >&2
	fi
	return 0
}

_saveaccountconf_mutable() {
	_acmesh_record _saveaccountconf_mutable "$@"
	[ -n "${ACCOUNT_CONF_PATH:-}" ] || return 0
	if [ -f "$ACCOUNT_CONF_PATH" ]; then
		grep -v "^SAVED_$1=" "$ACCOUNT_CONF_PATH" >"$ACCOUNT_CONF_PATH.new"
	else
		: >"$ACCOUNT_CONF_PATH.new"
	fi
	printf "SAVED_%s='%s'\n" "$1" "$2" >>"$ACCOUNT_CONF_PATH.new"
	mv "$ACCOUNT_CONF_PATH.new" "$ACCOUNT_CONF_PATH"
}

_readaccountconf_mutable() {
	_acmesh_record _readaccountconf_mutable "$@"
	[ -f "${ACCOUNT_CONF_PATH:-}" ] || return 0
	sed -n "s/^SAVED_$1='\\(.*\\)'\$/\\1/p" "$ACCOUNT_CONF_PATH" |
	    tail -n 1
}
