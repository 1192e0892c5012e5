#!/bin/sh
# Documentation and packaging: the two man pages lint clean with mandoc
# and render without a warning through man-db and groff, the config page
# documents every option config.c accepts, the acme.sh adapter parses
# under sh and dash and calls the hooks with exactly the argv acme-auth
# expects, and `make install DESTDIR=...` lays out exactly the agreed tree,
# with the right modes, without ever overwriting an existing
# etc/acme-hooks.ini.
#
# Needs: mandoc, man-db (man), groff, dash, make, install (coreutils).

set -u

SRC=${ACME_SRC:?run through tests/run.sh}
T=${T:?run through tests/run.sh}
BUILD=${ACME_BUILD:-$SRC/build}
PAGES="config/acme-auth.1 config/acme-hooks.ini.5"
ADAPTER=$SRC/config/dns_acmehooks.sh
. "$SRC/tests/integration/check.sh"

# show FILE: a file's content as test diagnostics.
show() {
	[ -s "$1" ] && sed 's/^/#   /' "$1"
	return 0
}

need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	not_ok "$1 is installed (apt-get install $2)"
	return 1
}

cd "$SRC" || exit 1

# ---- man pages --------------------------------------------------------

if need mandoc mandoc; then
	for p in $PAGES; do
		mandoc -Tlint -W warning "$p" >"$T/lint" 2>&1
		rc=$?
		if [ "$rc" -eq 0 ] && [ ! -s "$T/lint" ]; then
			ok "mandoc -Tlint -W warning $p is silent"
		else
			not_ok "mandoc -Tlint -W warning $p (status $rc)"
			show "$T/lint"
		fi
	done
fi

if need man man-db && need groff groff; then
	for p in $PAGES; do
		MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$p" \
		    >"$T/render" 2>"$T/render.err"
		rc=$?
		if [ "$rc" -eq 0 ] && [ ! -s "$T/render.err" ] &&
		    [ "$(wc -l <"$T/render")" -gt 50 ]; then
			ok "MANWIDTH=80 man -l $p renders without warnings"
		else
			not_ok "MANWIDTH=80 man -l $p (status $rc)"
			show "$T/render.err"
		fi
		cp "$T/render" "$T/render.${p##*/}"
		# groff's own warnings, all of them (-ww).
		if groff -mandoc -Tutf8 -ww -z "$p" >"$T/groff" 2>&1 &&
		    [ ! -s "$T/groff" ]; then
			ok "groff -ww $p has no warnings"
		else
			not_ok "groff -ww $p"
			show "$T/groff"
		fi
	done
fi

# has_all FILE WORD...: every word appears in the rendered page.
has_all() {
	_f=$1
	shift
	_missing=
	for _w in "$@"; do
		grep -qF -- "$_w" "$_f" || _missing="$_missing $_w"
	done
	[ -z "$_missing" ] && return 0
	echo "# missing:$_missing"
	return 1
}

r1=$T/render.acme-auth.1
r5=$T/render.acme-hooks.ini.5
if [ -s "$r1" ]; then
	# The sections the page promises, at the start of a line as man
	# prints section headings.
	_missing=
	for s in NAME SYNOPSIS DESCRIPTION "CLIENT CALLING CONVENTIONS" \
	    ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
		grep -qx "$s" "$r1" || _missing="$_missing '$s'"
	done
	if [ -z "$_missing" ]; then
		ok "acme-auth.1 has every section"
	else
		not_ok "acme-auth.1 sections missing:$_missing"
	fi
	if has_all "$r1" acme-clean "present | cleanup" deploy_challenge \
	    clean_challenge "begin | done | failed" --check --dry-run \
	    CERTBOT_DOMAIN CERTBOT_VALIDATION CERTBOT_REMAINING_CHALLENGES \
	    CERTBOT_AUTH_OUTPUT EXEC_MODE=RAW EXEC_PROPAGATION_TIMEOUT \
	    EXEC_SEQUENCE_INTERVAL HOOK_CHAIN ACME_HOOKS_CONFIG \
	    ACME_HOOKS_DRY_RUN update-policy "certbot certonly" "--dns exec" \
	    "certbot(1)" "lego(1)" "named.conf(5)" "nsupdate(1)" \
	    "tsig-keygen(8)" "acme-hooks.ini(5)"; then
		ok "acme-auth.1 covers every client, variable and reference"
	else
		not_ok "acme-auth.1 covers every client, variable and reference"
	fi
	# Exit statuses: each code of common/status.h is listed.
	_missing=
	# shellcheck disable=SC2013 # one number a line
	for code in $(sed -n 's/^[[:space:]]*ACME_E*[A-Z]* = \([0-9]\).*/\1/p' \
	    common/status.h); do
		grep -qE "^     $code  " "$r1" || _missing="$_missing $code"
	done
	if [ -z "$_missing" ] &&
	    [ "$(grep -c ' = [0-9]' common/status.h)" -eq 8 ]; then
		ok "acme-auth.1 lists exit statuses 0-7 of status.h"
	else
		not_ok "acme-auth.1 exit statuses missing:$_missing"
	fi
fi

if [ -s "$r5" ]; then
	# Every option name config.c compares against must be documented
	# as "name = ..." in the rendered page.
	opts=$(grep -o 'strcasecmp(name, "[a-z_]*")' common/config.c |
	    sed 's/.*"\([a-z_]*\)")/\1/' | sort -u)
	_missing=
	n=0
	for o in $opts; do
		n=$((n + 1))
		grep -qE "^ +$o = " "$r5" || _missing="$_missing $o"
	done
	if [ -z "$_missing" ] && [ "$n" -ge 10 ]; then
		ok "acme-hooks.ini.5 documents all $n options of config.c"
	else
		not_ok "acme-hooks.ini.5 options undocumented:$_missing ($n)"
	fi
	if has_all "$r5" "[options]" '[key "NAME"]' '[zone "NAME"]' \
	    "down_servers = wait | skip" hmac-sha256 hmac-md5 K \
	    ".private" "FILE PERMISSIONS" "symbolic link" "0600" \
	    "owned by the user" "tsig-keygen(8)" "acme-auth(1)"; then
		ok "acme-hooks.ini.5 covers sections, algorithms, permissions"
	else
		not_ok "acme-hooks.ini.5 covers sections, algorithms, permissions"
	fi
fi

# ---- the acme.sh adapter ----------------------------------------------

for sh in sh dash; do
	if need "$sh" "$sh" && "$sh" -n "$ADAPTER" 2>"$T/sh.err"; then
		ok "$sh -n dns_acmehooks.sh"
	else
		not_ok "$sh -n dns_acmehooks.sh"
		show "$T/sh.err"
	fi
done

# A stand-in for acme-auth/acme-clean: records its name, argv (one
# argument a line, in brackets, so spaces and empty ones show) and
# ACME_HOOKS_CONFIG, then exits with $FAKE_RC.
cat >"$T/fake" <<'EOF'
#!/bin/sh
{
	echo "prog=${0##*/}"
	echo "argc=$#"
	for a in "$@"; do
		printf '[%s]\n' "$a"
	done
	echo "config=${ACME_HOOKS_CONFIG-unset}"
} >>"$FAKE_LOG"
exit "${FAKE_RC:-0}"
EOF
chmod 755 "$T/fake"
ln -s fake "$T/fake-auth"
ln -s fake "$T/fake-clean"

VALUE=-Xp4r_L7V6kS8p2bL9mQ0cWn3sZt1yUa5eHd7gJf2oIk
# adapter SHELL FUNCTION FQDN VALUE [PRELUDE]: run one adapter function
# the way acme.sh does (source the file, call the function), without
# acme.sh's helpers unless PRELUDE defines them.  Status in $rc.
# shellcheck disable=SC2016 # $1.. belong to the inner shell
adapter() {
	rm -f "$T/log"
	FAKE_LOG=$T/log ACMEHOOKS_BIN=$T/fake-auth \
	    ACMECLEAN_BIN=$T/fake-clean "$1" -c '
		'"${5:-}"'
		. "$1" || exit 9
		'"$2"' "$2" "$3"' adapter "$ADAPTER" "$3" "$4" \
	    >"$T/out" 2>"$T/err"
	rc=$?
}

# expect_log LINE...: the fake's log is exactly these lines.
expect_log() {
	printf '%s\n' "$@" >"$T/want"
	if cmp -s "$T/want" "$T/log"; then
		return 0
	fi
	echo "# want:"
	show "$T/want"
	echo "# got:"
	show "$T/log"
	return 1
}

for sh in sh dash; do
	command -v "$sh" >/dev/null 2>&1 || continue
	ACME_HOOKS_CONFIG=/etc/x.ini FAKE_RC=0 \
	    adapter "$sh" dns_acmehooks_add _acme-challenge.example.net "$VALUE"
	if [ "$rc" -eq 0 ] && expect_log "prog=fake-auth" "argc=3" \
	    "[present]" "[_acme-challenge.example.net.]" "[$VALUE]" \
	    "config=/etc/x.ini"; then
		ok "$sh: dns_acmehooks_add runs ACMEHOOKS_BIN present FQDN. VALUE"
	else
		not_ok "$sh: dns_acmehooks_add (status $rc)"
		show "$T/err"
	fi

	ACME_HOOKS_CONFIG=/etc/y.ini FAKE_RC=0 \
	    adapter "$sh" dns_acmehooks_rm _acme-challenge.example.net "$VALUE"
	if [ "$rc" -eq 0 ] && expect_log "prog=fake-clean" "argc=3" \
	    "[cleanup]" "[_acme-challenge.example.net.]" "[$VALUE]" \
	    "config=/etc/y.ini"; then
		ok "$sh: dns_acmehooks_rm runs ACMECLEAN_BIN cleanup FQDN. VALUE"
	else
		not_ok "$sh: dns_acmehooks_rm (status $rc)"
		show "$T/err"
	fi

	# A failing hook: the function returns 1 and says so on stderr
	# (no acme.sh _err here, so the fallback).
	FAKE_RC=4 adapter "$sh" dns_acmehooks_add \
	    _acme-challenge.example.net "$VALUE"
	if [ "$rc" -eq 1 ] && grep -q '^dns_acmehooks: error: ' "$T/err" &&
	    expect_log "prog=fake-auth" "argc=3" "[present]" \
	    "[_acme-challenge.example.net.]" "[$VALUE]" "config=unset"; then
		ok "$sh: a failing acme-auth makes dns_acmehooks_add return 1"
	else
		not_ok "$sh: failing acme-auth (status $rc)"
		show "$T/err"
	fi

	FAKE_RC=7 adapter "$sh" dns_acmehooks_rm \
	    _acme-challenge.example.net "$VALUE"
	if [ "$rc" -eq 1 ] && expect_log "prog=fake-clean" "argc=3" \
	    "[cleanup]" "[_acme-challenge.example.net.]" "[$VALUE]" \
	    "config=unset"; then
		ok "$sh: a failing acme-clean makes dns_acmehooks_rm return 1"
	else
		not_ok "$sh: failing acme-clean (status $rc)"
	fi

	# Missing arguments: no hook runs.
	adapter "$sh" dns_acmehooks_add "" "$VALUE"
	if [ "$rc" -eq 1 ] && [ ! -e "$T/log" ]; then
		ok "$sh: dns_acmehooks_add without a name runs nothing"
	else
		not_ok "$sh: dns_acmehooks_add without a name (status $rc)"
	fi

	# With acme.sh's helpers: messages go through _info/_err, and the
	# settings are saved to and read back from account.conf, as a
	# renewal from cron (without the variables) needs.
	# shellcheck disable=SC2016 # expanded by the adapter's shell
	acmesh='
		_info() { echo "INFO $*" >&2; }
		_err() { echo "ERR $*" >&2; }
		_saveaccountconf_mutable() {
			echo "SAVED_$1=$2" >>"$ACCT"
		}
		_readaccountconf_mutable() {
			sed -n "s/^SAVED_$1=//p" "$ACCT" | tail -n 1
		}'
	rm -f "$T/acct"
	ACCT=$T/acct ACME_HOOKS_CONFIG=/etc/z.ini FAKE_RC=0 \
	    adapter "$sh" dns_acmehooks_add _acme-challenge.example.org \
	    "$VALUE" "$acmesh"
	if [ "$rc" -eq 0 ] && grep -q '^INFO ' "$T/err" &&
	    grep -qx 'SAVED_ACME_HOOKS_CONFIG=/etc/z.ini' "$T/acct"; then
		ok "$sh: with acme.sh helpers: _info, settings saved"
	else
		not_ok "$sh: with acme.sh helpers (status $rc)"
		show "$T/err"
	fi
	ACCT=$T/acct FAKE_RC=0 adapter "$sh" dns_acmehooks_rm \
	    _acme-challenge.example.org "$VALUE" "$acmesh"
	if [ "$rc" -eq 0 ] && expect_log "prog=fake-clean" "argc=3" \
	    "[cleanup]" "[_acme-challenge.example.org.]" "[$VALUE]" \
	    "config=/etc/z.ini"; then
		ok "$sh: a later run reads ACME_HOOKS_CONFIG back"
	else
		not_ok "$sh: settings read back (status $rc)"
		show "$T/err"
	fi
	ACCT=$T/acct FAKE_RC=6 adapter "$sh" dns_acmehooks_rm \
	    _acme-challenge.example.org "$VALUE" "$acmesh"
	if [ "$rc" -eq 1 ] && grep -q '^ERR ' "$T/err" &&
	    ! grep -q '^dns_acmehooks:' "$T/err" &&
	    expect_log "prog=fake-clean" "argc=3" "[cleanup]" \
	    "[_acme-challenge.example.org.]" "[$VALUE]" \
	    "config=/etc/z.ini"; then
		ok "$sh: with acme.sh helpers errors go through _err"
	else
		not_ok "$sh: errors through _err (status $rc)"
		show "$T/err"
	fi
done

# ---- make install -----------------------------------------------------

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
		MANWIDTH=80 MANPAGER=cat PAGER=cat man -M "$m" acme-clean \
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

echo "# $cases cases, $fails failed"
[ "$cases" -gt 0 ] && [ "$fails" -eq 0 ]
