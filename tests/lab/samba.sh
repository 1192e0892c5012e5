# SPDX-License-Identifier: ISC
# A Samba Active Directory domain controller beside the lab, for GSS-TSIG
# (RFC 3645): its internal DNS server accepts only Kerberos-signed
# updates.  POSIX sh; source it after tests/lab/lab.sh and
# tests/lab/servers.sh.
#
# The DC runs in a network namespace of its own, made here inside the one
# of tests/run.sh, joined to it by a veth pair on a private link:
#	10.53.0.1/24	sdc0, in tests/run.sh's namespace (the hooks, dig,
#			kinit, nsupdate, Pebble run here)
#	10.53.0.2/24	sdc1, in the DC's namespace: samba's DNS (53 UDP and
#			TCP), KDC (88), LDAP, RPC; its only other interface
#			is its own lo
# The DC's namespace is held by a "sleep" (DIR/netns/server.pid) and
# samba is started in it with nsenter; nothing in it routes anywhere
# but the link.
#
# Domain: realm SAMBA.LAB, NetBIOS domain SAMBA, DC dc1.samba.lab (its
# DNS service principal DNS/dc1.samba.lab@SAMBA.LAB), AD zone samba.lab.
# Accounts: acme (may update _acme-challenge.samba.lab and
# _acme-challenge.www.samba.lab: an ACE on each of those names) and other
# (an ordinary domain user, granted nothing), each with a keytab.
#
# Functions (every loop is bounded in time):
#	samba_lab_start DIR	provision the domain under DIR/dc (Samba's
#				every path is under DIR), add the accounts and
#				their keytabs, start samba in its namespace,
#				wait (SAMBA_LAB_START_TIMEOUT, 60 s) until its
#				DNS serves the zone and its KDC gives acme a
#				ticket, then restrict the _acme-challenge
#				names to acme; status 2 where we are not
#				real root (a user namespace: provision
#				cannot work there)
#	samba_lab_stop DIR	stop samba, the namespace's holder and the
#				named of samba_lab_resolver
#	samba_lab_ns DIR CMD...	run CMD in the DC's namespace
#	samba_lab_tool DIR SUBCOMMAND...
#				samba-tool on the DC's configuration (local
#				database; what needs the running DC is sent
#				to it over RPC as Administrator)
#	samba_lab_kinit DIR USER CCACHE
#				kinit -k with USER's keytab into CCACHE
#	samba_lab_nsupdate DIR USER
#				nsupdate -g as USER (commands on stdin; server
#				line and send added); output as nsupdate's
#	samba_lab_grant DIR NAME USER
#				create NAME (relative to the zone) as
#				Administrator and give USER the right to
#				change it (samba-tool dsacl set)
#	samba_lab_dn NAME	the dnsNode DN of NAME in the zone
#	samba_lab_ini DIR FILE USER [RESOLVER]
#				the hooks' config for USER: the DC as
#				primary and (unless RESOLVER) as resolver,
#				ttl = 2 (as the e2e tests: acme-auth holds
#				back a new value for ttl + 1 s after a
#				removal)
#	samba_lab_resolver DIR	a BIND resolver on this end of the link
#				(SAMBA_LAB_RESOLVER, 10.53.0.1) whose root
#				(10.53.0.3) delegates samba.lab to the DC:
#				the DC answers nothing but its zones
#
# Variables: SAMBA_LAB_REALM, SAMBA_LAB_ZONE, SAMBA_LAB_ADDR (the DC),
# SAMBA_LAB_PEER (this end of the link), SAMBA_LAB_HOST (the DC's FQDN),
# SAMBA_LAB_SPN, SAMBA_LAB_RESOLVER and SAMBA_LAB_ROOT (samba_lab_resolver);
# set by samba_lab_start: SAMBA_LAB_KRB5 (DIR/krb5.conf: give it as
# KRB5_CONFIG), SAMBA_LAB_KEYTAB_ACME and SAMBA_LAB_KEYTAB_OTHER
# (DIR/USER.keytab, mode 600), SAMBA_LAB_PROVISION_MS, SAMBA_LAB_START_MS
# (samba's start until its DNS and KDC answer).
# Other files: DIR/adminpass, DIR/Administrator.keytab, DIR/USER.ccache
# (left by samba_lab_nsupdate), DIR/dc (the DC's own), DIR/samba/server.log
# (samba's output), DIR/root and DIR/resolver (samba_lab_resolver).
#
# Needs: samba, samba-ad-dc, samba-dsdb-modules, samba-vfs-modules
# (samba, samba-tool, Samba's python3 for tests/lab/gss_probe.py),
# krb5-user (kinit, klist), bind9-dnsutils (dig, nsupdate), bind9 (named,
# for samba_lab_resolver), iproute2, util-linux (unshare, nsenter, setsid).

SAMBA_LAB_REALM=SAMBA.LAB
SAMBA_LAB_DOMAIN=SAMBA
SAMBA_LAB_ZONE=samba.lab
SAMBA_LAB_NAME=dc1
SAMBA_LAB_HOST=$SAMBA_LAB_NAME.$SAMBA_LAB_ZONE
SAMBA_LAB_SPN=DNS/$SAMBA_LAB_HOST@$SAMBA_LAB_REALM
SAMBA_LAB_ADDR=10.53.0.2
SAMBA_LAB_PEER=10.53.0.1
SAMBA_LAB_RESOLVER=$SAMBA_LAB_PEER
SAMBA_LAB_ROOT=10.53.0.3
SAMBA_LAB_USERS="acme other"
# The names acme may change (relative to the zone).
SAMBA_LAB_GRANTED="_acme-challenge _acme-challenge.www"

samba__say() {
	echo "samba: $*" >&2
}

# samba__conf DIR: the DC's smb.conf.
samba__conf() {
	echo "$1/dc/etc/smb.conf"
}

samba_lab_dn() {
	_sb_b=DC=${SAMBA_LAB_ZONE%%.*}
	_sb_r=${SAMBA_LAB_ZONE#*.}
	while :; do
		_sb_b="$_sb_b,DC=${_sb_r%%.*}"
		case $_sb_r in *.*) _sb_r=${_sb_r#*.} ;; *) break ;; esac
	done
	echo "DC=$1,DC=$SAMBA_LAB_ZONE,CN=MicrosoftDNS,DC=DomainDnsZones,$_sb_b"
}

samba_lab_ns() {
	_sb_h=$(cat "$1/netns/server.pid" 2>/dev/null) || return 1
	shift
	nsenter --net="/proc/$_sb_h/ns/net" "$@"
}

samba_lab_tool() {
	_sb_c=$(samba__conf "$1")
	shift
	_sb_s=$1
	shift
	samba-tool "$_sb_s" "$@" -s "$_sb_c"
}

# samba__admin DIR SUBCOMMAND...: samba-tool against the running DC, as
# Administrator (NTLM over RPC, no ticket needed).
samba__admin() {
	_sb_d=$1
	shift
	samba_lab_tool "$_sb_d" "$@" \
	    -U "Administrator%$(cat "$_sb_d/adminpass")"
}

# samba__provision DIR: a new domain under DIR/dc.  Every path Samba
# would take from its build defaults (/var/lib/samba, /run/samba,
# /var/log/samba) is moved under DIR/dc; only the services GSS-TSIG needs
# run: DNS, KDC, LDAP and RPC (samba-tool dns), CLDAP (lookups of the
# DC).  No DNS forwarder: the DC answers for its own zones only.
samba__provision() {
	_sb_dc=$1/dc
	rm -rf "$_sb_dc"
	mkdir -p "$_sb_dc/log" "$_sb_dc/run" || return 1
	# Complex enough for the default password policy.
	_sb_pw="Lab-$(head -c 18 /dev/urandom | base64 | tr -d '+/=')-9a"
	(umask 077 && printf '%s\n' "$_sb_pw" >"$1/adminpass") || return 1
	samba-tool domain provision --targetdir="$_sb_dc" \
	    --realm="$SAMBA_LAB_REALM" --domain="$SAMBA_LAB_DOMAIN" \
	    --host-name="$SAMBA_LAB_NAME" --host-ip="$SAMBA_LAB_ADDR" \
	    --server-role=dc --dns-backend=SAMBA_INTERNAL \
	    --adminpass="$_sb_pw" \
	    --option="interfaces = $SAMBA_LAB_ADDR" \
	    --option="bind interfaces only = yes" \
	    --option="server services = -s3fs -winbindd -nbt -smb -wrepl -drepl -ntp_signd -kcc -dnsupdate" \
	    --option="dns forwarder =" \
	    --option="log file = $_sb_dc/log/log.%m" \
	    --option="pid directory = $_sb_dc/run" \
	    --option="ncalrpc dir = $_sb_dc/run/ncalrpc" \
	    --option="ntp signd socket directory = $_sb_dc/run/ntp_signd" \
	    --option="winbindd socket directory = $_sb_dc/run/winbindd" \
	    --option="usershare path = $_sb_dc/usershares" \
	    --option="panic action =" \
	    >"$_sb_dc/provision.log" 2>&1 || {
		samba__say "provision failed ($_sb_dc/provision.log):"
		tail -n 15 "$_sb_dc/provision.log" >&2
		return 1
	}
}

# samba__accounts DIR: the users and their keytabs (local database, before
# samba starts).
samba__accounts() {
	for _sb_u in $SAMBA_LAB_USERS Administrator; do
		[ "$_sb_u" = Administrator ] ||
		samba_lab_tool "$1" user add "$_sb_u" --random-password \
		    >>"$1/dc/accounts.log" 2>&1 || {
			samba__say "cannot add user $_sb_u:"
			tail -n 5 "$1/dc/accounts.log" >&2
			return 1
		}
		rm -f "$1/$_sb_u.keytab"
		(umask 077 && samba_lab_tool "$1" domain exportkeytab \
		    "$1/$_sb_u.keytab" \
		    --principal="$_sb_u@$SAMBA_LAB_REALM") \
		    >>"$1/dc/accounts.log" 2>&1 || {
			samba__say "cannot export the keytab of $_sb_u:"
			tail -n 5 "$1/dc/accounts.log" >&2
			return 1
		}
		chmod 600 "$1/$_sb_u.keytab" || return 1
	done
}

# samba__krb5 DIR: a krb5.conf for the clients.  The realm block spans
# several lines (MIT's parser ignores a one-line realm); no DNS lookups of
# realm or KDC, no reverse lookup or canonicalisation of the DC's name:
# the service principal is built from the name as given.
samba__krb5() {
	cat >"$1/krb5.conf" <<EOF
[libdefaults]
	default_realm = $SAMBA_LAB_REALM
	dns_lookup_realm = false
	dns_lookup_kdc = false
	rdns = false
	dns_canonicalize_hostname = false

[realms]
	$SAMBA_LAB_REALM = {
		kdc = $SAMBA_LAB_ADDR
		admin_server = $SAMBA_LAB_ADDR
	}

[domain_realm]
	.$SAMBA_LAB_ZONE = $SAMBA_LAB_REALM
	$SAMBA_LAB_ZONE = $SAMBA_LAB_REALM
EOF
}

# samba__link DIR: the DC's namespace and the veth pair.
samba__link() {
	# A veth left from an earlier start in this namespace goes first.
	ip link del sdc0 2>/dev/null
	srv_start "$1" netns sleep unshare -n sleep \
	    "${SAMBA_LAB_MAX_RUNTIME:-900}" || return 1
	_sb_end=$(($(lab_now_ms) + 5000))
	_sb_h=$(cat "$1/netns/server.pid")
	# Until unshare has made the namespace and exec'd sleep.
	until [ "$(cat "/proc/$_sb_h/comm" 2>/dev/null)" = sleep ]; do
		if [ "$(lab_now_ms)" -ge "$_sb_end" ]; then
			samba__say "no namespace for the DC after 5 s"
			return 1
		fi
		sleep 0.01
	done
	ip link add sdc0 type veth peer name sdc1 netns "$_sb_h" &&
	    ip addr add "$SAMBA_LAB_PEER/24" dev sdc0 &&
	    ip link set sdc0 up &&
	    samba_lab_ns "$1" ip link set lo up &&
	    samba_lab_ns "$1" ip addr add "$SAMBA_LAB_ADDR/24" dev sdc1 &&
	    samba_lab_ns "$1" ip link set sdc1 up
}

# samba__ready DIR: the DC serves its zone with AA and gives acme a
# ticket.
samba__ready() {
	lab__soa_ok "$SAMBA_LAB_ADDR" "$SAMBA_LAB_ZONE" || return 1
	samba_lab_kinit "$1" acme "$1/ready.ccache" >/dev/null 2>&1
}

samba_lab_kinit() {
	KRB5_CONFIG=$1/krb5.conf KRB5CCNAME=FILE:$3 \
	    kinit -k -t "$1/$2.keytab" "$2@$SAMBA_LAB_REALM"
}

samba_lab_nsupdate() {
	_sb_d=$1
	_sb_u=$2
	_sb_cc=$_sb_d/$_sb_u.ccache
	samba_lab_kinit "$_sb_d" "$_sb_u" "$_sb_cc" || return 1
	{
		echo "server $SAMBA_LAB_ADDR 53"
		echo "zone $SAMBA_LAB_ZONE"
		cat
		echo send
	} | KRB5_CONFIG=$_sb_d/krb5.conf KRB5CCNAME=FILE:$_sb_cc \
	    nsupdate -g -t 10
}

samba_lab_grant() {
	_sb_d=$1
	_sb_n=$2
	_sb_u=$3
	_sb_sid=$(samba_lab_tool "$_sb_d" user show "$_sb_u" \
	    --attributes=objectSid 2>/dev/null |
	    sed -n 's/^objectSid: //p')
	if [ -z "$_sb_sid" ]; then
		samba__say "no SID for $_sb_u"
		return 1
	fi
	# Administrator makes the name (a dnsNode owned by Administrator)
	# with a placeholder record, gives USER full control of it, and
	# deletes the placeholder by a signed update: the node stays,
	# tombstoned, with its ACL.  Deleted through samba-tool dns (RPC),
	# Samba 4.17 removes the node, ACL and all, and whoever adds a
	# record there next makes it anew and owns it.
	samba__admin "$_sb_d" dns add "$SAMBA_LAB_ADDR" "$SAMBA_LAB_ZONE" \
	    "$_sb_n" TXT lab-placeholder >>"$_sb_d/dc/grant.log" 2>&1 &&
	samba_lab_tool "$_sb_d" dsacl set \
	    -H "$_sb_d/dc/private/sam.ldb" \
	    --objectdn="$(samba_lab_dn "$_sb_n")" \
	    --sddl="(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;$_sb_sid)" \
	    >>"$_sb_d/dc/grant.log" 2>&1 || {
		samba__say "cannot grant $_sb_n to $_sb_u:"
		tail -n 5 "$_sb_d/dc/grant.log" >&2
		return 1
	}
	# nsupdate's status says nothing here (Samba 4.17's answers fail
	# its TSIG check): the DC's answer to a query does.
	samba_lab_nsupdate "$_sb_d" Administrator >>"$_sb_d/dc/grant.log" \
	    2>&1 <<EOF
update delete $_sb_n.$SAMBA_LAB_ZONE TXT "lab-placeholder"
EOF
	srv_no_txt "$_sb_n.$SAMBA_LAB_ZONE" 5 "$SAMBA_LAB_ADDR"
}

samba_lab_start() {
	_sb_d=${1:?samba_lab_start DIR}
	lab_netns_ok || return 1
	for _sb_c in samba samba-tool kinit nsupdate nsenter unshare; do
		command -v "$_sb_c" >/dev/null 2>&1 && continue
		samba__say "$_sb_c not found (install samba" \
		    "samba-dsdb-modules samba-vfs-modules krb5-user" \
		    "bind9-dnsutils util-linux)"
		return 1
	done
	# In a user namespace that maps only our own uid (unshare -rn as a
	# user), Samba 4.17's provision panics ("Security context active
	# token stack underflow!") setting the sysvol ACLs: it switches to
	# other uids and groups, which no such namespace has.  Status 2 says
	# so apart from a failure.
	if ! awk '$1 == 0 && $2 == 0 { ok = 1 } END { exit !ok }' \
	    /proc/self/uid_map 2>/dev/null; then
		samba__say "the DC needs real root: samba-tool domain" \
		    "provision cannot set its ACLs in a user namespace"
		return 2
	fi
	mkdir -p "$_sb_d" || return 1
	_sb_t0=$(lab_now_ms)
	samba__provision "$_sb_d" || return 1
	SAMBA_LAB_PROVISION_MS=$(($(lab_now_ms) - _sb_t0))
	samba__accounts "$_sb_d" || return 1
	samba__krb5 "$_sb_d" || return 1
	samba__link "$_sb_d" || return 1
	_sb_t1=$(lab_now_ms)
	# -i: foreground, log on stdout; --maximum-runtime: it ends by
	# itself should every stop fail.
	srv_start "$_sb_d" samba samba \
	    nsenter --net="/proc/$(cat "$_sb_d/netns/server.pid")/ns/net" \
	    samba -i -s "$(samba__conf "$_sb_d")" \
	    --option="log level = ${SAMBA_LAB_LOG_LEVEL:-1}" \
	    --maximum-runtime="${SAMBA_LAB_MAX_RUNTIME:-900}" || return 1
	_sb_end=$((_sb_t1 + ${SAMBA_LAB_START_TIMEOUT:-60} * 1000))
	until samba__ready "$_sb_d"; do
		if [ "$(lab_now_ms)" -ge "$_sb_end" ] ||
		    ! srv__running "$_sb_d"; then
			samba__say "the DC does not answer (DNS, KDC) after" \
			    "${SAMBA_LAB_START_TIMEOUT:-60} s"
			srv_logs "$_sb_d" >&2
			return 1
		fi
		sleep 0.1
	done
	SAMBA_LAB_START_MS=$(($(lab_now_ms) - _sb_t1))
	for _sb_n in $SAMBA_LAB_GRANTED; do
		samba_lab_grant "$_sb_d" "$_sb_n" acme || return 1
	done
	SAMBA_LAB_KRB5=$_sb_d/krb5.conf
	SAMBA_LAB_KEYTAB_ACME=$_sb_d/acme.keytab
	SAMBA_LAB_KEYTAB_OTHER=$_sb_d/other.keytab
	samba__say "provisioned in $SAMBA_LAB_PROVISION_MS ms, answering" \
	    "$SAMBA_LAB_START_MS ms after start, at $_sb_d"
}

# samba__members PGID: the live processes of group PGID whose command
# line is samba's (its task processes rename themselves, "rpc[master]",
# "kdc(0)"..., and show "samba: ..." as their command line; the group,
# which samba leads, tells them apart from another samba's).
samba__members() {
	for _sb_st in /proc/[0-9]*/stat; do
		_sb_l=$(cat "$_sb_st" 2>/dev/null) || continue
		set -- "$1" ${_sb_l##*\) }
		if [ "$4" = "$1" ] && [ "$2" != Z ]; then
			_sb_p=${_sb_l%% *}
			case $(tr '\0' ' ' <"/proc/$_sb_p/cmdline" 2>/dev/null) in
			samba*) echo "$_sb_p" ;;
			esac
		fi
		set -- "$1"
	done
}

samba_lab_stop() {
	_sb_d=${1:?samba_lab_stop DIR}
	_sb_g=$(cat "$_sb_d/samba/server.pid" 2>/dev/null) || _sb_g=
	case $_sb_g in ''|*[!0-9]*) _sb_g= ;; esac
	# TERM to every process of samba's group at once (left alone, the
	# children follow their parent only within about 3 s, and a test
	# killed by tests/run.sh's timeout has 5 s for its exit trap), then
	# to samba, the holder and the lab's named (srv_stop).
	# shellcheck disable=SC2046  # one word per pid
	[ -z "$_sb_g" ] || kill -TERM $(samba__members "$_sb_g") 2>/dev/null
	srv_stop "$_sb_d"
	[ -n "$_sb_g" ] || return 0
	_sb_t0=$(lab_now_ms)
	_sb_end=$((_sb_t0 + ${LAB_STOP_TIMEOUT:-5} * 1000))
	while _sb_left=$(samba__members "$_sb_g") && [ -n "$_sb_left" ]; do
		if [ "$(lab_now_ms)" -ge "$_sb_end" ]; then
			samba__say "killing samba's" $_sb_left
			# shellcheck disable=SC2086  # one word per pid
			kill -KILL $_sb_left 2>/dev/null
			break
		fi
		sleep 0.05
	done
	samba__say "stopped in $(($(lab_now_ms) - _sb_t0)) ms"
	return 0
}

samba_lab_ini() {
	_sb_d=$1
	(
		umask 077
		cat >"$2" <<EOF
[options]
resolver = ${4:-$SAMBA_LAB_ADDR}
timeout = 30
ttl = 2

[key "$3"]
algorithm = gss-tsig
principal = $3@$SAMBA_LAB_REALM
keytab = $_sb_d/$3.keytab

[zone "$SAMBA_LAB_ZONE"]
key = $3
server = $SAMBA_LAB_ADDR
server_name = $SAMBA_LAB_HOST
EOF
	)
}

samba_lab_resolver() {
	_sb_d=${1:?samba_lab_resolver DIR}
	ip -4 addr show dev sdc0 | grep -q "inet $SAMBA_LAB_ROOT/" ||
	    ip addr add "$SAMBA_LAB_ROOT/24" dev sdc0 || return 1
	mkdir -p "$_sb_d/root" "$_sb_d/resolver" || return 1
	cat >"$_sb_d/root/root.db" <<EOF
\$TTL 60
.			SOA	a.root-servers.lab. hostmaster.lab. 1 2 1 3600 1
.			NS	a.root-servers.lab.
a.root-servers.lab.	A	$SAMBA_LAB_ROOT
$SAMBA_LAB_ZONE.		NS	$SAMBA_LAB_HOST.
$SAMBA_LAB_HOST.	A	$SAMBA_LAB_ADDR
EOF
	lab_root_conf "$_sb_d/root" "$SAMBA_LAB_ROOT" >"$_sb_d/root/named.conf"
	# Its own address on the link as query source: a 127.0.0.0/8
	# source never leaves lo.
	lab_resolver_conf "$_sb_d/resolver" "$SAMBA_LAB_RESOLVER" \
	    "$SAMBA_LAB_ROOT" no >"$_sb_d/resolver/named.conf"
	srv_named "$_sb_d" root && srv_named "$_sb_d" resolver || return 1
	srv_wait_soa "$_sb_d" "${SAMBA_LAB_START_TIMEOUT:-60}" \
	    "$SAMBA_LAB_ROOT" . &&
	srv_wait "$_sb_d" "${SAMBA_LAB_START_TIMEOUT:-60}" samba__resolves \
	    "$SAMBA_LAB_RESOLVER" "$SAMBA_LAB_ZONE"
}

# samba__resolves RESOLVER ZONE: RESOLVER answers ZONE's SOA.
samba__resolves() {
	[ -n "$(lab__short +time=1 +tries=1 @"$1" "$2" SOA)" ]
}
