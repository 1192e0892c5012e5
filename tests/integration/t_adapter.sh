#!/bin/sh
# SPDX-License-Identifier: ISC
# The acme.sh adapter, config/dns_acmehooks.sh: it parses under sh, dash
# and bash and, sourced and called the way acme.sh does, runs the hooks with
# exactly the argv acme-auth expects and returns 1 when a hook fails or an
# argument is missing.  With a stand-in for acme.sh 3.x's helpers
# (tests/lib/acmesh.sh) every message is one argument to _info, _err or
# _debug (acme.sh would print a second one as FIRST='SECOND'), the hook's
# own stderr lines reach acme.sh's --log file (errors through _err) while
# still shown, as they come, and the settings are saved for a later
# renewal, under the ACME_HOOKS_* names, the older ACMEHOOKS_BIN and
# ACMECLEAN_BIN still read.  The hooks are a stand-in that records what
# it was given: no DNS here.
#
# Needs: dash, bash.

set -u

SRC=${ACME_SRC:?run through tests/run.sh}
T=${T:?run through tests/run.sh}
ADAPTER=$SRC/config/dns_acmehooks.sh
ACMESH=$SRC/tests/lib/acmesh.sh
. "$SRC/tests/lib/check.sh"

cd "$SRC" || exit 1

for sh in sh dash bash; do
	if need "$sh" "$sh" && "$sh" -n "$ADAPTER" 2>"$T/sh.err"; then
		ok "$sh -n dns_acmehooks.sh"
	else
		not_ok "$sh -n dns_acmehooks.sh"
		show "$T/sh.err"
	fi
done

# A stand-in for acme-auth/acme-clean: records its name, argv (one
# argument a line, in brackets, so spaces and empty ones show) and
# ACME_HOOKS_CONFIG, writes $FAKE_STDOUT and $FAKE_STDERR (lines) as the
# hooks would, then exits with $FAKE_RC.  With FAKE_WAIT=1 it first waits,
# at most 5 s, until its first stderr line is in $LOG_FILE, and notes
# whether it got there while it was still running.
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
[ -n "${FAKE_STDOUT:-}" ] && printf '%s\n' "$FAKE_STDOUT"
if [ "${FAKE_WAIT:-0}" = 1 ]; then
	first=$(printf '%s\n' "$FAKE_STDERR" | head -n 1)
	printf '%s\n' "$first" >&2
	n=0
	while ! grep -qF -- "$first" "$LOG_FILE" 2>/dev/null &&
	    [ "$n" -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	grep -qF -- "$first" "$LOG_FILE" 2>/dev/null &&
	    echo "logged while running" >>"$FAKE_LOG"
	printf '%s\n' "$FAKE_STDERR" | sed 1d >&2
elif [ -n "${FAKE_STDERR:-}" ]; then
	printf '%s\n' "$FAKE_STDERR" >&2
fi
exit "${FAKE_RC:-0}"
EOF
chmod 755 "$T/fake"
ln -s fake "$T/fake-auth"
ln -s fake "$T/fake-clean"
ln -s fake "$T/old-auth"
ln -s fake "$T/old-clean"

VALUE=-Xp4r_L7V6kS8p2bL9mQ0cWn3sZt1yUa5eHd7gJf2oIk
FQDN=_acme-challenge.example.net
# adapter SHELL FUNCTION FQDN VALUE [PRELUDE]: run one adapter function
# the way acme.sh does (source the file, call the function), without
# acme.sh's helpers unless PRELUDE defines them.  Status in $rc, output
# in $T/out and $T/err.  The hooks are the stand-ins unless the caller
# set ACME_HOOKS_AUTH_BIN / ACME_HOOKS_CLEAN_BIN to "" (then the older
# names or account.conf decide).
# shellcheck disable=SC2016 # $1.. belong to the inner shell
adapter() {
	rm -f "$T/log" "$T/calls"
	FAKE_LOG=$T/log ACMESH_CALLS=$T/calls \
	    ACME_HOOKS_AUTH_BIN=${ACME_HOOKS_AUTH_BIN-$T/fake-auth} \
	    ACME_HOOKS_CLEAN_BIN=${ACME_HOOKS_CLEAN_BIN-$T/fake-clean} \
	    "$1" -c '
		'"${5:-}"'
		. "$1" || exit 9
		'"$2"' "$2" "$3"' adapter "$ADAPTER" "$3" "$4" \
	    >"$T/out" 2>"$T/err"
	rc=$?
}

# expect FILE LINE...: FILE holds exactly these lines.
expect() {
	_f=$1
	shift
	printf '%s\n' "$@" >"$T/want"
	if cmp -s "$T/want" "$_f"; then
		return 0
	fi
	echo "# want:"
	show "$T/want"
	echo "# got:"
	show "$_f"
	return 1
}

# expect_log LINE...: the fake's log is exactly these lines.
expect_log() {
	expect "$T/log" "$@"
}

# The stand-in for acme.sh, as a dnsapi file finds it: no dates, so the
# log lines compare exactly; a --log file and an account.conf in $T.
acmesh=". '$ACMESH'; NO_TIMESTAMP=1; LOG_FILE='$T/acme.log';
	ACCOUNT_CONF_PATH='$T/account.conf'"

# What the hooks print when a zone refuses the update: the line that
# says what to fix, as acme-auth writes it.
HOOK_ERR="acme-auth: error: primary 192.0.2.1 REFUSED the update of $FQDN."
HOOK_ERR="$HOOK_ERR TXT with key acme-key; allow it: update-policy"
HOOK_ERR="$HOOK_ERR { grant acme-key name $FQDN. TXT; };"
HOOK_PROGRESS="acme-auth: waiting for 2 servers: ns2 at serial 4, ns3 at 3"
HOOK_WARN="acme-auth: warning: ns3.example.net. did not answer; trying again"

for sh in sh dash bash; do
	command -v "$sh" >/dev/null 2>&1 || continue

	# ---- the argv the hooks get, without acme.sh's helpers ----------

	ACME_HOOKS_CONFIG=/etc/x.ini FAKE_RC=0 \
	    adapter "$sh" dns_acmehooks_add "$FQDN" "$VALUE"
	if [ "$rc" -eq 0 ] && expect_log "prog=fake-auth" "argc=3" \
	    "[present]" "[$FQDN.]" "[$VALUE]" "config=/etc/x.ini"; then
		ok "$sh: dns_acmehooks_add runs ACME_HOOKS_AUTH_BIN present FQDN. VALUE"
	else
		not_ok "$sh: dns_acmehooks_add (status $rc)"
	fi

	ACME_HOOKS_CONFIG=/etc/y.ini FAKE_RC=0 \
	    adapter "$sh" dns_acmehooks_rm "$FQDN" "$VALUE"
	if [ "$rc" -eq 0 ] && expect_log "prog=fake-clean" "argc=3" \
	    "[cleanup]" "[$FQDN.]" "[$VALUE]" "config=/etc/y.ini"; then
		ok "$sh: dns_acmehooks_rm runs ACME_HOOKS_CLEAN_BIN cleanup FQDN. VALUE"
	else
		not_ok "$sh: dns_acmehooks_rm (status $rc)"
	fi

	# A failing hook without acme.sh: its stderr as it was, then one
	# error line of the adapter's; the function returns 1.
	FAKE_RC=4 FAKE_STDERR=$HOOK_ERR adapter "$sh" dns_acmehooks_add \
	    "$FQDN" "$VALUE"
	fail_line="$T/fake-auth failed to publish TXT at $FQDN (exit status 4)"
	if [ "$rc" -eq 1 ] && expect "$T/err" \
	    "dns_acmehooks: $T/fake-auth: adding TXT at $FQDN" \
	    "$HOOK_ERR" "dns_acmehooks: error: $fail_line" &&
	    expect_log "prog=fake-auth" "argc=3" "[present]" \
	    "[$FQDN.]" "[$VALUE]" "config=unset"; then
		ok "$sh: a failing acme-auth: its line, then the adapter's, status 1"
	else
		not_ok "$sh: failing acme-auth (status $rc)"
	fi

	FAKE_RC=7 adapter "$sh" dns_acmehooks_rm "$FQDN" "$VALUE"
	fail_line="$T/fake-clean failed to remove TXT at $FQDN (exit status 7)"
	if [ "$rc" -eq 1 ] && expect_log "prog=fake-clean" "argc=3" \
	    "[cleanup]" "[$FQDN.]" "[$VALUE]" "config=unset" &&
	    grep -qxF "dns_acmehooks: error: $fail_line" "$T/err"; then
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

	# ---- with acme.sh's helpers -------------------------------------

	rm -f "$T/acme.log" "$T/account.conf"
	ACME_HOOKS_CONFIG=/etc/z.ini FAKE_RC=0 FAKE_STDOUT="hook stdout" \
	    FAKE_STDERR="$HOOK_PROGRESS
$HOOK_WARN" adapter "$sh" dns_acmehooks_add "$FQDN" "$VALUE" "$acmesh"
	if [ "$rc" -eq 0 ] && expect "$T/calls" \
	    "_saveaccountconf_mutable 2 [ACME_HOOKS_CONFIG] [/etc/z.ini]" \
	    "_saveaccountconf_mutable 2 [ACME_HOOKS_AUTH_BIN] [$T/fake-auth]" \
	    "_saveaccountconf_mutable 2 [ACME_HOOKS_CLEAN_BIN] [$T/fake-clean]" \
	    "_info 1 [$T/fake-auth: adding TXT at $FQDN]" \
	    "_debug 1 [running $T/fake-auth present $FQDN. with config /etc/z.ini]" \
	    "_info 1 [$HOOK_PROGRESS]" \
	    "_info 1 [$HOOK_WARN]"; then
		ok "$sh: add: settings saved; one-argument _info/_debug calls"
	else
		not_ok "$sh: add with acme.sh helpers (status $rc)"
		show "$T/err"
	fi
	if expect "$T/out" "$T/fake-auth: adding TXT at $FQDN" "hook stdout" \
	    "$HOOK_PROGRESS" "$HOOK_WARN" && [ ! -s "$T/err" ]; then
		ok "$sh: add: the hook's stdout as is, its stderr shown through _info"
	else
		not_ok "$sh: add: what acme.sh's user sees"
		show "$T/err"
	fi

	# A renewal from cron: no variables, account.conf has them.
	ACME_HOOKS_AUTH_BIN='' ACME_HOOKS_CLEAN_BIN='' FAKE_RC=0 \
	    adapter "$sh" dns_acmehooks_rm "$FQDN" "$VALUE" "$acmesh"
	if [ "$rc" -eq 0 ] && expect_log "prog=fake-clean" "argc=3" \
	    "[cleanup]" "[$FQDN.]" "[$VALUE]" "config=/etc/z.ini"; then
		ok "$sh: a later run reads ACME_HOOKS_CONFIG and ACME_HOOKS_CLEAN_BIN back"
	else
		not_ok "$sh: settings read back (status $rc)"
		show "$T/err"
	fi

	# The hook fails: its error line goes through _err (one argument),
	# so it is in the --log file as well as on stderr, then the
	# adapter's own line; nothing printed as KEY='VALUE'.
	rm -f "$T/acme.log"
	FAKE_RC=4 FAKE_STDERR="$HOOK_PROGRESS
$HOOK_ERR" adapter "$sh" dns_acmehooks_add "$FQDN" "$VALUE" "$acmesh"
	fail_line="$T/fake-auth failed to publish TXT at $FQDN (exit status 4)"
	if [ "$rc" -eq 1 ] && expect "$T/calls" \
	    "_readaccountconf_mutable 1 [ACME_HOOKS_CONFIG]" \
	    "_saveaccountconf_mutable 2 [ACME_HOOKS_AUTH_BIN] [$T/fake-auth]" \
	    "_saveaccountconf_mutable 2 [ACME_HOOKS_CLEAN_BIN] [$T/fake-clean]" \
	    "_info 1 [$T/fake-auth: adding TXT at $FQDN]" \
	    "_debug 1 [running $T/fake-auth present $FQDN. with config /etc/z.ini]" \
	    "_info 1 [$HOOK_PROGRESS]" \
	    "_err 1 [$HOOK_ERR]" \
	    "_err 1 [$fail_line]"; then
		ok "$sh: a failing hook: its line, then the adapter's, to _err"
	else
		not_ok "$sh: failing hook with acme.sh helpers (status $rc)"
	fi
	if grep -qxF "$HOOK_ERR" "$T/acme.log" &&
	    grep -qxF "$fail_line" "$T/acme.log" &&
	    grep -qxF "$HOOK_PROGRESS" "$T/acme.log" &&
	    ! grep -q "='" "$T/acme.log"; then
		ok "$sh: the hook's explanation is in acme.sh's --log file"
	else
		not_ok "$sh: the hook's explanation in the --log file"
		show "$T/acme.log"
	fi
	if expect "$T/err" "$HOOK_ERR" "$fail_line"; then
		ok "$sh: and still on stderr, once, as the hook wrote it"
	else
		not_ok "$sh: the hook's error line on stderr"
	fi

	# The hook's lines reach the log while it still runs (a long wait
	# shows its progress at once, not at the end).
	rm -f "$T/acme.log"
	LOG_FILE=$T/acme.log FAKE_RC=0 FAKE_WAIT=1 FAKE_STDERR="$HOOK_PROGRESS
$HOOK_WARN" adapter "$sh" dns_acmehooks_add "$FQDN" "$VALUE" "$acmesh"
	if [ "$rc" -eq 0 ] && grep -qx "logged while running" "$T/log" &&
	    grep -qxF "$HOOK_WARN" "$T/acme.log"; then
		ok "$sh: the hook's stderr is relayed line by line as it comes"
	else
		not_ok "$sh: the hook's stderr relayed as it comes (status $rc)"
		show "$T/log"
	fi

	# The older names: ACMEHOOKS_BIN/ACMECLEAN_BIN from the environment
	# are used and saved under the new names; from an older
	# account.conf they are read when the new ones are not there.
	rm -f "$T/account.conf"
	ACME_HOOKS_AUTH_BIN='' ACMEHOOKS_BIN=$T/old-auth FAKE_RC=0 \
	    adapter "$sh" dns_acmehooks_add "$FQDN" "$VALUE" "$acmesh"
	if [ "$rc" -eq 0 ] && grep -qx "prog=old-auth" "$T/log" &&
	    grep -qxF "SAVED_ACME_HOOKS_AUTH_BIN='$T/old-auth'" \
	    "$T/account.conf"; then
		ok "$sh: ACMEHOOKS_BIN still read, saved as ACME_HOOKS_AUTH_BIN"
	else
		not_ok "$sh: ACMEHOOKS_BIN still read (status $rc)"
		show "$T/account.conf"
	fi
	printf "SAVED_ACMECLEAN_BIN='%s'\n" "$T/old-clean" >"$T/account.conf"
	ACME_HOOKS_CLEAN_BIN='' FAKE_RC=0 \
	    adapter "$sh" dns_acmehooks_rm "$FQDN" "$VALUE" "$acmesh"
	if [ "$rc" -eq 0 ] && grep -qx "prog=old-clean" "$T/log"; then
		ok "$sh: SAVED_ACMECLEAN_BIN of an older account.conf still read"
	else
		not_ok "$sh: SAVED_ACMECLEAN_BIN still read (status $rc)"
		show "$T/log"
	fi
done

finish
