# SPDX-License-Identifier: ISC
# Entering a private network namespace (sourced by tests/run.sh,
# tests/bench/bench.sh and tests/demo.sh): a loopback of its own where
# port 53 is free and nothing reaches the host's network.
#
# ACME_NETNS names the private namespace (as readlink prints
# /proc/self/ns/net) and ACME_NETNS_HOST the one we came from;
# tests/lab/lab.sh checks both before it binds anything.

# The unshare flags: as root no user namespace is needed (and a chroot
# allows none); as a user, a user namespace too.
netns_flags() {
	if [ "$(id -u)" -eq 0 ]; then printf '%s\n' -n; else printf '%s\n' -rn; fi
}

# netns_enter TAG SCRIPT [ARG...]: unless already inside, re-execute
# `sh SCRIPT ARG...` in a new network namespace (this call then does not
# return); inside, bring up lo and return.  TAG prefixes error messages.
netns_enter() {
	_ns_tag=$1
	shift
	_ns_here=$(readlink /proc/self/ns/net 2>/dev/null) || _ns_here=
	if [ -z "$_ns_here" ]; then
		echo "$_ns_tag: cannot read /proc/self/ns/net" >&2
		exit 2
	fi
	if [ "${ACME_NETNS:-}" = "$_ns_here" ] &&
	    [ -n "${ACME_NETNS_HOST:-}" ] &&
	    [ "$ACME_NETNS_HOST" != "$_ns_here" ]; then
		:	# a script within a script: already inside
	elif [ "${ACME_NETNS_STAGE:-}" = 1 ]; then
		# Just re-executed by unshare below.
		unset ACME_NETNS_STAGE
		if [ "${ACME_NETNS_HOST:-}" = "$_ns_here" ]; then
			echo "$_ns_tag: unshare gave no new network" \
			    "namespace" >&2
			exit 2
		fi
		ACME_NETNS=$_ns_here
		export ACME_NETNS
	else
		if ! command -v unshare >/dev/null 2>&1; then
			echo "$_ns_tag: unshare not found (util-linux)" >&2
			exit 2
		fi
		if ! unshare $(netns_flags) true 2>/dev/null; then
			echo "$_ns_tag: cannot create a network namespace" \
			    "(unshare $(netns_flags)); unprivileged user" \
			    "namespaces may be disabled (sysctl" \
			    "kernel.unprivileged_userns_clone," \
			    "kernel.apparmor_restrict_unprivileged_userns)" >&2
			exit 2
		fi
		ACME_NETNS_HOST=$_ns_here
		ACME_NETNS_STAGE=1
		unset ACME_NETNS
		export ACME_NETNS_HOST ACME_NETNS_STAGE
		exec unshare $(netns_flags) sh "$@"
	fi
	if ! ip link set lo up; then
		echo "$_ns_tag: cannot bring up lo in the namespace" \
		    "(iproute2)" >&2
		exit 2
	fi
}
