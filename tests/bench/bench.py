#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Measuring helpers for tests/bench/bench.sh (python3, standard library).

    bench.py watch SPEC OUT TIMEOUT_S
        The independent watcher.  SPEC has one line per expected record,
        "NAME VALUE SERVER[,SERVER...]" (VALUE "*": any TXT value).  From
        127.0.0.50 (BENCH_WATCH_SRC), every 10 ms (BENCH_WATCH_MS), it asks
        every SERVER directly, RD=0, for NAME TXT and notes when each
        server first serves each value in an authoritative answer (the
        time the answer arrived).  Stops when all are seen, at TIMEOUT_S,
        or on SIGTERM; writes OUT (JSON).  Prints "ready" once its socket
        is bound.
    bench.py count OUT
        Counts what clients send to port 53: an AF_PACKET socket on lo
        with a BPF filter keeps outgoing UDP packets from 127.0.0.1 (the
        source the kernel picks for a client that binds nothing; the lab's
        servers use their own addresses, the watcher 127.0.0.50) to port
        53; one line per packet "EPOCH DST OPCODE QTYPE QNAME" in OUT.
        Until SIGTERM or 900 s.  Prints "ready" once capturing.
    bench.py run CALLS OUT
        Runs the commands of CALLS, one a line ("VAR=value ... argv ...",
        shell-quoted), one after another, each waited for with wait4()
        (its max RSS, as GNU time's %M reports it); writes start/end
        times, exit statuses and max RSS to OUT, their output to OUT.log.
        One process, named certbot, runs them all, so certbot-style hooks
        find one certbot run above them, as under a real certbot.  With BENCH_TIME (GNU time),
        each command runs under "$BENCH_TIME -f %M" and the max RSS is
        what GNU time reports: a child forked from python carries
        python's own RSS (~13 MB) into its ru_maxrss, one forked by GNU
        time does not.
    bench.py table DIR
        One markdown row per DIR/NN-*/ scenario, from its runs.
"""

import json
import os
import random
import select
import signal
import socket
import statistics
import struct
import subprocess
import sys
import time

SERVER_NAMES = {
    "127.0.0.12": "ns1", "127.0.0.13": "ns2", "127.0.0.14": "ns3",
    "127.0.0.15": "knot",
}
STOP = False


def on_term(_sig, _frame):
    global STOP
    STOP = True


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def skip_name(msg, off):
    """Offset after the name at off; raises on a malformed name."""
    for _ in range(128):
        n = msg[off]
        if n & 0xC0 == 0xC0:
            return off + 2
        if n == 0:
            return off + 1
        off += 1 + n
    raise ValueError("name too long")


def read_name(msg, off):
    labels = []
    for _ in range(128):
        n = msg[off]
        if n & 0xC0 == 0xC0:
            off = ((n & 0x3F) << 8) | msg[off + 1]
            continue
        if n == 0:
            return ".".join(labels).lower()
        labels.append(msg[off + 1:off + 1 + n].decode("ascii", "replace"))
        off += 1 + n
    raise ValueError("name loop")


def txt_answers(msg, qid):
    """(authoritative, [TXT values]) of an answer to query qid, or None."""
    if len(msg) < 12:
        return None
    mid, flags, qd, an = struct.unpack("!HHHH", msg[:8])
    if mid != qid or not flags & 0x8000:
        return None
    aa = bool(flags & 0x0400)
    off = 12
    for _ in range(qd):
        off = skip_name(msg, off) + 4
    values = []
    for _ in range(an):
        off = skip_name(msg, off)
        rtype, _cls, _ttl, rdlen = struct.unpack("!HHIH", msg[off:off + 10])
        off += 10
        if rtype == 16:
            p, end, v = off, off + rdlen, b""
            while p < end:
                v += msg[p + 1:p + 1 + msg[p]]
                p += 1 + msg[p]
            values.append(v.decode("ascii", "replace"))
        off += rdlen
    return aa, values


def watch(spec, out, timeout_s):
    interval = float(os.environ.get("BENCH_WATCH_MS", "10")) / 1000.0
    src = os.environ.get("BENCH_WATCH_SRC", "127.0.0.50")
    want = {}       # (server, name) -> set of values ("*" any)
    seen = {}       # "server name value" -> epoch
    with open(spec) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3:
                continue
            name, value, servers = parts[0].lower().rstrip("."), parts[1], \
                parts[2].split(",")
            for s in servers:
                want.setdefault((s, name), set()).add(value)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((src, 0))
    sock.setblocking(False)
    signal.signal(signal.SIGTERM, on_term)
    print("ready", flush=True)
    start = time.time()
    end = start + timeout_s
    pending = {}    # id -> (server, name)
    baseline = {}   # (server, name) -> values in its first answer
    rounds = queries = 0
    while not STOP and want and time.time() < end:
        rounds += 1
        pending.clear()
        for (server, name) in list(want):
            qid = random.randrange(65536)
            pending[qid] = (server, name)
            q = struct.pack("!HHHHHH", qid, 0, 1, 0, 0, 0) + \
                encode_name(name) + struct.pack("!HH", 16, 1)
            try:
                sock.sendto(q, (server, 53))
                queries += 1
            except OSError:
                pass
        next_round = time.time() + interval
        while not STOP:
            left = next_round - time.time()
            if left <= 0:
                break
            r, _, _ = select.select([sock], [], [], left)
            if not r:
                continue
            try:
                msg, addr = sock.recvfrom(65535)
            except OSError:
                continue
            now = time.time()
            if len(msg) < 2:
                continue
            qid = struct.unpack("!H", msg[:2])[0]
            key = pending.get(qid)
            if key is None or key[0] != addr[0]:
                continue
            try:
                got = txt_answers(msg, qid)
            except (ValueError, IndexError, struct.error):
                got = None
            if got is None or not got[0]:
                continue
            del pending[qid]
            values = want.get(key, set())
            # "*": a value this server did not serve in its first answer
            # (a stale one from an earlier run is not the new one).
            if key not in baseline:
                baseline[key] = set(got[1])
            for v in list(values):
                hit = [x for x in got[1] if x == v or
                       (v == "*" and x not in baseline[key])]
                if hit:
                    seen["%s %s %s" % (key[0], key[1], v)] = now
                    values.discard(v)
            if not values:
                want.pop(key, None)
    missing = ["%s %s %s" % (s, n, v) for (s, n), vs in want.items()
               for v in vs]
    with open(out, "w") as f:
        json.dump({"start": start, "seen": seen, "missing": missing,
                   "rounds": rounds, "queries": queries}, f)


# Classic BPF: IPv4 source 127.0.0.1, UDP, destination port 53, outgoing.
BPF = [
    (0x20, 0, 0, 26),           # ld [26]        ip src
    (0x15, 0, 7, 0x7F000001),   # jeq 127.0.0.1
    (0x30, 0, 0, 23),           # ldb [23]       ip proto
    (0x15, 0, 5, 17),           # jeq udp
    (0x28, 0, 0, 36),           # ldh [36]       udp dst port
    (0x15, 0, 3, 53),           # jeq 53
    (0x20, 0, 0, 0xFFFFF004),   # ld pkttype (SKF_AD_OFF + SKF_AD_PKTTYPE)
    (0x15, 0, 1, 4),            # jeq PACKET_OUTGOING
    (0x06, 0, 0, 0xFFFF),       # ret all
    (0x06, 0, 0, 0),            # ret 0
]


def count(out):
    import ctypes
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                         socket.htons(0x0003))
    prog = b"".join(struct.pack("HBBI", *i) for i in BPF)
    buf = ctypes.create_string_buffer(prog)
    fprog = struct.pack("HL", len(BPF), ctypes.addressof(buf))
    sock.setsockopt(socket.SOL_SOCKET, 26, fprog)  # SO_ATTACH_FILTER
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.bind(("lo", 0))
    sock.settimeout(0.2)
    signal.signal(signal.SIGTERM, on_term)
    end = time.time() + 900
    n = 0
    with open(out, "w") as f:
        print("ready", flush=True)
        while not STOP and time.time() < end:
            try:
                pkt, addr = sock.recvfrom(65535)
            except socket.timeout:
                continue
            except InterruptedError:
                continue
            now = time.time()
            if addr[2] != 4:    # PACKET_OUTGOING, in case the filter fails
                continue
            ip = pkt[14:]
            ihl = (ip[0] & 15) * 4
            dns = ip[ihl + 8:]
            if len(dns) < 12:
                continue
            opcode = (dns[2] >> 3) & 15
            try:
                qname = read_name(dns, 12) or "."
                off = skip_name(dns, 12)
                qtype = struct.unpack("!H", dns[off:off + 2])[0]
            except (ValueError, IndexError, struct.error):
                qname, qtype = "?", 0
            f.write("%.6f %s %d %d %s\n" % (now, socket.inet_ntoa(ip[16:20]),
                                            opcode, qtype, qname))
            n += 1
            if n % 64 == 0:
                f.flush()


def as_certbot():
    """The hooks find their certbot run by the nearest ancestor named
    certbot: this process stands in for one certbot run (prctl's
    PR_SET_NAME, 15, sets the name /proc shows)."""
    import ctypes
    try:
        ctypes.CDLL(None).prctl(15, b"certbot", 0, 0, 0)
    except (OSError, AttributeError):
        pass


def run(calls_file, out):
    import shlex
    as_certbot()
    timer = os.environ.get("BENCH_TIME", "")
    res = []
    log = open(out + ".log", "ab")
    with open(calls_file) as f:
        lines = [ln for ln in f if ln.strip()]
    for line in lines:
        words = shlex.split(line)
        env = dict(os.environ)
        while words and "=" in words[0] and not words[0].startswith("/"):
            k, v = words.pop(0).split("=", 1)
            env[k] = v
        rssf = out + ".rss"
        if timer:
            words = [timer, "-f", "%M", "-o", rssf] + words
        t0 = time.time()
        p = subprocess.Popen(words, env=env, stdin=subprocess.DEVNULL,
                             stdout=log, stderr=log)
        _, status, ru = os.wait4(p.pid, 0)
        t1 = time.time()
        p.returncode = rc = os.waitstatus_to_exitcode(status)
        rss = ru.ru_maxrss
        if timer:
            # GNU time's %M; a line before it tells a failed status.
            with open(rssf) as f:
                rss = int(f.read().split()[-1])
        res.append({"start": t0, "end": t1, "rc": rc, "maxrss_kb": rss})
    with open(out, "w") as f:
        json.dump(res, f)
    return 0 if res and all(r["rc"] == 0 for r in res) else 1


def one_run(d):
    """Metrics of one run directory, or None with a reason."""
    try:
        with open(os.path.join(d, "run.json")) as f:
            calls = json.load(f)
        with open(os.path.join(d, "watch.json")) as f:
            w = json.load(f)
    except (OSError, ValueError) as e:
        return None, "missing data (%s)" % e
    if not calls:
        return None, "no calls"
    bad = [c["rc"] for c in calls if c["rc"] != 0]
    t0, t1 = calls[0]["start"], calls[-1]["end"]
    r = {"total": sum(c["end"] - c["start"] for c in calls) * 1000,
         "rss": max(c["maxrss_kb"] for c in calls), "rc": bad}
    if w["missing"] or not w["seen"]:
        r["prop"] = r["over"] = None
        r["why"] = "watcher never saw: %s" % " ".join(w["missing"][:3])
    else:
        last = max(w["seen"].values())
        r["prop"] = (last - t0) * 1000
        r["over"] = (t1 - last) * 1000
    # Client queries to each authoritative server while a call ran.
    per = {}
    wanted = set(SERVER_NAMES)
    try:
        with open(os.path.join(d, "packets.txt")) as f:
            for line in f:
                p = line.split()
                if len(p) < 5 or p[1] not in wanted or p[2] != "0":
                    continue
                t = float(p[0])
                if any(c["start"] <= t <= c["end"] for c in calls):
                    per[p[1]] = per.get(p[1], 0) + 1
    except OSError:
        per = None
    secs = r["total"] / 1000
    r["qps"] = None if per is None else \
        {k: v / secs for k, v in per.items()} if secs > 0 else {}
    return r, None


def fmt(x, nd=0):
    if x is None:
        return "n/a"
    return "%.*f" % (nd, x)


def table(top):
    head = ("| scenario | runs | total time, ms (median) | propagation, ms "
            "(median, watcher) | overhead, ms (median) | overhead, ms (max) "
            "| client queries/s per server (median) | peak RSS, KB |\n"
            "|---|---|---|---|---|---|---|---|\n")
    rows, notes = [], []
    for name in sorted(os.listdir(top)):
        sd = os.path.join(top, name)
        meta = os.path.join(sd, "scenario.json")
        if not os.path.isfile(meta):
            continue
        with open(meta) as f:
            m = json.load(f)
        runs = []
        for rn in sorted(os.listdir(sd)):
            rd = os.path.join(sd, rn)
            if not (rn.startswith("run") and os.path.isdir(rd)):
                continue
            r, why = one_run(rd)
            if r is None:
                notes.append("%s %s: %s" % (m["label"], rn, why))
                continue
            if r["rc"]:
                notes.append("%s %s: exit status %s" % (m["label"], rn,
                                                         r["rc"]))
            if r.get("why"):
                notes.append("%s %s: %s" % (m["label"], rn, r["why"]))
            runs.append(r)
        if not runs:
            rows.append("| %s | 0 | failed, see notes | | | | | |" %
                        m["label"])
            continue
        over = [r["over"] for r in runs if r["over"] is not None]
        prop = [r["prop"] for r in runs if r["prop"] is not None]
        qps = []
        for ip in sorted(SERVER_NAMES):
            v = [r["qps"].get(ip, 0.0) for r in runs if r["qps"] is not None]
            if v and max(v) > 0:
                qps.append("%s %.1f" % (SERVER_NAMES[ip],
                                        statistics.median(v)))
        rows.append("| %s | %d | %s | %s | %s | %s | %s | %s |" % (
            m["label"], len(runs),
            fmt(statistics.median(r["total"] for r in runs)),
            fmt(statistics.median(prop) if prop else None),
            fmt(statistics.median(over) if over else None),
            fmt(max(over) if over else None),
            ", ".join(qps) if qps else "0",
            fmt(max(r["rss"] for r in runs))))
        if m.get("note"):
            notes.append("%s: %s" % (m["label"], m["note"]))
    out = head + "\n".join(rows) + "\n"
    if notes:
        out += "\n" + "\n".join("- " + n for n in notes) + "\n"
    return out


def main(argv):
    if len(argv) >= 2 and argv[1] == "watch" and len(argv) == 5:
        watch(argv[2], argv[3], float(argv[4]))
        return 0
    if len(argv) == 3 and argv[1] == "count":
        count(argv[2])
        return 0
    if len(argv) == 4 and argv[1] == "run":
        return run(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == "table":
        sys.stdout.write(table(argv[2]))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
