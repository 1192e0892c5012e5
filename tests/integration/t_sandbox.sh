#!/bin/sh
# SPDX-License-Identifier: ISC
# The sandbox (common/flow/sandbox.c) against the real BIND lab: a certbot-style
# run of two challenges whose last call waits, seen from outside while it
# waits (/proc/PID/status: NoNewPrivs, Seccomp); --check's report; the
# test-only sandbox_probe, which sets up as the hooks do and then tries
# what an exploit would (read /etc/shadow, create a file outside the state
# directory, fork, TCP to 127.0.0.1:22 where something listens, a Unix
# socket, executable memory) and what the hooks still need (state files,
# DNS over UDP and TCP, TSIG); and `sandbox = no`.  Where the kernel lacks
# Landlock or seccomp the report must say so and the hooks still work.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

PROBE=$ACME_BUILD/tests/sandbox_probe

[ -x "$PROBE" ] || {
	echo "# $PROBE missing: make $PROBE"
	exit 1
}

has() { grep -qF -- "$1" "$2"; }

lab_start "$T/lab" || { lab_logs "$T/lab"; exit 1; }
export ACME_HOOKS_CONFIG="$T/lab/acme-hooks.ini"
export ACME_HOOKS_STATE_DIR="$T/state"
target=_acme-challenge.acmesh.example.net

# 1. What --check says is in force, for this kernel and this build.
$AUTH --check >"$T/out" 2>"$T/err"
rc=$?
check "--check: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "--check: reports no_new_privs" \
    has "sandbox: no_new_privs on, core dumps off" "$T/out"
cp "$T/out" "$T/report"
landlock=0
seccomp=0
netrules=0
has "sandbox: Landlock ABI" "$T/report" && landlock=1
has "sandbox: seccomp allow-list on" "$T/report" && seccomp=1
has "sandbox: Landlock: no TCP bind, TCP connect only to port 53" \
    "$T/report" && netrules=1
if [ $landlock = 0 ]; then
	echo "# Landlock not available here:"
	grep '^sandbox: Landlock' "$T/report" | sed 's/^/#   /'
	check "--check: says why Landlock is off" \
	    has "sandbox: Landlock off: " "$T/report"
fi
if [ $seccomp = 0 ]; then
	echo "# seccomp not available here:"
	grep '^sandbox: seccomp' "$T/report" | sed 's/^/#   /'
	check "--check: says why seccomp is off" \
	    has "sandbox: seccomp off: " "$T/report"
fi

# 2. certbot: two challenges of one run; the last call waits for ns3
# (LAB_LAG s behind), and meanwhile its /proc/PID/status is read.  The
# hooks find their run by the nearest ancestor named certbot: a copy of
# dash under that name stands in for it.
mkdir -p "$T/bin" && cp "$(command -v dash)" "$T/bin/certbot" || exit 1
lab_sync_lag "$T/lab" acmesh.example.net || exit 1
va=$(value)
vb=$(value)
CERTBOT_DOMAIN=example.net "$T/bin/certbot" -c "
	CERTBOT_VALIDATION=$va CERTBOT_REMAINING_CHALLENGES=1 $AUTH \
	    >'$T/out1' 2>'$T/err1'
	echo \$? >'$T/rc1'
	CERTBOT_VALIDATION=$vb CERTBOT_REMAINING_CHALLENGES=0 $AUTH -v \
	    >'$T/out' 2>'$T/err' &
	echo \$! >'$T/pid2'
	wait \$!
	echo \$? >'$T/rc2'" &
run=$!
nnp=
sec=
i=0
# Until the last call has locked itself in (it polls for seconds), at
# most 20 s.
while [ $i -lt 400 ] && [ ! -s "$T/rc2" ]; do
	pid=$(cat "$T/pid2" 2>/dev/null)
	if [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
		nnp=$(sed -n 's/^NoNewPrivs:[[:space:]]*//p' \
		    "/proc/$pid/status" 2>/dev/null)
		sec=$(sed -n 's/^Seccomp:[[:space:]]*//p' \
		    "/proc/$pid/status" 2>/dev/null)
		[ "$nnp" = 1 ] && break
	fi
	sleep 0.05
	i=$((i + 1))
done
wait $run
rc=$(cat "$T/rc1")
check "certbot 1/2: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "certbot 1/2: left the wait to the last call" has_line \
    "acme-auth: update sent; the last challenge of this certbot run waits for it" \
    "$T/err1"
rc=$(cat "$T/rc2")
check "certbot 2/2: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "certbot 2/2: waited for the earlier record too" \
    has "waiting also for 1 record sent earlier" "$T/err"
check "certbot 2/2, from outside while waiting: NoNewPrivs: 1 (got '$nnp')" \
    [ "$nnp" = 1 ]
if [ $seccomp = 1 ]; then
	check "certbot 2/2, from outside: Seccomp: 2, filter (got '$sec')" \
	    [ "$sec" = 2 ]
else
	check "certbot 2/2, from outside: no filter where --check says so" \
	    [ "$sec" = 0 ]
fi
for v in "$va" "$vb"; do
	check "certbot: $v served by ns3" \
	    sh -c "lab_dig() { dig +norec +short @\$2 \$1 TXT; }; \
	    lab_dig $target $LAB_NS3 | grep -qxF '\"$v\"'"
done
check "certbot: no notes left in the state directory" \
    sh -c "! ls '$T/state' | grep -q '^run-'"
for v in "$va" "$vb"; do
	CERTBOT_DOMAIN=example.net CERTBOT_VALIDATION=$v $CLEAN 2>"$T/err"
	rc=$?
	check "certbot cleanup: exit 0 (got $rc)" [ "$rc" -eq 0 ]
done
check "cleanup: noted the time in the state directory" \
    sh -c "ls '$T/state' | grep -q '^cleaned-'"

# 3. The probe: set up as the hooks do, lock, try.  Something listens on
# 127.0.0.1:22, so only the sandbox can refuse that connection.
timeout 60 python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 22))
s.listen(8)
print("listening", flush=True)
s.settimeout(55)
while True:
    try:
        c, _ = s.accept()
        c.close()
    except socket.timeout:
        sys.exit(0)
' >"$T/listener" 2>&1 &
listener=$!
i=0
while [ $i -lt 100 ] && ! grep -q listening "$T/listener"; do
	sleep 0.05
	i=$((i + 1))
done
check "a listener on 127.0.0.1:22" grep -q listening "$T/listener"

"$PROBE" "$ACME_HOOKS_CONFIG" "$T/outside" "$LAB_NS1" >"$T/out" 2>"$T/err"
rc=$?
cp "$T/out" "$T/probe"
show "$T/probe"
check "probe: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "probe: everything the hooks need still works" \
    sh -c "! grep -q '^BROKEN' '$T/probe' && \
    [ \$(grep -c '^works: ' '$T/probe') -eq 7 ]"
if [ $landlock = 1 ]; then
	for what in "read /etc/shadow" \
	    "create a file outside the state directory"; do
		check "Landlock: $what refused" \
		    has_line "refused: $what (Permission denied)" "$T/probe"
	done
	check "Landlock: nothing created outside" [ ! -e "$T/outside" ]
else
	ok "Landlock not available: file access not tested"
fi
if [ $netrules = 1 ]; then
	check "Landlock: TCP to 127.0.0.1:22 refused" has_line \
	    "refused: TCP connect to 127.0.0.1:22 (Permission denied)" \
	    "$T/probe"
else
	ok "Landlock network rules not available: TCP ports not tested"
fi
if [ $seccomp = 1 ]; then
	for what in fork "open a Unix socket" "map executable memory"; do
		check "seccomp: $what refused" \
		    has_line "refused: $what (Operation not permitted)" \
		    "$T/probe"
	done
else
	ok "seccomp not available: system calls not tested"
fi
check "probe: nothing forbidden went through" \
    sh -c "! grep -q '^ALLOWED' '$T/probe'"

# 4. sandbox = no: the same probe gets through, and says why.
sed 's/^\[options\]$/&\nsandbox = no/' "$ACME_HOOKS_CONFIG" >"$T/nosb.ini"
chmod 600 "$T/nosb.ini"
"$PROBE" "$T/nosb.ini" "$T/outside" "$LAB_NS1" >"$T/out" 2>"$T/err"
check "sandbox = no: reported" has_line "sandbox: off (sandbox = no)" "$T/out"
check "sandbox = no: said at -v" \
    has "sandbox: off (sandbox = no in $T/nosb.ini)" "$T/err"
check "sandbox = no: /etc/shadow readable again" \
    has_line "ALLOWED: read /etc/shadow" "$T/out"
check "sandbox = no: fork works again" has_line "ALLOWED: fork" "$T/out"
rm -f "$T/outside"
ACME_HOOKS_CONFIG=$T/nosb.ini $AUTH --check >"$T/out" 2>"$T/err"
check "sandbox = no: --check says so" \
    has_line "sandbox: off (sandbox = no)" "$T/out"

# 5. What the DNS library does after the lock is allowed, exactly: a run
# under strace (a channel per server is made after the lock; c-ares 1.22
# and later read the resolver configuration for each, and ask uname(2)),
# with no call refused by Landlock (EACCES) or seccomp (EPERM) from the
# lock to the exit.  The probe above shows what stays refused.
if [ $landlock = 1 ] && [ $seccomp = 1 ]; then
	command -v strace >/dev/null 2>&1 || {
		echo "# strace missing (tests/deps.sh installs it)"
		exit 1
	}
	vs=$(value)
	# shellcheck disable=SC2086  # AUTH may carry a wrapper
	strace -f -o "$T/trace" $AUTH present _acme-challenge.example.org. \
	    "$vs" >"$T/out" 2>"$T/err"
	rc=$?
	check "under strace: exit 0 (got $rc)" [ "$rc" -eq 0 ]
	sed -n '/landlock_restrict_self(/,$p' "$T/trace" >"$T/after"
	check "under strace: the lock was seen" [ -s "$T/after" ]
	check "under strace: sockets to the servers after the lock" \
	    grep -q 'connect(' "$T/after"
	grep -E '= -1 (EPERM|EACCES)' "$T/after" >"$T/refused"
	show "$T/refused"
	check "under strace: nothing c-ares does after the lock is refused" \
	    [ ! -s "$T/refused" ]
	$CLEAN cleanup _acme-challenge.example.org. "$vs" >/dev/null 2>&1
	rc=$?
	check "under strace: cleanup exit 0 (got $rc)" [ "$rc" -eq 0 ]
else
	ok "Landlock or seccomp not available: nothing to trace"
fi

kill "$listener" 2>/dev/null
wait "$listener" 2>/dev/null
lab_stop "$T/lab"
finish
