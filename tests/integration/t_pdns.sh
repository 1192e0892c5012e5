#!/bin/sh
# SPDX-License-Identifier: ISC
# PowerDNS as the primary: pdns_server 4.7 with its sqlite
# backend takes the hooks' RFC 2136 updates (TSIG-ALLOW-DNSUPDATE,
# ALLOW-DNSUPDATE-FROM) and NOTIFYs its secondaries after each
# (NOTIFY-DNSUPDATE 1): BIND, Knot and NSD, each transferring by AXFR.
# A world of its own on 127.0.0.30-36 (the main lab is not started):
#
#	127.0.0.30	resolver (named), hints: the root below
#	127.0.0.31	root (named): delegates pdns.test, quiet.test, main.test
#	127.0.0.32	ns1.pdns.test: pdns_server, primary of pdns.test and
#			quiet.test
#	127.0.0.33	ns2.pdns.test: named, secondary of both; primary of
#			main.test (static: _acme-challenge CNAME into pdns.test)
#	127.0.0.34	ns3.pdns.test: knotd, secondary of pdns.test
#	127.0.0.35	ns4.pdns.test: nsd, secondary of pdns.test
#
# pdns.test: NS ns1-ns4, SOA refresh 3600, so only NOTIFY explains a
# secondary that has a change within a second.  quiet.test: NS ns1, ns2;
# no NOTIFY-DNSUPDATE, and named refreshes it every LAG seconds: the
# hooks must wait for that refresh.
#
# Cases: the challenge name in the PowerDNS zone itself, and a BIND main
# zone whose _acme-challenge CNAME points into it; each hook run must
# return only when all four servers serve the value at a serial at least
# the primary's, and acme-clean must leave no TXT on any server.  Then
# the zone without NOTIFY-DNSUPDATE, a key PowerDNS does not allow, and
# what --check sees of both zones.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lab/servers.sh"
. "$ACME_SRC/tests/lab/pdns.sh"
. "$ACME_SRC/tests/lab/secondaries.sh"
. "$ACME_SRC/tests/lib/check.sh"

W=$T/world
RES=127.0.0.30
ROOT=127.0.0.31
PD=127.0.0.32
BIND=127.0.0.33
KNOT=127.0.0.34
NSD=127.0.0.35
ALL="$PD $BIND $KNOT $NSD"
LAG=3
runs=0

trap 'srv_stop "$W"' EXIT
trap 'exit 1' INT TERM

world_start() {
	srv_addrs "$RES" "$ROOT" "$PD" "$BIND" "$KNOT" "$NSD" || return 1
	mkdir -p "$W/resolver" "$W/root" "$W/pdns" "$W/bind" || return 1

	lab_resolver_conf "$W/resolver" "$RES" "$ROOT" no \
	    >"$W/resolver/named.conf"
	lab_root_conf "$W/root" "$ROOT" >"$W/root/named.conf"
	cat >"$W/root/root.db" <<EOF
\$TTL 60
. SOA a.root-servers.lab. hostmaster.lab. 1 2 1 3600 1
. NS a.root-servers.lab.
a.root-servers.lab. A $ROOT
pdns.test. NS ns1.pdns.test.
pdns.test. NS ns2.pdns.test.
pdns.test. NS ns3.pdns.test.
pdns.test. NS ns4.pdns.test.
ns1.pdns.test. A $PD
ns2.pdns.test. A $BIND
ns3.pdns.test. A $KNOT
ns4.pdns.test. A $NSD
quiet.test. NS ns1.pdns.test.
quiet.test. NS ns2.pdns.test.
main.test. NS ns2.pdns.test.
EOF

	# The PowerDNS zones, loaded before pdns_server starts (its zone
	# cache would not see them otherwise for a while).
	pdns_conf "$W" pdns "$PD" "$RES" || return 1
	srv_zone "$W/pdns/pdns.test.zone" pdns.test. ns1.pdns.test. 3600 \
	    ns1 ns2 ns3 ns4
	printf 'ns1 A %s\nns2 A %s\nns3 A %s\nns4 A %s\n' \
	    "$PD" "$BIND" "$KNOT" "$NSD" >>"$W/pdns/pdns.test.zone"
	srv_zone "$W/pdns/quiet.test.zone" quiet.test. ns1.pdns.test. "$LAG" \
	    ns1.pdns.test. ns2.pdns.test.
	for _z in pdns.test quiet.test; do
		pdns_load "$W" pdns "$_z" "$W/pdns/$_z.zone" || return 1
	done
	# The README's commands (PowerDNS section).  The secret never goes
	# through argv: pdnsutil makes it, list-tsig-keys prints it.
	pdns_util "$W" pdns generate-tsig-key acme-key hmac-sha256 \
	    >/dev/null || return 1
	pdns_util "$W" pdns generate-tsig-key other-key hmac-sha256 \
	    >/dev/null || return 1
	for _z in pdns.test quiet.test; do
		pdns_util "$W" pdns set-meta "$_z" TSIG-ALLOW-DNSUPDATE \
		    acme-key >/dev/null || return 1
		pdns_util "$W" pdns set-meta "$_z" ALLOW-DNSUPDATE-FROM \
		    127.0.0.0/8 >/dev/null || return 1
	done
	pdns_util "$W" pdns set-meta pdns.test NOTIFY-DNSUPDATE 1 \
	    >/dev/null || return 1
	pdns_util "$W" pdns set-meta pdns.test ALSO-NOTIFY \
	    "$BIND" "$KNOT" "$NSD" >/dev/null || return 1

	{
		srv_named_options "$W" bind "$BIND"
		cat <<EOF
	recursion no;
	notify no;
	allow-transfer { 127.0.0.0/8; };
	transfers-per-ns 20;
	serial-query-rate 100;
};
controls { };
zone "pdns.test" { type secondary; primaries { $PD; }; };
zone "quiet.test" {
	type secondary;
	primaries { $PD; };
	min-refresh-time $LAG;
	max-refresh-time $LAG;
	min-retry-time 1;
	max-retry-time 1;
};
zone "main.test" { type primary; file "main.test.db"; };
EOF
	} >"$W/bind/named.conf"
	{
		echo "\$TTL 60"
		echo "@ SOA ns2.pdns.test. hostmaster.pdns.test. 1 3600 60 86400 1"
		echo "@ NS ns2.pdns.test."
		echo "_acme-challenge CNAME _acme-challenge.main.pdns.test."
	} >"$W/bind/main.test.db"

	srv_named "$W" resolver || return 1
	srv_named "$W" root || return 1
	pdns_start "$W" pdns || return 1
	# The secondaries once pdns serves: BIND 9.20 asks at once, and a
	# refused first query of quiet.test (no NOTIFY for it) would wait
	# out BIND's retry time for a zone it never loaded.
	srv_wait_soa "$W" 30 "$PD" pdns.test "$PD" quiet.test || return 1
	srv_named "$W" bind || return 1
	knot_secondary "$W" knot "$KNOT" "$PD" pdns.test || return 1
	nsd_secondary "$W" nsd "$NSD" "$PD" pdns.test || return 1
	srv_wait_soa "$W" 30 "$ROOT" . "$PD" pdns.test "$PD" quiet.test \
	    "$BIND" pdns.test "$BIND" quiet.test "$BIND" main.test \
	    "$KNOT" pdns.test "$NSD" pdns.test || return 1
	_end=$(($(lab_now_ms) + 10000))
	until [ "$(lab__short +time=1 +tries=1 @"$RES" ns4.pdns.test A)" = \
	    "$NSD" ]; do
		[ "$(lab_now_ms)" -lt "$_end" ] || return 1
		sleep 0.05
	done
}

# pdns_secret KEY: the key's secret, as pdnsutil list-tsig-keys prints it
# ("NAME. ALGORITHM. SECRET").
pdns_secret() {
	pdns_util "$W" pdns list-tsig-keys |
	    awk -v k="$1." '$1 == k { print $3 }'
}

# pdns_ini FILE KEY: the hooks' configuration, mode 600.
pdns_ini() {
	_s=$(pdns_secret "$2")
	[ -n "$_s" ] || return 1
	(umask 077 && cat >"$1" <<EOF
[options]
resolver = $RES
timeout = 30
ttl = 2

[key "$2"]
algorithm = hmac-sha256
secret = $_s

[zone "pdns.test"]
key = $2

[zone "quiet.test"]
key = $2
EOF
	)
}

# serial_at_least ZONE SERIAL SERVER...: each SERVER serves SERIAL or newer.
serial_at_least() {
	_z=$1
	_p=$2
	shift 2
	for _s in "$@"; do
		_g=$(lab_soa_serial "$_z" "$_s")
		[ -n "$_g" ] && [ "$_g" -ge "$_p" ] ||
		    { echo "# $_s serves $_z serial '$_g' < $_p"; return 1; }
	done
}

# polled_all ZONE: acme-auth's progress ($T/err) names each server as
# serving ZONE at the new serial.
polled_all() {
	for _s in $ALL; do
		grep -q "($_s) serves $1\\. at serial" "$T/err" ||
		    { echo "# no progress line for $_s"; return 1; }
	done
}

# pdns_no_txt ZONE: pdns' database holds no TXT record in ZONE.
pdns_no_txt() {
	_l=$(pdns_util "$W" pdns list-zone "$1") || return 1
	! printf '%s\n' "$_l" | grep -q '[[:space:]]TXT[[:space:]]'
}

# run_auth DOMAIN VALUE: acme-auth, its time in $ms and status in $rc.
run_auth() {
	_t0=$(lab_now_ms)
	CERTBOT_DOMAIN=$1 CERTBOT_VALIDATION=$2 $AUTH -c "$T/acme.ini" \
	    >"$T/out" 2>"$T/err"
	rc=$?
	ms=$(($(lab_now_ms) - _t0))
	runs=$((runs + 1))
}

run_clean() {
	CERTBOT_DOMAIN=$1 CERTBOT_VALIDATION=$2 $CLEAN -c "$T/acme.ini" \
	    >"$T/out" 2>"$T/err"
	rc=$?
}

t0=$(lab_now_ms)
if ! world_start; then
	echo "not ok - the PowerDNS world starts"
	srv_logs "$W"
	exit 1
fi
echo "# world ready in $(($(lab_now_ms) - t0)) ms"
check "pdns_server answers as ns1.pdns.test" \
    grep -q 'PowerDNS Authoritative Server 4' "$W/pdns/server.log"
check "hooks' configuration written from pdnsutil list-tsig-keys" \
    pdns_ini "$T/acme.ini" acme-key

# 1, 2: the name in the PowerDNS zone, then behind a BIND CNAME.
for c in direct cname; do
	if [ "$c" = direct ]; then
		dom=pdns.test
	else
		dom=main.test
	fi
	name=_acme-challenge.pdns.test
	[ "$c" = cname ] && name=_acme-challenge.main.pdns.test
	v=$(value)
	s0=$(lab_soa_serial pdns.test "$PD")
	run_auth "$dom" "$v"
	# Read the secondaries first: the primary can only be ahead.
	ok_all=0
	srv_serves "$name" "$v" $ALL && ok_all=1
	p=$(lab_soa_serial pdns.test "$PD")
	check "$c: acme-auth exits 0 (got $rc) in $ms ms" [ "$rc" -eq 0 ]
	echo "# time: $c (pdns + BIND, Knot, NSD secondaries): acme-auth" \
	    "returned in $ms ms"
	sed 's/^/#   /' "$T/err"
	check "$c: signed answer verified" \
	    grep -q 'accepted (signed answer verified)' "$T/err"
	check "$c: pdns, BIND, Knot and NSD all serve the value at return" \
	    [ "$ok_all" = 1 ]
	check "$c: the hook waited for each of the four servers" \
	    polled_all pdns.test
	check "$c: the update raised pdns' serial ($s0 -> $p)" \
	    [ "$p" -gt "$s0" ]
	# shellcheck disable=SC2086
	check "$c: each secondary serves serial >= pdns' $p" \
	    serial_at_least pdns.test "$p" $ALL
	run_clean "$dom" "$v"
	check "$c: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
	check "$c: no TXT left in pdns' database" pdns_no_txt pdns.test
	# shellcheck disable=SC2086
	check "$c: no server serves a TXT at $name within 5 s" \
	    srv_no_txt "$name" 5 $ALL
done

# 3: the NOTIFY took each secondary there (refresh is 3600 s).
check "BIND got pdns' NOTIFY" \
    grep -q "client @.* $PD#[0-9]*: received notify for zone 'pdns.test'" \
    "$W/bind/server.log"
check "Knot got pdns' NOTIFY" \
    grep -q "\\[pdns.test.\\] notify, incoming, remote $PD" "$W/knot/server.log"
check "NSD got pdns' NOTIFY" \
    grep -q "notify for pdns.test. from $PD" "$W/nsd/server.log"

# pdns looked up its NS hosts through the world's resolver (its own
# /etc/resolv.conf): NOTIFY to each, besides ALSO-NOTIFY.
check "pdns found its NS hosts to notify (NOTIFY beside ALSO-NOTIFY)" \
    grep -q "Queued notification of domain 'pdns.test' to $NSD:53" \
    "$W/pdns/server.log"

# 4: two values at one name (a certificate for a name and its wildcard).
v1=$(value)
v2=$(value)
run_auth pdns.test "$v1"
rc1=$rc
run_auth pdns.test "$v2"
check "two values: both acme-auth exit 0 ($rc1, $rc)" [ "$rc1$rc" = 00 ]
check "two values: every server serves both" \
    srv_serves _acme-challenge.pdns.test "$v1" $ALL
check "two values: every server serves both (second)" \
    srv_serves _acme-challenge.pdns.test "$v2" $ALL
run_clean pdns.test "$v1"
check "two values: removing one keeps the other on pdns" \
    srv_serves _acme-challenge.pdns.test "$v2" "$PD"
run_clean pdns.test "$v2"
check "two values: nothing left in pdns' database" pdns_no_txt pdns.test
check "two values: no server serves a TXT within 5 s" \
    srv_no_txt _acme-challenge.pdns.test 5 $ALL

# 5: no NOTIFY-DNSUPDATE: the update itself sends no NOTIFY; named has
# the change at its next refresh (every LAG s) or when pdns' communicator
# next compares serials and notifies (every xfr-cycle-interval, 60 s, or
# sooner when something else wakes it).  A change first, so that named's
# refresh is LAG s away.
v=$(value)
run_auth quiet.test "$v"
check "quiet: a first acme-auth exits 0 (got $rc) in $ms ms" [ "$rc" -eq 0 ]
run_clean quiet.test "$v"
sq=$(lab_soa_serial quiet.test "$PD")
lab_wait_serial quiet.test "$BIND" "$sq" $((LAG + 5))
v=$(value)
run_auth quiet.test "$v"
ok_all=0
srv_serves _acme-challenge.quiet.test "$v" "$PD" "$BIND" && ok_all=1
check "quiet: acme-auth exits 0 (got $rc)" [ "$rc" -eq 0 ]
echo "# time: no NOTIFY-DNSUPDATE, BIND refresh every $LAG s: acme-auth" \
    "returned in $ms ms"
check "quiet: pdns and BIND serve the value at return" [ "$ok_all" = 1 ]
check "quiet: the hook waited no longer than BIND's refresh ($ms ms)" \
    [ "$ms" -le $(((LAG + 2) * 1000)) ]
# pdns may notify anyway when its communicator next compares serials:
# not dependable (the first line is from start-up), so only reported.
n=$(grep -c "Queued notification of domain 'quiet.test'" "$W/pdns/server.log")
echo "# quiet: pdns queued $n NOTIFY for quiet.test (1 at start-up)"
check "quiet: the hook polled BIND" grep -q "($BIND) serves quiet.test" \
    "$T/err"
run_clean quiet.test "$v"
check "quiet: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "quiet: no TXT left in pdns' database" pdns_no_txt quiet.test
check "quiet: no server serves a TXT within $((LAG + 3)) s" \
    srv_no_txt _acme-challenge.quiet.test $((LAG + 3)) "$PD" "$BIND"

# 6: a key PowerDNS knows but TSIG-ALLOW-DNSUPDATE does not name.
pdns_ini "$T/other.ini" other-key
v=$(value)
CERTBOT_DOMAIN=pdns.test CERTBOT_VALIDATION=$v $AUTH -c "$T/other.ini" \
    >"$T/out" 2>"$T/err"
rc=$?
check "other key: acme-auth exits 4, refused (got $rc)" [ "$rc" -eq 4 ]
check "other key: pdns serves no TXT" pdns_no_txt pdns.test

# 7: an address ALLOW-DNSUPDATE-FROM does not list (the hooks send from
# 127.0.0.1 here); back to 127.0.0.0/8 afterwards.
pdns_util "$W" pdns set-meta quiet.test ALLOW-DNSUPDATE-FROM 127.0.0.99/32 \
    >/dev/null
v=$(value)
run_auth quiet.test "$v"
check "other address: acme-auth exits 4, refused (got $rc)" [ "$rc" -eq 4 ]
check "other address: one line on stderr says REFUSED" \
    [ "$(grep -c 'REFUSED' "$T/err")" -eq 1 ]
check "other address: pdns serves no TXT" pdns_no_txt quiet.test
check "other address: pdns logged the refusal" \
    grep -q "Remote not listed in allow-dnsupdate-from or domainmetadata" \
    "$W/pdns/server.log"
sed 's/^/# other address: /' "$T/err"
pdns_util "$W" pdns set-meta quiet.test ALLOW-DNSUPDATE-FROM 127.0.0.0/8 \
    >/dev/null

# 8: --check on both zones: what it can see of a primary that does not
# notify.  Its add and delete move pdns' serial and leave no record.
for z in pdns.test quiet.test; do
	sp=$(lab_soa_serial "$z" "$PD")
	$AUTH -c "$T/acme.ini" --check "$z" >"$T/out" 2>"$T/err"
	rc=$?
	check "--check $z exits 0 (got $rc)" [ "$rc" -eq 0 ]
	check "--check $z: pdns took the add and the delete (serial was $sp)" \
	    grep -q "^  key .*: the primary took an add and a delete at _acme-challenge.$z. TXT" \
	    "$T/out"
	check "--check $z: no TXT left on pdns" no_txt "_acme-challenge.$z" \
	    "$PD"
	sed "s/^/# --check $z: /" "$T/out"
done

srv_stop "$W"
echo "# $cases checks, $fails failed"
echo "# summary: faults tried: 0, bad inputs tried: 0, failures: $fails" \
    "($runs acme-auth runs)"
[ "$fails" -eq 0 ]
