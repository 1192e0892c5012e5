# SPDX-License-Identifier: ISC
# Integration test: the DNS lab itself (tests/lab/lab.sh).  Checks that
# every server serves every zone, the resolver follows the lab's CNAMEs,
# TSIG-signed updates are accepted where the policy allows and refused
# elsewhere, ns2 gets a change by NOTIFY in under a second while ns3 only
# gets it on its refresh timer, LAB_LAG seconds later, and lab_stop stops
# everything.  Run through tests/run.sh, which provides $T and the
# private network namespace.

. "${ACME_SRC:-.}/tests/lab/lab.sh"

L=$T/lab
LAB_LAG=${LAB_LAG:-3}

fail() {
	echo "FAIL: $*"
	exit 1
}

trap 'lab_stop "$L"' EXIT
trap 'exit 1' INT TERM

# lab_start refuses to run outside run.sh's namespace.
# shellcheck disable=SC2030,SC2031
(ACME_NETNS='net:[1]'; lab_start "$T/no1" 2>/dev/null) &&
    fail "lab_start ran with ACME_NETNS naming another namespace"
# shellcheck disable=SC2030,SC2031
(ACME_NETNS_HOST=$ACME_NETNS; lab_start "$T/no2" 2>/dev/null) &&
    fail "lab_start ran in the namespace named as the host's"
if [ -e "$T/no1" ] || [ -e "$T/no2" ]; then
	fail "a refused lab_start wrote files"
fi

lab_start "$L" || fail "lab_start"
echo "lab_start took $LAB_START_MS ms"

# Key and hook configuration: private, and the same secret in both.
for f in acme-key.conf acme-hooks.ini; do
	[ "$(stat -c %a "$L/$f")" = 600 ] || fail "$f mode is not 600"
done
secret=$(sed -n 's/^[[:space:]]*secret "\([^"]*\)";.*/\1/p' \
    "$L/acme-key.conf")
[ ${#secret} -eq 44 ] || fail "tsig-keygen secret is not 32 bytes of base64"
grep -qxF "secret = $secret" "$L/acme-hooks.ini" ||
    fail "acme-hooks.ini does not hold the key's secret"
grep -qxF '[zone "acmesh.example.net"]' "$L/acme-hooks.ini" ||
    fail "acme-hooks.ini: no acmesh.example.net section"
grep -qxF '[zone "example.org"]' "$L/acme-hooks.ini" ||
    fail "acme-hooks.ini: no example.org section"
! grep -q unconf "$L/acme-hooks.ini" ||
    fail "acme-hooks.ini must not configure unconf.example.net"

# Every authoritative server serves serial 1 of every zone.
for z in $LAB_ZONES; do
	for s in $LAB_NS1 $LAB_NS2 $LAB_NS3; do
		[ "$(lab_soa_serial "$z" "$s")" = 1 ] ||
		    fail "$s does not serve $z serial 1"
	done
done

# The root refers example.net and example.org to ns1-3, with glue.
ref=$(dig +norec +time=1 +tries=1 @"$LAB_ROOT" www.example.org A)
printf '%s\n' "$ref" | grep -q 'status: NOERROR' ||
    fail "root: no referral for example.org"
[ "$(printf '%s\n' "$ref" | grep -c '^example\.org\..*NS.*ns[123]\.example\.net\.$')" = 3 ] ||
    fail "root: example.org referral lacks the three NS"
ref=$(dig +norec +time=1 +tries=1 @"$LAB_ROOT" example.net NS)
printf '%s\n' "$ref" | grep -q '^ns3\.example\.net\..*A.127\.0\.0\.14$' ||
    fail "root: no glue for ns3.example.net"

# The resolver follows the CNAMEs through the root and the delegations.
got=$(lab_resolve _acme-challenge.example.net CNAME)
[ "$got" = _acme-challenge.acmesh.example.net. ] ||
    fail "resolver: _acme-challenge.example.net CNAME is '$got'"
got=$(lab_resolve _acme-challenge.www.example.net CNAME)
[ "$got" = _acme-challenge.acmesh.example.net. ] ||
    fail "resolver: _acme-challenge.www.example.net CNAME is '$got'"
got=$(lab_resolve _acme-challenge.unconfigured.example.net CNAME)
[ "$got" = _acme-challenge.unconf.example.net. ] ||
    fail "resolver: _acme-challenge.unconfigured CNAME is '$got'"
[ -z "$(lab_resolve _acme-challenge.example.org CNAME)" ] ||
    fail "resolver: _acme-challenge.example.org must not be a CNAME"
got=$(lab_resolve acmesh.example.net NS | sort | tr '\n' ' ')
[ "$got" = "ns1.example.net. ns2.example.net. ns3.example.net. " ] ||
    fail "resolver: acmesh.example.net NS is '$got'"

# Updates unsigned, to a zone without a policy or of other types than
# TXT are refused.
echo "update add _acme-challenge.acmesh.example.net 60 TXT nokey" |
    { echo "server $LAB_NS1"; cat; echo send; } |
    nsupdate -t 5 >"$T/unsigned.out" 2>&1 &&
    fail "unsigned update accepted"
grep -q REFUSED "$T/unsigned.out" || fail "unsigned update not REFUSED"
echo "update add _acme-challenge.unconf.example.net 60 TXT x" |
    lab_nsupdate "$L" >"$T/unconf.out" 2>&1 &&
    fail "update of unconf.example.net accepted"
grep -q REFUSED "$T/unconf.out" || fail "unconf update not REFUSED"
echo "update add host.acmesh.example.net 60 A 192.0.2.1" |
    lab_nsupdate "$L" >"$T/a.out" 2>&1 &&
    fail "update of an A record accepted: the policy must allow TXT only"
grep -q REFUSED "$T/a.out" || fail "A record update not REFUSED"

# The lag: right after ns3 has refreshed, add a TXT.  ns2 must have it
# within a second (NOTIFY), ns3 not before about LAB_LAG seconds.
lab_sync_lag "$L" acmesh.example.net || fail "lab_sync_lag"
name=_acme-challenge.acmesh.example.net
value=lab-$(lab_now_ms)
t0=$(lab_now_ms)
echo "update add $name 60 TXT $value" | lab_nsupdate "$L" ||
    fail "signed update refused"
t1=$(lab_now_ms)
lab_wait_value "$name" TXT "$LAB_NS1" "\"$value\"" 1 || fail "ns1"
lab_wait_value "$name" TXT "$LAB_NS2" "\"$value\"" 1 ||
    fail "ns2 did not get the change within 1 s"
t2=$(lab_now_ms)
[ -z "$(lab_dig "$name" TXT "$LAB_NS3")" ] ||
    fail "ns3 got the change as fast as ns2: it does not lag"
lab_wait_value "$name" TXT "$LAB_NS3" "\"$value\"" $((LAB_LAG + 3)) ||
    fail "ns3 never got the change"
t3=$(lab_now_ms)
echo "nsupdate $((t1 - t0)) ms; ns2 after $((t2 - t1)) ms;" \
    "ns3 after $((t3 - t1)) ms (LAB_LAG=$LAB_LAG)"
[ $((t3 - t1)) -ge $((LAB_LAG * 1000 - 800)) ] ||
    fail "ns3 lagged only $((t3 - t1)) ms, want about $LAB_LAG s"
[ $((t3 - t1)) -le $((LAB_LAG * 1000 + 1500)) ] ||
    fail "ns3 lagged $((t3 - t1)) ms, want about $LAB_LAG s"
serial=$(lab_soa_serial acmesh.example.net "$LAB_NS1")
for s in $LAB_NS2 $LAB_NS3; do
	[ "$(lab_soa_serial acmesh.example.net "$s")" = "$serial" ] ||
	    fail "$s not at serial $serial of acmesh.example.net"
done
grep -q "notify from 127.0.0.12#[0-9]*: serial $serial" \
    "$L/ns2/named.log" || fail "ns2 got no NOTIFY for serial $serial"
! grep -q 'received notify' "$L/ns3/named.log" ||
    fail "ns3 received a NOTIFY; it must only refresh by its timer"

# The resolver sees the TXT through the CNAME (caches last <= 2 s).
i=0
while :; do
	lab_resolve _acme-challenge.example.net TXT |
	    grep -qxF "\"$value\"" && break
	i=$((i + 1))
	[ "$i" -lt 50 ] || fail "resolver does not follow the CNAME to the TXT"
	sleep 0.1
done

# The directly updated zone: example.org, same key, same secondaries.
lab_sync_lag "$L" example.org || fail "lab_sync_lag example.org"
t1=$(lab_now_ms)
echo "update add _acme-challenge.example.org 60 TXT $value" |
    lab_nsupdate "$L" || fail "signed update of example.org refused"
lab_wait_value _acme-challenge.example.org TXT "$LAB_NS2" "\"$value\"" 1 ||
    fail "ns2 did not get the example.org change within 1 s"
[ -z "$(lab_dig _acme-challenge.example.org TXT "$LAB_NS3")" ] ||
    fail "ns3 got the example.org change at once: it does not lag"
lab_wait_value _acme-challenge.example.org TXT "$LAB_NS3" "\"$value\"" \
    $((LAB_LAG + 3)) || fail "ns3 never got the example.org change"
echo "example.org: ns3 after $(($(lab_now_ms) - t1)) ms"

# Deleting the value reaches ns2 at once too.
echo "update delete $name TXT \"$value\"" | lab_nsupdate "$L" ||
    fail "delete refused"
i=0
while [ -n "$(lab_dig "$name" TXT "$LAB_NS2")" ]; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || fail "ns2 still serves the deleted TXT"
	sleep 0.01
done

# lab_stop stops every server, within its bound.
pids=$(cat "$L"/*/named.pid)
[ "$(echo "$pids" | wc -w)" = 5 ] || fail "not 5 pid files"
lab_stop "$L"
for p in $pids; do
	! lab__alive "$p" || fail "named $p still runs after lab_stop"
done
for s in $LAB_ROOT $LAB_NS1 $LAB_NS2 $LAB_NS3; do
	! dig +norec +time=1 +tries=1 @"$s" . SOA >/dev/null 2>&1 ||
	    fail "$s still answers"
done
exit 0
