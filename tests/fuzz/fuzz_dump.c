/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: dump_message(), the -vv dump of every message from
 * any server, and the RDATA decoders of rdata.h it shares with the logic.
 *
 * Invariants: what the dump logs is whole lines of printable ASCII, each
 * beginning with the program name (bytes from the network only ever as
 * \DDD, log.h); every record the cursor finds decodes without reading
 * past its RDATA, a decoded name is sane, and a TSIG's MAC and other data
 * lie inside the RDATA.  The first byte picks the direction, the rest is
 * the message.
 */

#include "dns/dump.h"
#include "fuzz.h"
#include "sys/log.h"
#include "dns/rdata.h"
#include "dns/wire.h"

#define PROG	"fuzz_dump"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_init(PROG, LOG_DEBUG);
	FUZZ_CHECK(fuzz_log_capture() == 0);
	return 0;
}

/* Inside [from, from + n) of the message. */
static int
inside(const uint8_t *p, size_t len, const uint8_t *from, size_t n)
{
	return p >= from && len <= n && (size_t)(p - from) <= n - len;
}

static void
check_rr(const uint8_t *msg, size_t len, const struct dns_rr *rr)
{
	struct rdata_addr ad;
	struct rdata_soa soa;
	struct rdata_tsig t;
	struct dname	 n;
	const uint8_t	*rd = msg + rr->rdata;
	size_t		 rl = rr->rdlength;
	int		 rc;

	FUZZ_CHECK(rr->rdata <= len && rl <= len - rr->rdata);
	rc = rdata_a(msg, len, rr->rdata, rl, &ad);
	FUZZ_CHECK(rc == WIRE_OK ? rl == 4 : rc == RDATA_TRAILING ? rl > 4 :
	    rl < 4 && rc == WIRE_ESHORT);
	rc = rdata_aaaa(msg, len, rr->rdata, rl, &ad);
	FUZZ_CHECK(rc == WIRE_OK ? rl == 16 : rc == RDATA_TRAILING ?
	    rl > 16 : rl < 16 && rc == WIRE_ESHORT);
	rc = rdata_name(msg, len, rr->rdata, rl, &n);
	fuzz_check_name(&n);
	FUZZ_CHECK(rc == WIRE_OK || rc == RDATA_TRAILING || rc > 0);
	rc = rdata_soa(msg, len, rr->rdata, rl, &soa);
	fuzz_check_name(&soa.mname);
	fuzz_check_name(&soa.rname);
	FUZZ_CHECK(rc != WIRE_OK || rl >= 22);
	rc = rdata_tsig(msg, len, rr->rdata, rl, &t);
	fuzz_check_name(&t.alg);
	if (rc == WIRE_OK || rc == RDATA_TRAILING) {
		FUZZ_CHECK(inside(t.mac, t.mac_len, rd, rl));
		FUZZ_CHECK(inside(t.other, t.other_len, rd, rl));
		FUZZ_CHECK(t.time <= 0xffffffffffffULL);
	} else
		FUZZ_CHECK(t.mac == NULL && t.other == NULL);
}

/* Every record the dump walks, through the decoders. */
static void
check_records(const uint8_t *msg, size_t len)
{
	struct wire	 w;
	struct dns_header h;
	struct dns_rr	 rr;
	unsigned long	 i, total;

	wire_reader(&w, msg, len);
	wire_get_header(&w, &h);
	for (i = 0; i < h.qdcount && w.error == WIRE_OK; i++)
		wire_skip_question(&w);
	total = (unsigned long)h.ancount + h.nscount + h.arcount;
	/* Each record is at least 11 bytes: the error ends the loop. */
	for (i = 0; i < total && w.error == WIRE_OK; i++) {
		wire_get_rr(&w, &rr);
		if (w.error == WIRE_OK)
			check_rr(msg, len, &rr);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t	 len;

	if (size < 1)
		return 0;
	fuzz_log_reset();
	dump_message(data[0] & 1, (data[0] & 2) ? "[::1]:53" : "127.0.0.1",
	    data + 1, size - 1);
	(void)fuzz_log_check(PROG, &len);
	check_records(data + 1, size - 1);
	return 0;
}
