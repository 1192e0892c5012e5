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

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lab/servers.sh"
. "$ACME_SRC/tests/lab/krb5.sh"
. "$ACME_SRC/tests/lib/check.sh"

L=$T/lab
K=$T/krb5
NAME=_acme-challenge.$KRB5_LAB_ZONE

trap 'krb5_lab_stop "$K"; lab_stop "$L"' EXIT
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

finish
