# SPDX-License-Identifier: ISC
"""Count a TSIG secret's bytes in a running process's memory.

usage: memscan.py PID <SECRET_BASE64

Reads every readable mapping of /proc/PID/maps through /proc/PID/mem and
prints one line: "decoded N base64 N regions N bytes N", the number of
places where the decoded secret and its base64 text occur.  The secret
comes on stdin (never on the command line, which /proc shows) and is
never printed.  Exit status 2 when the process cannot be read at all.
"""

import base64
import sys


def main():
    pid = int(sys.argv[1])
    text = sys.stdin.read().strip().encode()
    needles = {"decoded": base64.b64decode(text), "base64": text}
    found = {k: 0 for k in needles}
    regions = total = 0
    with open(f"/proc/{pid}/maps") as maps, \
            open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for line in maps:
            fields = line.split()
            if "r" not in fields[1] or line.rstrip().endswith("[vvar]"):
                continue
            lo, hi = (int(x, 16) for x in fields[0].split("-"))
            try:
                mem.seek(lo)
                data = mem.read(hi - lo)
            except OSError:
                continue
            regions += 1
            total += len(data)
            for k, n in needles.items():
                found[k] += data.count(n)
    if regions == 0:
        print("no readable region")
        return 2
    print(f"decoded {found['decoded']} base64 {found['base64']} "
          f"regions {regions} bytes {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
