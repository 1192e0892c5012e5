#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture the unsigned RFC 2136 UPDATE datagrams BIND's nsupdate sends for
# an add and a delete of one TXT value, as hex, into the directory $1
# (default: tests/vectors).  Everything runs in a private network namespace:
# a python3 listener on 127.0.0.1:5300 saves the first datagram it gets and
# never answers, so nsupdate times out (expected).
#
#   sh tests/vectors/capture-nsupdate.sh [outdir]
#
# Writes update-nsupdate-add.hex and update-nsupdate-delete.hex; the ID of
# each message is its first two bytes.
set -eu
out=${1:-$(dirname "$0")}
out=$(cd "$out" && pwd)
value=LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0
zone=acmesh.example.net.
owner=_acme-challenge.acmesh.example.net.

capture() {	# $1 = add|delete, $2 = the nsupdate "update" line
	unshare -rn sh -c '
		set -eu
		ip link set lo up
		timeout 20 python3 -c "
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((\"127.0.0.1\", 5300))
s.settimeout(15)
data, peer = s.recvfrom(65535)
open(sys.argv[1], \"w\").write(data.hex() + \"\\n\")
" "$1" &
		lpid=$!
		sleep 0.5
		printf "server 127.0.0.1 5300\nzone %s\n%s\nsend\n" "$2" "$3" |
		    timeout 20 nsupdate -t 2 -u 1 -r 0 2>/dev/null || true
		wait $lpid
	' sh "$out/update-nsupdate-$1.hex" "$zone" "$2"
	echo "$1: $(cat "$out/update-nsupdate-$1.hex")"
}

capture add "update add $owner 60 TXT \"$value\""
capture delete "update delete $owner TXT \"$value\""
