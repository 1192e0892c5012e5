# SPDX-License-Identifier: ISC
# DNSSEC helpers for zones that named signs itself (dnssec-policy).  POSIX
# sh; source it after tests/lab/lab.sh and tests/lab/servers.sh.
#
#	dnssec_signed SERVER ZONE	SERVER serves ZONE's DNSKEY and a
#					signed SOA (RRSIG), with AA
#	dnssec_wait_signed DIR TIMEOUT SERVER ZONE [SERVER ZONE]...
#					until each SERVER serves its ZONE
#					signed, and every server under DIR runs
#	dnssec_ds ZONE SERVER		the DS records (SHA-256) of ZONE's
#					key-signing keys as SERVER serves them
#	dnssec_add_ds KEYFILE PRIMARY CHILD SERVER
#					add CHILD's DS (from SERVER) to its
#					parent on PRIMARY, signed with KEYFILE
#	dnssec_anchor ZONE SERVER	a trust-anchors { } statement with
#					ZONE's key-signing keys as static-key
#	dnssec_ad NAME TYPE RESOLVER	RESOLVER answers NOERROR with the ad
#					flag (validated)
#
# Needs bind9-dnsutils (dig, nsupdate) and bind9-utils (dnssec-dsfromkey).

# dnssec__fqdn NAME: NAME with its final dot ("." stays ".").
dnssec__fqdn() {
	case $1 in
	*.)	printf '%s\n' "$1" ;;
	*)	printf '%s.\n' "$1" ;;
	esac
}

dnssec_signed() {
	_ds_f=$(dnssec__fqdn "$2" | sed 's/\./\\./g')
	_ds_o=$(dig +norec +dnssec +time=1 +tries=1 @"$1" "$2" SOA 2>&1) ||
	    return 1
	printf '%s\n' "$_ds_o" | grep -q 'flags:[^;]* aa[ ;]' || return 1
	printf '%s\n' "$_ds_o" |
	    grep -q "^${_ds_f}[[:space:]].*RRSIG[[:space:]]*SOA" || return 1
	[ -n "$(lab_dig "$2" DNSKEY "$1")" ]
}

dnssec_wait_signed() {
	_ds_d=$1
	_ds_t=$2
	shift 2
	srv_wait "$_ds_d" "$_ds_t" dnssec_signed "$@"
}

# dnssec__dnskeys ZONE SERVER: ZONE's DNSKEY records in zone-file form.
dnssec__dnskeys() {
	dig +norec +noall +answer +time=1 +tries=1 @"$2" "$1" DNSKEY |
	    awk '$4 == "DNSKEY"'
}

dnssec_ds() {
	_ds_k=$(dnssec__dnskeys "$1" "$2")
	[ -n "$_ds_k" ] || return 1
	printf '%s\n' "$_ds_k" | dnssec-dsfromkey -2 -f - "$1"
}

dnssec_add_ds() {
	_ds_r=$(dnssec_ds "$3" "$4") || return 1
	[ -n "$_ds_r" ] || return 1
	{
		echo "server $2 53"
		printf '%s\n' "$_ds_r" | sed 's/^/update add /; s/ IN DS / 60 IN DS /'
		echo send
	} | nsupdate -t 5 -k "$1"
}

dnssec_anchor() {
	_ds_k=$(dnssec__dnskeys "$1" "$2" | awk '$5 == 257')
	[ -n "$_ds_k" ] || return 1
	echo 'trust-anchors {'
	printf '%s\n' "$_ds_k" | awk -v z="$1" '{
		k = ""
		for (i = 8; i <= NF; i++)
			k = k $i
		printf "\t%s static-key %s %s %s \"%s\";\n", z, $5, $6, $7, k
	}'
	echo '};'
}

dnssec_ad() {
	_ds_o=$(dig +dnssec +time=2 +tries=1 @"$3" "$1" "$2" 2>&1) || return 1
	printf '%s\n' "$_ds_o" | grep -q 'status: NOERROR' || return 1
	printf '%s\n' "$_ds_o" | grep -q 'flags:[^;]* ad[ ;]'
}
