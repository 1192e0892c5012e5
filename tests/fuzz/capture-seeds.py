#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Helper for capture-seeds.sh: talks to the servers it started and saves
# their answers, byte for byte, as seed inputs for the fuzz targets.
#
# capture-seeds.py OUTDIR KEYNAME SECRET_B64 NOW
#	OUTDIR gets one subdirectory per target.  Servers (UDP port 5353):
#	127.0.0.1 named, 127.0.0.2 knotd, 127.0.0.3 knotd with its clock an
#	hour ahead (for BADTIME).  Prints the MAC of the signed UPDATE (hex)
#	as "request-mac HEX".
#
# Queries are sent with RD=0 (as dig +norec).  The UPDATE is signed here
# (RFC 8945, hmac-sha256) with a fixed ID at time NOW, and the same bytes
# go to every server, so each signed answer is an answer to one request
# whose MAC fuzz_tsig.c holds as a constant.

import base64
import hashlib
import hmac
import os
import socket
import struct
import sys

PORT = 5353
ZONE = "acmesh.example.net"
UPDATE_ID = 0x4655
TIMEOUT = 3.0


def wname(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def query(qid, name, qtype, rd=False):
    flags = 0x0100 if rd else 0
    return (struct.pack(">HHHHHH", qid, flags, 1, 0, 0, 0) + wname(name)
            + struct.pack(">HH", qtype, 1))


def txt_rdata(*strings):
    return b"".join(bytes([len(s)]) + s.encode() for s in strings)


def update(qid, add, value):
    msg = struct.pack(">HHHHHH", qid, 5 << 11, 1, 0, 1, 0)
    msg += wname(ZONE) + struct.pack(">HH", 6, 1)
    rdata = txt_rdata(value)
    msg += wname("_acme-challenge." + ZONE)
    if add:
        msg += struct.pack(">HHIH", 16, 1, 60, len(rdata))
    else:
        msg += struct.pack(">HHIH", 16, 254, 0, len(rdata))
    return msg + rdata


def sign(msg, keyname, secret, now, fudge=300):
    """Append a TSIG RR; returns (signed message, MAC)."""
    alg = wname("hmac-sha256")
    kname = wname(keyname.lower())
    tvars = (kname + struct.pack(">HI", 255, 0) + alg
             + struct.pack(">HIHHH", now >> 32, now & 0xffffffff, fudge,
                           0, 0))
    mac = hmac.new(secret, msg + tvars, hashlib.sha256).digest()
    qid = struct.unpack(">H", msg[:2])[0]
    rdata = (alg + struct.pack(">HIHH", now >> 32, now & 0xffffffff,
                               fudge, len(mac))
             + mac + struct.pack(">HHH", qid, 0, 0))
    rr = kname + struct.pack(">HHIH", 250, 255, 0, len(rdata)) + rdata
    arcount = struct.unpack(">H", msg[10:12])[0] + 1
    return msg[:10] + struct.pack(">H", arcount) + msg[12:] + rr, mac


def exchange(server, msg):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(TIMEOUT)
    try:
        s.sendto(msg, (server, PORT))
        ans, _ = s.recvfrom(65535)
    except socket.timeout:
        sys.exit("capture-seeds.py: no answer from %s" % server)
    finally:
        s.close()
    if ans[:2] != msg[:2]:
        sys.exit("capture-seeds.py: answer from %s has another ID" % server)
    return ans


def save(outdir, targets, label, data):
    for t in targets:
        os.makedirs(os.path.join(outdir, t), exist_ok=True)
        with open(os.path.join(outdir, t, label), "wb") as f:
            f.write(data)


def main():
    outdir, keyname, secret_b64, now = sys.argv[1:5]
    secret = base64.b64decode(secret_b64)
    now = int(now)
    parse = ["fuzz_answer", "fuzz_wire"]
    questions = [
        (ZONE, 6, "soa"),
        (ZONE, 2, "ns"),
        ("_acme-challenge." + ZONE, 16, "txt-multi"),
        ("www." + ZONE, 5, "cname"),
        ("www." + ZONE, 1, "cname-chase-a"),
        ("host." + ZONE, 1, "a"),
        ("host." + ZONE, 28, "aaaa"),
        ("missing." + ZONE, 16, "nxdomain"),
        ("host." + ZONE, 16, "nodata"),
        ("x.sub." + ZONE, 1, "referral"),
        ("example.org", 6, "refused"),
    ]
    qid = 0x1000
    for server, tag in (("127.0.0.1", "bind"), ("127.0.0.2", "knot")):
        for name, qtype, label in questions:
            qid += 1
            ans = exchange(server, query(qid, name, qtype))
            save(outdir, parse, "%s-%s" % (tag, label), ans)
        # A signed query: an answer carrying a TSIG record.
        qid += 1
        msg, _ = sign(query(qid, ZONE, 6), keyname, secret, now)
        ans = exchange(server, msg)
        save(outdir, parse + ["fuzz_tsig"], "%s-soa-signed" % tag, ans)

    # The signed UPDATE, same bytes and MAC for every server.
    upd, mac = sign(update(UPDATE_ID, True, "fuzz-seed-value"), keyname,
                    secret, now)
    both = ["fuzz_update_answer", "fuzz_tsig", "fuzz_wire"]
    save(outdir, both, "bind-update-noerror",
         exchange("127.0.0.1", upd))
    save(outdir, both, "knot-update-noerror",
         exchange("127.0.0.2", upd))
    save(outdir, both, "knot-update-badtime",
         exchange("127.0.0.3", upd))
    # Wrong secret: BADSIG; unknown key name: BADKEY; unsigned: REFUSED.
    bad, _ = sign(update(UPDATE_ID, False, "fuzz-seed-value"), keyname,
                  bytes(32), now)
    save(outdir, both, "bind-update-badsig", exchange("127.0.0.1", bad))
    save(outdir, both, "knot-update-badsig", exchange("127.0.0.2", bad))
    bad, _ = sign(update(UPDATE_ID, False, "fuzz-seed-value"),
                  "unknown-key", secret, now)
    save(outdir, both, "bind-update-badkey", exchange("127.0.0.1", bad))
    save(outdir, both, "knot-update-badkey", exchange("127.0.0.2", bad))
    plain = update(UPDATE_ID, True, "fuzz-seed-value")
    save(outdir, both, "bind-update-refused", exchange("127.0.0.1", plain))
    save(outdir, both, "knot-update-refused", exchange("127.0.0.2", plain))
    print("request-mac %s" % mac.hex())


if __name__ == "__main__":
    main()
