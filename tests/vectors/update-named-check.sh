#!/bin/sh
# SPDX-License-Identifier: ISC
# Build our (uncompressed) form of the add and delete UPDATEs, independently
# of our C code, straight from RFC 1035/2136, then prove them right by
# sending them to a real BIND primary (allow-update { any; }, for this check
# only) in a private network namespace and asking it with dig.
#
#   sh tests/vectors/update-named-check.sh [dir]
#
# The IDs are taken from update-nsupdate-{add,delete}.hex (written by
# capture-nsupdate.sh), so our messages differ from nsupdate's only in name
# compression.  Writes into dir (default: tests/vectors):
#   update-ours-add.hex, update-ours-delete.hex     the messages sent
#   update-named-add-answer.hex, update-named-delete-answer.hex
#                                                   named's answers
#   update-named-formerr-answer.hex   named's answer to the add with ZOCOUNT 2
#   update-named-notauth-answer.hex   named's answer to an update of
#                                     example.org (not served there)
# and fails unless dig sees the value after the add and not after the
# delete, while another value at the same name survives the delete.
set -eu
dir=${1:-$(dirname "$0")}
dir=$(cd "$dir" && pwd)
value=LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0
other=another-clients-value-stays
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/build.py" <<'PY'
import struct, sys

def name(text):
    out = b""
    for label in text.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"

def update(ident, op, value, zone, owner):
    # Header: ID, flags (opcode 5 = UPDATE), ZO 1, PR 0, UP 1, AD 0.
    msg = struct.pack(">HHHHHH", ident, 5 << 11, 1, 0, 1, 0)
    msg += name(zone) + struct.pack(">HH", 6, 1)
    rdata = bytes([len(value)]) + value.encode()
    if op == "add":         # RFC 2136 2.5.1: class IN, TTL 60
        cls, ttl = 1, 60
    else:                   # RFC 2136 2.5.4: class NONE, TTL 0
        cls, ttl = 254, 0
    msg += name(owner)
    msg += struct.pack(">HHIH", 16, cls, ttl, len(rdata)) + rdata
    return msg

op, idhex, value, out = sys.argv[1:5]
zone = sys.argv[5] if len(sys.argv) > 5 else "acmesh.example.net."
owner = "_acme-challenge." + zone
msg = update(int(idhex, 16), op, value, zone, owner)
open(out, "w").write(msg.hex() + "\n")
PY

# The same message with ZOCOUNT 2, which named must answer with FORMERR.
cat > "$tmp/zocount2.py" <<'PY'
import sys
m = bytearray.fromhex(open(sys.argv[1]).read())
m[5] = 2
open(sys.argv[2], "w").write(m.hex() + "\n")
PY

cat > "$tmp/send.py" <<'PY'
import socket, sys
msg = bytes.fromhex(open(sys.argv[1]).read())
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto(msg, ("127.0.0.1", 53))
data, peer = s.recvfrom(65535)
open(sys.argv[2], "w").write(data.hex() + "\n")
PY

for op in add delete; do
	id=$(cut -c1-4 "$dir/update-nsupdate-$op.hex")
	python3 "$tmp/build.py" $op "$id" "$value" "$dir/update-ours-$op.hex"
done

cat > "$tmp/zone" <<ZONE
\$TTL 300
@	SOA	ns1 hostmaster 1 3600 600 86400 60
	NS	ns1
ns1	A	127.0.0.1
_acme-challenge	TXT	"$other"
ZONE
cat > "$tmp/named.conf" <<CONF
options {
	directory "$tmp";
	pid-file none;
	listen-on port 53 { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion no;
};
zone "acmesh.example.net" {
	type primary;
	file "$tmp/zone";
	allow-update { any; };
};
CONF

unshare -rn sh -c '
	set -eu
	tmp=$1 dir=$2 value=$3 other=$4
	ip link set lo up
	named -g -c "$tmp/named.conf" -n 1 > "$tmp/named.log" 2>&1 &
	npid=$!
	i=0
	until dig +short +time=1 +tries=1 @127.0.0.1 acmesh.example.net SOA \
	    2>/dev/null | grep -q hostmaster; do
		i=$((i + 1))
		[ $i -lt 20 ] || { cat "$tmp/named.log"; exit 1; }
		sleep 0.5
	done
	txt() { dig +short +time=2 +tries=1 @127.0.0.1 \
	    _acme-challenge.acmesh.example.net TXT; }
	rc=0
	python3 "$tmp/send.py" "$dir/update-ours-add.hex" \
	    "$dir/update-named-add-answer.hex"
	txt > "$tmp/after-add"
	grep -qx "\"$value\"" "$tmp/after-add" ||
	    { echo "add: not served"; rc=1; }
	grep -qx "\"$other\"" "$tmp/after-add" ||
	    { echo "add: lost other"; rc=1; }
	python3 "$tmp/send.py" "$dir/update-ours-delete.hex" \
	    "$dir/update-named-delete-answer.hex"
	txt > "$tmp/after-delete"
	grep -qx "\"$value\"" "$tmp/after-delete" &&
	    { echo "delete: still served"; rc=1; }
	grep -qx "\"$other\"" "$tmp/after-delete" ||
	    { echo "delete: lost other"; rc=1; }
	# Two error answers: ZOCOUNT 2 (FORMERR) and a zone not served here.
	python3 "$tmp/zocount2.py" "$dir/update-ours-add.hex" \
	    "$tmp/formerr.hex"
	python3 "$tmp/send.py" "$tmp/formerr.hex" \
	    "$dir/update-named-formerr-answer.hex"
	python3 "$tmp/build.py" add af8a "$value" "$tmp/notauth.hex" \
	    example.org.
	python3 "$tmp/send.py" "$tmp/notauth.hex" \
	    "$dir/update-named-notauth-answer.hex"
	echo "after add:"; cat "$tmp/after-add"
	echo "after delete:"; cat "$tmp/after-delete"
	kill $npid
	wait $npid || true
	[ $rc -eq 0 ] || cat "$tmp/named.log"
	exit $rc
' sh "$tmp" "$dir" "$value" "$other"
for f in ours-add ours-delete named-add-answer named-delete-answer \
    named-formerr-answer named-notauth-answer; do
	echo "$f: $(cat "$dir/update-$f.hex")"
done
echo "named accepted both messages: OK"
