#!/bin/sh
# The fault suite (RELIABILITY.md, issue 3) against real servers: the BIND
# lab with its Knot part (LAB_KNOT=1, tests/lab/lab.sh), plus servers
# started here: a misbehaving fake (tests/lab/faults/fakedns.py), a named
# that cannot write its journal, and a knotd whose clock is an hour ahead
# (faketime).  Each case checks (a) the exit status, (b) the one error line
# on stderr, (c) the zone on the primary afterwards (lab_dig) and (d) that
# no TSIG secret of the lab appears on stdout or stderr.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/integration/check.sh"

AUTH="${ACME_WRAP:-} $ACME_BUILD/acme-auth"
CLEAN="${ACME_WRAP:-} $ACME_BUILD/acme-clean"
FAKE="python3 $ACME_SRC/tests/lab/faults/fakedns.py"
L=$T/lab
FAKE_ADDR=127.0.0.20	# lab.sh: twoaddr.example.net's first address
FAIL_ADDR=127.0.0.21	# a named that cannot write its journal
SKEW_ADDR=127.0.0.16	# a knotd an hour ahead
faults=0
bad_inputs=0
extra_pids=

cleanup() {
	for _p in $extra_pids; do
		kill "$_p" 2>/dev/null && wait "$_p" 2>/dev/null
	done
	extra_pids=
	lab_stop "$L"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# ini FILE SED-SCRIPT: the lab's config edited, mode 600.
ini() {
	(umask 077 && sed "$2" "$L/acme-hooks.ini" >"$1")
}

# hook HOOK CONFIG DOMAIN VALUE: run as certbot does; status in $rc,
# stdout in $T/out, stderr in $T/err, duration in $ms.
hook() {
	_t0=$(lab_now_ms)
	CERTBOT_DOMAIN=$3 CERTBOT_VALIDATION=$4 $1 -c "$2" \
	    >"$T/out" 2>"$T/err"
	rc=$?
	ms=$(($(lab_now_ms) - _t0))
}

err_has() {
	grep -qF -- "$1" "$T/err" || {
		echo "# stderr lacks: $1"
		return 1
	}
}

err_match() {
	grep -qE -- "$1" "$T/err" || {
		echo "# stderr does not match: $1"
		return 1
	}
}

# one_error: exactly one error line, and no other line but progress.
one_error() {
	_n=$(grep -c ': error: ' "$T/err")
	[ "$_n" -eq 1 ] || {
		echo "# $_n error lines on stderr, not 1"
		return 1
	}
}

# no_secret: no secret of the lab in the hook's stdout or stderr.
no_secret() {
	for _s in $secrets; do
		if grep -qF -- "$_s" "$T/out" "$T/err"; then
			echo "# a TSIG secret was printed"
			return 1
		fi
	done
}

# copies NAME VALUE SERVER: how many TXT records at NAME equal VALUE.
copies() {
	lab_dig "$1" TXT "$3" | grep -cxF "\"$2\""
}

absent() {
	[ "$(copies "$1" "$2" "$3")" -eq 0 ]
}

# failed DESC RC TEXT: the checks every failure case shares.
failed() {
	faults=$((faults + 1))
	check "$1: exit status $2 (got $rc)" [ "$rc" -eq "$2" ]
	check "$1: says '$3'" err_has "$3"
	check "$1: one error line" one_error
	check "$1: no secret printed" no_secret
}

# fake MODE PORT [UPSTREAM]: start the fake server on FAKE_ADDR.
fake() {
	: >"$T/fake.log"
	# shellcheck disable=SC2086
	$FAKE "$1" "$FAKE_ADDR" ${3:-} --port "$2" --log "$T/fake.log" \
	    --lifetime 120 &
	fake_pid=$!
	extra_pids="$extra_pids $fake_pid"
	_end=$(($(lab_now_ms) + 5000))
	until grep -q '^ready' "$T/fake.log"; do
		[ "$(lab_now_ms)" -lt "$_end" ] || return 1
		sleep 0.02
	done
}

fake_stop() {
	kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
	extra_pids=$(echo "$extra_pids" | tr ' ' '\n' | grep -vx "$fake_pid" |
	    tr '\n' ' ')
}

LAB_KNOT=1 lab_start "$L" || { lab_logs "$L"; exit 1; }
secrets=$(for f in "$L/acme-key.conf" "$L"/keys/*.conf; do
	lab__key_field "$f" secret
done)
ORG=_acme-challenge.example.org
KNOT=_acme-challenge.knot.example.org
ACMESH=_acme-challenge.acmesh.example.net

# 1. Primary down: nothing listens there; connection refused, fast.
ini "$T/c1.ini" 's|^\[zone "example.org"\]|&\nserver = 127.0.0.99|'
v=$(value)
hook "$AUTH" "$T/c1.ini" example.org "$v"
failed "primary down" 5 "primary 127.0.0.99 for zone example.org.: connection refused"
check "primary down: fails fast (${ms} ms)" [ "$ms" -lt 2000 ]
check "primary down: nothing added" absent "$ORG" "$v" "$LAB_NS1"

# 2. Primary silent: retried within the deadline, then exit 5 naming
# server:port.
fake silent 5353 || not_ok "silent: fake server did not start"
ini "$T/c2.ini" 's|^timeout = .*|timeout = 6|;
    s|^\[zone "example.org"\]|&\nserver = 127.0.0.20:5353|'
v=$(value)
hook "$AUTH" "$T/c2.ini" example.org "$v"
failed "silent primary" 5 "primary 127.0.0.20:5353 for zone example.org.: no answer"
n=$(grep -c 'ignored' "$T/fake.log")
check "silent primary: the update was retried ($n tries)" [ "$n" -ge 2 ]
check "silent primary: stopped at the 6 s deadline (took $ms ms)" \
    [ "$ms" -lt 8000 ]
fake_stop

# Two primary addresses, the first silent, the second ns1: `server` lists
# them in the order they are tried.
fake silent 53 || not_ok "two addresses: fake server did not start"
ini "$T/c2b.ini" "s|^\\[zone \"example.org\"\\]|&\\nserver = $FAKE_ADDR, $LAB_NS1|"
v=$(value)
hook "$AUTH" "$T/c2b.ini" example.org "$v"
faults=$((faults + 1))
check "two addresses: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "two addresses: one copy on ns1" \
    [ "$(copies "$ORG" "$v" "$LAB_NS1")" -eq 1 ]
check "two addresses: no secret printed" no_secret
check "two addresses: the silent address was tried first" \
    grep -q ignored "$T/fake.log"
check "two addresses: a warning, no error, for the silent one" \
    grep -q "warning: primary $FAKE_ADDR for zone example.org.: no answer" "$T/err"
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "two addresses: cleaned" absent "$ORG" "$v" "$LAB_NS1"
fake_stop

# 3. TSIG: wrong secret, wrong key name, wrong algorithm; named and knotd.
for z in example.org knot.example.org; do
	case $z in
	example.org)	srv=$LAB_NS1 name=$ORG ;;
	*)		srv=$LAB_KNOT_ADDR name=$KNOT ;;
	esac
	ini "$T/c3.ini" "s|^secret = .*|secret = $(head -c 32 /dev/urandom |
	    base64)|"
	v=$(value)
	hook "$AUTH" "$T/c3.ini" "$z" "$v"
	failed "wrong secret ($z)" 6 "$srv rejected the signature of key acme-key for zone $z. (BADSIG)"
	check "wrong secret ($z): nothing added" absent "$name" "$v" "$srv"
	check "wrong secret ($z): the wrong secret is not printed" \
	    sh -c "! grep -qF -- '$(sed -n 's/^secret = //p' "$T/c3.ini")' \
	    '$T/out' '$T/err'"

	ini "$T/c3.ini" 's|^\[key "acme-key"\]|[key "nosuch-key"]|;
	    s|^key = acme-key|key = nosuch-key|'
	hook "$AUTH" "$T/c3.ini" "$z" "$v"
	failed "wrong key name ($z)" 6 "$srv does not know key nosuch-key (BADKEY) for zone $z."
	check "wrong key name ($z): nothing added" absent "$name" "$v" "$srv"

	# The secret is 32 octets: sha512 warns about the length, then
	# the server finds no acme-key for hmac-sha512.
	ini "$T/c3.ini" 's|^algorithm = hmac-sha256|algorithm = hmac-sha512|'
	hook "$AUTH" "$T/c3.ini" "$z" "$v"
	failed "wrong algorithm ($z)" 6 "$srv does not know key acme-key (BADKEY) for zone $z.: check that the key name and algorithm (hmac-sha512)"
	check "wrong algorithm ($z): nothing added" absent "$name" "$v" "$srv"
done

# 4. The server's clock an hour ahead: knotd under faketime (named does
# not run under libfaketime here).  BADTIME with the skew in seconds.
mkdir -p "$L/knotskew"
lab_knot_zone "$L/knotskew/$LAB_KNOT_ZONE.zone"
lab_knot_conf "$L" knotskew "$SKEW_ADDR"
# libfaketime preloaded directly, not through faketime(1), which forks:
# $! must be knotd itself so that it can be stopped.
ftlib=
for d in /usr/lib/*/faketime /usr/lib/faketime /usr/local/lib/faketime; do
	[ -f "$d/libfaketime.so.1" ] && ftlib=$d/libfaketime.so.1 && break
done
[ -n "$ftlib" ] || not_ok "clock skew: libfaketime.so.1 not found (faketime)"
LD_PRELOAD=$ftlib FAKETIME=+3600 knotd -c "$L/knotskew/knot.conf" \
    </dev/null >"$L/knotskew/knotd.log" 2>&1 &
skew_pid=$!
extra_pids="$extra_pids $skew_pid"
lab_wait_value "$LAB_KNOT_ZONE" SOA "$SKEW_ADDR" \
    "ns1.$LAB_KNOT_ZONE. hostmaster.example.net. 1 2 1 3600 1" 10 ||
    not_ok "clock skew: knotd under faketime did not start"
ini "$T/c4.ini" "s|^\\[zone \"$LAB_KNOT_ZONE\"\\]|&\\nserver = $SKEW_ADDR|"
v=$(value)
hook "$AUTH" "$T/c4.ini" "$LAB_KNOT_ZONE" "$v"
failed "clock skew" 6 "$SKEW_ADDR rejected the time of our signature (BADTIME) for zone $LAB_KNOT_ZONE."
check "clock skew: shows about +3600 s" \
    err_match 'its clock is \+(359[89]|360[012]) s from ours'
check "clock skew: nothing added" absent "$KNOT" "$v" "$SKEW_ADDR"
check "clock skew: serial unchanged" \
    [ "$(lab_soa_serial "$LAB_KNOT_ZONE" "$SKEW_ADDR")" = 1 ]
kill "$skew_pid" 2>/dev/null && wait "$skew_pid" 2>/dev/null

# 5. SERVFAIL: a named whose journal path is a directory (we are root in
# the namespace, so file modes would not stop it).  The zone loads (no
# journal yet); the update fails to open the journal: SERVFAIL.
F=$L/nsfail
mkdir -p "$F"
{
	echo 'options {'
	lab__options "$F" "$FAIL_ADDR"
	echo '	recursion no;'
	echo '	notify no;'
	echo '};'
	echo 'controls { };'
	echo "include \"$L/acme-key.conf\";"
	echo 'zone "example.org" { type primary; file "example.org.db";'
	echo '	update-policy { grant acme-key zonesub TXT; }; };'
} >"$F/named.conf"
lab__zone "$F/example.org.db" example.org
ip addr add "$FAIL_ADDR/8" dev lo 2>/dev/null
named -4 -g -n 1 -c "$F/named.conf" </dev/null >"$F/named.log" 2>&1 &
fail_pid=$!
extra_pids="$extra_pids $fail_pid"
lab_wait_serial example.org "$FAIL_ADDR" 1 10 ||
    not_ok "servfail: the extra named did not start"
mkdir "$F/example.org.db.jnl"
ini "$T/c5.ini" "s|^\\[zone \"example.org\"\\]|&\\nserver = $FAIL_ADDR|"
v=$(value)
hook "$AUTH" "$T/c5.ini" example.org "$v"
failed "servfail" 4 "$FAIL_ADDR answered SERVFAIL to the add of $ORG. in zone example.org.: named may be unable to write the zone's journal"
check "servfail: hints permissions and AppArmor" \
    err_match 'permissions.*AppArmor'
check "servfail: named logged the journal failure" \
    grep -q 'journal open failed' "$F/named.log"
check "servfail: nothing added" absent "$ORG" "$v" "$FAIL_ADDR"
check "servfail: serial unchanged" \
    [ "$(lab_soa_serial example.org "$FAIL_ADDR")" = 1 ]
kill "$fail_pid" 2>/dev/null && wait "$fail_pid" 2>/dev/null

# 6. An update sent to a secondary.  BIND 9.18's ns2 (no
# allow-update-forwarding; it knows acme-key with LAB_KNOT=1) answers
# REFUSED, signed ("update forwarding ... denied" in its log).  The
# message must say to point `server` at the primary.
ini "$T/c6.ini" 's|^\[zone "example.org"\]|&\nserver = ns2.example.net|'
v=$(value)
hook "$AUTH" "$T/c6.ini" example.org "$v"
faults=$((faults + 1))
check "secondary: exit status 4 (got $rc)" [ "$rc" -eq 4 ]
check "secondary: ns2 really answered REFUSED" err_has "127.0.0.13 REFUSED"
check "secondary: ns2 logged the denied forwarding" \
    grep -q "update forwarding 'example.org/IN' denied" "$L/ns2/named.log"
check "secondary: tells to set server to the primary" \
    err_match 'primary'
check "secondary: one error line" one_error
check "secondary: no secret printed" no_secret
check "secondary: nothing added" absent "$ORG" "$v" "$LAB_NS1"

# 7. REFUSED by policy: acme-hmac-sha256 is a known key, granted in
# example.org but not in acmesh.example.net.
ini "$T/c7.ini" '/^\[zone "acmesh.example.net"\]/,/^$/d'
cat >>"$T/c7.ini" <<EOF

[key "acme-hmac-sha256"]
file = $L/keys/acme-hmac-sha256.conf

[zone "acmesh.example.net"]
key = acme-hmac-sha256
EOF
v=$(value)
hook "$AUTH" "$T/c7.ini" example.net "$v"
failed "refused by policy" 4 "$LAB_NS1 REFUSED the add of $ACMESH. TXT in zone acmesh.example.net. with key acme-hmac-sha256"
check "refused by policy: hints update-policy" \
    err_has "update-policy { grant acme-hmac-sha256 name $ACMESH. TXT; }"
check "refused by policy: nothing added" absent "$ACMESH" "$v" "$LAB_NS1"

# 10. Answer authenticity, through the fake in front of ns1.
ini "$T/c10.ini" "s|^timeout = .*|timeout = 20|;
    s|^\\[zone \"example.org\"\\]|&\\nserver = $FAKE_ADDR|"
fake unsigned 53 || not_ok "unsigned: fake server did not start"
v=$(value)
hook "$AUTH" "$T/c10.ini" example.org "$v"
failed "unsigned answer" 6 "$FAKE_ADDR: answer to the update of zone example.org. is not signed (NOERROR)"
check "unsigned answer: nothing added (the fake forwards nothing)" \
    absent "$ORG" "$v" "$LAB_NS1"
fake_stop

# A flipped MAC bit: ns1 did apply the update, the hook cannot know it
# and must not claim success; acme-clean (certbot runs it) removes it.
fake flipmac 53 "$LAB_NS1" || not_ok "flipmac: fake server did not start"
v=$(value)
hook "$AUTH" "$T/c10.ini" example.org "$v"
failed "flipped MAC bit" 6 "$FAKE_ADDR: answer to the update of zone example.org. fails TSIG verification with key acme-key: bad signature"
check "flipped MAC bit: the fake flipped it" grep -q 'MAC bit flipped' \
    "$T/fake.log"
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "flipped MAC bit: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "flipped MAC bit: nothing left" absent "$ORG" "$v" "$LAB_NS1"
fake_stop

# An answer with another ID is no answer: the tries time out (exit 5).
fake wrongid 53 "$LAB_NS1" || not_ok "wrongid: fake server did not start"
v=$(value)
hook "$AUTH" "$T/c10.ini" example.org "$v"
failed "wrong answer ID" 5 "primary $FAKE_ADDR for zone example.org.: no answer to the update"
n=$(grep -c 'forwarded with id' "$T/fake.log")
check "wrong answer ID: retransmitted ($n tries)" [ "$n" -ge 2 ]
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "wrong answer ID: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "wrong answer ID: nothing left" absent "$ORG" "$v" "$LAB_NS1"
fake_stop

# 11. A truncated UDP answer: the hook must retry over TCP.
fake tc 53 "$LAB_NS1" || not_ok "tc: fake server did not start"
v=$(value)
hook "$AUTH" "$T/c10.ini" example.org "$v"
faults=$((faults + 1))
check "truncated answer: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "truncated answer: the UDP answer had TC" \
    grep -q 'answered TC' "$T/fake.log"
check "truncated answer: the update went again over TCP" \
    grep -q '^tcp query' "$T/fake.log"
check "truncated answer: one copy on ns1" \
    [ "$(copies "$ORG" "$v" "$LAB_NS1")" -eq 1 ]
check "truncated answer: no secret printed" no_secret
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "truncated answer: cleaned" absent "$ORG" "$v" "$LAB_NS1"
fake_stop

# 12. The first answer lost: the retransmission succeeds, one copy.
fake dropfirst 53 "$LAB_NS1" || not_ok "dropfirst: fake did not start"
v=$(value)
hook "$AUTH" "$T/c10.ini" example.org "$v"
faults=$((faults + 1))
check "lost answer: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "lost answer: the first answer was dropped" \
    grep -q 'first answer dropped' "$T/fake.log"
check "lost answer: exactly one copy on ns1" \
    [ "$(copies "$ORG" "$v" "$LAB_NS1")" -eq 1 ]
check "lost answer: no secret printed" no_secret
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "lost answer: cleaned" absent "$ORG" "$v" "$LAB_NS1"
fake_stop

# 13. Idempotence: add twice, delete twice.
v=$(value)
hook "$AUTH" "$L/acme-hooks.ini" example.org "$v"
check "present twice: first exit 0 (got $rc)" [ "$rc" -eq 0 ]
hook "$AUTH" "$L/acme-hooks.ini" example.org "$v"
faults=$((faults + 1))
check "present twice: second exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "present twice: one copy" [ "$(copies "$ORG" "$v" "$LAB_NS1")" -eq 1 ]
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "clean: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "clean: gone" absent "$ORG" "$v" "$LAB_NS1"
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
faults=$((faults + 1))
check "clean of a value not there: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "clean of a value not there: no error" \
    [ "$(grep -c ': error: ' "$T/err")" -eq 0 ]

# 14. Bad inputs: refused with exit 1 before any packet.  The resolver
# and server are the silent fake, which logs every datagram it gets.
fake silent 53 || not_ok "bad inputs: fake server did not start"
ini "$T/c14.ini" "s|^resolver = .*|resolver = $FAKE_ADDR|;
    s|^\\[zone \"example.org\"\\]|&\\nserver = $FAKE_ADDR|"
label63=$(printf '%063d' 0 | tr 0 a)
label64=${label63}a
label50=$(printf '%050d' 0 | tr 0 b)
# 242 characters, a valid name; _acme-challenge. makes it 258 octets.
long=$label63.$label63.$label63.$label50
nl='
'
# bad DESC DOMAIN VALUE
bad() {
	bad_inputs=$((bad_inputs + 1))
	hook "$AUTH" "$T/c14.ini" "$2" "$3"
	check "bad input, $1: exit 1 (got $rc)" [ "$rc" -eq 1 ]
	check "bad input, $1: one error line" one_error
	check "bad input, $1: nothing sent" \
	    [ "$(grep -c 'udp query\|tcp conn' "$T/fake.log")" -eq 0 ]
}
good=$(value)
bad 'value with a quote' example.org "${good%?}\""
bad 'value with a space' example.org "${good%?} "
bad 'value with a newline' example.org "${good%?}$nl"
bad 'value of 42 characters' example.org "${good%?}"
bad 'value of 44 characters' example.org "${good}A"
bad 'value with a semicolon' example.org "${good%?};"
bad 'empty value' example.org ""
bad 'a 64-octet label' "$label64.example.org" "$good"
bad 'a name over 255 octets' "$long.$label63" "$good"
bad 'a name over 255 with _acme-challenge.' "$long" "$good"
hook "$AUTH" "$T/c14.ini" example.org "${good%?}\""
check "bad input: the message names the validation value" \
    err_has "validation value"
bad_inputs=$((bad_inputs + 1))
# lego's form: present FQDN VALUE.
$AUTH -c "$T/c14.ini" present "_acme-challenge.$label64.example.org." \
    "$good" >"$T/out" 2>"$T/err"
rc=$?
check "bad input, lego 64-octet label: exit 1 (got $rc)" [ "$rc" -eq 1 ]
check "bad input, lego 64-octet label: one error line" one_error
check "bad input: nothing was ever sent" \
    [ "$(grep -c 'udp query\|tcp conn' "$T/fake.log")" -eq 0 ]
fake_stop

# 15. Config files: a secret readable by others, a symbolic link.
# refused DESC CONFIG MESSAGE: acme-auth with CONFIG exits 2 with one
# error line, which holds MESSAGE, and prints no secret.
refused() {
	hook "$AUTH" "$2" example.org "$(value)"
	bad_inputs=$((bad_inputs + 1))
	check "$1: exit 2 (got $rc)" [ "$rc" -eq 2 ]
	check "$1: names path and mode" err_has "$3"
	check "$1: one error line" one_error
	check "$1: no secret printed" no_secret
}
ini "$T/c15.ini" ''
chmod 644 "$T/c15.ini"
refused "config 0644" "$T/c15.ini" \
    "$T/c15.ini: mode 0644 lets others read the TSIG secret"
chmod 600 "$T/c15.ini"
ln -s "$T/c15.ini" "$T/c15-link.ini"
refused "config symlink" "$T/c15-link.ini" \
    "$T/c15-link.ini: is a symbolic link"
# A key file readable by others.
cp "$L/keys/acme-hmac-sha256.conf" "$T/key644.conf"
chmod 644 "$T/key644.conf"
ini "$T/c15k.ini" 's|^\[zone "example.org"\]|[key "k"]\nfile = '"$T"'/key644.conf\n\n&|'
hook "$AUTH" "$T/c15k.ini" example.org "$(value)"
bad_inputs=$((bad_inputs + 1))
check "key file 0644: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "key file 0644: names path and mode" \
    err_has "$T/key644.conf: mode 0644"
check "key file 0644: no secret printed" no_secret

# A config or key file others can change, or in a directory they can
# write (the file chooses file, server and resolver for a root process):
# refused naming the path and the mode, even without a secret in it.
ini "$T/c15w.ini" ''
chmod 664 "$T/c15w.ini"
refused "config 0664" "$T/c15w.ini" \
    "$T/c15w.ini: mode 0664 lets others change it"
mkdir -m 700 "$T/wdir" "$T/wdir/sub"
ini "$T/wdir/c.ini" ''
ini "$T/wdir/sub/c.ini" ''
wdir=$(cd "$T/wdir" && pwd -P)
for _m in 0777 1777 0770; do
	chmod "$_m" "$T/wdir"
	refused "config in a $_m directory" "$T/wdir/c.ini" \
	    "$wdir: directory mode $_m lets others replace"
done
chmod 0777 "$T/wdir"
refused "config below a 0777 directory" "$T/wdir/sub/c.ini" \
    "$wdir: directory mode 0777 lets others replace"
chmod 700 "$T/wdir"

# A secret pasted into the wrong option is not printed: the message says
# where, never what.
secret1=$(echo $secrets | cut -d' ' -f1)
for _case in "timeout|s|^timeout = .*|timeout = $secret1|" \
    "zone key|s|^key = acme-key|key = $secret1|" \
    "zone server|s|^\\[zone \"example.org\"\\]|\\0\\nserver = $secret1|" \
    "resolver|s|^resolver = .*|resolver = $secret1|" \
    "key file|s|^secret = .*|file = $secret1|"; do
	_what=${_case%%|*}
	ini "$T/c15e.ini" "${_case#*|}"
	hook "$AUTH" "$T/c15e.ini" example.org "$(value)"
	bad_inputs=$((bad_inputs + 1))
	check "secret in $_what: exit 2 (got $rc)" [ "$rc" -eq 2 ]
	check "secret in $_what: an error naming the line" \
	    err_match "c15e.ini:[0-9]+: "
	check "secret in $_what: no secret printed" no_secret
done

# 9. A stale secondary past the timeout: exit 7 naming ns3 and its
# serial; acme-clean afterwards leaves nothing, on ns3 too.
ini "$T/c9.ini" 's|^timeout = .*|timeout = 1|'
lab_sync_lag "$L" example.org || not_ok "stale: lab_sync_lag"
v=$(value)
hook "$AUTH" "$T/c9.ini" example.org "$v"
failed "stale secondary" 7 "ns3.example.net. ($LAB_NS3) for example.org.: serial"
check "stale secondary: value on ns1" \
    [ "$(copies "$ORG" "$v" "$LAB_NS1")" -eq 1 ]
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "stale secondary: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "stale secondary: gone from ns1" absent "$ORG" "$v" "$LAB_NS1"
serial=$(lab_soa_serial example.org "$LAB_NS1")
lab_wait_serial example.org "$LAB_NS3" "$serial" $((LAB_LAG + 5))
check "stale secondary: gone from ns3 once it caught up" \
    absent "$ORG" "$v" "$LAB_NS3"

# 8. ns3 down during propagation (last: it stays down).
kill "$(cat "$L/ns3/named.pid")"
lab_wait_ns3_down() {
	_end=$(($(lab_now_ms) + 5000))
	while lab_soa_serial example.org "$LAB_NS3" | grep -q .; do
		[ "$(lab_now_ms)" -lt "$_end" ] || return 1
		sleep 0.05
	done
}
check "ns3 stopped" lab_wait_ns3_down
ini "$T/c8.ini" 's|^timeout = .*|timeout = 6|'
v=$(value)
hook "$AUTH" "$T/c8.ini" example.org "$v"
failed "ns3 down, wait" 7 "ns3.example.net. ($LAB_NS3) for example.org.: connection refused"
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "ns3 down, wait: cleaned" absent "$ORG" "$v" "$LAB_NS1"
ini "$T/c8s.ini" 's|^timeout = .*|timeout = 10|;
    s|^\[options\]|&\ndown_servers = skip|'
v=$(value)
hook "$AUTH" "$T/c8s.ini" example.org "$v"
faults=$((faults + 1))
check "ns3 down, skip: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "ns3 down, skip: warns naming ns3" \
    err_has "warning: ns3.example.net. ($LAB_NS3) has not answered"
check "ns3 down, skip: no error line" \
    [ "$(grep -c ': error: ' "$T/err")" -eq 0 ]
check "ns3 down, skip: ns1 and ns2 serve it" sh -c "
    [ \"\$(dig +short +norec @$LAB_NS1 $ORG TXT | grep -cxF '\"$v\"')\" = 1 ] &&
    [ \"\$(dig +short +norec @$LAB_NS2 $ORG TXT | grep -cxF '\"$v\"')\" = 1 ]"
check "ns3 down, skip: no secret printed" no_secret
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "ns3 down, skip: cleaned" absent "$ORG" "$v" "$LAB_NS1"

cleanup
echo "# $cases checks, $fails failed"
echo "# summary: faults tried: $faults, bad inputs tried: $bad_inputs, failures: $fails"
[ "$fails" -eq 0 ]
