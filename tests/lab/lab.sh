# SPDX-License-Identifier: ISC
# Local DNS lab for the integration tests and the demo.  POSIX sh; source it.
#
# Five BIND 9 servers on private loopback addresses, port 53:
#	127.0.0.10	recursive resolver (hints: the root below)
#	127.0.0.11	root server, delegates example.net and example.org
#	127.0.0.12	ns1.example.net, primary of every lab zone
#	127.0.0.13	ns2.example.net, secondary, gets NOTIFY
#	127.0.0.14	ns3.example.net, secondary, no NOTIFY: refreshes
#			every LAB_LAG seconds (default 3) by its timer
# With LAB_KNOT=1 (needs knot), also:
#	127.0.0.15	knotd, primary of knot.example.org (delegated from
#			example.org; ns2 is its BIND secondary), and keys
#			acme-hmac-sha1 ... acme-hmac-sha512 granted TXT in
#			example.org (ns1) and knot.example.org (knotd)
# See tests/lab/README.md for the zones.  Binding port 53 on these
# addresses needs a private network namespace: tests/run.sh provides one
# and names it in ACME_NETNS (and the host's in ACME_NETNS_HOST), as
# readlink /proc/self/ns/net prints them; lab_start refuses to run
# anywhere else.
#
# Functions (every loop is bounded in time):
#	lab_start DIR		write configs, keys and zones under DIR, start
#				the servers, wait until all serve all zones
#	lab_stop DIR		stop them (TERM, bounded wait, then KILL)
#	lab_dig NAME TYPE SERVER	dig +norec +short @SERVER
#	lab_resolve NAME TYPE	dig +short through the resolver
#	lab_soa_serial ZONE SERVER	the serial SERVER serves, or nothing
#	lab_wait_serial ZONE SERVER SERIAL TIMEOUT
#				wait until SERVER serves SERIAL or newer
#	lab_wait_value NAME TYPE SERVER VALUE TIMEOUT
#				wait until lab_dig prints a line VALUE
#	lab_nsupdate DIR	nsupdate commands from stdin, signed with
#				acme-key, sent to ns1 (server/send added)
#	lab_sync_lag DIR ZONE	change ZONE and wait until ns3 has it, so
#				that ns3's next refresh is about LAB_LAG s away
#	lab_now_ms		milliseconds since the epoch
#	lab_netns_ok		true inside tests/run.sh's private namespace
#	lab_resolver_conf DIR ADDR ROOT VALIDATION, lab_root_conf DIR ADDR
#				named.conf of a resolver, of a root server
#	lab_logs DIR		tail of every server log (for diagnosis)
# TIMEOUT arguments are whole seconds.

LAB_RESOLVER=127.0.0.10
LAB_ROOT=127.0.0.11
LAB_NS1=127.0.0.12
LAB_NS2=127.0.0.13
LAB_NS3=127.0.0.14
LAB_SERVERS="resolver root ns1 ns2 ns3"
LAB_ZONES="example.net acmesh.example.net example.org unconf.example.net"
LAB_KNOT_ADDR=127.0.0.15
LAB_KNOT_ZONE=knot.example.org
LAB_KNOT_ALGS="hmac-sha1 hmac-sha224 hmac-sha256 hmac-sha384 hmac-sha512"

# lab__knot: true when LAB_KNOT=1 asks for the Knot part of the lab.
lab__knot() {
	[ "${LAB_KNOT:-0}" = 1 ]
}

lab_now_ms() {
	_lab_ns=$(date +%s%N)
	echo "${_lab_ns%??????}"
}

lab__say() {
	echo "lab: $*" >&2
}

# lab__alive PID: true if PID runs and is not a zombie.
lab__alive() {
	[ -r "/proc/$1/stat" ] || return 1
	_lab_st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$_lab_st" ] && [ "$_lab_st" != Z ]
}

lab__addr() {
	case $1 in
	resolver)	echo "$LAB_RESOLVER" ;;
	root)		echo "$LAB_ROOT" ;;
	ns1)		echo "$LAB_NS1" ;;
	ns2)		echo "$LAB_NS2" ;;
	ns3)		echo "$LAB_NS3" ;;
	knot)		echo "$LAB_KNOT_ADDR" ;;
	*)		return 1 ;;
	esac
}

# lab__options DIR ADDR: the options every server shares.  Every path
# lives under DIR; nothing in /etc/bind, /var/cache/bind or /run is used.
lab__options() {
	cat <<EOF
	directory "$1";
	pid-file none;
	session-keyfile "$1/session.key";
	managed-keys-directory "$1";
	dump-file "$1/cache.dump";
	statistics-file "$1/named.stats";
	memstatistics-file "$1/named.memstats";
	listen-on port 53 { $2; };
	listen-on-v6 { none; };
	query-source address $2;
	notify-source $2;
	transfer-source $2;
	empty-zones-enable no;
	dnssec-validation no;
EOF
}

# lab__zone FILE ORIGIN: write a zone file with its SOA and NS records.  SOA
# refresh 2, retry 1, minimum 1; BIND raises the refresh to its
# min-refresh-time, which ns3 sets to LAB_LAG.
lab__zone() {
	{
		# shellcheck disable=SC2016
		echo '$TTL 60'
		echo "\$ORIGIN $2."
		echo "@	SOA	ns1.example.net. hostmaster.example.net." \
		    "1 2 1 3600 ${LAB_SOA_MIN:-1}"
		for _lab_n in ns1 ns2 ns3; do
			echo "@	NS	$_lab_n.example.net."
		done
		# Records a test adds before lab_start (DIR/extra/ZONE.db).
		_lab_x=$(dirname "$(dirname "$1")")/extra/$2.db
		[ ! -f "$_lab_x" ] || cat "$_lab_x"
	} >"$1"
}

lab__write_zones() {
	_lab_d=$1

	# The root zone: its own server, and the two delegations with glue.
	cat >"$_lab_d/root/root.db" <<'EOF'
$TTL 60
.			SOA	a.root-servers.lab. hostmaster.lab. 1 2 1 3600 1
.			NS	a.root-servers.lab.
a.root-servers.lab.	A	127.0.0.11
example.net.		NS	ns1.example.net.
example.net.		NS	ns2.example.net.
example.net.		NS	ns3.example.net.
ns1.example.net.	A	127.0.0.12
ns2.example.net.	A	127.0.0.13
ns3.example.net.	A	127.0.0.14
example.org.		NS	ns1.example.net.
example.org.		NS	ns2.example.net.
example.org.		NS	ns3.example.net.
EOF

	lab__zone "$_lab_d/ns1/example.net.db" example.net
	cat >>"$_lab_d/ns1/example.net.db" <<'EOF'
ns1			A	127.0.0.12
ns2			A	127.0.0.13
ns3			A	127.0.0.14
_acme-challenge		CNAME	_acme-challenge.acmesh.example.net.
_acme-challenge.www	CNAME	_acme-challenge.acmesh.example.net.
_acme-challenge.unconfigured CNAME _acme-challenge.unconf.example.net.
acmesh			NS	ns1
acmesh			NS	ns2
acmesh			NS	ns3
unconf			NS	ns1
unconf			NS	ns2
unconf			NS	ns3
; two addresses, the first where nothing answers (t_faults' fake server)
twoaddr			A	127.0.0.20
twoaddr			A	127.0.0.12
EOF
	lab__zone "$_lab_d/ns1/acmesh.example.net.db" acmesh.example.net
	lab__zone "$_lab_d/ns1/example.org.db" example.org
	if lab__knot; then
		cat >>"$_lab_d/ns1/example.org.db" <<EOF
knot			NS	ns1.knot
knot			NS	ns2.example.net.
ns1.knot		A	$LAB_KNOT_ADDR
EOF
		lab_knot_zone "$_lab_d/knot/$LAB_KNOT_ZONE.zone"
	fi
	lab__zone "$_lab_d/ns1/unconf.example.net.db" unconf.example.net
}

# lab_resolver_conf DIR ADDR ROOT VALIDATION: print named.conf for a
# recursive resolver at ADDR living in DIR (dnssec-validation VALIDATION,
# caches of 2 s at most), and write its DIR/hints.db: a.root-servers.lab
# at ROOT.
lab_resolver_conf() {
	printf '. 3600000 NS a.root-servers.lab.\n%s %s\n' \
	    'a.root-servers.lab. 3600000 A' "$3" >"$1/hints.db"
	echo 'options {'
	lab__options "$1" "$2" |
	    sed "s/dnssec-validation no;/dnssec-validation $4;/"
	cat <<'EOF'
	recursion yes;
	allow-recursion { localhost; 127.0.0.0/8; };
	allow-query-cache { localhost; 127.0.0.0/8; };
	qname-minimization off;
	max-cache-ttl 2;
	max-ncache-ttl 2;
	servfail-ttl 0;
	prefetch 0;
	notify no;
};
controls { };
zone "." { type hint; file "hints.db"; };
EOF
}

# lab_root_conf DIR ADDR [ZONE_OPTIONS]: print named.conf for the root
# server at ADDR living in DIR (DIR/root.db), ZONE_OPTIONS added to its
# zone statement.
lab_root_conf() {
	echo 'options {'
	lab__options "$1" "$2"
	cat <<EOF
	recursion no;
	notify no;
};
controls { };
zone "." { type primary; file "root.db";${3:+ $3} };
EOF
}

lab__write_configs() {
	_lab_d=$1

	lab_resolver_conf "$_lab_d/resolver" "$LAB_RESOLVER" "$LAB_ROOT" no \
	    >"$_lab_d/resolver/named.conf"
	lab_root_conf "$_lab_d/root" "$LAB_ROOT" >"$_lab_d/root/named.conf"

	# ns1: NOTIFY goes to ns2 only ("explicit"), at once (notify-delay 0).
	{
		echo 'options {'
		lab__options "$_lab_d/ns1" "$LAB_NS1"
		cat <<'EOF'
	recursion no;
	allow-transfer { 127.0.0.0/8; };
	notify explicit;
	also-notify { 127.0.0.13; };
	notify-delay 0;
};
controls { };
EOF
		echo "include \"$_lab_d/acme-key.conf\";"
		_lab_grants=
		if lab__knot; then
			for _lab_a in $LAB_KNOT_ALGS; do
				echo "include \"$_lab_d/keys/acme-$_lab_a.conf\";"
				_lab_grants="$_lab_grants grant acme-$_lab_a zonesub TXT;"
			done
		fi
		cat <<EOF
zone "example.net" { type primary; file "example.net.db"; };
zone "unconf.example.net" { type primary; file "unconf.example.net.db"; };
zone "acmesh.example.net" {
	type primary;
	file "acmesh.example.net.db";
	update-policy { grant acme-key zonesub TXT; };
};
zone "example.org" {
	type primary;
	file "example.org.db";
	update-policy { grant acme-key zonesub TXT;$_lab_grants };
};
EOF
	} >"$_lab_d/ns1/named.conf"

	# ns2 and ns3 send no NOTIFY (each other would otherwise be told).
	# ns3 refreshes every LAB_LAG seconds whatever the SOA says.
	for _lab_s in ns2 ns3; do
		{
			echo 'options {'
			lab__options "$_lab_d/$_lab_s" "$(lab__addr "$_lab_s")"
			echo '	recursion no;'
			echo '	notify no;'
			echo '	allow-transfer { 127.0.0.0/8; };'
			echo '	transfers-per-ns 20;'
			echo '	serial-query-rate 100;'
			if [ "$_lab_s" = ns3 ]; then
				echo "	min-refresh-time $LAB_LAG;"
				echo "	max-refresh-time $LAB_LAG;"
				echo '	min-retry-time 1;'
				echo '	max-retry-time 1;'
			fi
			echo '};'
			echo 'controls { };'
			# With LAB_KNOT=1 the secondaries know acme-key, so
			# that an update sent to one is refused by policy
			# (no update forwarding), not for an unknown key.
			lab__knot &&
			    echo "include \"$_lab_d/acme-key.conf\";"
			for _lab_z in $LAB_ZONES; do
				echo "zone \"$_lab_z\" { type secondary;" \
				    "primaries { $LAB_NS1; }; };"
			done
			if lab__knot && [ "$_lab_s" = ns2 ]; then
				echo "zone \"$LAB_KNOT_ZONE\" { type secondary;" \
				    "primaries { $LAB_KNOT_ADDR; }; };"
			fi
		} >"$_lab_d/$_lab_s/named.conf"
	done
}

lab__write_ini() {
	_lab_d=$1
	_lab_secret=$(sed -n 's/^[[:space:]]*secret "\([^"]*\)";.*/\1/p' \
	    "$_lab_d/acme-key.conf")
	if [ -z "$_lab_secret" ]; then
		lab__say "no secret in $_lab_d/acme-key.conf"
		return 1
	fi
	(
		umask 077
		cat >"$_lab_d/acme-hooks.ini" <<EOF
[options]
resolver = $LAB_RESOLVER
timeout = 30
ttl = 2

[key "acme-key"]
algorithm = hmac-sha256
secret = $_lab_secret

[zone "acmesh.example.net"]
key = acme-key

[zone "example.org"]
key = acme-key
EOF
		if lab__knot; then
			printf '\n[zone "%s"]\nkey = acme-key\n' \
			    "$LAB_KNOT_ZONE"
		fi >>"$_lab_d/acme-hooks.ini"
	)
	chmod 600 "$_lab_d/acme-hooks.ini"
}

# lab_knot_zone FILE: the initial knot.example.org zone, for knotd.
lab_knot_zone() {
	cat >"$1" <<EOF
\$TTL 60
\$ORIGIN $LAB_KNOT_ZONE.
@	SOA	ns1.$LAB_KNOT_ZONE. hostmaster.example.net. 1 2 1 3600 1
@	NS	ns1
@	NS	ns2.example.net.
ns1	A	$LAB_KNOT_ADDR
EOF
}

# lab__key_field FILE FIELD: "algorithm" or "secret" of a tsig-keygen file.
lab__key_field() {
	sed -n "s/^[[:space:]]*$2 \"\{0,1\}\([^\";]*\)\"\{0,1\};.*/\1/p" "$1"
}

# lab_knot_conf DIR SUBDIR ADDR [NOTIFY_ADDR]: write DIR/SUBDIR/knot.conf
# for a knotd serving knot.example.org (DIR/SUBDIR/knot.example.org.zone,
# which must exist) on ADDR port 53, with acme-key and the keys under
# DIR/keys, each allowed to update TXT records only; NOTIFY to
# NOTIFY_ADDR, transfers to 127.0.0.0/8.  Everything stays in DIR/SUBDIR.
lab_knot_conf() {
	_lab_kd=$1/$2
	_lab_keys=
	{
		cat <<EOF
server:
    rundir: "$_lab_kd"
    listen: $3@53
log:
  - target: stderr
    any: info
database:
    storage: "$_lab_kd"
key:
EOF
		for _lab_f in "$1/acme-key.conf" "$1"/keys/acme-*.conf; do
			[ -f "$_lab_f" ] || continue
			_lab_n=$(sed -n 's/^key "\([^"]*\)".*/\1/p' "$_lab_f")
			echo "  - id: $_lab_n"
			echo "    algorithm: $(lab__key_field "$_lab_f" algorithm)"
			echo "    secret: $(lab__key_field "$_lab_f" secret)"
			_lab_keys="${_lab_keys:+$_lab_keys, }$_lab_n"
		done
		cat <<EOF
acl:
  - id: acme_update
    key: [ $_lab_keys ]
    action: update
    update-type: [ TXT ]
  - id: lab_transfer
    address: 127.0.0.0/8
    action: transfer
EOF
		if [ -n "${4:-}" ]; then
			cat <<EOF
remote:
  - id: secondary
    address: $4@53
    via: $3
EOF
		fi
		cat <<EOF
zone:
  - domain: $LAB_KNOT_ZONE
    storage: "$_lab_kd"
    file: "$LAB_KNOT_ZONE.zone"
    zonefile-sync: 0
    acl: [ acme_update, lab_transfer ]
EOF
		[ -n "${4:-}" ] && echo "    notify: secondary"
	} >"$_lab_kd/knot.conf"
}

# lab_named_extra DIR NAME ADDR [OPTIONS]: one more named beside the lab,
# on ADDR port 53, configured from stdin (what follows its options block:
# zones, keys), with files in DIR/NAME; OPTIONS go into its options block
# (default: recursion no; notify no;).  Waits until it answers.  lab_stop
# DIR stops it with the others.  With LAB_NAMED_USER set, named drops to
# that user once started (`named -u`, as Debian runs it): DIR/NAME and the
# files it names must then be readable, and what it writes writable, by
# that user.
lab_named_extra() {
	_lab_x=${1:?lab_named_extra DIR NAME ADDR}/$2
	mkdir -p "$_lab_x" || return 1
	ip -4 addr show dev lo | grep -q "inet $3/" ||
	    ip addr add "$3/8" dev lo || return 1
	{
		echo 'options {'
		lab__options "$_lab_x" "$3"
		echo "	${4:-recursion no; notify no;}"
		echo '};'
		echo 'controls { };'
		cat
	} >"$_lab_x/named.conf"
	named -4 -g -n 1 ${LAB_NAMED_USER:+-u "$LAB_NAMED_USER"} \
	    -c "$_lab_x/named.conf" </dev/null >"$_lab_x/named.log" 2>&1 &
	echo $! >"$_lab_x/named.pid"
	_lab_end=$(($(lab_now_ms) + ${LAB_START_TIMEOUT:-20} * 1000))
	until dig +norec +time=1 +tries=1 @"$3" . SOA 2>/dev/null |
	    grep -q 'status: '; do
		if [ "$(lab_now_ms)" -ge "$_lab_end" ] ||
		    ! lab__alive "$(cat "$_lab_x/named.pid")"; then
			lab__say "named $2 ($3) did not start"
			tail -n 15 "$_lab_x/named.log" >&2
			return 1
		fi
		sleep 0.05
	done
}

# lab__soa_ok SERVER ZONE: SERVER answers SOA for ZONE authoritatively.
lab__soa_ok() {
	_lab_out=$(dig +norec +time=1 +tries=1 @"$1" "$2" SOA 2>&1) ||
	    return 1
	printf '%s\n' "$_lab_out" | grep -q 'status: NOERROR' || return 1
	printf '%s\n' "$_lab_out" | grep -q 'flags:[^;]* aa[ ;]' || return 1
	printf '%s\n' "$_lab_out" | grep -q "^$2\.[[:space:]].*SOA"
}

lab__ready() {
	lab__soa_ok "$LAB_ROOT" . || return 1
	for _lab_s in "$LAB_NS1" "$LAB_NS2" "$LAB_NS3"; do
		for _lab_z in $LAB_ZONES; do
			lab__soa_ok "$_lab_s" "$_lab_z" || return 1
		done
	done
	if lab__knot; then
		lab__soa_ok "$LAB_KNOT_ADDR" "$LAB_KNOT_ZONE" || return 1
		lab__soa_ok "$LAB_NS2" "$LAB_KNOT_ZONE" || return 1
	fi
	[ "$(dig +short +time=1 +tries=1 @"$LAB_RESOLVER" \
	    ns3.example.net A 2>/dev/null)" = "$LAB_NS3" ]
}

lab_logs() {
	for _lab_s in $LAB_SERVERS knot; do
		_lab_f=$1/$_lab_s/named.log
		[ "$_lab_s" = knot ] && _lab_f=$1/knot/knotd.log
		[ -f "$_lab_f" ] || continue
		echo "==== $_lab_s ($(lab__addr "$_lab_s")) $_lab_f"
		tail -n "${LAB_LOG_LINES:-15}" "$_lab_f"
	done
}

# lab_netns_ok: true inside the private network namespace of tests/run.sh.
# ACME_NETNS is the namespace it made, ACME_NETNS_HOST the one it came
# from: refuse unless we are in the former, so that a leaked variable
# never makes a server bind the host's port 53.
lab_netns_ok() {
	_lab_a=$(readlink /proc/self/ns/net 2>/dev/null) || _lab_a=
	if [ -z "$_lab_a" ] || [ "${ACME_NETNS:-}" != "$_lab_a" ] ||
	    [ -z "${ACME_NETNS_HOST:-}" ] || [ "$ACME_NETNS_HOST" = "$_lab_a" ]
	then
		lab__say "refusing to bind port 53 outside the private network" \
		    "namespace of tests/run.sh (ACME_NETNS)"
		return 1
	fi
}

# lab__spawn DIR SERVER: start SERVER's named in the background.
lab__spawn() {
	named -4 -g -n 1 -c "$1/$2/named.conf" </dev/null \
	    >"$1/$2/named.log" 2>&1 &
	echo $! >"$1/$2/named.pid"
	_lab_up="$_lab_up $2"
}

# lab__primaries_ready: ns1 (and knotd) serve their zones.
lab__primaries_ready() {
	for _lab_z in $LAB_ZONES; do
		lab__soa_ok "$LAB_NS1" "$_lab_z" || return 1
	done
	! lab__knot || lab__soa_ok "$LAB_KNOT_ADDR" "$LAB_KNOT_ZONE"
}

# lab__wait_start DIR TEST: wait until TEST succeeds, while every server
# started so far ($_lab_up, knotd) runs, until $_lab_end; else report,
# stop the lab and fail.
lab__wait_start() {
	while :; do
		for _lab_s in $_lab_up; do
			lab__alive "$(cat "$1/$_lab_s/named.pid")" &&
			    continue
			lab__say "named $_lab_s exited during start-up"
			lab_logs "$1" >&2
			lab_stop "$1"
			return 1
		done
		if lab__knot &&
		    ! lab__alive "$(cat "$1/knot/knotd.pid")"; then
			lab__say "knotd exited during start-up"
			lab_logs "$1" >&2
			lab_stop "$1"
			return 1
		fi
		"$2" && return 0
		if [ "$(lab_now_ms)" -ge "$_lab_end" ]; then
			lab__say "not ready after ${LAB_START_TIMEOUT:-20} s"
			lab__report "$1" >&2
			lab_logs "$1" >&2
			lab_stop "$1"
			return 1
		fi
		sleep 0.05
	done
}

lab_start() {
	_lab_d=${1:?lab_start DIR}
	LAB_LAG=${LAB_LAG:-3}
	case $LAB_LAG in
	''|*[!0-9]*|0) lab__say "LAB_LAG must be a positive integer"; return 1 ;;
	esac
	lab_netns_ok || return 1
	for _lab_c in named dig nsupdate tsig-keygen ip; do
		command -v "$_lab_c" >/dev/null 2>&1 && continue
		lab__say "$_lab_c not found (install bind9, bind9-utils," \
		    "bind9-dnsutils, iproute2)"
		return 1
	done
	if lab__knot && ! command -v knotd >/dev/null 2>&1; then
		lab__say "LAB_KNOT=1 but knotd not found (install knot)"
		return 1
	fi
	mkdir -p "$_lab_d" || return 1
	_lab_d=$(cd "$_lab_d" && pwd) || return 1
	for _lab_s in $LAB_SERVERS; do
		if [ -f "$_lab_d/$_lab_s/named.pid" ]; then
			lab__say "$_lab_d: lab already running? (lab_stop first)"
			return 1
		fi
		mkdir -p "$_lab_d/$_lab_s" || return 1
	done
	if lab__knot; then
		if [ -f "$_lab_d/knot/knotd.pid" ]; then
			lab__say "$_lab_d: lab already running? (lab_stop first)"
			return 1
		fi
		mkdir -p "$_lab_d/knot" "$_lab_d/keys" || return 1
	fi
	_lab_t0=$(lab_now_ms)

	# named listens only on addresses it finds on an interface, so the
	# lab's addresses go on the namespace's lo (an error if present).
	for _lab_s in $LAB_SERVERS knot; do
		[ "$_lab_s" = knot ] && ! lab__knot && continue
		_lab_a=$(lab__addr "$_lab_s")
		ip -4 addr show dev lo | grep -q "inet $_lab_a/" && continue
		ip addr add "$_lab_a/8" dev lo || return 1
	done

	(umask 077 && tsig-keygen -a hmac-sha256 acme-key \
	    >"$_lab_d/acme-key.conf") || return 1
	chmod 600 "$_lab_d/acme-key.conf"
	if lab__knot; then
		for _lab_a in $LAB_KNOT_ALGS; do
			(umask 077 && tsig-keygen -a "$_lab_a" "acme-$_lab_a" \
			    >"$_lab_d/keys/acme-$_lab_a.conf") || return 1
		done
	fi
	lab__write_ini "$_lab_d" || return 1
	lab__write_zones "$_lab_d"
	lab__write_configs "$_lab_d"
	if lab__knot; then
		lab_knot_conf "$_lab_d" knot "$LAB_KNOT_ADDR" "$LAB_NS2"
	fi
	echo "LAB_LAG=$LAB_LAG" >"$_lab_d/lab.env"

	# -g: foreground, log to stderr; no -u: we are root only in the
	# namespace.  -4: the lab has no IPv6 addresses.  The secondaries
	# start once their primaries serve: when a secondary's first SOA
	# query finds no primary listening yet (BIND 9.20 sends it the moment
	# it has started), it tries again only after its default retry time
	# for a zone it never loaded (over 20 s; min-retry-time does not
	# apply), and ns3 gets no NOTIFY to hurry it.
	_lab_end=$(($(lab_now_ms) + ${LAB_START_TIMEOUT:-20} * 1000))
	_lab_up=
	for _lab_s in resolver root ns1; do
		lab__spawn "$_lab_d" "$_lab_s"
	done
	if lab__knot; then
		knotd -c "$_lab_d/knot/knot.conf" </dev/null \
		    >"$_lab_d/knot/knotd.log" 2>&1 &
		echo $! >"$_lab_d/knot/knotd.pid"
	fi
	lab__wait_start "$_lab_d" lab__primaries_ready || return 1
	for _lab_s in ns2 ns3; do
		lab__spawn "$_lab_d" "$_lab_s"
	done
	lab__wait_start "$_lab_d" lab__ready || return 1
	LAB_START_MS=$(($(lab_now_ms) - _lab_t0))
	lab__say "ready in $LAB_START_MS ms (LAB_LAG=$LAB_LAG) at $_lab_d"
	return 0
}

# lab__report DIR: which server does not answer which zone yet.
lab__report() {
	lab__soa_ok "$LAB_ROOT" . || echo "root: no SOA for ."
	for _lab_s in ns1 ns2 ns3; do
		for _lab_z in $LAB_ZONES; do
			lab__soa_ok "$(lab__addr "$_lab_s")" "$_lab_z" ||
			    echo "$_lab_s: no authoritative SOA for $_lab_z"
		done
	done
	if lab__knot; then
		lab__soa_ok "$LAB_KNOT_ADDR" "$LAB_KNOT_ZONE" ||
		    echo "knot: no authoritative SOA for $LAB_KNOT_ZONE"
		lab__soa_ok "$LAB_NS2" "$LAB_KNOT_ZONE" ||
		    echo "ns2: no authoritative SOA for $LAB_KNOT_ZONE"
	fi
	[ "$(dig +short +time=1 +tries=1 @"$LAB_RESOLVER" \
	    ns3.example.net A 2>/dev/null)" = "$LAB_NS3" ] ||
	    echo "resolver: ns3.example.net A not resolved"
}

# lab__term PIDFILE COMM: TERM the pid in PIDFILE (removed) if it runs and
# its command name is COMM (never a recycled pid); print it if signalled.
lab__term() {
	[ -f "$1" ] || return 0
	_lab_p=$(cat "$1")
	rm -f "$1"
	case $_lab_p in ''|*[!0-9]*) return 0 ;; esac
	lab__alive "$_lab_p" || return 0
	[ -n "$2" ] && [ "$(cat "/proc/$_lab_p/comm" 2>/dev/null)" = "$2" ] ||
	    return 0
	kill -TERM "$_lab_p" 2>/dev/null && echo "$_lab_p"
}

# lab__reap PID...: wait up to LAB_STOP_TIMEOUT (5 s) for the PIDs to
# exit, KILL those left, reap our own children.
lab__reap() {
	_lab_end=$(($(lab_now_ms) + ${LAB_STOP_TIMEOUT:-5} * 1000))
	while :; do
		_lab_left=
		for _lab_p in "$@"; do
			lab__alive "$_lab_p" && _lab_left="$_lab_left $_lab_p"
		done
		[ -z "$_lab_left" ] && break
		if [ "$(lab_now_ms)" -ge "$_lab_end" ]; then
			lab__say "killing$_lab_left after" \
			    "${LAB_STOP_TIMEOUT:-5} s"
			for _lab_p in $_lab_left; do
				kill -KILL "$_lab_p" 2>/dev/null
			done
			sleep 0.1
			break
		fi
		sleep 0.05
	done
	# Reap our own children; harmless for others.
	for _lab_p in "$@"; do
		lab__alive "$_lab_p" || wait "$_lab_p" 2>/dev/null
	done
	return 0
}

lab_stop() {
	_lab_d=${1:?lab_stop DIR}
	_lab_pids=
	# Every named under DIR: the lab's and those of lab_named_extra.
	for _lab_f in "$_lab_d"/*/named.pid; do
		_lab_pids="$_lab_pids $(lab__term "$_lab_f" named)"
	done
	_lab_pids="$_lab_pids $(lab__term "$_lab_d/knot/knotd.pid" knotd)"
	# shellcheck disable=SC2086  # one word per pid
	lab__reap $_lab_pids
}

# dig prints transport errors (";; communications error ...") on stdout:
# print nothing and fail then, so that no answer reads as empty.
lab__short() {
	_lab_o=$(dig +short "$@" 2>/dev/null) || return 1
	[ -z "$_lab_o" ] || printf '%s\n' "$_lab_o" | grep -v '^;;'
	return 0
}

lab_dig() {
	lab__short +norec +time=1 +tries=1 @"$3" "$1" "$2"
}

lab_resolve() {
	lab__short +time=2 +tries=1 @"$LAB_RESOLVER" "$1" "$2"
}

lab_soa_serial() {
	lab_dig "$1" SOA "$2" | awk 'NR == 1 && NF == 7 { print $3 }'
}

lab_wait_serial() {
	_lab_end=$(($(lab_now_ms) + ${4:?lab_wait_serial ZONE SERVER SERIAL TIMEOUT} * 1000))
	while :; do
		_lab_got=$(lab_soa_serial "$1" "$2")
		[ -n "$_lab_got" ] && [ "$_lab_got" -ge "$3" ] && return 0
		if [ "$(lab_now_ms)" -ge "$_lab_end" ]; then
			lab__say "$2 serves $1 serial '${_lab_got}'," \
			    "not $3, after $4 s"
			return 1
		fi
		sleep 0.01
	done
}

lab_wait_value() {
	_lab_end=$(($(lab_now_ms) + ${5:?lab_wait_value NAME TYPE SERVER VALUE TIMEOUT} * 1000))
	while :; do
		lab_dig "$1" "$2" "$3" | grep -qxF -- "$4" && return 0
		if [ "$(lab_now_ms)" -ge "$_lab_end" ]; then
			lab__say "$3 does not serve $1 $2 $4 after $5 s"
			return 1
		fi
		sleep 0.01
	done
}

lab_nsupdate() {
	{
		echo "server $LAB_NS1 53"
		cat
		echo send
	} | nsupdate -t 5 -k "${1:?lab_nsupdate DIR}/acme-key.conf"
}

lab_sync_lag() {
	_lab_z=${2:?lab_sync_lag DIR ZONE}
	_lab_n=$(lab_now_ms)
	lab_nsupdate "$1" <<EOF || return 1
update delete _lab-sync.$_lab_z TXT
update add _lab-sync.$_lab_z 60 TXT "$_lab_n"
EOF
	lab_wait_value "_lab-sync.$_lab_z" TXT "$LAB_NS3" "\"$_lab_n\"" \
	    $((${LAB_LAG:-3} + 5))
}
