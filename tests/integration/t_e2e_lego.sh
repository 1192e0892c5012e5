#!/bin/sh
# SPDX-License-Identifier: ISC
# End to end: lego's exec DNS provider with EXEC_PATH=acme-auth gets
# example.net and *.example.net from Pebble (tests/lab/pebble.sh), once in
# the default mode (present|cleanup FQDN VALUE; lego follows the CNAME
# itself) and once with EXEC_MODE=RAW (present|cleanup -- DOMAIN TOKEN
# KEYAUTH; the hook hashes the key authorization and follows the CNAME),
# with ns3 lagging.  lego's own propagation check is off
# (--dns.disable-cp): the hook's wait is all there is.  lego's exec
# provider is sequential: present, validate, cleanup, then
# EXEC_SEQUENCE_INTERVAL seconds before the next domain, which must exceed
# the records' TTL (2 s here) so that no resolver still holds the first
# value.  Checks lego's exit status, the certificate's names, and that no
# TXT record is left on any server.

set -u
. "$ACME_SRC/tests/e2e/e2e.sh"
need lego lego || exit 1
need openssl openssl || exit 1
e2e_start

# EXEC_PATH is one program without arguments; under ACME_WRAP (valgrind)
# a wrapper script runs it.
hook=$ACME_BUILD/acme-auth
if [ -n "${ACME_WRAP:-}" ]; then
	hook=$T/acme-auth-wrapped
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$ACME_WRAP" \
	    "$ACME_BUILD/acme-auth" >"$hook"
	chmod 755 "$hook"
fi

# run_lego MODE: MODE is "default" or "RAW".
run_lego() {
	_dir=$T/lego-$1
	_mode=
	[ "$1" = RAW ] && _mode=RAW
	mkdir -p "$_dir" || exit 1
	e2e_sync_lag
	_t0=$(lab_now_ms)
	ACME_HOOKS_CONFIG=$E2E_INI EXEC_PATH=$hook EXEC_MODE=$_mode \
	    EXEC_SEQUENCE_INTERVAL=$((E2E_TTL + 1)) \
	    EXEC_PROPAGATION_TIMEOUT=30 EXEC_POLLING_INTERVAL=1 \
	    LEGO_CA_CERTIFICATES=$PEBBLE_CA \
	    lego --server "$PEBBLE_URL" --accept-tos \
	    --email e2e@example.net --path "$_dir" \
	    --dns exec --dns.resolvers "$LAB_RESOLVER:53" --dns.disable-cp \
	    --domains example.net --domains '*.example.net' \
	    run >"$T/lego-$1.out" 2>&1
	_rc=$?
	_t1=$(lab_now_ms)
	sed 's/^/#   /' "$T/lego-$1.out"
	echo "# lego ($1 mode) took $((_t1 - _t0)) ms"
	e2e_hook_times "$T/lego-$1.out"
	check "lego $1 mode: exits 0 (got $_rc)" [ "$_rc" -eq 0 ]
	check "lego $1 mode: both hooks waited for every server" \
	    [ "$(e2e_hook_times "$T/lego-$1.out" | wc -l)" -eq 2 ]
	e2e_check_cert "$_dir/certificates/example.net.crt"
	e2e_check_clean
}

run_lego default
run_lego RAW
finish
