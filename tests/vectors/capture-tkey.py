# SPDX-License-Identifier: ISC
# capture-tkey.sh's stand-in for ns1.example.net: answers SOA and A queries,
# saves the first TKEY query (UDP or TCP) as hex in argv[1], every message
# in argv[2], and exits; REFUSED to anything else.  At most 12 seconds.
import select, socket, struct, sys, time

out = sys.argv[1]
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 53))
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("127.0.0.1", 53))
t.listen(4)

def name(text):
    b = b""
    for l in text.strip(".").split("."):
        b += bytes([len(l)]) + l.encode()
    return b + b"\0"

def question(m):
    p = 12
    while m[p] != 0:
        p += m[p] + 1
    p += 1
    qtype, qclass = struct.unpack(">HH", m[p:p + 4])
    return m[12:p + 4], qtype

def answer(m):
    q, qtype = question(m)
    hdr = m[:2] + struct.pack(">HHHHH", 0x8400, 1, 1, 0, 0)
    if qtype == 6:
        rd = name("ns1.example.net") + name("root.example.net")
        rd += struct.pack(">IIIII", 1, 3600, 600, 86400, 60)
        rr = struct.pack(">HHIH", 6, 1, 60, len(rd)) + rd
        return hdr + q + b"\xc0\x0c" + rr
    if qtype == 1:
        rr = struct.pack(">HHIH", 1, 1, 60, 4) + bytes([127, 0, 0, 1])
        return hdr + q + b"\xc0\x0c" + rr
    return m[:2] + struct.pack(">HHHHH", 0x8005, 1, 0, 0, 0) + q

end = time.time() + 12
log = open(sys.argv[2], "w")
while time.time() < end:
    r, _, _ = select.select([u, t], [], [], 1)
    for s in r:
        if s is u:
            m, peer = u.recvfrom(65535)
            how = "udp"
        else:
            c, peer = t.accept()
            c.settimeout(3)
            buf = b""
            while len(buf) < 2 or len(buf) < 2 + int.from_bytes(buf[:2], "big"):
                x = c.recv(65535)
                if not x:
                    break
                buf += x
            m = buf[2:]
            how = "tcp"
        q, qtype = question(m)
        log.write("%s type %d %s\n" % (how, qtype, m.hex()))
        log.flush()
        if qtype == 249:
            open(out, "w").write(how + " " + m.hex() + "\n")
            sys.exit(0)
        a = answer(m)
        if how == "udp":
            u.sendto(a, peer)
        else:
            c.sendall(len(a).to_bytes(2, "big") + a)
            c.close()
sys.exit(1)
