#!/bin/sh
# SPDX-License-Identifier: ISC
# DNSSEC-signed dynamic zones: named signs the zones the hooks
# update, and a validating resolver checks the whole chain from a root
# of the test's own.  A world of its own on 127.0.0.40-43 (the main lab
# is not started):
#
#	127.0.0.40	resolver (named): dnssec-validation yes, trust anchor
#			the root's key (static-key), hints: the root below
#	127.0.0.41	root (named): ".", dnssec-policy default, DS of
#			dnssec.test added by UPDATE
#	127.0.0.42	ns1.dnssec.test (named), primary of
#			dnssec.test		dnssec-policy default, DS of
#						the two below added by UPDATE
#			policy.dnssec.test	dnssec-policy default (dynamic
#						zone, signed as it changes)
#			inline.dnssec.test	inline-signing yes, dnssec-policy
#						"nsec3" (NSEC3, one CSK)
#	127.0.0.43	ns2.dnssec.test (named), secondary of the three (NOTIFY)
#	127.0.0.44	ns3.dnssec.test (knotd), secondary of the two dynamic
#			zones (NOTIFY)
#	127.0.0.45	ns4.dnssec.test (nsd), the same
#
# The hooks run unchanged with resolver = 127.0.0.40.  Each case checks
# that acme-auth returns with all four servers serving the value, signed
# (RRSIG TXT on each secondary), at a serial at least the signed zone's
# on the primary, that the resolver returns it with the ad flag, and that
# after acme-clean the resolver proves it gone (NXDOMAIN with ad).

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lab/servers.sh"
. "$ACME_SRC/tests/lab/dnssec.sh"
. "$ACME_SRC/tests/lab/secondaries.sh"
. "$ACME_SRC/tests/lib/check.sh"

W=$T/world
RES=127.0.0.40
ROOT=127.0.0.41
NS1=127.0.0.42
NS2=127.0.0.43
NS3=127.0.0.44
NS4=127.0.0.45
SECONDARIES="$NS2 $NS3 $NS4"
CHILDREN="policy.dnssec.test inline.dnssec.test"
runs=0

trap 'srv_stop "$W"' EXIT
trap 'exit 1' INT TERM

world_servers() {
	srv_addrs "$RES" "$ROOT" "$NS1" "$NS2" "$NS3" "$NS4" || return 1
	mkdir -p "$W/resolver" "$W/root" "$W/ns1" "$W/ns2" || return 1
	# lab-key adds DS records to the parents; acme-key is the hooks'.
	for _k in lab-key acme-key; do
		(umask 077 && tsig-keygen -a hmac-sha256 "$_k" >"$W/$_k.conf") ||
		    return 1
	done

	srv_zone "$W/root/root.db" . a.root-servers.lab. 3600 \
	    a.root-servers.lab.
	cat >>"$W/root/root.db" <<EOF
a.root-servers.lab. A $ROOT
dnssec.test. NS ns1.dnssec.test.
dnssec.test. NS ns2.dnssec.test.
ns1.dnssec.test. A $NS1
ns2.dnssec.test. A $NS2
EOF
	{
		lab_root_conf "$W/root" "$ROOT" \
		    'dnssec-policy default; allow-update { key lab-key; };'
		echo "include \"$W/lab-key.conf\";"
	} >"$W/root/named.conf"

	srv_zone "$W/ns1/dnssec.test.db" dnssec.test. ns1.dnssec.test. 3600 \
	    ns1 ns2
	cat >>"$W/ns1/dnssec.test.db" <<EOF
ns1 A $NS1
ns2 A $NS2
ns3 A $NS3
ns4 A $NS4
EOF
	for _c in $CHILDREN; do
		for _n in ns1 ns2 ns3 ns4; do
			echo "${_c%.dnssec.test} NS $_n"
		done >>"$W/ns1/dnssec.test.db"
		srv_zone "$W/ns1/$_c.db" "$_c." ns1.dnssec.test. 3600 \
		    ns1.dnssec.test. ns2.dnssec.test. ns3.dnssec.test. \
		    ns4.dnssec.test.
	done
	{
		srv_named_options "$W" ns1 "$NS1"
		cat <<EOF
	recursion no;
	allow-transfer { 127.0.0.0/8; };
	notify explicit;
	also-notify { $NS2; $NS3; $NS4; };
	notify-delay 0;
};
controls { };
include "$W/lab-key.conf";
include "$W/acme-key.conf";
dnssec-policy "nsec3" {
	keys { csk lifetime unlimited algorithm ecdsap256sha256; };
	nsec3param iterations 0 optout no salt-length 0;
};
zone "dnssec.test" {
	type primary;
	file "dnssec.test.db";
	dnssec-policy default;
	allow-update { key lab-key; };
};
zone "policy.dnssec.test" {
	type primary;
	file "policy.dnssec.test.db";
	dnssec-policy default;
	update-policy { grant acme-key zonesub TXT; };
};
zone "inline.dnssec.test" {
	type primary;
	file "inline.dnssec.test.db";
	inline-signing yes;
	dnssec-policy "nsec3";
	update-policy { grant acme-key zonesub TXT; };
};
EOF
	} >"$W/ns1/named.conf"

	{
		srv_named_options "$W" ns2 "$NS2"
		cat <<EOF
	recursion no;
	notify no;
	allow-transfer { 127.0.0.0/8; };
	transfers-per-ns 20;
	serial-query-rate 100;
};
controls { };
EOF
		for _z in dnssec.test $CHILDREN; do
			echo "zone \"$_z\" { type secondary;" \
			    "primaries { $NS1; }; };"
		done
	} >"$W/ns2/named.conf"

	srv_named "$W" root || return 1
	srv_named "$W" ns1 || return 1
	srv_named "$W" ns2 || return 1
	# shellcheck disable=SC2086
	knot_secondary "$W" knot "$NS3" "$NS1" $CHILDREN || return 1
	# shellcheck disable=SC2086
	nsd_secondary "$W" nsd "$NS4" "$NS1" $CHILDREN || return 1
}

# world_chain: wait for signing, add the DS records bottom up, then start
# the resolver with the root's key as its trust anchor.
world_chain() {
	# shellcheck disable=SC2046
	dnssec_wait_signed "$W" 60 "$ROOT" . "$NS1" dnssec.test \
	    $(for _c in $CHILDREN; do echo "$NS1 $_c"; done) || return 1
	for _c in $CHILDREN; do
		dnssec_add_ds "$W/lab-key.conf" "$NS1" "$_c" "$NS1" || return 1
	done
	dnssec_add_ds "$W/lab-key.conf" "$ROOT" dnssec.test "$NS1" || return 1
	# shellcheck disable=SC2046
	dnssec_wait_signed "$W" 60 $(for _z in dnssec.test $CHILDREN; do
	    echo "$NS2 $_z"; done) $(for _z in $CHILDREN; do
	    echo "$NS3 $_z $NS4 $_z"; done) || return 1
	for _c in $CHILDREN; do
		[ -n "$(lab_dig "$_c" DS "$NS1")" ] || return 1
	done

	{
		lab_resolver_conf "$W/resolver" "$RES" "$ROOT" yes
		dnssec_anchor . "$ROOT" || return 1
	} >"$W/resolver/named.conf"
	srv_named "$W" resolver || return 1
	_end=$(($(lab_now_ms) + 20000))
	for _c in $CHILDREN; do
		until dnssec_ad "$_c" SOA "$RES"; do
			if [ "$(lab_now_ms)" -ge "$_end" ]; then
				srv__say "resolver does not validate $_c"
				dig +dnssec @"$RES" "$_c" SOA >&2
				return 1
			fi
			sleep 0.1
		done
	done
}

# signed_txt NAME SERVER: SERVER serves NAME's TXT with its RRSIG.
signed_txt() {
	dig +norec +dnssec +noall +answer +time=1 +tries=1 @"$2" "$1" TXT |
	    grep -q "^$1\.[[:space:]].*RRSIG[[:space:]]*TXT"
}

# validated NAME VALUE TIMEOUT: the resolver returns NAME TXT VALUE with ad
# (its negative cache may hold the hooks' own lookup for up to 2 s).
validated() {
	_end=$(($(lab_now_ms) + $3 * 1000))
	while :; do
		if dnssec_ad "$1" TXT "$RES" &&
		    lab__short +time=2 +tries=1 @"$RES" "$1" TXT |
		    grep -qxF "\"$2\""; then
			return 0
		fi
		[ "$(lab_now_ms)" -lt "$_end" ] || return 1
		sleep 0.1
	done
}

# proven_gone NAME TIMEOUT: the resolver answers NXDOMAIN with ad.
proven_gone() {
	_end=$(($(lab_now_ms) + $2 * 1000))
	while :; do
		_o=$(dig +dnssec +time=2 +tries=1 @"$RES" "$1" TXT 2>&1)
		if printf '%s\n' "$_o" | grep -q 'status: NXDOMAIN' &&
		    printf '%s\n' "$_o" | grep -q 'flags:[^;]* ad[ ;]'; then
			return 0
		fi
		[ "$(lab_now_ms)" -lt "$_end" ] || return 1
		sleep 0.1
	done
}

# serial_ge A B: both serials known, A >= B.
serial_ge() {
	[ -n "$1" ] && [ -n "$2" ] && [ "$1" -ge "$2" ]
}

no_secret() {
	! grep -qF -- "$1" "$T/out" "$T/err"
}

t0=$(lab_now_ms)
if ! world_servers || ! world_chain; then
	echo "not ok - the signed world starts"
	srv_logs "$W"
	exit 1
fi
echo "# signed world ready in $(($(lab_now_ms) - t0)) ms"
ok "root, dnssec.test and both dynamic zones signed, DS chained, resolver validates"

secret=$(lab__key_field "$W/acme-key.conf" secret)
(umask 077 && cat >"$T/acme.ini" <<EOF
[options]
resolver = $RES
timeout = 30
ttl = 2

[key "acme-key"]
file = $W/acme-key.conf
EOF
for _c in $CHILDREN; do
	printf '\n[zone "%s"]\nkey = acme-key\n' "$_c"
done >>"$T/acme.ini"
)

for z in $CHILDREN; do
	c=${z%%.*}
	name=_acme-challenge.$z
	v=$(value)
	t1=$(lab_now_ms)
	CERTBOT_DOMAIN=$z CERTBOT_VALIDATION=$v $AUTH -c "$T/acme.ini" \
	    >"$T/out" 2>"$T/err"
	rc=$?
	ms=$(($(lab_now_ms) - t1))
	runs=$((runs + 1))
	# The secondaries first: the primary can only be ahead of them.
	s2=$(lab_soa_serial "$z" "$NS2")
	s3=$(lab_soa_serial "$z" "$NS3")
	s4=$(lab_soa_serial "$z" "$NS4")
	p=$(lab_soa_serial "$z" "$NS1")
	ok_all=0
	srv_serves "$name" "$v" "$NS1" $SECONDARIES && ok_all=1
	check "$c: acme-auth exits 0 (got $rc) in $ms ms" [ "$rc" -eq 0 ]
	echo "# time: $c (signed; BIND primary, BIND, Knot, NSD" \
	    "secondaries): acme-auth returned in $ms ms"
	sed 's/^/#   /' "$T/err"
	check "$c: all four servers serve the value at return" \
	    [ "$ok_all" = 1 ]
	for s in $SECONDARIES; do
		check "$c: $s serves it signed (RRSIG TXT)" \
		    signed_txt "$name" "$s"
	done
	check "$c: BIND's serial $s2 >= the signed zone's $p" \
	    serial_ge "$s2" "$p"
	check "$c: Knot's serial $s3 >= the signed zone's $p" \
	    serial_ge "$s3" "$p"
	check "$c: NSD's serial $s4 >= the signed zone's $p" \
	    serial_ge "$s4" "$p"
	check "$c: the resolver validates the TXT (ad flag)" \
	    validated "$name" "$v" 5
	check "$c: no secret printed" no_secret "$secret"
	CERTBOT_DOMAIN=$z CERTBOT_VALIDATION=$v $CLEAN -c "$T/acme.ini" \
	    >"$T/out" 2>"$T/err"
	rc=$?
	check "$c: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
	check "$c: the resolver proves the name gone (NXDOMAIN, ad)" \
	    proven_gone "$name" 8
	check "$c: no server serves a TXT within 5 s" \
	    srv_no_txt "$name" 5 "$NS1" $SECONDARIES
done

check "inline: NSEC3 in the inline-signed zone" \
    [ -n "$(lab_dig inline.dnssec.test NSEC3PARAM "$NS2")" ]

srv_stop "$W"
echo "# $cases checks, $fails failed"
echo "# summary: faults tried: 0, bad inputs tried: 0, failures: $fails" \
    "($runs acme-auth runs)"
[ "$fails" -eq 0 ]
