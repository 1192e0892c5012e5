#!/bin/sh
# The acme.sh adapter, config/dns_acmehooks.sh: it parses under sh and
# dash and, sourced and called the way acme.sh does, runs the hooks with
# exactly the argv acme-auth expects, returns 1 when a hook fails or an
# argument is missing, and with acme.sh's helpers reports through
# _info/_err and saves its settings for a later renewal.  The hooks are
# a stand-in that records what it was given: no DNS here.
#
# Needs: dash.

set -u

SRC=${ACME_SRC:?run through tests/run.sh}
T=${T:?run through tests/run.sh}
ADAPTER=$SRC/config/dns_acmehooks.sh
. "$SRC/tests/lib/check.sh"

cd "$SRC" || exit 1

for sh in sh dash; do
	if need "$sh" "$sh" && "$sh" -n "$ADAPTER" 2>"$T/sh.err"; then
		ok "$sh -n dns_acmehooks.sh"
	else
		not_ok "$sh -n dns_acmehooks.sh"
		show "$T/sh.err"
	fi
done

# A stand-in for acme-auth/acme-clean: records its name, argv (one
# argument a line, in brackets, so spaces and empty ones show) and
# ACME_HOOKS_CONFIG, then exits with $FAKE_RC.
cat >"$T/fake" <<'EOF'
#!/bin/sh
{
	echo "prog=${0##*/}"
	echo "argc=$#"
	for a in "$@"; do
		printf '[%s]\n' "$a"
	done
	echo "config=${ACME_HOOKS_CONFIG-unset}"
} >>"$FAKE_LOG"
exit "${FAKE_RC:-0}"
EOF
chmod 755 "$T/fake"
ln -s fake "$T/fake-auth"
ln -s fake "$T/fake-clean"

VALUE=-Xp4r_L7V6kS8p2bL9mQ0cWn3sZt1yUa5eHd7gJf2oIk
# adapter SHELL FUNCTION FQDN VALUE [PRELUDE]: run one adapter function
# the way acme.sh does (source the file, call the function), without
# acme.sh's helpers unless PRELUDE defines them.  Status in $rc.
# shellcheck disable=SC2016 # $1.. belong to the inner shell
adapter() {
	rm -f "$T/log"
	FAKE_LOG=$T/log ACMEHOOKS_BIN=$T/fake-auth \
	    ACMECLEAN_BIN=$T/fake-clean "$1" -c '
		'"${5:-}"'
		. "$1" || exit 9
		'"$2"' "$2" "$3"' adapter "$ADAPTER" "$3" "$4" \
	    >"$T/out" 2>"$T/err"
	rc=$?
}

# expect_log LINE...: the fake's log is exactly these lines.
expect_log() {
	printf '%s\n' "$@" >"$T/want"
	if cmp -s "$T/want" "$T/log"; then
		return 0
	fi
	echo "# want:"
	show "$T/want"
	echo "# got:"
	show "$T/log"
	return 1
}

for sh in sh dash; do
	command -v "$sh" >/dev/null 2>&1 || continue
	ACME_HOOKS_CONFIG=/etc/x.ini FAKE_RC=0 \
	    adapter "$sh" dns_acmehooks_add _acme-challenge.example.net "$VALUE"
	if [ "$rc" -eq 0 ] && expect_log "prog=fake-auth" "argc=3" \
	    "[present]" "[_acme-challenge.example.net.]" "[$VALUE]" \
	    "config=/etc/x.ini"; then
		ok "$sh: dns_acmehooks_add runs ACMEHOOKS_BIN present FQDN. VALUE"
	else
		not_ok "$sh: dns_acmehooks_add (status $rc)"
		show "$T/err"
	fi

	ACME_HOOKS_CONFIG=/etc/y.ini FAKE_RC=0 \
	    adapter "$sh" dns_acmehooks_rm _acme-challenge.example.net "$VALUE"
	if [ "$rc" -eq 0 ] && expect_log "prog=fake-clean" "argc=3" \
	    "[cleanup]" "[_acme-challenge.example.net.]" "[$VALUE]" \
	    "config=/etc/y.ini"; then
		ok "$sh: dns_acmehooks_rm runs ACMECLEAN_BIN cleanup FQDN. VALUE"
	else
		not_ok "$sh: dns_acmehooks_rm (status $rc)"
		show "$T/err"
	fi

	# A failing hook: the function returns 1 and says so on stderr
	# (no acme.sh _err here, so the fallback).
	FAKE_RC=4 adapter "$sh" dns_acmehooks_add \
	    _acme-challenge.example.net "$VALUE"
	if [ "$rc" -eq 1 ] && grep -q '^dns_acmehooks: error: ' "$T/err" &&
	    expect_log "prog=fake-auth" "argc=3" "[present]" \
	    "[_acme-challenge.example.net.]" "[$VALUE]" "config=unset"; then
		ok "$sh: a failing acme-auth makes dns_acmehooks_add return 1"
	else
		not_ok "$sh: failing acme-auth (status $rc)"
		show "$T/err"
	fi

	FAKE_RC=7 adapter "$sh" dns_acmehooks_rm \
	    _acme-challenge.example.net "$VALUE"
	if [ "$rc" -eq 1 ] && expect_log "prog=fake-clean" "argc=3" \
	    "[cleanup]" "[_acme-challenge.example.net.]" "[$VALUE]" \
	    "config=unset"; then
		ok "$sh: a failing acme-clean makes dns_acmehooks_rm return 1"
	else
		not_ok "$sh: failing acme-clean (status $rc)"
	fi

	# Missing arguments: no hook runs.
	adapter "$sh" dns_acmehooks_add "" "$VALUE"
	if [ "$rc" -eq 1 ] && [ ! -e "$T/log" ]; then
		ok "$sh: dns_acmehooks_add without a name runs nothing"
	else
		not_ok "$sh: dns_acmehooks_add without a name (status $rc)"
	fi

	# With acme.sh's helpers: messages go through _info/_err, and the
	# settings are saved to and read back from account.conf, as a
	# renewal from cron (without the variables) needs.
	# shellcheck disable=SC2016 # expanded by the adapter's shell
	acmesh='
		_info() { echo "INFO $*" >&2; }
		_err() { echo "ERR $*" >&2; }
		_saveaccountconf_mutable() {
			echo "SAVED_$1=$2" >>"$ACCT"
		}
		_readaccountconf_mutable() {
			sed -n "s/^SAVED_$1=//p" "$ACCT" | tail -n 1
		}'
	rm -f "$T/acct"
	ACCT=$T/acct ACME_HOOKS_CONFIG=/etc/z.ini FAKE_RC=0 \
	    adapter "$sh" dns_acmehooks_add _acme-challenge.example.org \
	    "$VALUE" "$acmesh"
	if [ "$rc" -eq 0 ] && grep -q '^INFO ' "$T/err" &&
	    grep -qx 'SAVED_ACME_HOOKS_CONFIG=/etc/z.ini' "$T/acct"; then
		ok "$sh: with acme.sh helpers: _info, settings saved"
	else
		not_ok "$sh: with acme.sh helpers (status $rc)"
		show "$T/err"
	fi
	ACCT=$T/acct FAKE_RC=0 adapter "$sh" dns_acmehooks_rm \
	    _acme-challenge.example.org "$VALUE" "$acmesh"
	if [ "$rc" -eq 0 ] && expect_log "prog=fake-clean" "argc=3" \
	    "[cleanup]" "[_acme-challenge.example.org.]" "[$VALUE]" \
	    "config=/etc/z.ini"; then
		ok "$sh: a later run reads ACME_HOOKS_CONFIG back"
	else
		not_ok "$sh: settings read back (status $rc)"
		show "$T/err"
	fi
	ACCT=$T/acct FAKE_RC=6 adapter "$sh" dns_acmehooks_rm \
	    _acme-challenge.example.org "$VALUE" "$acmesh"
	if [ "$rc" -eq 1 ] && grep -q '^ERR ' "$T/err" &&
	    ! grep -q '^dns_acmehooks:' "$T/err" &&
	    expect_log "prog=fake-clean" "argc=3" "[cleanup]" \
	    "[_acme-challenge.example.org.]" "[$VALUE]" \
	    "config=/etc/z.ini"; then
		ok "$sh: with acme.sh helpers errors go through _err"
	else
		not_ok "$sh: errors through _err (status $rc)"
		show "$T/err"
	fi
done

finish
