# SPDX-License-Identifier: ISC
# Pebble, Let's Encrypt's test ACME CA, for the end-to-end tests and the
# demo.  POSIX sh; source it (after tests/lab/lab.sh).
#
# Pebble listens on 127.0.0.30:14000 (ACME) and :15000 (management) with
# a TLS certificate from a throw-away CA made here with openssl, and
# validates dns-01 challenges through the lab's resolver (-dnsserver
# 127.0.0.10:53), so the TXT records the hooks publish in the lab are
# what it checks.  Real validation: PEBBLE_VA_ALWAYS_VALID is removed
# from its environment; PEBBLE_VA_NOSLEEP=1 (no random 0-15 s pause
# before each validation) and PEBBLE_WFE_NONCEREJECT=0 (no deliberately
# rejected nonces) keep the tests fast and deterministic.
#
# Like lab_start, pebble_start refuses to run outside the private network
# namespace of tests/run.sh (ACME_NETNS).
#
# Functions (every loop is bounded in time):
#	pebble_start DIR	make the CA and Pebble's certificate under DIR,
#				start pebble, wait (PEBBLE_START_TIMEOUT, 20 s)
#				until its directory answers over TLS
#	pebble_stop DIR		TERM, wait up to 5 s, KILL (only a pid whose
#				comm is "pebble")
#
# After pebble_start:
#	PEBBLE_URL	https://127.0.0.30:14000/dir, the ACME directory
#	PEBBLE_CA	DIR/ca.pem, the CA of Pebble's TLS certificate (not
#			the CA of the certificates Pebble issues, which Pebble
#			makes anew at each start)
#	PEBBLE_START_MS	how long the start took
#
# Files under DIR: ca.pem, ca.key, cert.pem, key.pem, pebble-config.json,
# pebble.log (stdout and stderr), pebble.pid (while running).
#
# Needs: pebble, openssl, curl, iproute2.

PEBBLE_ADDR=127.0.0.30
PEBBLE_PORT=14000
PEBBLE_MGMT_PORT=15000
PEBBLE_URL=https://$PEBBLE_ADDR:$PEBBLE_PORT/dir

pebble__say() {
	echo "pebble: $*" >&2
}

pebble__now_ms() {
	_pb_ns=$(date +%s%N)
	echo "${_pb_ns%??????}"
}

pebble__alive() {
	[ -r "/proc/$1/stat" ] || return 1
	_pb_st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$_pb_st" ] && [ "$_pb_st" != Z ]
}

# pebble__certs DIR: a CA and a server certificate for 127.0.0.30.
pebble__certs() {
	(
		umask 077
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		    -nodes -days 2 -subj "/CN=acme-hooks test CA" \
		    -addext "basicConstraints=critical,CA:TRUE" \
		    -addext "keyUsage=critical,keyCertSign,cRLSign" \
		    -keyout "$1/ca.key" -out "$1/ca.pem" 2>/dev/null &&
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		    -nodes -subj "/CN=pebble" \
		    -keyout "$1/key.pem" -out "$1/cert.csr" 2>/dev/null &&
		printf '%s\n' \
		    "basicConstraints=critical,CA:FALSE" \
		    "keyUsage=critical,digitalSignature" \
		    "extendedKeyUsage=serverAuth" \
		    "subjectAltName=IP:$PEBBLE_ADDR,DNS:localhost" \
		    >"$1/cert.ext" &&
		openssl x509 -req -in "$1/cert.csr" -CA "$1/ca.pem" \
		    -CAkey "$1/ca.key" -CAcreateserial -days 2 \
		    -extfile "$1/cert.ext" -out "$1/cert.pem" 2>/dev/null
	) || {
		pebble__say "openssl could not make the certificates in $1"
		return 1
	}
	chmod 644 "$1/ca.pem"
}

pebble_start() {
	_pb_d=${1:?pebble_start DIR}
	_pb_a=$(readlink /proc/self/ns/net 2>/dev/null) || _pb_a=
	if [ -z "$_pb_a" ] || [ "${ACME_NETNS:-}" != "$_pb_a" ] ||
	    [ -z "${ACME_NETNS_HOST:-}" ] || [ "$ACME_NETNS_HOST" = "$_pb_a" ]
	then
		pebble__say "refusing to run outside the private network" \
		    "namespace of tests/run.sh (ACME_NETNS)"
		return 1
	fi
	for _pb_c in pebble openssl curl ip; do
		command -v "$_pb_c" >/dev/null 2>&1 && continue
		pebble__say "$_pb_c not found (install pebble, openssl, curl," \
		    "iproute2)"
		return 1
	done
	mkdir -p "$_pb_d" || return 1
	_pb_d=$(cd "$_pb_d" && pwd) || return 1
	if [ -f "$_pb_d/pebble.pid" ]; then
		pebble__say "$_pb_d: already running? (pebble_stop first)"
		return 1
	fi
	_pb_t0=$(pebble__now_ms)
	ip -4 addr show dev lo | grep -q "inet $PEBBLE_ADDR/" ||
	    ip addr add "$PEBBLE_ADDR/8" dev lo || return 1
	pebble__certs "$_pb_d" || return 1
	cat >"$_pb_d/pebble-config.json" <<EOF
{
  "pebble": {
    "listenAddress": "$PEBBLE_ADDR:$PEBBLE_PORT",
    "managementListenAddress": "$PEBBLE_ADDR:$PEBBLE_MGMT_PORT",
    "certificate": "$_pb_d/cert.pem",
    "privateKey": "$_pb_d/key.pem",
    "httpPort": 5002,
    "tlsPort": 5001,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
EOF
	# The lab's resolver follows _acme-challenge CNAMEs like any other.
	env -u PEBBLE_VA_ALWAYS_VALID PEBBLE_VA_NOSLEEP=1 \
	    PEBBLE_WFE_NONCEREJECT=0 \
	    pebble -config "$_pb_d/pebble-config.json" \
	    -dnsserver "${LAB_RESOLVER:-127.0.0.10}:53" \
	    </dev/null >"$_pb_d/pebble.log" 2>&1 &
	echo $! >"$_pb_d/pebble.pid"

	_pb_end=$(($(pebble__now_ms) + ${PEBBLE_START_TIMEOUT:-20} * 1000))
	while :; do
		if ! pebble__alive "$(cat "$_pb_d/pebble.pid")"; then
			pebble__say "pebble exited during start-up:"
			tail -n 15 "$_pb_d/pebble.log" >&2
			rm -f "$_pb_d/pebble.pid"
			return 1
		fi
		curl -fsS --max-time 2 --cacert "$_pb_d/ca.pem" \
		    -o /dev/null "$PEBBLE_URL" 2>/dev/null && break
		if [ "$(pebble__now_ms)" -ge "$_pb_end" ]; then
			pebble__say "no answer at $PEBBLE_URL after" \
			    "${PEBBLE_START_TIMEOUT:-20} s:"
			tail -n 15 "$_pb_d/pebble.log" >&2
			pebble_stop "$_pb_d"
			return 1
		fi
		sleep 0.05
	done
	# shellcheck disable=SC2034  # for the scripts that source this one
	PEBBLE_CA=$_pb_d/ca.pem
	PEBBLE_START_MS=$(($(pebble__now_ms) - _pb_t0))
	pebble__say "ready in $PEBBLE_START_MS ms at $PEBBLE_URL"
	return 0
}

pebble_stop() {
	_pb_d=${1:?pebble_stop DIR}
	_pb_f=$_pb_d/pebble.pid
	[ -f "$_pb_f" ] || return 0
	_pb_p=$(cat "$_pb_f")
	rm -f "$_pb_f"
	case $_pb_p in ''|*[!0-9]*) return 0 ;; esac
	# Never signal a recycled pid that is not a pebble.
	pebble__alive "$_pb_p" || return 0
	[ "$(cat "/proc/$_pb_p/comm" 2>/dev/null)" = pebble ] || return 0
	kill -TERM "$_pb_p" 2>/dev/null
	_pb_end=$(($(pebble__now_ms) + 5000))
	while pebble__alive "$_pb_p"; do
		if [ "$(pebble__now_ms)" -ge "$_pb_end" ]; then
			pebble__say "killing pebble $_pb_p after 5 s"
			kill -KILL "$_pb_p" 2>/dev/null
			sleep 0.1
			break
		fi
		sleep 0.05
	done
	wait "$_pb_p" 2>/dev/null
	return 0
}
