#!/bin/sh
# SPDX-License-Identifier: ISC
# A zone whose name is 60 characters long, more than inih's 50-byte
# section buffer could hold, written as every zone is ([zone "NAME"]):
# delegated from example.org to a named of its own (127.0.0.50), it
# gets its value published by acme-auth and removed by acme-clean, as
# certbot calls them, and --check names it.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

L=$T/lab
ADDR=127.0.0.50
ZONE=challenges-for-the-platform-engineering-team-dns.example.org
NAME=_acme-challenge.$ZONE

trap 'lab_stop "$L"' EXIT
trap 'exit 1' INT TERM

check "the zone name is 60 characters" [ "${#ZONE}" -eq 60 ]

# The delegation, with glue, in example.org (served by ns1, ns2, ns3).
mkdir -p "$L/extra" "$L/long"
printf '%s.\tNS\tns.%s.\nns.%s.\tA\t%s\n' "$ZONE" "$ZONE" "$ZONE" \
    "$ADDR" >"$L/extra/example.org.db"
lab_start "$L" || { lab_logs "$L"; exit 1; }

# The zone itself, on one server that takes acme-key's updates.
cat >"$L/long/long.db" <<EOF
\$TTL 60
\$ORIGIN $ZONE.
@	SOA	ns.$ZONE. hostmaster.example.net. 1 2 1 3600 1
@	NS	ns
ns	A	$ADDR
EOF
lab_named_extra "$L" long "$ADDR" <<EOF || exit 1
include "$L/acme-key.conf";
zone "$ZONE" {
	type primary;
	file "long.db";
	update-policy { grant acme-key zonesub TXT; };
};
EOF
check "the resolver finds the delegated zone" \
    sh -c "dig +short @$LAB_RESOLVER $ZONE SOA | grep -q '^ns\.$ZONE\. '"

# The lab's configuration and one more section, as a person writes it.
ini=$T/long.ini
(umask 077 && {
	cat "$L/acme-hooks.ini"
	printf '\n[zone "%s"]\nkey = acme-key\n' "$ZONE"
} >"$ini")

v=$(value)
hook "$AUTH" "$ini" "$ZONE" "$v"
check "acme-auth exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "acme-auth: no error" no_error
check "the value is served on return" served "$NAME" "$v" "$ADDR"
# resolved NAME VALUE: the lab's resolver answers VALUE at NAME.
resolved() {
	lab_resolve "$1" TXT | grep -qxF "\"$2\""
}
check "the resolver sees it too" resolved "$NAME" "$v"

hook "$CLEAN" "$ini" "$ZONE" "$v"
check "acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "acme-clean: no error" no_error
check "the value is gone" gone "$NAME" "$v" "$ADDR"

$AUTH -c "$ini" --check "$ZONE" >"$T/out" 2>"$T/err"
rc=$?
check "--check $ZONE exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "--check names the zone and its key" \
    grep -qxF "zone $ZONE. (key acme-key)" "$T/out"

finish
