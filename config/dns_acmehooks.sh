#!/usr/bin/env sh
# dns_acmehooks.sh: an acme.sh dnsapi adapter for acme-auth and acme-clean.
#
# acme.sh publishes the dns-01 TXT record through this file; acme-auth sends
# the TSIG-signed RFC 2136 update and returns only once every authoritative
# server of the zone serves the value, so acme.sh need not sleep or check.
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
#	ACME_HOOKS_CONFIG  the hooks' configuration file (acme-hooks.ini(5));
#	                   default /etc/acme-hooks.ini
#	ACMEHOOKS_BIN      the acme-auth program (default: acme-auth on PATH)
#	ACMECLEAN_BIN      the acme-clean program (default: acme-clean on PATH)
#
# acme-auth(1) explains the exit statuses in the messages it prints.
# POSIX sh; no state of its own; both functions return 0 or 1.

# Print through acme.sh's _info/_err when it defined them, else to stderr.
_acmehooks_info() {
	if command -v _info >/dev/null 2>&1; then
		_info "$@"
	else
		echo "dns_acmehooks: $*" >&2
	fi
}

_acmehooks_err() {
	if command -v _err >/dev/null 2>&1; then
		_err "$@"
	else
		echo "dns_acmehooks: error: $*" >&2
	fi
}

# _acmehooks_setting NAME: take NAME from the environment and remember it
# in acme.sh's account.conf, or, when unset, take what was remembered.
# NAME is one of the fixed names above, never user input.
_acmehooks_setting() {
	eval "_acmehooks_v=\${$1:-}"
	if [ -n "$_acmehooks_v" ]; then
		if command -v _saveaccountconf_mutable >/dev/null 2>&1; then
			_saveaccountconf_mutable "$1" "$_acmehooks_v"
		fi
	elif command -v _readaccountconf_mutable >/dev/null 2>&1; then
		_acmehooks_v=$(_readaccountconf_mutable "$1")
		if [ -n "$_acmehooks_v" ]; then
			eval "$1=\$_acmehooks_v"
			# shellcheck disable=SC2163 # exports the variable named $1
			export "$1"
		fi
	fi
}

_acmehooks_settings() {
	_acmehooks_setting ACME_HOOKS_CONFIG
	_acmehooks_setting ACMEHOOKS_BIN
	_acmehooks_setting ACMECLEAN_BIN
}

# dns_acmehooks_add FULLDOMAIN TXTVALUE: publish and wait.
dns_acmehooks_add() {
	_acmehooks_fqdn=$1
	_acmehooks_value=$2
	if [ -z "$_acmehooks_fqdn" ] || [ -z "$_acmehooks_value" ]; then
		_acmehooks_err "usage: dns_acmehooks_add fulldomain txtvalue"
		return 1
	fi
	_acmehooks_settings
	_acmehooks_info "acme-auth: adding TXT at $_acmehooks_fqdn"
	if ! "${ACMEHOOKS_BIN:-acme-auth}" present "$_acmehooks_fqdn." \
	    "$_acmehooks_value"; then
		_acmehooks_err "${ACMEHOOKS_BIN:-acme-auth} failed to publish" \
		    "TXT at $_acmehooks_fqdn"
		return 1
	fi
	return 0
}

# dns_acmehooks_rm FULLDOMAIN TXTVALUE: delete exactly that value.
dns_acmehooks_rm() {
	_acmehooks_fqdn=$1
	_acmehooks_value=$2
	if [ -z "$_acmehooks_fqdn" ] || [ -z "$_acmehooks_value" ]; then
		_acmehooks_err "usage: dns_acmehooks_rm fulldomain txtvalue"
		return 1
	fi
	_acmehooks_settings
	_acmehooks_info "acme-clean: removing TXT at $_acmehooks_fqdn"
	if ! "${ACMECLEAN_BIN:-acme-clean}" cleanup "$_acmehooks_fqdn." \
	    "$_acmehooks_value"; then
		_acmehooks_err "${ACMECLEAN_BIN:-acme-clean} failed to remove" \
		    "TXT at $_acmehooks_fqdn"
		return 1
	fi
	return 0
}
