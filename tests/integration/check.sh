# Shared by the integration tests (sourced): TAP-like "ok - ..." lines,
# counted in $cases and $fails, and a fresh dns-01 value.

cases=0
fails=0

ok() {
	cases=$((cases + 1))
	echo "ok - $1"
}

# not_ok DESCRIPTION: also shows the last command's $T/out and $T/err.
not_ok() {
	cases=$((cases + 1))
	fails=$((fails + 1))
	echo "not ok - $1"
	for _f in "$T/out" "$T/err"; do
		[ -s "$_f" ] && sed "s|^|#   ${_f##*/}: |" "$_f"
	done
	return 0
}

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	_d=$1
	shift
	if "$@"; then ok "$_d"; else not_ok "$_d"; fi
}

# show FILE: a file's content as test diagnostics ("#   " lines), if any.
show() {
	[ -s "$1" ] && sed 's/^/#   /' "$1"
	return 0
}

# need COMMAND PACKAGE: true if COMMAND is installed, else a failed case
# naming the Debian package to install.
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	not_ok "$1 is installed (apt-get install $2)"
	return 1
}

# A fresh 43-character base64url value, as ACME's dns-01 gives.
value() {
	head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'
}
