#!/bin/sh
# SPDX-License-Identifier: ISC
# The library's layers, lowest first; a module may include headers of its
# own layer and of the layers below it, never of one above:
#
#	sys	the process and the system: logging, clock and signals,
#		the internal result of a step
#	dns	DNS on the wire: names, messages, records, TSIG, dumps
#	net	talking to servers: addresses, the resolver, finding
#		zones and servers, sending the update, polling
#	conf	the configuration and the key files
#	flow	what a hook does: the client's input, the plan, the
#		flows, certbot's runs, the state directory, the sandbox,
#		reports, the exit status
#
# Every module lives in exactly one of these folders, one level deep, and
# every include of a library header names its folder ("dns/wire.h").
# Prints each breach and exits 1; exits 0 when there is none.
#
# usage: sh tests/layers.sh [DIR]	(default: common)

set -u
top=${1:-common}
order="sys dns net conf flow"
fails=0

rank() {
	_i=0
	for _l in $order; do
		[ "$_l" = "$1" ] && { echo "$_i"; return 0; }
		_i=$((_i + 1))
	done
	echo -1
}

bad() {
	echo "layers: $*"
	fails=$((fails + 1))
}

# Nothing outside the folders, nothing deeper than one level.
for f in "$top"/* "$top"/*/*; do
	[ -e "$f" ] || continue
	rel=${f#"$top"/}
	case $rel in
	*/*/*) bad "$f: deeper than one folder" ;;
	*/*)	[ -d "$f" ] && bad "$f: a folder inside a layer" ;;
	*)	if [ -d "$f" ]; then
			[ "$(rank "$rel")" -ge 0 ] ||
			    bad "$f: not a layer ($order)"
		else
			bad "$f: outside the layer folders"
		fi ;;
	esac
done

for f in "$top"/*/*.c "$top"/*/*.h; do
	[ -f "$f" ] || continue
	layer=${f#"$top"/}
	layer=${layer%%/*}
	own=$(rank "$layer")
	n=0
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
	    sed 's/^\([0-9]*\):.*"\(.*\)".*/\1 \2/' >"${TMPDIR:-/tmp}/layers.$$"
	while read -r line inc; do
		case $inc in
		*/*/*)	bad "$f:$line: \"$inc\" is deeper than one folder"
			continue ;;
		*/*)	;;
		*)	bad "$f:$line: \"$inc\" does not name its folder"
			continue ;;
		esac
		[ -f "$top/$inc" ] || {
			bad "$f:$line: \"$inc\" is not a header of $top"
			continue
		}
		r=$(rank "${inc%%/*}")
		[ "$r" -le "$own" ] ||
		    bad "$f:$line: $layer includes \"$inc\", a layer above it"
	done <"${TMPDIR:-/tmp}/layers.$$"
	rm -f "${TMPDIR:-/tmp}/layers.$$"
done
# (the while loop runs in this shell: its breaches count)
[ "$fails" -eq 0 ] || { echo "layers: $fails breach(es)"; exit 1; }
echo "layers: $(ls "$top"/*/*.c | wc -l) modules in $(echo $order | wc -w) layers, no include upward"
