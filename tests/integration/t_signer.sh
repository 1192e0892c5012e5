#!/bin/sh
# SPDX-License-Identifier: ISC
# The TSIG secret lives in the signer only (signer.h).  While a hook waits
# for the lab's lagging secondary, the test reads the memory of the hook
# (the process that parses every answer) through /proc/PID/maps and
# /proc/PID/mem: neither the decoded secret nor its base64 text may be
# anywhere in it.  --probe keeps its signer, the hook's child, through
# the wait: there the secret must be found (the scan can fail), and the
# signer must be locked in (seccomp, no_new_privs, one descriptor).  A
# run's signer is gone, reaped, before the wait.  A signer killed during
# --probe's wait: exit status 8 with one line saying so, and reaped.

set -u
# Long enough a wait to read two processes' memory in.
LAB_LAG=${LAB_LAG:-6}
export LAB_LAG
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

need python3 python3 || { finish; exit 1; }
lab_start "$T/lab" || { lab_logs "$T/lab"; exit 1; }
export ACME_HOOKS_CONFIG="$T/lab/acme-hooks.ini"
export ACME_HOOKS_STATE_DIR="$T/state"
secret=$(sed -n 's/^secret = //p' "$ACME_HOOKS_CONFIG")
check "the lab's configuration has a secret" [ -n "$secret" ]

# wait_line FILE TEXT: until FILE holds TEXT, 20 s at most.
wait_line() {
	_i=0
	while [ $_i -lt 400 ] && ! grep -qF -- "$2" "$1"; do
		sleep 0.05
		_i=$((_i + 1))
	done
	grep -qF -- "$2" "$1"
}

# children PID: the process IDs of PID's children.
children() {
	echo $(cat /proc/"$1"/task/*/children 2>/dev/null)
}

# scan NAME PID: memscan.py's line for PID in $T/scan-NAME.
scan() {
	printf '%s\n' "$secret" | python3 "$ACME_SRC/tests/lib/memscan.py" \
	    "$2" >"$T/scan-$1" 2>&1
	echo "# $1 (pid $2): $(cat "$T/scan-$1")"
}

# found NAME WHAT: the count memscan.py gave for WHAT (decoded, base64).
found() {
	sed -n "s/.*$2 \([0-9]*\).*/\1/p" "$T/scan-$1"
}

# ---- 1. A run: the hook waits for ns3 without a secret or a child.
lab_sync_lag "$T/lab" example.org || exit 1
v=$(value)
CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$v \
    "$ACME_BUILD/acme-auth" -v >"$T/out" 2>"$T/err" &
pid=$!
check "run: the update went through" \
    wait_line "$T/err" "accepted (signed answer verified)"
# The signer ends once the update is verified; the wait follows.
i=0
while [ $i -lt 100 ] && [ -n "$(children "$pid")" ]; do
	sleep 0.02
	i=$((i + 1))
done
check "run: the signer ended and was reaped before the wait" \
    [ -z "$(children "$pid")" ]
check "run: the hook still waits for ns3" [ -d "/proc/$pid" ]
scan run "$pid"
check "run: the hook's memory was read" [ -n "$(found run decoded)" ]
check "run: no decoded secret in the hook's memory" \
    [ "$(found run decoded)" = 0 ]
check "run: no base64 secret in the hook's memory" \
    [ "$(found run base64)" = 0 ]
wait "$pid"
rc=$?
check "run: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "run: the value is served" served _acme-challenge.example.org "$v"
CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$v \
    "$ACME_BUILD/acme-clean" >/dev/null 2>&1

# start_probe WHAT: --probe in the background, ns3 lagging, until its
# add is verified; the hook's pid in $pid, its children in $signer.
start_probe() {
	lab_sync_lag "$T/lab" example.org || exit 1
	"$ACME_BUILD/acme-auth" -v --probe example.org >"$T/out" 2>"$T/err" &
	pid=$!
	check "$1: the update went through" \
	    wait_line "$T/err" "accepted (signed answer verified)"
	signer=$(children "$pid")
	check "$1: the hook has one child, its signer" \
	    [ "$(echo $signer | wc -w)" -eq 1 ]
}

# ---- 2. --probe: its signer waits too, with the secret.
start_probe probe
check "probe: the signer is the one the hook names" \
    grep -qF "signer: keys held by process $signer" "$T/err"
check "probe: the hook still waits for ns3" [ -d "/proc/$pid" ]
scan probe-hook "$pid"
scan probe-signer "$signer"
check "probe: the hook's memory was read" \
    [ -n "$(found probe-hook decoded)" ]
check "probe: no decoded secret in the hook's memory" \
    [ "$(found probe-hook decoded)" = 0 ]
check "probe: no base64 secret in the hook's memory" \
    [ "$(found probe-hook base64)" = 0 ]
check "probe: the decoded secret is in the signer's memory" \
    [ "$(found probe-signer decoded)" -gt 0 ]
check "probe: signer: seccomp filter" \
    grep -qx 'Seccomp:[[:space:]]*2' "/proc/$signer/status"
check "probe: signer: no_new_privs" \
    grep -qx 'NoNewPrivs:[[:space:]]*1' "/proc/$signer/status"
check "probe: signer: one descriptor, its socket" \
    [ "$(ls "/proc/$signer/fd" | wc -l)" -eq 1 ]
wait "$pid"
rc=$?
check "probe: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "probe: 'probe passed'" grep -q "^probe passed" "$T/out"
check "probe: the signer is gone" [ ! -d "/proc/$signer" ]

# ---- 3. A signer that dies: the removal after the wait cannot be signed;
# one clear line, exit status 8 (internal), and the hook reaps it.
start_probe "dead signer"
check "dead signer: killed" kill -KILL "$signer"
wait "$pid"
rc=$?
check "dead signer: exit 8 (got $rc)" [ "$rc" -eq 8 ]
check "dead signer: says so" grep -qF \
    "acme-auth: error: the signing process (pid $signer) was killed by signal 9; cannot sign the update" \
    "$T/err"
check "dead signer: reaped" [ ! -d "/proc/$signer" ]
# The probe value stays (acme-clean takes only dns-01 values): the lab's
# own key removes it.
lab_nsupdate "$T/lab" <<EOF
update delete _acme-challenge.example.org TXT
EOF
check "dead signer: the probe value removed" \
    no_txt _acme-challenge.example.org "$LAB_NS1"

finish
