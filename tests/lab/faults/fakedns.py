#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""A misbehaving DNS server for the fault tests (tests/integration/t_faults.sh).

usage: fakedns.py MODE LISTEN_ADDR [UPSTREAM_ADDR] [--port N] [--log FILE]

Listens on LISTEN_ADDR port 53 (UDP, and TCP where the mode needs it) inside
the test's private network namespace, and for each query:

  silent     reads it and never answers (UDP and TCP)
  unsigned   answers NOERROR itself, echoing ID and zone section, no TSIG
  flipmac    forwards to UPSTREAM over UDP and flips one bit in the first
             octet of the answer's TSIG MAC
  wrongid    forwards to UPSTREAM and changes the answer's ID
  tc         answers over UDP with the header and zone section only and TC
             set; proxies TCP to UPSTREAM (the real, signed answer)
  dropfirst  forwards every UDP query to UPSTREAM and drops the first answer
             (the client must retransmit); TCP is proxied

Every datagram seen and what was done with it goes to --log (one line
each), so a test can tell how many queries arrived.  Runs until killed, or
for at most --lifetime seconds (default 300).
"""

import argparse
import os
import select
import socket
import struct
import sys
import time


def skip_name(msg, pos):
    """Offset just past the (possibly compressed) name at pos."""
    hops = 0
    while True:
        if pos >= len(msg):
            raise ValueError("name past the end")
        n = msg[pos]
        if n == 0:
            return pos + 1
        if n & 0xC0 == 0xC0:
            return pos + 2
        if n & 0xC0:
            raise ValueError("reserved label type")
        pos += 1 + n
        hops += 1
        if hops > 128:
            raise ValueError("too many labels")


def records(msg):
    """(end of the question/zone section, [(rr_start, type, rdata_start,
    rdlen)] for every record of the three other sections)."""
    qd, an, ns, ar = struct.unpack("!4H", msg[4:12])
    pos = 12
    for _ in range(qd):
        pos = skip_name(msg, pos) + 4
    qend = pos
    out = []
    for _ in range(an + ns + ar):
        start = pos
        pos = skip_name(msg, pos)
        rtype, _cls, _ttl, rdlen = struct.unpack("!HHIH", msg[pos:pos + 10])
        out.append((start, rtype, pos + 10, rdlen))
        pos += 10 + rdlen
    if pos != len(msg):
        raise ValueError("trailing octets")
    return qend, out


def tsig_mac_offset(msg):
    """Offset of the first MAC octet of the answer's TSIG, or None."""
    _qend, rrs = records(msg)
    if not rrs or rrs[-1][1] != 250:
        return None
    _start, _t, rd, _len = rrs[-1]
    pos = skip_name(msg, rd) + 6 + 2
    (macsize,) = struct.unpack("!H", msg[pos:pos + 2])
    return pos + 2 if macsize > 0 else None


def header_only_answer(query, tc):
    """The query's header and zone section turned into an answer."""
    qend, _rrs = records(query)
    ident, flags = struct.unpack("!HH", query[:4])
    opcode = flags & 0x7800
    flags = 0x8000 | opcode | (0x0200 if tc else 0)
    qd = struct.unpack("!H", query[4:6])[0]
    return struct.pack("!6H", ident, flags, qd, 0, 0, 0) + query[12:qend]


def upstream_udp(upstream, data, timeout=3.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.settimeout(timeout)
        s.sendto(data, (upstream, 53))
        ans, _ = s.recvfrom(65535)
        return ans
    except OSError:
        return None
    finally:
        s.close()


def recv_exact(conn, n, deadline):
    buf = b""
    while len(buf) < n:
        conn.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = conn.recv(n - len(buf))
        if not chunk:
            raise OSError("closed")
        buf += chunk
    return buf


def proxy_tcp(conn, upstream, log):
    """One TCP connection: forward each length-prefixed message."""
    deadline = time.monotonic() + 10
    up = socket.create_connection((upstream, 53), timeout=5)
    try:
        while time.monotonic() < deadline:
            try:
                (n,) = struct.unpack("!H", recv_exact(conn, 2, deadline))
            except OSError:
                return
            q = recv_exact(conn, n, deadline)
            up.sendall(struct.pack("!H", n) + q)
            (m,) = struct.unpack("!H", recv_exact(up, 2, deadline))
            a = recv_exact(up, m, deadline)
            log("tcp query id=%d forwarded, answer %d octets" %
                (struct.unpack("!H", q[:2])[0], m))
            conn.sendall(struct.pack("!H", m) + a)
    finally:
        up.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["silent", "unsigned", "flipmac",
                                    "wrongid", "tc", "dropfirst"])
    p.add_argument("listen")
    p.add_argument("upstream", nargs="?")
    p.add_argument("--port", type=int, default=53)
    p.add_argument("--log", default=None)
    p.add_argument("--lifetime", type=float, default=300)
    a = p.parse_args()
    if a.mode in ("flipmac", "wrongid", "tc", "dropfirst") and \
            not a.upstream:
        p.error("mode %s needs UPSTREAM_ADDR" % a.mode)

    logf = open(a.log, "a", buffering=1) if a.log else sys.stderr

    def log(text):
        logf.write(text + "\n")

    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    udp.bind((a.listen, a.port))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((a.listen, a.port))
    tcp.listen(8)
    log("ready %s %s:%d" % (a.mode, a.listen, a.port))
    dropped = 0
    silent_conns = []
    end = time.monotonic() + a.lifetime
    while time.monotonic() < end:
        r, _, _ = select.select([udp, tcp], [], [], 0.5)
        if tcp in r:
            conn, _peer = tcp.accept()
            if a.mode == "silent":
                log("tcp connection held open, no answer")
                silent_conns.append(conn)
            elif a.mode in ("tc", "dropfirst", "flipmac", "wrongid"):
                # The hook only falls back to TCP on truncation; for the
                # other modes a straight proxy keeps the test honest.
                if a.mode in ("flipmac", "wrongid"):
                    log("tcp connection closed (mode %s is UDP only)" %
                        a.mode)
                    conn.close()
                else:
                    try:
                        proxy_tcp(conn, a.upstream, log)
                    except OSError as e:
                        log("tcp proxy: %s" % e)
                    conn.close()
            else:
                log("tcp connection closed")
                conn.close()
        if udp not in r:
            continue
        q, peer = udp.recvfrom(65535)
        try:
            ident = struct.unpack("!H", q[:2])[0]
        except struct.error:
            log("udp short datagram ignored")
            continue
        if a.mode == "silent":
            log("udp query id=%d ignored" % ident)
            continue
        if a.mode == "unsigned":
            udp.sendto(header_only_answer(q, False), peer)
            log("udp query id=%d answered NOERROR unsigned" % ident)
            continue
        if a.mode == "tc":
            udp.sendto(header_only_answer(q, True), peer)
            log("udp query id=%d answered TC" % ident)
            continue
        ans = upstream_udp(a.upstream, q)
        if ans is None:
            log("udp query id=%d: upstream did not answer" % ident)
            continue
        if a.mode == "dropfirst" and dropped == 0:
            dropped += 1
            log("udp query id=%d forwarded, first answer dropped" % ident)
            continue
        if a.mode == "flipmac":
            off = tsig_mac_offset(ans)
            if off is None:
                log("udp query id=%d: answer has no MAC, sent as is" % ident)
            else:
                ans = ans[:off] + bytes([ans[off] ^ 0x01]) + ans[off + 1:]
                log("udp query id=%d forwarded, MAC bit flipped" % ident)
        elif a.mode == "wrongid":
            ans = struct.pack("!H", ident ^ 0x5A5A) + ans[2:]
            log("udp query id=%d forwarded with id %d" %
                (ident, ident ^ 0x5A5A))
        else:
            log("udp query id=%d forwarded" % ident)
        udp.sendto(ans, peer)
    for c in silent_conns:
        c.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
