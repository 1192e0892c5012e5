/* SPDX-License-Identifier: ISC */
/*
 * The RDATA decoders (rdata.h), on answers real servers sent.
 *
 * Where the vectors come from:
 * - KNOT_SOA, KNOT_AAAA: knotd's answers to `dig +norec SOA` and `AAAA`
 *   (tests/fuzz/capture-seeds.sh, saved as
 *   tests/fuzz/corpus/fuzz_answer/knot-soa and knot-aaaa).  The SOA's
 *   MNAME and RNAME end in a compression pointer to the question (c0 0c).
 * - NAMED_BADTIME: named's BADTIME answer to a signed UPDATE, the
 *   "badtime" vector of tests/vectors/tsig-vectors.h; its TSIG RDATA ends
 *   in 6 bytes of other data, the server's clock.
 * - The A record and the broken RDATA are built here from these bytes.
 * - The -vv lines of test_dump() are what dump_message() printed for
 *   these answers before it shared these decoders.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/dump.h"
#include "sys/log.h"
#include "dns/rdata.h"
#include "unit.h"
#include "dns/wire.h"

#define KNOT_SOA \
	"100d840000010001000000000661636d657368076578616d706c65036e6574" \
	"0000060001c00c000600010000012c0027036e7331c00c0a686f73746d6173" \
	"746572c00c78b333b500000e1000000258000151800000012c"

#define KNOT_AAAA \
	"10138400000100010000000004686f73740661636d657368076578616d706c" \
	"65036e657400001c0001c00c001c00010000012c001020010db80000000000" \
	"00000000000007"

#define NAMED_BADTIME \
	"f751a80900010000000000010661636d657368076578616d706c65036e6574" \
	"00000600010b61636d652d7368613235360000fa00ff0000000000430b686d" \
	"61632d7368613235360000006b0bff61012c002094e0e1c452899c33492355" \
	"802cf28ec08f78a062a4d8f8bcdf6fee7cc8a1353df7510012000600006b0c" \
	"0d71"

/* NAMED_BADTIME with 7 bytes of other data said, 6 there. */
#define OTHER_LONG \
	"f751a80900010000000000010661636d657368076578616d706c65036e6574" \
	"00000600010b61636d652d7368613235360000fa00ff0000000000430b686d" \
	"61632d7368613235360000006b0bff61012c002094e0e1c452899c33492355" \
	"802cf28ec08f78a062a4d8f8bcdf6fee7cc8a1353df7510012000700006b0c" \
	"0d71"

/* The first record after the one question, read as the logic reads it. */
static struct dns_rr
first_rr(const uint8_t *msg, size_t len)
{
	struct wire	 w;
	struct dns_header h;
	struct dns_rr	 rr;

	wire_reader(&w, msg, len);
	wire_get_header(&w, &h);
	wire_skip_question(&w);
	wire_get_rr(&w, &rr);
	if (w.error != WIRE_OK)
		abort();
	return rr;
}

static int
is_text(const struct dname *n, const char *text)
{
	struct dname	 want = unit_name(text);

	return dname_equal(n, &want) && n->len == want.len &&
	    memcmp(n->data, want.data, n->len) == 0;
}

/* The decoder of `type`, for the cases every decoder shares. */
static int
decode(uint16_t type, const uint8_t *m, size_t l, size_t o, size_t n,
    void *out)
{
	switch (type) {
	case DNS_TYPE_A:
		return rdata_a(m, l, o, n, out);
	case DNS_TYPE_AAAA:
		return rdata_aaaa(m, l, o, n, out);
	case DNS_TYPE_SOA:
		return rdata_soa(m, l, o, n, out);
	case DNS_TYPE_TSIG:
		return rdata_tsig(m, l, o, n, out);
	default:
		return rdata_name(m, l, o, n, out);
	}
}

/*
 * What every decoder must do with RDATA of `rdlen` at `off` that it reads
 * whole: any shorter RDATA, or a message cut inside the RDATA, is a wire
 * error; one more byte of RDATA is RDATA_TRAILING; RDATA outside the
 * message is WIRE_ESHORT.
 */
static void
check_bounds(uint16_t type, const uint8_t *msg, size_t len, size_t off,
    size_t rdlen)
{
	union {
		struct rdata_soa soa;
		struct rdata_tsig tsig;
		struct rdata_addr addr;
		struct dname	 name;
	} out;
	uint8_t		*longer;
	size_t		 k;
	int		 rc, all_short = 1, all_cut = 1;

	UNIT_CHECK(decode(type, msg, len, off, rdlen, &out) == WIRE_OK);
	for (k = 0; k < rdlen; k++) {
		rc = decode(type, msg, len, off, k, &out);
		if (rc == WIRE_OK || rc == RDATA_TRAILING || rc < 0)
			all_short = 0;
		/* The message itself ends inside the RDATA. */
		if (decode(type, msg, off + k, off, rdlen, &out) != WIRE_ESHORT)
			all_cut = 0;
	}
	UNIT_CHECK(all_short);
	UNIT_CHECK(all_cut);

	/* A byte more of RDATA, after the fields. */
	longer = malloc(len + 1);
	if (longer == NULL)
		abort();
	memcpy(longer, msg, len);
	longer[len] = 0;
	UNIT_CHECK(decode(type, longer, len + 1, off, rdlen + 1, &out) ==
	    RDATA_TRAILING);
	free(longer);

	UNIT_CHECK(decode(type, msg, len, len + 1, 0, &out) == WIRE_ESHORT);
	UNIT_CHECK(decode(type, msg, len, off, SIZE_MAX, &out) == WIRE_ESHORT);
	UNIT_CHECK(decode(type, msg, len, SIZE_MAX, 2, &out) == WIRE_ESHORT);
	UNIT_CHECK(decode(type, NULL, 0, 0, 0, &out) == WIRE_ESHORT);
}

static void
test_soa(void)
{
	struct rdata_soa soa;
	struct dns_rr	 rr;
	uint8_t		*m;
	size_t		 len;

	m = unit_hex(KNOT_SOA, &len);
	rr = first_rr(m, len);
	UNIT_CHECK(rr.type == DNS_TYPE_SOA && rr.rdata == 48 &&
	    rr.rdlength == 39 && rr.rdata + rr.rdlength == len);
	UNIT_CHECK(rdata_soa(m, len, rr.rdata, rr.rdlength, &soa) == WIRE_OK);
	UNIT_CHECK(is_text(&soa.mname, "ns1.acmesh.example.net"));
	UNIT_CHECK(is_text(&soa.rname, "hostmaster.acmesh.example.net"));
	UNIT_CHECK(soa.serial == 2025010101u && soa.refresh == 3600 &&
	    soa.retry == 600 && soa.expire == 86400 && soa.minimum == 300);
	check_bounds(DNS_TYPE_SOA, m, len, rr.rdata, rr.rdlength);

	/* MNAME's pointer (c0 0c at 52) made to point forward, into itself. */
	m[53] = 52;
	UNIT_CHECK(rdata_soa(m, len, rr.rdata, rr.rdlength, &soa) ==
	    WIRE_EPOINTER);
	/* Into the header: no name is there. */
	m[53] = 4;
	UNIT_CHECK(rdata_soa(m, len, rr.rdata, rr.rdlength, &soa) ==
	    WIRE_EPOINTER);
	/* RNAME's pointer (c0 0c at 65) to MNAME, inside the same RDATA. */
	m[53] = 0x0c;
	m[66] = 48;
	UNIT_CHECK(rdata_soa(m, len, rr.rdata, rr.rdlength, &soa) == WIRE_OK);
	UNIT_CHECK(is_text(&soa.rname, "hostmaster.ns1.acmesh.example.net"));
	/* A label type that does not exist (01). */
	m[48] = 0x43;
	UNIT_CHECK(rdata_soa(m, len, rr.rdata, rr.rdlength, &soa) ==
	    WIRE_ENAME);
	free(m);
}

static void
test_addresses(void)
{
	static const uint8_t want6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 7 };
	struct rdata_addr ad;
	struct dns_rr	 rr;
	uint8_t		*m;
	size_t		 len;

	m = unit_hex(KNOT_AAAA, &len);
	rr = first_rr(m, len);
	UNIT_CHECK(rr.type == DNS_TYPE_AAAA && rr.rdlength == 16);
	UNIT_CHECK(rdata_aaaa(m, len, rr.rdata, rr.rdlength, &ad) == WIRE_OK);
	UNIT_EQ_BYTES(ad.addr, ad.len, want6, sizeof(want6));
	check_bounds(DNS_TYPE_AAAA, m, len, rr.rdata, rr.rdlength);
	/* Sixteen bytes are not an A record. */
	UNIT_CHECK(rdata_a(m, len, rr.rdata, rr.rdlength, &ad) ==
	    RDATA_TRAILING);

	/* The last four bytes as an A record's RDATA: 0.0.0.7. */
	UNIT_CHECK(rdata_a(m, len, len - 4, 4, &ad) == WIRE_OK);
	UNIT_EQ_BYTES(ad.addr, ad.len, want6 + 12, 4);
	check_bounds(DNS_TYPE_A, m, len, len - 4, 4);
	UNIT_CHECK(rdata_aaaa(m, len, len - 4, 4, &ad) == WIRE_ESHORT);
	free(m);
}

static void
test_name(void)
{
	struct dname	 n;
	uint8_t		*m;
	size_t		 len;

	/* SOA's MNAME alone, "ns1" and a pointer, as an NS's RDATA. */
	m = unit_hex(KNOT_SOA, &len);
	UNIT_CHECK(rdata_name(m, len, 48, 6, &n) == WIRE_OK);
	UNIT_CHECK(is_text(&n, "ns1.acmesh.example.net"));
	check_bounds(DNS_TYPE_NS, m, len, 48, 6);
	/* RNAME after it: both names in 6 bytes leave the second one. */
	UNIT_CHECK(rdata_name(m, len, 48, 7, &n) == RDATA_TRAILING);
	/* A pointer to itself. */
	m[53] = 52;
	UNIT_CHECK(rdata_name(m, len, 48, 6, &n) == WIRE_EPOINTER);
	UNIT_CHECK(n.len == 1 && n.data[0] == 0);
	free(m);
}

static void
test_tsig(void)
{
	static const uint8_t other[6] = { 0, 0, 0x6b, 0x0c, 0x0d, 0x71 };
	struct rdata_tsig t;
	struct dns_rr	 rr;
	uint8_t		*m;
	size_t		 len;

	m = unit_hex(NAMED_BADTIME, &len);
	rr = first_rr(m, len);
	UNIT_CHECK(rr.type == DNS_TYPE_TSIG &&
	    rr.start == 36 && rr.rdata + rr.rdlength == len);
	UNIT_CHECK(rdata_tsig(m, len, rr.rdata, rr.rdlength, &t) == WIRE_OK);
	UNIT_CHECK(is_text(&t.alg, "hmac-sha256"));
	UNIT_CHECK(t.time == 1795948385u && t.fudge == 300);
	UNIT_CHECK(t.mac_len == 32 && t.mac == m + rr.rdata + 13 + 10);
	UNIT_CHECK(t.mac[0] == 0x94 && t.mac[31] == 0x3d);
	UNIT_CHECK(t.orig_id == 0xf751 && t.error == DNS_RCODE_BADTIME);
	UNIT_CHECK(t.other_len == 6 && t.other == m + len - 6);
	UNIT_EQ_BYTES(t.other, t.other_len, other, sizeof(other));
	check_bounds(DNS_TYPE_TSIG, m, len, rr.rdata, rr.rdlength);
	/* A short RDATA hands out no pointer that may lie past it. */
	UNIT_CHECK(rdata_tsig(m, len, rr.rdata, rr.rdlength - 1, &t) ==
	    WIRE_ESHORT && t.mac == NULL && t.other == NULL);
	/* A MAC size past the RDATA. */
	m[rr.rdata + 13 + 8] = 0xff;
	UNIT_CHECK(rdata_tsig(m, len, rr.rdata, rr.rdlength, &t) ==
	    WIRE_ESHORT);
	free(m);
}

/* What dump_message() logs for `hex`, through a scratch file as fd 2. */
static char *
dump_text(const char *hex, size_t cut)
{
	static char	 out[4096];
	uint8_t		*m;
	size_t		 len;
	ssize_t		 n;
	FILE		*f;
	int		 saved;

	m = unit_hex(hex, &len);
	if ((f = tmpfile()) == NULL || (saved = dup(2)) == -1)
		abort();
	fflush(stderr);
	if (dup2(fileno(f), 2) == -1)
		abort();
	dump_message(0, "127.0.0.1", m, len - cut);
	fflush(stderr);
	if (dup2(saved, 2) == -1)
		abort();
	close(saved);
	n = pread(fileno(f), out, sizeof(out) - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	fclose(f);
	free(m);
	return out;
}

static void
test_dump(void)
{
	log_init("test_rdata", LOG_DEBUG);
	UNIT_CHECK(strcmp(dump_text(KNOT_SOA, 0),
	    "test_rdata: debug: ;; from 127.0.0.1: 87 bytes, id 4109, QUERY, "
	    "NOERROR, flags: qr aa\n"
	    "test_rdata: debug: ;;   question: acmesh.example.net. IN SOA\n"
	    "test_rdata: debug: ;;   answer: acmesh.example.net. 300 IN SOA "
	    "ns1.acmesh.example.net. hostmaster.acmesh.example.net. "
	    "2025010101 3600 600 86400 300\n") == 0);
	UNIT_CHECK(strcmp(dump_text(KNOT_AAAA, 0),
	    "test_rdata: debug: ;; from 127.0.0.1: 69 bytes, id 4115, QUERY, "
	    "NOERROR, flags: qr aa\n"
	    "test_rdata: debug: ;;   question: host.acmesh.example.net. IN "
	    "AAAA\n"
	    "test_rdata: debug: ;;   answer: host.acmesh.example.net. 300 IN "
	    "AAAA 2001:db8::7\n") == 0);
	UNIT_CHECK(strcmp(dump_text(NAMED_BADTIME, 0),
	    "test_rdata: debug: ;; from 127.0.0.1: 126 bytes, id 63313, "
	    "UPDATE, NOTAUTH, flags: qr\n"
	    "test_rdata: debug: ;;   zone: acmesh.example.net. IN SOA\n"
	    "test_rdata: debug: ;;   additional: acme-sha256. 0 ANY TSIG "
	    "hmac-sha256. time 1795948385 fudge 300 mac (32 bytes) id 63313 "
	    "error BADTIME other (6 bytes)\n") == 0);
	/*
	 * Other data said longer than what is left of the RDATA: malformed,
	 * as tsig_verify() has it (the dump used to show the length said).
	 */
	UNIT_CHECK(strstr(dump_text(OTHER_LONG, 0), ";;   additional: "
	    "acme-sha256. 0 ANY TSIG (malformed: message truncated or buffer "
	    "too small)\n") != NULL);
	/* Cut inside the record: the RR's own length check says so. */
	UNIT_CHECK(strstr(dump_text(KNOT_SOA, 1), ";;   (malformed from "
	    "here: message truncated or buffer too small)\n") != NULL);
	log_init("test_rdata", LOG_QUIET);
}

static void
test_strerror(void)
{
	UNIT_CHECK(strcmp(rdata_strerror(RDATA_TRAILING),
	    "bytes after the last field") == 0);
	UNIT_CHECK(strcmp(rdata_strerror(WIRE_ESHORT),
	    wire_strerror(WIRE_ESHORT)) == 0);
}

int
main(void)
{
	test_soa();
	test_addresses();
	test_name();
	test_tsig();
	test_dump();
	test_strerror();
	return unit_done("test_rdata");
}
