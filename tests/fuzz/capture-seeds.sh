#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture the seed corpora of the fuzz targets from real servers.
#
# In a private network namespace (its own loopback only) this starts
# BIND's named on 127.0.0.1 and Knot DNS's knotd on 127.0.0.2 (port 5353),
# and a second knotd on 127.0.0.3 whose clock faketime sets an hour ahead
# (named does not run under libfaketime).  They serve acmesh.example.net
# with SOA, NS, a multi-string TXT, a CNAME, A and AAAA records and a
# delegation.  capture-seeds.py asks them questions (RD=0, as dig +norec)
# and sends one UPDATE signed with the test key in fuzz-key.conf (made by
# tsig-keygen; a test-only key), and saves every answer as raw bytes under
# corpus/<target>/.  It also converts tests/vectors/*.hex to binary seeds.
#
# The signing time and the UPDATE's MAC go to fuzz_tsig_seed.h: fuzz_tsig
# verifies every input as the answer to that very request at that time,
# so the captured NOERROR answers verify and mutations of them go deep.
#
# usage: sh tests/fuzz/capture-seeds.sh
# needs: bind9 bind9-utils bind9-dnsutils knot faketime python3 iproute2

set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
ZONE=acmesh.example.net

if [ "${CAPTURE_SEEDS_INNER:-}" != 1 ]; then
	export CAPTURE_SEEDS_INNER=1
	exec unshare -rn sh -c 'ip link set lo up && exec sh "$0"' \
	    "$HERE/capture-seeds.sh"
fi

T=$(mktemp -d /tmp/capture-seeds.XXXXXX)
PIDS=
cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null || true
	done
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

KEYNAME=$(sed -n 's/^key "\([^"]*\)".*/\1/p' "$HERE/fuzz-key.conf")
SECRET=$(sed -n 's/.*secret "\([^"]*\)".*/\1/p' "$HERE/fuzz-key.conf")

cat > "$T/zone.db" <<ZONE_EOF
\$TTL 300
@		IN SOA ns1.$ZONE. hostmaster.$ZONE. 2025010101 3600 600 86400 300
@		IN NS ns1.$ZONE.
@		IN NS ns2.$ZONE.
ns1		IN A 127.0.0.1
ns2		IN A 127.0.0.2
ns2		IN AAAA ::1
host		IN A 192.0.2.7
host		IN AAAA 2001:db8::7
www		IN CNAME host.$ZONE.
_acme-challenge	IN TXT "first string" "second string" ""
_acme-challenge	IN TXT "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE"
sub		IN NS ns.sub.$ZONE.
ns.sub		IN A 192.0.2.53
ZONE_EOF

# named_conf DIR ADDRESS: a primary for the zone, updates by the key.
named_conf() {
	mkdir -p "$1"
	cp "$T/zone.db" "$1/zone.db"
	cat > "$1/named.conf" <<NAMED_EOF
options {
	directory "$1";
	pid-file "$1/named.pid";
	session-keyfile "$1/session.key";
	managed-keys-directory "$1";
	listen-on port 5353 { $2; };
	listen-on-v6 { none; };
	recursion no;
	dnssec-validation no;
	minimal-responses no;
};
include "$HERE/fuzz-key.conf";
zone "$ZONE" {
	type primary;
	file "$1/zone.db";
	allow-update { key $KEYNAME; };
};
NAMED_EOF
}

named_conf "$T/named" 127.0.0.1

# knot_conf NAME ADDRESS: the same zone in knotd.
knot_conf() {
	mkdir -p "$T/$1"
	cp "$T/zone.db" "$T/$1/$ZONE.zone"
	cat > "$T/$1.conf" <<KNOT_EOF
server:
    rundir: "$T/$1"
    listen: $2@5353
key:
  - id: $KEYNAME
    algorithm: hmac-sha256
    secret: $SECRET
acl:
  - id: update
    key: $KEYNAME
    action: update
database:
    storage: "$T/$1"
zone:
  - domain: $ZONE
    storage: "$T/$1"
    file: "$ZONE.zone"
    acl: update
log:
  - target: stderr
    any: warning
KNOT_EOF
}

knot_conf knot 127.0.0.2
knot_conf knot-ahead 127.0.0.3

named -g -c "$T/named/named.conf" > "$T/named.log" 2>&1 &
PIDS="$PIDS $!"
knotd -c "$T/knot.conf" > "$T/knot.log" 2>&1 &
PIDS="$PIDS $!"
# named does not run under libfaketime; knotd does.
faketime -f +3600s knotd -c "$T/knot-ahead.conf" > "$T/knot-ahead.log" 2>&1 &
PIDS="$PIDS $!"

for addr in 127.0.0.1 127.0.0.2 127.0.0.3; do
	i=0
	until dig +norec +short +time=1 +tries=1 -p 5353 @$addr "$ZONE" SOA \
	    | grep -q hostmaster; do
		i=$((i + 1))
		if [ $i -ge 20 ]; then
			echo "server $addr did not start" >&2
			cat "$T"/*.log >&2
			exit 1
		fi
		sleep 0.5
	done
done

FUZZ_NOW=$(date -u +%s)
python3 "$HERE/capture-seeds.py" "$T/out" "$KEYNAME" "$SECRET" "$FUZZ_NOW" \
    > "$T/mac.txt"
MAC=$(sed -n 's/^request-mac //p' "$T/mac.txt")
[ -n "$MAC" ] || { echo "no request MAC" >&2; exit 1; }

# The existing vectors, hex to binary.
for f in "$SRC"/tests/vectors/*.hex; do
	[ -f "$f" ] || continue
	b=$(basename "$f" .hex)
	for t in fuzz_answer fuzz_wire fuzz_update_answer fuzz_tsig; do
		mkdir -p "$T/out/$t"
		python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(
		    "".join(open(sys.argv[1]).read().split())))' \
		    "$f" > "$T/out/$t/vector-$b"
	done
done

for t in fuzz_answer fuzz_wire fuzz_update_answer fuzz_tsig; do
	mkdir -p "$HERE/corpus/$t"
	rm -f "$HERE/corpus/$t"/bind-* "$HERE/corpus/$t"/knot-* \
	    "$HERE/corpus/$t"/vector-*
	cp "$T/out/$t"/* "$HERE/corpus/$t/"
done

{
	echo "/* SPDX-License-Identifier: ISC */"
	echo "/* Written by capture-seeds.sh on $(date -u +%FT%TZ); do not edit. */"
	echo "#define FUZZ_NOW	${FUZZ_NOW}ULL	/* when the UPDATE was signed */"
	echo "#define FUZZ_REQUEST_MAC \\"
	echo "$MAC" | sed 's/\(..\)/0x\1, /g; s/, $//; s/\(\(0x.., \)\{8\}\)/\1\n/g' |
	    sed 's/ *$//; s/^/	/; s/$/ \\/'
	echo "	/* end */"
} > "$HERE/fuzz_tsig_seed.h"
echo "seeds written under $HERE/corpus; $HERE/fuzz_tsig_seed.h"
