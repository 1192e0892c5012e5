#!/bin/sh
# SPDX-License-Identifier: ISC
# End to end: dehydrated (CHALLENGETYPE=dns-01, HOOK = a two-line script
# that runs acme-auth "$@") gets example.net and *.example.net from Pebble
# (tests/lab/pebble.sh), with HOOK_CHAIN=no (one deploy_challenge per
# domain) and HOOK_CHAIN=yes (one deploy_challenge with both), with ns3
# lagging.  dehydrated also calls the hook with events that are not ours
# (startup_hook, generate_csr, deploy_cert, exit_hook, and a made-up one
# to check that unknown events are ignored): each must exit 0 and do
# nothing.  Checks dehydrated's exit status, the certificate's names, and
# that no TXT record is left on any server.

set -u
. "$ACME_SRC/tests/e2e/e2e.sh"
need dehydrated dehydrated || exit 1
need curl curl || exit 1
need openssl openssl || exit 1
e2e_start

hook=$T/hook.sh
printf '#!/bin/sh\nexec %s %s -c %s "$@"\n' "${ACME_WRAP:-}" \
    "$ACME_BUILD/acme-auth" "$E2E_INI" >"$hook"
chmod 755 "$hook"

# dehydrated's first call, before any other: a hook that does not exit 0
# on an event it does not know makes dehydrated stop at once.
probe=this_hookscript_is_broken__dehydrated_is_working_fine__
probe=${probe}please_ignore_unknown_hooks_in_your_script
"$hook" "$probe" >"$T/probe.out" 2>&1
rc=$?
check "the hook ignores dehydrated's unknown-event probe (got $rc)" \
    [ "$rc" -eq 0 ]
check "the hook prints nothing for dehydrated's probe" \
    [ ! -s "$T/probe.out" ]

# run_dehydrated CHAIN: CHAIN is HOOK_CHAIN, "no" or "yes".
run_dehydrated() {
	_dir=$T/dehydrated-$1
	mkdir -p "$_dir" || exit 1
	cat >"$_dir/config" <<EOF
CA="$PEBBLE_URL"
CHALLENGETYPE="dns-01"
HOOK="$hook"
HOOK_CHAIN="$1"
BASEDIR="$_dir"
KEY_ALGO="prime256v1"
EOF
	CURL_CA_BUNDLE=$PEBBLE_CA dehydrated -f "$_dir/config" \
	    --register --accept-terms >"$T/dehydrated-$1.out" 2>&1
	_rc=$?
	check "dehydrated HOOK_CHAIN=$1: registers (got $_rc)" \
	    [ "$_rc" -eq 0 ]
	e2e_sync_lag
	_t0=$(lab_now_ms)
	CURL_CA_BUNDLE=$PEBBLE_CA dehydrated -f "$_dir/config" \
	    -c -d example.net -d '*.example.net' --out "$_dir/certs" \
	    >>"$T/dehydrated-$1.out" 2>&1
	_rc=$?
	_t1=$(lab_now_ms)
	sed 's/^/#   /' "$T/dehydrated-$1.out"
	echo "# dehydrated (HOOK_CHAIN=$1) took $((_t1 - _t0)) ms"
	e2e_hook_times "$T/dehydrated-$1.out"
	check "dehydrated HOOK_CHAIN=$1: exits 0 (got $_rc)" \
	    [ "$_rc" -eq 0 ]
	# One wait per deploy_challenge: two calls, or one with both.
	_n=2
	[ "$1" = yes ] && _n=1
	check "dehydrated HOOK_CHAIN=$1: $_n hook call(s) waited" \
	    [ "$(e2e_hook_times "$T/dehydrated-$1.out" | wc -l)" -eq "$_n" ]
	e2e_check_cert "$_dir/certs/example.net/cert.pem"
	e2e_check_clean
}

run_dehydrated no
run_dehydrated yes
finish
