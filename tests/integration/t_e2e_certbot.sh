#!/bin/sh
# SPDX-License-Identifier: ISC
# End to end: certbot (manual plugin, our hooks) gets example.net and
# *.example.net from a real ACME CA (Pebble, tests/lab/pebble.sh), which
# validates both dns-01 challenges through the lab's resolver, with ns3
# lagging.  Checks certbot's exit status, the certificate's names, and that
# the cleanup hooks left no TXT record on any server.

set -u
. "$ACME_SRC/tests/e2e/e2e.sh"
need certbot certbot || exit 1
need openssl openssl || exit 1
e2e_start

cb=$T/certbot
mkdir -p "$cb/config" "$cb/work" "$cb/logs" || exit 1
e2e_sync_lag
t0=$(lab_now_ms)
# The hooks' notes between certbot's calls (state.h) stay under $T.
ACME_HOOKS_STATE_DIR=$T/state REQUESTS_CA_BUNDLE=$PEBBLE_CA certbot certonly \
    --non-interactive --agree-tos --register-unsafely-without-email \
    --server "$PEBBLE_URL" \
    --config-dir "$cb/config" --work-dir "$cb/work" --logs-dir "$cb/logs" \
    --manual --preferred-challenges dns \
    --manual-auth-hook "${ACME_WRAP:-} $ACME_BUILD/acme-auth -c $E2E_INI" \
    --manual-cleanup-hook "${ACME_WRAP:-} $ACME_BUILD/acme-clean -c $E2E_INI" \
    --cert-name e2e -d example.net -d '*.example.net' >"$T/certbot.out" 2>&1
rc=$?
t1=$(lab_now_ms)
sed 's/^/#   /' "$T/certbot.out"
echo "# certbot took $((t1 - t0)) ms"
e2e_hook_times "$cb/logs/letsencrypt.log"
check "certbot exits 0 (got $rc)" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || tail -n 40 "$cb/logs/letsencrypt.log" | sed 's/^/#   /'
e2e_check_cert "$cb/config/live/e2e/cert.pem"
# certbot counts CERTBOT_REMAINING_CHALLENGES down: the first call only
# sends, the last waits once for both values.
check "one wait for every server, in the last auth hook" \
    [ "$(e2e_hook_times "$cb/logs/letsencrypt.log" | wc -l)" -eq 1 ]
check "the last auth hook waited for the first one's record too" \
    grep -q 'waiting also for 1 record sent earlier' \
    "$cb/logs/letsencrypt.log"
e2e_check_clean
finish
