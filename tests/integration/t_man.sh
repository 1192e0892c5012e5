#!/bin/sh
# SPDX-License-Identifier: ISC
# The man pages: acme-auth(1) and acme-hooks.ini(5) lint clean with
# mandoc and render without a warning through man-db and groff;
# acme-auth.1 has every section, names every client's calling convention,
# variable and exit status of status.h; acme-hooks.ini.5 documents every
# option config.c accepts.
#
# Needs: mandoc, man-db (man), groff.

set -u

SRC=${ACME_SRC:?run through tests/run.sh}
T=${T:?run through tests/run.sh}
PAGES="config/acme-auth.1 config/acme-hooks.ini.5"
. "$SRC/tests/lib/check.sh"

cd "$SRC" || exit 1

if need mandoc mandoc; then
	for p in $PAGES; do
		mandoc -Tlint -W warning "$p" >"$T/lint" 2>&1
		rc=$?
		if [ "$rc" -eq 0 ] && [ ! -s "$T/lint" ]; then
			ok "mandoc -Tlint -W warning $p is silent"
		else
			not_ok "mandoc -Tlint -W warning $p (status $rc)"
			show "$T/lint"
		fi
	done
fi

if need man man-db && need groff groff; then
	for p in $PAGES; do
		# --nj: words one space apart wherever the line falls
		# (groff 1.23 stretches lines that 1.22 left alone).
		MANWIDTH=80 MANPAGER=cat PAGER=cat man --nj -l "$p" \
		    >"$T/render" 2>"$T/render.err"
		rc=$?
		if [ "$rc" -eq 0 ] && [ ! -s "$T/render.err" ] &&
		    [ "$(wc -l <"$T/render")" -gt 50 ]; then
			ok "MANWIDTH=80 man --nj -l $p renders without warnings"
		else
			not_ok "MANWIDTH=80 man --nj -l $p (status $rc)"
			show "$T/render.err"
		fi
		cp "$T/render" "$T/render.${p##*/}"
		# groff's own warnings, all of them (-ww).
		if groff -mandoc -Tutf8 -ww -z "$p" >"$T/groff" 2>&1 &&
		    [ ! -s "$T/groff" ]; then
			ok "groff -ww $p has no warnings"
		else
			not_ok "groff -ww $p"
			show "$T/groff"
		fi
	done
fi

# has_all FILE WORD...: every word appears in the rendered page.
has_all() {
	_f=$1
	shift
	_missing=
	for _w in "$@"; do
		grep -qF -- "$_w" "$_f" || _missing="$_missing $_w"
	done
	[ -z "$_missing" ] && return 0
	echo "# missing:$_missing"
	return 1
}

r1=$T/render.acme-auth.1
r5=$T/render.acme-hooks.ini.5
if [ -s "$r1" ]; then
	# The sections the page promises, at the start of a line as man
	# prints section headings.
	_missing=
	for s in NAME SYNOPSIS DESCRIPTION "CLIENT CALLING CONVENTIONS" \
	    ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
		grep -qx "$s" "$r1" || _missing="$_missing '$s'"
	done
	if [ -z "$_missing" ]; then
		ok "acme-auth.1 has every section"
	else
		not_ok "acme-auth.1 sections missing:$_missing"
	fi
	if has_all "$r1" acme-clean "present | cleanup" deploy_challenge \
	    clean_challenge "begin | done | failed" --check --dry-run \
	    CERTBOT_DOMAIN CERTBOT_VALIDATION CERTBOT_REMAINING_CHALLENGES \
	    CERTBOT_AUTH_OUTPUT EXEC_MODE=RAW EXEC_PROPAGATION_TIMEOUT \
	    EXEC_SEQUENCE_INTERVAL HOOK_CHAIN ACME_HOOKS_CONFIG \
	    ACME_HOOKS_DRY_RUN update-policy "certbot certonly" "--dns exec" \
	    "certbot(1)" "lego(1)" "named.conf(5)" "nsupdate(1)" \
	    "tsig-keygen(8)" "acme-hooks.ini(5)"; then
		ok "acme-auth.1 covers every client, variable and reference"
	else
		not_ok "acme-auth.1 covers every client, variable and reference"
	fi
	# Exit statuses: each code of common/flow/status.h is listed, at the
	# page's text indentation (the line under NAME: 5 columns with
	# groff 1.22, 7 with 1.23).
	ind=$(sed -n '/^NAME$/{n;s/^\( *\).*/\1/p;q;}' "$r1")
	_missing=
	# shellcheck disable=SC2013 # one number a line
	for code in $(sed -n 's/^[[:space:]]*ACME_E*[A-Z]* = \([0-9]\).*/\1/p' \
	    common/flow/status.h); do
		grep -qE "^$ind$code  " "$r1" || _missing="$_missing $code"
	done
	[ -n "$ind" ] || _missing="$_missing (no indented line under NAME)"
	_codes=$(grep -c ' = [0-9]' common/flow/status.h)
	if [ -z "$_missing" ] && [ "$_codes" -ge 8 ]; then
		ok "acme-auth.1 lists all $_codes exit statuses of status.h"
	else
		not_ok "acme-auth.1 exit statuses missing:$_missing"
	fi
fi

if [ -s "$r5" ]; then
	# Every option name config.c compares against must be documented
	# as "name = ..." in the rendered page.
	opts=$(grep -o 'strcasecmp(name, "[a-z_]*")' common/conf/config.c |
	    sed 's/.*"\([a-z_]*\)")/\1/' | sort -u)
	_missing=
	n=0
	for o in $opts; do
		n=$((n + 1))
		grep -qE "^ +$o = " "$r5" || _missing="$_missing $o"
	done
	if [ -z "$_missing" ] && [ "$n" -ge 10 ]; then
		ok "acme-hooks.ini.5 documents all $n options of config.c"
	else
		not_ok "acme-hooks.ini.5 options undocumented:$_missing ($n)"
	fi
	if has_all "$r5" "[options]" '[key "NAME"]' '[zone "NAME"]' \
	    "down_servers = wait | skip" hmac-sha256 hmac-md5 K \
	    ".private" "FILE PERMISSIONS" "symbolic link" "0600" \
	    "owned by the user" "tsig-keygen(8)" "acme-auth(1)"; then
		ok "acme-hooks.ini.5 covers sections, algorithms, permissions"
	else
		not_ok "acme-hooks.ini.5 covers sections, algorithms, permissions"
	fi
fi

finish
