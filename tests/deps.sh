#!/bin/sh
# SPDX-License-Identifier: ISC
# The Debian packages `make check` and `make demo` need, in one place.
#
# usage: sh tests/deps.sh list check|demo     print the package names
#        sh tests/deps.sh install check|demo  install the missing ones (as
#                                             root), or print the apt-get
#                                             line and fail (as a user);
#                                             check also downloads inih's
#                                             source (tests/inih-source.sh)

set -u

BUILD_PKGS="build-essential pkg-config libssl-dev libc-ares-dev libinih-dev
libseccomp-dev libkrb5-dev"
LAB_PKGS="bind9 bind9-utils bind9-dnsutils iproute2 util-linux coreutils
openssl curl python3 pebble certbot"
CHECK_PKGS="$BUILD_PKGS $LAB_PKGS clang CLANG_RT knot knot-dnsutils faketime valgrind
mandoc man-db groff-base dash time strace lego dehydrated uacme
python3-certbot-dns-rfc2136 dpkg-dev debhelper fakeroot lintian
pdns-server pdns-backend-sqlite3 sqlite3 nsd krb5-kdc krb5-admin-server
krb5-user samba samba-ad-dc samba-ad-provision samba-dsdb-modules
samba-vfs-modules"
# samba-ad-dc, samba-ad-provision: for the AD DC of t_gss_samba
# (tests/lab/samba.sh).  Without recommended packages (CI installs none)
# Debian 13's samba-tool cannot provision unless samba-ad-provision (the
# AD schema files) is there: "File [...] not found. Please install
# samba-ad-provision package".  Both exist on Debian 12 and 13.
# Packages whose postinst would start a DNS server (port 53), a KDC (port
# 88) or Samba's file and domain services on the host: the tests run
# their own servers in a private namespace only, so none is started at
# install time and none is left enabled for the next boot.
# PACKAGE:SERVICE pairs.
SERVICES="bind9:named knot:knot pdns-server:pdns nsd:nsd krb5-kdc:krb5-kdc
krb5-admin-server:krb5-admin-server samba:smbd samba:nmbd
samba-ad-dc:samba-ad-dc"
DEMO_PKGS="$BUILD_PKGS $LAB_PKGS"

# clang_rt: the package with clang's sanitizer runtimes (the fuzz replay
# links ASan and UBSan), which carries clang's major version in its name:
# libclang-rt-14-dev on Debian 12, libclang-rt-19-dev on Debian 13.  The
# version is the one the clang package depends on (installed, else the
# candidate), else the release's default.
clang_rt() {
	_v=$(dpkg-query -W -f='${Depends}' clang 2>/dev/null |
	    sed -n 's/^clang-\([0-9][0-9]*\)\( .*\)\{0,1\}$/\1/p')
	[ -n "$_v" ] || _v=$(apt-cache depends clang 2>/dev/null |
	    sed -n 's/^ *Depends: clang-\([0-9][0-9]*\)$/\1/p' | head -n 1)
	if [ -z "$_v" ]; then
		case $(. /etc/os-release 2>/dev/null && echo "${VERSION_ID:-}") in
		12)	_v=14 ;;
		13)	_v=19 ;;
		*)	echo "deps: cannot tell which clang this release has" \
			    "(apt-get update?)" >&2
			return 1 ;;
		esac
	fi
	echo "libclang-rt-$_v-dev"
}

usage() {
	echo "usage: sh tests/deps.sh list|install check|demo" >&2
	exit 2
}

[ $# -eq 2 ] || usage
case $2 in
check)	pkgs=$CHECK_PKGS ;;
demo)	pkgs=$DEMO_PKGS ;;
*)	usage ;;
esac

case $pkgs in
*CLANG_RT*)
	rt=$(clang_rt) || exit 1
	pkgs=$(printf '%s\n' "$pkgs" | sed "s/CLANG_RT/$rt/")
	;;
esac

case $1 in
list)
	# shellcheck disable=SC2086  # one word per package
	printf '%s\n' $pkgs
	exit 0
	;;
install)	;;
*)	usage ;;
esac

# t_inih.sh builds upstream's inih from Debian's source package, and the
# tests have no network: it is downloaded here, once (not as a package).
if [ "$2" = check ] &&
    [ ! -s "$(dirname "$0")/../build-inih/VERSION" ]; then
	sh "$(dirname "$0")/inih-source.sh" ||
	    echo "deps: no inih source package: t_inih will fail" >&2
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	echo "deps: not a Debian system; install the equivalents of:" $pkgs >&2
	exit 1
fi
miss=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed' || miss="$miss $p"
done
[ -z "$miss" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages; as root, run:" >&2
	echo "  apt-get install -y --no-install-recommends$miss" >&2
	exit 1
fi
echo "deps: installing$miss"
log=$(mktemp) || exit 1
# policy-rc.d exiting 101 forbids invoke-rc.d (and deb-systemd-invoke) to
# start a service during the install; one already there is left alone.
rcd=/usr/sbin/policy-rc.d
own_rcd=0
trap '[ "$own_rcd" = 1 ] && rm -f "$rcd"' EXIT
trap 'exit 1' INT TERM
if [ ! -e "$rcd" ]; then
	printf '#!/bin/sh\n# deps.sh: no service starts during install\nexit 101\n' \
	    >"$rcd" && chmod 755 "$rcd" && own_rcd=1
fi
# shellcheck disable=SC2086
{ apt-get update && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends $miss; } >"$log" 2>&1
rc=$?
[ "$own_rcd" = 1 ] && rm -f "$rcd" && own_rcd=0
if [ "$rc" -ne 0 ]; then
	tail -n 20 "$log" >&2
	rm -f "$log"
	echo "deps: apt-get install failed" >&2
	exit 1
fi
rm -f "$log"
# Not at the next boot either (systemctl may be missing, or systemd not
# running, where stop fails harmlessly).
if command -v systemctl >/dev/null 2>&1; then
	for ps in $SERVICES; do
		s=${ps#*:}
		case "$miss " in
		*" ${ps%%:*} "*) ;;
		*) continue ;;
		esac
		systemctl disable "$s.service" >/dev/null 2>&1
		[ -d /run/systemd/system ] &&
		    systemctl stop "$s.service" >/dev/null 2>&1
	done
fi
exit 0
