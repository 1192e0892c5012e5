#!/bin/sh
# SPDX-License-Identifier: ISC
# GSS-TSIG (RFC 3645) against a Samba AD DC (tests/lab/samba.sh): the DC
# in a namespace of its own behind a veth pair, its internal DNS server
# taking only Kerberos-signed updates of its AD zone samba.lab.
# First the lab itself, with the reference client (nsupdate -g): acme
# adds and deletes a TXT at a name granted to it; other, an ordinary
# domain user, is denied that name before and after; an ACE is what lets
# acme in (a name made by Administrator without one denies acme too).

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lab/servers.sh"
. "$ACME_SRC/tests/lab/samba.sh"
. "$ACME_SRC/tests/lib/check.sh"

S=$T/samba

trap 'samba_lab_stop "$S"' EXIT
trap 'exit 1' INT TERM

for c in samba samba-tool kinit klist nsupdate; do
	need "$c" "samba samba-dsdb-modules samba-vfs-modules krb5-user" ||
	    exit 1
done
echo "# $(samba -V)"

samba_lab_start "$S" || exit 1
echo "# provision: $SAMBA_LAB_PROVISION_MS ms; samba start until DNS" \
    "and KDC answer: $SAMBA_LAB_START_MS ms"
KRB5_CONFIG=$SAMBA_LAB_KRB5
export KRB5_CONFIG
Z=$SAMBA_LAB_ZONE
DC=$SAMBA_LAB_ADDR

# ---- the lab ----------------------------------------------------------

check "lab: the DC serves $Z SOA with AA" lab__soa_ok "$DC" "$Z"
check "lab: $SAMBA_LAB_HOST has A $DC" \
    [ "$(lab_dig "$SAMBA_LAB_HOST" A "$DC")" = "$DC" ]
check "lab: the DC is not in this namespace (its own, behind the veth)" \
    [ "$(readlink /proc/self/ns/net)" != \
    "$(samba_lab_ns "$S" readlink /proc/self/ns/net)" ]
for u in acme other; do
	check "lab: $u.keytab is mode 600" \
	    [ "$(stat -c %a "$S/$u.keytab")" = 600 ]
done

# nsup USER NAME: nsupdate -g as USER with the commands on stdin; output
# in $T/nsup, status in $rc, duration in $ms.
nsup() {
	_t0=$(lab_now_ms)
	samba_lab_nsupdate "$S" "$1" >"$T/nsup" 2>&1
	rc=$?
	ms=$(($(lab_now_ms) - _t0))
	sed "s/^/#   $1: /" "$T/nsup"
	echo "# $1: nsupdate exit $rc in $ms ms (kinit included)"
}

N=_acme-challenge.$Z
G=_acme-challenge.nogrant.$Z
# other first: a name no one has written to since Administrator made it.
nsup other <<EOF
update add $N 60 TXT "lab-other-1"
EOF
check "nsupdate -g as other at $N (granted to acme): not applied" \
    srv_no_txt "$N" 1 "$DC"
check "nsupdate -g as other: answered, not timed out (got exit $rc)" \
    grep -q 'update failed: [A-Z]' "$T/nsup"
echo "# other's rcode: $(sed -n 's/^update failed: //p' "$T/nsup")"

nsup acme <<EOF
update add $N 60 TXT "lab-acme-1"
EOF
check "nsupdate -g as acme: the TXT is served" \
    lab_wait_value "$N" TXT "$DC" '"lab-acme-1"' 2
check "acme's ticket cache holds $SAMBA_LAB_SPN" \
    klist -c "$S/acme.ccache" | grep -qF "$SAMBA_LAB_SPN"
# Samba 4.17 signs its answers with a MIC nsupdate does not verify; the
# update is applied all the same.
if grep -qF 'tsig verify failure' "$T/nsup"; then
	echo "# quirk seen: nsupdate says 'tsig verify failure' (exit $rc)" \
	    "although the DC applied the update"
fi

# The ACE is what decides: at a name Administrator made for other, other
# may write and acme may not.
samba_lab_grant "$S" "${G%."$Z"}" other || exit 1
nsup acme <<EOF
update add $G 60 TXT "lab-acme-2"
EOF
check "nsupdate -g as acme at $G (granted to other): not applied" \
    srv_no_txt "$G" 1 "$DC"
nsup other <<EOF
update add $G 60 TXT "lab-other-2"
EOF
check "nsupdate -g as other at $G: the TXT is served" \
    lab_wait_value "$G" TXT "$DC" '"lab-other-2"' 2

# The same exchanges seen on the wire (tests/lab/gss_probe.py, Samba's
# own GSS-API bindings): which digest layout the DC's MACs use.
probe() {
	KRB5CCNAME=FILE:$S/$1.ccache /usr/bin/python3 \
	    "$ACME_SRC/tests/lab/gss_probe.py" $2 "$DC" "$SAMBA_LAB_HOST" "$Z" \
	    "$N" "$3" >"$T/probe" 2>"$T/probe.err"
	rc=$?
	sed "s/^/#   probe $1${2:+ $2}: /" "$T/probe"
}
probe acme "" lab-probe-1
check "probe as acme: TKEY NOERROR over TCP, context complete" \
    has_line "tkey: NOERROR, token 186 octets, over tcp, context complete" \
    "$T/probe"
check "probe as acme: the TKEY answer's MAC verifies (RFC 8945 layout)" \
    has_line "tkey-mac: rfc" "$T/probe"
check "probe as acme: UPDATE answered NOERROR" \
    has_line "update: NOERROR" "$T/probe"
check "probe as acme: the UPDATE answer's MAC verifies in one layout" \
    grep -qx 'update-mac: \(rfc\|no-length\)' "$T/probe"
check "probe as acme: the TXT is served" \
    lab_wait_value "$N" TXT "$DC" '"lab-probe-1"' 2
probe acme --udp lab-probe-2
check "probe as acme: TKEY over UDP works too" \
    grep -q '^tkey: NOERROR, .* over udp, context complete$' "$T/probe"
probe other "" lab-probe-3
check "probe as other: UPDATE answered, SERVFAIL" \
    has_line "update: SERVFAIL" "$T/probe"
check "probe as other: the answer's MAC verifies in one layout" \
    grep -qx 'update-mac: \(rfc\|no-length\)' "$T/probe"
check "probe as other: not applied" \
    [ -z "$(lab_dig "$N" TXT "$DC" | grep -F lab-probe-3)" ]
nsup acme <<EOF
update delete $N TXT "lab-probe-1"
update delete $N TXT "lab-probe-2"
EOF
check "nsupdate -g as acme: the probe's TXT records are deleted" \
    [ -z "$(lab_dig "$N" TXT "$DC" | grep -F lab-probe)" ]

nsup acme <<EOF
update delete $N TXT "lab-acme-1"
EOF
check "nsupdate -g as acme: the TXT is deleted" srv_no_txt "$N" 2 "$DC"
nsup other <<EOF
update add $N 60 TXT "lab-other-3"
EOF
check "other is still denied once the name holds no record" \
    srv_no_txt "$N" 1 "$DC"

finish
