#!/bin/sh
# SPDX-License-Identifier: ISC
# --check, --probe and --check-config against the BIND lab.
#
# --check must fail wherever a run would, with the run's line and exit
# status: a zone whose journal named cannot write (named running as the
# unprivileged `bind` user, as Debian runs it, with the zone file in a
# directory only root may write), a [zone] name with a typo, and a
# secondary that does not answer.  Each zone is checked once, each error
# said once.  --probe publishes, waits, removes, and prints a table; a
# SIGTERM during its wait still removes the value.  --check-config reads
# the files only: it runs in a network namespace with no interface up and
# makes no socket at all.

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

need strace strace || exit 1
id bind >/dev/null 2>&1 || {
	echo "# no user bind: install bind9 (it makes that user)"
	exit 1
}

L=$T/lab
JRO=127.0.0.30
# A zone whose primary keeps BIND's default notify-delay (5 s).
NDA=127.0.0.31
NDB=127.0.0.32
# The zone with the unwritable journal, delegated from example.net to a
# named of its own (below), which runs as bind.
mkdir -p "$L/extra" || exit 1
cat >"$L/extra/example.net.db" <<EOF
jro			NS	nsj
nsj			A	$JRO
_acme-challenge.jro2	CNAME	_acme-challenge.jro.example.net.
nd			NS	nsa
nd			NS	nsb
nsa			A	$NDA
nsb			A	$NDB
EOF
lab_start "$L" || { lab_logs "$L"; exit 1; }
export ACME_HOOKS_CONFIG="$L/acme-hooks.ini"
export ACME_HOOKS_STATE_DIR="$T/state"

# run_auth ARGS...: acme-auth; status in $rc, stdout in $T/out, stderr in
# $T/err.
run_auth() {
	$AUTH "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# not_has_hint FILE: FILE has no notify-delay hint.
not_has_hint() {
	! grep -q "hint: .*notify-delay" "$1"
}

# count_lines LINE FILE: how many lines of FILE are exactly LINE.
count_lines() {
	grep -cxF -- "$1" "$2"
}

# ---- 1. A good setup: each zone once, a real add and delete, a table.
s1=$(lab_soa_serial acmesh.example.net "$LAB_NS1")
run_auth --check example.net '*.example.net' www.example.net
check "check: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "check: the delegated zone is checked once" [ "$(count_lines \
    "zone acmesh.example.net. (key acme-key)" "$T/out")" -eq 1 ]
check "check: example.org (configured, no name given) is checked too" \
    has_line "zone example.org. (key acme-key)" "$T/out"
check "check: each name's record and zone" has_line \
    "name _acme-challenge.www.example.net.: record _acme-challenge.acmesh.example.net., in zone acmesh.example.net." \
    "$T/out"
s2=$(lab_soa_serial acmesh.example.net "$LAB_NS1")
check "check: the journal is proven (serial $s1 -> $s2, +2)" \
    [ "$s2" -eq $((s1 + 2)) ]
check "check: says so" grep -qF \
    "  key acme-key: the primary took an add and a delete at _acme-challenge.acmesh.example.net. TXT (serial $((s1 + 1)), then $s2): the key, its update policy and the zone's storage (BIND: its journal) work" \
    "$T/out"
check "check: leaves no TXT" no_txt _acme-challenge.acmesh.example.net \
    "$LAB_NS1"
for a in "$LAB_NS1" "$LAB_NS2" "$LAB_NS3"; do
	check "check: a table row for $a with its serial" \
	    grep -Eq "^  ns[123]\.example\.net\.  $a  [0-9]+$" "$T/out"
done
check "check: nothing on stderr" [ ! -s "$T/err" ]
check "check: 'check passed'" has_line "check passed" "$T/out"

# ---- 2. A typo in a [zone] name: the check and the run say one thing.
ini "$T/typo.ini" 's/^\[zone "acmesh.example.net"\]/[zone "acmsh.example.net"]/'
typo_line="acme-auth: error: $T/typo.ini:10: [zone \"acmsh.example.net\"]: acmsh.example.net. is not a zone: DNS puts it in zone example.net.; fix the [zone] name (a typo?) or delegate acmsh.example.net."
run_auth -c "$T/typo.ini" --check example.net
check "typo, check: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "typo, check: the line, once" [ "$(count_lines "$typo_line" \
    "$T/err")" -eq 1 ]
check "typo, check: no other error" one_error
check "typo, check: 'check FAILED'" has_line "check FAILED" "$T/out"
run_auth -c "$T/typo.ini" present _acme-challenge.example.net. "$(value)"
check "typo, run: exit 2 as the check (got $rc)" [ "$rc" -eq 2 ]
check "typo, run: the check's line" has_line "$typo_line" "$T/err"
check "typo, run: no CNAME advice into a name that is no zone" \
    err_lacks "CNAME _acme-challenge.acmsh"

# ---- 3. named as bind cannot write the zone's journal.
chmod o+x "$T" "$(dirname "$T")" || exit 1
mkdir -p "$L/jro/zones" || exit 1
cat >"$L/jro/zones/jro.example.net.db" <<'EOF'
$TTL 60
@	SOA	nsj.example.net. hostmaster.example.net. 1 2 1 3600 1
@	NS	nsj.example.net.
EOF
chmod 755 "$L/jro/zones" && chmod 644 "$L/jro/zones/jro.example.net.db"
cp "$L/acme-key.conf" "$L/jro/acme-key.conf" &&
    chgrp bind "$L/jro/acme-key.conf" && chmod 640 "$L/jro/acme-key.conf" ||
    exit 1
chown bind "$L/jro" || exit 1
LAB_NAMED_USER=bind lab_named_extra "$L" jro "$JRO" <<EOF || exit 1
include "$L/jro/acme-key.conf";
zone "jro.example.net" {
	type primary;
	file "$L/jro/zones/jro.example.net.db";
	update-policy { grant acme-key name _acme-challenge.jro.example.net. TXT; };
};
EOF
ini "$T/jro.ini" '$a\
[zone "jro.example.net"]\
key = acme-key'
jro_line="acme-auth: error: $JRO answered SERVFAIL to the add of _acme-challenge.jro.example.net. in zone jro.example.net.: named may be unable to write the zone's journal or file (check the zone directory's owner and permissions, and AppArmor or SELinux denials in the system log)"
run_auth -c "$T/jro.ini" --check jro2.example.net
check "journal, check: exit 4 (got $rc)" [ "$rc" -eq 4 ]
check "journal, check: the SERVFAIL line with the journal hint" \
    has_line "$jro_line" "$T/err"
check "journal, check: said once" [ "$(count_lines "$jro_line" \
    "$T/err")" -eq 1 ]
check "journal, check: 'check FAILED'" has_line "check FAILED" "$T/out"
check "journal, check: named logged the journal failure" \
    grep -q "jro.example.net.db.jnl: create: permission denied" \
    "$L/jro/named.log"
run_auth -c "$T/jro.ini" present _acme-challenge.jro2.example.net. "$(value)"
check "journal, run: exit 4 as the check (got $rc)" [ "$rc" -eq 4 ]
check "journal, run: the check's line" has_line "$jro_line" "$T/err"

# ---- 4. --probe: publish, wait as a run, remove, a table.
s1=$(lab_soa_serial acmesh.example.net "$LAB_NS1")
run_auth --probe example.net '*.example.net'
check "probe: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "probe: a table header" grep -q \
    "^zone acmesh.example.net.: serial $((s1 + 1)) after the update; seconds until each address served the probe value:$" \
    "$T/out"
for a in "$LAB_NS1" "$LAB_NS2" "$LAB_NS3"; do
	check "probe: $a served it, with the seconds" grep -Eq \
	    "^  ns[123]\.example\.net\.  $a  $((s1 + 1)) +[0-9]+\.[0-9]{3}$" \
	    "$T/out"
done
check "probe: 'probe passed'" grep -q "^probe passed" "$T/out"
check "probe: the value is gone from the primary" no_txt \
    _acme-challenge.acmesh.example.net "$LAB_NS1"
check "probe: the primary's serial went up by 2" \
    [ "$(lab_soa_serial acmesh.example.net "$LAB_NS1")" -eq $((s1 + 2)) ]
check "probe: nothing on stderr" [ ! -s "$T/err" ]
check "probe: no hold-back noted for a real run after it" \
    [ -z "$(ls "$T/state" 2>/dev/null | grep '^cleaned-')" ]

# ---- State that cleans up after itself: 1000 expired notes of removals
# (older than ttl + 2 s) shrink by at most 300 a run, fresh ones stay.
mkdir -p -m 0700 "$T/state" || exit 1
i=0
while [ "$i" -lt 1000 ]; do
	: >"$T/state/cleaned-_acme-challenge.old$i.example.net."
	i=$((i + 1))
done
touch -d '-1 hour' "$T/state"/cleaned-_acme-challenge.old*
: >"$T/state/cleaned-_acme-challenge.fresh.example.net."
: >"$T/state/foreign-file"
count_old() {
	ls "$T/state" | grep -c '^cleaned-_acme-challenge\.old'
}
runs=0
while [ "$(count_old)" -gt 0 ] && [ "$runs" -lt 10 ]; do
	t0=$(lab_now_ms)
	$CLEAN cleanup _acme-challenge.example.org. "$(value)" \
	    >"$T/out" 2>"$T/err" || break
	echo "# acme-clean with $(count_old) expired notes left after it:" \
	    "$(($(lab_now_ms) - t0)) ms"
	runs=$((runs + 1))
done
left=$(count_old)
# At most 300 a run, so 4 runs at least; more when the 20 ms bound stops
# a run first (a loaded machine).
check "state: 1000 expired notes gone in 4 to 10 runs ($left left, $runs runs)" \
    [ "$left" -eq 0 -a "$runs" -ge 4 -a "$runs" -le 10 ]
check "state: the fresh note stays" \
    [ -f "$T/state/cleaned-_acme-challenge.fresh.example.net." ]
check "state: a file not ours by name stays" [ -f "$T/state/foreign-file" ]

run_auth --probe
check "probe without a DOMAIN: exit 1 (got $rc)" [ "$rc" -eq 1 ]
check "probe without a DOMAIN: says so" err_has "--probe needs at least one DOMAIN"

# SIGTERM while the probe waits for ns3 (LAB_LAG s behind): exit 9, and
# the value is removed all the same.
lab_sync_lag "$L" example.org || exit 1
$AUTH --probe example.org >"$T/out" 2>"$T/err" &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
rc=$?
check "probe, SIGTERM: exit 9 (got $rc)" [ "$rc" -eq 9 ]
check "probe, SIGTERM: says the value was removed" has_line \
    "acme-auth: error: interrupted by SIGTERM while waiting for the authoritative servers; the probe value was removed again" \
    "$T/err"
check "probe, SIGTERM: no TXT on the primary" no_txt \
    _acme-challenge.example.org "$LAB_NS1"
check "probe, SIGTERM: nor on ns2" no_txt _acme-challenge.example.org \
    "$LAB_NS2" 2000

# The secondaries trail by BIND's default notify-delay: --probe says so.
mkdir -p "$L/nda" || exit 1
cat >"$L/nda/nd.example.net.db" <<'EOF'
$TTL 60
@	SOA	nsa.example.net. hostmaster.example.net. 1 3600 600 3600 1
@	NS	nsa.example.net.
@	NS	nsb.example.net.
EOF
lab_named_extra "$L" nda "$NDA" 'recursion no;' <<EOF || exit 1
include "$L/acme-key.conf";
zone "nd.example.net" {
	type primary;
	file "$L/nda/nd.example.net.db";
	allow-transfer { 127.0.0.0/8; };
	notify explicit;	// named here cannot look the NS names up
	also-notify { $NDB; };
	update-policy { grant acme-key name _acme-challenge.nd.example.net. TXT; };
};
EOF
lab_named_extra "$L" ndb "$NDB" <<EOF || exit 1
zone "nd.example.net" {
	type secondary;
	primaries { $NDA; };
	file "$L/ndb/nd.example.net.db";
};
EOF
lab_wait_serial nd.example.net "$NDB" 1 10 >/dev/null 2>&1
ini "$T/nd.ini" '$a\
[zone "nd.example.net"]\
key = acme-key'
run_auth -c "$T/nd.ini" --probe nd.example.net
check "probe, notify-delay 5: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "probe, notify-delay 5: points at notify-delay" grep -Eq \
    "^  hint: every secondary served the value [3-7]\.[0-9] to [3-7]\.[0-9] s after the update, about BIND's default notify-delay \(5 s\); \`notify-delay 0;\` in the zone's statement on the primary saves that on every run$" \
    "$T/out"
run_auth --probe example.net
check "probe, notify-delay 0 (the lab's ns1): no such hint" \
    not_has_hint "$T/out"

# ---- 5. --check-config: files only, no network at all.
# (LeakSanitizer cannot run under ptrace: an ASan build leaves it out.)
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
    strace -f -qq -e trace=socket,connect,sendto,sendmsg,sendmmsg \
    -o "$T/trace" unshare -n "$ACME_BUILD/acme-auth" -c "$L/acme-hooks.ini" \
    --check-config >"$T/out" 2>"$T/err"
rc=$?
check "check-config: exit 0 in a namespace with no network (got $rc)" \
    [ "$rc" -eq 0 ]
check "check-config: says OK" has_line \
    "configuration OK (nothing was looked up or sent)" "$T/out"
check "check-config: lists the zone" grep -qxF \
    "  zone acmesh.example.net (line 10): key acme-key, updates to the SOA MNAME" \
    "$T/out"
check "check-config: not one socket (strace)" \
    [ -z "$(grep -v -e unshare -e '^[0-9]* +++' -e '^[0-9]* ---' \
    "$T/trace" | grep -E 'socket\(|connect\(|send')" ]
check "check-config: no secret in the output" no_secret \
    "$(sed -n 's/^secret = //p' "$L/acme-hooks.ini")"
ini "$T/bad.ini" 's/^key = acme-key$/key = nokey/'
run_auth -c "$T/bad.ini" --check-config
check "check-config, bad file: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "check-config, bad file: file:line" err_has "$T/bad.ini:"
run_auth --check-config example.net
check "check-config with a DOMAIN: exit 1 (got $rc)" [ "$rc" -eq 1 ]
# Kerberos keys: the principal and where the keys come from, no bytes of
# the keytab (only checked, never read here).
mkdir -m 0700 "$T/krb"
printf '\005\002KEYTABBYTES' >"$T/krb/acme.keytab"
chmod 0600 "$T/krb/acme.keytab"
printf '%s\n' '[key "acme"]' 'algorithm = gss-tsig' \
    'principal = acme@EXAMPLE.COM' "keytab = $T/krb/acme.keytab" \
    '[key "win"]' 'algorithm = gss.microsoft.com' '[zone "example.com"]' \
    'key = acme' 'server = 192.0.2.1' 'server_name = dc1.example.com' \
    >"$T/gss.ini"
run_auth -c "$T/gss.ini" --check-config
check "check-config, gss-tsig: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "check-config, gss-tsig: principal and keytab" has_line \
    "  key acme (line 1): gss-tsig, TSIG name acme, principal acme@EXAMPLE.COM, keys from keytab $T/krb/acme.keytab" \
    "$T/out"
check "check-config, gss.microsoft.com: the defaults" has_line \
    "  key win (line 5): gss.microsoft.com, TSIG name win, principal (the default principal), keys from the credential cache" \
    "$T/out"
check "check-config, gss-tsig: the service's host" has_line \
    "  zone example.com (line 7): key acme, updates to 192.0.2.1 (Kerberos service DNS/dc1.example.com)" \
    "$T/out"
check "check-config, gss-tsig: not the keytab's bytes" \
    [ -z "$(grep -h KEYTABBYTES "$T/out" "$T/err")" ]

# ---- 6. A secondary that does not answer: what the run would hit.
ini "$T/short.ini" 's/^timeout = .*/timeout = 4/'
lab__term "$L/ns3/named.pid" named >/dev/null
sleep 0.2
down_advice="check that this host can reach every authoritative server (routes, firewall), or set down_servers = skip to stop waiting for those that never answer"
run_auth -c "$T/short.ini" --check example.net
check "ns3 down, check: exit 7 (got $rc)" [ "$rc" -eq 7 ]
check "ns3 down, check: names ns3 and the advice" grep -qF \
    "1 of 3 authoritative servers do not answer for the zone yet: ns3.example.net. ($LAB_NS3) for acmesh.example.net.: " \
    "$T/err"
check "ns3 down, check: the run's advice" err_has "$down_advice"
check "ns3 down, check: its row says why" grep -Eq \
    "^  ns3\.example\.net\.  $LAB_NS3  - +\(.+\)$" "$T/out"
run_auth -c "$T/short.ini" present _acme-challenge.example.net. "$(value)"
check "ns3 down, run: exit 7 as the check (got $rc)" [ "$rc" -eq 7 ]
check "ns3 down, run: names ns3 and the same advice" grep -qF \
    "1 of 3 authoritative servers do not serve the record yet: ns3.example.net. ($LAB_NS3) for acmesh.example.net.: " \
    "$T/err"
check "ns3 down, run: the same advice" err_has "$down_advice"
ini "$T/skip.ini" 's/^timeout = .*/timeout = 4\ndown_servers = skip/'
run_auth -c "$T/skip.ini" --check example.net
check "ns3 down, down_servers = skip: check exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "ns3 down, down_servers = skip: the run's warning" err_has \
    "ns3.example.net. ($LAB_NS3) has not answered for 3 s"

finish
