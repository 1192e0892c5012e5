#!/bin/sh
# SPDX-License-Identifier: ISC
# End to end: uacme (-h HOOK, a two-line script that runs acme-auth "$@";
# uacme calls it as HOOK begin|done|failed TYPE IDENT TOKEN AUTH) gets
# example.net and *.example.net from Pebble (tests/lab/pebble.sh), with
# ns3 lagging.  For the apex Pebble also offers http-01 and tls-alpn-01:
# the hook declines those with status 1 so that uacme goes on to dns-01.
#
# uacme has no option for the CA of its ACME server, and libcurl, unlike
# the curl program, reads no CURL_CA_BUNDLE: uacme runs in a private mount
# namespace (unshare -m, inside the user namespace of tests/run.sh) where a
# directory holding only Pebble's CA is bind-mounted on /etc/ssl/certs.
# Nothing outside that namespace sees it.
#
# Checks uacme's exit status, the certificate's names, and that no TXT
# record is left on any server.

set -u
. "$ACME_SRC/tests/e2e/e2e.sh"
need uacme uacme || exit 1
need openssl openssl || exit 1
need unshare util-linux || exit 1
need mount mount || exit 1
# uacme's libcurl-gnutls has no CA option: Pebble's CA is bind-mounted on
# the trust store in a private mount namespace.  In a chroot whose root is
# not a mount point no such namespace can be made ("cannot change root
# filesystem propagation"); say so and stop rather than touch the host.
if ! unshare -m true 2>/dev/null; then
	echo "ok - # SKIP no private mount namespace here (chroot whose /" \
	    "is not a mount point); bind-mount the chroot onto itself"
	exit 0
fi
e2e_start

hook=$T/hook.sh
printf '#!/bin/sh\nexec %s %s -c %s "$@"\n' "${ACME_WRAP:-}" \
    "$ACME_BUILD/acme-auth" "$E2E_INI" >"$hook"
chmod 755 "$hook"

# Pebble's CA as the whole system trust store: GnuTLS's default file
# (ca-certificates.crt) and libcurl's CA path (hashed names).
trust=$T/trust
mkdir -p "$trust" || exit 1
cp "$PEBBLE_CA" "$trust/ca-certificates.crt" || exit 1
ln -s ca-certificates.crt \
    "$trust/$(openssl x509 -in "$PEBBLE_CA" -noout -hash).0" || exit 1

conf=$T/uacme
mkdir -p "$conf" || exit 1

# in_trust COMMAND...: run COMMAND with $trust on /etc/ssl/certs.
in_trust() {
	# shellcheck disable=SC2016  # expanded by the inner sh
	unshare -m sh -c 'mount --bind "$0" /etc/ssl/certs && exec "$@"' \
	    "$trust" "$@"
}

check "the hook declines http-01 with status 1" \
    sh -c "'$hook' begin http-01 example.net tok auth; [ \$? -eq 1 ]"

in_trust uacme -v -y -a "$PEBBLE_URL" -c "$conf" new \
    >"$T/uacme.out" 2>&1
rc=$?
check "uacme new: exits 0 (got $rc)" [ "$rc" -eq 0 ]
e2e_sync_lag
t0=$(lab_now_ms)
in_trust uacme -v -a "$PEBBLE_URL" -c "$conf" -h "$hook" \
    issue example.net '*.example.net' >>"$T/uacme.out" 2>&1
rc=$?
t1=$(lab_now_ms)
sed 's/^/#   /' "$T/uacme.out"
echo "# uacme took $((t1 - t0)) ms"
e2e_hook_times "$T/uacme.out"
check "uacme issue: exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "uacme issue: both hook calls waited for every server" \
    [ "$(e2e_hook_times "$T/uacme.out" | wc -l)" -eq 2 ]
e2e_check_cert "$conf/example.net/cert.pem"
e2e_check_clean
finish
