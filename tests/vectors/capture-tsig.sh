#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture real TSIG-signed (request, answer) pairs for tests/unit/test_tsig.c.
#
# Inside a private network namespace (only its own loopback), this starts
# BIND's named and Knot DNS's knotd with a dynamic zone acmesh.example.net,
# a fresh TSIG key per algorithm (made here with tsig-keygen: test-only
# keys), and runs nsupdate for an "update add" of a TXT record through a
# one-shot UDP relay (capture-tsig.py) that records the request and the
# answer bytes.  It then writes tests/vectors/tsig-capture.txt (the raw
# exchanges and keys) and tests/vectors/tsig-vectors.h (the same as C).
#
# Captured: for hmac-md5 and hmac-sha1..512 a NOERROR exchange between
# nsupdate and named; a BADSIG answer (known key name, wrong secret); a
# BADKEY answer (unknown key name); a BADTIME answer to a knsupdate request
# made an hour in the past (faketime); NOERROR exchanges with knotd
# (hmac-sha256), one signed by knsupdate and one by nsupdate.
#
# usage: sh tests/vectors/capture-tsig.sh
# needs: bind9 bind9-utils bind9-dnsutils knot faketime python3 iproute2
#
# nsupdate -y puts the secret on a command line: fine for these test-only
# keys, never for real ones.

set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
NAMED_PORT=5301
KNOT_PORT=5302
RELAY_PORT=5300

if [ "${CAPTURE_TSIG_INNER:-}" != 1 ]; then
	export CAPTURE_TSIG_INNER=1
	exec unshare -rn sh -c 'ip link set lo up && exec sh "$0"' \
	    "$HERE/capture-tsig.sh"
fi

T=$(mktemp -d /tmp/capture-tsig.XXXXXX)
NAMED_PID=
KNOT_PID=
cleanup() {
	for pid in $NAMED_PID $KNOT_PID; do
		kill "$pid" 2>/dev/null || true
	done
	# They are our children: wait until they stopped writing into $T.
	for pid in $NAMED_PID $KNOT_PID; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

ZONE=acmesh.example.net
cat > "$T/zone.db" <<ZONE_EOF
\$TTL 300
@	IN SOA ns1.$ZONE. hostmaster.$ZONE. 1 3600 600 86400 300
@	IN NS ns1.$ZONE.
ns1	IN A 127.0.0.1
ZONE_EOF

# Keys: one per algorithm for named, one more for knotd.
: > "$T/keys.txt"
: > "$T/named-keys.conf"
ALLOW=
for a in md5 sha1 sha224 sha256 sha384 sha512; do
	tsig-keygen -a "hmac-$a" "acme-$a" > "$T/key-$a.conf"
	s=$(sed -n 's/.*secret "\([^"]*\)".*/\1/p' "$T/key-$a.conf")
	echo "$a hmac-$a acme-$a $s" >> "$T/keys.txt"
	cat "$T/key-$a.conf" >> "$T/named-keys.conf"
	ALLOW="$ALLOW key acme-$a;"
done
tsig-keygen -a hmac-sha256 wrong > "$T/key-wrong.conf"
WRONG=$(sed -n 's/.*secret "\([^"]*\)".*/\1/p' "$T/key-wrong.conf")
tsig-keygen -a hmac-sha256 acme-knot > "$T/key-knot.conf"
KNOT_SECRET=$(sed -n 's/.*secret "\([^"]*\)".*/\1/p' "$T/key-knot.conf")
SHA256=$(awk '$1 == "sha256" { print $4 }' "$T/keys.txt")

cat > "$T/named.conf" <<NAMED_EOF
options {
	directory "$T";
	pid-file "$T/named.pid";
	session-keyfile "$T/session.key";
	managed-keys-directory "$T";
	listen-on port $NAMED_PORT { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion no;
	dnssec-validation no;
};
include "$T/named-keys.conf";
zone "$ZONE" {
	type primary;
	file "$T/zone.db";
	allow-update {$ALLOW };
};
NAMED_EOF

mkdir "$T/knot"
cp "$T/zone.db" "$T/knot/$ZONE.zone"
cat > "$T/knot.conf" <<KNOT_EOF
server:
    rundir: "$T/knot"
    listen: 127.0.0.1@$KNOT_PORT
key:
  - id: acme-knot
    algorithm: hmac-sha256
    secret: $KNOT_SECRET
acl:
  - id: update
    key: acme-knot
    action: update
database:
    storage: "$T/knot"
zone:
  - domain: $ZONE
    storage: "$T/knot"
    file: "$ZONE.zone"
    acl: update
log:
  - target: stderr
    any: warning
KNOT_EOF

named -f -c "$T/named.conf" > "$T/named.log" 2>&1 &
NAMED_PID=$!
knotd -c "$T/knot.conf" > "$T/knot.log" 2>&1 &
KNOT_PID=$!

# Wait (at most ~10 s each) for the servers to answer for the zone.
for port in $NAMED_PORT $KNOT_PORT; do
	i=0
	until dig +short +time=1 +tries=1 -p "$port" @127.0.0.1 "$ZONE" SOA \
	    | grep -q hostmaster; do
		i=$((i + 1))
		if [ $i -ge 20 ]; then
			echo "server on port $port did not start" >&2
			cat "$T/named.log" "$T/knot.log" >&2
			exit 1
		fi
		sleep 0.5
	done
done

# capture TOOL LABEL PORT ALG KEYNAME SECRET [faketime spec]
# TOOL is nsupdate (BIND) or knsupdate (Knot).
capture() {
	tool=$1 label=$2 port=$3 alg=$4 kname=$5 secret=$6 fake=${7:-}
	python3 "$HERE/capture-tsig.py" relay $RELAY_PORT "$port" \
	    "$T/raw.txt" "$label" > "$T/relay-$label.out" &
	relay=$!
	i=0
	until grep -q ready "$T/relay-$label.out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 50 ] || { echo "relay did not start" >&2; exit 1; }
		sleep 0.1
	done
	cmds=$(printf '%s\n' "server 127.0.0.1 $RELAY_PORT" "zone $ZONE." \
	    "update add _acme-challenge.$ZONE. 300 TXT \"value-$label\"" send)
	set -- timeout 30 "$tool" -t 5 -y "$alg:$kname:$secret"
	[ "$tool" = nsupdate ] && set -- "$@" -u 5
	[ -n "$fake" ] && set -- faketime -f "$fake" "$@"
	echo "$cmds" | "$@" || true
	wait $relay
	echo "$label $alg $kname $secret" >> "$T/vkeys.txt"
}

# nsupdate's time cannot be faked (libfaketime and its event loop clash),
# so knsupdate makes the request an hour late for BADTIME.
: > "$T/vkeys.txt"
while read -r label alg kname secret; do
	capture nsupdate "$label" $NAMED_PORT "$alg" "$kname" "$secret"
done < "$T/keys.txt"
capture nsupdate badsig $NAMED_PORT hmac-sha256 acme-sha256 "$WRONG"
capture nsupdate badkey $NAMED_PORT hmac-sha256 unknown-key "$WRONG"
capture knsupdate badtime $NAMED_PORT hmac-sha256 acme-sha256 "$SHA256" \
    -3600s
capture knsupdate knot $KNOT_PORT hmac-sha256 acme-knot "$KNOT_SECRET"
capture nsupdate knot-nsupdate $KNOT_PORT hmac-sha256 acme-knot \
    "$KNOT_SECRET"

{
	echo "# Captured by capture-tsig.sh on $(date -u +%FT%TZ)"
	echo "# $(named -v); knotd $(knotd -V | sed 's/.*version //')"
	echo "# keys: label algorithm name secret (test-only keys)"
	sed 's/^/key /' "$T/vkeys.txt"
	cat "$T/raw.txt"
} > "$HERE/tsig-capture.txt"
python3 "$HERE/capture-tsig.py" header "$HERE/tsig-capture.txt" \
    > "$HERE/tsig-vectors.h"
echo "wrote $HERE/tsig-capture.txt and $HERE/tsig-vectors.h"
