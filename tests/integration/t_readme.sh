#!/bin/sh
# SPDX-License-Identifier: ISC
# The README, followed as written.  Every fenced block of README.md that
# a line "<!-- readme-test: NAME -->" marks is taken from the README at
# run time and used verbatim:
#
#	hooks-ini		/etc/acme-hooks.ini (mode 0600)
#	bind-main-zone		appended to the main zone example.net
#	bind-key		run by sh -e on the primary (tsig-keygen,
#				chown, chmod, install into /etc/acme-hooks)
#	bind-primary		the primary's /etc/bind/named.conf.local
#	bind-zone-file		the zone file, at the path the primary's
#				zone statement names (owned by bind, as the
#				README says)
#	bind-secondary		the secondary's /etc/bind/named.conf.local
#	bind-checkzone		run by sh -e on the primary
#	bind-check		run by sh -e: acme-auth --check example.net
#	check-config		run by sh -e when acme-auth has
#				--check-config
#	bind-certbot		run by sh -e, certbot pointed at Pebble
#	bind-probe		run by sh -e when acme-auth has --probe
#	pdns-conf		appended to /etc/powerdns/pdns.conf
#	pdns-steps		run by sh -e where the zone file body was
#				saved as acmesh.example.net.zone
#	pdns-key		run by sh -e on the PowerDNS primary
#	pdns-check		run by sh -e: acme-auth --check example.net
#
# A marker the test does not know, or a known one that is missing or
# not followed by a fenced block, fails the test.  named runs as user
# bind (named -u bind, as Debian runs it), from /etc/bind/named.conf.
#
# Where things are: the whole test runs in a network namespace and a
# mount namespace of its own (unshare -m -n, re-executed below).  The
# README's addresses are used as they are, on that namespace's lo (no
# sed of any block): 192.0.2.53 is ns1.example.net, the primary (BIND,
# then PowerDNS), 192.0.2.54 ns2.example.net, the secondary, 127.0.0.1
# the hooks' resolver (a named with BIND's default cache limits, hints:
# a root on 127.0.0.11 that delegates example.net to ns1), Pebble
# 127.0.0.30.  A packet to an address on lo leaves from that address, so
# the hooks, which run on the primary as in the README, send their
# updates from 192.0.2.53, the README's ALLOW-DNSUPDATE-FROM.  The
# README's paths are the real ones inside the mount namespace: /etc is
# an overlay whose upper layer is under $T (the host's /etc is never
# written), /etc/bind, /var/lib/bind, /var/cache/bind, /etc/powerdns and
# /var/lib/powerdns are fresh directories of $T bind-mounted there with
# Debian's owners and modes, /run is a tmpfs (so the hooks keep their
# state in /run/acme-hooks, as root's hooks do); the secondary's named
# runs in a mount namespace of its own with its own /etc/bind,
# /var/cache/bind and /run.  What the README leaves to the
# administrator is written by the test: named.conf and
# named.conf.options (listen-on the server's address, no recursion), the
# main zone's SOA, NS and addresses, pdns.conf's backend lines, the
# certbot options that point it at Pebble and keep its files under $T.
#
# It prints how long the documented path took, from the README's first
# step to the certificate.  Needs: bind9, bind9-utils, bind9-dnsutils,
# certbot, pebble, openssl, pdns-server, pdns-backend-sqlite3, sqlite3,
# util-linux (unshare), mount (overlay).

set -u
. "$ACME_SRC/tests/e2e/e2e.sh"
. "$ACME_SRC/tests/lab/servers.sh"
. "$ACME_SRC/tests/lab/pdns.sh"

README=${README_FILE:-$ACME_SRC/README.md}
NS1=192.0.2.53
NS2=192.0.2.54
ROOT=127.0.0.11
RES=127.0.0.1
W=$T/w
M=$T/m
MARKERS="hooks-ini bind-main-zone bind-key bind-primary bind-zone-file
bind-secondary bind-checkzone bind-check check-config bind-certbot bind-probe
pdns-conf
pdns-steps pdns-key pdns-check"

# ---- outside: enter the namespaces ------------------------------------

if [ "${README_TEST_INNER:-}" != 1 ]; then
	need unshare util-linux || exit 1
	if ! unshare -m -n true 2>/dev/null; then
		echo "ok - # SKIP no private mount namespace here (chroot whose" \
		    "/ is not a mount point): the README's paths cannot be" \
		    "used without touching the host's /etc"
		exit 0
	fi
	README_TEST_INNER=1 exec unshare -m -n --propagation private \
	    sh "$0" "$@"
fi

# ---- inside: the world -------------------------------------------------

ip link set lo up || exit 1
ACME_NETNS=$(readlink /proc/self/ns/net)
export ACME_NETNS
lab_netns_ok || exit 1
for c in named named-checkconf named-checkzone tsig-keygen dig certbot \
    pebble openssl pdns_server pdnsutil sqlite3 mount; do
	need "$c" "bind9 bind9-utils bind9-dnsutils certbot pebble openssl\
 pdns-server pdns-backend-sqlite3 sqlite3" || { finish; exit 1; }
done
if ! id bind >/dev/null 2>&1; then
	not_ok "user bind exists (apt-get install bind9)"
	finish
	exit 1
fi

# shellcheck disable=SC2154 # w is the trap's own loop variable
trap 'for w in bind pdns net; do srv_stop "$W/$w"; done
    pebble_stop "$T/pebble"' EXIT
trap 'exit 1' INT TERM

# readme_block NAME: the fenced block after "<!-- readme-test: NAME -->"
# (exactly one such line, followed at once by a fence).
readme_block() {
	awk -v m="<!-- readme-test: $1 -->" '
	    $0 == m { n++; want = 1; next }
	    want == 1 { want = ($0 ~ /^```/) ? 2 : 0; if (!want) bad = 1; next }
	    want == 2 && /^```[[:space:]]*$/ { want = 0; got++; next }
	    want == 2 { print }
	    END { exit (n == 1 && got == 1 && !bad) ? 0 : 1 }' "$README"
}

# Every marker of the README is one the test uses, and each gives a block.
B=$T/blocks
mkdir -p "$B" || exit 1
# known NAME: NAME is one of $MARKERS.
known() {
	for _k in $MARKERS; do
		[ "$_k" = "$1" ] && return 0
	done
	return 1
}
unknown=$(sed -n 's/^<!-- readme-test: \(.*\) -->$/\1/p' "$README" |
    while read -r m; do
	known "$m" || echo "$m"
    done)
check "every readme-test marker of the README is known here" \
    [ -z "$unknown" ]
[ -z "$unknown" ] || echo "# unknown: $unknown"
missing=
for m in $MARKERS; do
	readme_block "$m" >"$B/$m" && [ -s "$B/$m" ] ||
	    missing="$missing $m"
done
check "the README has one fenced block after each marker" [ -z "$missing" ]
if [ -n "$missing" ]; then
	echo "# missing or not followed by a fenced block:$missing"
	finish
	exit 1
fi

# The man pages and the example configuration say what the README says:
# the key made once, with the same lines; the secondary's zone statement;
# the hooks' key file.  (Compared line by line, leading blanks aside.)
MAN1=$ACME_SRC/config/acme-auth.1
MAN5=$ACME_SRC/config/acme-hooks.ini.5
EXAMPLE=$ACME_SRC/config/acme-hooks.ini
# lines_in BLOCK FILE [PREFIX]: every non-empty line of BLOCK, without
# leading blanks, is a line of FILE (after PREFIX and leading blanks).
lines_in() {
	_miss=$(sed 's/^[[:space:]]*//; /^$/d' "$B/$1" | while IFS= read -r _l; do
		sed "s/^${3:-}//; s/^[[:space:]]*//" "$2" | grep -qxF -- "$_l" ||
		    echo "$_l"
	done)
	[ -z "$_miss" ] || {
		echo "# ${2##*/} lacks: $_miss"
		return 1
	}
}
check "acme-auth(1) makes the key with the README's lines" \
    lines_in bind-key "$MAN1"
check "acme-hooks.ini(5) makes the key with the README's lines" \
    lines_in bind-key "$MAN5"
check "the example configuration makes the key with the README's lines" \
    lines_in bind-key "$EXAMPLE" ';'
check "acme-auth(1) gives the README's secondary" \
    lines_in bind-secondary "$MAN1"
keyfile_line=$(grep '^file = ' "$B/hooks-ini" | sed 's/[[:space:]]*;.*//')
check "the README's hooks read $keyfile_line" [ -n "$keyfile_line" ]
for f in "$MAN1" "$EXAMPLE"; do
	check "${f##*/} names the same key file ($keyfile_line)" \
	    grep -q "^$keyfile_line\([[:space:]]\|\$\)" "$f"
done
for o in --check --probe --check-config; do
	check "acme-auth(1) documents $o" grep -qxF ".It Fl \\${o#-}" "$MAN1"
	check "acme-auth --help lists $o" sh -c \
	    "'$ACME_BUILD/acme-auth' --help | grep -q -- '^ *$o '"
done

# run_block NAME [PRELUDE]: sh -e on the block, PRELUDE (shell text)
# first; its output shown as "#   " lines; status in $rc.
run_block() {
	{
		[ -z "${2:-}" ] || printf '%s\n' "$2"
		cat "$B/$1"
	} >"$B/$1.sh"
	sh -e "$B/$1.sh" >"$T/block.out" 2>&1
	rc=$?
	sed "s/^/#   $1: /" "$T/block.out"
}

# The machine ns1: the overlay on /etc, Debian's directories, /run.
mkdir -p "$M/etc.up" "$M/etc.work" "$W" || exit 1
chmod 755 "$M/etc.up"
if ! mount -t overlay overlay \
    -o "lowerdir=/etc,upperdir=$M/etc.up,workdir=$M/etc.work" /etc; then
	echo "ok - # SKIP no overlay file system here: the README's paths" \
	    "under /etc cannot be used without touching the host's /etc"
	finish
	exit $?
fi
# ddir DIR OWNER MODE: a fresh directory as Debian's packages make it.
ddir() {
	rm -rf "$1" && mkdir -p "$1" && chown "$2" "$1" && chmod "$3" "$1"
}
# machine NAME: fresh /etc/bind, /var/lib/bind, /var/cache/bind, /run,
# /etc/powerdns, /var/lib/powerdns here; the hooks' files removed.
machine() {
	_m=$M/$1
	ddir "$_m/etc-bind" root:bind 2755 &&
	ddir "$_m/lib-bind" root:bind 2775 &&
	ddir "$_m/cache-bind" root:bind 0775 &&
	ddir "$_m/etc-powerdns" root:root 0755 &&
	ddir "$_m/lib-powerdns" pdns:pdns 0755 || return 1
	for _p in /etc/bind /var/lib/bind /var/cache/bind /etc/powerdns \
	    /var/lib/powerdns /run; do
		! mountpoint -q "$_p" || umount "$_p" || return 1
	done
	mount --bind "$_m/etc-bind" /etc/bind &&
	mount --bind "$_m/lib-bind" /var/lib/bind &&
	mount --bind "$_m/cache-bind" /var/cache/bind &&
	mount --bind "$_m/etc-powerdns" /etc/powerdns &&
	mount --bind "$_m/lib-powerdns" /var/lib/powerdns &&
	mount -t tmpfs -o mode=0755 tmpfs /run &&
	install -d -o root -g bind -m 0775 /run/named || return 1
	rm -rf /etc/acme-hooks /etc/acme-hooks.ini /etc/resolv.conf
	echo "nameserver $RES" >/etc/resolv.conf
}
machine ns1 || { not_ok "the primary's directories are mounted"; exit 1; }

# named.conf and named.conf.options (the administrator's part): named
# listens on its own address only, and sends from it.
named_conf() {
	cat >"$1/named.conf" <<'EOF'
include "/etc/bind/named.conf.options";
include "/etc/bind/named.conf.local";
include "/etc/bind/named.conf.lab";
EOF
	cat >"$1/named.conf.options" <<EOF
options {
	directory "/var/cache/bind";
	listen-on { $2; };
	listen-on-v6 { none; };
	query-source address $2;
	notify-source $2;
	transfer-source $2;
	recursion no;
	dnssec-validation no;
};
controls { };
EOF
	: >"$1/named.conf.lab"
	: >"$1/named.conf.local"
	chgrp bind "$1"/named.conf*
}

# secondary_dirs DIR: the secondary's /etc/bind (the README's zone
# statement in named.conf.local) and /var/cache/bind, under DIR.
secondary_dirs() {
	ddir "$1" root:root 0755 && ddir "$1/etc-bind" root:bind 2755 &&
	    ddir "$1/cache-bind" root:bind 0775 || return 1
	named_conf "$1/etc-bind" "$NS2"
	cat "$B/bind-secondary" >"$1/etc-bind/named.conf.local"
}

# secondary_start WORLD DIR: its named, as user bind, in a mount
# namespace of its own where DIR's directories are /etc/bind and
# /var/cache/bind and /run is its own.
secondary_start() {
	# shellcheck disable=SC2016 # expanded by the inner sh
	srv_start "$1" ns2 named unshare -m sh -c '
	    mount --bind "$1" /etc/bind &&
	    mount --bind "$2" /var/cache/bind &&
	    mount -t tmpfs -o mode=0755 tmpfs /run &&
	    install -d -o root -g bind -m 0775 /run/named &&
	    exec named -4 -g -n 1 -u bind -c /etc/bind/named.conf' sh \
	    "$2/etc-bind" "$2/cache-bind"
}

# The main zone (static): SOA, NS and address of ns1, then the README's
# records.
main_zone() {
	cat <<EOF
\$TTL 60
\$ORIGIN example.net.
@	SOA	ns1.example.net. hostmaster.example.net. 1 3600 600 1209600 30
@	NS	ns1.example.net.
ns1	A	$NS1
ns2	A	$NS2
EOF
	cat "$B/bind-main-zone"
}

# The Internet: a root and the hooks' resolver (BIND's default caches).
for a in "$NS1" "$NS2" "$ROOT"; do
	ip addr add "$a/32" dev lo || exit 1
done
mkdir -p "$W/net/root" "$W/net/resolver" || exit 1
lab_root_conf "$W/net/root" "$ROOT" >"$W/net/root/named.conf"
cat >"$W/net/root/root.db" <<EOF
\$TTL 60
.			SOA	a.root-servers.lab. hostmaster.lab. 1 2 1 3600 1
.			NS	a.root-servers.lab.
a.root-servers.lab.	A	$ROOT
example.net.		NS	ns1.example.net.
ns1.example.net.	A	$NS1
EOF
lab_resolver_conf "$W/net/resolver" "$RES" "$ROOT" no |
    sed '/max-cache-ttl/d; /max-ncache-ttl/d' >"$W/net/resolver/named.conf"
srv_named "$W/net" root && srv_named "$W/net" resolver &&
    srv_wait_soa "$W/net" 20 "$ROOT" . || exit 1
# shellcheck disable=SC2034 # Pebble's resolver (pebble.sh)
LAB_RESOLVER=$RES
pebble_start "$T/pebble" || exit 1

# The hooks as the README calls them: acme-auth and acme-clean on PATH;
# their state where root's goes.
mkdir -p "$T/bin" "$T/work" || exit 1
for h in acme-auth acme-clean; do
	printf '#!/bin/sh\nexec %s %s "$@"\n' "${ACME_WRAP:-}" \
	    "$ACME_BUILD/$h" >"$T/bin/$h"
	chmod 755 "$T/bin/$h"
done
PATH=$T/bin:$PATH
unset ACME_HOOKS_STATE_DIR XDG_RUNTIME_DIR ACME_HOOKS_CONFIG
export PATH
cd "$T/work" || exit 1

# ---- BIND --------------------------------------------------------------

t0=$(lab_now_ms)
(umask 077 && cat "$B/hooks-ini" >/etc/acme-hooks.ini)
run_block bind-key
check "BIND: the key steps run (status $rc)" [ "$rc" -eq 0 ]
named_conf /etc/bind "$NS1"
cat "$B/bind-primary" >/etc/bind/named.conf.local
main_zone >/etc/bind/db.example.net
echo 'zone "example.net" { type primary; file "/etc/bind/db.example.net"; };' \
    >/etc/bind/named.conf.lab
zfile=$(sed -n 's/^[[:space:]]*file "\([^"]*\)";.*/\1/p' "$B/bind-primary")
check "BIND: the primary's zone statement names one file in /var/lib/bind" \
    [ "$(printf '%s\n' "$zfile" | grep -c '^/var/lib/bind/')" -eq 1 ]
cat "$B/bind-zone-file" >"$zfile" && chown bind:bind "$zfile"
s2=$M/ns2
secondary_dirs "$s2" || exit 1

named-checkconf /etc/bind/named.conf >"$T/block.out" 2>&1
rc=$?
show "$T/block.out"
check "BIND: named-checkconf on the primary (status $rc)" [ "$rc" -eq 0 ]
named-checkconf "$s2/etc-bind/named.conf.local" >"$T/block.out" 2>&1
rc=$?
show "$T/block.out"
check "BIND: named-checkconf of the secondary's zone (status $rc)" \
    [ "$rc" -eq 0 ]
run_block bind-checkzone
check "BIND: named-checkzone (status $rc)" [ "$rc" -eq 0 ]

# The primary as Debian runs it; the secondary in a mount namespace of
# its own (its /etc/bind, /var/cache/bind, /run).
srv_start "$W/bind" ns1 named named -4 -g -n 1 -u bind \
    -c /etc/bind/named.conf
srv_wait_soa "$W/bind" 20 "$NS1" acmesh.example.net "$NS1" example.net ||
    { not_ok "BIND: the primary serves both zones"; exit 1; }
secondary_start "$W/bind" "$s2"
srv_wait_soa "$W/bind" 20 "$NS2" acmesh.example.net ||
    { not_ok "BIND: the secondary serves acmesh.example.net"; exit 1; }
check "BIND: both named run as user bind" sh -c "
    [ \"\$(stat -c %U /proc/$(cat "$W/bind/ns1/server.pid"))\" = bind ] &&
    [ \"\$(stat -c %U /proc/$(cat "$W/bind/ns2/server.pid"))\" = bind ]"
check "BIND: the secondary wrote its copy in /var/cache/bind" \
    [ -s "$s2/cache-bind/${zfile##*/}" ]

# has_option OPTION: this acme-auth knows OPTION (its --help names it).
has_option() {
	acme-auth --help 2>&1 | grep -q -- "$1\\b"
}
if has_option --check-config; then
	run_block check-config
	check "acme-auth --check-config exits 0 (got $rc)" [ "$rc" -eq 0 ]
else
	echo "# SKIP: this acme-auth has no --check-config yet: the README's" \
	    "--check-config step is not run"
fi
run_block bind-check
check "BIND: acme-auth --check example.net exits 0 (got $rc)" [ "$rc" -eq 0 ]

# The certificate, through the README's certbot command; only the ACME
# server, its CA and the directories are the test's.
cb=$T/certbot
run_block bind-certbot "certbot() {
    REQUESTS_CA_BUNDLE='$PEBBLE_CA' command certbot \"\$@\" \
        --non-interactive --agree-tos --register-unsafely-without-email \
        --server '$PEBBLE_URL' --config-dir '$cb/config' \
        --work-dir '$cb/work' --logs-dir '$cb/logs' --cert-name readme
}"
t1=$(lab_now_ms)
check "BIND: certbot exits 0 (got $rc)" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] ||
    tail -n 30 "$cb/logs/letsencrypt.log" 2>/dev/null | sed 's/^/#   /'
e2e_check_cert "$cb/config/live/readme/cert.pem"
waits=$(e2e_hook_times "$cb/logs/letsencrypt.log")
printf '%s\n' "$waits"
# NOTIFY at once (notify-delay 0): the wait is well under BIND's 5 s.
# Without that line the NOTIFY after the update waits out 5 s from the
# one named sent when it loaded the zone a second or two before: the
# hook waited 3.4 s in one such run here, but under 3 s in another, so
# this catches a lost notify-delay line in most runs, not in all.
# waited_under S: the hooks' waits ($waits) were all under S seconds.
waited_under() {
	[ -n "$waits" ] &&
	    [ -z "$(printf '%s\n' "$waits" | awk -v s="$1" '$4 + 0 >= s')" ]
}
check "BIND: the hooks waited under 3 s for the secondary" waited_under 3
check "BIND: the hooks kept their state in /run/acme-hooks" \
    [ -d /run/acme-hooks ]
check "BIND: no TXT left on the primary" \
    no_txt _acme-challenge.acmesh.example.net "$NS1"
check "BIND: no TXT left on the secondary" \
    no_txt _acme-challenge.acmesh.example.net "$NS2" 5000
# The zone file's SOA minimum: a resolver caches "no such name" in the
# zone for 30 s at most (the SOA's TTL is 300).  Asked at a name that
# never exists: the challenge name's TXT RRset Pebble asked for may
# still be cached.
# neg_ttl: the TTL of the SOA the resolver gives with a negative answer.
neg_ttl() {
	dig +time=2 +tries=1 @"$RES" nothing-here.acmesh.example.net TXT |
	    awk '$4 == "SOA" && /^acmesh\.example\.net\./ { print $2; exit }'
}
nttl=$(neg_ttl)
echo "# a negative answer in acmesh.example.net is cached for ${nttl:-?} s"
check "BIND: the resolver caches the missing name for 30 s at most" \
    [ "${nttl:-999}" -le 30 ]
[ "$rc" -ne 0 ] ||
    echo "# the README's path, from its first step to the certificate:" \
	"$((t1 - t0)) ms (certbot's own run included)"

if has_option --probe; then
	run_block bind-probe
	check "BIND: acme-auth --probe example.net exits 0 (got $rc)" \
	    [ "$rc" -eq 0 ]
	check "BIND: --probe prints a line for each server" sh -c \
	    "grep -q '$NS1' '$T/block.out' && grep -q '$NS2' '$T/block.out'"
else
	echo "# SKIP: this acme-auth has no --probe yet: the README's" \
	    "--probe step is not run"
fi

srv_stop "$W/bind"

# ---- PowerDNS ----------------------------------------------------------

machine pd || { not_ok "PowerDNS: the primary's directories"; exit 1; }
(umask 077 && cat "$B/hooks-ini" >/etc/acme-hooks.ini)
{
	cat <<EOF
launch=gsqlite3
gsqlite3-database=/var/lib/powerdns/pdns.sqlite3
local-address=$NS1
local-port=53
query-local-address=$NS1
cache-ttl=0
query-cache-ttl=0
negquery-cache-ttl=0
zone-metadata-cache-ttl=0
security-poll-suffix=
EOF
	cat "$B/pdns-conf"
} >/etc/powerdns/pdns.conf
sqlite3 /var/lib/powerdns/pdns.sqlite3 <"$PDNS_SCHEMA" || exit 1
main_zone >"$T/work/example.net.zone"
pdnsutil load-zone example.net "$T/work/example.net.zone" \
    >/dev/null 2>"$T/block.out" || { show "$T/block.out"; exit 1; }
cat "$B/bind-zone-file" >acmesh.example.net.zone
run_block pdns-steps
check "PowerDNS: the pdnsutil steps run (status $rc)" [ "$rc" -eq 0 ]
run_block pdns-key
check "PowerDNS: the key steps run (status $rc)" [ "$rc" -eq 0 ]
check "PowerDNS: the hooks' key file is root's, mode 600" \
    [ "$(stat -c %U:%a /etc/acme-hooks/acme-key.key 2>/dev/null)" = root:600 ]
srv_start "$W/pdns" pdns pdns_server pdns_server --config-dir=/etc/powerdns \
    --socket-dir="$T/work" --daemon=no --guardian=no --disable-syslog \
    --write-pid=no
srv_wait_soa "$W/pdns" 20 "$NS1" acmesh.example.net "$NS1" example.net ||
    { not_ok "PowerDNS serves both zones"; exit 1; }
secondary_dirs "$M/ns2pd" || exit 1
secondary_start "$W/pdns" "$M/ns2pd"
srv_wait_soa "$W/pdns" 20 "$NS2" acmesh.example.net ||
    { not_ok "PowerDNS: the secondary serves acmesh.example.net"; exit 1; }

run_block pdns-check
check "PowerDNS: acme-auth --check example.net exits 0 (got $rc)" \
    [ "$rc" -eq 0 ]
v=$(value)
t2=$(lab_now_ms)
CERTBOT_DOMAIN=example.net CERTBOT_VALIDATION=$v acme-auth \
    >"$T/out" 2>"$T/err"
rc=$?
echo "# PowerDNS: acme-auth took $(($(lab_now_ms) - t2)) ms"
check "PowerDNS: acme-auth exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "PowerDNS: both servers serve the value" \
    srv_serves _acme-challenge.acmesh.example.net "$v" "$NS1" "$NS2"
hint=$(cat "$T/out")
check "PowerDNS: acme-auth printed the line for the cleanup" [ -n "$hint" ]
CERTBOT_DOMAIN=example.net CERTBOT_VALIDATION=$v CERTBOT_AUTH_OUTPUT=$hint \
    acme-clean >"$T/out" 2>"$T/err"
rc=$?
check "PowerDNS: acme-clean exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "PowerDNS: no TXT left on the primary" \
    no_txt _acme-challenge.acmesh.example.net "$NS1"
check "PowerDNS: no TXT left on the secondary" \
    no_txt _acme-challenge.acmesh.example.net "$NS2" 5000
finish
