#!/bin/sh
# SPDX-License-Identifier: ISC
# What the hook prints about servers.  example.org's NS set
# gets ns7.example.net (127.0.0.31), a named started here with its own
# copy of example.org: a serial far ahead of the lab's and, at
# _acme-challenge.example.org, a TXT holding ESC, BEL and a high byte.
# It answers authoritatively and never gets our value, so the hook keeps
# describing what it serves until the timeout.
# 1. Bytes from the network reach the terminal only as \DDD escapes.
# 2. A wait where nothing changes prints a line on each change and a
#    heartbeat about every 10 s, not one a second.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

L=$T/lab
STUCK=127.0.0.31

trap 'lab_stop "$L"' EXIT
trap 'exit 1' INT TERM

# raw_bytes: bytes of stderr outside printable ASCII, newlines aside.
raw_bytes() {
	LC_ALL=C tr -d '\n\040-\176' <"$T/err" | wc -c
}

# auth TIMEOUT: acme-auth for example.org with that timeout; status in
# $rc, stderr in $T/err, duration in $ms.
auth() {
	(umask 077 && sed "s|^timeout = .*|timeout = $1|" \
	    "$L/acme-hooks.ini" >"$T/t$1.ini")
	_t0=$(lab_now_ms)
	CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$(value) $AUTH \
	    -c "$T/t$1.ini" >"$T/out" 2>"$T/err"
	rc=$?
	ms=$(($(lab_now_ms) - _t0))
}

mkdir -p "$L/extra"
echo "ns7	A	$STUCK" >"$L/extra/example.net.db"
echo '@	NS	ns7.example.net.' >"$L/extra/example.org.db"
lab_start "$L" || { lab_logs "$L"; exit 1; }

mkdir -p "$L/stuck"
cat >"$L/stuck/example.org.db" <<'EOF'
$TTL 60
@		SOA	ns1.example.net. hostmaster.example.net. 2000000000 2 1 3600 1
@		NS	ns1.example.net.
@		NS	ns7.example.net.
_acme-challenge	TXT	"\027[2J\027]0;owned\007red\200"
EOF
echo 'zone "example.org" { type primary; file "example.org.db"; };' |
    lab_named_extra "$L" stuck "$STUCK" || exit 1
check "stuck server: serves the control bytes" \
    sh -c "dig +norec @$STUCK _acme-challenge.example.org TXT |
    grep -qF '\\027[2J'"

# 1. Escaping.
auth 3
check "escape: the stuck server makes the hook time out (got $rc)" \
    [ "$rc" -eq 7 ]
check "escape: the TXT is shown, escaped" \
    err_has '"\027[2J\027]0;owned\007red\200"'
check "escape: no raw control or high byte on stderr ($(raw_bytes))" \
    [ "$(raw_bytes)" -eq 0 ]

# 2. Progress: 8 s of waiting; ns3 catches up after its refresh (one
# change), ns7 never does.  Once a second would be 7 lines.
lab_sync_lag "$L" example.org || exit 1
auth 8
progress=$(grep -c 'still waiting' "$T/err")
echo "# an $ms ms wait printed $progress progress lines"
check "progress: the hook times out on ns7 (got $rc)" [ "$rc" -eq 7 ]
check "progress: at most 3 progress lines in 8 s (got $progress)" \
    [ "$progress" -le 3 ]
check "progress: at least one progress line (got $progress)" \
    [ "$progress" -ge 1 ]

# For the run's fault-suite summary (a wait where nothing changes; hostile bytes in a TXT value).
echo "# summary: faults tried: 1, bad inputs tried: 1, failures: $fails"
finish
