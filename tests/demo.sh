#!/bin/sh
# SPDX-License-Identifier: ISC
# make demo: a wildcard certificate (example.net and *.example.net) from a
# local ACME CA (Pebble) with certbot and the hooks, through five BIND
# servers (one secondary lagging), all on private loopback addresses in a
# network namespace of its own; everything is torn down at the end.
#
# On Debian as root it first installs the packages that are missing; as
# another user it prints the apt-get line instead and stops.  Then it
# builds (make), re-executes itself under `unshare -rn` like tests/run.sh,
# and prints what each step took.
#
# Environment: ACME_BUILD, the build directory (default: build);
# ACME_KEEP=1 keeps the work directory; LAB_LAG (default 3) is how far the
# lagging secondary trails.

set -u

# netns_flags: as root `unshare -n`, as a user `unshare -rn`.
. "$(dirname "$0")/lib/netns.sh"
netns_flags=$(netns_flags)


say() {
	printf '%s\n' "$*"
}

die() {
	printf 'demo: %s\n' "$*" >&2
	exit 1
}

now_ms() {
	_ns=$(date +%s%N)
	echo "${_ns%??????}"
}

# secs MS: milliseconds as seconds with two decimals.
secs() {
	printf '%d.%02d s' $(($1 / 1000)) $((($1 % 1000) / 10))
}

# row LABEL MS [NOTE]
row() {
	printf '  %-28s %7s  %s\n' "$1" "$(secs "$2")" "${3:-}"
}

# Stage 1, on the host: packages, build, then into a new namespace.
host_stage() {
	# The packages, from the one list (tests/deps.sh): installed as
	# root, else the apt-get line is printed.
	sh "$src/tests/deps.sh" install demo || exit 1
	t0=$(now_ms)
	log=$(mktemp) || exit 1
	if ! make -C "$src" BUILD="$ACME_BUILD" >"$log" 2>&1; then
		tail -n 20 "$log" >&2
		rm -f "$log"
		die "make failed"
	fi
	rm -f "$log"
	ACME_DEMO_BUILD_MS=$(($(now_ms) - t0))
	unshare $netns_flags true 2>/dev/null || die "cannot create a network" \
	    "namespace (unshare -rn); unprivileged user namespaces may be" \
	    "disabled (sysctl kernel.unprivileged_userns_clone," \
	    "kernel.apparmor_restrict_unprivileged_userns)"
	ACME_NETNS_HOST=$(readlink /proc/self/ns/net) ||
	    die "cannot read /proc/self/ns/net"
	ACME_NETNS_STAGE=1
	unset ACME_NETNS
	export ACME_NETNS_HOST ACME_NETNS_STAGE ACME_DEMO_BUILD_MS ACME_BUILD
	exec unshare $netns_flags sh "$src/tests/demo.sh"
}

# hook_rows LOG: one row per hook call certbot made, from certbot's log:
# its time stamps around each call and the hook's own lines.
hook_rows() {
	awk '
	function ms(line,  t) {
		t = substr(line, 12, 12)	# HH:MM:SS,mmm
		return ((substr(t, 1, 2) * 60 + substr(t, 4, 2)) * 60 + \
		    substr(t, 7, 2)) * 1000 + substr(t, 10, 3)
	}
	function flush() {
		if (n > 0)
			printf "%s\t%d\t%s\n", what, dur, note
	}
	/^[0-9][0-9][0-9][0-9]-/ {
		if (open) { dur = ms($0) - start; open = 0 }
		if ($0 ~ /Running manual-(auth|cleanup)-hook command/) {
			flush()
			if ($0 ~ /auth-hook/)
				what = "acme-auth #" ++na
			else
				what = "acme-clean #" ++nc
			n++
			start = ms($0); open = 1; note = ""
		}
		next
	}
	/acme-(auth|clean): / {
		sub(/^ *acme-(auth|clean): /, "")
		if ($0 ~ /agree after/)
			note = $0
		else if ($0 ~ /update sent; the last/)
			note = "update sent; the last auth hook waits for it"
		else if ($0 ~ /^error/)
			note = $0
		else if (note == "" && $0 ~ / accepted /) {
			sub(/ \(signed answer verified\)/, "")
			note = $0
		}
	}
	END { flush() }
	' "$1"
}

# Stage 2, in the namespace.
ns_stage() {
	here=$(readlink /proc/self/ns/net) || die "cannot read the namespace"
	[ "$here" != "$ACME_NETNS_HOST" ] ||
	    die "unshare -rn gave no new network namespace"
	ACME_NETNS=$here
	export ACME_NETNS
	ip link set lo up || die "cannot bring up lo (iproute2)"

	. "$src/tests/lab/lab.sh"
	. "$src/tests/lab/pebble.sh"
	work=$(mktemp -d "${TMPDIR:-/tmp}/acme-demo.XXXXXX") || exit 1
	trap 'pebble_stop "$work/pebble"; lab_stop "$work/lab";
	    [ "${ACME_KEEP:-0}" = 1 ] || rm -rf "$work"' EXIT
	trap 'exit 130' INT TERM

	say "acme-hooks demo: certbot gets example.net + *.example.net from a"
	say "local ACME CA (Pebble) that checks the TXT records through BIND;"
	say "ns3 picks up changes only every ${LAB_LAG:-3} s."
	say ""
	row "build (make)" "${ACME_DEMO_BUILD_MS:-0}"
	lab_start "$work/lab" 2>"$work/lab.err" || {
		cat "$work/lab.err" >&2
		die "the DNS lab did not start"
	}
	row "DNS lab (5 BIND servers)" "$LAB_START_MS" \
	    "resolver, root, ns1, ns2, ns3 (lagging)"
	pebble_start "$work/pebble" 2>"$work/pebble.err" || {
		cat "$work/pebble.err" >&2
		die "Pebble did not start"
	}
	row "Pebble ACME CA" "$PEBBLE_START_MS" "$PEBBLE_URL"

	cb=$work/certbot
	ini=$work/lab/acme-hooks.ini
	t0=$(now_ms)
	ACME_HOOKS_STATE_DIR=$work/state REQUESTS_CA_BUNDLE=$PEBBLE_CA \
	    certbot certonly --non-interactive --agree-tos \
	    --register-unsafely-without-email --server "$PEBBLE_URL" \
	    --config-dir "$cb/config" --work-dir "$cb/work" \
	    --logs-dir "$cb/logs" --manual --preferred-challenges dns \
	    --manual-auth-hook "$ACME_BUILD/acme-auth -c $ini" \
	    --manual-cleanup-hook "$ACME_BUILD/acme-clean -c $ini" \
	    --cert-name demo -d example.net -d '*.example.net' \
	    >"$work/certbot.out" 2>&1
	rc=$?
	row "certbot certonly" $(($(now_ms) - t0)) "exit status $rc"
	hook_rows "$cb/logs/letsencrypt.log" |
	while IFS='	' read -r what dur note; do
		printf '    %-26s %7s  %s\n' "$what" "$(secs "$dur")" "$note"
	done
	if [ "$rc" -ne 0 ]; then
		say ""
		tail -n 20 "$work/certbot.out"
		ACME_KEEP=1
		die "certbot failed; files kept in $work"
	fi
	cert=$cb/config/live/demo/cert.pem
	say ""
	say "the certificate:"
	openssl x509 -in "$cert" -noout -ext subjectAltName | sed -n '2,$p' |
	    sed 's/^ */  names:  /'
	openssl x509 -in "$cert" -noout -issuer | sed 's/^issuer=/  issuer: /'
	openssl x509 -in "$cert" -noout -enddate |
	    sed 's/^notAfter=/  until:  /'
	left=$(lab_dig _acme-challenge.acmesh.example.net TXT "$LAB_NS1")
	if [ -z "$left" ]; then
		say "  cleanup: no TXT record left on the primary"
	else
		say "  cleanup: TXT records left on the primary: $left"
	fi
}

src=$(cd "$(dirname "$0")/.." && pwd) || exit 1
ACME_BUILD=${ACME_BUILD:-build}
case $ACME_BUILD in
/*)	;;
*)	ACME_BUILD=$src/$ACME_BUILD ;;
esac
if [ "${ACME_NETNS_STAGE:-}" = 1 ]; then
	unset ACME_NETNS_STAGE
	ns_stage
else
	host_stage
fi
