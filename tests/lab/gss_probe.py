#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""One GSS-TSIG (RFC 3645) exchange with a DNS server, written for the
Samba lab (tests/lab/samba.sh) to show what the server does on the wire,
independently of the hooks.  It uses Samba's own Python bindings (gensec)
for the GSS-API side, so it needs samba's python3 (/usr/bin/python3).

usage: gss_probe.py [OPTION...] SERVER HOST ZONE NAME VALUE

Takes the ticket cache in KRB5CCNAME (kinit first; KRB5_CONFIG as the
lab's), negotiates a context with DNS/HOST by TKEY (over TCP, or UDP with
--udp), sends one signed UPDATE adding "NAME TXT VALUE" to ZONE, and
prints one line per fact.  Options, each a variation a client might make:
	--udp		TKEY over UDP
	--key NAME	the TKEY's key name (default NNNN.sig-HOST)
	--alg NAME	the algorithm name in TKEY and TSIG (gss-tsig)
	--in-answer	the TKEY record in the query's answer section, not
			its additional section
	--skew N	the UPDATE's time signed N seconds off
	--other-key	the UPDATE's TSIG names a key the server never saw
	--krb5		the Kerberos mechanism itself, not SPNEGO around it

	tkey: RCODE, token N octets, over tcp|udp, context complete|open
	tkey-mac: rfc|bad|none          the TSIG of the TKEY answer
	update: RCODE
	update-tsig: error N, MAC N octets
	update-mac: rfc|no-length|echo|bad|empty|none
		rfc: the answer's MAC is over the request MAC with its
		2-octet length in front (RFC 8945 4.3.3); no-length: over
		the request MAC without it; echo: the answer carries the
		request's own MAC, unchanged
Exit status 0 once an answer to the UPDATE came, 1 otherwise.
"""

import os
import random
import socket
import struct
import sys
import time

from samba import credentials, gensec
from samba.param import LoadParm

RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN",
          4: "NOTIMP", 5: "REFUSED", 9: "NOTAUTH"}
T_SOA, T_TXT, T_TKEY, T_TSIG = 6, 16, 249, 250
C_IN, C_ANY = 1, 255
FUDGE = 300


def wire_name(name):
    """An uncompressed, lower-case domain name (the form TSIG digests)."""
    out = b""
    for label in name.rstrip(".").lower().split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def skip_name(msg, off):
    """The offset just past the (possibly compressed) name at off."""
    while True:
        n = msg[off]
        if n == 0:
            return off + 1
        if n & 0xC0 == 0xC0:
            return off + 2
        off += 1 + n


def read_name(msg, off):
    labels = []
    for _ in range(128):
        n = msg[off]
        if n == 0:
            break
        if n & 0xC0 == 0xC0:
            off = struct.unpack("!H", msg[off:off + 2])[0] & 0x3FFF
            continue
        labels.append(msg[off + 1:off + 1 + n].decode())
        off += 1 + n
    return ".".join(labels) + "."


def records(msg):
    """(counts, [(name, type, class, ttl, rdata, start, rdata_off)])."""
    qd, an, ns, ar = struct.unpack("!4H", msg[4:12])
    off = 12
    for _ in range(qd):
        off = skip_name(msg, off) + 4
    out = []
    for _ in range(an + ns + ar):
        start = off
        name = read_name(msg, off)
        off = skip_name(msg, off)
        rtype, rclass, ttl, rdlen = struct.unpack("!HHIH", msg[off:off + 10])
        off += 10
        out.append((name, rtype, rclass, ttl, msg[off:off + rdlen], start,
                    off))
        off += rdlen
    return (qd, an, ns, ar), out


def exchange(server, msg, udp):
    if udp:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(5)
        s.sendto(msg, (server, 53))
        return s.recv(65535)
    s = socket.create_connection((server, 53), timeout=5)
    s.sendall(struct.pack("!H", len(msg)) + msg)
    buf = b""
    while len(buf) < 2 or len(buf) < 2 + struct.unpack("!H", buf[:2])[0]:
        chunk = s.recv(65535)
        if not chunk:
            raise OSError("connection closed")
        buf += chunk
    s.close()
    return buf[2:2 + struct.unpack("!H", buf[:2])[0]]


ALG = "gss-tsig"


def tsig_vars(key, now, error=0, other=b""):
    return (wire_name(key) + struct.pack("!HI", C_ANY, 0) +
            wire_name(ALG) + struct.pack("!HIHHH", now >> 32,
                                                now & 0xFFFFFFFF, FUDGE,
                                                error, len(other)) + other)


def unsigned_part(msg, tsig_start):
    """The message as it was before its TSIG was added."""
    qd, an, ns, ar = struct.unpack("!4H", msg[4:12])
    return msg[:10] + struct.pack("!H", ar - 1) + msg[12:tsig_start]


def check_mac(g, msg, key, request_mac):
    """rfc, no-length, bad or none for the TSIG of answer msg."""
    _, rrs = records(msg)
    if not rrs or rrs[-1][1] != T_TSIG:
        return "none"
    rd = rrs[-1][4]
    off = skip_name(rd, 0)
    hi, lo, fudge, maclen = struct.unpack("!HIHH", rd[off:off + 10])
    mac = rd[off + 10:off + 10 + maclen]
    if not mac:
        return "empty"
    _orig, error, olen = struct.unpack(
        "!HHH", rd[off + 10 + maclen:off + 16 + maclen])
    other = rd[off + 16 + maclen:off + 16 + maclen + olen]
    body = unsigned_part(msg, rrs[-1][5])
    tail = tsig_vars(key, (hi << 32) | lo, error, other)
    layouts = [("rfc", (struct.pack("!H", len(request_mac)) + request_mac
                        if request_mac else b""))]
    if request_mac:
        layouts.append(("no-length", request_mac))
    if request_mac and mac == request_mac:
        return "echo"
    if os.environ.get("GSS_PROBE_DEBUG"):
        try:
            g.check_packet(b"garbage", b"garbage", mac)
            print("check-garbage: ACCEPTED")
        except Exception:
            print("check-garbage: refused")
    for label, prefix in layouts:
        data = prefix + body + tail
        try:
            g.check_packet(data, data, mac)
            return label
        except Exception:
            pass
    return "bad"


def main(argv):
    global ALG
    udp = in_answer = other_key = krb5 = False
    key = None
    skew = 0
    while argv and argv[0].startswith("--"):
        opt = argv.pop(0)
        if opt == "--udp":
            udp = True
        elif opt == "--in-answer":
            in_answer = True
        elif opt == "--other-key":
            other_key = True
        elif opt == "--krb5":
            krb5 = True
        elif opt == "--key" and argv:
            key = argv.pop(0)
        elif opt == "--alg" and argv:
            ALG = argv.pop(0)
        elif opt == "--skew" and argv:
            skew = int(argv.pop(0))
        else:
            argv = []
    if len(argv) != 5:
        sys.stderr.write(__doc__)
        return 2
    server, host, zone, name, value = argv

    lp = LoadParm()
    # No replay or sequence detection: Heimdal checks a MIC's sequence
    # number before its checksum and reports a number it has seen as
    # DUPLICATE_TOKEN, a supplementary status gensec takes for success,
    # so the second layout tried would "verify" whatever it holds.
    lp.set("gensec_gssapi:replay", "no")
    lp.set("gensec_gssapi:sequence", "no")
    creds = credentials.Credentials()
    creds.guess(lp)
    creds.set_kerberos_state(credentials.MUST_USE_KERBEROS)
    creds.set_named_ccache(os.environ["KRB5CCNAME"], credentials.SPECIFIED,
                           lp)
    settings = {"lp_ctx": lp, "target_hostname": host}
    g = gensec.Security.start_client(settings)
    g.set_credentials(creds)
    g.set_target_service("dns")
    g.set_target_hostname(host)
    g.want_feature(gensec.FEATURE_SIGN)
    if krb5:
        g.start_mech_by_name("gssapi_krb5")
    else:
        g.start_mech_by_sasl_name("GSS-SPNEGO")
    done, token = g.update(b"")

    if key is None:
        key = "%d.sig-%s" % (random.randrange(1 << 30), host)
    now = int(time.time())
    tkey_rd = (wire_name(ALG) + struct.pack("!IIHHH", now, now, 3, 0,
                                                   len(token)) +
               token + struct.pack("!H", 0))
    qid = random.randrange(1 << 16)
    q = (struct.pack("!6H", qid, 0, 1, int(in_answer), 0,
                     int(not in_answer)) + wire_name(key) +
         struct.pack("!HH", T_TKEY, C_ANY) + wire_name(key) +
         struct.pack("!HHIH", T_TKEY, C_ANY, 0, len(tkey_rd)) + tkey_rd)
    try:
        a = exchange(server, q, udp)
    except OSError as e:
        print("tkey: no answer (%s)" % e)
        return 1
    rcode = a[3] & 0xF
    counts, rrs = records(a)
    if os.environ.get("GSS_PROBE_DEBUG"):
        print("tkey-answer: rcode %d, counts %s, types %s" % (
            rcode, counts, [rr[1] for rr in rrs]))
    server_token = b""
    for rr in rrs if rcode == 0 else []:
        if rr[1] == T_TKEY:
            rd = rr[4]
            off = skip_name(rd, 0) + 8
            _mode, _err, klen = struct.unpack("!HHH", rd[off:off + 6])
            server_token = rd[off + 6:off + 6 + klen]
    if server_token:
        try:
            done, _ = g.update(server_token)
        except Exception as e:
            print("tkey: the server's token is refused (%s)" % e)
            return 1
    print("tkey: %s, token %d octets, over %s, context %s" % (
        RCODES.get(rcode, rcode), len(server_token), "udp" if udp else "tcp",
        "complete" if done else "open"))
    if not done:
        return 1
    print("tkey-mac: %s" % check_mac(g, a, key, b""))

    uid = random.randrange(1 << 16)
    txt = value.encode()
    upd = (struct.pack("!6H", uid, 5 << 11, 1, 0, 1, 0) + wire_name(zone) +
           struct.pack("!HH", T_SOA, C_IN) + wire_name(name) +
           struct.pack("!HHIH", T_TXT, C_IN, 60, len(txt) + 1) +
           bytes([len(txt)]) + txt)
    now = int(time.time()) + skew
    if other_key:
        key = "other-" + key
    data = upd + tsig_vars(key, now)
    mac = g.sign_packet(data, data)
    tsig_rd = (wire_name(ALG) +
               struct.pack("!HIHH", now >> 32, now & 0xFFFFFFFF, FUDGE,
                           len(mac)) + mac + struct.pack("!HHH", uid, 0, 0))
    signed = (upd[:10] + struct.pack("!H", 1) + upd[12:] + wire_name(key) +
              struct.pack("!HHIH", T_TSIG, C_ANY, 0, len(tsig_rd)) + tsig_rd)
    try:
        a = exchange(server, signed, False)
    except OSError as e:
        print("update: no answer (%s)" % e)
        return 1
    print("update: %s" % RCODES.get(a[3] & 0xF, a[3] & 0xF))
    _, rrs = records(a)
    if rrs and rrs[-1][1] == T_TSIG:
        rd = rrs[-1][4]
        off = skip_name(rd, 0)
        maclen = struct.unpack("!H", rd[off + 8:off + 10])[0]
        err = struct.unpack("!H", rd[off + 12 + maclen:off + 14 + maclen])[0]
        print("update-tsig: error %d, MAC %d octets" % (err, maclen))
        if os.environ.get("GSS_PROBE_DEBUG"):
            print("request-mac: %s" % mac.hex())
            print("answer-mac:  %s" % rd[off + 10:off + 10 + maclen].hex())
    print("update-mac: %s" % check_mac(g, a, key, mac))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
