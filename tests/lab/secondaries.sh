# SPDX-License-Identifier: ISC
# Knot DNS and NSD as secondaries of any primary.  POSIX sh; source it
# after tests/lab/lab.sh and tests/lab/servers.sh.
#
#	knot_secondary DIR NAME ADDR PRIMARY ZONE...
#		write DIR/NAME/knot.conf and start knotd on ADDR port 53 as a
#		secondary of each ZONE, transferring from PRIMARY (from ADDR)
#		and accepting NOTIFY from PRIMARY
#	nsd_secondary DIR NAME ADDR PRIMARY ZONE...
#		the same with nsd (NSD 4), DIR/NAME/nsd.conf
# Both keep every file in DIR/NAME and use the servers' default timers
# (both honour the SOA refresh; NSD reloads at most once a second after a
# transfer, its xfrd-reload-timeout).
#
# Needs knot (knotd), nsd.

# sec__init DIR NAME ADDR PRIMARY COMMAND PACKAGE: set _sec_w, _sec_n,
# _sec_d, _sec_a, _sec_p; make DIR/NAME; fail if COMMAND is missing.
sec__init() {
	_sec_w=$1
	_sec_n=$2
	_sec_d=$1/$2
	_sec_a=$3
	_sec_p=$4
	command -v "$5" >/dev/null 2>&1 ||
	    { srv__say "$5 not found (install $6)"; return 1; }
	mkdir -p "$_sec_d"
}

knot_secondary() {
	sec__init "$1" "$2" "$3" "$4" knotd knot || return 1
	shift 4
	{
		cat <<EOF
server:
    rundir: "$_sec_d"
    listen: $_sec_a@53
log:
  - target: stderr
    any: info
database:
    storage: "$_sec_d"
remote:
  - id: primary
    address: $_sec_p@53
    via: $_sec_a
acl:
  - id: notify_from_primary
    address: $_sec_p
    action: notify
template:
  - id: default
    storage: "$_sec_d"
    zonefile-sync: -1
zone:
EOF
		for _sec_z in "$@"; do
			echo "  - domain: $_sec_z"
			echo "    master: primary"
			echo "    acl: notify_from_primary"
		done
	} >"$_sec_d/knot.conf"
	srv_start "$_sec_w" "$_sec_n" knotd knotd -c "$_sec_d/knot.conf"
}

nsd_secondary() {
	sec__init "$1" "$2" "$3" "$4" nsd nsd || return 1
	shift 4
	# username and chroot empty: stay root of the namespace, no chroot;
	# database empty: no nsd.db; no remote control.
	{
		cat <<EOF
server:
    ip-address: $_sec_a
    port: 53
    do-ip6: no
    username: ""
    chroot: ""
    zonesdir: "$_sec_d"
    database: ""
    zonelistfile: "$_sec_d/zone.list"
    xfrdfile: "$_sec_d/xfrd.state"
    xfrdir: "$_sec_d"
    pidfile: "$_sec_d/nsd.pid"
    server-count: 1
    verbosity: 2
remote-control:
    control-enable: no
EOF
		for _sec_z in "$@"; do
			cat <<EOF
zone:
    name: "$_sec_z"
    zonefile: "$_sec_z.zone"
    request-xfr: AXFR $_sec_p NOKEY
    allow-notify: $_sec_p NOKEY
    outgoing-interface: $_sec_a
EOF
		done
	} >"$_sec_d/nsd.conf"
	# -d: stay in the foreground (its children are stopped with it).
	srv_start "$_sec_w" "$_sec_n" nsd nsd -d -c "$_sec_d/nsd.conf"
}
