# SPDX-License-Identifier: ISC
# shellcheck shell=sh
# Shared by tests/integration/t_e2e_*.sh: the lab, Pebble, a hooks config
# with a short TTL, and the checks every client's run must pass.  POSIX
# sh; source it from a test run by tests/run.sh ($T, $ACME_SRC and
# $ACME_BUILD set).
#
#	e2e_start		lab_start $T/lab, pebble_start $T/pebble,
#				write $E2E_INI, stop both on exit
#	e2e_sync_lag		make ns3 lag a full LAB_LAG from now on
#	e2e_check_cert FILE	FILE's subjectAltName is exactly
#				DNS:example.net and DNS:*.example.net
#	e2e_check_clean		no TXT left at the challenge name: at once on
#				ns1, within LAB_LAG + 5 s on ns2 and ns3
#	e2e_hook_times FILE	the hooks' "agree after N s" lines in
#				FILE
#
# The cases themselves are ok/not_ok/check of tests/lib/check.sh, and
# finish closes the test.
#
# E2E_NAME is the TXT owner every client's challenges end up at: the lab's
# _acme-challenge.example.net is a CNAME to it.

. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lab/pebble.sh"
. "$ACME_SRC/tests/lib/check.sh"

E2E_NAME=_acme-challenge.acmesh.example.net
E2E_TTL=2

e2e__stop() {
	pebble_stop "$T/pebble"
	lab_stop "$T/lab"
}

e2e_start() {
	trap e2e__stop EXIT
	trap 'exit 130' INT TERM
	lab_start "$T/lab" || { lab_logs "$T/lab"; exit 1; }
	pebble_start "$T/pebble" || exit 1
	# The lab's config with a TTL of 2 s (the resolver caches at most
	# 2 s anyway), so that lego's sequence interval can stay short.
	E2E_INI=$T/e2e.ini
	(umask 077 && sed "s|^ttl = .*|ttl = $E2E_TTL|" \
	    "$T/lab/acme-hooks.ini" >"$E2E_INI") || exit 1
	grep -q "^ttl = $E2E_TTL\$" "$E2E_INI" || {
		echo "not ok - no ttl line in the lab's acme-hooks.ini"
		exit 1
	}
}

e2e_sync_lag() {
	lab_sync_lag "$T/lab" acmesh.example.net || exit 1
}

e2e_check_cert() {
	if [ ! -s "$1" ]; then
		not_ok "certificate $1 exists"
		return 1
	fi
	_e2e_san=$(openssl x509 -in "$1" -noout -ext subjectAltName 2>&1)
	echo "# $(printf '%s' "$_e2e_san" | tr '\n' ' ')"
	# One "DNS:a, DNS:b" line, in any order, nothing else.
	_e2e_names=$(printf '%s\n' "$_e2e_san" | sed -n '2,$p' |
	    tr ',' '\n' | sed 's/^[[:space:]]*//; /^$/d' | sort | tr '\n' ' ')
	check "certificate names are DNS:*.example.net DNS:example.net" \
	    [ "$_e2e_names" = "DNS:*.example.net DNS:example.net " ]
	check "certificate issued by Pebble" \
	    sh -c "openssl x509 -in '$1' -noout -issuer | grep -q Pebble"
}

e2e_check_clean() {
	check "no TXT left at $E2E_NAME on ns1" \
	    no_txt "$E2E_NAME" "$LAB_NS1"
	check "no TXT left at $E2E_NAME on ns2" \
	    no_txt "$E2E_NAME" "$LAB_NS2" $(((${LAB_LAG:-3} + 5) * 1000))
	check "no TXT left at $E2E_NAME on ns3" \
	    no_txt "$E2E_NAME" "$LAB_NS3" $(((${LAB_LAG:-3} + 5) * 1000))
}

e2e_hook_times() {
	grep -o 'authoritative server address[a-z]* agree[s]* after [0-9.]* s' \
	    "$1" 2>/dev/null | sed 's/.* after /# hook waited /'
}
