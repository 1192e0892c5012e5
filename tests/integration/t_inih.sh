#!/bin/sh
# SPDX-License-Identifier: ISC
# The hooks build and read their configuration the same with upstream's
# inih as with the system's: Debian's libinih source package, unpacked
# without Debian's patches (which add run-time knobs upstream lacks),
# its ini.c compiled with upstream's default options (no -D), the hooks
# and test_config linked against it; then test_config, --help, and
# configuration files read by both builds, which must say the same.
#
# The source package is downloaded beforehand by tests/inih-source.sh
# (tests/deps.sh runs it, as `make check` does): this test runs in a
# network namespace of its own.  Its absence is a failure, not a skip.
# Nothing is looked up: the files are read with --check-config.
#
# Needs: dpkg-dev (dpkg-source), build-essential, make, pkg-config.

set -u

SRC=${ACME_SRC:?run through tests/run.sh}
T=${T:?run through tests/run.sh}
BUILD=${ACME_BUILD:-$SRC/build}
CACHE=${ACME_INIH_SOURCE:-$SRC/build-inih}
. "$SRC/tests/lib/check.sh"

# unpack: the source as Debian ships it, without its patches, in $T/inih.
unpack() {
	case $how in
	dsc)
		dpkg-source -x --skip-patches "$CACHE/libinih_$deb.dsc" \
		    "$T/inih" >"$T/unpack.log" 2>&1
		;;
	orig)
		# Only the .orig tarball could be downloaded: upstream's
		# release itself, Debian's patches are not in it at all.
		mkdir "$T/inih" && tar -C "$T/inih" --strip-components=1 \
		    -xf "$CACHE"/libinih_"${deb%-*}".orig.tar.* \
		    >"$T/unpack.log" 2>&1
		;;
	*)
		echo "# $CACHE/VERSION: \"$how\" is neither dsc nor orig"
		return 1
		;;
	esac || {
		show "$T/unpack.log"
		return 1
	}
}

# build: ini.c with upstream's defaults into $T/lib/libinih.a, seen by
# pkg-config as inih; then the hooks and test_config in $T/build.
build() {
	mkdir -p "$T/lib" "$T/pc" || return 1
	if ! ${CC:-cc} -O2 -c -o "$T/lib/ini.o" "$T/inih/ini.c" \
	    >"$T/ini.log" 2>&1 ||
	    ! ar rcs "$T/lib/libinih.a" "$T/lib/ini.o" >>"$T/ini.log" 2>&1
	then
		show "$T/ini.log"
		return 1
	fi
	cat >"$T/pc/inih.pc" <<EOF
Name: inih
Description: upstream inih $up, default options (t_inih.sh)
Version: $up
Cflags: -I$T/inih
Libs: -L$T/lib -linih
EOF
	# A make above us (make check) must not lend its jobserver or flags.
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL PKG_CONFIG_PATH="$T/pc" \
	    make -C "$SRC" BUILD="$T/build" "$T/build/acme-auth" \
	    "$T/build/acme-clean" "$T/build/tests/test_config" \
	    >"$T/make.log" 2>&1 || {
		tail -n 20 "$T/make.log" | sed 's/^/#   /'
		return 1
	}
}

# same_run NAME: the config $T/NAME.ini read by both builds with
# --check-config: the same status, stdout and stderr; status in $rc, stdout in
# $T/out, stderr in $T/err.
same_run() {
	"$BUILD/acme-auth" -c "$T/$1.ini" --check-config >"$T/out.sys" \
	    2>"$T/err.sys"
	_sys=$?
	"$T/build/acme-auth" -c "$T/$1.ini" --check-config >"$T/out" \
	    2>"$T/err"
	rc=$?
	if [ "$rc" -ne "$_sys" ] || ! cmp -s "$T/out" "$T/out.sys" ||
	    ! cmp -s "$T/err" "$T/err.sys"; then
		echo "# status $rc, with the system's inih $_sys; output:"
		diff "$T/out.sys" "$T/out" | sed 's/^/#   /'
		diff "$T/err.sys" "$T/err" | sed 's/^/#   /'
		return 1
	fi
}

# bad NAME LINE TEXT: $T/NAME.ini is refused alike by both builds, with
# exit status 2 and one line: "FILE:LINE: TEXT...".
bad() {
	same_run "$1" && [ "$rc" -eq 2 ] && one_line &&
	    err_has "error: $T/$1.ini:$2: $3"
}

# long TEXT N: TEXT repeated to N characters.
long() {
	awk -v t="$1" -v n="$2" 'BEGIN {
		s = ""
		while (length(s) < n)
			s = s t
		print substr(s, 1, n)
	}'
}

have=1
need dpkg-source dpkg-dev || have=0
need make make || have=0
need pkg-config pkg-config || have=0
need "${CC:-cc}" build-essential || have=0
if [ ! -x "$BUILD/acme-auth" ]; then
	not_ok "hooks built in $BUILD with the system's inih (run make first)"
	have=0
fi
if [ ! -s "$CACHE/VERSION" ]; then
	not_ok "Debian's libinih source package in $CACHE: none was \
downloaded; with the network, run sh tests/inih-source.sh (sh tests/deps.sh \
install check does)"
	have=0
fi
[ "$have" = 1 ] || {
	finish
	exit
}

read -r deb how <"$CACHE/VERSION"
if unpack; then
	# Debian's upstream version (meson.build of release 59 says 58).
	up=${deb%-*}
	up=${up#*:}
	echo "# upstream inih release $up, from Debian's libinih $deb ($how)"
	ok "Debian's libinih $deb unpacked without Debian's patches"
else
	not_ok "Debian's libinih $deb unpacked without Debian's patches"
	finish
	exit
fi
# Debian's patch declares the knobs in ini.h; upstream has none.
if grep -q 'ini_max_line' "$T/inih/ini.h"; then
	not_ok "ini.h is upstream's (it declares ini_max_line: patched)"
else
	ok "ini.h is upstream's: no run-time knobs, compile-time options only"
fi

if build; then
	ok "hooks and test_config build with upstream inih $up's ini.c, \
default options"
else
	not_ok "hooks and test_config build with upstream inih's ini.c"
	finish
	exit
fi
# config.c is the only file that includes ini.h.  Warnings elsewhere do
# not depend on inih (c-ares' deprecations...): shown, not counted here.
if grep -E '(config\.c|ini\.h):[0-9]+:[0-9]+: warning:' "$T/make.log" \
    >"$T/warnings"; then
	show "$T/warnings"
	not_ok "config.c compiles warning-free against upstream's ini.h"
else
	ok "config.c compiles warning-free against upstream's ini.h"
fi
grep 'warning:' "$T/make.log" | sed 's/^/# other warning: /'
check "config.c was compiled with upstream's ini.h" \
    grep -qF "$T/inih/ini.h" "$T/build/common/conf/config.d"
check "the hooks do not load the system's libinih" \
    sh -c "! ldd '$T/build/acme-auth' | grep -q libinih"

if TMPDIR=$T "$T/build/tests/test_config" >"$T/unit.log" 2>&1; then
	ok "test_config with upstream inih $up: $(grep 'passed,' \
	    "$T/unit.log" | tail -n 1)"
else
	tail -n 20 "$T/unit.log" | sed 's/^/#   /'
	not_ok "test_config with upstream inih $up"
fi
check "acme-auth --help" sh -c "'$T/build/acme-auth' --help | \
    grep -q '^usage: '"

# A file that once needed Debian's knobs: a 60-character zone name (over
# inih's 50-byte section buffer), lines over its 200 bytes, indented
# lines after an option (continuations by upstream's default), inline
# comments.  Read alike, and read as meant.
Z60=$(long challenges-for-the-platform-engineering-team. 48)example.com
printf 'key "k" {\n\talgorithm hmac-sha256;\n\tsecret "%s";\n};\n' \
    "$(head -c 32 /dev/urandom | base64)" >"$T/k.key"
chmod 600 "$T/k.key"
{
	printf '; %s\n' "$(long 'a comment longer than inih keeps ' 300)"
	printf '[options]\nresolver = 127.0.0.1 ; nothing listens\n'
	printf 'timeout = 5\n\n[zone "%s"] ; %d characters\n' "$Z60" \
	    "${#Z60}"
	printf '    key = k\n    server = %s.example, 127.0.0.1:5353\n' \
	    "$(long abcdefghij 63).$(long klmnopqrst 63).$(long uvwxyz 63)"
	printf '[zone "example.com"]\nkey = k\n[key "k"]\n\tfile = k.key\n'
} >"$T/good.ini"
chmod 600 "$T/good.ini"
check "a 60-character zone, long and indented lines: read alike" \
    same_run good
check "... and read as meant (2 zones, the long one with its key)" \
    sh -c "[ $rc -eq 0 ] && grep -q '^  zone $Z60 (line [0-9]*): key k,' '$T/out' &&
    grep -q ': 1 key, 2 zones' '$T/out'"

# What the knobs used to decide, refused alike with one line.
printf '[key "k"]\nfile = k.key\n[zone "example.com"]\n%s\n%s\n' \
    'key = k' '    more of the key' >"$T/cont.ini"
printf '[options]\nttl = 5\n%s\n' "$(long '; c' 4094)" >"$T/longline.ini"
printf '[zone "%s.com"]\nkey = k\n' "$(long abcdefghij. 250)" >"$T/z254.ini"
printf '[options]\nttl\nttl = 1\nbogus\n' >"$T/stop.ini"
printf '[zone "example.com"] key = k\n' >"$T/after.ini"
chmod 600 "$T"/*.ini
check "an indented line is no continuation: refused alike" \
    bad cont 5 "malformed line: expected NAME = VALUE"
check "a line of 4094 characters: refused alike" \
    bad longline 3 "line too long (over 4093 characters)"
check "a 254-character zone name: refused alike" \
    bad z254 1 "zone name is not a valid domain name: 254 characters"
check "reading stops at the first line it cannot read, alike" \
    bad stop 2 "malformed line"
check "text after a header's ]: refused alike" \
    bad after 1 "text after the ] of a section header"

finish
