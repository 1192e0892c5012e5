#!/bin/sh
# SPDX-License-Identifier: ISC
# How the hook paces its polls.  When one server is the only
# one behind (ns3, no NOTIFY, refreshing every LAB_LAG s), it is asked
# often enough that its change is seen within about 70 ms, yet never more
# than 20 times a second.  Every query the hook sends is captured on lo
# (tests/bench/bench.py count: an AF_PACKET socket; the lab's servers use
# their own source addresses, so only the hook's queries are counted).

set -u
. "$ACME_SRC/tests/lab/lab.sh"
. "$ACME_SRC/tests/lib/check.sh"

L=$T/lab
counter=

cleanup() {
	[ -n "$counter" ] && kill "$counter" 2>/dev/null && wait "$counter"
	lab_stop "$L"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

lab_start "$L" || { lab_logs "$L"; exit 1; }

# count_start FILE / count_stop: capture queries into FILE; the file is
# complete once count_stop returns.
count_start() {
	python3 "$ACME_SRC/tests/bench/bench.py" count "$1" \
	    >"$T/count.out" 2>&1 &
	counter=$!
	_end=$(($(lab_now_ms) + 10000))
	until grep -q '^ready' "$T/count.out"; do
		if [ "$(lab_now_ms)" -ge "$_end" ]; then
			echo "# the packet counter did not start"
			cat "$T/count.out"
			exit 1
		fi
		sleep 0.05
	done
}

count_stop() {
	kill "$counter" 2>/dev/null && wait "$counter"
	counter=
}

for run in 1 2 3; do
	lab_sync_lag "$L" example.org || exit 1
	count_start "$T/packets$run.txt"
	v=$(value)
	t0=$(lab_now_ms)
	CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$v $AUTH \
	    -c "$L/acme-hooks.ini" >/dev/null 2>"$T/err"
	rc=$?
	t1=$(lab_now_ms)
	check "run $run: acme-auth exits 0 (got $rc)" [ "$rc" -eq 0 ]
	count_stop
	# Queries to ns3 while the hook ran: their count per second, and
	# the largest gap between two of them in the wait's last second,
	# when ns3 alone was behind.
	set -- $(awk -v a="$t0" -v b="$t1" -v ns3="$LAB_NS3" '
	    $2 == ns3 && $3 == 0 { ms = $1 * 1000
		if (ms < a || ms > b) next
		n++
		if (ms > b - 1000 && last > 0 && ms - last > gap)
			gap = ms - last
		last = ms }
	    END { printf "%d %d %.1f\n", n, gap, n * 1000 / (b - a) }' \
	    "$T/packets$run.txt")
	echo "# run $run: $((t1 - t0)) ms, $1 queries to ns3" \
	    "($3 a second), largest gap at the end $2 ms"
	check "run $run: ns3 asked at least every 100 ms at the end (gap $2 ms)" \
	    awk -v g="$2" 'BEGIN { exit !(g > 0 && g < 100) }'
	check "run $run: ns3 asked at most 20 times a second ($3)" \
	    awk -v r="$3" 'BEGIN { exit !(r <= 20) }'
	CERTBOT_DOMAIN=example.org CERTBOT_VALIDATION=$v $CLEAN \
	    -c "$L/acme-hooks.ini" >/dev/null 2>&1
done

# For the run's fault-suite summary (a lone lagging server polled faster).
echo "# summary: faults tried: 1, bad inputs tried: 0, failures: $fails"
finish
