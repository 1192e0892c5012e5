#!/bin/sh
# SPDX-License-Identifier: ISC
# GSS-TSIG (RFC 3645) against BIND and MIT Kerberos: the lab of
# tests/lab/krb5.sh (KDC for KRB.LAB on 127.0.0.60, ns1.krb.example.net
# 127.0.0.61 primary with tkey-gssapi-keytab, ns2.krb 127.0.0.62 its
# secondary by NOTIFY), delegated from the lab's example.net, where
# _acme-challenge.gss.example.net is a CNAME into krb.example.net.
#
# First the lab itself, with BIND's own client (nsupdate -g): acme@KRB.LAB
# may add and delete TXT at _acme-challenge.krb.example.net and nowhere
# else, other@KRB.LAB nothing, an expired ticket gets no context.
#
# Then the hooks with `algorithm = gss-tsig`: acme-auth and acme-clean for
# the two values of gss.example.net and *.gss.example.net (one name behind
# the CNAME), served by ns1 and ns2 when acme-auth returns and gone after
# acme-clean; the Windows name of the algorithm; no server lines (the
# SOA's MNAME); the KDC over TCP only; --check (principal, ticket
# lifetime, context accepted, serial untouched); each way the credentials
# can be wrong: a principal named refuses (4), no credentials, an expired
# ticket, a realm the KDC does not know, a service with no principal (6,
# one line each, nothing published), a keytab others can read (2); the
# sandbox in force; certbot getting both names from Pebble; the KDC
# down (6, advice about the KDC).

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lab/servers.sh"
. "$ACME_SRC/tests/lab/krb5.sh"
. "$ACME_SRC/tests/lab/pebble.sh"
. "$ACME_SRC/tests/lib/check.sh"

L=$T/lab
K=$T/krb5
NAME=_acme-challenge.$KRB5_LAB_ZONE

trap 'pebble_stop "$T/pebble"; krb5_lab_stop "$K"; lab_stop "$L"' EXIT
trap 'exit 1' INT TERM

need krb5kdc krb5-kdc || exit 1
need kadmin.local krb5-admin-server || exit 1
need kinit krb5-user || exit 1
krb5_lab_extra "$L" || exit 1
lab_start "$L" || { lab_logs "$L"; exit 1; }
krb5_lab_start "$K" || exit 1
echo "# lab ready in $LAB_START_MS ms, Kerberos world in" \
    "$KRB5_LAB_START_MS ms"

# nsup PRINCIPAL COMMANDS: kinit PRINCIPAL from its keytab, then
# nsupdate -g with COMMANDS; status in $rc, output in $T/err, times of
# both in $kinit_ms and $ms.
nsup() {
	_t0=$(lab_now_ms)
	krb5_lab_kinit "$K" "$1" >"$T/err" 2>&1 || {
		rc=99
		return
	}
	_t1=$(lab_now_ms)
	kinit_ms=$((_t1 - _t0))
	printf '%s\n' "$2" | krb5_lab_nsupdate >"$T/err" 2>&1
	rc=$?
	ms=$(($(lab_now_ms) - _t1))
}

# named_logged TEXT: ns1's log has a line containing TEXT.
named_logged() {
	grep -qF -- "$1" "$K/ns1/named.log" || {
		echo "# ns1's log lacks: $1"
		return 1
	}
}

# resolves NAME VALUE: the lab's resolver answers VALUE among NAME's TXT.
resolves() {
	lab_resolve "$1" TXT | grep -qxF -- "\"$2\"" || {
		echo "# the resolver does not answer \"$2\" at $1"
		return 1
	}
}

# 1: acme@KRB.LAB adds a TXT where it is granted: on ns1, on ns2 by
# NOTIFY (its refresh is an hour), through the lab's resolver behind the
# CNAME.
v=$(value)
nsup "acme@$KRB5_LAB_REALM" "update add $NAME 60 TXT $v"
echo "# time: kinit -k $kinit_ms ms, nsupdate -g (TKEY + UPDATE) $ms ms"
check "nsupdate -g as acme: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "ns1 serves the value" served "$NAME" "$v" "$KRB5_LAB_NS1"
check "ns2 serves it within 2 s (NOTIFY)" \
    lab_wait_value "$NAME" TXT "$KRB5_LAB_NS2" "\"$v\"" 2
check "the resolver finds it behind _acme-challenge.gss.example.net" \
    resolves _acme-challenge.gss.example.net "$v"
check "named logged the signer as $KRB5_LAB_IDENTITY" named_logged \
    "/key $KRB5_LAB_IDENTITY: updating zone '$KRB5_LAB_ZONE/IN': adding an RR at '$NAME' TXT \"$v\""
check "the KDC issued acme a ticket for $KRB5_LAB_SERVICE" \
    grep -q "ISSUE: .* acme@$KRB5_LAB_REALM for $KRB5_LAB_SERVICE\$" \
    "$K/kdc.log"
nsup "acme@$KRB5_LAB_REALM" "update delete $NAME TXT"
check "acme deletes it: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "ns1 no longer serves it" no_txt "$NAME" "$KRB5_LAB_NS1"
check "ns2 neither, within 2 s" no_txt "$NAME" "$KRB5_LAB_NS2" 2000

# 2: acme is granted that one name only.
nsup "acme@$KRB5_LAB_REALM" "update add x.$KRB5_LAB_ZONE 60 TXT $v"
check "acme at another name: refused (exit $rc)" \
    grep -q 'update failed: REFUSED' "$T/err"
check "acme at another name: nothing published" \
    no_txt "x.$KRB5_LAB_ZONE" "$KRB5_LAB_NS1"

# 3: other@KRB.LAB has a ticket, a context, and no grant.
nsup "other@$KRB5_LAB_REALM" "update add $NAME 60 TXT $v"
check "other: refused (exit $rc)" grep -q 'update failed: REFUSED' "$T/err"
check "other: nothing published" no_txt "$NAME" "$KRB5_LAB_NS1"
check "other: named logged the refusal" named_logged \
    "/key other\\@$KRB5_LAB_REALM: updating zone '$KRB5_LAB_ZONE/IN': update failed: rejected by secure update (REFUSED)"

# 4: a ticket that expired: no context (the Kerberos library says so
# before any TKEY is sent).
krb5_lab_kinit "$K" "acme@$KRB5_LAB_REALM" -l 1s >/dev/null 2>&1
sleep 2
printf 'update add %s 60 TXT %s\n' "$NAME" "$v" | krb5_lab_nsupdate \
    >"$T/err" 2>&1
rc=$?
check "expired ticket: nsupdate fails (exit $rc)" [ "$rc" -ne 0 ]
check "expired ticket: 'Ticket expired'" grep -q 'Ticket expired' "$T/err"
show "$T/err"
check "expired ticket: nothing published" no_txt "$NAME" "$KRB5_LAB_NS1"

# ---- the hooks ----------------------------------------------------------

DOM=gss.example.net
export ACME_HOOKS_STATE_DIR="$T/state"

# gss_ini FILE [KEY_LINES [ZONE_LINES]]: the hooks' configuration for the
# GSS-TSIG zone, mode 600; the key's lines default to acme@KRB.LAB's
# principal and keytab, the zone's to ns1 by address and name.
gss_ini() {
	(umask 077 && cat >"$1" <<EOF
[options]
resolver = $LAB_RESOLVER
timeout = 30
ttl = 2

[key "acme"]
algorithm = gss-tsig
${2-principal = acme@$KRB5_LAB_REALM
keytab = $KRB5_LAB_KEYTAB_ACME}

[zone "$KRB5_LAB_ZONE"]
key = acme
${3-server = $KRB5_LAB_NS1
server_name = $KRB5_LAB_PRIMARY}
EOF
	)
}

# refused_cleanly CASE STATUS: the last hook run exited STATUS with one
# line on stderr, and neither server has a TXT at $NAME.
refused_cleanly() {
	check "$1: exit $2 (got $rc)" [ "$rc" -eq "$2" ]
	check "$1: one line on stderr" one_line
	check "$1: one error line" one_error
	check "$1: nothing published on ns1" no_txt "$NAME" "$KRB5_LAB_NS1"
	check "$1: nothing published on ns2" no_txt "$NAME" "$KRB5_LAB_NS2"
	show "$T/err"
}

# sandboxed: the last run (-v) says it locked itself in, or that the
# kernel lacks part of it; under valgrind (ACME_WRAP) that it is off.
sandboxed() {
	if [ -n "${ACME_WRAP:-}" ]; then
		err_has "sandbox: Landlock and seccomp are off under valgrind"
	else
		grep -q -e 'sandbox: in force' \
		    -e 'sandbox: not every protection' "$T/err"
	fi
}

unset KRB5CCNAME
gss_ini "$T/gss.ini"

# 5: apex and wildcard values through the CNAME, the sandbox in force.
va=$(value)
vb=$(value)
hook "$AUTH -v" "$T/gss.ini" "$DOM" "$va"
check "auth (apex): exit 0 (got $rc) in $ms ms" [ "$rc" -eq 0 ]
echo "# time: acme-auth with GSS-TSIG (credentials, TKEY, UPDATE, wait" \
    "for ns1 and ns2): $ms ms"
check "auth (apex): no error line" no_error
check "auth (apex): ns1 and ns2 serve the value at return" \
    served "$NAME" "$va" "$KRB5_LAB_NS1" "$KRB5_LAB_NS2"
check "auth (apex): named logged the update signed by $KRB5_LAB_IDENTITY" \
    named_logged "/key $KRB5_LAB_IDENTITY: updating zone '$KRB5_LAB_ZONE/IN': adding an RR at '$NAME' TXT \"$va\""
check "auth (apex): the sandbox is in force (-v)" sandboxed
check "auth (apex): the CNAME led into the GSS zone (-v)" err_has \
    "_acme-challenge.$DOM. -> $NAME. (1 CNAME), zone $KRB5_LAB_ZONE."
check "auth (apex): TKEY over TCP to ns1 (-v)" err_has \
    "for zone $KRB5_LAB_ZONE. to $KRB5_LAB_NS1 over TCP"
check "auth (apex): ns1 accepted acme's context (-v)" err_has \
    "Kerberos: $KRB5_LAB_NS1 accepted the security context of acme@$KRB5_LAB_REALM for zone $KRB5_LAB_ZONE."
show "$T/err"
# A second context within named's hour for the first key: the hooks'
# key name must differ (named answers BADNAME to a name it holds).
hook "$AUTH" "$T/gss.ini" "$DOM" "$vb"
check "auth (wildcard): exit 0 (got $rc) in $ms ms" [ "$rc" -eq 0 ]
check "auth (wildcard): ns1 and ns2 still serve the first value" \
    served "$NAME" "$va" "$KRB5_LAB_NS1" "$KRB5_LAB_NS2"
check "auth (wildcard): ns1 and ns2 serve the second value" \
    served "$NAME" "$vb" "$KRB5_LAB_NS1" "$KRB5_LAB_NS2"
check "auth: the resolver answers behind the CNAME" \
    resolves "_acme-challenge.$DOM" "$vb"
hook "$CLEAN" "$T/gss.ini" "$DOM" "$va"
check "clean (apex): exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "clean (apex): the wildcard's value stays on ns1" \
    served "$NAME" "$vb" "$KRB5_LAB_NS1"
check "clean (apex): the apex value is gone from ns1" \
    gone "$NAME" "$va" "$KRB5_LAB_NS1"
hook "$CLEAN" "$T/gss.ini" "$DOM" "$vb"
check "clean (wildcard): exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "clean: no TXT left on ns1" no_txt "$NAME" "$KRB5_LAB_NS1"
check "clean: no TXT left on ns2 within 2 s" \
    no_txt "$NAME" "$KRB5_LAB_NS2" 2000

# The older Windows name of the algorithm (gss.microsoft.com), which
# named 9.18 takes as well; then no server lines at all: the primary and
# its service name come from the SOA's MNAME, found through the resolver.
(umask 077 && sed 's/^algorithm = gss-tsig$/algorithm = gss.microsoft.com/' \
    "$T/gss.ini" >"$T/ms.ini")
gss_ini "$T/mname.ini" "principal = acme@$KRB5_LAB_REALM
keytab = $KRB5_LAB_KEYTAB_ACME" ""
for f in ms mname; do
	vc=$(value)
	hook "$AUTH -v" "$T/$f.ini" "$DOM" "$vc"
	check "$f: auth exits 0 (got $rc)" [ "$rc" -eq 0 ]
	if [ "$f" = ms ]; then
		check "ms: ns1 accepted the Windows flavour" grep -q \
		    "accepted the security context of acme@$KRB5_LAB_REALM .* (Windows flavour)\$" \
		    "$T/err"
	else
		check "mname: the TKEY went to the SOA's primary, ns1" \
		    err_has "for zone $KRB5_LAB_ZONE. to $KRB5_LAB_NS1 over TCP"
	fi
	check "$f: ns1 and ns2 serve the value" \
	    served "$NAME" "$vc" "$KRB5_LAB_NS1" "$KRB5_LAB_NS2"
	hook "$CLEAN" "$T/$f.ini" "$DOM" "$vc"
	check "$f: clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
	check "$f: no TXT left on ns1" no_txt "$NAME" "$KRB5_LAB_NS1"
done

# The KDC over TCP only (udp_preference_limit = 1): port 88, which the
# sandbox's Landlock rules (TCP to port 53 only) would stop if the
# tickets were fetched after it locked.
sed 's/^\[libdefaults\]$/&\n\tudp_preference_limit = 1/' "$KRB5_CONFIG" \
    >"$T/krb5-tcp.conf"
vc=$(value)
lab_conf=$KRB5_CONFIG
KRB5_CONFIG=$T/krb5-tcp.conf
hook "$AUTH -v" "$T/gss.ini" "$DOM" "$vc"
check "KDC over TCP: auth exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "KDC over TCP: the sandbox is in force (-v)" sandboxed
hook "$CLEAN" "$T/gss.ini" "$DOM" "$vc"
KRB5_CONFIG=$lab_conf
check "KDC over TCP: clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "KDC over TCP: no TXT left on ns1" no_txt "$NAME" "$KRB5_LAB_NS1"

# 6: --check: who, for how long, and that the primary took the context;
# no update, so the serial stays.
s0=$(lab_soa_serial "$KRB5_LAB_ZONE" "$KRB5_LAB_NS1")
$AUTH -c "$T/gss.ini" --check "$KRB5_LAB_ZONE" >"$T/out" 2>"$T/err"
rc=$?
check "--check: exit 0 (got $rc)" [ "$rc" -eq 0 ]
# The KDC's max_life is 10 h; a slow run (valgrind) may see 9h59m.
check "--check: the principal and the ticket's lifetime (10 h)" \
    grep -qE "key acme \(gss-tsig\): Kerberos principal acme@$KRB5_LAB_REALM, ticket valid for (10h00m|9h5[0-9]m) more; " \
    "$T/out"
check "--check: the primary accepted the context, zone unchanged" \
    grep -q '; the primary accepted the security context ([0-9]* ms); the zone is left unchanged' \
    "$T/out"
s1=$(lab_soa_serial "$KRB5_LAB_ZONE" "$KRB5_LAB_NS1")
check "--check: serial unchanged ($s0 -> $s1)" [ "${s0:-none}" = "$s1" ]
show "$T/out"

# 7: a principal with a context and no grant: the primary refuses.
gss_ini "$T/other.ini" "principal = other@$KRB5_LAB_REALM
keytab = $KRB5_LAB_KEYTAB_OTHER"
hook "$AUTH" "$T/other.ini" "$DOM" "$(value)"
refused_cleanly "ungranted other@$KRB5_LAB_REALM" 4
check "ungranted: the line names the refusal and the principal" err_has \
    "$KRB5_LAB_NS1 REFUSED the add of $NAME. TXT in zone $KRB5_LAB_ZONE. by Kerberos principal other@$KRB5_LAB_REALM (key acme)"
check "ungranted: and the grant to add" err_has \
    "update-policy { grant other@$KRB5_LAB_REALM name $NAME. TXT; }"
check "ungranted: named refused other" named_logged \
    "/key other\\@$KRB5_LAB_REALM: updating zone '$KRB5_LAB_ZONE/IN': update failed: rejected by secure update (REFUSED)"

# 8: no credentials: no keytab, an empty file as the ticket cache.
: >"$T/empty.ccache"
gss_ini "$T/nocred.ini" "principal = acme@$KRB5_LAB_REALM"
KRB5CCNAME=FILE:$T/empty.ccache
export KRB5CCNAME
hook "$AUTH" "$T/nocred.ini" "$DOM" "$(value)"
refused_cleanly "no credentials" 6
check "no credentials: the line says so" err_has \
    "Kerberos: no Kerberos credentials for acme@$KRB5_LAB_REALM (credential cache FILE:$T/empty.ccache)"

# 9: a ticket cache whose ticket expired.
KRB5CCNAME=FILE:$T/expired.ccache
kinit -l 1s -k -t "$KRB5_LAB_KEYTAB_ACME" "acme@$KRB5_LAB_REALM" \
    >/dev/null 2>&1
sleep 2
hook "$AUTH" "$T/nocred.ini" "$DOM" "$(value)"
refused_cleanly "expired ticket" 6
check "expired ticket: the line says so" err_has \
    "cannot get a ticket for the service DNS/$KRB5_LAB_PRIMARY: Ticket expired"
unset KRB5CCNAME

# 10: a realm the KDC does not know.
gss_ini "$T/realm.ini" "principal = acme@NOSUCH.REALM
keytab = $KRB5_LAB_KEYTAB_ACME"
hook "$AUTH" "$T/realm.ini" "$DOM" "$(value)"
refused_cleanly "wrong realm" 6
check "wrong realm: the line says so" err_has \
    "no Kerberos credentials for acme@NOSUCH.REALM (keytab $KRB5_LAB_KEYTAB_ACME)"

# 11: a service name with no DNS/ principal in the realm.
gss_ini "$T/service.ini" "principal = acme@$KRB5_LAB_REALM
keytab = $KRB5_LAB_KEYTAB_ACME" "server = $KRB5_LAB_NS1
server_name = ns3.$KRB5_LAB_ZONE"
hook "$AUTH" "$T/service.ini" "$DOM" "$(value)"
refused_cleanly "service with no principal" 6
check "wrong service: the line names the missing service" err_has \
    "Server DNS/ns3.$KRB5_LAB_ZONE@$KRB5_LAB_REALM not found in Kerberos database"

# 12: a keytab others may read is refused before any packet.
cp "$KRB5_LAB_KEYTAB_ACME" "$T/open.keytab" && chmod 644 "$T/open.keytab"
gss_ini "$T/open.ini" "principal = acme@$KRB5_LAB_REALM
keytab = $T/open.keytab"
n0=$(grep -c 'TGS_REQ\|AS_REQ' "$K/kdc.log")
hook "$AUTH" "$T/open.ini" "$DOM" "$(value)"
refused_cleanly "keytab mode 644" 2
check "keytab mode 644: the line says why" err_has \
    "lets others read the Kerberos keys"
check "keytab mode 644: no request reached the KDC" \
    [ "$(grep -c 'TGS_REQ\|AS_REQ' "$K/kdc.log")" -eq "$n0" ]

# 13: certbot gets gss.example.net and *.gss.example.net from Pebble,
# both challenges answered through the GSS-TSIG zone.
if need certbot certbot && need openssl openssl &&
    pebble_start "$T/pebble"; then
	cb=$T/certbot
	mkdir -p "$cb/config" "$cb/work" "$cb/logs"
	t0=$(lab_now_ms)
	REQUESTS_CA_BUNDLE=$PEBBLE_CA certbot certonly \
	    --non-interactive --agree-tos --register-unsafely-without-email \
	    --server "$PEBBLE_URL" \
	    --config-dir "$cb/config" --work-dir "$cb/work" \
	    --logs-dir "$cb/logs" --manual --preferred-challenges dns \
	    --manual-auth-hook \
	    "${ACME_WRAP:-} $ACME_BUILD/acme-auth -c $T/gss.ini" \
	    --manual-cleanup-hook \
	    "${ACME_WRAP:-} $ACME_BUILD/acme-clean -c $T/gss.ini" \
	    --cert-name gss -d "$DOM" -d "*.$DOM" >"$T/certbot.out" 2>&1
	rc=$?
	echo "# certbot took $(($(lab_now_ms) - t0)) ms"
	check "certbot: exit 0 (got $rc)" [ "$rc" -eq 0 ]
	[ "$rc" -eq 0 ] || tail -n 40 "$cb/logs/letsencrypt.log" |
	    sed 's/^/#   /'
	san=$(openssl x509 -in "$cb/config/live/gss/cert.pem" -noout \
	    -ext subjectAltName 2>&1 | sed -n '2,$p' | tr ',' '\n' |
	    sed 's/^[[:space:]]*//; /^$/d' | sort | tr '\n' ' ')
	check "certbot: certificate names DNS:*.$DOM DNS:$DOM (got $san)" \
	    [ "$san" = "DNS:*.$DOM DNS:$DOM " ]
	check "certbot: no TXT left on ns1" no_txt "$NAME" "$KRB5_LAB_NS1"
	check "certbot: no TXT left on ns2 within 2 s" \
	    no_txt "$NAME" "$KRB5_LAB_NS2" 2000
else
	not_ok "Pebble starts"
fi

# 14: the KDC down (stopped: the KDC is the only server.pid under $K):
# from a keytab, no ticket; the advice must be about the KDC, not about
# the keytab's keys.
srv_stop "$K"
hook "$AUTH" "$T/gss.ini" "$DOM" "$(value)"
refused_cleanly "KDC down" 6
check "KDC down: the line says no KDC answered" \
    err_has "Cannot contact any KDC for realm '$KRB5_LAB_REALM'"
check "KDC down: the advice is about reaching the KDC" \
    err_has "lists a reachable KDC"

finish
