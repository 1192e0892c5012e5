#!/bin/sh
# SPDX-License-Identifier: ISC
# Faults, against real servers: what the hooks do when a server, the
# network, the TSIG key, the input or a config file is wrong.  The servers:
# the BIND lab with its Knot part (LAB_KNOT=1, tests/lab/lab.sh), plus
# servers started here: a misbehaving fake (tests/lab/faults/fakedns.py), a
# named that cannot write its journal, and a knotd whose clock is an hour
# ahead (faketime).  Each block sets $fault to the fault it tries, and every
# case is named after it.  A fault the hooks must report is checked for the
# exit status, the one error line on stderr, the zone on the server
# afterwards (lab_dig) and that no TSIG secret of the lab is printed; a
# fault they must survive, for the outcome, the zone and the secrets.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

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

# err_match ERE: a line of $T/err matches the extended regexp ERE.
err_match() {
	grep -qE -- "$1" "$T/err" || {
		echo "# stderr does not match: $1"
		return 1
	}
}

# failed DESC RC TEXT: the checks every failure case shares.
failed() {
	faults=$((faults + 1))
	check "$1: exit status $2 (got $rc)" [ "$rc" -eq "$2" ]
	check "$1: says '$3'" err_has "$3"
	check "$1: one error line" one_error
	check "$1: no secret printed" no_secret "$secrets"
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

# Primary down: nothing listens there; connection refused, fast.
fault='primary down (nothing listens)'
ini "$T/c1.ini" 's|^\[zone "example.org"\]|&\nserver = 127.0.0.99|'
v=$(value)
hook "$AUTH" "$T/c1.ini" example.org "$v"
failed "$fault" 5 "primary 127.0.0.99 for zone example.org.: connection refused"
check "$fault: fails fast (${ms} ms)" [ "$ms" -lt 2000 ]
check "$fault: nothing added" gone "$ORG" "$v" "$LAB_NS1"

# Resolver down: nothing listens at `resolver =`; the line names the
# address and what to correct.
fault='resolver down (nothing listens)'
ini "$T/c1r.ini" 's|^resolver = .*|resolver = 127.0.0.99|'
v=$(value)
hook "$AUTH" "$T/c1r.ini" example.org "$v"
failed "$fault" 3 "failed: connection refused by the resolver at 127.0.0.99:53 (set by resolver = in [options]); check that a recursive resolver listens there, or correct resolver = in [options]"
check "$fault: says which lookup" err_match \
    "resolver lookup of [^ ]*example\.org\. [A-Z]+ failed"
check "$fault: nothing added" gone "$ORG" "$v" "$LAB_NS1"

# Primary silent: the update is retried within the deadline, then exit 5
# naming server:port.
fault='primary silent'
fake silent 5353 || not_ok "$fault: fake server did not start"
ini "$T/c2.ini" 's|^timeout = .*|timeout = 6|;
    s|^\[zone "example.org"\]|&\nserver = 127.0.0.20:5353|'
v=$(value)
hook "$AUTH" "$T/c2.ini" example.org "$v"
failed "$fault" 5 "primary 127.0.0.20:5353 for zone example.org.: no answer"
n=$(grep -c 'ignored' "$T/fake.log")
check "$fault: retries within the deadline ($n tries)" [ "$n" -ge 2 ]
check "$fault: gives up at the 6 s deadline (took $ms ms)" \
    [ "$ms" -lt 8000 ]
fake_stop

# Two primary addresses, the first silent, the second ns1: `server` lists
# them in the order they are tried.
fault='first of two primary addresses silent'
fake silent 53 || not_ok "$fault: fake server did not start"
ini "$T/c2b.ini" "s|^\\[zone \"example.org\"\\]|&\\nserver = $FAKE_ADDR, $LAB_NS1|"
v=$(value)
hook "$AUTH" "$T/c2b.ini" example.org "$v"
faults=$((faults + 1))
check "$fault: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "$fault: one copy on ns1" \
    served "$ORG" "$v" "$LAB_NS1"
check "$fault: no secret printed" no_secret "$secrets"
check "$fault: the silent address was tried first" \
    grep -q ignored "$T/fake.log"
check "$fault: a warning, no error, for the silent one" \
    grep -q "warning: primary $FAKE_ADDR for zone example.org.: no answer" "$T/err"
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "$fault: cleaned" gone "$ORG" "$v" "$LAB_NS1"
fake_stop

# TSIG: a wrong secret, a key name the server does not know, a wrong
# algorithm; against named and knotd.  named and Knot 3.2 (Debian 12)
# answer a key they do not know with NOTAUTH and a TSIG record saying
# BADKEY; Knot 3.4 (Debian 13) with a bare NOTAUTH, as for a zone it does
# not serve, and the hook names both causes.
knot_ver=$(knotd -V 2>/dev/null | sed -n 's/.*[^0-9.]\([0-9][0-9]*\.[0-9][0-9]*\)\.[0-9].*/\1/p')
case $knot_ver in
[0-2].*|3.[0-2])	knot_badkey=1 ;;
3.*|[4-9].*)		knot_badkey=0 ;;
*)	not_ok "knotd -V names no version: '$(knotd -V 2>&1 | head -n 1)'"
	knot_badkey=1 ;;
esac
echo "# knotd $knot_ver answers an unknown key with BADKEY: $knot_badkey"
# unknown KEY ALG: what the hook says when the server does not know KEY.
unknown() {
	if [ "$srv" = "$LAB_NS1" ] || [ "$knot_badkey" = 1 ]; then
		echo "$srv does not know key $1 (BADKEY) for zone $z.: check that the key name and algorithm ($2)"
	else
		echo "$srv answered NOTAUTH without a TSIG record to the update of zone $z.: it does not know key $1 (BADKEY: check that the key name and algorithm ($2) match the server's key), or it is not authoritative"
	fi
}
for z in example.org knot.example.org; do
	case $z in
	example.org)	srv=$LAB_NS1 name=$ORG ;;
	*)		srv=$LAB_KNOT_ADDR name=$KNOT ;;
	esac
	fault='wrong TSIG secret'
	ini "$T/c3.ini" "s|^secret = .*|secret = $(head -c 32 /dev/urandom |
	    base64)|"
	v=$(value)
	hook "$AUTH" "$T/c3.ini" "$z" "$v"
	failed "$fault ($z)" 6 "$srv rejected the signature of key acme-key for zone $z. (BADSIG)"
	check "$fault ($z): nothing added" gone "$name" "$v" "$srv"
	check "$fault ($z): the wrong secret is not printed" \
	    no_secret "$(sed -n 's/^secret = //p' "$T/c3.ini")"

	fault='TSIG key unknown to the server'
	ini "$T/c3.ini" 's|^\[key "acme-key"\]|[key "nosuch-key"]|;
	    s|^key = acme-key|key = nosuch-key|'
	hook "$AUTH" "$T/c3.ini" "$z" "$v"
	failed "$fault ($z)" 6 "$(unknown nosuch-key hmac-sha256)"
	check "$fault ($z): nothing added" gone "$name" "$v" "$srv"

	# The secret is 32 octets: sha512 warns about the length, then
	# the server finds no acme-key for hmac-sha512.
	fault='wrong TSIG algorithm'
	ini "$T/c3.ini" 's|^algorithm = hmac-sha256|algorithm = hmac-sha512|'
	hook "$AUTH" "$T/c3.ini" "$z" "$v"
	failed "$fault ($z)" 6 "$(unknown acme-key hmac-sha512)"
	check "$fault ($z): nothing added" gone "$name" "$v" "$srv"
done

# The server's clock an hour ahead: knotd under faketime (named does
# not run under libfaketime here).  BADTIME with the skew in seconds.
fault='server clock an hour ahead'
mkdir -p "$L/knotskew"
lab_knot_zone "$L/knotskew/$LAB_KNOT_ZONE.zone"
lab_knot_conf "$L" knotskew "$SKEW_ADDR"
# libfaketime preloaded directly, not through faketime(1), which forks:
# $! must be knotd itself so that it can be stopped.
ftlib=
for d in /usr/lib/*/faketime /usr/lib/faketime /usr/local/lib/faketime; do
	[ -f "$d/libfaketime.so.1" ] && ftlib=$d/libfaketime.so.1 && break
done
[ -n "$ftlib" ] || not_ok "$fault: libfaketime.so.1 not found (faketime)"
LD_PRELOAD=$ftlib FAKETIME=+3600 knotd -c "$L/knotskew/knot.conf" \
    </dev/null >"$L/knotskew/knotd.log" 2>&1 &
skew_pid=$!
extra_pids="$extra_pids $skew_pid"
lab_wait_value "$LAB_KNOT_ZONE" SOA "$SKEW_ADDR" \
    "ns1.$LAB_KNOT_ZONE. hostmaster.example.net. 1 2 1 3600 1" 10 ||
    not_ok "$fault: knotd under faketime did not start"
ini "$T/c4.ini" "s|^\\[zone \"$LAB_KNOT_ZONE\"\\]|&\\nserver = $SKEW_ADDR|"
v=$(value)
hook "$AUTH" "$T/c4.ini" "$LAB_KNOT_ZONE" "$v"
failed "$fault" 6 "$SKEW_ADDR rejected the time of our signature (BADTIME) for zone $LAB_KNOT_ZONE."
check "$fault: shows about +3600 s" \
    err_match 'its clock is \+(359[89]|360[012]) s from ours'
check "$fault: nothing added" gone "$KNOT" "$v" "$SKEW_ADDR"
check "$fault: serial unchanged" \
    [ "$(lab_soa_serial "$LAB_KNOT_ZONE" "$SKEW_ADDR")" = 1 ]
kill "$skew_pid" 2>/dev/null && wait "$skew_pid" 2>/dev/null

# SERVFAIL: a named whose journal path is a directory (we are root in
# the namespace, so file modes would not stop it).  The zone loads (no
# journal yet); the update fails to open the journal: SERVFAIL.
fault='SERVFAIL (named cannot write its journal)'
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
    not_ok "$fault: the extra named did not start"
mkdir "$F/example.org.db.jnl"
ini "$T/c5.ini" "s|^\\[zone \"example.org\"\\]|&\\nserver = $FAIL_ADDR|"
v=$(value)
hook "$AUTH" "$T/c5.ini" example.org "$v"
failed "$fault" 4 "$FAIL_ADDR answered SERVFAIL to the add of $ORG. in zone example.org.: named may be unable to write the zone's journal"
check "$fault: hints permissions and AppArmor" \
    err_match 'permissions.*AppArmor'
check "$fault: named logged the journal failure" \
    grep -q 'journal open failed' "$F/named.log"
check "$fault: nothing added" gone "$ORG" "$v" "$FAIL_ADDR"
check "$fault: serial unchanged" \
    [ "$(lab_soa_serial example.org "$FAIL_ADDR")" = 1 ]
kill "$fail_pid" 2>/dev/null && wait "$fail_pid" 2>/dev/null

# An update sent to a secondary.  BIND 9.18's ns2 (no
# allow-update-forwarding; it knows acme-key with LAB_KNOT=1) answers
# REFUSED, signed ("update forwarding ... denied" in its log).  The
# message must say to point `server` at the primary.
fault='update sent to a secondary'
ini "$T/c6.ini" 's|^\[zone "example.org"\]|&\nserver = ns2.example.net|'
v=$(value)
hook "$AUTH" "$T/c6.ini" example.org "$v"
faults=$((faults + 1))
check "$fault: exit status 4 (got $rc)" [ "$rc" -eq 4 ]
check "$fault: ns2 really answered REFUSED" err_has "127.0.0.13 REFUSED"
check "$fault: ns2 logged the denied forwarding" \
    grep -q "update forwarding 'example.org/IN' denied" "$L/ns2/named.log"
check "$fault: tells to set server to the primary" \
    err_match 'primary'
check "$fault: one error line" one_error
check "$fault: no secret printed" no_secret "$secrets"
check "$fault: nothing added" gone "$ORG" "$v" "$LAB_NS1"

# REFUSED by update-policy: acme-hmac-sha256 is a known key, granted in
# example.org but not in acmesh.example.net.
fault='REFUSED by update-policy'
ini "$T/c7.ini" '/^\[zone "acmesh.example.net"\]/,/^$/d'
cat >>"$T/c7.ini" <<EOF

[key "acme-hmac-sha256"]
file = $L/keys/acme-hmac-sha256.conf

[zone "acmesh.example.net"]
key = acme-hmac-sha256
EOF
v=$(value)
hook "$AUTH" "$T/c7.ini" example.net "$v"
failed "$fault" 4 "$LAB_NS1 REFUSED the add of $ACMESH. TXT in zone acmesh.example.net. with key acme-hmac-sha256"
check "$fault: hints update-policy" \
    err_has "update-policy { grant acme-hmac-sha256 name $ACMESH. TXT; }"
check "$fault: nothing added" gone "$ACMESH" "$v" "$LAB_NS1"

# An answer that is not signed, from the fake in front of ns1.
fault='answer not signed'
ini "$T/c10.ini" "s|^timeout = .*|timeout = 20|;
    s|^\\[zone \"example.org\"\\]|&\\nserver = $FAKE_ADDR|"
fake unsigned 53 || not_ok "$fault: fake server did not start"
v=$(value)
hook "$AUTH" "$T/c10.ini" example.org "$v"
failed "$fault" 6 "$FAKE_ADDR: answer to the update of zone example.org. is not signed (NOERROR)"
check "$fault: nothing added (the fake forwards nothing)" \
    gone "$ORG" "$v" "$LAB_NS1"
fake_stop

# A flipped MAC bit: ns1 did apply the update, the hook cannot know it
# and must not claim success; acme-clean (certbot runs it) removes it.
fault='answer MAC with a flipped bit'
fake flipmac 53 "$LAB_NS1" || not_ok "$fault: fake server did not start"
v=$(value)
hook "$AUTH" "$T/c10.ini" example.org "$v"
failed "$fault" 6 "$FAKE_ADDR: answer to the update of zone example.org. fails TSIG verification with key acme-key: bad signature"
check "$fault: the fake flipped it" grep -q 'MAC bit flipped' \
    "$T/fake.log"
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "$fault: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "$fault: nothing left" gone "$ORG" "$v" "$LAB_NS1"
fake_stop

# An answer with another ID is no answer: the tries time out (exit 5).
fault='answer with another ID'
fake wrongid 53 "$LAB_NS1" || not_ok "$fault: fake server did not start"
v=$(value)
hook "$AUTH" "$T/c10.ini" example.org "$v"
failed "$fault" 5 "primary $FAKE_ADDR for zone example.org.: no answer to the update"
n=$(grep -c 'forwarded with id' "$T/fake.log")
check "$fault: retransmitted ($n tries)" [ "$n" -ge 2 ]
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "$fault: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "$fault: nothing left" gone "$ORG" "$v" "$LAB_NS1"
fake_stop

# A truncated UDP answer: the hook must retry over TCP.
fault='truncated UDP answer'
fake tc 53 "$LAB_NS1" || not_ok "$fault: fake server did not start"
v=$(value)
hook "$AUTH" "$T/c10.ini" example.org "$v"
faults=$((faults + 1))
check "$fault: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "$fault: the UDP answer had TC" \
    grep -q 'answered TC' "$T/fake.log"
check "$fault: the update went again over TCP" \
    grep -q '^tcp query' "$T/fake.log"
check "$fault: one copy on ns1" \
    served "$ORG" "$v" "$LAB_NS1"
check "$fault: no secret printed" no_secret "$secrets"
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "$fault: cleaned" gone "$ORG" "$v" "$LAB_NS1"
fake_stop

# The first answer lost: the retransmission succeeds, one copy.
fault='first answer lost'
fake dropfirst 53 "$LAB_NS1" || not_ok "$fault: fake did not start"
v=$(value)
hook "$AUTH" "$T/c10.ini" example.org "$v"
faults=$((faults + 1))
check "$fault: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "$fault: the first answer was dropped" \
    grep -q 'first answer dropped' "$T/fake.log"
check "$fault: exactly one copy on ns1" \
    served "$ORG" "$v" "$LAB_NS1"
check "$fault: no secret printed" no_secret "$secrets"
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "$fault: cleaned" gone "$ORG" "$v" "$LAB_NS1"
fake_stop

# The same value added twice, then removed twice.
fault='same value added twice'
v=$(value)
hook "$AUTH" "$L/acme-hooks.ini" example.org "$v"
check "$fault: first exit 0 (got $rc)" [ "$rc" -eq 0 ]
hook "$AUTH" "$L/acme-hooks.ini" example.org "$v"
faults=$((faults + 1))
check "$fault: second exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "$fault: one copy" served "$ORG" "$v" "$LAB_NS1"
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
fault='same value added twice, then removed'
check "$fault: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "$fault: gone" gone "$ORG" "$v" "$LAB_NS1"
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
faults=$((faults + 1))
fault='removal of a value not there'
check "$fault: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "$fault: no error" \
    no_error

# Bad inputs: refused with exit 1 before any packet.  The resolver
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

# Config files: a secret readable by others, a symbolic link.
# refused DESC CONFIG MESSAGE: acme-auth with CONFIG exits 2 with one
# error line, which holds MESSAGE, and prints no secret.
refused() {
	hook "$AUTH" "$2" example.org "$(value)"
	bad_inputs=$((bad_inputs + 1))
	check "$1: exit 2 (got $rc)" [ "$rc" -eq 2 ]
	check "$1: names path and mode" err_has "$3"
	check "$1: one error line" one_error
	check "$1: no secret printed" no_secret "$secrets"
}
ini "$T/c15.ini" ''
chmod 644 "$T/c15.ini"
refused "config readable by others (0644)" "$T/c15.ini" \
    "$T/c15.ini: mode 0644 lets others read the TSIG secret"
chmod 600 "$T/c15.ini"
fault='config is a symbolic link'
ln -s "$T/c15.ini" "$T/c15-link.ini"
refused "$fault" "$T/c15-link.ini" "$T/c15-link.ini: is a symbolic link"
# A key file readable by others.
fault='key file readable by others (0644)'
cp "$L/keys/acme-hmac-sha256.conf" "$T/key644.conf"
chmod 644 "$T/key644.conf"
ini "$T/c15k.ini" 's|^\[zone "example.org"\]|[key "k"]\nfile = '"$T"'/key644.conf\n\n&|'
hook "$AUTH" "$T/c15k.ini" example.org "$(value)"
bad_inputs=$((bad_inputs + 1))
check "$fault: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "$fault: names path and mode" \
    err_has "$T/key644.conf: mode 0644"
check "$fault: no secret printed" no_secret "$secrets"

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
	check "secret in $_what: no secret printed" no_secret "$secrets"
done

# A secondary stale past the timeout: exit 7 naming ns3 and its
# serial; acme-clean afterwards leaves nothing, on ns3 too.
fault='secondary stale past the timeout'
ini "$T/c9.ini" 's|^timeout = .*|timeout = 1|'
lab_sync_lag "$L" example.org || not_ok "$fault: lab_sync_lag"
v=$(value)
hook "$AUTH" "$T/c9.ini" example.org "$v"
failed "$fault" 7 "ns3.example.net. ($LAB_NS3) for example.org.: serial"
check "$fault: value on ns1" \
    served "$ORG" "$v" "$LAB_NS1"
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "$fault: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "$fault: gone from ns1" gone "$ORG" "$v" "$LAB_NS1"
serial=$(lab_soa_serial example.org "$LAB_NS1")
lab_wait_serial example.org "$LAB_NS3" "$serial" $((LAB_LAG + 5))
check "$fault: gone from ns3 once it caught up" \
    gone "$ORG" "$v" "$LAB_NS3"

# ns3 down during propagation (last: it stays down).
fault='ns3 down during propagation'
kill "$(cat "$L/ns3/named.pid")"
lab_wait_ns3_down() {
	_end=$(($(lab_now_ms) + 5000))
	while lab_soa_serial example.org "$LAB_NS3" | grep -q .; do
		[ "$(lab_now_ms)" -lt "$_end" ] || return 1
		sleep 0.05
	done
}
check "$fault: ns3 no longer answers" lab_wait_ns3_down
fault='ns3 down during propagation, down_servers = wait'
ini "$T/c8.ini" 's|^timeout = .*|timeout = 6|'
v=$(value)
hook "$AUTH" "$T/c8.ini" example.org "$v"
failed "$fault" 7 "ns3.example.net. ($LAB_NS3) for example.org.: connection refused"
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "$fault: cleaned" gone "$ORG" "$v" "$LAB_NS1"
fault='ns3 down during propagation, down_servers = skip'
ini "$T/c8s.ini" 's|^timeout = .*|timeout = 10|;
    s|^\[options\]|&\ndown_servers = skip|'
v=$(value)
hook "$AUTH" "$T/c8s.ini" example.org "$v"
faults=$((faults + 1))
check "$fault: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "$fault: warns naming ns3" \
    err_has "warning: ns3.example.net. ($LAB_NS3) has not answered"
check "$fault: no error line" \
    no_error
check "$fault: ns1 and ns2 serve it" \
    served "$ORG" "$v" "$LAB_NS1" "$LAB_NS2"
check "$fault: no secret printed" no_secret "$secrets"
hook "$CLEAN" "$L/acme-hooks.ini" example.org "$v"
check "$fault: cleaned" gone "$ORG" "$v" "$LAB_NS1"

cleanup
echo "# summary: faults tried: $faults, bad inputs tried: $bad_inputs, failures: $fails"
finish
