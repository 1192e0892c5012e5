#!/bin/sh
# SPDX-License-Identifier: ISC
# `make install DESTDIR=... PREFIX=/usr` lays out exactly the agreed tree
# (hooks, man pages, acme.sh adapter, example config) with the right
# modes, man finds acme-clean's page in it, and no install ever
# overwrites an existing etc/acme-hooks.ini.
#
# Needs: make, install (coreutils), man-db (man).

set -u

SRC=${ACME_SRC:?run through tests/run.sh}
T=${T:?run through tests/run.sh}
BUILD=${ACME_BUILD:-$SRC/build}
ADAPTER=$SRC/config/dns_acmehooks.sh
. "$SRC/tests/lib/check.sh"

cd "$SRC" || exit 1

# mode FILE: its permission bits in octal.
mode() {
	stat -c %a "$1"
}

# expect_mode FILE MODE
expect_mode() {
	if [ ! -f "$1" ] || [ -L "$1" ]; then
		echo "# ${1#"$T"/}: not a regular file"
		return 1
	fi
	[ "$(mode "$1")" = "$2" ] && return 0
	echo "# ${1#"$T"/}: mode $(mode "$1"), want $2"
	return 1
}

# install_into ROOT: make install there; output in $T/make.log.  The
# hooks are installed as built (-o: never rebuilt here, which under
# `make san` would rebuild its tree without the sanitizer flags).
install_into() {
	# A make above us (make check) must not lend its jobserver or flags.
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    make -C "$SRC" -o all -o "$BUILD/acme-auth" -o "$BUILD/acme-clean" \
	    install BUILD="$BUILD" DESTDIR="$1" PREFIX=/usr \
	    >"$T/make.log" 2>&1
}

R=$T/root
if ! need make make; then
	:
elif [ ! -x "$BUILD/acme-auth" ] || [ ! -x "$BUILD/acme-clean" ]; then
	not_ok "hooks built in $BUILD (run make first)"
elif install_into "$R"; then
	ok "make install DESTDIR=\$T/root PREFIX=/usr"
	m=$R/usr/share/man
	if expect_mode "$R/usr/bin/acme-auth" 755 &&
	    expect_mode "$R/usr/bin/acme-clean" 755 &&
	    cmp -s "$R/usr/bin/acme-auth" "$BUILD/acme-auth" &&
	    cmp -s "$R/usr/bin/acme-clean" "$BUILD/acme-clean"; then
		ok "usr/bin/acme-auth and acme-clean, mode 755"
	else
		not_ok "usr/bin/acme-auth and acme-clean, mode 755"
	fi
	if expect_mode "$m/man1/acme-auth.1" 644 &&
	    cmp -s "$m/man1/acme-auth.1" config/acme-auth.1 &&
	    expect_mode "$m/man5/acme-hooks.ini.5" 644 &&
	    cmp -s "$m/man5/acme-hooks.ini.5" config/acme-hooks.ini.5; then
		ok "man1/acme-auth.1 and man5/acme-hooks.ini.5, mode 644"
	else
		not_ok "man1/acme-auth.1 and man5/acme-hooks.ini.5, mode 644"
	fi
	# acme-clean.1: a .so link to acme-auth.1, or a copy of it.
	if expect_mode "$m/man1/acme-clean.1" 644 &&
	    { [ "$(cat "$m/man1/acme-clean.1")" = ".so man1/acme-auth.1" ] ||
	    cmp -s "$m/man1/acme-clean.1" config/acme-auth.1; }; then
		ok "man1/acme-clean.1 is .so man1/acme-auth.1 or a copy"
	else
		not_ok "man1/acme-clean.1 is .so man1/acme-auth.1 or a copy"
		show "$m/man1/acme-clean.1"
	fi
	# And man finds it there and shows acme-auth's page under that name.
	if command -v man >/dev/null 2>&1; then
		# --nj: one space between words (groff 1.23 stretches).
		MANWIDTH=80 MANPAGER=cat PAGER=cat man --nj -M "$m" acme-clean \
		    >"$T/clean.render" 2>"$T/clean.err"
		if grep -q 'acme-auth, acme-clean' "$T/clean.render" &&
		    [ ! -s "$T/clean.err" ]; then
			ok "man -M usr/share/man acme-clean shows the page"
		else
			not_ok "man -M usr/share/man acme-clean shows the page"
			show "$T/clean.err"
		fi
	fi
	if expect_mode "$R/usr/share/acme-hooks/dns_acmehooks.sh" 755 &&
	    cmp -s "$R/usr/share/acme-hooks/dns_acmehooks.sh" "$ADAPTER"; then
		ok "usr/share/acme-hooks/dns_acmehooks.sh, mode 755"
	else
		not_ok "usr/share/acme-hooks/dns_acmehooks.sh, mode 755"
	fi
	ex=$R/usr/share/doc/acme-hooks/acme-hooks.ini.example
	if expect_mode "$ex" 644 && cmp -s "$ex" config/acme-hooks.ini; then
		ok "usr/share/doc/acme-hooks/acme-hooks.ini.example, mode 644"
	else
		not_ok "usr/share/doc/acme-hooks/acme-hooks.ini.example"
	fi
	if expect_mode "$R/etc/acme-hooks.ini" 600 &&
	    cmp -s "$R/etc/acme-hooks.ini" config/acme-hooks.ini; then
		ok "a first install puts the example at etc/acme-hooks.ini, 600"
	else
		not_ok "etc/acme-hooks.ini on a first install"
	fi
	# Nothing else: the tree holds exactly these files.
	(cd "$R" && find . ! -type d | sort) >"$T/tree"
	printf '%s\n' ./etc/acme-hooks.ini ./usr/bin/acme-auth \
	    ./usr/bin/acme-clean ./usr/share/acme-hooks/dns_acmehooks.sh \
	    ./usr/share/doc/acme-hooks/acme-hooks.ini.example \
	    ./usr/share/man/man1/acme-auth.1 \
	    ./usr/share/man/man1/acme-clean.1 \
	    ./usr/share/man/man5/acme-hooks.ini.5 | sort >"$T/tree.want"
	if cmp -s "$T/tree" "$T/tree.want"; then
		ok "the installed tree holds exactly the agreed files"
	else
		not_ok "the installed tree holds exactly the agreed files"
		diff "$T/tree.want" "$T/tree" | sed 's/^/#   /'
	fi

	# A second install over an edited config keeps the user's file.
	printf '[options]\n; mine\n' >"$R/etc/acme-hooks.ini"
	chmod 640 "$R/etc/acme-hooks.ini"
	cp "$R/etc/acme-hooks.ini" "$T/mine"
	if install_into "$R" && cmp -s "$R/etc/acme-hooks.ini" "$T/mine" &&
	    expect_mode "$R/etc/acme-hooks.ini" 640; then
		ok "a second install keeps an edited etc/acme-hooks.ini"
	else
		not_ok "a second install keeps an edited etc/acme-hooks.ini"
		show "$T/make.log"
	fi
else
	not_ok "make install DESTDIR=\$T/root PREFIX=/usr"
	show "$T/make.log"
fi

# An etc/acme-hooks.ini that is there before the first install stays.
R2=$T/root2
if [ -x "$BUILD/acme-auth" ] && command -v make >/dev/null 2>&1; then
	mkdir -p "$R2/etc"
	printf '[options]\nttl = 30\n' >"$R2/etc/acme-hooks.ini"
	chmod 600 "$R2/etc/acme-hooks.ini"
	cp "$R2/etc/acme-hooks.ini" "$T/pre"
	if install_into "$R2" && cmp -s "$R2/etc/acme-hooks.ini" "$T/pre" &&
	    [ -f "$R2/usr/share/doc/acme-hooks/acme-hooks.ini.example" ]; then
		ok "an existing etc/acme-hooks.ini is never overwritten"
	else
		not_ok "an existing etc/acme-hooks.ini is never overwritten"
		show "$T/make.log"
	fi
fi

finish
