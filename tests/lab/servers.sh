# SPDX-License-Identifier: ISC
# Starting and stopping any DNS server beside the lab.  POSIX sh; source
# it after tests/lab/lab.sh (it uses lab__alive, lab__options,
# lab__soa_ok, lab__term, lab__reap, lab_now_ms and lab_netns_ok).
#
# Each server gets a directory DIR/NAME holding its configuration, its
# output (server.log), its pid (server.pid) and the command name its pid
# must have (server.comm).  Each server leads a process group of its own,
# so that srv_stop, and tests/run.sh after a test that died, stop exactly
# what was started, children included, and never a recycled pid.
#
# Functions (every loop is bounded in time):
#	srv_addrs ADDR...	inside tests/run.sh's namespace only: put each
#				address on lo (servers bind only addresses
#				found on an interface)
#	srv_start DIR NAME COMM CMD...
#				run CMD in the background, output in
#				DIR/NAME/server.log; COMM is the command name
#				(/proc/PID/comm) the process will have
#	srv_named DIR NAME	start named -g on DIR/NAME/named.conf
#	srv_named_options DIR NAME ADDR
#				print "options {" and the lab's shared options
#				for a named at ADDR living in DIR/NAME
#	srv_wait DIR TIMEOUT CHECK SERVER ZONE [SERVER ZONE]...
#				wait until "CHECK SERVER ZONE" succeeds for
#				every pair, while every server under DIR runs
#	srv_wait_soa DIR TIMEOUT SERVER ZONE [SERVER ZONE]...
#				srv_wait with lab__soa_ok: every SERVER
#				answers SOA for its ZONE with AA
#	srv_stop DIR		TERM every process of every server's group
#				under DIR, wait up to LAB_STOP_TIMEOUT (5 s),
#				then KILL
#	srv_logs DIR		tail of every server.log under DIR
#	srv_zone FILE ORIGIN MNAME REFRESH NS...
#				write a zone file: TTL 60, SOA (serial 1, retry
#				1, minimum 1) and NS records (ORIGIN and MNAME
#				fully qualified)
#	srv_serves NAME VALUE SERVER...
#				each SERVER serves the TXT VALUE at NAME
#				exactly once (else a "# " line says which)
#	srv_no_txt NAME TIMEOUT SERVER...
#				within TIMEOUT s, no SERVER has a TXT at NAME
# TIMEOUT arguments are whole seconds.

srv__say() {
	echo "servers: $*" >&2
}

srv_addrs() {
	lab_netns_ok || return 1
	for _srv_a in "$@"; do
		ip -4 addr show dev lo | grep -q "inet $_srv_a/" && continue
		ip addr add "$_srv_a/8" dev lo || return 1
	done
}

srv_start() {
	_srv_d=$1/$2
	_srv_c=$3
	shift 3
	if [ -f "$_srv_d/server.pid" ]; then
		srv__say "$_srv_d: already running? (srv_stop first)"
		return 1
	fi
	mkdir -p "$_srv_d" || return 1
	# A process group of its own (setsid execs CMD in the same pid, as
	# a background child of a script leads no group): srv_stop stops
	# the whole group, e.g. the processes nsd forks (after a reload
	# the first nsd is gone and another one leads).
	setsid "$@" </dev/null >"$_srv_d/server.log" 2>&1 &
	echo $! >"$_srv_d/server.pid"
	echo "$_srv_c" >"$_srv_d/server.comm"
}

srv_named() {
	# -g: foreground, log to stderr; no -u: we are root only in the
	# namespace; -4: no IPv6 addresses here.
	srv_start "$1" "$2" named named -4 -g -n 1 -c "$1/$2/named.conf"
}

srv_named_options() {
	echo 'options {'
	lab__options "$1/$2" "$3"
}

# srv__running DIR: every server under DIR still runs (else say which).
srv__running() {
	for _srv_f in "$1"/*/server.pid; do
		[ -f "$_srv_f" ] || continue
		lab__alive "$(cat "$_srv_f")" && continue
		srv__say "${_srv_f%/server.pid} exited"
		return 1
	done
}

srv_wait_soa() {
	_srv_d=$1
	_srv_t=$2
	shift 2
	srv_wait "$_srv_d" "$_srv_t" lab__soa_ok "$@"
}

srv_wait() {
	_srv_d=$1
	_srv_secs=$2
	_srv_end=$(($(lab_now_ms) + _srv_secs * 1000))
	_srv_check=$3
	shift 3
	while :; do
		srv__running "$_srv_d" || { srv_logs "$_srv_d" >&2; return 1; }
		_srv_miss=
		_srv_i=0
		for _srv_x in "$@"; do
			_srv_i=$((_srv_i + 1))
			if [ $((_srv_i % 2)) -eq 1 ]; then
				_srv_s=$_srv_x
				continue
			fi
			"$_srv_check" "$_srv_s" "$_srv_x" && continue
			_srv_miss="$_srv_s: $_srv_check $_srv_x fails"
			break
		done
		[ -z "$_srv_miss" ] && return 0
		if [ "$(lab_now_ms)" -ge "$_srv_end" ]; then
			srv__say "not ready after $_srv_secs s: $_srv_miss"
			srv_logs "$_srv_d" >&2
			return 1
		fi
		sleep 0.05
	done
}

# srv__group PGID COMM: the pids of the processes in group PGID whose
# command name is COMM (or "COMM: something").
srv__group() {
	for _srv_st in /proc/[0-9]*/stat; do
		# "pid (comm) state ppid pgrp ..."; comm may hold spaces.
		_srv_l=$(cat "$_srv_st" 2>/dev/null) || continue
		_srv_gc=${_srv_l#*\(}
		_srv_gc=${_srv_gc%\)*}
		# nsd renames its processes "nsd: main", "nsd: xfrd"...
		case $_srv_gc in "$2"|"$2: "*) ;; *) continue ;; esac
		set -- "$1" "$2" ${_srv_l##*\) }
		[ "$5" = "$1" ] && [ "$3" != Z ] && echo "${_srv_l%% *}"
		set -- "$1" "$2"
	done
}

srv_stop() {
	_srv_pids=
	for _srv_f in "${1:?srv_stop DIR}"/*/server.pid; do
		[ -f "$_srv_f" ] || continue
		_srv_p=$(cat "$_srv_f")
		_srv_c=$(cat "${_srv_f%.pid}.comm" 2>/dev/null)
		rm -f "$_srv_f"
		case $_srv_p in ''|*[!0-9]*) continue ;; esac
		[ -n "$_srv_c" ] || continue
		for _srv_q in $(srv__group "$_srv_p" "$_srv_c"); do
			kill -TERM "$_srv_q" 2>/dev/null &&
			    _srv_pids="$_srv_pids $_srv_q"
		done
	done
	# shellcheck disable=SC2086  # one word per pid
	lab__reap $_srv_pids
}

srv_logs() {
	for _srv_f in "$1"/*/server.log; do
		[ -f "$_srv_f" ] || continue
		echo "==== ${_srv_f%/server.log}"
		tail -n "${LAB_LOG_LINES:-15}" "$_srv_f"
	done
}

srv_serves() {
	_srv_n=$1
	_srv_v=$2
	shift 2
	for _srv_s in "$@"; do
		[ "$(lab_dig "$_srv_n" TXT "$_srv_s" |
		    grep -cxF "\"$_srv_v\"")" -eq 1 ] && continue
		echo "# $_srv_s does not serve $_srv_n \"$_srv_v\" once"
		return 1
	done
}

srv_no_txt() {
	_srv_n=$1
	_srv_end=$(($(lab_now_ms) + $2 * 1000))
	shift 2
	for _srv_s in "$@"; do
		until [ -z "$(lab_dig "$_srv_n" TXT "$_srv_s")" ]; do
			if [ "$(lab_now_ms)" -ge "$_srv_end" ]; then
				echo "# $_srv_s still has a TXT at $_srv_n"
				return 1
			fi
			sleep 0.05
		done
	done
}

srv_zone() {
	_srv_f=$1
	_srv_o=$2
	_srv_m=$3
	_srv_r=$4
	shift 4
	{
		echo "\$TTL 60"
		echo "\$ORIGIN $_srv_o"
		echo "@ SOA $_srv_m hostmaster.lab. 1 $_srv_r 1 86400 1"
		for _srv_n in "$@"; do
			echo "@ NS $_srv_n"
		done
	} >"$_srv_f"
}
