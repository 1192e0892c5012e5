#!/bin/sh
# SPDX-License-Identifier: ISC
# The hooks must not poison their resolver's cache.  A CA that
# uses the same resolver as the hooks must see every value right after
# the last hook returned success.  The lab's resolver caches nothing
# negative for more than 2 s; this test starts another one on 127.0.0.40
# with BIND's default cache limits and the lab's hints, and gives the
# lab's zones a realistic SOA minimum (LAB_SOA_MIN=300; negative answers
# then live as long as the SOA's TTL, 60 s).  A certbot run for an apex
# and its wildcard (two acme-auth calls, CERTBOT_REMAINING_CHALLENGES 1
# then 0), through the CNAME into acmesh.example.net and directly in
# example.org; right after the second call the resolver must serve both
# values.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

L=$T/lab
CA_RESOLVER=127.0.0.40

trap 'lab_stop "$L"' EXIT
trap 'exit 1' INT TERM

# certbot_run DOMAIN V1 V2: the two acme-auth calls of one certbot run.
certbot_run() {
	CERTBOT_DOMAIN=$1 CERTBOT_VALIDATION=$2 \
	    CERTBOT_REMAINING_CHALLENGES=1 $AUTH -c "$ini" >/dev/null \
	    2>"$T/err1"
	rc1=$?
	CERTBOT_DOMAIN=$1 CERTBOT_VALIDATION=$3 \
	    CERTBOT_REMAINING_CHALLENGES=0 $AUTH -c "$ini" >/dev/null \
	    2>"$T/err"
	rc=$?
}

# ca_sees NAME VALUE...: the resolver serves every VALUE at NAME now.
ca_sees() {
	_name=$1
	shift
	_got=$(dig +short +time=2 +tries=1 @"$CA_RESOLVER" "$_name" TXT)
	for _v in "$@"; do
		printf '%s\n' "$_got" | grep -qxF "\"$_v\"" || {
			echo "# $CA_RESOLVER serves for $_name: $(echo $_got)"
			return 1
		}
	done
}

# clean DOMAIN VALUE...
clean() {
	_d=$1
	shift
	for _v in "$@"; do
		CERTBOT_DOMAIN=$_d CERTBOT_VALIDATION=$_v $CLEAN -c "$ini" \
		    >/dev/null 2>&1
	done
}

LAB_SOA_MIN=300 lab_start "$L" || { lab_logs "$L"; exit 1; }
lab_named_extra "$L" ca-resolver "$CA_RESOLVER" \
    'recursion yes; allow-recursion { 127.0.0.0/8; }; notify no;' \
    <<EOF || exit 1
zone "." { type hint; file "$L/resolver/hints.db"; };
EOF
ini=$T/ca.ini
(umask 077 && sed "s|^resolver = .*|resolver = $CA_RESOLVER|" \
    "$L/acme-hooks.ini" >"$ini")
check "setup: the SOA minimum is 300" \
    sh -c "dig +short @$LAB_NS1 example.org SOA | grep -q ' 300\$'"

# layout TAG DOMAIN: one certbot run for DOMAIN's apex and wildcard, and
# what the resolver serves right after it.
layout() {
	va=$(value)
	vw=$(value)
	certbot_run "$2" "$va" "$vw"
	check "$1: first call exits 0 (got $rc1)" [ "$rc1" -eq 0 ]
	check "$1: last call exits 0 (got $rc)" [ "$rc" -eq 0 ]
	check "$1: the resolver serves both values right after the hook" \
	    ca_sees "_acme-challenge.$2" "$va" "$vw"
	clean "$2" "$va" "$vw"
}

# 1. Through the CNAME into acmesh.example.net.
layout cname example.net
# 2. Directly in example.org.
layout direct example.org

# For the run's fault-suite summary (the resolver cache, CNAME and direct layouts).
echo "# summary: faults tried: 2, bad inputs tried: 0, failures: $fails"
finish
