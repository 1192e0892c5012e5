#!/bin/sh
# SPDX-License-Identifier: ISC
# The Debian package: `make deb` builds it from a copy of the tree (all
# output under $T), lintian finds no error and no warning in the .changes
# and the .deb (the one override is the 0600 config), the .deb holds
# exactly the agreed files, owned by root, with the agreed modes,
# /etc/acme-hooks.ini is its only conffile, 0600 and without a secret,
# Depends comes from the libraries the hooks link, the version is the
# same in VERSION, debian/changelog, the control file and
# `acme-auth --version`, the binaries carry the hardening flags; then
# every client convention (t_clients.sh) runs against the package's own
# usr/bin, extracted with dpkg-deb -x.  Then the package is built as
# Debian's build daemons build it: by a user of no privilege (nobody), in
# a copy of the tree (`make deb-tree`) that user owns, with fakeroot at
# hand and Rules-Requires-Root: no: first the source package (lintian:
# no error, no warning, no tag about copyright or license), then
# `dpkg-buildpackage -us -uc -b`, whose unit tests run as that user (the
# cases that need root print "# SKIP: needs root"); its .deb is lintian
# clean and byte for byte the one built as root.
#
# Needs: dpkg-dev, debhelper, fakeroot, lintian, binutils (readelf),
# util-linux (setpriv).

set -u

SRC=${ACME_SRC:?run through tests/run.sh}
T=${T:?run through tests/run.sh}
. "$SRC/tests/lib/check.sh"

# gz_is FILE.gz FILE: FILE.gz uncompresses to FILE.
# shellcheck disable=SC2317 # called through check
gz_is() {
	gzip -dc "$1" | cmp -s - "$2"
}

# no_secret FILE: no uncommented "secret =" line.
# shellcheck disable=SC2317 # called through check
no_secret() {
	! grep -Eiq '^[[:space:]]*secret[[:space:]]*=' "$1"
}

finish() {
	echo "# $cases cases, $fails failed"
	[ "$cases" -gt 0 ] && [ "$fails" -eq 0 ]
	exit
}

# lintian_clean FILE...: one case each, lintian finds no error and no
# warning (info, pedantic and experimental tags and overrides are shown);
# the tags of the last FILE are left in $T/lintian.tags.
lintian_clean() {
	for _f in "$@"; do
		lintian -I --pedantic --display-experimental \
		    --show-overrides "$_f" >"$T/lintian" 2>&1
		# Tags only: not the override's comment (N:), not the root
		# notice.
		grep -v -e '^running with root privileges' -e '^N: ' \
		    "$T/lintian" >"$T/lintian.tags"
		show "$T/lintian.tags"
		if ! grep -q '^[EW]: ' "$T/lintian.tags"; then
			ok "lintian ${_f##*/}: no error, no warning"
		else
			not_ok "lintian ${_f##*/}: errors or warnings"
		fi
	done
}

# deb_contents DEB: every entry as "MODE OWNER PATH" (symlinks with their
# target), sorted by path.
deb_contents() {
	dpkg-deb -c "$1" | awk '{ p = $6; for (i = 7; i <= NF; i++)
	    p = p " " $i; print $1, $2, p }' | sort -k3
}

# host_root: root outside any user namespace (one that can give a file
# to another user), as tests/unit's unit_host_root().
host_root() {
	[ "$(id -u)" -eq 0 ] &&
	    [ "$(awk 'NR == 1 { print $1, $2, $3 }' /proc/self/uid_map \
	    2>/dev/null)" = "0 0 4294967295" ]
}

cd "$SRC" || exit 1
if ! { need dpkg-buildpackage dpkg-dev && need dh debhelper &&
    need lintian lintian && need readelf binutils; }; then
	finish
fi

VERSION=$(cat VERSION)
OUT=$T/pkg
mkdir -p "$OUT"

# ---- build ------------------------------------------------------------

ls -a debian >"$T/debian.before"
# A make above us (make check, make san) must not lend its jobserver or
# flags: its command-line variables (CC=clang, sanitizer CFLAGS, BUILD)
# reach us in the environment, and the package is built as Debian builds
# it, with dpkg-buildflags.
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CC -u CFLAGS -u LDFLAGS \
    -u CPPFLAGS -u HARDEN -u HARDEN_LD -u BUILD -u ACME_BUILD \
    make -C "$SRC" deb \
    DEB_BUILD="$T/debbuild" DEB_OUT="$OUT" >"$T/build.log" 2>&1; then
	ok "make deb DEB_BUILD=\$T/debbuild DEB_OUT=\$T/pkg"
else
	not_ok "make deb"
	tail -n 30 "$T/build.log" | sed 's/^/#   /'
	finish
fi
# dpkg-buildflags' CPPFLAGS (-D_FORTIFY_SOURCE=2) and CFLAGS meet the
# Makefile's own: no compiler warning ("FILE:LINE:COL: warning:", or the
# driver's own "cc: warning:"), no redefinition.  The unit tests the build
# runs print the hooks' own "PROGRAM: warning: ..." lines: not the compiler.
if grep -nE '\.[ch]:[0-9]+(:[0-9]+)?: warning:|^(cc|gcc|clang)[^:]*: warning:' \
    "$T/build.log" >"$T/warnings"; then
	not_ok "the package builds without a compiler warning"
	show "$T/warnings"
else
	ok "the package builds without a compiler warning"
fi
check "the build used dpkg-buildflags' CPPFLAGS and hardening" \
    grep -q -- '-Wdate-time .*-fstack-clash-protection' "$T/build.log"
arch=$(dpkg --print-architecture)
DEB=$OUT/acme-hooks_${VERSION}_$arch.deb
CHANGES=$OUT/acme-hooks_${VERSION}_$arch.changes
check "acme-hooks_${VERSION}_$arch.deb and .changes are there" \
    test -f "$DEB" -a -f "$CHANGES"
echo "# package size: $(stat -c %s "$DEB") bytes"
# The build happens in the copy: debian/ of the tree gets nothing.
ls -a debian >"$T/debian.after"
check "the tree's debian/ is as it was (built in the copy)" \
    cmp -s "$T/debian.before" "$T/debian.after"

# ---- lintian ----------------------------------------------------------

# Errors and warnings fail; the others are shown.  The only override is
# the one debian/acme-hooks.lintian-overrides explains.
lintian_clean "$CHANGES" "$DEB"
grep '^O: ' "$T/lintian.tags" >"$T/overrides"
if [ "$(wc -l <"$T/overrides")" -eq 1 ] && grep -qxF \
    'O: acme-hooks: non-standard-file-perm 0600 != 0644 [etc/acme-hooks.ini]' \
    "$T/overrides"; then
	ok "lintian: the only override is the 0600 etc/acme-hooks.ini"
else
	not_ok "lintian: overrides other than the 0600 config"
	show "$T/overrides"
fi

# ---- contents ---------------------------------------------------------

deb_contents "$DEB" >"$T/contents"
cat >"$T/contents.want" <<EOF
-rw------- root/root ./etc/acme-hooks.ini
-rwxr-xr-x root/root ./usr/bin/acme-auth
-rwxr-xr-x root/root ./usr/bin/acme-clean
-rwxr-xr-x root/root ./usr/share/acme-hooks/dns_acmehooks.sh
-rw-r--r-- root/root ./usr/share/doc/acme-hooks/README.md.gz
-rw-r--r-- root/root ./usr/share/doc/acme-hooks/changelog.gz
-rw-r--r-- root/root ./usr/share/doc/acme-hooks/copyright
-rw-r--r-- root/root ./usr/share/doc/acme-hooks/examples/acme-hooks.ini.example
-rw-r--r-- root/root ./usr/share/lintian/overrides/acme-hooks
-rw-r--r-- root/root ./usr/share/man/man1/acme-auth.1.gz
lrwxrwxrwx root/root ./usr/share/man/man1/acme-clean.1.gz -> acme-auth.1.gz
-rw-r--r-- root/root ./usr/share/man/man5/acme-hooks.ini.5.gz
EOF
grep -v '^d' "$T/contents" >"$T/contents.files"
if cmp -s "$T/contents.want" "$T/contents.files"; then
	ok "the .deb holds exactly the agreed files, modes and owners"
else
	not_ok "the .deb holds exactly the agreed files, modes and owners"
	diff "$T/contents.want" "$T/contents.files" | sed 's/^/#   /'
fi
if ! grep '^d' "$T/contents" | grep -qv '^drwxr-xr-x root/root '; then
	ok "every directory is 755 root/root"
else
	not_ok "every directory is 755 root/root"
fi

dpkg-deb -I "$DEB" conffiles >"$T/conffiles" 2>&1
check "the only conffile is /etc/acme-hooks.ini" \
    test "$(cat "$T/conffiles")" = /etc/acme-hooks.ini

dpkg-deb -f "$DEB" Depends >"$T/depends"
echo "# Depends: $(cat "$T/depends")"
# The runtime packages' names differ by release (Debian 13: libssl3t64
# after the 64-bit time_t transition, libcares2 for libc-ares2); on
# another release, the packages that hold the libraries the hooks link.
release=$(sed -n 's/^VERSION_ID="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' \
    /etc/os-release 2>/dev/null)
case $release in
12)	libs="libc6 libc-ares2 libinih1 libseccomp2 libssl3" ;;
13)	libs="libc6 libcares2 libinih1 libseccomp2 libssl3t64" ;;
*)	libs=$(readelf -d \
	    "$T/debbuild/acme-hooks-$VERSION/debian/acme-hooks/usr/bin/acme-auth" |
	    sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' |
	    while read -r so; do
		dpkg -S "*/$so" 2>/dev/null | sed -n '1s/[:,].*//p'
	    done | sort -u | tr '\n' ' ' | sed 's/ $//')
	;;
esac
_missing=
for lib in $libs; do
	tr ',' '\n' <"$T/depends" | grep -q "^ *$lib\( (.*)\)\{0,1\}$" ||
	    _missing="$_missing $lib"
done
if [ -n "$libs" ] && [ -z "$_missing" ]; then
	ok "Depends (from shlibs, release ${release:-?}): $libs"
else
	not_ok "Depends lacks:$_missing (wanted: ${libs:-?})"
	show "$T/depends"
fi

clver=$(dpkg-parsechangelog -l debian/changelog -S Version)
check "debian/changelog's version $clver is VERSION's $VERSION" \
    test "$clver" = "$VERSION"
check "the package's Version is $VERSION" \
    test "$(dpkg-deb -f "$DEB" Version)" = "$VERSION"

# ---- the extracted tree -----------------------------------------------

X=$T/x
dpkg-deb -x "$DEB" "$X"
"$X/usr/bin/acme-auth" --version >"$T/out.v" 2>&1
check "the packaged acme-auth --version says acme-hooks $VERSION" \
    test "$(cat "$T/out.v")" = "acme-hooks $VERSION"
"$X/usr/bin/acme-clean" --version >"$T/out.v" 2>&1
check "the packaged acme-clean --version says acme-hooks $VERSION" \
    test "$(cat "$T/out.v")" = "acme-hooks $VERSION"

check "etc/acme-hooks.ini is config/acme-hooks.ini" \
    cmp -s "$X/etc/acme-hooks.ini" config/acme-hooks.ini
check "etc/acme-hooks.ini holds no secret (only a commented example)" \
    no_secret "$X/etc/acme-hooks.ini"
check "the example is config/acme-hooks.ini" cmp -s \
    "$X/usr/share/doc/acme-hooks/examples/acme-hooks.ini.example" \
    config/acme-hooks.ini
check "the acme.sh adapter is config/dns_acmehooks.sh" cmp -s \
    "$X/usr/share/acme-hooks/dns_acmehooks.sh" config/dns_acmehooks.sh
M=$X/usr/share/man
check "man1/acme-auth.1.gz is config/acme-auth.1" \
    gz_is "$M/man1/acme-auth.1.gz" config/acme-auth.1
check "man1/acme-clean.1.gz leads to acme-auth's page" \
    gz_is "$M/man1/acme-clean.1.gz" config/acme-auth.1
check "man5/acme-hooks.ini.5.gz is config/acme-hooks.ini.5" \
    gz_is "$M/man5/acme-hooks.ini.5.gz" config/acme-hooks.ini.5

# Hardening, read from the binaries: PIE, full RELRO (BIND_NOW), the
# stack protector and fortified libc calls (dpkg-buildflags with
# hardening=+all, and the Makefile's own flags).
for b in acme-auth acme-clean; do
	f=$X/usr/bin/$b
	readelf -h "$f" >"$T/elf.h" 2>&1
	readelf -d "$f" >"$T/elf.d" 2>&1
	readelf -lW "$f" >"$T/elf.l" 2>&1
	readelf --dyn-syms -W "$f" >"$T/elf.s" 2>&1
	_missing=
	grep -q 'Type: *DYN' "$T/elf.h" && grep -q 'FLAGS_1.*PIE' "$T/elf.d" ||
	    _missing="$_missing PIE"
	grep -q 'GNU_RELRO' "$T/elf.l" || _missing="$_missing RELRO"
	grep -Eq 'BIND_NOW|FLAGS_1.* NOW' "$T/elf.d" ||
	    _missing="$_missing BIND_NOW"
	grep -q '__stack_chk_fail' "$T/elf.s" ||
	    _missing="$_missing stack-protector"
	grep -Eq ' __[a-z]+_chk(@|$)' "$T/elf.s" ||
	    _missing="$_missing fortify"
	if [ -z "$_missing" ]; then
		ok "$b: PIE, RELRO, BIND_NOW, stack protector, fortify"
	else
		not_ok "$b lacks:$_missing"
	fi
	if ! readelf -S "$f" | grep -qF .debug_info; then
		ok "$b is stripped (debug symbols in -dbgsym)"
	else
		not_ok "$b is not stripped"
	fi
done

# ---- as Debian's build daemons build it ---------------------------------

# as_nobody COMMAND...: COMMAND in the user's copy of the tree, as nobody,
# with a build daemon's clean environment: a fixed PATH, a HOME that does
# not exist (as sbuild's), the user's own TMPDIR.
as_nobody() {
	(cd "$U/b/acme-hooks-$VERSION" &&
	    setpriv --reuid="$bu" --regid="$bg" --clear-groups \
	    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$U/nonexistent" \
	    USER=nobody LOGNAME=nobody LC_ALL=C.UTF-8 TMPDIR="$U/tmp" "$@")
}

# nobody_builds LOG ARG...: one case, nobody's `dpkg-buildpackage
# -rfakeroot ARG...` succeeds; its output in $T/LOG, the tail shown when
# it fails.
nobody_builds() {
	_log=$T/$1
	shift
	if as_nobody dpkg-buildpackage -rfakeroot "$@" >"$_log" 2>&1; then
		ok "nobody: dpkg-buildpackage -rfakeroot $*"
		return 0
	fi
	not_ok "nobody: dpkg-buildpackage -rfakeroot $*"
	tail -n 30 "$_log" | sed 's/^/#   /'
	return 1
}

# tag_names: the tag names of $T/lintian.tags, one a line.
tag_names() {
	sed -n 's/^[A-Z]: [^:]*: \([^ ]*\).*/\1/p' "$T/lintian.tags"
}

# user_build: nobody builds the source package, then the binary one, in a
# copy of the tree (`make deb-tree`) under $U that nobody owns; $U lies
# outside $T, which only root may enter.  As root of the host only: a
# user namespace cannot hand a file to nobody.
user_build() {
	if ! host_root; then
		echo "# SKIP: needs root: the build as a user of no privilege" \
		    "(setpriv to nobody)"
		return
	fi
	need setpriv util-linux && need fakeroot fakeroot || return
	if ! bu=$(id -u nobody 2>/dev/null) || ! bg=$(id -g nobody); then
		not_ok "there is a user nobody (base-passwd)"
		return
	fi
	if ! U=$(mktemp -d /tmp/t_deb-nobody.XXXXXX); then
		not_ok "a directory for nobody's build (mktemp)"
		return
	fi
	trap 'rm -rf "$U"' EXIT
	trap 'exit 143' INT TERM
	if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    make -C "$SRC" deb-tree DEB_BUILD="$U/b" >"$T/tree.log" 2>&1 &&
	    mkdir "$U/tmp" && chown -R "$bu:$bg" "$U"; then
		ok "make deb-tree DEB_BUILD=\$U/b, the copy given to nobody"
	else
		not_ok "make deb-tree DEB_BUILD=\$U/b, the copy given to nobody"
		show "$T/tree.log"
		return
	fi

	# The source package: lintian says nothing of copyright or license.
	nobody_builds nobody-source.log -S -us -uc || return
	check "the source package holds LICENSE and debian/copyright" \
	    test "$(tar -tJf "$U/b/acme-hooks_$VERSION.tar.xz" |
	    grep -cxE "acme-hooks-$VERSION/(LICENSE|debian/copyright)")" = 2
	lintian_clean "$U/b/acme-hooks_${VERSION}_source.changes"
	if tag_names | grep -Ei 'copyright|licen[cs]e|dep5' >"$T/license.tags"
	then
		not_ok "lintian: a tag about copyright or license"
		show "$T/license.tags"
	else
		ok "lintian: no tag about copyright or license in the source"
	fi

	# The binary package, its unit tests run by nobody.
	nobody_builds nobody-build.log -us -uc -b || return
	udeb=$U/b/${DEB##*/}
	check "the .deb is nobody's (built without root)" \
	    test "$(stat -c %u "$udeb")" = "$bu"
	# Each unit test's closing line, "NAME: N passed, 0 failed", once.
	n=$(find tests/unit -name 'test_*.c' | wc -l)
	grep -E '^[a-z_]+: [0-9]+ passed, [0-9]+ failed$' \
	    "$T/nobody-build.log" >"$T/unit.sums"
	show "$T/unit.sums"
	check "the build ran all $n unit tests as nobody, none failed" \
	    test "$(grep -c ' passed, 0 failed$' "$T/unit.sums")" = "$n" -a \
	    "$(wc -l <"$T/unit.sums")" = "$n"
	# Shown without their "# SKIP" (tests/run.sh would count them as
	# parts of this test that did not run).
	sed -n 's/^# SKIP: /unit test skipped: /p' "$T/nobody-build.log" \
	    >"$T/unit.skips"
	show "$T/unit.skips"
	check "the unit cases that need root said so, one line each" \
	    grep -q '^unit test skipped: needs root: ' "$T/unit.skips"
	# The .changes: the .deb and its -dbgsym with it.
	lintian_clean "$U/b/${CHANGES##*/}"
	if cmp -s "$DEB" "$udeb"; then
		ok "nobody's .deb is byte for byte the one built as root"
	else
		not_ok "nobody's .deb is byte for byte the one built as root"
		deb_contents "$udeb" | diff "$T/contents" - | sed 's/^/#   /'
		dpkg-deb -x "$udeb" "$T/x-nobody"
		diff -rq "$X" "$T/x-nobody" | sed 's/^/#   /'
	fi
	rm -rf "$U"
}
user_build

# ---- the client conventions against the packaged hooks ------------------

mkdir "$T/clients"
T=$T/clients ACME_TEST_BINDIR=$X/usr/bin sh tests/integration/t_clients.sh \
    >"$T/clients.log" 2>&1
rc=$?
sed -n 's/^# \([0-9]* cases, [0-9]* failed\)$/\1/p' "$T/clients.log" \
    >"$T/clients.sum"
if [ "$rc" -eq 0 ] && grep -q "^# hooks from $X/usr/bin\$" "$T/clients.log"
then
	ok "t_clients.sh against the .deb's usr/bin: $(cat "$T/clients.sum")"
else
	not_ok "t_clients.sh against the .deb's usr/bin (status $rc)"
	grep '^not ok' "$T/clients.log" | sed 's/^/#   /'
	tail -n 20 "$T/clients.log" | sed 's/^/#   /'
fi

finish
