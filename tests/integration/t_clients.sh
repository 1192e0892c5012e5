#!/bin/sh
# SPDX-License-Identifier: ISC
# Every ACME client's calling convention, driven against the installed
# hooks (make install DESTDIR=..., or the directory $ACME_TEST_BINDIR
# names) and the real BIND lab: certbot (with
# CERTBOT_REMAINING_CHALLENGES and CERTBOT_AUTH_OUTPUT), lego exec (default
# and RAW), dehydrated (one triple and HOOK_CHAIN), uacme; then --dry-run
# and --check on a good setup and on broken ones, with the exact lines
# users see.  Argument vectors follow the clients' documentation: lego's
# exec provider runs `EXEC_PATH present|cleanup FQDN VALUE` (RAW mode:
# `present|cleanup -- DOMAIN TOKEN KEYAUTH`), dehydrated runs
# `HOOK deploy_challenge DOMAIN TOKENFILENAME TOKENVALUE...`, uacme runs
# `HOOK begin|done|failed TYPE IDENT TOKEN AUTH`.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

# The installed tree, as a packager would build it; or, with
# ACME_TEST_BINDIR, hooks installed elsewhere (t_deb.sh: the .deb's).
if [ -n "${ACME_TEST_BINDIR:-}" ]; then
	BIN=$ACME_TEST_BINDIR
else
	make -s -C "$ACME_SRC" BUILD="$ACME_BUILD" install DESTDIR="$T/root" \
	    PREFIX=/usr SYSCONFDIR=/etc >/dev/null || exit 1
	BIN=$T/root/usr/bin
fi
echo "# hooks from $BIN"
AUTH="${ACME_WRAP:-} $BIN/acme-auth"
CLEAN="${ACME_WRAP:-} $BIN/acme-clean"

lab_start "$T/lab" || { lab_logs "$T/lab"; exit 1; }
export ACME_HOOKS_CONFIG="$T/lab/acme-hooks.ini"
export ACME_HOOKS_STATE_DIR="$T/state"
target=_acme-challenge.acmesh.example.net

# certbot: two challenges of one run (apex + wildcard), one wait.  The
# hooks find their run by the nearest ancestor process named certbot, so
# both calls run under one stand-in for it: a copy of dash named certbot.
mkdir -p "$T/bin" && cp "$(command -v dash)" "$T/bin/certbot" || exit 1
va=$(value)
vw=$(value)
CERTBOT_DOMAIN=example.net "$T/bin/certbot" -c "
	CERTBOT_VALIDATION=$va CERTBOT_REMAINING_CHALLENGES=1 $AUTH \
	    >'$T/out1' 2>'$T/err1'
	echo \$? >'$T/rc1'
	CERTBOT_VALIDATION=$vw CERTBOT_REMAINING_CHALLENGES=0 $AUTH \
	    >'$T/out' 2>'$T/err'
	echo \$? >'$T/rc2'"
rc=$(cat "$T/rc1")
check "certbot 1/2: exit 0 without waiting (got $rc)" [ "$rc" -eq 0 ]
check "certbot 1/2: notes the record for the last call" \
    has_line "acme-auth: update sent; the last challenge of this certbot run waits for it" "$T/err1"
check "certbot 1/2: prints the cleanup hint" has_line \
    "acme-hooks: zone acmesh.example.net. record $target. primary $LAB_NS1" \
    "$T/out1"
hint=$(cat "$T/out1")
rc=$(cat "$T/rc2")
check "certbot 2/2: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "certbot 2/2: waits for the earlier record too" has_line \
    "acme-auth: waiting also for 1 record sent earlier in this certbot run" \
    "$T/err"
# shellcheck disable=SC2016 # expanded by eval
check "certbot: both values served everywhere" \
    eval 'served "$target" "$va" && served "$target" "$vw"'
check "certbot: no notes left behind" [ -z "$(ls -A "$T/state")" ]
CERTBOT_DOMAIN=example.net CERTBOT_VALIDATION=$va CERTBOT_AUTH_OUTPUT=$hint \
    $CLEAN -v >"$T/out" 2>"$T/err"
rc=$?
check "certbot cleanup with the hint: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "certbot cleanup with the hint: no lookups" has_line \
    "acme-clean: using the lookups of acme-auth: zone acmesh.example.net., record $target." \
    "$T/err"
check "certbot cleanup: apex value gone" gone "$target" "$va"
CERTBOT_DOMAIN=example.net CERTBOT_VALIDATION=$vw $CLEAN 2>"$T/err"
check "certbot cleanup without hint: wildcard value gone" gone "$target" "$vw"

# lego, default mode: the FQDN lego computed, with a trailing dot.
v=$(value)
$AUTH present _acme-challenge.example.net. "$v" >"$T/out" 2>"$T/err"
rc=$?
check "lego present: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "lego present: served everywhere" served "$target" "$v"
$AUTH cleanup _acme-challenge.example.net. "$v" >"$T/out" 2>"$T/err"
tc=$(lab_now_ms)
check "lego cleanup: gone" gone "$target" "$v"
# The next value at the same name right away (lego's sequence, with an
# EXEC_SEQUENCE_INTERVAL shorter than the TTL): the hook holds it back
# until a TTL (2 s in the lab) and a second after the removal, unless the
# wait for the lagging ns3 already took that long (a slow run, valgrind).
v=$(value)
t0=$(lab_now_ms)
$AUTH present _acme-challenge.example.net. "$v" >"$T/out" 2>"$T/err"
rc=$?
t1=$(lab_now_ms)
check "lego, next value at once: exit 0 (got $rc)" [ "$rc" -eq 0 ]
held_back() {
	grep -q "holding back .* s before returning: a value at $target. was removed .* s ago, .*(ttl = 2 s) + 1 s" "$T/err" ||
	    [ $((t1 - tc)) -ge 3000 ]
}
check "lego, next value at once: held back and says why, or the wait outlasted it" \
    held_back
check "lego, next value at once: returned no sooner than the TTL" \
    [ $((t1 - t0)) -ge 2000 ]
$AUTH cleanup _acme-challenge.example.net. "$v" >"$T/out" 2>"$T/err"

# lego RAW mode: the value is base64url(SHA-256(keyAuth)).
keyauth="token-$(value).thumbprint-$(value)"
want=$(printf '%s' "$keyauth" | openssl dgst -sha256 -binary |
    base64 | tr '+/' '-_' | tr -d '=')
EXEC_MODE=RAW EXEC_PROPAGATION_TIMEOUT=60 \
    $AUTH present -- example.net token "$keyauth" >"$T/out" 2>"$T/err"
rc=$?
check "lego RAW present: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "lego RAW: the value is the key authorization's digest" \
    served "$target" "$want"
EXEC_MODE=RAW $CLEAN cleanup -- example.net token "$keyauth" 2>"$T/err"
check "lego RAW cleanup: gone" gone "$target" "$want"

# lego's EXEC_PROPAGATION_TIMEOUT caps the wait below the config's.
lab_sync_lag "$T/lab" acmesh.example.net >/dev/null || exit 1
v=$(value)
EXEC_PROPAGATION_TIMEOUT=1 $AUTH present _acme-challenge.example.net. "$v" \
    >"$T/out" 2>"$T/err"
rc=$?
check "lego EXEC_PROPAGATION_TIMEOUT=1: gives up with exit 7 (got $rc)" \
    [ "$rc" -eq 7 ]
$CLEAN cleanup _acme-challenge.example.net. "$v" 2>"$T/err"

# dehydrated: one triple, then HOOK_CHAIN=yes with two zones in one call.
v=$(value)
$AUTH deploy_challenge example.net tokenfile "$v" >"$T/out" 2>"$T/err"
rc=$?
check "dehydrated deploy_challenge: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "dehydrated: served" served "$target" "$v"
$AUTH clean_challenge example.net tokenfile "$v" >"$T/out" 2>"$T/err"
check "dehydrated clean_challenge: gone" gone "$target" "$v"
v1=$(value)
v2=$(value)
HOOK_CHAIN=yes $AUTH deploy_challenge example.net t1 "$v1" \
    example.org t2 "$v2" >"$T/out" 2>"$T/err"
rc=$?
check "dehydrated HOOK_CHAIN: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "dehydrated HOOK_CHAIN: one wait for both zones" \
    grep -q "waiting for 6 authoritative server addresses" "$T/err"
check "dehydrated HOOK_CHAIN: first value served" served "$target" "$v1"
check "dehydrated HOOK_CHAIN: second value served" \
    served _acme-challenge.example.org "$v2"
HOOK_CHAIN=yes $AUTH clean_challenge example.net t1 "$v1" \
    example.org t2 "$v2" >"$T/out" 2>"$T/err"
# shellcheck disable=SC2016 # expanded by eval
check "dehydrated HOOK_CHAIN clean: both gone" \
    eval 'no_txt "$target" "$LAB_NS1" &&
    no_txt _acme-challenge.example.org "$LAB_NS1"'
for ev in deploy_cert deploy_ocsp unchanged_cert invalid_challenge \
    request_failure generate_csr startup_hook exit_hook sync_cert \
    this_hookscript_is_broken__dehydrated_is_working_fine__please_ignore_unknown_hooks_in_your_script; do
	$AUTH $ev a b c d >"$T/out" 2>"$T/err"
	rc=$?
	check "dehydrated $ev: exit 0 silently (got $rc)" \
	    [ "$rc" -eq 0 ] && [ ! -s "$T/out" ] && [ ! -s "$T/err" ]
done

# uacme: begin sets and waits, done/failed remove, other types exit 1.
v=$(value)
$AUTH begin dns-01 example.net token "$v" >"$T/out" 2>"$T/err"
rc=$?
check "uacme begin dns-01: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "uacme: served" served "$target" "$v"
$AUTH done dns-01 example.net token "$v" >"$T/out" 2>"$T/err"
check "uacme done: gone" gone "$target" "$v"
$AUTH failed dns-01 example.net token "$v" >"$T/out" 2>"$T/err"
rc=$?
check "uacme failed (nothing left): exit 0 (got $rc)" [ "$rc" -eq 0 ]
for ty in http-01 tls-alpn-01; do
	$AUTH begin $ty example.net token keyauth >"$T/out" 2>"$T/err"
	rc=$?
	check "uacme begin $ty: exit 1 so uacme tries the next (got $rc)" \
	    [ "$rc" -eq 1 ]
done

# --dry-run: the update in nsupdate syntax, nothing sent, no secret.
secret=$(sed -n 's/^secret = //p' "$ACME_HOOKS_CONFIG")
serial=$(lab_soa_serial acmesh.example.net "$LAB_NS1")
v=$(value)
CERTBOT_DOMAIN=example.net CERTBOT_VALIDATION=$v $AUTH --dry-run \
    >"$T/out" 2>"$T/err"
rc=$?
check "dry run: exit 0 (got $rc)" [ "$rc" -eq 0 ]
cat >"$T/want" <<EOF
; dry run: nothing is sent
server $LAB_NS1
zone acmesh.example.net.
; signed with TSIG key acme-key (hmac-sha256)
update add $target. 2 IN TXT "$v"
send
; would wait for ns1.example.net. ($LAB_NS1)
; would wait for ns2.example.net. ($LAB_NS2)
; would wait for ns3.example.net. ($LAB_NS3)
EOF
check "dry run: prints exactly the update and the servers" \
    cmp -s "$T/want" "$T/out"
check "dry run: the zone is unchanged" \
    [ "$(lab_soa_serial acmesh.example.net "$LAB_NS1")" = "$serial" ]
check "dry run: no secret in the output" no_secret "$secret"
CERTBOT_DOMAIN=example.net CERTBOT_VALIDATION=$v ACME_HOOKS_DRY_RUN=1 \
    $AUTH >"$T/out2" 2>"$T/err"
check "dry run by ACME_HOOKS_DRY_RUN=1: the same output" \
    cmp -s "$T/want" "$T/out2"

# --check on the good setup.
$AUTH --check example.net >"$T/out" 2>"$T/err"
rc=$?
check "check: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "check: shows the CNAME target" has_line \
    "name _acme-challenge.example.net.: record $target., in zone acmesh.example.net." \
    "$T/out"
check "check: proves the key, the policy and the journal" grep -qE \
    "^  key acme-key: the primary took an add and a delete at $target. TXT \(serial $((serial + 1)), then $((serial + 2))\): the key, its update policy and the zone's storage \\(BIND: its journal\\) work$" \
    "$T/out"
check "check: asks the lagging secondary for its SOA" grep -qE \
    "^  ns3\.example\.net\.  $LAB_NS3  [0-9]+$" "$T/out"
check "check: ends with 'check passed'" has_line "check passed" "$T/out"
check "check: says the primary came from an unvalidated answer" has_line \
    "  primary: $LAB_NS1 (SOA MNAME ns1.example.net., as the resolver answered: not validated; set \`server =\` in [zone \"acmesh.example.net\"] to pin the primary)" \
    "$T/out"
check "check: nothing left at $target" no_txt "$target" "$LAB_NS1"

# Broken setups: a wrong key, a missing zone section, a primary that
# does not resolve.
sed "s|^secret = .*|secret = $(head -c 32 /dev/urandom | base64)|" \
    "$ACME_HOOKS_CONFIG" >"$T/wrongkey.ini"
chmod 600 "$T/wrongkey.ini"
$AUTH -c "$T/wrongkey.ini" --check >"$T/out" 2>"$T/err"
rc=$?
check "check, wrong key: exit 6 (got $rc)" [ "$rc" -eq 6 ]
check "check, wrong key: the BADSIG line" has_line \
    "acme-auth: error: $LAB_NS1 rejected the signature of key acme-key for zone acmesh.example.net. (BADSIG): the secret in the configuration differs from the server's key acme-key" \
    "$T/err"
check "check, wrong key: 'check FAILED'" has_line "check FAILED" "$T/out"

$AUTH --check unconfigured.example.net >"$T/out" 2>"$T/err"
rc=$?
check "check, zone without a section: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "check, zone without a section: says both ways out" has_line \
    "acme-auth: error: _acme-challenge.unconfigured.example.net.: zone unconf.example.net. (holding _acme-challenge.unconf.example.net.) has no [zone \"unconf.example.net.\"] section in $ACME_HOOKS_CONFIG; add one with a key that may update it, or delegate the challenge into a configured zone with the record: _acme-challenge.unconfigured.example.net. CNAME _acme-challenge.acmesh.example.net." \
    "$T/err"
CERTBOT_DOMAIN=unconfigured.example.net CERTBOT_VALIDATION=$(value) \
    $AUTH --dry-run >"$T/out" 2>"$T/err"
rc=$?
check "dry run, zone without a section: exit 2 (got $rc)" [ "$rc" -eq 2 ]

sed 's|^\[zone "acmesh.example.net"\]|&\nserver = nowhere.example.net|' \
    "$ACME_HOOKS_CONFIG" >"$T/noprimary.ini"
chmod 600 "$T/noprimary.ini"
$AUTH -c "$T/noprimary.ini" --check >"$T/out" 2>"$T/err"
rc=$?
check "check, unresolvable primary: exit 3 (got $rc)" [ "$rc" -eq 3 ]
check "check, unresolvable primary: names it" has_line \
    "acme-auth: error: server nowhere.example.net has no A or AAAA record; set \`server\` to an address or fix its records" \
    "$T/err"
CERTBOT_DOMAIN=example.net CERTBOT_VALIDATION=$(value) \
    $AUTH -c "$T/noprimary.ini" --dry-run >"$T/out" 2>"$T/err"
rc=$?
check "dry run, unresolvable primary: exit 3 (got $rc)" [ "$rc" -eq 3 ]

# --help, --version, usage errors.
$AUTH --help >"$T/out" 2>"$T/err"
check "--help: exit 0 and lists the exit codes" \
    grep -q "^exit status: 0 done; 1 usage; 2 configuration" "$T/out"
$AUTH --version >"$T/out" 2>"$T/err"
check "--version: prints the version" grep -q "^acme-hooks [0-9]" "$T/out"
$AUTH bogus a b >"$T/out" 2>"$T/err"
rc=$?
check "an unknown command: exit 1 (got $rc)" [ "$rc" -eq 1 ]
$AUTH >"$T/out" 2>"$T/err"
rc=$?
check "no input at all: exit 1 (got $rc)" [ "$rc" -eq 1 ]
check "no input at all: one line" one_line

lab_stop "$T/lab"
finish
