#!/bin/sh
# SPDX-License-Identifier: ISC
# Downloads Debian's inih source package, for tests/integration/t_inih.sh
# to build upstream's inih from (its tests run with no network, in a
# namespace of their own, so the download is done before: tests/deps.sh
# runs this, as `make check` does).
#
# usage: sh tests/inih-source.sh [DIR]	(default: build-inih in the tree)
#
# The machine's apt has `deb` lines only.  A private apt state under DIR
# gets `deb-src` lines derived from the system's own sources
# (/etc/apt/sources.list, sources.list.d/*.list and *.sources): the same
# URIs, suites, components and keyrings, plus `unstable` beside each
# release suite, since unstable has the newest upstream release.  The
# highest version found is downloaded (never unpacked or built here)
# into DIR, whose file VERSION then names it; the system's apt state is
# not touched.  Exit status 0 when DIR holds a source package, 1 with
# one line on stderr otherwise.

set -u

SRC=$(cd "$(dirname "$0")/.." && pwd) || exit 1
DIR=${1:-$SRC/build-inih}
PKG=libinih

say() {
	echo "inih-source: $*" >&2
}

# sources_list: the system's deb entries as "URI<TAB>SUITES<TAB>COMPONENTS
# <TAB>SIGNED-BY" lines, SUITES and COMPONENTS space-separated.
sources_list() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		# deb [opt=v opt=v] URI SUITE COMPONENT...
		awk '
		/^[ \t]*deb[ \t]/ {
			i = 2; signed = ""
			if ($2 ~ /^\[/) {
				for (; i <= NF; i++) {
					o = $i; gsub(/[][]/, "", o)
					if (o ~ /^signed-by=/) {
						sub(/^signed-by=/, "", o)
						signed = o
					}
					if ($i ~ /\]$/) { i++; break }
				}
			}
			uri = $i; suite = $(i + 1); comps = ""
			for (j = i + 2; j <= NF && $j !~ /^#/; j++)
				comps = comps (comps == "" ? "" : " ") $j
			printf "%s\t%s\t%s\t%s\n", uri, suite, comps, signed
		}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		# deb822 stanzas: fields up to a blank line; continuation
		# lines (an inline key in Signed-By) are not kept.
		awk '
		function flush() {
			if (types ~ /(^| )deb( |$)/ && enabled !~ /^[Nn]o/ &&
			    uris != "" && suites != "") {
				n = split(uris, u, " ")
				for (k = 1; k <= n; k++)
					printf "%s\t%s\t%s\t%s\n", u[k],
					    suites, comps, signed
			}
			types = uris = suites = comps = signed = enabled = ""
		}
		function val(s) {
			sub(/^[^:]*:[ \t]*/, "", s); sub(/[ \t]+$/, "", s)
			return s
		}
		/^[ \t]*$/ { flush(); next }
		/^#/ { next }
		tolower($1) == "types:" { types = val($0) }
		tolower($1) == "uris:" { uris = val($0) }
		tolower($1) == "suites:" { suites = val($0) }
		tolower($1) == "components:" { comps = val($0) }
		tolower($1) == "signed-by:" { signed = val($0) }
		tolower($1) == "enabled:" { enabled = val($0) }
		END { flush() }' "$f"
	done
}

# write_sources FILE: deb-src stanzas for every entry, with unstable
# beside a release suite (one without a -security, -updates... part).
write_sources() {
	sources_list | awk -F '\t' '
	{
		suites = $2
		n = split($2, s, " ")
		for (k = 1; k <= n; k++)
			if (s[k] !~ /-/ && s[k] != "unstable" &&
			    s[k] != "sid" && suites !~ /(^| )unstable( |$)/)
				suites = suites " unstable"
		print "Types: deb-src"
		print "URIs: " $1
		print "Suites: " suites
		if ($3 != "")
			print "Components: " $3
		if ($4 != "")
			print "Signed-By: " $4
		print ""
	}' >"$1"
}

command -v apt-get >/dev/null 2>&1 || {
	say "apt-get not found: a Debian system is needed to get $PKG's source"
	exit 1
}
mkdir -p "$DIR" || exit 1
work=$(mktemp -d "$DIR/apt.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
mkdir -p "$work/parts" "$work/lists/partial" "$work/cache/archives/partial" \
    "$work/get" || exit 1
: >"$work/sources.list"
write_sources "$work/parts/src.sources"
if ! grep -q '^URIs:' "$work/parts/src.sources"; then
	say "no deb entry in /etc/apt/sources.list or sources.list.d to" \
	    "derive a deb-src entry from"
	exit 1
fi

# apt with the private state: the system's config, keyrings and dpkg
# status are read, nothing of the system's is written.
papt() {
	_cmd=$1
	shift
	"$_cmd" -q -o Dir::Etc::SourceList="$work/sources.list" \
	    -o Dir::Etc::SourceParts="$work/parts" \
	    -o Dir::State::Lists="$work/lists" \
	    -o Dir::Cache="$work/cache" "$@"
}

# The errors of an apt log, without the archives' addresses, which apt
# puts in URIs and in the names of its list files: none is repeated here.
hide_uris() {
	grep '^E:' "$1" | sed -e 's|[a-z][a-z0-9+]*://[^ ]*|<URI>|g' \
	    -e 's|[^ /]*_dists_[^ ]*|<list>|g' | tail -n 5 >&2
}

# An entry apt refuses (unstable's Release expired on a stale mirror...)
# leaves the others usable: said, and the download goes on without it.
if ! papt apt-get update >"$work/update.log" 2>&1; then
	say "apt-get update failed for some deb-src entries derived from" \
	    "the system's sources (no network?); going on with the others:"
	hide_uris "$work/update.log"
fi
versions=$(papt apt-cache showsrc --only-source "$PKG" 2>/dev/null |
    sed -n 's/^Version: //p' | sort -u)
best=
for v in $versions; do
	if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then
		best=$v
	fi
done
if [ -z "$best" ]; then
	say "no source package $PKG in the archives the system's sources name"
	exit 1
fi
# The whole source package when the archive serves it; else (a mirror or
# proxy may serve only part of the pool) its .orig tarball alone, which
# is upstream's release as Debian ships it, downloaded by apt's own
# helper against the checksum of the signed index.  VERSION's second word
# says which: dsc or orig.
how=dsc
if ! (cd "$work/get" && papt apt-get source --download-only --only-source \
    "$PKG=$best") >"$work/source.log" 2>&1; then
	rm -f "$work"/get/*
	how=orig
	line=$(cd "$work/get" && papt apt-get source --print-uris \
	    --only-source "$PKG=$best" 2>/dev/null |
	    grep "^'[^']*' ${PKG}_[^ ]*\.orig\.tar\.[a-z0-9]* ")
	# 'URI' FILE SIZE SHA256:HEX, split into words
	# shellcheck disable=SC2086
	set -- $line
	uri=$(printf '%s\n' "${1:-}" | tr -d "'")
	helper=/usr/lib/apt/apt-helper
	if [ $# -lt 4 ] || [ ! -x "$helper" ] ||
	    ! papt "$helper" download-file "$uri" "$work/get/$2" "$4" \
	    >"$work/orig.log" 2>&1; then
		say "apt-get source --download-only $PKG=$best failed, and" \
		    "so did its .orig tarball alone:"
		hide_uris "$work/source.log"
		[ -f "$work/orig.log" ] && hide_uris "$work/orig.log"
		exit 1
	fi
fi
# Only now is the previous download replaced, whole.
rm -f "$DIR"/"$PKG"_* "$DIR/VERSION"
mv "$work"/get/"$PKG"_* "$DIR"/ || exit 1
printf '%s %s\n' "$best" "$how" >"$DIR/VERSION"
echo "inih-source: $PKG $best ($how; versions found:" \
    "$(printf '%s\n' "$versions" | paste -sd ' ')) in $DIR"
