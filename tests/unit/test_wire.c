/* SPDX-License-Identifier: ISC */
/*
 * The wire cursor and names.
 *
 * Where the vectors come from:
 * - NSUPDATE_ADD is the datagram BIND 9.18 nsupdate sent for an add of one
 *   TXT value (tests/vectors/capture-nsupdate.sh, saved as
 *   tests/vectors/update-nsupdate-add.hex); it has a real compression
 *   pointer (c0 0c) in its update section.
 * - BIND_TEXT / BIND_WIRE: a name with every kind of escape, as
 *   `named-rrchecker -p` prints it and `named-rrchecker -u` encodes it:
 *     printf 'IN CNAME a\\.b\\032\\255\\"x\\\\y\\;\\(\\)\\@\\$~!.Ex-am_ple.\n'
 *         | named-rrchecker -p    (and -u for the RDATA in hex)
 * - The malformed messages are built here, byte by byte, from RFC 1035
 *   4.1.4 (a name is labels, or labels ending in a pointer, 0xc0 | offset).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "dns/wire.h"

#define NSUPDATE_ADD \
	"af8a280000010000000100000661636d657368076578616d706c65036e6574" \
	"00000600010f5f61636d652d6368616c6c656e6765c00c001000010000003c" \
	"002c2b4c6f71586359563871354f4e624a5178626d52375343544e6f337469" \
	"415844666f77796a78416a45755830"

#define BIND_TEXT "a\\.b\\032\\255\\\"x\\\\y\\;\\(\\)\\@\\$~!.Ex-am_ple."
#define BIND_WIRE "10612E6220FF22785C793B282940247E210945782D616D5F706C6500"

static int
is_root(const struct dname *n)
{
	return n->len == 1 && n->data[0] == 0;
}

static void
test_integers(void)
{
	static const uint8_t in[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
	    0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0xff };
	uint8_t	 out[13], b[2];
	struct wire w;

	wire_reader(&w, in, sizeof(in));
	UNIT_CHECK(wire_left(&w) == 14);
	UNIT_CHECK(wire_get_u8(&w) == 0x01);
	UNIT_CHECK(wire_get_u16(&w) == 0x0203);
	UNIT_CHECK(wire_get_u32(&w) == 0x04050607);
	UNIT_CHECK(wire_get_u48(&w) == 0x08090a0b0c0dULL);
	UNIT_CHECK(wire_get_u8(&w) == 0xff);
	UNIT_CHECK(w.error == WIRE_OK && wire_left(&w) == 0);
	UNIT_CHECK(wire_get_u8(&w) == 0 && w.error == WIRE_ESHORT);

	/* The largest values, and a 48-bit TSIG time with its top bits. */
	wire_reader(&w, (const uint8_t *)"\xff\xff\xff\xff\xff\xff", 6);
	UNIT_CHECK(wire_get_u48(&w) == 0xffffffffffffULL);
	wire_reader(&w, (const uint8_t *)"\x00\x01\x65\x6f\x3e\x80", 6);
	UNIT_CHECK(wire_get_u48(&w) == 0x0001656f3e80ULL);

	wire_writer(&w, out, sizeof(out));
	wire_put_u8(&w, 0x01);
	wire_put_u16(&w, 0x0203);
	wire_put_u32(&w, 0x04050607);
	wire_put_u48(&w, 0x08090a0b0c0dULL);
	UNIT_CHECK(w.error == WIRE_OK && w.pos == 13);
	UNIT_EQ_BYTES(out, w.pos, in, 13);

	/* A value that does not fit 48 bits is refused, nothing written. */
	wire_writer(&w, out, sizeof(out));
	wire_put_u48(&w, 1ULL << 48);
	UNIT_CHECK(w.error == WIRE_ERANGE && w.pos == 0);

	/* Bytes, and the exact fit. */
	wire_writer(&w, b, sizeof(b));
	wire_put_bytes(&w, (const uint8_t *)"\xaa\xbb", 2);
	UNIT_CHECK(w.error == WIRE_OK && wire_left(&w) == 0);
	UNIT_CHECK(b[0] == 0xaa && b[1] == 0xbb);
	wire_put_u8(&w, 1);
	UNIT_CHECK(w.error == WIRE_ESHORT);
}

static void
test_sticky(void)
{
	static const uint8_t in[] = { 0x11, 0x22, 0x33 };
	uint8_t	 dst[4], buf[4];
	struct dname n;
	struct wire w;

	/* A failed read returns 0, moves nothing, and poisons the rest. */
	wire_reader(&w, in, sizeof(in));
	UNIT_CHECK(wire_get_u32(&w) == 0);
	UNIT_CHECK(w.error == WIRE_ESHORT && w.pos == 0);
	UNIT_CHECK(wire_left(&w) == 0);
	UNIT_CHECK(wire_get_u8(&w) == 0);	/* bytes remain, still 0 */
	UNIT_CHECK(wire_get_u16(&w) == 0);
	UNIT_CHECK(wire_get_u48(&w) == 0);
	memset(dst, 0xaa, sizeof(dst));
	wire_get_bytes(&w, dst, 2);
	UNIT_CHECK(dst[0] == 0 && dst[1] == 0 && dst[2] == 0xaa);
	n = unit_name("example.com");
	wire_get_dname(&w, &n);
	UNIT_CHECK(is_root(&n));
	wire_seek(&w, 0);
	UNIT_CHECK(w.pos == 0 && w.error == WIRE_ESHORT);

	/* The first error is the one kept. */
	wire_reader(&w, in, sizeof(in));
	wire_seek(&w, 4);
	UNIT_CHECK(w.error == WIRE_ERANGE);
	wire_get_u32(&w);
	UNIT_CHECK(w.error == WIRE_ERANGE);

	/* A short get_bytes zeroes all of dst. */
	wire_reader(&w, in, sizeof(in));
	memset(dst, 0xaa, sizeof(dst));
	wire_get_bytes(&w, dst, 4);
	UNIT_CHECK(dst[0] == 0 && dst[3] == 0 && w.error == WIRE_ESHORT);

	/* Seek and skip in a reader. */
	wire_reader(&w, in, sizeof(in));
	wire_seek(&w, 3);
	UNIT_CHECK(w.error == WIRE_OK && wire_left(&w) == 0);
	wire_seek(&w, 1);
	UNIT_CHECK(wire_get_u16(&w) == 0x2233);
	wire_seek(&w, 0);
	wire_skip(&w, 3);
	UNIT_CHECK(w.error == WIRE_OK);
	wire_skip(&w, 1);
	UNIT_CHECK(w.error == WIRE_ESHORT);

	/* A writer that runs out of room writes nothing more. */
	memset(buf, 0xee, sizeof(buf));
	wire_writer(&w, buf, 3);
	wire_put_u16(&w, 0x0102);
	wire_put_u16(&w, 0x0304);
	UNIT_CHECK(w.error == WIRE_ESHORT && w.pos == 2);
	wire_put_u8(&w, 0x05);
	UNIT_CHECK(buf[2] == 0xee && w.pos == 2);
	wire_set_u16(&w, 0, 0x9999);
	UNIT_CHECK(buf[0] == 0x01);

	/* Back-patching only inside what was written. */
	wire_writer(&w, buf, sizeof(buf));
	wire_put_u16(&w, 0);
	wire_put_u8(&w, 7);
	wire_set_u16(&w, 1, 0xabcd);
	UNIT_CHECK(w.error == WIRE_OK && buf[1] == 0xab && buf[2] == 0xcd);
	wire_set_u16(&w, 2, 0x1111);	/* byte 3 not written yet */
	UNIT_CHECK(w.error == WIRE_ERANGE && buf[2] == 0xcd);

	/* A writer seeks only back into what it wrote. */
	wire_writer(&w, buf, sizeof(buf));
	wire_put_u16(&w, 0x0102);
	wire_seek(&w, 1);
	UNIT_CHECK(w.error == WIRE_OK && w.pos == 1);
	wire_seek(&w, 3);
	UNIT_CHECK(w.error == WIRE_ERANGE);

	/* Skipping in a writer reserves zeroed room. */
	memset(buf, 0xee, sizeof(buf));
	wire_writer(&w, buf, sizeof(buf));
	wire_skip(&w, 3);
	UNIT_CHECK(w.error == WIRE_OK && buf[0] == 0 && buf[2] == 0 &&
	    buf[3] == 0xee);

	/* Reading from a writer or writing to a reader is refused. */
	wire_writer(&w, buf, sizeof(buf));
	UNIT_CHECK(wire_get_u8(&w) == 0 && w.error == WIRE_ESHORT);
	wire_reader(&w, in, sizeof(in));
	wire_put_u8(&w, 1);
	UNIT_CHECK(w.error == WIRE_ESHORT);

	UNIT_CHECK(strcmp(wire_strerror(WIRE_OK), "no error") == 0);
	UNIT_CHECK(strcmp(wire_strerror(WIRE_EPOINTER),
	    wire_strerror(WIRE_ENAME)) != 0);
	UNIT_CHECK(wire_strerror(99) != NULL);
}

/* Read a name at `at` in the hex message; return the cursor's error. */
static int
read_name_at(const char *hex, size_t at, struct dname *out, size_t *end)
{
	struct wire w;
	uint8_t	*msg;
	size_t	 len;

	msg = unit_hex(hex, &len);
	wire_reader(&w, msg, len);
	wire_seek(&w, at);
	wire_get_dname(&w, out);
	*end = w.pos;
	free(msg);
	return w.error;
}

#define HDR "000000000000000000000000"	/* 12 bytes of header */

static void
test_name_nsupdate(void)
{
	struct dns_header h;
	struct dns_rr rr;
	struct dname zone, want;
	struct wire w;
	uint8_t	*msg, rdata[44];
	size_t	 len;

	msg = unit_hex(NSUPDATE_ADD, &len);
	wire_reader(&w, msg, len);
	wire_get_header(&w, &h);
	UNIT_CHECK(h.id == 0xaf8a && h.flags == 0x2800);
	UNIT_CHECK(h.qdcount == 1 && h.ancount == 0 && h.nscount == 1 &&
	    h.arcount == 0);
	wire_get_dname(&w, &zone);
	want = unit_name("acmesh.example.net.");
	UNIT_CHECK(dname_equal(&zone, &want) && zone.len == 20);
	UNIT_CHECK(w.pos == 12 + 20);
	UNIT_CHECK(wire_get_u16(&w) == DNS_TYPE_SOA);
	UNIT_CHECK(wire_get_u16(&w) == DNS_CLASS_IN);
	wire_seek(&w, 12);
	wire_skip_question(&w);
	UNIT_CHECK(w.pos == 12 + 20 + 4);
	wire_get_rr(&w, &rr);
	UNIT_CHECK(w.error == WIRE_OK);
	UNIT_CHECK(rr.start == 36);
	/* 16 octets of label, then the pointer to offset 12. */
	UNIT_CHECK(rr.rdata == 36 + 16 + 2 + 10);
	want = unit_name("_ACME-challenge.AcmeSH.example.NET.");
	UNIT_CHECK(dname_equal(&rr.owner, &want));
	UNIT_CHECK(rr.owner.len == 36);
	UNIT_CHECK(rr.type == DNS_TYPE_TXT && rr.class == DNS_CLASS_IN);
	UNIT_CHECK(rr.ttl == 60 && rr.rdlength == 44);
	UNIT_CHECK(wire_left(&w) == 0 && w.pos == len);
	wire_seek(&w, rr.rdata);
	wire_get_bytes(&w, rdata, sizeof(rdata));
	UNIT_CHECK(rdata[0] == 43 && memcmp(rdata + 1,
	    "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0", 43) == 0);
	free(msg);
}

static void
test_name_pointers(void)
{
	struct dname n, want;
	size_t	 end, i;
	char	*hex;

	/* A chain: com at 12, example+ptr(12) at 17, www+ptr(17) at 27. */
	const char *chain = HDR "03636f6d00" "076578616d706c65c00c"
	    "03777777c011" "ff";
	UNIT_CHECK(read_name_at(chain, 27, &n, &end) == WIRE_OK);
	want = unit_name("www.example.com.");
	UNIT_CHECK(dname_equal(&n, &want) && end == 33);
	UNIT_CHECK(read_name_at(chain, 17, &n, &end) == WIRE_OK);
	want = unit_name("example.com");
	UNIT_CHECK(dname_equal(&n, &want) && end == 27);
	/* A name that is only a pointer. */
	UNIT_CHECK(read_name_at(HDR "03636f6d00c00c", 17, &n, &end) ==
	    WIRE_OK);
	UNIT_CHECK(n.len == 5 && end == 19);

	/* A pointer to itself, and a loop of two. */
	UNIT_CHECK(read_name_at(HDR "c00c", 12, &n, &end) == WIRE_EPOINTER);
	UNIT_CHECK(is_root(&n) && end == 12);
	UNIT_CHECK(read_name_at(HDR "c00ec00c", 14, &n, &end) ==
	    WIRE_EPOINTER);
	/* The label before it does not make a self pointer valid. */
	UNIT_CHECK(read_name_at(HDR "0161c00c", 12, &n, &end) ==
	    WIRE_EPOINTER);
	/* Forward: at 12 a pointer to 14, which holds a valid name. */
	UNIT_CHECK(read_name_at(HDR "c00e016100", 12, &n, &end) ==
	    WIRE_EPOINTER);
	/* Into the header: offset 5, and offset 0. */
	UNIT_CHECK(read_name_at("000001610000000000000000" "c005", 12, &n,
	    &end) == WIRE_EPOINTER);
	UNIT_CHECK(read_name_at(HDR "016100" "c000", 15, &n, &end) ==
	    WIRE_EPOINTER);
	/* Past the end of the message, and a pointer cut in half. */
	UNIT_CHECK(read_name_at(HDR "016100c0ff", 15, &n, &end) ==
	    WIRE_EPOINTER);
	UNIT_CHECK(read_name_at(HDR "016100ffff", 15, &n, &end) ==
	    WIRE_EPOINTER);
	UNIT_CHECK(read_name_at(HDR "016100c0", 15, &n, &end) ==
	    WIRE_ESHORT);
	UNIT_CHECK(is_root(&n));

	/*
	 * Hops: root at 12, then pointers at 13, 15, ... each to the one
	 * before.  The pointer at 13 + 2k takes k + 1 hops: 127 is the cap.
	 */
	hex = malloc(2 * (13 + 2 * 128) + 1);
	if (hex == NULL)
		abort();
	strcpy(hex, HDR "00c00c");
	for (i = 1; i < 128; i++)
		snprintf(hex + strlen(hex), 5, "%04zx",
		    0xc000 + 13 + 2 * (i - 1));
	UNIT_CHECK(read_name_at(hex, 13 + 2 * 126, &n, &end) == WIRE_OK);
	UNIT_CHECK(is_root(&n) && end == 13 + 2 * 127);
	UNIT_CHECK(read_name_at(hex, 13 + 2 * 127, &n, &end) ==
	    WIRE_EPOINTER);
	free(hex);
}

static void
test_name_limits(void)
{
	struct dname n;
	size_t	 end;
	char	 hex[2048];
	size_t	 i;

	/* A length octet of 64 is label type 01: not a label at all. */
	strcpy(hex, HDR "40");
	for (i = 0; i < 64; i++)
		strcat(hex, "61");
	strcat(hex, "00");
	UNIT_CHECK(read_name_at(hex, 12, &n, &end) == WIRE_ENAME);
	UNIT_CHECK(is_root(&n) && end == 12);
	/* 63 is fine. */
	strcpy(hex, HDR "3f");
	for (i = 0; i < 63; i++)
		strcat(hex, "61");
	strcat(hex, "00");
	UNIT_CHECK(read_name_at(hex, 12, &n, &end) == WIRE_OK);
	UNIT_CHECK(n.len == 65 && end == 12 + 65);

	/* Reserved label types 01 (0x40) and 10 (0x80). */
	UNIT_CHECK(read_name_at(HDR "41616100", 12, &n, &end) == WIRE_ENAME);
	UNIT_CHECK(read_name_at(HDR "81616100", 12, &n, &end) == WIRE_ENAME);
	UNIT_CHECK(read_name_at(HDR "0161" "8000", 12, &n, &end) ==
	    WIRE_ENAME);
	/* Cut inside a label, or before the terminal zero. */
	UNIT_CHECK(read_name_at(HDR "03636f", 12, &n, &end) == WIRE_ESHORT);
	UNIT_CHECK(read_name_at(HDR "03636f6d", 12, &n, &end) ==
	    WIRE_ESHORT);

	/*
	 * At 12 a 193-octet suffix (three 63-octet labels and the root);
	 * at 205 a label of 61 and a pointer: 62 + 193 = 255, fine; at 269
	 * a label of 62 and a pointer: 256 once decompressed.
	 */
	strcpy(hex, HDR);
	for (i = 0; i < 3; i++) {
		strcat(hex, "3f");
		for (end = 0; end < 63; end++)
			strcat(hex, "62");
	}
	strcat(hex, "00");
	strcat(hex, "3d");
	for (i = 0; i < 61; i++)
		strcat(hex, "63");
	strcat(hex, "c00c");
	strcat(hex, "3e");
	for (i = 0; i < 62; i++)
		strcat(hex, "64");
	strcat(hex, "c00c");
	UNIT_CHECK(read_name_at(hex, 205, &n, &end) == WIRE_OK);
	UNIT_CHECK(n.len == 255 && end == 205 + 62 + 2);
	UNIT_CHECK(read_name_at(hex, 269, &n, &end) == WIRE_ENAME);
	UNIT_CHECK(is_root(&n));
}

static void
test_rr_and_short(void)
{
	struct dns_header h;
	struct dns_rr rr;
	struct wire w;
	uint8_t	*msg;
	size_t	 len;

	/* owner "a", TXT IN 60, RDLENGTH 4 but only 3 bytes of RDATA. */
	msg = unit_hex("0161000010000100" "00003c" "0004" "026869", &len);
	wire_reader(&w, msg, len);
	wire_get_rr(&w, &rr);
	UNIT_CHECK(w.error == WIRE_ESHORT);
	UNIT_CHECK(rr.type == 0 && rr.ttl == 0 && rr.rdlength == 0 &&
	    is_root(&rr.owner));
	/* The same with RDLENGTH 3 ends exactly at the end. */
	msg[12] = 3;
	wire_reader(&w, msg, len);
	wire_get_rr(&w, &rr);
	UNIT_CHECK(w.error == WIRE_OK && wire_left(&w) == 0);
	UNIT_CHECK(rr.rdata == 13 && rr.rdlength == 3 && rr.ttl == 60);
	free(msg);
	/* A fixed part cut short. */
	msg = unit_hex("016100001000", &len);
	wire_reader(&w, msg, len);
	wire_get_rr(&w, &rr);
	UNIT_CHECK(w.error == WIRE_ESHORT);
	free(msg);

	/* Datagrams of 0, 1 and 11 bytes have no header. */
	msg = unit_hex("ab" "cd01000001000000000000ff", &len);
	wire_reader(&w, NULL, 0);
	wire_get_header(&w, &h);
	UNIT_CHECK(w.error == WIRE_ESHORT && h.id == 0);
	wire_reader(&w, msg, 1);
	wire_get_header(&w, &h);
	UNIT_CHECK(w.error == WIRE_ESHORT && h.id == 0);
	wire_reader(&w, msg, 11);
	wire_get_header(&w, &h);
	UNIT_CHECK(w.error == WIRE_ESHORT && h.id == 0 && h.flags == 0 &&
	    h.nscount == 0);
	wire_reader(&w, msg, 12);
	wire_get_header(&w, &h);
	UNIT_CHECK(w.error == WIRE_OK && h.id == 0xabcd &&
	    h.flags == 0x0100 && h.qdcount == 1 && h.arcount == 0);
	free(msg);

	/* Writing a header and a name. */
	{
		uint8_t	 buf[32];
		struct dname n = unit_name("Ab.c");
		struct dname empty;

		h.id = 0x1234;
		h.flags = 0x2800;
		h.qdcount = 1;
		h.ancount = 2;
		h.nscount = 3;
		h.arcount = 4;
		wire_writer(&w, buf, sizeof(buf));
		wire_put_header(&w, &h);
		wire_put_dname(&w, &n);
		msg = unit_hex("12342800000100020003000402416201" "6300",
		    &len);
		UNIT_CHECK(w.error == WIRE_OK);
		UNIT_EQ_BYTES(buf, w.pos, msg, len);
		free(msg);
		empty.len = 0;
		wire_put_dname(&w, &empty);
		UNIT_CHECK(w.error == WIRE_ENAME);
	}
}

static void
test_text(void)
{
	struct dname n, m;
	char	 text[DNAME_TEXT_MAX], small[6], label[80], big[300];
	uint8_t	*wire;
	size_t	 len, i;

	/* The BIND vector both ways. */
	UNIT_CHECK(dname_from_text(&n, BIND_TEXT) == 0);
	wire = unit_hex(BIND_WIRE, &len);
	UNIT_EQ_BYTES(n.data, n.len, wire, len);
	memcpy(m.data, wire, len);
	m.len = (uint8_t)len;
	dname_to_text(&m, text, sizeof(text));
	UNIT_CHECK(strcmp(text, BIND_TEXT) == 0);
	free(wire);
	/* \DDD for letters reads as the letters; case is kept. */
	UNIT_CHECK(dname_from_text(&n, "\\065\\066c") == 0);
	dname_to_text(&n, text, sizeof(text));
	UNIT_CHECK(strcmp(text, "ABc.") == 0);

	/* Trailing dot optional; root. */
	UNIT_CHECK(dname_from_text(&n, "example.com") == 0);
	UNIT_CHECK(dname_from_text(&m, "example.com.") == 0);
	UNIT_CHECK(n.len == 13 && dname_equal(&n, &m));
	UNIT_CHECK(memcmp(n.data, "\007example\003com", 13) == 0);
	UNIT_CHECK(dname_from_text(&n, ".") == 0 && is_root(&n));
	dname_to_text(&n, text, sizeof(text));
	UNIT_CHECK(strcmp(text, ".") == 0);

	/* Refused: empty, empty labels, bad escapes. */
	UNIT_CHECK(dname_from_text(&n, "") == -1 && is_root(&n));
	UNIT_CHECK(dname_from_text(&n, "a..b") == -1);
	UNIT_CHECK(dname_from_text(&n, ".a") == -1);
	UNIT_CHECK(dname_from_text(&n, "..") == -1);
	UNIT_CHECK(dname_from_text(&n, "a.b..") == -1);
	UNIT_CHECK(dname_from_text(&n, "a\\256") == -1);
	UNIT_CHECK(dname_from_text(&n, "a\\25") == -1);
	UNIT_CHECK(dname_from_text(&n, "a\\") == -1);
	UNIT_CHECK(dname_from_text(&n, "a\\..b") == 0 && n.len == 6);

	/* Label of 63 fine, 64 refused (also when escaped). */
	memset(label, 'x', 63);
	label[63] = '\0';
	UNIT_CHECK(dname_from_text(&n, label) == 0 && n.len == 65);
	strcat(label, "x");
	UNIT_CHECK(dname_from_text(&n, label) == -1);
	memset(label, 'x', 62);
	strcpy(label + 62, "\\120.com");
	UNIT_CHECK(dname_from_text(&n, label) == 0);
	memset(label, 'x', 63);
	strcpy(label + 63, "\\120.com");
	UNIT_CHECK(dname_from_text(&n, label) == -1);

	/* 63.63.63.61 is 255 octets; 63.63.63.62 is 256. */
	big[0] = '\0';
	for (i = 0; i < 3; i++) {
		memset(label, 'a' + (int)i, 63);
		label[63] = '.';
		label[64] = '\0';
		strcat(big, label);
	}
	len = strlen(big);
	memset(big + len, 'z', 61);
	big[len + 61] = '\0';
	UNIT_CHECK(dname_from_text(&n, big) == 0 && n.len == 255);
	strcat(big, ".");
	UNIT_CHECK(dname_from_text(&m, big) == 0 && dname_equal(&n, &m));
	dname_to_text(&n, text, sizeof(text));
	UNIT_CHECK(strcmp(text, big) == 0);
	big[len + 61] = 'z';
	big[len + 62] = '\0';
	UNIT_CHECK(dname_from_text(&n, big) == -1);
	strcat(big, ".");
	UNIT_CHECK(dname_from_text(&n, big) == -1);

	/* Round trip of every octet value through text. */
	for (i = 0; i < 256; i++) {
		n.data[0] = 1;
		n.data[1] = (uint8_t)i;
		n.data[2] = 0;
		n.len = 3;
		dname_to_text(&n, text, sizeof(text));
		if (dname_from_text(&m, text) != 0 || m.len != 3 ||
		    m.data[1] != (uint8_t)i)
			break;
	}
	UNIT_CHECK(i == 256);

	/* Output that does not fit is cut, and always terminated. */
	n = unit_name("example.com");
	dname_to_text(&n, small, sizeof(small));
	UNIT_CHECK(strcmp(small, "examp") == 0);
	n = unit_name("ab\\255");
	dname_to_text(&n, small, sizeof(small));
	UNIT_CHECK(strcmp(small, "ab") == 0);
}

static void
test_relations(void)
{
	struct dname n, z, root;

	root = unit_name(".");
	n = unit_name("_acme-challenge.Example.COM");
	z = unit_name("example.com.");
	UNIT_CHECK(dname_is_below(&n, &z));
	UNIT_CHECK(dname_is_below(&z, &z));
	UNIT_CHECK(dname_is_below(&n, &root) && dname_is_below(&root, &root));
	UNIT_CHECK(!dname_is_below(&z, &n));
	UNIT_CHECK(!dname_is_below(&root, &z));
	n = unit_name("badexample.com");
	UNIT_CHECK(!dname_is_below(&n, &z));
	/* Same length, label boundaries that differ. */
	n = unit_name("x.aexample.com");
	z = unit_name("xa.example.com");
	UNIT_CHECK(!dname_is_below(&n, &z) && !dname_equal(&n, &z));

	n = unit_name("A.b.C");
	z = unit_name("a.B.c.");
	UNIT_CHECK(dname_equal(&n, &z));
	UNIT_CHECK(dname_labels(&n) == 3 && dname_labels(&root) == 0);
	dname_lower(&n);
	UNIT_CHECK(memcmp(n.data, "\001a\001b\001c", 7) == 0);

	dname_parent(&n);
	z = unit_name("b.c");
	UNIT_CHECK(dname_equal(&n, &z) && n.len == 5);
	dname_parent(&n);
	dname_parent(&n);
	UNIT_CHECK(is_root(&n));
	dname_parent(&n);
	UNIT_CHECK(is_root(&n));

	n = unit_name("example.net");
	UNIT_CHECK(dname_prepend(&n, "_acme-challenge") == 0);
	z = unit_name("_acme-challenge.example.net.");
	UNIT_CHECK(dname_equal(&n, &z) && n.len == z.len);
	UNIT_CHECK(dname_prepend(&n, "") == -1);
	UNIT_CHECK(dname_prepend(&n,
	    "0123456789012345678901234567890123456789012345678901234567890123")
	    == -1);
	UNIT_CHECK(dname_equal(&n, &z));
	n = root;
	UNIT_CHECK(dname_prepend(&n, "com") == 0 && n.len == 5);
	/* Up to 255 octets and not one more. */
	n = unit_name("x");	/* 3 octets */
	while (n.len + 64 <= DNAME_MAX)
		UNIT_CHECK(dname_prepend(&n, "abcdefghijklmnopqrstuvwxyz"
		    "abcdefghijklmnopqrstuvwxyzabcdefghijk") == 0);
	UNIT_CHECK(n.len == 195);
	UNIT_CHECK(dname_prepend(&n,
	    "012345678901234567890123456789012345678901234567890123456789")
	    == -1);
	UNIT_CHECK(dname_prepend(&n,
	    "01234567890123456789012345678901234567890123456789012345678") ==
	    0 && n.len == 255);
	UNIT_CHECK(dname_prepend(&n, "a") == -1 && n.len == 255);
}

int
main(void)
{
	test_integers();
	test_sticky();
	test_name_nsupdate();
	test_name_pointers();
	test_name_limits();
	test_rr_and_short();
	test_text();
	test_relations();
	return unit_done("wire");
}
