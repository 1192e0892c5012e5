#!/bin/sh
# SPDX-License-Identifier: ISC
# Authoritative addresses this host cannot route to: the usual
# IPv4-only host where an NS name also has an AAAA record.  The namespace
# of tests/run.sh has no IPv6 route but ::1 (checked below), so a send to
# 2001:db8::/32 (documentation space) fails at once in the kernel and no
# packet leaves.  The lab's named serve the zones on IPv4; ns2.example.net
# gets an AAAA 2001:db8::1 beside its A, and example.org an extra NS
# ns6.example.net with nothing but AAAA 2001:db8::6.
# Cases: the poll of a zone whose NS has a reachable address too (one
# warning, no wait, no crash), an NS name with no reachable address under
# down_servers = skip and = wait, and an unroutable first primary address.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

L=$T/lab
V6_NS2=2001:db8::1
V6_NS6=2001:db8::6

trap 'lab_stop "$L"' EXIT
trap 'exit 1' INT TERM

# count TEXT: lines of stderr with TEXT.
count() {
	grep -cF -- "$1" "$T/err"
}

# Nothing can leave: no IPv6 route to the documentation prefix, no default
# route of either family.
if ip -6 route get "$V6_NS2" >/dev/null 2>&1 ||
    [ -n "$(ip -6 route show default 2>/dev/null)" ] ||
    [ -n "$(ip -4 route show default 2>/dev/null)" ]; then
	echo "# this namespace has a route to $V6_NS2 or a default route:"
	ip -6 route 2>&1 | sed 's/^/#   /'
	exit 1
fi
ok "namespace: no route to $V6_NS2, no default route ($(ip -6 route |
    wc -l) IPv6 routes, all local)"

mkdir -p "$L/extra"
cat >"$L/extra/example.net.db" <<EOF
ns2	AAAA	$V6_NS2
ns6	AAAA	$V6_NS6
EOF
echo '@	NS	ns6.example.net.' >"$L/extra/example.org.db"
lab_start "$L" || { lab_logs "$L"; exit 1; }
check "lab: ns2.example.net has its AAAA" \
    [ "$(lab_resolve ns2.example.net AAAA)" = "$V6_NS2" ]

# 1. The CNAME into acmesh.example.net: ns2 has 127.0.0.13 and an
# unroutable AAAA.  The poll skips the AAAA with one warning.
v=$(value)
hook "$AUTH" "$L/acme-hooks.ini" example.net "$v"
echo "# one unroutable address of ns2: $ms ms"
check "one address unroutable: exit 0, no crash (got $rc)" [ "$rc" -eq 0 ]
check "one address unroutable: a warning names $V6_NS2 and 'no route'" \
    err_has "ns2.example.net. ($V6_NS2) for acmesh.example.net.: no route"
check "one address unroutable: exactly one line names $V6_NS2" \
    [ "$(count "$V6_NS2")" -eq 1 ]
check "one address unroutable: no 'connection refused'" \
    err_lacks "connection refused"
check "one address unroutable: value served by ns2's IPv4 address" \
    lab_wait_value _acme-challenge.acmesh.example.net TXT "$LAB_NS2" \
    "\"$v\"" 1
hook "$CLEAN" "$L/acme-hooks.ini" example.net "$v"
check "one address unroutable: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]

# 2. example.org's NS ns6 has no reachable address; down_servers = skip.
ini "$T/skip.ini" 's|^\[options\]|&\ndown_servers = skip|'
v=$(value)
hook "$AUTH" "$T/skip.ini" example.org "$v"
echo "# no reachable address of ns6, down_servers = skip: $ms ms"
check "no address reachable, skip: exit 0, no crash (got $rc)" \
    [ "$rc" -eq 0 ]
check "no address reachable, skip: warns about ns6 with 'no route'" \
    err_has "ns6.example.net. ($V6_NS6)"
check "no address reachable, skip: says no route" err_has "no route"
check "no address reachable, skip: no 'connection refused'" \
    err_lacks "connection refused"
check "no address reachable, skip: every IPv4 server has the value" \
    lab_wait_value _acme-challenge.example.org TXT "$LAB_NS3" "\"$v\"" 1
hook "$CLEAN" "$T/skip.ini" example.org "$v"

# 3. The same with down_servers = wait: the timeout, and the message says
# why (no route) and what to do (reachability or down_servers = skip).
# The timeout outlasts ns3's refresh (LAB_LAG), so only ns6 is behind.
ini "$T/wait.ini" "s|^timeout = .*|timeout = $((${LAB_LAG:-3} + 3))|"
v=$(value)
hook "$AUTH" "$T/wait.ini" example.org "$v"
echo "# no reachable address of ns6, down_servers = wait: $ms ms"
check "no address reachable, wait: exit 7, no crash (got $rc)" \
    [ "$rc" -eq 7 ]
check "no address reachable, wait: names ns6 and 'no route'" \
    err_has "ns6.example.net. ($V6_NS6) for example.org.: no route"
check "no address reachable, wait: advises down_servers = skip" \
    err_has "down_servers = skip"
check "no address reachable, wait: does not blame zone transfers" \
    err_lacks "zone transfers"
hook "$CLEAN" "$T/wait.ini" example.org "$v"

# 4. The update: the first address of the primary is unroutable.
ini "$T/primary.ini" \
    's|^\[zone "acmesh.example.net"\]|&\nserver = '"$V6_NS2"', 127.0.0.12|'
v=$(value)
hook "$AUTH" "$T/primary.ini" example.net "$v"
echo "# unroutable first primary address: $ms ms"
check "unroutable primary address: exit 0, no crash (got $rc)" \
    [ "$rc" -eq 0 ]
check "unroutable primary address: says no route to $V6_NS2" \
    err_has "primary $V6_NS2 for zone acmesh.example.net.: no route"
check "unroutable primary address: value added through 127.0.0.12" \
    lab_wait_value _acme-challenge.acmesh.example.net TXT "$LAB_NS1" \
    "\"$v\"" 1
hook "$CLEAN" "$T/primary.ini" example.net "$v"
check "unroutable primary address: acme-clean exits 0 (got $rc)" \
    [ "$rc" -eq 0 ]

lab_stop "$L"
# For the run's fault-suite summary (unroutable addresses: one of two, none with skip, none with wait, the primary's first).
echo "# summary: faults tried: 4, bad inputs tried: 0, failures: $fails"
finish
