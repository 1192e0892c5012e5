#!/bin/sh
# SPDX-License-Identifier: ISC
# A lame name server: example.org's NS set lists
# ns5.example.net (127.0.0.30), a named started here that has no such zone
# and answers REFUSED.  It can never serve a stale value, so the hook warns
# once, naming it and the delegation to fix, and does not wait for it;
# ns3, which answers authoritatively with old data until its refresh
# (LAB_LAG), is still waited for.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

L=$T/lab
LAME=127.0.0.30
ORG=_acme-challenge.example.org

trap 'lab_stop "$L"' EXIT
trap 'exit 1' INT TERM

mkdir -p "$L/extra"
echo "ns5	A	$LAME" >"$L/extra/example.net.db"
echo '@	NS	ns5.example.net.' >"$L/extra/example.org.db"
lab_start "$L" || { lab_logs "$L"; exit 1; }

# The lame server: a named with no zone at all.
lab_named_extra "$L" lame "$LAME" </dev/null || exit 1
check "lame server: $LAME answers REFUSED for example.org" \
    sh -c "dig +norec @$LAME example.org SOA | grep -q 'status: REFUSED'"

# timeout 20: before the fix the hook waited for it, then failed.
ini=$T/lame.ini
(umask 077 && sed 's|^timeout = .*|timeout = 20|' "$L/acme-hooks.ini" \
    >"$ini")
lab_sync_lag "$L" example.org || exit 1
v=$(value)
t0=$(lab_now_ms)
CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$v $AUTH -c "$ini" \
    2>"$T/err"
rc=$?
ms=$(($(lab_now_ms) - t0))
echo "# with a lame NS in the set the hook took $ms ms (LAB_LAG=${LAB_LAG:-3})"
check "lame NS: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "lame NS: not waited for (${ms} ms, less than the timeout)" \
    [ "$ms" -lt 10000 ]
check "lame NS: a warning names ns5 and its address" \
    err_has "ns5.example.net. ($LAME)"
check "lame NS: says it is not authoritative, REFUSED" \
    err_has "is not authoritative for example.org. (answers REFUSED)"
check "lame NS: names the delegation to fix" \
    err_has "fix the delegation of example.org."
check "lame NS: warned once" \
    [ "$(grep -c "warning: .*ns5.example.net" "$T/err")" -eq 1 ]
check "lame NS: ns3, stale until its refresh, was still waited for" \
    lab_wait_value "$ORG" TXT "$LAB_NS3" "\"$v\"" 0
CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$v $CLEAN -c "$ini" \
    2>"$T/err"
rc=$?
check "lame NS: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]

# For the run's fault-suite summary (a lame server).
echo "# summary: faults tried: 1, bad inputs tried: 0, failures: $fails"
finish
