#!/bin/sh
# SPDX-License-Identifier: ISC
# acme-auth / acme-clean against the real BIND lab (tests/lab/lab.sh):
# a zone updated directly, a CNAME into the delegated zone, apex and
# wildcard values side by side and cleaned one at a time, lego's calling
# convention, a zone without a config section, a wrong secret, an
# unreachable primary, and a lagging secondary past the timeout.
# Each case checks the exit status, the message and the zones afterwards.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

# run_hook HOOK ARGS...: run with the lab's config, keep
# stderr in $T/err and the status in $rc.
run_hook() {
	_hook=$1
	shift
	ACME_HOOKS_CONFIG=$T/lab/acme-hooks.ini $_hook "$@" 2>"$T/err"
	rc=$?
}

# certbot DOMAIN VALUE HOOK: run a hook as certbot does.
certbot_call() {
	CERTBOT_DOMAIN=$1 CERTBOT_VALIDATION=$2 run_hook "$3"
}

lab_start "$T/lab" || { lab_logs "$T/lab"; exit 1; }
secret=$(sed -n 's/^secret = //p' "$T/lab/acme-hooks.ini")

# A zone updated directly, with ns3 lagging LAB_LAG s behind.
lab_sync_lag "$T/lab" example.org || exit 1
v1=$(value)
name=_acme-challenge.example.org
# An independent watcher notes when ns3 first serves the value.
(
	end=$(($(lab_now_ms) + 60000))
	while [ "$(lab_now_ms)" -lt "$end" ]; do
		if lab_dig "$name" TXT "$LAB_NS3" | grep -qxF "\"$v1\""; then
			lab_now_ms >"$T/ns3-seen"
			exit 0
		fi
		sleep 0.01
	done
) &
watcher=$!
t0=$(lab_now_ms)
certbot_call example.org "$v1" "$AUTH"
t1=$(lab_now_ms)
check "direct zone: acme-auth exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "direct zone: every server serves the value on return" \
    served "$name" "$v1"
wait "$watcher"
if [ -s "$T/ns3-seen" ]; then
	seen=$(cat "$T/ns3-seen")
	echo "# hook took $((t1 - t0)) ms; ns3 served the value" \
	    "$((seen - t0)) ms after the start; hook returned" \
	    "$((t1 - seen)) ms after that"
	# ns2 has the value within milliseconds (NOTIFY); only waiting for
	# ns3's refresh, about LAB_LAG s after lab_sync_lag, takes a second.
	check "direct zone: the hook waited for the lagging ns3" \
	    [ $((t1 - t0)) -ge 1000 ]
else
	not_ok "direct zone: watcher never saw the value on ns3"
fi
certbot_call example.org "$v1" "$CLEAN"
check "direct zone: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "direct zone: the value is gone" gone "$name" "$v1"

# Apex and wildcard through the CNAME into acmesh.example.net.
target=_acme-challenge.acmesh.example.net
va=$(value)
vw=$(value)
certbot_call example.net "$va" "$AUTH"
check "cname: apex acme-auth exits 0 (got $rc)" [ "$rc" -eq 0 ]
certbot_call example.net "$vw" "$AUTH"
check "cname: wildcard acme-auth exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "cname: apex value served everywhere" served "$target" "$va"
check "cname: wildcard value served everywhere, beside the apex's" \
    served "$target" "$vw"
check "cname: the main zone itself holds no TXT" \
    [ -z "$(lab_dig _acme-challenge.example.net TXT "$LAB_NS1" |
    grep -v '^_acme-challenge\.acmesh')" ]
certbot_call example.net "$va" "$CLEAN"
check "cname: clean apex exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "cname: apex value removed" gone "$target" "$va"
check "cname: wildcard value survives the apex's cleanup" \
    lab_wait_value "$target" TXT "$LAB_NS1" "\"$vw\"" 1
certbot_call example.net "$vw" "$CLEAN"
check "cname: clean wildcard exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "cname: wildcard value removed" gone "$target" "$vw"

# lego's exec convention: present|cleanup FQDN VALUE.
vl=$(value)
run_hook "$AUTH" present _acme-challenge.www.example.net. "$vl"
check "lego: present exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "lego: value served everywhere" served "$target" "$vl"
run_hook "$CLEAN" cleanup _acme-challenge.www.example.net. "$vl"
check "lego: cleanup exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "lego: value removed" gone "$target" "$vl"

# A zone with no [zone] section: exit 2 and both ways out.
certbot_call unconfigured.example.net "$(value)" "$AUTH"
check "unconfigured zone: exit status 2 (got $rc)" [ "$rc" -eq 2 ]
check "unconfigured zone: names the zone" \
    err_has 'zone unconf.example.net. (holding'
check "unconfigured zone: prints the CNAME record to add" \
    err_has '_acme-challenge.unconfigured.example.net. CNAME _acme-challenge.acmesh.example.net.'
check "unconfigured zone: one line on stderr" one_line

# A wrong secret: BADSIG, exit 6, nothing added.
bad=$T/bad-secret.ini
sed "s|^secret = .*|secret = $(head -c 32 /dev/urandom | base64)|" \
    "$T/lab/acme-hooks.ini" >"$bad"
chmod 600 "$bad"
vb=$(value)
CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$vb $AUTH -c "$bad" \
    2>"$T/err"
rc=$?
check "wrong secret: exit status 6 (got $rc)" [ "$rc" -eq 6 ]
check "wrong secret: says BADSIG and names the key" \
    err_has 'signature of key acme-key for zone example.org. (BADSIG)'
check "wrong secret: one line on stderr" one_line
check "wrong secret: nothing added" gone _acme-challenge.example.org "$vb"
check "wrong secret: the secret is not printed" no_secret "$secret"

# An unreachable primary: exit 5, names server and zone.
down=$T/down.ini
sed 's|^\[zone "example.org"\]|&\nserver = 127.0.0.99|' \
    "$T/lab/acme-hooks.ini" >"$down"
chmod 600 "$down"
CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$(value) $AUTH -c "$down" \
    2>"$T/err"
rc=$?
check "unreachable primary: exit status 5 (got $rc)" [ "$rc" -eq 5 ]
check "unreachable primary: names the server and the zone" \
    err_has 'primary 127.0.0.99 for zone example.org.'

# ns3 lags past the timeout: exit 7, names ns3 and what it serves.
short=$T/short.ini
sed 's|^timeout = .*|timeout = 1|' "$T/lab/acme-hooks.ini" >"$short"
chmod 600 "$short"
lab_sync_lag "$T/lab" example.org || exit 1
vt=$(value)
CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$vt $AUTH -c "$short" \
    2>"$T/err"
rc=$?
check "timeout: exit status 7 (got $rc)" [ "$rc" -eq 7 ]
check "timeout: names the lagging ns3 and its serial" \
    err_has "ns3.example.net. ($LAB_NS3) for example.org.: serial"
CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$vt $CLEAN -c "$short" \
    2>"$T/err"
rc=$?
check "timeout: cleanup after it exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "timeout: value removed" gone _acme-challenge.example.org "$vt"

# -vv shows every message sent and received, one line per record,
# with TSIG's MAC size but never a MAC or the secret.
vv=$(value)
ttl=$(sed -n 's/^ttl = //p' "$T/lab/acme-hooks.ini")
run_hook "$AUTH" -vv present _acme-challenge.www.example.net. "$vv"
check "-vv: present exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "-vv: the update sent to the primary" \
    err_has ";; to $LAB_NS1: "
check "-vv: the update's record, one line" \
    err_has ";;   update: _acme-challenge.acmesh.example.net. $ttl IN TXT \"$vv\""
check "-vv: the primary's signed answer, MAC shown by size only" \
    err_has ";;   additional: acme-key. 0 ANY TSIG hmac-sha256. time"
check "-vv: a poll's answer with the value" \
    err_has ";;   answer: _acme-challenge.acmesh.example.net. "
check "-vv: the secret is not printed" no_secret "$secret"
run_hook "$CLEAN" cleanup _acme-challenge.www.example.net. "$vv"
check "-vv: cleanup exits 0 (got $rc)" [ "$rc" -eq 0 ]

lab_stop "$T/lab"
finish
