#!/bin/sh
# SPDX-License-Identifier: ISC
# GSS-TSIG (RFC 3645) against a Samba AD DC (tests/lab/samba.sh): the DC
# in a namespace of its own behind a veth pair, its internal DNS server
# taking only Kerberos-signed updates of its AD zone samba.lab.
# First the lab itself, with the reference client (nsupdate -g): acme
# adds and deletes a TXT at a name granted to it; other, an ordinary
# domain user, is denied that name before and after; an ACE is what lets
# acme in (a name made by Administrator without one denies acme too).
# Then the hooks with algorithm = gss-tsig, through a BIND resolver the
# DC's zone is delegated to: two values published and removed, other's
# account refused (exit 4), no credentials (exit 6), --check, the DC
# itself as resolver, and certbot getting samba.lab and *.samba.lab from
# Pebble, which validates through the DC.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lab/servers.sh"
. "$ACME_SRC/tests/lab/samba.sh"
. "$ACME_SRC/tests/lab/pebble.sh"
. "$ACME_SRC/tests/lib/check.sh"

S=$T/samba

trap 'pebble_stop "$T/pebble"; samba_lab_stop "$S"' EXIT
trap 'exit 1' INT TERM

for c in samba samba-tool kinit klist nsupdate; do
	need "$c" "samba samba-dsdb-modules samba-vfs-modules krb5-user" ||
	    exit 1
done
echo "# $(samba -V)"

samba_lab_start "$S"
case $? in
0)	;;
2)	echo "# SKIP: the Samba DC needs real root (tests/run.sh as root)"
	exit 0 ;;
*)	exit 1 ;;
esac
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
	# shellcheck disable=SC2086  # $2: options, one word each
	KRB5CCNAME=FILE:$S/$1.ccache /usr/bin/python3 -B \
	    "$ACME_SRC/tests/lab/gss_probe.py" $2 "$DC" "$SAMBA_LAB_HOST" "$Z" \
	    "$N" "$3" >"$T/probe" 2>"$T/probe.err"
	rc=$?
	sed "s/^/#   probe $1${2:+ $2}: /" "$T/probe"
}
# Samba 4.17 (Debian 12) signs over its older digest layout and answers
# a denied update with SERVFAIL and our own TSIG; 4.22 (Debian 13) signs
# as RFC 8945 says and answers REFUSED, signed.  Both seen here.
samba_minor=$(samba -V | sed -n 's/^Version 4\.\([0-9]*\)\..*/\1/p')
samba_legacy=0
[ "${samba_minor:-99}" -le 17 ] && samba_legacy=1
echo "# Samba 4.${samba_minor:-?}: older layout and SERVFAIL expected: $samba_legacy"
if [ "$samba_legacy" = 1 ]; then denied=SERVFAIL; else denied=REFUSED; fi
probe acme "" lab-probe-1
check "probe as acme: TKEY NOERROR over TCP, context complete" \
    grep -qx 'tkey: NOERROR, token [0-9]* octets, over tcp, context complete' \
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
check "probe as other: UPDATE answered, $denied" \
    has_line "update: $denied" "$T/probe"
check "probe as other: the answer's TSIG is seen (verified or echoed)" \
    grep -qx 'update-mac: \(rfc\|no-length\|echo\)' "$T/probe"
check "probe as other: not applied" \
    [ -z "$(lab_dig "$N" TXT "$DC" | grep -F lab-probe-3)" ]
# What the DC makes of variations a client might send, for the record
# (tests/lab/README.md); only printed: another Samba may differ.
for o in "--key single" "--alg gss.microsoft.com" "--in-answer" \
    "--skew 400" "--other-key"; do
	probe acme "$o" lab-probe-x
done
check "probe: the DC still answers SOA" lab__soa_ok "$DC" "$Z"
nsup acme <<EOF
update delete $N TXT "lab-probe-1"
update delete $N TXT "lab-probe-2"
update delete $N TXT "lab-probe-x"
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


# ---- the hooks --------------------------------------------------------

# The hooks' resolver: a BIND resolver whose root delegates samba.lab to
# the DC (as a site's resolver would); the DC itself as resolver is case 5.
samba_lab_resolver "$S" || exit 1
R=$SAMBA_LAB_RESOLVER
INI=$T/acme.ini
samba_lab_ini "$S" "$INI" acme "$R"
"$ACME_BUILD/acme-auth" -c "$INI" --check-config >"$T/out" 2>"$T/err"
rc=$?
show "$T/out"
check "--check-config accepts the gss-tsig key (got $rc)" [ "$rc" -eq 0 ]
check "--check-config names the principal" \
    grep -qF "acme@$SAMBA_LAB_REALM" "$T/out"
# Before the hooks run: nothing at the challenge name.
check "hooks: nothing at $N before" no_txt "$N" "$DC"

# 1. Two values (apex and wildcard share the name), each published and
# served by the DC when acme-auth returns, then removed by acme-clean.
v1=$(value)
v2=$(value)
hook "$AUTH -v" "$INI" "$Z" "$v1"
show "$T/err"
echo "# acme-auth (first value): exit $rc in $ms ms"
check "acme-auth first value: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "acme-auth first value: the DC serves it on return" \
    served "$N" "$v1" "$DC"
check "acme-auth -v: the DC accepted acme's context in one round trip" \
    err_has "Kerberos: $DC accepted the security context of acme@$SAMBA_LAB_REALM for zone $Z. after 1 round trip"
if [ "$samba_legacy" = 1 ]; then
	check "acme-auth -v: says the answer used Samba's older digest layout" \
	    err_has "$DC signed its answer over Samba's older digest layout"
else
	check "acme-auth -v: no older digest layout from this Samba" \
	    err_lacks "older digest layout"
fi
check "acme-auth -v: the answer verified" \
    err_has "accepted (signed answer verified)"
cp "$T/err" "$T/auth1.err"
hook "$AUTH -v" "$INI" "$Z" "$v2"
show "$T/err"
echo "# acme-auth (second value): exit $rc in $ms ms"
check "acme-auth second value: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "acme-auth second value: the DC serves both" \
    served "$N" "$v2" "$DC"
check "acme-auth second value: the first is still there" \
    served "$N" "$v1" "$DC"
hook "$CLEAN -v" "$INI" "$Z" "$v1"
show "$T/err"
check "acme-clean first value: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "acme-clean first value: gone, the second stays" gone "$N" "$v1" "$DC"
check "acme-clean first value: the second stays" served "$N" "$v2" "$DC"
hook "$CLEAN" "$INI" "$Z" "$v2"
check "acme-clean second value: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "acme-clean second value: nothing left at $N" no_txt "$N" "$DC"

# 1b. No server lines: the primary and the Kerberos service come from the
# SOA's MNAME (dc1.samba.lab), as nsupdate -g takes them.
MINI=$T/mname.ini
sed '/^server = /d; /^server_name = /d' "$INI" >"$MINI"
chmod 600 "$MINI"
v=$(value)
hook "$AUTH -v" "$MINI" "$Z" "$v"
show "$T/err"
check "no server lines: acme-auth exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "no server lines: the context is made with $SAMBA_LAB_HOST" \
    err_has ".sig-$SAMBA_LAB_HOST., token"
check "no server lines: the TKEY goes to $DC over TCP" \
    err_has "for zone $Z. to $DC over TCP"
check "no server lines: the DC serves the value" served "$N" "$v" "$DC"
hook "$CLEAN" "$MINI" "$Z" "$v"
check "no server lines: acme-clean exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "no server lines: nothing left" no_txt "$N" "$DC"

# 2. other's account: the DC denies the update: SERVFAIL, its answer
# carrying our own TSIG record back unchanged (Samba 4.17), not signed.
OINI=$T/other.ini
samba_lab_ini "$S" "$OINI" other "$R"
v=$(value)
hook "$AUTH" "$OINI" "$Z" "$v"
show "$T/err"
check "other's account: exit 4 (got $rc)" [ "$rc" -eq 4 ]
check "other's account: one line" one_line
if [ "$samba_legacy" = 1 ]; then
	check "other's account: the line names the SERVFAIL, the name, the principal" \
	    err_has "$DC answered SERVFAIL to the add of $N. in zone $Z. by Kerberos principal other@$SAMBA_LAB_REALM"
else
	check "other's account: the line names the REFUSED, the name, the principal" \
	    err_has "$DC REFUSED the add of $N. TXT in zone $Z. by Kerberos principal other@$SAMBA_LAB_REALM"
fi
check "other's account: nothing published" no_txt "$N" "$DC"

# 3. No credentials: acme's principal with other's keytab.
NINI=$T/nokey.ini
sed "s|^keytab = .*|keytab = $S/other.keytab|" "$INI" >"$NINI"
chmod 600 "$NINI"
hook "$AUTH" "$NINI" "$Z" "$(value)"
show "$T/err"
check "no key for the principal in the keytab: exit 6 (got $rc)" \
    [ "$rc" -eq 6 ]
check "no key for the principal: one line" one_line
check "no key for the principal: says so, naming the principal" \
    err_has "no Kerberos credentials for acme@$SAMBA_LAB_REALM"
check "no key for the principal: nothing published" no_txt "$N" "$DC"

# 3b. No ticket: no keytab configured and an empty credential cache.
CINI=$T/ccache.ini
sed '/^keytab = /d' "$INI" >"$CINI"
chmod 600 "$CINI"
# (Assignments before a function call may outlive it in some shells.)
KRB5CCNAME=FILE:$T/none.ccache
export KRB5CCNAME
hook "$AUTH" "$CINI" "$Z" "$(value)"
show "$T/err"
check "no ticket in the cache: exit 6 (got $rc)" [ "$rc" -eq 6 ]
check "no ticket in the cache: one line naming the cache" \
    err_has "no Kerberos credentials for acme@$SAMBA_LAB_REALM (credential cache FILE:$T/none.ccache)"
# With a ticket there (kinit), the same config works.
samba_lab_kinit "$S" acme "$T/acme.ccache" || exit 1
v=$(value)
KRB5CCNAME=FILE:$T/acme.ccache
hook "$AUTH" "$CINI" "$Z" "$v"
check "a ticket from kinit, no keytab: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "a ticket from kinit: the DC serves the value" served "$N" "$v" "$DC"
hook "$CLEAN" "$CINI" "$Z" "$v"
unset KRB5CCNAME
check "a ticket from kinit: acme-clean exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "a ticket from kinit: nothing left" no_txt "$N" "$DC"

# 3c. server_name naming no service the KDC knows.
SINI=$T/server-name.ini
sed "s/^server_name = .*/server_name = dc9.$Z/" "$INI" >"$SINI"
chmod 600 "$SINI"
hook "$AUTH" "$SINI" "$Z" "$(value)"
show "$T/err"
check "server_name unknown to the KDC: exit 6 (got $rc)" [ "$rc" -eq 6 ]
check "server_name unknown to the KDC: one line naming DNS/dc9.$Z" \
    err_has "cannot get a ticket for the service DNS/dc9.$Z"

# 3d. The KDC does not answer: krb5.conf names an address on the link
# where nothing listens (MIT gives up after about 18 s).
sed "s/kdc = $DC/kdc = 10.53.0.9/" "$SAMBA_LAB_KRB5" >"$T/nokdc.conf"
KRB5_CONFIG=$T/nokdc.conf
hook "$AUTH" "$INI" "$Z" "$(value)"
KRB5_CONFIG=$SAMBA_LAB_KRB5
show "$T/err"
echo "# KDC silent: acme-auth returned in $ms ms"
check "KDC silent: exit 6 (got $rc)" [ "$rc" -eq 6 ]
check "KDC silent: one line" one_line
check "KDC silent: says no KDC could be reached" \
    err_has "Cannot contact any KDC for realm '$SAMBA_LAB_REALM'"
check "KDC silent: no hint that the keytab lacks the key" \
    err_lacks "the keytab holds no key"
check "KDC silent: the advice names krb5.conf's KDC" \
    err_has "that krb5.conf (KRB5_CONFIG) lists a reachable KDC for it"
check "KDC silent: nothing published" no_txt "$N" "$DC"

# 4. --check: the principal, the ticket, the context, and the zone as it
# was.
serial0=$(lab_soa_serial "$Z" "$DC")
"$ACME_BUILD/acme-auth" -c "$INI" --check "$Z" >"$T/out" 2>"$T/err"
rc=$?
show "$T/out"
show "$T/err"
check "--check: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "--check: the principal and its ticket's lifetime" \
    grep -qF "Kerberos principal acme@$SAMBA_LAB_REALM, ticket valid for" \
    "$T/out"
check "--check: the primary accepted the context" \
    grep -qF "the primary accepted the security context" "$T/out"
check "--check: says the zone is left unchanged" \
    grep -qF "the zone is left unchanged" "$T/out"
check "--check: nothing left at $N" no_txt "$N" "$DC"
check "--check: the zone's serial is unchanged ($serial0)" \
    [ "$(lab_soa_serial "$Z" "$DC")" = "$serial0" ]

# 5. The DC as the hooks' resolver: it answers FORMERR for the root name
# and NXDOMAIN without aa above its zone, so the hooks cannot read the
# zone's delegation and say so once.
DINI=$T/dc-resolver.ini
samba_lab_ini "$S" "$DINI" acme
v=$(value)
hook "$AUTH" "$DINI" "$Z" "$v"
show "$T/err"
check "resolver = the DC: acme-auth exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "resolver = the DC: the DC serves the value" served "$N" "$v" "$DC"
check "resolver = the DC: no error line" no_error
check "resolver = the DC: one warning: no delegation read from the parent" \
    err_has "warning: could not read the delegation of $Z. from its parent; polling the zone's own NS set only"
hook "$CLEAN" "$DINI" "$Z" "$v"
check "resolver = the DC: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "resolver = the DC: nothing left at $N" no_txt "$N" "$DC"

# 6. certbot, apex and wildcard, from Pebble validating through the DC.
if command -v certbot >/dev/null 2>&1 && command -v pebble >/dev/null 2>&1
then
	_r=$LAB_RESOLVER
	LAB_RESOLVER=$DC
	pebble_start "$T/pebble" || exit 1
	LAB_RESOLVER=$_r
	cb=$T/certbot
	mkdir -p "$cb/config" "$cb/work" "$cb/logs" || exit 1
	t0=$(lab_now_ms)
	REQUESTS_CA_BUNDLE=$PEBBLE_CA certbot certonly \
	    --non-interactive --agree-tos --register-unsafely-without-email \
	    --server "$PEBBLE_URL" \
	    --config-dir "$cb/config" --work-dir "$cb/work" \
	    --logs-dir "$cb/logs" \
	    --manual --preferred-challenges dns \
	    --manual-auth-hook "$AUTH -c $INI" \
	    --manual-cleanup-hook "$CLEAN -c $INI" \
	    --cert-name gss -d "$Z" -d "*.$Z" >"$T/certbot.out" 2>&1
	rc=$?
	echo "# certbot took $(($(lab_now_ms) - t0)) ms"
	show "$T/certbot.out"
	check "certbot: exit 0 (got $rc)" [ "$rc" -eq 0 ]
	[ "$rc" -eq 0 ] ||
	    tail -n 40 "$cb/logs/letsencrypt.log" | sed 's/^/#   /'
	san=$(openssl x509 -in "$cb/config/live/gss/cert.pem" -noout \
	    -ext subjectAltName 2>&1 | sed -n '2,$p' | tr ',' '\n' |
	    sed 's/^[[:space:]]*//; /^$/d' | sort | tr '\n' ' ')
	check "certbot: the certificate names $Z and *.$Z (got $san)" \
	    [ "$san" = "DNS:*.$Z DNS:$Z " ]
	check "certbot: nothing left at $N" no_txt "$N" "$DC"
else
	not_ok "certbot and pebble are installed"
fi

finish
