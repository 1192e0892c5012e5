/* SPDX-License-Identifier: ISC */
/*
 * RFC 2136 UPDATE messages and their answers.
 *
 * How the vectors were obtained (BIND 9.18.49, Debian bookworm):
 *
 * NSUPDATE_ADD, NSUPDATE_DELETE: `sh tests/vectors/capture-nsupdate.sh`.
 *   In a private network namespace (unshare -rn) a python3 listener on
 *   127.0.0.1:5300 saved the first datagram of
 *     nsupdate -t 2 -u 1 -r 0  <<  server 127.0.0.1 5300
 *                                  zone acmesh.example.net.
 *                                  update add _acme-challenge.acmesh.
 *                                    example.net. 60 TXT "<VALUE>"
 *                                  send
 *   and of the same with `update delete _acme-challenge.acmesh.example.net.
 *   TXT "<VALUE>"` (no key: unsigned; nsupdate then times out).
 *   Files: tests/vectors/update-nsupdate-{add,delete}.hex.
 *   nsupdate compresses the owner name (c0 0c, the zone at offset 12) and
 *   we write names uncompressed, so these are not compared byte for byte:
 *   both are parsed with the wire cursor and every field must be equal.
 *
 * OURS_ADD, OURS_DELETE: `sh tests/vectors/update-named-check.sh`.  A
 *   python3 script builds the two messages straight from RFC 1035/2136
 *   (not from our C code), uncompressed, with the IDs nsupdate used; they
 *   are sent to a real named (primary for acmesh.example.net with
 *   allow-update { any; }, for that check only) in a private network
 *   namespace, and the script fails unless `dig TXT` shows the value after
 *   the add, not after the delete, and another value at the same name
 *   both times.  Files: tests/vectors/update-ours-{add,delete}.hex.
 *   update_build must produce these byte for byte.
 *
 * NAMED_ADD_ANSWER, NAMED_DELETE_ANSWER, NAMED_FORMERR, NAMED_NOTAUTH:
 *   named's answers in that same run: to the add, to the delete, to the
 *   add with ZOCOUNT set to 2, and to an add for example.org (a zone that
 *   named does not serve).  Files: tests/vectors/update-named-*.hex.
 */

#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "dns/update.h"
#include "dns/wire.h"

#define VALUE	"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"
#define ZONE	"acmesh.example.net."
#define OWNER	"_acme-challenge.acmesh.example.net."

#define NSUPDATE_ADD \
	"af8a280000010000000100000661636d657368076578616d706c65036e6574" \
	"00000600010f5f61636d652d6368616c6c656e6765c00c001000010000003c" \
	"002c2b4c6f71586359563871354f4e624a5178626d52375343544e6f337469" \
	"415844666f77796a78416a45755830"
#define NSUPDATE_DELETE \
	"2cdb280000010000000100000661636d657368076578616d706c65036e6574" \
	"00000600010f5f61636d652d6368616c6c656e6765c00c001000fe00000000" \
	"002c2b4c6f71586359563871354f4e624a5178626d52375343544e6f337469" \
	"415844666f77796a78416a45755830"
#define OURS_ADD \
	"af8a280000010000000100000661636d657368076578616d706c65036e6574" \
	"00000600010f5f61636d652d6368616c6c656e67650661636d65736807657861" \
	"6d706c65036e657400001000010000003c002c2b4c6f71586359563871354f4e" \
	"624a5178626d52375343544e6f337469415844666f77796a78416a45755830"
#define OURS_DELETE \
	"2cdb280000010000000100000661636d657368076578616d706c65036e6574" \
	"00000600010f5f61636d652d6368616c6c656e67650661636d65736807657861" \
	"6d706c65036e657400001000fe00000000002c2b4c6f71586359563871354f4e" \
	"624a5178626d52375343544e6f337469415844666f77796a78416a45755830"
#define NAMED_ADD_ANSWER \
	"af8aa80000010000000000000661636d657368076578616d706c65036e6574" \
	"0000060001"
#define NAMED_DELETE_ANSWER \
	"2cdba80000010000000000000661636d657368076578616d706c65036e6574" \
	"0000060001"
#define NAMED_FORMERR \
	"af8aa80100010000000000000661636d657368076578616d706c65036e6574" \
	"0000060001"
#define NAMED_NOTAUTH \
	"af8aa8090001000000000000076578616d706c65036f72670000060001"

static struct txt_record
record(const char *owner, const char *value)
{
	struct txt_record r;

	memset(&r, 0, sizeof(r));
	r.owner = unit_name(owner);
	strcpy(r.value, value);
	return r;
}

/*
 * Parse two UPDATE messages with the cursor and check that they say the
 * same thing: header, zone section, and every update RR (owner, type,
 * class, TTL and RDATA), each message ending after its last record.
 */
static int
same_update(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	struct wire wa, wb;
	struct dns_header ha, hb;
	struct dns_rr ra, rb;
	struct dname za, zb;
	unsigned i;
	int	 ok = 1;

	wire_reader(&wa, a, alen);
	wire_reader(&wb, b, blen);
	wire_get_header(&wa, &ha);
	wire_get_header(&wb, &hb);
	ok &= memcmp(&ha, &hb, sizeof(ha)) == 0 && ha.qdcount == 1 &&
	    ha.ancount == 0 && ha.arcount == 0;
	wire_get_dname(&wa, &za);
	wire_get_dname(&wb, &zb);
	ok &= dname_equal(&za, &zb) && memcmp(za.data, zb.data, za.len) == 0;
	ok &= wire_get_u16(&wa) == wire_get_u16(&wb);
	ok &= wire_get_u16(&wa) == wire_get_u16(&wb);
	for (i = 0; i < ha.nscount && ok; i++) {
		wire_get_rr(&wa, &ra);
		wire_get_rr(&wb, &rb);
		ok &= ra.owner.len == rb.owner.len &&
		    memcmp(ra.owner.data, rb.owner.data, ra.owner.len) == 0;
		ok &= ra.type == rb.type && ra.class == rb.class &&
		    ra.ttl == rb.ttl && ra.rdlength == rb.rdlength;
		ok &= wa.error == WIRE_OK && wb.error == WIRE_OK &&
		    memcmp(a + ra.rdata, b + rb.rdata, ra.rdlength) == 0;
	}
	ok &= wa.error == WIRE_OK && wb.error == WIRE_OK &&
	    wire_left(&wa) == 0 && wire_left(&wb) == 0;
	return ok;
}

static void
test_build_vectors(void)
{
	struct txt_record rec;
	struct dname zone;
	struct wire w;
	uint8_t	 buf[DNS_UDP_MAX], *want, *ns;
	size_t	 wlen, nlen;

	zone = unit_name(ZONE);
	rec = record(OWNER, VALUE);

	/* Add: byte for byte what named accepted. */
	wire_writer(&w, buf, sizeof(buf));
	UNIT_CHECK(update_build(&w, 0xaf8a, &zone, UPDATE_ADD, 60, &rec,
	    1) == 0);
	want = unit_hex(OURS_ADD, &wlen);
	UNIT_EQ_BYTES(buf, w.pos, want, wlen);
	/* ...and field for field what nsupdate sent. */
	ns = unit_hex(NSUPDATE_ADD, &nlen);
	UNIT_CHECK(same_update(buf, w.pos, ns, nlen));
	UNIT_CHECK(same_update(want, wlen, ns, nlen));
	free(want);

	/* The comparison itself sees a difference. */
	ns[nlen - 1] ^= 1;
	UNIT_CHECK(!same_update(buf, w.pos, ns, nlen));
	free(ns);

	/* Delete: class NONE, TTL 0 whatever `ttl` says. */
	wire_writer(&w, buf, sizeof(buf));
	UNIT_CHECK(update_build(&w, 0x2cdb, &zone, UPDATE_DELETE, 60, &rec,
	    1) == 0);
	want = unit_hex(OURS_DELETE, &wlen);
	UNIT_EQ_BYTES(buf, w.pos, want, wlen);
	ns = unit_hex(NSUPDATE_DELETE, &nlen);
	UNIT_CHECK(same_update(buf, w.pos, ns, nlen));
	free(ns);

	/* A buffer one byte short fails; the exact size works. */
	wire_writer(&w, buf, wlen - 1);
	UNIT_CHECK(update_build(&w, 0x2cdb, &zone, UPDATE_DELETE, 0, &rec,
	    1) == -1);
	wire_writer(&w, buf, wlen);
	UNIT_CHECK(update_build(&w, 0x2cdb, &zone, UPDATE_DELETE, 0, &rec,
	    1) == 0);
	UNIT_EQ_BYTES(buf, w.pos, want, wlen);
	free(want);
}

static void
test_build_other(void)
{
	struct txt_record recs[2];
	struct dname zone;
	struct wire w, r;
	struct dns_header h;
	struct dns_rr rr;
	uint8_t	 buf[1024];
	char	 long_value[TXT_VALUE_MAX + 1];

	zone = unit_name(ZONE);

	/* Owners outside the zone, including a suffix that is no label. */
	recs[0] = record("_acme-challenge.example.net.", VALUE);
	wire_writer(&w, buf, sizeof(buf));
	UNIT_CHECK(update_build(&w, 1, &zone, UPDATE_ADD, 60, recs, 1) ==
	    -1);
	recs[0] = record("_acme-challenge.xacmesh.example.net.", VALUE);
	wire_writer(&w, buf, sizeof(buf));
	UNIT_CHECK(update_build(&w, 1, &zone, UPDATE_ADD, 60, recs, 1) ==
	    -1);
	/* One bad record spoils the message. */
	recs[0] = record(OWNER, VALUE);
	recs[1] = record("net.", VALUE);
	wire_writer(&w, buf, sizeof(buf));
	UNIT_CHECK(update_build(&w, 1, &zone, UPDATE_ADD, 60, recs, 2) ==
	    -1);
	/* A value without its NUL is refused, not read past. */
	memset(recs[1].value, 'a', sizeof(recs[1].value));
	recs[1].owner = unit_name(OWNER);
	wire_writer(&w, buf, sizeof(buf));
	UNIT_CHECK(update_build(&w, 1, &zone, UPDATE_ADD, 60, recs, 2) ==
	    -1);

	/* Two records, the zone apex, and a 255-octet value. */
	memset(long_value, 'v', TXT_VALUE_MAX);
	long_value[TXT_VALUE_MAX] = '\0';
	recs[0] = record("ACMESH.example.net", "x");
	recs[1] = record("a.b." OWNER, long_value);
	wire_writer(&w, buf, sizeof(buf));
	UNIT_CHECK(update_build(&w, 0x0102, &zone, UPDATE_ADD, 3600, recs,
	    2) == 0);
	wire_reader(&r, buf, w.pos);
	wire_get_header(&r, &h);
	UNIT_CHECK(h.id == 0x0102 && h.flags == 0x2800 && h.qdcount == 1 &&
	    h.ancount == 0 && h.nscount == 2 && h.arcount == 0);
	wire_skip_question(&r);
	wire_get_rr(&r, &rr);
	UNIT_CHECK(dname_equal(&rr.owner, &zone) && rr.ttl == 3600 &&
	    rr.rdlength == 2 && buf[rr.rdata] == 1 &&
	    buf[rr.rdata + 1] == 'x');
	wire_get_rr(&r, &rr);
	UNIT_CHECK(rr.type == DNS_TYPE_TXT && rr.class == DNS_CLASS_IN &&
	    rr.rdlength == 256 && buf[rr.rdata] == 255 &&
	    buf[rr.rdata + 255] == 'v');
	UNIT_CHECK(r.error == WIRE_OK && wire_left(&r) == 0);

	/* An empty value is one empty string. */
	recs[0] = record(OWNER, "");
	wire_writer(&w, buf, sizeof(buf));
	UNIT_CHECK(update_build(&w, 7, &zone, UPDATE_DELETE, 60, recs, 1) ==
	    0);
	wire_reader(&r, buf, w.pos);
	wire_get_header(&r, &h);
	wire_skip_question(&r);
	wire_get_rr(&r, &rr);
	UNIT_CHECK(rr.class == DNS_CLASS_NONE && rr.ttl == 0 &&
	    rr.rdlength == 1 && buf[rr.rdata] == 0 && wire_left(&r) == 0);

	/* A cursor already in error stays failed. */
	wire_writer(&w, buf, sizeof(buf));
	wire_seek(&w, 5);
	recs[0] = record(OWNER, VALUE);
	UNIT_CHECK(update_build(&w, 7, &zone, UPDATE_ADD, 60, recs, 1) ==
	    -1);
}

/* update_check_answer() on a copy of `hex` with one byte changed. */
static int
check_mutated(const char *hex, size_t at, uint8_t v, uint16_t id,
    const char *zone_text, uint16_t *rcode)
{
	struct dname zone;
	uint8_t	*msg;
	size_t	 len;
	int	 rc;

	zone = unit_name(zone_text);
	msg = unit_hex(hex, &len);
	if (at < len)
		msg[at] = v;
	rc = update_check_answer(msg, len, id, &zone, rcode);
	free(msg);
	return rc;
}

static void
test_check_answer(void)
{
	struct dname zone;
	uint8_t	*msg, big[600];
	size_t	 len;
	uint16_t rcode;

	zone = unit_name(ZONE);
	msg = unit_hex(NAMED_ADD_ANSWER, &len);
	rcode = 99;
	UNIT_CHECK(update_check_answer(msg, len, 0xaf8a, &zone, &rcode) ==
	    0 && rcode == DNS_RCODE_NOERROR);
	/* Wrong ID (both bytes), cut short, and 0, 1, 11 bytes. */
	UNIT_CHECK(update_check_answer(msg, len, 0xaf8b, &zone, &rcode) ==
	    -1);
	UNIT_CHECK(update_check_answer(msg, len, 0x8aaf, &zone, &rcode) ==
	    -1);
	UNIT_CHECK(update_check_answer(msg, len - 1, 0xaf8a, &zone,
	    &rcode) == -1);
	UNIT_CHECK(update_check_answer(NULL, 0, 0xaf8a, &zone, &rcode) ==
	    -1);
	UNIT_CHECK(update_check_answer(msg, 1, 0xaf8a, &zone, &rcode) ==
	    -1);
	UNIT_CHECK(update_check_answer(msg, 11, 0xaf8a, &zone, &rcode) ==
	    -1);
	/* Trailing bytes after what the counts announce are ignored. */
	memcpy(big, msg, len);
	memset(big + len, 0, 10);
	UNIT_CHECK(update_check_answer(big, len + 10, 0xaf8a, &zone,
	    &rcode) == 0);
	free(msg);

	msg = unit_hex(NAMED_DELETE_ANSWER, &len);
	UNIT_CHECK(update_check_answer(msg, len, 0x2cdb, &zone, &rcode) ==
	    0 && rcode == DNS_RCODE_NOERROR);
	free(msg);

	/* Mutations of the add answer (flags a8 00 at bytes 2-3). */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 0, 0xaf, 0xaf8a, ZONE,
	    &rcode) == 0);			/* unchanged: the control */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 2, 0x28, 0xaf8a, ZONE,
	    &rcode) == -1);			/* QR = 0: our own request */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 2, 0x80, 0xaf8a, ZONE,
	    &rcode) == -1);			/* opcode QUERY */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 2, 0xa0, 0xaf8a, ZONE,
	    &rcode) == -1);			/* opcode 4, NOTIFY */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 2, 0xac, 0xaf8a, ZONE,
	    &rcode) == 0);			/* AA set: still ours */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 0, 0xaf, 0xaf8a,
	    "example.net.", &rcode) == -1);	/* another zone */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 13, 'b', 0xaf8a, ZONE,
	    &rcode) == -1);			/* bcmesh.example.net */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 13, 'A', 0xaf8a, ZONE,
	    &rcode) == 0);			/* case does not matter */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 33, 2, 0xaf8a, ZONE,
	    &rcode) == -1);			/* zone type NS */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 35, 3, 0xaf8a, ZONE,
	    &rcode) == -1);			/* zone class CH */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 5, 2, 0xaf8a, ZONE,
	    &rcode) == -1);			/* ZOCOUNT 2 */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 5, 0, 0xaf8a, ZONE,
	    &rcode) == -1);			/* NOERROR, no zone */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 11, 1, 0xaf8a, ZONE,
	    &rcode) == -1);			/* ARCOUNT 1, no record */
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 12, 0xc0, 0xaf8a, ZONE,
	    &rcode) == -1);			/* zone name a bad pointer */
	rcode = 99;
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 3, 0x05, 0xaf8a, ZONE,
	    &rcode) == 0 && rcode == DNS_RCODE_REFUSED);
	UNIT_CHECK(check_mutated(NAMED_ADD_ANSWER, 3, 0x02, 0xaf8a, ZONE,
	    &rcode) == 0 && rcode == DNS_RCODE_SERVFAIL);

	/* Real error answers. */
	rcode = 99;
	UNIT_CHECK(check_mutated(NAMED_FORMERR, 0, 0xaf, 0xaf8a, ZONE,
	    &rcode) == 0 && rcode == DNS_RCODE_FORMERR);
	/* An error answer without a zone section still tells its RCODE. */
	rcode = 99;
	UNIT_CHECK(check_mutated(NAMED_FORMERR, 5, 0, 0xaf8a, ZONE,
	    &rcode) == 0 && rcode == DNS_RCODE_FORMERR);
	rcode = 99;
	UNIT_CHECK(check_mutated(NAMED_NOTAUTH, 0, 0xaf, 0xaf8a,
	    "example.org", &rcode) == 0 && rcode == DNS_RCODE_NOTAUTH);
	UNIT_CHECK(check_mutated(NAMED_NOTAUTH, 0, 0xaf, 0xaf8a, ZONE,
	    &rcode) == -1);

	/* Our own request is not an answer to itself. */
	msg = unit_hex(OURS_ADD, &len);
	UNIT_CHECK(update_check_answer(msg, len, 0xaf8a, &zone, &rcode) ==
	    -1);
	msg[2] |= 0x80;		/* with QR: a well-formed echo is fine */
	UNIT_CHECK(update_check_answer(msg, len, 0xaf8a, &zone, &rcode) ==
	    0);
	msg[len - 44 - 1] = 45;	/* RDLENGTH past the end */
	UNIT_CHECK(update_check_answer(msg, len, 0xaf8a, &zone, &rcode) ==
	    -1);
	free(msg);
}

static void
test_names_and_values(void)
{
	UNIT_CHECK(strcmp(dns_rcode_name(0), "NOERROR") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(1), "FORMERR") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(2), "SERVFAIL") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(3), "NXDOMAIN") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(4), "NOTIMP") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(5), "REFUSED") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(6), "YXDOMAIN") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(7), "YXRRSET") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(8), "NXRRSET") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(9), "NOTAUTH") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(10), "NOTZONE") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(16), "BADSIG") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(17), "BADKEY") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(18), "BADTIME") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(22), "BADTRUNC") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(11), "RCODE11") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(42), "RCODE42") == 0);
	UNIT_CHECK(strcmp(dns_rcode_name(4294967295u), "RCODE4294967295") ==
	    0);

	UNIT_CHECK(dns_txt_value_ok(VALUE) == 1);
	UNIT_CHECK(dns_txt_value_ok("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01234")
	    == 1);
	UNIT_CHECK(dns_txt_value_ok(VALUE "A") == 0);		/* 44 */
	UNIT_CHECK(dns_txt_value_ok("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX")
	    == 0);						/* 42 */
	UNIT_CHECK(dns_txt_value_ok("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX=")
	    == 0);
	UNIT_CHECK(dns_txt_value_ok("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEu+0")
	    == 0);
	UNIT_CHECK(dns_txt_value_ok("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEu/0")
	    == 0);
	UNIT_CHECK(dns_txt_value_ok("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEu 0")
	    == 0);
	UNIT_CHECK(dns_txt_value_ok("\"oqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0")
	    == 0);
	UNIT_CHECK(dns_txt_value_ok("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX\n")
	    == 0);
	UNIT_CHECK(dns_txt_value_ok("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX"
	    "\xc3") == 0);
	UNIT_CHECK(dns_txt_value_ok("") == 0 && dns_txt_value_ok(NULL) == 0);
}

int
main(void)
{
	test_build_vectors();
	test_build_other();
	test_check_answer();
	test_names_and_values();
	return unit_done("update");
}
