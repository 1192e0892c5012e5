#!/bin/sh
# SPDX-License-Identifier: ISC
# How the hooks behave around the run, against the real BIND lab: certbot
# runs seen through wrappers (timeout, env, nice, flock, a script), a call
# with no certbot above it, notes of a run that died, a state directory
# nobody should trust (others can write it, another user's
# XDG_RUNTIME_DIR for root, a full disk), a 100-name chained call and its
# cleanup, a cleanup that goes on past a failing name, input no client
# sends, and SIGTERM during the wait and during the updates.
# Each case checks the exit status, the message and the zones afterwards.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

ORG=_acme-challenge.example.org
NET=_acme-challenge.acmesh.example.net

lab_start "$T/lab" || { lab_logs "$T/lab"; exit 1; }
export ACME_HOOKS_CONFIG="$T/lab/acme-hooks.ini"
export ACME_HOOKS_STATE_DIR="$T/state"
secrets=$(sed -n 's/^secret = //p' "$ACME_HOOKS_CONFIG")

# The hooks find their certbot run by the nearest ancestor process named
# certbot: a copy of dash under that name stands in for certbot.
mkdir -p "$T/bin" && cp "$(command -v dash)" "$T/bin/certbot" || exit 1
# A wrapper script that neither execs nor is named like a shell.
printf '#!/bin/sh\n"$@"\n' >"$T/bin/wrapper"
chmod 755 "$T/bin/wrapper"

# certbot_run WRAPPER VALUE1 VALUE2: two challenges at example.net (apex
# and wildcard) under one stand-in certbot, each call through WRAPPER;
# $T/err1, $T/err2 and $T/rc1, $T/rc2 hold what each call did.
certbot_run() {
	CERTBOT_DOMAIN=example.net "$T/bin/certbot" -c "
		CERTBOT_VALIDATION=$2 CERTBOT_REMAINING_CHALLENGES=1 \
		    $1 $AUTH >'$T/out1' 2>'$T/err1'
		echo \$? >'$T/rc1'
		CERTBOT_VALIDATION=$3 CERTBOT_REMAINING_CHALLENGES=0 \
		    $1 $AUTH >'$T/out2' 2>'$T/err2'
		echo \$? >'$T/rc2'"
}

# notes_none DIR: no certbot run's note file in DIR.
notes_none() {
	! ls "$1" | grep -q '^run-'
}

# clean_both VALUE1 VALUE2: remove both values again (lego's convention).
clean_both() {
	$CLEAN cleanup "$NET." "$1" 2>/dev/null
	$CLEAN cleanup "$NET." "$2" 2>/dev/null
}

# 1. Wrappers between certbot and the hook: still one run, one wait.
for wrap in "timeout 60" "env" "nice -n 1" "flock $T/lock" \
    "$T/bin/wrapper"; do
	name=${wrap%% *}
	name=${name##*/}
	va=$(value)
	vw=$(value)
	certbot_run "$wrap" "$va" "$vw"
	check "$name: first call exits 0 (got $(cat "$T/rc1"))" \
	    [ "$(cat "$T/rc1")" -eq 0 ]
	check "$name: first call leaves the wait to the last" has_line \
	    "acme-auth: update sent; the last challenge of this certbot run waits for it" \
	    "$T/err1"
	check "$name: last call exits 0 (got $(cat "$T/rc2"))" \
	    [ "$(cat "$T/rc2")" -eq 0 ]
	check "$name: last call waits for the first's record too" has_line \
	    "acme-auth: waiting also for 1 record sent earlier in this certbot run" \
	    "$T/err2"
	check "$name: both values served everywhere on return" \
	    eval 'served "$NET" "$va" && served "$NET" "$vw"'
	check "$name: no note left behind" notes_none "$T/state"
	clean_both "$va" "$vw"
done

# 2. No certbot above the hook (a test script, a cron job): the call
# cannot tell which run it is in, so it waits for its own record.
lab_sync_lag "$T/lab" example.org || exit 1
v=$(value)
CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$v \
    CERTBOT_REMAINING_CHALLENGES=1 $AUTH >"$T/out" 2>"$T/err"
rc=$?
check "no certbot above: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "no certbot above: served everywhere on return, ns3 too" \
    served "$ORG" "$v"
check "no certbot above: no note left to orphan" notes_none "$T/state"
$CLEAN cleanup "$ORG." "$v" 2>/dev/null

# 3. A note left by a certbot run that died before its last call: the
# next run says what may still be published and removes the note.
printf 'example.org. %s. 0000000001 %s\n' "$ORG" "$(value)" \
    >"$T/state/run-999999999-1"
chmod 600 "$T/state/run-999999999-1"
v=$(value)
CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$v \
    CERTBOT_REMAINING_CHALLENGES=0 "$T/bin/certbot" -c "$AUTH" \
    >"$T/out" 2>"$T/err"
rc=$?
check "stale note: the run exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "stale note: reported with what may be published" \
    err_has "run-999999999-1: a certbot run ended before its last challenge; 1 record it noted ($ORG. ...) may still be published"
check "stale note: removed" [ ! -e "$T/state/run-999999999-1" ]
$CLEAN cleanup "$ORG." "$v" 2>/dev/null

# 4. A state directory others can write: not used; every call waits.
mkdir -m 777 "$T/open"
chmod 777 "$T/open"
va=$(value)
vw=$(value)
ACME_HOOKS_STATE_DIR=$T/open certbot_run "" "$va" "$vw"
check "state dir 0777: first call exits 0 (got $(cat "$T/rc1"))" \
    [ "$(cat "$T/rc1")" -eq 0 ]
check "state dir 0777: says why it is not used" \
    grep -qF "$T/open: not using it as the state directory (not mode 0700" \
    "$T/err1"
check "state dir 0777: the first call waited for its own record" \
    grep -qF "authoritative server addresses agree" "$T/err1"
check "state dir 0777: nothing written into it" [ -z "$(ls -A "$T/open")" ]
check "state dir 0777: both values served everywhere" \
    eval 'served "$NET" "$va" && served "$NET" "$vw"'
clean_both "$va" "$vw"

# 5 and 6 need a private mount namespace (as root, outside a chroot).
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
	mount_cases=2
	# 5. Root with another user's XDG_RUNTIME_DIR (kept by su): never
	# used; a private /run takes the fallback /run/acme-hooks.
	mkdir -m 700 "$T/xdg"
	chown nobody "$T/xdg"
	v=$(value)
	unshare -m sh -c "mount -t tmpfs tmpfs /run &&
	    export XDG_RUNTIME_DIR='$T/xdg' ACME_HOOKS_STATE_DIR= &&
	    $AUTH present '$ORG.' '$v' >'$T/out' 2>'$T/err' &&
	    $CLEAN cleanup '$ORG.' '$v' >>'$T/out' 2>>'$T/err'; echo \$? \
	    >'$T/rc'; ls -A /run/acme-hooks >'$T/run-ls' 2>&1"
	check "another user's XDG_RUNTIME_DIR: exit 0 (got $(cat "$T/rc"))" \
	    [ "$(cat "$T/rc")" -eq 0 ]
	check "another user's XDG_RUNTIME_DIR: nothing created in it" \
	    [ -z "$(ls -A "$T/xdg")" ]
	check "another user's XDG_RUNTIME_DIR: root's own /run/acme-hooks used" \
	    grep -q '^cleaned-' "$T/run-ls"

	# 6. A full disk under the state directory: the note cannot be
	# written, so the call fails before anything is published.
	mkdir -m 700 "$T/full"
	v=$(value)
	CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$v unshare -m sh -c "
	    mount -t tmpfs -o size=16k,mode=0700 tmpfs '$T/full' &&
	    mkdir -m 700 '$T/full/state' &&
	    { dd if=/dev/zero of='$T/full/fill' bs=4k 2>/dev/null; :; } &&
	    ACME_HOOKS_STATE_DIR='$T/full/state' CERTBOT_REMAINING_CHALLENGES=1 \
	    '$T/bin/certbot' -c '$AUTH' >'$T/out' 2>'$T/err'; echo \$? >'$T/rc'"
	rc=$(cat "$T/rc")
	check "full disk: exit 8, internal (got $rc)" [ "$rc" -eq 8 ]
	check "full disk: says nothing was published" \
	    err_has "cannot note the pending records (nothing was published)"
	check "full disk: one error line" one_error
	check "full disk: nothing published" gone "$ORG" "$v"
else
	echo "# SKIP: no private mount namespace here (not root, or a chroot):" \
	    "another user's XDG_RUNTIME_DIR and the full disk are not tried"
fi

# 7. 100 names in one dehydrated HOOK_CHAIN call (Let's Encrypt's limit
# per certificate), then their cleanup in one call.
set --
i=0
while [ "$i" -lt 100 ]; do
	i=$((i + 1))
	set -- "$@" "n$i.example.org" "token$i" "$(value)"
done
first=$3
last=$(eval echo "\${300}")
t0=$(lab_now_ms)
$AUTH deploy_challenge "$@" >"$T/out" 2>"$T/err"
rc=$?
t1=$(lab_now_ms)
echo "# 100-name chained deploy_challenge took $((t1 - t0)) ms"
check "100 names: deploy exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "100 names: the first and the last served everywhere" \
    eval 'served "_acme-challenge.n1.example.org" "$first" &&
    served "_acme-challenge.n100.example.org" "$last"'
$CLEAN clean_challenge "$@" >"$T/out" 2>"$T/err"
rc=$?
echo "# 100-name chained clean_challenge took $(($(lab_now_ms) - t1)) ms"
check "100 names: cleanup exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "100 names: the first and the last gone" \
    eval 'gone "_acme-challenge.n1.example.org" "$first" &&
    gone "_acme-challenge.n100.example.org" "$last"'
set --

# 8. A chained cleanup whose first name fails goes on with the others.
v=$(value)
$AUTH present "$ORG." "$v" 2>/dev/null
$CLEAN clean_challenge unconfigured.example.net t "$(value)" \
    example.org t "$v" >"$T/out" 2>"$T/err"
rc=$?
check "cleanup past a failing name: exit 2, the worst (got $rc)" \
    [ "$rc" -eq 2 ]
check "cleanup past a failing name: the other value is gone" \
    gone "$ORG" "$v"

# 9. Input no client sends: refused before anything is sent.
v=$(value)
CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$v \
    CERTBOT_REMAINING_CHALLENGES=abc $AUTH >"$T/out" 2>"$T/err"
rc=$?
check "CERTBOT_REMAINING_CHALLENGES=abc: exit 1 (got $rc)" [ "$rc" -eq 1 ]
check "CERTBOT_REMAINING_CHALLENGES=abc: one line" one_line
check "CERTBOT_REMAINING_CHALLENGES=abc: nothing published" gone "$ORG" "$v"
for bad in 'a\.b.example.org' '*.*.example.org' 'exa mple.org' \
    'a\000.example.org' '"example.org"'; do
	CERTBOT_DOMAIN=$bad CERTBOT_VALIDATION=$v $AUTH >"$T/out" 2>"$T/err"
	rc=$?
	check "domain '$bad': exit 1 (got $rc)" [ "$rc" -eq 1 ]
	check "domain '$bad': one line" one_line
done
$AUTH present example.org. "$v" >"$T/out" 2>"$T/err"
rc=$?
check "lego name without _acme-challenge.: exit 1 (got $rc)" [ "$rc" -eq 1 ]
check "lego name without _acme-challenge.: says so" \
    err_has "does not start with _acme-challenge."

# 10. SIGTERM while waiting for a lagging secondary: one line says what
# stays published, exit 9; acme-clean removes it.
lab_sync_lag "$T/lab" example.org || exit 1
v=$(value)
$AUTH present "$ORG." "$v" >"$T/out" 2>"$T/err" &
pid=$!
end=$(($(lab_now_ms) + 5000))
until grep -q 'waiting for' "$T/err" 2>/dev/null ||
    [ "$(lab_now_ms)" -ge "$end" ]; do
	sleep 0.02
done
kill -TERM "$pid"
wait "$pid"
rc=$?
check "SIGTERM while waiting: exit 9 (got $rc)" [ "$rc" -eq 9 ]
check "SIGTERM while waiting: says what stays published" \
    err_has "interrupted by SIGTERM while waiting for the authoritative servers: 1 TXT record (at $ORG.) stays published; the client's cleanup, or acme-clean with the same arguments, removes it"
check "SIGTERM while waiting: one error line" one_error
check "SIGTERM while waiting: the value is on the primary" \
    served "$ORG" "$v" "$LAB_NS1"
$CLEAN cleanup "$ORG." "$v" >"$T/out" 2>"$T/err"
check "SIGTERM while waiting: acme-clean removes it" gone "$ORG" "$v"

# 11. SIGTERM while the second zone's update is unanswered (its primary
# is silent): the first zone's record, already added, is removed again.
python3 -c '
import socket, sys, time
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.21", 53))
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("127.0.0.21", 53))
t.listen(8)
open(sys.argv[1], "w").close()
time.sleep(60)
' "$T/silent-up" 2>"$T/silent.err" &
silent=$!
end=$(($(lab_now_ms) + 5000))
until [ -e "$T/silent-up" ] || [ "$(lab_now_ms)" -ge "$end" ]; do
	sleep 0.02
done
show "$T/silent.err"
sed 's|^\[zone "acmesh.example.net"\]|&\nserver = 127.0.0.21|' \
    "$ACME_HOOKS_CONFIG" >"$T/silent.ini"
chmod 600 "$T/silent.ini"
vo=$(value)
vn=$(value)
ACME_HOOKS_CONFIG=$T/silent.ini $AUTH deploy_challenge \
    example.org t "$vo" example.net t "$vn" >"$T/out" 2>"$T/err" &
pid=$!
end=$(($(lab_now_ms) + 10000))
until grep -q 'add of 1 TXT record in example.org. accepted' "$T/err" \
    2>/dev/null || [ "$(lab_now_ms)" -ge "$end" ]; do
	sleep 0.02
done
sleep 0.3
kill -TERM "$pid"
wait "$pid"
rc=$?
kill "$silent" 2>/dev/null
wait "$silent" 2>/dev/null
check "SIGTERM during the updates: exit 9 (got $rc)" [ "$rc" -eq 9 ]
check "SIGTERM during the updates: says the records were taken back" \
    err_has "interrupted by SIGTERM while sending the update for zone acmesh.example.net.; every record this call sent was removed again"
check "SIGTERM during the updates: the first zone's record is gone" \
    gone "$ORG" "$vo"
check "SIGTERM during the updates: no secret printed" no_secret "$secrets"

lab_stop "$T/lab"
# For the run's fault-suite summary: the five wrappers, no certbot above,
# a stale note, an untrusted state directory, another user's
# XDG_RUNTIME_DIR and a full disk (where they ran), 100 names, a cleanup
# past a failing name, two signals; bad inputs: the count and six names.
echo "# summary: faults tried: $((12 + ${mount_cases:-0})), bad inputs tried: 7, failures: $fails"
finish
