#!/bin/sh
# SPDX-License-Identifier: ISC
# Interoperability: acme-auth and acme-clean with every TSIG algorithm,
# hmac-sha1 to hmac-sha512 (keys from tsig-keygen -a ALG), against
# BIND 9 (ns1, zone example.org) and Knot DNS (knotd, zone knot.example.org,
# whose BIND secondary ns2 must serve the value too).  The lab runs with
# LAB_KNOT=1 (tests/lab/lab.sh).  Each run checks the exit status, that
# every authoritative server serves the value on return (dig), that the
# value is gone after acme-clean, and that no secret is printed.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

L=$T/lab
runs=0

trap 'lab_stop "$L"' EXIT
trap 'exit 1' INT TERM

LAB_KNOT=1 lab_start "$L" || { lab_logs "$L"; exit 1; }

for alg in $LAB_KNOT_ALGS; do
	key=acme-$alg
	kf=$L/keys/$key.conf
	secret=$(lab__key_field "$kf" secret)
	check "$alg: tsig-keygen wrote the $alg key" \
	    [ "$(lab__key_field "$kf" algorithm)" = "$alg" ]
	# The key by file, as tsig-keygen wrote it, for both zones.
	(umask 077 && cat >"$T/$alg.ini" <<EOF
[options]
resolver = $LAB_RESOLVER
timeout = 30

[key "$key"]
file = $kf

[zone "example.org"]
key = $key

[zone "$LAB_KNOT_ZONE"]
key = $key
EOF
	)
	for z in example.org "$LAB_KNOT_ZONE"; do
		if [ "$z" = example.org ]; then
			servers="$LAB_NS1 $LAB_NS2 $LAB_NS3"
			what="named"
		else
			servers="$LAB_KNOT_ADDR $LAB_NS2"
			what="knotd"
		fi
		name=_acme-challenge.$z
		v=$(value)
		runs=$((runs + 1))
		CERTBOT_DOMAIN=$z CERTBOT_VALIDATION=$v $AUTH -c "$T/$alg.ini" \
		    >"$T/out" 2>"$T/err"
		rc=$?
		check "$alg, $what: acme-auth exits 0 (got $rc)" [ "$rc" -eq 0 ]
		check "$alg, $what: signed answer verified" \
		    grep -q 'accepted (signed answer verified)' "$T/err"
		# shellcheck disable=SC2086
		check "$alg, $what: every server serves the value" \
		    served "$name" "$v" $servers
		check "$alg, $what: no secret printed" no_secret "$secret"
		CERTBOT_DOMAIN=$z CERTBOT_VALIDATION=$v $CLEAN -c "$T/$alg.ini" \
		    >"$T/out" 2>"$T/err"
		rc=$?
		check "$alg, $what: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
		check "$alg, $what: the primary no longer serves it" \
		    gone "$name" "$v" "${servers%% *}"
		check "$alg, $what: no secret printed by acme-clean" \
		    no_secret "$secret"
	done
done

# knotd's own log shows the updates were its (not forwarded elsewhere).
check "knotd logged the updates" \
    grep -q 'DDNS, processing' "$L/knot/knotd.log"

lab_stop "$L"
echo "# summary: faults tried: 0, bad inputs tried: 0, failures: $fails" \
    "($runs add/delete runs)"
finish
