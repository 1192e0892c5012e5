# SPDX-License-Identifier: ISC
# PowerDNS Authoritative (pdns_server 4.7, gsqlite3 backend) beside the
# lab.  POSIX sh; source it after tests/lab/lab.sh and tests/lab/servers.sh.
#
# Everything of one server lives in DIR/NAME: pdns.conf, the sqlite
# database pdns.db, the control socket, resolv.conf and server.log.
# pdns_server runs in the foreground as root (of the namespace), without
# guardian, syslog or security polling.
#
#	pdns_conf DIR NAME ADDR RESOLVER
#		write DIR/NAME/pdns.conf for a primary on ADDR port 53 (RFC
#		2136 on, updates allowed from no address unless a zone's
#		ALLOW-DNSUPDATE-FROM says so, transfers to 127.0.0.0/8, no
#		caches) and create the empty database
#	pdns_util DIR NAME ARG...	pdnsutil on that configuration (its
#				stderr in DIR/NAME/pdnsutil.log)
#	pdns_load DIR NAME ZONE FILE	load a zone file, make it a primary
#	pdns_start DIR NAME	start pdns_server
#
# pdns_server finds where to send NOTIFY by looking up its zone's NS
# names with getaddrinfo, i.e. through /etc/resolv.conf; where a mount
# namespace can be made, it sees DIR/NAME/resolv.conf (nameserver
# RESOLVER) there instead, so those lookups stay inside the lab.
#
# Needs pdns-server, pdns-backend-sqlite3 and sqlite3.

PDNS_SCHEMA=/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql

pdns_conf() {
	_pd_d=$1/$2
	for _pd_c in pdns_server pdnsutil sqlite3; do
		command -v "$_pd_c" >/dev/null 2>&1 && continue
		srv__say "$_pd_c not found (install pdns-server," \
		    "pdns-backend-sqlite3, sqlite3)"
		return 1
	done
	if [ ! -f "$PDNS_SCHEMA" ]; then
		srv__say "$PDNS_SCHEMA missing (install pdns-backend-sqlite3)"
		return 1
	fi
	mkdir -p "$_pd_d" || return 1
	rm -f "$_pd_d/pdns.db"
	sqlite3 "$_pd_d/pdns.db" <"$PDNS_SCHEMA" || return 1
	echo "nameserver $4" >"$_pd_d/resolv.conf"
	# cache-ttl, the query caches and the metadata cache at 0: a test
	# reads what it just changed, and may change a zone's metadata while
	# pdns_server runs.  security-poll-suffix empty: no query to the
	# Internet.
	cat >"$_pd_d/pdns.conf" <<EOF
launch=gsqlite3
gsqlite3-database=$_pd_d/pdns.db
local-address=$3
local-port=53
query-local-address=$3
primary=yes
dnsupdate=yes
allow-dnsupdate-from=
allow-axfr-ips=127.0.0.0/8
cache-ttl=0
query-cache-ttl=0
negquery-cache-ttl=0
zone-metadata-cache-ttl=0
security-poll-suffix=
loglevel=6
EOF
}

pdns_util() {
	_pd_d=$1/$2
	shift 2
	# pdnsutil logs every backend connection on stderr.
	pdnsutil --config-dir="$_pd_d" "$@" 2>>"$_pd_d/pdnsutil.log"
}

pdns_load() {
	pdns_util "$1" "$2" load-zone "$3" "$4" >/dev/null || return 1
	pdns_util "$1" "$2" set-kind "$3" primary >/dev/null
}

pdns_start() {
	_pd_w=$1
	_pd_n=$2
	_pd_d=$1/$2
	set -- --config-dir="$_pd_d" --socket-dir="$_pd_d" --daemon=no \
	    --guardian=no --disable-syslog --write-pid=no
	if unshare -m true 2>/dev/null; then
		srv_start "$_pd_w" "$_pd_n" pdns_server unshare -m sh -c 'f=$1
		    shift
		    mount --bind "$f" /etc/resolv.conf || echo "pdns: NOTIFY" \
		    "targets resolved through the real /etc/resolv.conf" >&2
		    exec pdns_server "$@"' sh "$_pd_d/resolv.conf" "$@"
	else
		srv_start "$_pd_w" "$_pd_n" pdns_server pdns_server "$@"
	fi
}
