#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture the TKEY queries (RFC 2930, GSS-API mode, RFC 3645) that BIND's
# nsupdate sends to start GSS-TSIG: `nsupdate -g` (gss-tsig.) and
# `nsupdate -o` (gss.microsoft.com., the Windows flavour), as hex, into
# the directory $1 (default: tests/vectors).
#
# Each capture runs in its own user, network and mount namespace
# (unshare -rnm): /etc/hosts is bound over with one saying ns1.example.net
# is 127.0.0.1; a throwaway MIT KDC for the realm EXAMPLE.NET (database,
# principals acme and DNS/ns1.example.net, all in a scratch directory)
# listens on 127.0.0.1:8888; kinit gets acme a ticket; capture-tkey.py
# plays ns1.example.net on 127.0.0.1:53 (answers nsupdate's SOA query,
# saves its TKEY query, then closes: nsupdate fails, as expected).
# Nothing leaves the namespaces; every step is bounded by `timeout`.
#
#   sh tests/vectors/capture-tkey.sh [outdir]
#
# Writes tkey-nsupdate-gss.hex and tkey-nsupdate-ms.hex ("tcp " or "udp "
# then the message).  The tokens are Kerberos AP-REQs for a KDC that no
# longer exists.  Needs krb5-kdc, krb5-user, bind9-dnsutils, python3.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "${1:-$here}" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/capture-tkey.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

capture() {	# $1 = gss|ms, $2 = nsupdate's flag
	d=$scratch/$1
	mkdir -p "$d/db"
	cat > "$d/krb5.conf" <<-EOT
	[libdefaults]
		default_realm = EXAMPLE.NET
		dns_lookup_kdc = false
		dns_lookup_realm = false
		rdns = false
		dns_canonicalize_hostname = false
	[realms]
		EXAMPLE.NET = {
			kdc = 127.0.0.1:8888
		}
	[domain_realm]
		.example.net = EXAMPLE.NET
	EOT
	cat > "$d/kdc.conf" <<-EOT
	[kdcdefaults]
		kdc_ports = 8888
		kdc_tcp_ports = 8888
	[realms]
		EXAMPLE.NET = {
			database_name = $d/db/principal
			key_stash_file = $d/db/stash
			acl_file = $d/db/kadm5.acl
		}
	EOT
	printf '127.0.0.1 localhost\n127.0.0.1 ns1.example.net\n' > "$d/hosts"
	unshare -rnm sh -c '
		set -eu
		d=$1 flag=$2 hex=$3 py=$4
		export KRB5_CONFIG=$d/krb5.conf KRB5_KDC_PROFILE=$d/kdc.conf
		export KRB5CCNAME=FILE:$d/ccache
		ip link set lo up
		mount --bind "$d/hosts" /etc/hosts
		timeout 20 kdb5_util create -s -r EXAMPLE.NET -P throwaway \
		    > "$d/kdb.log" 2>&1
		timeout 20 kadmin.local -q "addprinc -pw throwaway acme" \
		    > "$d/kadmin.log" 2>&1
		timeout 20 kadmin.local -q \
		    "addprinc -randkey DNS/ns1.example.net" >> "$d/kadmin.log" 2>&1
		timeout 30 krb5kdc -n > "$d/kdc.log" 2>&1 &
		kdc=$!
		sleep 1
		echo throwaway | timeout 10 kinit acme > /dev/null
		timeout 15 python3 "$py" "$hex" "$d/messages.log" \
		    2> "$d/py.log" &
		listener=$!
		sleep 2
		printf "%s\n" "server ns1.example.net 53" "zone example.net" \
		    "update add x.example.net 60 TXT \"v\"" send |
		    timeout 12 nsupdate -d "$flag" -t 3 -u 1 -r 0 \
		    > "$d/nsupdate.log" 2>&1 || true
		rc=0
		wait $listener || rc=$?
		kill $kdc 2> /dev/null || true
		exit $rc
	' sh "$d" "$2" "$out/tkey-nsupdate-$1.hex" "$here/capture-tkey.py" || {
		echo "capture-tkey: $1: no TKEY query captured; see" \
		    "$d/nsupdate.log" >&2
		cat "$d/nsupdate.log" "$d/py.log" >&2
		exit 1
	}
	echo "$1: $(cut -c1-80 "$out/tkey-nsupdate-$1.hex")..."
}

capture gss -g
capture ms -o
