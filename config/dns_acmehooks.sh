#!/usr/bin/env sh
# SPDX-License-Identifier: ISC
# shellcheck disable=SC2034 # dns_acmehooks_info is read by acme.sh
dns_acmehooks_info='acme-hooks: RFC 2136 and TSIG, waits for every server
Docs: acme-auth(1), acme-hooks.ini(5)
Options:
 ACME_HOOKS_CONFIG Configuration file. Default: "/etc/acme-hooks.ini".
 ACME_HOOKS_AUTH_BIN The acme-auth program. Default: "acme-auth".
 ACME_HOOKS_CLEAN_BIN The acme-clean program. Default: "acme-clean".
'

# dns_acmehooks.sh: an acme.sh dnsapi adapter for acme-auth and acme-clean.
#
# acme.sh publishes the dns-01 TXT record through this file; acme-auth sends
# the TSIG-signed RFC 2136 update and returns only once every authoritative
# server of the zone serves the value, so acme.sh need not sleep or check.
# It follows the dnsapi conventions of acme.sh 3.x: dns_NAME_add and
# dns_NAME_rm FULLDOMAIN TXTVALUE, return 0 or 1, messages through _info,
# _err and _debug (one argument each: acme.sh prints a second one as
# FIRST='SECOND'), settings kept with _saveaccountconf_mutable.
#
# Install:
#
#	cp /usr/share/acme-hooks/dns_acmehooks.sh ~/.acme.sh/dnsapi/
#	acme.sh --issue --dns dns_acmehooks --dnssleep 0 \
#	    -d example.net -d '*.example.net'
#
# (or /usr/local/share/acme-hooks/ for a PREFIX=/usr/local install).
# --dnssleep 0: acme-auth has already waited, so acme.sh's own wait and
# check would only add delay.
#
# Settings, from the environment; acme.sh saves them in its account.conf
# on the first run, so renewals from cron find them again:
#
#	ACME_HOOKS_CONFIG     the hooks' configuration file (acme-hooks.ini(5));
#	                      default /etc/acme-hooks.ini
#	ACME_HOOKS_AUTH_BIN   the acme-auth program (default: acme-auth on PATH)
#	ACME_HOOKS_CLEAN_BIN  the acme-clean program (default: acme-clean on PATH)
#
# The names of earlier versions, ACMEHOOKS_BIN and ACMECLEAN_BIN, are still
# read (from the environment or account.conf) and saved under the new ones.
#
# Every line the hooks write on stderr goes through acme.sh's _err (their
# error lines) or _info (progress, warnings), so it is on the screen and in
# acme.sh's --log file; the hooks' error line says what to fix.
# POSIX sh; no state of its own; both functions return 0 or 1.

# Print through acme.sh's _info/_err when it defined them, else to stderr.
_acmehooks_info() {
	if command -v _info >/dev/null 2>&1; then
		_info "$1"
	else
		echo "dns_acmehooks: $1" >&2
	fi
}

_acmehooks_err() {
	if command -v _err >/dev/null 2>&1; then
		_err "$1"
	else
		echo "dns_acmehooks: error: $1" >&2
	fi
}

_acmehooks_debug() {
	if command -v _debug >/dev/null 2>&1; then
		_debug "$1"
	fi
}

# _acmehooks_setting NAME [OLDNAME]: take NAME (or else OLDNAME) from the
# environment and remember it as NAME in acme.sh's account.conf; when
# neither is set, take what was remembered under NAME, or else OLDNAME.
# The names are the fixed ones above, never user input.
_acmehooks_setting() {
	eval "_acmehooks_v=\${$1:-}"
	if [ -z "$_acmehooks_v" ] && [ -n "${2:-}" ]; then
		eval "_acmehooks_v=\${$2:-}"
	fi
	if [ -n "$_acmehooks_v" ]; then
		if command -v _saveaccountconf_mutable >/dev/null 2>&1; then
			_saveaccountconf_mutable "$1" "$_acmehooks_v"
		fi
	elif command -v _readaccountconf_mutable >/dev/null 2>&1; then
		_acmehooks_v=$(_readaccountconf_mutable "$1")
		if [ -z "$_acmehooks_v" ] && [ -n "${2:-}" ]; then
			_acmehooks_v=$(_readaccountconf_mutable "$2")
		fi
	fi
	if [ -n "$_acmehooks_v" ]; then
		eval "$1=\$_acmehooks_v"
		# shellcheck disable=SC2163 # exports the variable named $1
		export "$1"
	fi
}

_acmehooks_settings() {
	_acmehooks_setting ACME_HOOKS_CONFIG
	_acmehooks_setting ACME_HOOKS_AUTH_BIN ACMEHOOKS_BIN
	_acmehooks_setting ACME_HOOKS_CLEAN_BIN ACMECLEAN_BIN
}

# _acmehooks_relay: each line read becomes one _err (a hook's "PROG: error:"
# line) or _info call; without acme.sh, the line goes to stderr unchanged.
_acmehooks_relay() {
	while IFS= read -r _acmehooks_line || [ -n "$_acmehooks_line" ]; do
		if ! command -v _info >/dev/null 2>&1; then
			printf '%s\n' "$_acmehooks_line" >&2
			continue
		fi
		case $_acmehooks_line in
		*": error: "*)	_acmehooks_err "$_acmehooks_line" ;;
		*)		_acmehooks_info "$_acmehooks_line" ;;
		esac
	done
}

# _acmehooks_run PROGRAM ARG...: run a hook, its stdout as is, its stderr
# line by line through _acmehooks_relay as it comes (progress of a long
# wait shows at once).  Returns the hook's exit status, which a pipeline
# would lose in POSIX sh: it travels back on descriptor 4.
_acmehooks_run() {
	{
		_acmehooks_rc=$(
			{
				{
					"$@" 2>&1 >&3 3>&- 4>&-
					echo "$?" >&4
				} | _acmehooks_relay >&3 3>&- 4>&-
			} 4>&1
		)
	} 3>&1
	return "${_acmehooks_rc:-1}"
}

# _acmehooks_call ACTION FQDN VALUE: acme-auth present or acme-clean
# cleanup FQDN. VALUE, as lego's exec provider would call them.
_acmehooks_call() {
	if [ -z "$2" ] || [ -z "$3" ]; then
		_acmehooks_err "usage: dns_acmehooks_$1 fulldomain txtvalue"
		return 1
	fi
	_acmehooks_settings
	if [ "$1" = add ]; then
		_acmehooks_prog=${ACME_HOOKS_AUTH_BIN:-acme-auth}
		set -- present "$2" "$3" "adding" "publish"
	else
		_acmehooks_prog=${ACME_HOOKS_CLEAN_BIN:-acme-clean}
		set -- cleanup "$2" "$3" "removing" "remove"
	fi
	_acmehooks_info "$_acmehooks_prog: $4 TXT at $2"
	_acmehooks_m="running $_acmehooks_prog $1 $2. with config"
	_acmehooks_debug "$_acmehooks_m ${ACME_HOOKS_CONFIG:-/etc/acme-hooks.ini}"
	_acmehooks_run "$_acmehooks_prog" "$1" "$2." "$3"
	_acmehooks_st=$?
	if [ "$_acmehooks_st" -ne 0 ]; then
		_acmehooks_m="$_acmehooks_prog failed to $5 TXT at $2"
		_acmehooks_err "$_acmehooks_m (exit status $_acmehooks_st)"
		return 1
	fi
	return 0
}

# dns_acmehooks_add FULLDOMAIN TXTVALUE: publish and wait.
dns_acmehooks_add() {
	_acmehooks_call add "${1:-}" "${2:-}"
}

# dns_acmehooks_rm FULLDOMAIN TXTVALUE: delete exactly that value.
dns_acmehooks_rm() {
	_acmehooks_call rm "${1:-}" "${2:-}"
}
