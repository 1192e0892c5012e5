#!/bin/sh
# SPDX-License-Identifier: ISC
# Seed the corpora of fuzz_dump, fuzz_keyfile, fuzz_notes, fuzz_hint and
# fuzz_tkey with real inputs (capture-seeds.sh captures the servers' answers for
# the other targets).  Each target's first input byte picks what its
# header comment says; the rest is:
#
#   fuzz_dump	the answers of named and knotd that capture-seeds.sh saved
#		(corpus/fuzz_answer/ and fuzz_tsig/, the files it names, not
#		what fuzzing added) and the UPDATEs and answers of
#		tests/vectors/*.hex; first byte 0 received, 1 sent
#   fuzz_keyfile  key files as tsig-keygen and ddns-confgen write them,
#		one for each algorithm, two statements in one file, and
#		K*.private files in the format dnssec-keygen wrote for HMAC
#		keys (BIND 9.13 dropped it: written here as it wrote them)
#   fuzz_notes	a certbot run's note file confirmed and not, and a note
#		of state_mark_cleaned(), written by the hooks' own functions
#		(seed_writer.c)
#   fuzz_hint	acme-auth's hint lines (certbot_print_hint(), seed_writer.c)
#   fuzz_tkey	(no first byte: whole messages) answers to a GSS-TSIG TKEY
#		query, signed over RFC 8945's layout and over Samba 4.17's
#		with fuzz_tkey_seed.h's stand-in MIC, and unsigned
#		(seed_writer.c)
#
# usage: sh tests/fuzz/make-seeds.sh	(from the top of the tree, after
#	 `make`; needs xxd, tsig-keygen and ddns-confgen from bind9)

set -eu

corpus=tests/fuzz/corpus
build=${ACME_BUILD:-build}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/make-seeds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# fuzz_dump
out=$corpus/fuzz_dump
mkdir -p "$out"
for f in $corpus/fuzz_answer/bind-* $corpus/fuzz_answer/knot-* \
    $corpus/fuzz_tsig/bind-* $corpus/fuzz_tsig/knot-*; do
	[ -f "$f" ] || continue
	{ printf '\000'; cat "$f"; } > "$out/from-$(basename "$f")"
done
for f in tests/vectors/*.hex; do
	name=$(basename "$f" .hex)
	case $name in
	*-answer)	dir='\000' tag=from ;;
	*)		dir='\001' tag=to ;;
	esac
	{ printf "$dir"; tr -d ' \n' < "$f" | xxd -r -p; } > "$out/$tag-$name"
done

# fuzz_keyfile: bits 0-1 the file name (0 bind.key, 1 K...+163...,
# 2 ddns.key, 3 K...+157...), bits 2-3 the section (0 acme-fuzz,
# 1 ACME-Fuzz., 2 other-key, 3 ddns-key.acmesh.example.net), bit 4
# `algorithm =` given, bits 5-7 which (0 md5 ... 5 sha512).
out=$corpus/fuzz_keyfile
mkdir -p "$out"
seed() {	# NAME FIRST-BYTE-IN-OCTAL, the file on stdin
	{ printf "\\$2"; cat; } > "$out/$1"
}
for a in md5 sha1 sha224 sha256 sha384 sha512; do
	case $a in
	md5)	first=020 ;;	# MD5 only when the section names it
	*)	first=000 ;;
	esac
	tsig-keygen -a "hmac-$a" acme-fuzz | seed "tsig-keygen-$a" $first
done
tsig-keygen -a hmac-sha384 ACME-Fuzz | seed tsig-keygen-case 004
{ tsig-keygen -a hmac-sha512 other-key; tsig-keygen acme-fuzz; } |
    seed tsig-keygen-two 000
tsig-keygen acme-fuzz | seed tsig-keygen-other 010
tsig-keygen -a hmac-sha256 acme-fuzz | seed tsig-keygen-alg 160
ddns-confgen -q -z acmesh.example.net | seed ddns-confgen-q 016
ddns-confgen -z acmesh.example.net | seed ddns-confgen 016
# dnssec-keygen -a HMAC-SHA256 -b 256 -n HOST acme-fuzz, BIND 9.11.
secret=$(tsig-keygen -a hmac-sha256 x | sed -n 's/.*secret "\(.*\)";/\1/p')
printf 'Private-key-format: v1.3\nAlgorithm: 163 (HMAC_SHA256)\nKey: %s\nBits: AAA=\nCreated: 20260101000000\nPublish: 20260101000000\nActivate: 20260101000000\n' \
    "$secret" | seed dnssec-keygen-sha256 001
printf 'Private-key-format: v1.3\nAlgorithm: 163 (HMAC_SHA256)\nKey: %s\nBits: AAA=\nCreated: 20260101000000\nPublish: 20260101000000\nActivate: 20260101000000\n' \
    "$secret" | seed dnssec-keygen-sha256-alg 161
secret=$(tsig-keygen -a hmac-md5 x | sed -n 's/.*secret "\(.*\)";/\1/p')
printf 'Private-key-format: v1.2\nAlgorithm: 157 (HMAC_MD5)\nKey: %s\nBits: AAA=\n' \
    "$secret" | seed dnssec-keygen-md5 023

# fuzz_notes, fuzz_hint and fuzz_tkey, by the hooks' code.
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -Icommon -o "$tmp/seed_writer" \
    tests/fuzz/seed_writer.c "$build/libacmehooks.a" \
    $(pkg-config --libs libcrypto libcares inih libseccomp)
mkdir -p "$tmp/state" $corpus/fuzz_notes $corpus/fuzz_hint
"$tmp/seed_writer" notes "$tmp/state"
for f in "$tmp"/state/run-*; do
	seed_out=$corpus/fuzz_notes/notes-$(basename "$f")
	{ printf '\000'; cat "$f"; } > "$seed_out"
done
for f in "$tmp"/state/cleaned-*; do
	{ printf '\001'; cat "$f"; } > $corpus/fuzz_notes/cleaned
done
"$tmp/seed_writer" hint "$tmp" > "$tmp/hint"
head -n 1 "$tmp/hint" > $corpus/fuzz_hint/hint-acmesh
tail -n 1 "$tmp/hint" > $corpus/fuzz_hint/hint-org
cp "$tmp/hint" $corpus/fuzz_hint/hint-both
mkdir -p $corpus/fuzz_tkey
"$tmp/seed_writer" tkey $corpus/fuzz_tkey

for t in fuzz_dump fuzz_keyfile fuzz_notes fuzz_hint fuzz_tkey; do
	echo "make-seeds: $t: $(ls $corpus/$t | wc -l) inputs"
done
