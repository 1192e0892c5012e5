# SPDX-License-Identifier: ISC
# MIT Kerberos beside the lab, for GSS-TSIG (RFC 3645): a KDC for the
# realm KRB.LAB and a BIND primary and secondary of krb.example.net that
# accept updates signed with a Kerberos context.  POSIX sh; source it
# after tests/lab/lab.sh and tests/lab/servers.sh.
#
#	127.0.0.60	krb5kdc for KRB.LAB, port 88, UDP and TCP
#	127.0.0.61	ns1.krb.example.net: named, primary of krb.example.net
#			(tkey-gssapi-keytab; update-policy grants acme@KRB.LAB
#			TXT at _acme-challenge.krb.example.net only); NOTIFY
#			to ns2 at once (notify-delay 0)
#	127.0.0.62	ns2.krb.example.net: named, secondary, fed by NOTIFY
#			(SOA refresh 3600: only NOTIFY explains a quick change)
#
# The lab proper (lab_start) delegates krb.example.net when
# krb5_lab_extra wrote its records first:
#
#	krb5_lab_extra LABDIR	before lab_start LABDIR: the delegation of
#				krb.example.net (NS ns1.krb, ns2.krb, glue)
#				and _acme-challenge.gss.example.net CNAME
#				_acme-challenge.krb.example.net. in the lab's
#				example.net
#	krb5_lab_start DIR	realm, principals, keytabs, KDC, both named;
#				wait (KRB5_LAB_START_TIMEOUT, 20 s) until the
#				KDC issues a ticket and both serve the zone
#	krb5_lab_stop DIR	stop the named (lab_stop) and the KDC (srv_stop)
#	krb5_lab_kinit DIR PRINCIPAL [KINIT_ARGS...]
#				kinit -k from the principal's keytab into
#				DIR/ccache/PRINCIPAL (KRB5CCNAME is set to it)
#	krb5_lab_nsupdate	nsupdate -g commands on stdin, to ns1, with the
#				credentials of KRB5CCNAME (server/send added)
#	krb5_lab_logs DIR	tail of the KDC's and both named's logs
#
# After krb5_lab_start (exported: KRB5_CONFIG, KRB5_KDC_PROFILE,
# KRB5RCACHEDIR, so that every Kerberos program here reads DIR only,
# never /etc/krb5.conf or /var/tmp):
#	KRB5_LAB_REALM		KRB.LAB
#	KRB5_LAB_KDC		127.0.0.60 (KRB5_LAB_KDC_PORT 88)
#	KRB5_LAB_ZONE		krb.example.net
#	KRB5_LAB_NS1, _NS2	127.0.0.61, 127.0.0.62
#	KRB5_LAB_PRIMARY	ns1.krb.example.net (the SOA's MNAME)
#	KRB5_LAB_SERVICE	DNS/ns1.krb.example.net@KRB.LAB
#	KRB5_LAB_KEYTAB_DNS	DIR/keytab/dns.keytab (named's, mode 600)
#	KRB5_LAB_KEYTAB_ACME	DIR/keytab/acme.keytab (acme@KRB.LAB, mode 600)
#	KRB5_LAB_KEYTAB_OTHER	DIR/keytab/other.keytab (other@KRB.LAB: known to
#				the KDC, granted nothing by named)
#	KRB5_LAB_IDENTITY	acme\@KRB.LAB, the signer named logs
#	KRB5_LAB_START_MS	how long krb5_lab_start took
#
# Files under DIR: krb5.conf, kdc.conf, kdc.log (the KDC's own log),
# db/ (principal database and key stash), keytab/, ccache/, rcache/
# (named's replay cache), kdc/server.log, ns1/ and ns2/ (named.conf,
# named.log, zone), kadmin.log.
#
# Needs krb5-kdc (krb5kdc, kdb5_util), krb5-admin-server (kadmin.local),
# krb5-user (kinit, klist), bind9 built with GSS-API (Debian's is).

KRB5_LAB_REALM=KRB.LAB
KRB5_LAB_KDC=127.0.0.60
KRB5_LAB_KDC_PORT=88
KRB5_LAB_ZONE=krb.example.net
KRB5_LAB_NS1=127.0.0.61
KRB5_LAB_NS2=127.0.0.62
KRB5_LAB_PRIMARY=ns1.$KRB5_LAB_ZONE
# shellcheck disable=SC2034  # for the scripts that source this one
KRB5_LAB_SERVICE=DNS/$KRB5_LAB_PRIMARY@$KRB5_LAB_REALM
# shellcheck disable=SC2034
KRB5_LAB_IDENTITY="acme\\@$KRB5_LAB_REALM"

krb5__say() {
	echo "krb5: $*" >&2
}

krb5_lab_extra() {
	mkdir -p "${1:?krb5_lab_extra LABDIR}/extra" || return 1
	cat >>"$1/extra/example.net.db" <<EOF
krb			NS	ns1.krb
krb			NS	ns2.krb
ns1.krb			A	$KRB5_LAB_NS1
ns2.krb			A	$KRB5_LAB_NS2
_acme-challenge.gss	CNAME	_acme-challenge.$KRB5_LAB_ZONE.
EOF
}

# krb5__conf DIR: krb5.conf and kdc.conf.  No DNS for anything Kerberos
# does (no KDC or realm lookup, no canonicalization, no reverse lookup):
# the service principal is exactly the name the client is given.  MIT
# reads a realm's relations only when its block spans several lines.
krb5__conf() {
	cat >"$1/krb5.conf" <<EOF
[libdefaults]
	default_realm = $KRB5_LAB_REALM
	dns_lookup_kdc = false
	dns_lookup_realm = false
	dns_canonicalize_hostname = false
	rdns = false

[realms]
	$KRB5_LAB_REALM = {
		kdc = $KRB5_LAB_KDC:$KRB5_LAB_KDC_PORT
	}

[domain_realm]
	.$KRB5_LAB_ZONE = $KRB5_LAB_REALM
	$KRB5_LAB_ZONE = $KRB5_LAB_REALM
EOF
	cat >"$1/kdc.conf" <<EOF
[kdcdefaults]
	kdc_listen = $KRB5_LAB_KDC:$KRB5_LAB_KDC_PORT
	kdc_tcp_listen = $KRB5_LAB_KDC:$KRB5_LAB_KDC_PORT

[realms]
	$KRB5_LAB_REALM = {
		database_name = $1/db/principal
		key_stash_file = $1/db/stash
		acl_file = $1/kadm5.acl
		max_life = 10h
		max_renewable_life = 0
	}

[logging]
	kdc = FILE:$1/kdc.log
	admin_server = FILE:$1/kadmin.log
	default = FILE:$1/kadmin.log
EOF
	: >"$1/kadm5.acl"
}

# krb5__kadmin DIR QUERY: one kadmin.local query (output in kadmin.log).
krb5__kadmin() {
	kadmin.local -r "$KRB5_LAB_REALM" -q "$2" >>"$1/kadmin.log" 2>&1 ||
	    { krb5__say "kadmin.local: $2 failed:"; tail -n 5 \
	    "$1/kadmin.log" >&2; return 1; }
	# kadmin.local exits 0 even when the query failed.
	! tail -n 3 "$1/kadmin.log" | grep -q -e 'while ' -e ': .* error'
}

# krb5__principals DIR: the realm's database and the three principals,
# each exported to its keytab (-norandkey: the keytab holds the key the
# database has, kvno 1; keys are random from addprinc -randkey anyway).
krb5__principals() {
	_k5_pw=$(head -c 24 /dev/urandom | base64 | tr -d '=/+\n')
	kdb5_util -r "$KRB5_LAB_REALM" create -s -P "$_k5_pw" \
	    >>"$1/kadmin.log" 2>&1 ||
	    { krb5__say "kdb5_util create failed:"; tail -n 5 \
	    "$1/kadmin.log" >&2; return 1; }
	for _k5_p in "DNS/$KRB5_LAB_PRIMARY" acme other; do
		krb5__kadmin "$1" "addprinc -randkey $_k5_p" || return 1
	done
	krb5__kadmin "$1" "ktadd -k $KRB5_LAB_KEYTAB_DNS -norandkey \
DNS/$KRB5_LAB_PRIMARY" || return 1
	krb5__kadmin "$1" "ktadd -k $KRB5_LAB_KEYTAB_ACME -norandkey acme" ||
	    return 1
	krb5__kadmin "$1" "ktadd -k $KRB5_LAB_KEYTAB_OTHER -norandkey other" ||
	    return 1
	chmod 600 "$KRB5_LAB_KEYTAB_DNS" "$KRB5_LAB_KEYTAB_ACME" \
	    "$KRB5_LAB_KEYTAB_OTHER"
}

# krb5__zone DIR: krb.example.net on ns1 (SOA refresh 3600).
krb5__zone() {
	srv_zone "$1/ns1/$KRB5_LAB_ZONE.db" "$KRB5_LAB_ZONE." \
	    "$KRB5_LAB_PRIMARY." 3600 "ns1.$KRB5_LAB_ZONE." \
	    "ns2.$KRB5_LAB_ZONE."
	printf 'ns1 A %s\nns2 A %s\n' "$KRB5_LAB_NS1" "$KRB5_LAB_NS2" \
	    >>"$1/ns1/$KRB5_LAB_ZONE.db"
}

krb5_lab_kinit() {
	_k5_d=${1:?krb5_lab_kinit DIR PRINCIPAL}
	_k5_p=${2:?krb5_lab_kinit DIR PRINCIPAL}
	shift 2
	mkdir -p "$_k5_d/ccache" || return 1
	KRB5CCNAME=FILE:$_k5_d/ccache/${_k5_p%%@*}
	export KRB5CCNAME
	kinit -k -t "$_k5_d/keytab/${_k5_p%%@*}.keytab" "$@" "$_k5_p"
}

krb5_lab_nsupdate() {
	{
		echo "server $KRB5_LAB_NS1 53"
		echo "zone $KRB5_LAB_ZONE"
		cat
		echo send
	} | nsupdate -g -t 5
}

krb5_lab_start() {
	_k5_d=${1:?krb5_lab_start DIR}
	for _k5_c in krb5kdc kdb5_util kadmin.local kinit klist named \
	    nsupdate; do
		command -v "$_k5_c" >/dev/null 2>&1 && continue
		krb5__say "$_k5_c not found (install krb5-kdc," \
		    "krb5-admin-server, krb5-user, bind9, bind9-dnsutils)"
		return 1
	done
	srv_addrs "$KRB5_LAB_KDC" "$KRB5_LAB_NS1" "$KRB5_LAB_NS2" || return 1
	mkdir -p "$_k5_d" || return 1
	_k5_d=$(cd "$_k5_d" && pwd) || return 1
	if [ -f "$_k5_d/kdc/server.pid" ]; then
		krb5__say "$_k5_d: already running? (krb5_lab_stop first)"
		return 1
	fi
	_k5_t0=$(lab_now_ms)
	mkdir -p "$_k5_d/db" "$_k5_d/keytab" "$_k5_d/ccache" \
	    "$_k5_d/rcache" "$_k5_d/ns1" "$_k5_d/ns2" || return 1
	chmod 700 "$_k5_d/db" "$_k5_d/keytab" "$_k5_d/ccache" || return 1
	KRB5_CONFIG=$_k5_d/krb5.conf
	KRB5_KDC_PROFILE=$_k5_d/kdc.conf
	KRB5RCACHEDIR=$_k5_d/rcache
	export KRB5_CONFIG KRB5_KDC_PROFILE KRB5RCACHEDIR
	KRB5_LAB_KEYTAB_DNS=$_k5_d/keytab/dns.keytab
	KRB5_LAB_KEYTAB_ACME=$_k5_d/keytab/acme.keytab
	KRB5_LAB_KEYTAB_OTHER=$_k5_d/keytab/other.keytab
	krb5__conf "$_k5_d"
	(umask 077 && krb5__principals "$_k5_d") || return 1

	# -n: stay in the foreground; -P: a pid file it would write in /run.
	srv_start "$_k5_d" kdc krb5kdc krb5kdc -n -r "$KRB5_LAB_REALM" \
	    -P "$_k5_d/kdc/krb5kdc.pid" || return 1

	krb5__zone "$_k5_d"
	lab_named_extra "$_k5_d" ns1 "$KRB5_LAB_NS1" "recursion no;
	allow-transfer { 127.0.0.0/8; };
	notify explicit;
	also-notify { $KRB5_LAB_NS2; };
	notify-delay 0;
	tkey-gssapi-keytab \"$KRB5_LAB_KEYTAB_DNS\";" <<EOF || return 1
zone "$KRB5_LAB_ZONE" {
	type primary;
	file "$KRB5_LAB_ZONE.db";
	update-policy {
		grant acme@$KRB5_LAB_REALM name _acme-challenge.$KRB5_LAB_ZONE. TXT;
	};
};
EOF
	srv_wait_soa "$_k5_d" "${KRB5_LAB_START_TIMEOUT:-20}" \
	    "$KRB5_LAB_NS1" "$KRB5_LAB_ZONE" || { krb5_lab_stop "$_k5_d";
	    return 1; }
	lab_named_extra "$_k5_d" ns2 "$KRB5_LAB_NS2" "recursion no;
	notify no;
	allow-transfer { 127.0.0.0/8; };" <<EOF || return 1
zone "$KRB5_LAB_ZONE" { type secondary; primaries { $KRB5_LAB_NS1; }; };
EOF
	srv_wait_soa "$_k5_d" "${KRB5_LAB_START_TIMEOUT:-20}" \
	    "$KRB5_LAB_NS2" "$KRB5_LAB_ZONE" || { krb5_lab_stop "$_k5_d";
	    return 1; }

	# The KDC answers once a ticket comes back (its own ccache, so that
	# no test's KRB5CCNAME is touched).
	_k5_end=$(($(lab_now_ms) + ${KRB5_LAB_START_TIMEOUT:-20} * 1000))
	until KRB5CCNAME=FILE:$_k5_d/ccache/start kinit -k \
	    -t "$KRB5_LAB_KEYTAB_ACME" "acme@$KRB5_LAB_REALM" \
	    >"$_k5_d/kinit.log" 2>&1; do
		if [ "$(lab_now_ms)" -ge "$_k5_end" ] ||
		    ! lab__alive "$(cat "$_k5_d/kdc/server.pid")"; then
			krb5__say "the KDC issued no ticket:"
			cat "$_k5_d/kinit.log" >&2
			krb5_lab_logs "$_k5_d" >&2
			krb5_lab_stop "$_k5_d"
			return 1
		fi
		sleep 0.05
	done
	rm -f "$_k5_d/ccache/start"
	KRB5_LAB_START_MS=$(($(lab_now_ms) - _k5_t0))
	krb5__say "ready in $KRB5_LAB_START_MS ms at $_k5_d"
}

krb5_lab_stop() {
	lab_stop "${1:?krb5_lab_stop DIR}"
	srv_stop "$1"
}

krb5_lab_logs() {
	for _k5_f in "$1/kdc.log" "$1/ns1/named.log" "$1/ns2/named.log"; do
		[ -f "$_k5_f" ] || continue
		echo "==== $_k5_f"
		tail -n "${LAB_LOG_LINES:-15}" "$_k5_f"
	done
}
