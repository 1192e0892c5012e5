#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench: how long acme-auth waits beyond the moment every
# authoritative server serves the value, against the usual alternatives,
# on the DNS lab (tests/lab/lab.sh) in a private network namespace.
#
# usage: sh tests/bench/bench.sh
#
# Environment:
#	ACME_BUILD		build directory with acme-auth (default build)
#	BENCH_OUT		where the table goes too (default
#				$ACME_BUILD/bench.md)
#	BENCH_RUNS		runs of each hook scenario (default 5)
#	BENCH_FIXED_SLEEP	the sleep after nsupdate (default 120, acme.sh's)
#	BENCH_ALT=0		skip the alternatives (nsupdate + sleep,
#				certbot, lego)
#	BENCH_KEEP=1		keep the work directory
#
# See tests/bench/README.md for what each column means.  Every loop is
# bounded in count and time.

set -u

# Enter a private network namespace exactly like tests/run.sh does.
. "$(dirname "$0")/../lib/netns.sh"
netns_enter bench "$0" "$@"

ACME_SRC=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$ACME_SRC" || exit 2
ACME_BUILD=${ACME_BUILD:-build}
case $ACME_BUILD in /*) ;; *) ACME_BUILD=$ACME_SRC/$ACME_BUILD ;; esac
AUTH=$ACME_BUILD/acme-auth
CLEAN=$ACME_BUILD/acme-clean
OUT=${BENCH_OUT:-$ACME_BUILD/bench.md}
RUNS=${BENCH_RUNS:-5}
SLEEP=${BENCH_FIXED_SLEEP:-120}
PY=python3
BENCH=$ACME_SRC/tests/bench/bench.py
WATCH_SRC=127.0.0.50
for v in "$RUNS" "$SLEEP"; do
	case $v in ''|*[!0-9]*)
		echo "bench: BENCH_RUNS and BENCH_FIXED_SLEEP are whole numbers" >&2
		exit 2 ;;
	esac
done
[ "$RUNS" -ge 1 ] && [ "$RUNS" -le 100 ] || {
	echo "bench: BENCH_RUNS from 1 to 100" >&2
	exit 2
}
for c in "$AUTH" "$CLEAN"; do
	[ -x "$c" ] || { echo "bench: $c not built (make)" >&2; exit 2; }
done
command -v "$PY" >/dev/null 2>&1 || { echo "bench: needs python3" >&2; exit 2; }

. "$ACME_SRC/tests/lab/lab.sh"
have_pebble=0
if [ -f "$ACME_SRC/tests/lab/pebble.sh" ]; then
	. "$ACME_SRC/tests/lab/pebble.sh"
	command -v pebble >/dev/null 2>&1 && have_pebble=1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/acme-bench.XXXXXX") || exit 2
res=$work/results
mkdir -p "$res" || exit 2
(umask 077 && mkdir "$work/state") || exit 2
ACME_HOOKS_STATE_DIR=$work/state
export ACME_HOOKS_STATE_DIR
lab=
pb=
krb=
bg_pids=
rss_note=

# Peak memory: GNU time's %M for each command.  The copy is named "sh"
# because certbot-style hooks find "their" certbot run as the first
# ancestor that is not a shell (common/flow/state.c): under a "time" parent,
# each call of a multi-name run would see a different run.  Named "sh",
# time is skipped like a shell and the run is bench.py's, as it should be.
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	mkdir -p "$work/bin" && cp /usr/bin/time "$work/bin/sh" || exit 2
	BENCH_TIME=$work/bin/sh
	export BENCH_TIME
else
	rss_note="GNU time (package time) not installed: peak RSS is wait4()'s, which includes python's ~13 MB inherited at fork."
fi

cleanup() {
	for p in $bg_pids; do
		kill -TERM "$p" 2>/dev/null
	done
	[ -n "$pb" ] && pebble_stop "$pb"
	[ -n "$krb" ] && krb5_lab_stop "$krb"
	[ -n "$lab" ] && lab_stop "$lab"
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench: files kept in $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() {
	echo "bench: $*" >&2
}

# The watcher's own source address (named ignores nothing by address;
# this keeps its queries apart from the hooks' in the packet count).
ip -4 addr show dev lo | grep -q "inet $WATCH_SRC/" ||
    ip addr add "$WATCH_SRC/8" dev lo || exit 2

# value: a fresh dns-01 value.
. "$ACME_SRC/tests/lib/check.sh"

# servers_of NAME: the authoritative addresses of NAME's zone in the lab.
servers_of() {
	case $1 in
	*".krb.example.net")	echo "127.0.0.61,127.0.0.62" ;;
	*".$LAB_KNOT_ZONE")	echo "$LAB_KNOT_ADDR,$LAB_NS2" ;;
	*)			echo "$LAB_NS1,$LAB_NS2,$LAB_NS3" ;;
	esac
}

# owner DOMAIN: where certbot's challenge for DOMAIN ends up in the lab.
owner() {
	case $1 in
	example.net|www.example.net) echo _acme-challenge.acmesh.example.net ;;
	gss.example.net)	echo _acme-challenge.krb.example.net ;;
	*)			echo "_acme-challenge.$1" ;;
	esac
}

# wait_ready FILE SECONDS: until FILE has a "ready" line.
wait_ready() {
	_i=0
	while [ "$_i" -lt $(($2 * 100)) ]; do
		grep -q '^ready' "$1" 2>/dev/null && return 0
		sleep 0.01
		_i=$((_i + 1))
	done
	say "no ready line in $1"
	return 1
}

# stop_pid PID SECONDS: wait for PID to end by itself, then TERM it.
stop_pid() {
	_i=0
	while [ "$_i" -lt $(($2 * 20)) ] && kill -0 "$1" 2>/dev/null; do
		sleep 0.05
		_i=$((_i + 1))
	done
	kill -TERM "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# start_lab LAG: a fresh lab with ns3 refreshing every LAG s (with the
# Knot part if knotd is there), and Pebble on it if asked and installed.
start_lab() {
	stop_lab
	lab=$work/lab-$1
	LAB_LAG=$1
	LAB_KNOT=0
	command -v knotd >/dev/null 2>&1 && LAB_KNOT=1
	export LAB_LAG LAB_KNOT
	if ! lab_start "$lab"; then
		say "lab with LAB_KNOT=1 failed; trying without Knot"
		lab_stop "$lab"
		lab=$work/lab-$1-noknot
		LAB_KNOT=0
		lab_start "$lab" || { lab_logs "$lab" >&2; exit 1; }
	fi
	INI=$lab/acme-hooks.ini
	# BENCH_SANDBOX=no: the same runs without the sandbox, to measure
	# what it costs.
	if [ "${BENCH_SANDBOX:-yes}" = no ]; then
		sed -i 's/^\[options\]$/&\nsandbox = no/' "$INI"
	fi
}

stop_lab() {
	[ -n "$pb" ] && pebble_stop "$pb"
	pb=
	[ -n "$lab" ] && lab_stop "$lab"
	lab=
}

# lag_sync ZONE...: in parallel, make ns3 lag a full LAB_LAG for each ZONE.
lag_sync() {
	_p=
	for _z in "$@"; do
		lab_sync_lag "$lab" "$_z" &
		_p="$_p $!"
	done
	_ok=0
	for _x in $_p; do
		wait "$_x" || _ok=1
	done
	return "$_ok"
}

# scenario DIR LABEL [NOTE]: start a result directory.
scenario() {
	sdir=$res/$1
	mkdir -p "$sdir" || exit 1
	"$PY" -c 'import json, sys
json.dump({"label": sys.argv[1], "note": sys.argv[2]}, open(sys.argv[3], "w"))' \
	    "$2" "${3:-}" "$sdir/scenario.json"
	say "scenario $2"
}

# measure RUNDIR TIMEOUT [ZONE...]: with RUNDIR/spec (what the watcher
# expects) and RUNDIR/calls (what to run), start the packet counter and
# the watcher, make ns3 lag behind for each ZONE (lab_sync_lag, last so
# the lag is not eaten by the helpers' start-up), run the calls; then
# RUNDIR/clean untimed, if there.
measure() {
	_d=$1
	_to=$2
	shift 2
	"$PY" "$BENCH" count "$_d/packets.txt" >"$_d/count.out" 2>&1 &
	_cp=$!
	bg_pids="$_cp"
	wait_ready "$_d/count.out" 10 || { kill "$_cp"; return 1; }
	"$PY" "$BENCH" watch "$_d/spec" "$_d/watch.json" "$_to" \
	    >"$_d/watch.out" 2>&1 &
	_wp=$!
	bg_pids="$_cp $_wp"
	wait_ready "$_d/watch.out" 10 || { kill "$_wp" "$_cp"; return 1; }
	if [ "$#" -gt 0 ]; then
		lag_sync "$@" || say "lab_sync_lag $* failed"
		# A random start within one second: otherwise ns3's refresh
		# falls at the same point of the hook's polling schedule in
		# every run, always lucky or always unlucky.
		sleep "$("$PY" -c 'import random; print(random.random())')"
	fi
	"$PY" "$BENCH" run "$_d/calls" "$_d/run.json" ||
	    say "$_d: a call failed (see $_d/run.json.log)"
	# The watcher stops by itself once it has seen everything.
	stop_pid "$_wp" 20
	stop_pid "$_cp" 0
	bg_pids=
	if [ -s "$_d/clean" ]; then
		"$PY" "$BENCH" run "$_d/clean" "$_d/clean.json" ||
		    say "$_d: a cleanup failed"
	fi
	return 0
}

# hook_run RUNDIR ZONES DOMAIN...: certbot-style acme-auth calls, one per
# DOMAIN ("*.x" is x's wildcard: CERTBOT_DOMAIN x), each with a new
# value, CERTBOT_REMAINING_CHALLENGES counting down to 0.
hook_run() {
	_d=$1
	_zs=$2
	shift 2
	mkdir -p "$_d" || exit 1
	: >"$_d/spec"
	: >"$_d/calls"
	: >"$_d/clean"
	_left=$#
	for _dom in "$@"; do
		_left=$((_left - 1))
		_dom=${_dom#\*.}
		_v=$(value)
		echo "$(owner "$_dom") $_v $(servers_of "$(owner "$_dom")")" \
		    >>"$_d/spec"
		# A state directory per run: a run's cleanup must not make
		# the next run hold back its value (state.h) in the timing.
		_env="ACME_HOOKS_CONFIG=$INI ACME_HOOKS_STATE_DIR=$_d/state"
		_env="$_env CERTBOT_DOMAIN=$_dom"
		_env="$_env CERTBOT_VALIDATION=$_v"
		echo "$_env CERTBOT_REMAINING_CHALLENGES=$_left $AUTH" \
		    >>"$_d/calls"
		echo "$_env CERTBOT_REMAINING_CHALLENGES=$_left $CLEAN" \
		    >>"$_d/clean"
	done
	# shellcheck disable=SC2086
	measure "$_d" 60 $_zs
}

# hook_scenario DIR LABEL SYNC_ZONES DOMAIN...: BENCH_RUNS runs.
hook_scenario() {
	_sd=$1
	_label=$2
	_zones=$3
	shift 3
	scenario "$_sd" "$_label"
	_r=1
	while [ "$_r" -le "$RUNS" ]; do
		hook_run "$sdir/run$_r" "$_zones" "$@"
		_r=$((_r + 1))
	done
}

# twenty: 20 names over every lab zone that takes updates.
twenty() {
	set -- example.net '*.example.net' www.example.net \
	    example.org '*.example.org'
	_i=1
	if [ "$LAB_KNOT" = 1 ]; then
		set -- "$@" "$LAB_KNOT_ZONE" "*.$LAB_KNOT_ZONE"
		while [ "$#" -lt 13 ]; do
			set -- "$@" "k$_i.$LAB_KNOT_ZONE"
			_i=$((_i + 1))
		done
	fi
	_i=1
	while [ "$#" -lt 20 ]; do
		set -- "$@" "s$_i.example.org"
		_i=$((_i + 1))
	done
	echo "$@"
}

started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')

# --- our hooks -------------------------------------------------------
start_lab 1
hook_scenario 01-lag0 "acme-auth, 1 name, no forced lag (LAB_LAG=1, ns3 not synced)" \
    "" example.org
start_lab 2
hook_scenario 02-lag2 "acme-auth, 1 name, lag 2 s" example.org example.org
start_lab 5
hook_scenario 03-lag5 "acme-auth, 1 name, lag 5 s" example.org example.org
hook_scenario 04-two "acme-auth, 2 names (apex + wildcard via CNAME), lag 5 s" \
    acmesh.example.net example.net '*.example.net'
# shellcheck disable=SC2046
set -f
names=$(twenty)
zones_label="example.net (CNAME), example.org"
[ "$LAB_KNOT" = 1 ] && zones_label="$zones_label, $LAB_KNOT_ZONE (Knot)"
# shellcheck disable=SC2086
hook_scenario 05-twenty "acme-auth, 20 names in $zones_label, lag 5 s" \
    "acmesh.example.net example.org" $names
set +f
# The same as 03 with a lower polling ceiling, to show what it buys.
fast_ini=$work/fast.ini
(umask 077 && sed 's/^\[options\]$/&\npoll_interval_max = 50/' "$INI" \
    >"$fast_ini") || exit 1
grep -q '^poll_interval_max = 50' "$fast_ini" || { say "no [options] in $INI"; exit 1; }
INI_SAVE=$INI
INI=$fast_ini
hook_scenario 06-lag5-fast "acme-auth, 1 name, lag 5 s, poll_interval_max = 50" \
    example.org example.org
INI=$INI_SAVE

# lego_call DIR: DIR/calls runs DIR/lego.cmd in a mount namespace where
# /etc/resolv.conf names the lab's resolver: lego looks up the zone's NS
# host names with the system resolver, which the namespace cannot reach.
lego_call() {
	echo "nameserver $LAB_RESOLVER" >"$1/resolv.conf"
	printf '%s\n' "unshare -m sh -c 'mount --bind $1/resolv.conf /etc/resolv.conf && exec env $(cat "$1/lego.cmd")'" \
	    >"$1/calls"
}

# --- alternatives, once each, same lab and watcher -------------------
alt_note=
if [ "${BENCH_ALT:-1}" != 0 ]; then
	secret=$(sed -n 's/^secret = //p' "$INI")

	what="nsupdate + sleep $SLEEP"
	[ "$SLEEP" = 120 ] && what="$what (acme.sh's default wait)"
	scenario 07-nsupdate "$what, lag 5 s" \
	    "one run; the wait is fixed, so the overhead is the sleep minus the lag"
	d=$sdir/run1
	mkdir -p "$d"
	v=$(value)
	echo "_acme-challenge.example.org $v $(servers_of x)" >"$d/spec"
	printf 'server %s 53\nupdate add _acme-challenge.example.org 60 TXT "%s"\nsend\n' \
	    "$LAB_NS1" "$v" >"$d/nsupdate.in"
	printf "sh -c 'nsupdate -t 5 -k %s <%s && sleep %s'\n" \
	    "$lab/acme-key.conf" "$d/nsupdate.in" "$SLEEP" >"$d/calls"
	printf 'server %s 53\nupdate delete _acme-challenge.example.org TXT "%s"\nsend\n' \
	    "$LAB_NS1" "$v" >"$d/nsdelete.in"
	printf "sh -c 'nsupdate -t 5 -k %s <%s'\n" "$lab/acme-key.conf" \
	    "$d/nsdelete.in" >"$d/clean"
	measure "$d" $((SLEEP + 30)) example.org

	if [ "$have_pebble" = 1 ]; then
		pb=$work/pebble
		pebble_start "$pb" || { say "pebble failed"; pb=; }
	fi
	if [ -n "$pb" ] && command -v certbot >/dev/null 2>&1; then
		# certbot, whole run, with our hooks: the fair comparison for
		# the plugin below.
		scenario 08-certbot-hooks "certbot --manual + acme-auth/acme-clean, 1 name, lag 5 s (whole certbot run, Pebble)" \
		    "one run; total = the whole certbot run (account, order, validation by Pebble, cleanup)"
		d=$sdir/run1
		mkdir -p "$d/cb"
			echo "_acme-challenge.example.org * $(servers_of x)" >"$d/spec"
		printf "REQUESTS_CA_BUNDLE=%s certbot certonly --non-interactive --agree-tos --register-unsafely-without-email --server %s --config-dir %s/cb/config --work-dir %s/cb/work --logs-dir %s/cb/logs --manual --preferred-challenges dns --manual-auth-hook '%s -c %s' --manual-cleanup-hook '%s -c %s' --cert-name bench -d example.org\n" \
		    "$PEBBLE_CA" "$PEBBLE_URL" "$d" "$d" "$d" "$AUTH" "$INI" \
		    "$CLEAN" "$INI" >"$d/calls"
		measure "$d" 120 example.org

		if "$PY" -c 'import certbot_dns_rfc2136' 2>/dev/null ||
		    /usr/bin/python3 -c 'import certbot_dns_rfc2136' 2>/dev/null
		then
			scenario 09-certbot-rfc2136 "certbot-dns-rfc2136 (default 60 s wait), 1 name, lag 5 s (whole certbot run, Pebble)" \
			    "one run; total = the whole certbot run; the plugin sleeps --dns-rfc2136-propagation-seconds (60) after its update"
			d=$sdir/run1
			mkdir -p "$d/cb"
			(umask 077 && cat >"$d/rfc2136.ini" <<EOF
dns_rfc2136_server = $LAB_NS1
dns_rfc2136_port = 53
dns_rfc2136_name = acme-key
dns_rfc2136_secret = $secret
dns_rfc2136_algorithm = HMAC-SHA256
EOF
			)
					echo "_acme-challenge.example.org * $(servers_of x)" \
			    >"$d/spec"
			printf "REQUESTS_CA_BUNDLE=%s certbot certonly --non-interactive --agree-tos --register-unsafely-without-email --server %s --config-dir %s/cb/config --work-dir %s/cb/work --logs-dir %s/cb/logs --dns-rfc2136 --dns-rfc2136-credentials %s/rfc2136.ini --cert-name bench -d example.org\n" \
			    "$PEBBLE_CA" "$PEBBLE_URL" "$d" "$d" "$d" "$d" \
			    >"$d/calls"
			measure "$d" 150 example.org
		else
			alt_note="$alt_note certbot-dns-rfc2136 not installed (apt-get install python3-certbot-dns-rfc2136): its documented default wait is 60 s after the update."
		fi
	elif [ "${BENCH_ALT:-1}" != 0 ]; then
		alt_note="$alt_note No Pebble/certbot: certbot and lego rows skipped; certbot-dns-rfc2136 waits a fixed 60 s by default (--dns-rfc2136-propagation-seconds), lego's rfc2136 polls every 2 s (RFC2136_POLLING_INTERVAL) for up to 60 s."
	fi
	if [ -n "$pb" ] && command -v lego >/dev/null 2>&1; then
		scenario 10-lego-exec "lego --dns exec + acme-auth, 1 name, lag 5 s (whole lego run, Pebble)" \
		    "one run; total = the whole lego run; lego's own check off (--dns.disable-cp): the hook waits"
		d=$sdir/run1
		mkdir -p "$d/lego"
			echo "_acme-challenge.example.org * $(servers_of x)" >"$d/spec"
		printf "ACME_HOOKS_CONFIG=%s EXEC_PATH=%s EXEC_PROPAGATION_TIMEOUT=60 LEGO_CA_CERTIFICATES=%s lego --server %s --accept-tos --email bench@example.org --path %s/lego --dns exec --dns.resolvers %s:53 --dns.disable-cp --domains example.org run\n" \
		    "$INI" "$AUTH" "$PEBBLE_CA" "$PEBBLE_URL" "$d" \
		    "$LAB_RESOLVER" >"$d/lego.cmd"
		lego_call "$d"
		measure "$d" 120 example.org

		scenario 11-lego-rfc2136 "lego --dns rfc2136 (own check, defaults), 1 name, lag 5 s (whole lego run, Pebble)" \
		    "one run; total = the whole lego run; lego polls the zone's NS every 2 s (RFC2136_POLLING_INTERVAL) after its update"
		d=$sdir/run1
		mkdir -p "$d/lego"
			echo "_acme-challenge.example.org * $(servers_of x)" >"$d/spec"
		printf "RFC2136_NAMESERVER=%s RFC2136_TSIG_KEY=acme-key RFC2136_TSIG_ALGORITHM=hmac-sha256. RFC2136_TSIG_SECRET=%s LEGO_CA_CERTIFICATES=%s lego --server %s --accept-tos --email bench@example.org --path %s/lego --dns rfc2136 --dns.resolvers %s:53 --domains example.org run\n" \
		    "$LAB_NS1" "$secret" "$PEBBLE_CA" "$PEBBLE_URL" "$d" \
		    "$LAB_RESOLVER" >"$d/lego.cmd"
		lego_call "$d"
		measure "$d" 120 example.org
	fi
fi
stop_lab

# --- Kerberos (GSS-TSIG) beside TSIG, on one lab ----------------------
# The same name count and no forced lag: the TSIG run on example.org
# (ns1, ns2 by NOTIFY, ns3 refreshing every second), the GSS run through
# the CNAME gss.example.net into krb.example.net (tests/lab/krb5.sh: ns1
# with tkey-gssapi-keytab, ns2 by NOTIFY), its ticket from a keytab each
# run: the difference is what Kerberos costs.
gss_note=
if command -v krb5kdc >/dev/null 2>&1 &&
    command -v kadmin.local >/dev/null 2>&1; then
	. "$ACME_SRC/tests/lab/servers.sh"
	. "$ACME_SRC/tests/lab/krb5.sh"
	stop_lab
	lab=$work/lab-gss
	LAB_LAG=1
	LAB_KNOT=0
	export LAB_LAG LAB_KNOT
	krb5_lab_extra "$lab" && lab_start "$lab" ||
	    { lab_logs "$lab" >&2; exit 1; }
	krb=$work/krb5
	krb5_lab_start "$krb" || exit 1
	INI_SAVE=$lab/acme-hooks.ini
	INI=$INI_SAVE
	hook_scenario 12-tsig "acme-auth, 1 name, TSIG (hmac-sha256), no forced lag" \
	    "" example.org
	gss_ini=$work/gss.ini
	(umask 077 && printf '%s\n' "[options]" "resolver = $LAB_RESOLVER" \
	    "timeout = 30" "ttl = 2" "" "[key \"acme\"]" \
	    "algorithm = gss-tsig" "principal = acme@$KRB5_LAB_REALM" \
	    "keytab = $KRB5_LAB_KEYTAB_ACME" "" "[zone \"$KRB5_LAB_ZONE\"]" \
	    "key = acme" >"$gss_ini") || exit 1
	INI=$gss_ini
	hook_scenario 13-gss "acme-auth, 1 name, GSS-TSIG (Kerberos: ticket from a keytab, TKEY over TCP, then the update), no forced lag" \
	    "" gss.example.net
	INI=$INI_SAVE
	krb5_lab_stop "$krb"
	krb=
	stop_lab
else
	gss_note="No MIT KDC (apt-get install krb5-kdc krb5-admin-server): the GSS-TSIG rows are skipped."
fi

# --- the table -------------------------------------------------------
ver() {
	dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo "not installed"
}
{
	"$PY" "$BENCH" table "$res"
	[ -n "$alt_note" ] && echo "-$alt_note"
	[ -n "$gss_note" ] && echo "- $gss_note"
	[ -n "$rss_note" ] && echo "- $rss_note"
	echo
	echo "Runs per hook scenario: $RUNS; started $started, ended $(date -u '+%Y-%m-%d %H:%M:%S UTC')."
	echo "Machine: $(uname -srm), $(nproc) CPUs."
	echo "Versions: $(named -v 2>/dev/null | head -n 1); knotd $(knotd --version 2>/dev/null | awk '{print $NF; exit}');" \
	    "nsupdate (bind9-dnsutils $(ver bind9-dnsutils)); certbot $(ver certbot);" \
	    "python3-certbot-dns-rfc2136 $(ver python3-certbot-dns-rfc2136);" \
	    "lego $(ver lego); pebble $(ver pebble); c-ares $(ver libc-ares2);" \
	    "OpenSSL $(ver libssl3); MIT Kerberos $(ver libgssapi-krb5-2);" \
	    "$("$PY" --version 2>&1)."
	echo "acme-hooks: $(git -C "$ACME_SRC" describe --always --dirty 2>/dev/null || echo unknown), $ACME_BUILD."
} >"$work/bench.md"
mkdir -p "$(dirname "$OUT")" && cp "$work/bench.md" "$OUT"
cat "$work/bench.md"
[ "${BENCH_KEEP:-0}" = 1 ] && cp -r "$res" "$(dirname "$OUT")/bench-results" 2>/dev/null
exit 0
