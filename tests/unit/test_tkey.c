/* SPDX-License-Identifier: ISC */
/*
 * TKEY (RFC 2930) in GSS-API mode (RFC 3645): the query, byte for byte,
 * in both flavours; reading answers and refusing malformed ones; key
 * names and error texts.
 *
 * The expected bytes below are written by hand from RFC 1035 4.1 (header,
 * question, RR), RFC 2930 2 (TKEY RDATA: algorithm, inception,
 * expiration, mode, error, key size and data, other size and data) and
 * RFC 3645 (mode 3, algorithm gss-tsig.), not from our code.  nsupdate's
 * choices are followed where the RFCs leave room: inception = expiration
 * = now, class ANY, the TKEY RR among the additional records, and for
 * gss.microsoft.com (Windows) among the answers; no name compression.
 *
 * NSUPDATE_GSS, NSUPDATE_MS: `sh tests/vectors/capture-tkey.sh` (BIND
 * 9.18.49 nsupdate -g and -o, MIT krb5 1.20 KDC, all in private
 * namespaces; files tests/vectors/tkey-nsupdate-{gss,ms}.hex).  nsupdate
 * sent them over TCP, after a SOA query over UDP.  They differ from ours
 * in one point only: nsupdate compresses the TKEY owner (c0 0c, the
 * question's name); with that pointer expanded, tkey_build_query() must
 * give them byte for byte from their ID, key name, time and token.
 */

#include <stdlib.h>
#include <string.h>

#include "dns/dns.h"
#include "dns/tkey.h"
#include "dns/wire.h"
#include "unit.h"

#define KEYNAME	"12345.sig-ns1.example.net."
/* KEYNAME in wire form, 27 octets. */
#define KEYNAME_HEX \
	"05 3132333435 07 7369672d6e7331 07 6578616d706c65 03 6e6574 00"
#define TOKEN	"a1b2c3d4e5f6"

#define NSUPDATE_GSS \
	"351a0000000100000000000109383237363237393330077369672d6e73310765" \
	"78616d706c65036e65740000f900ffc00c00f900ff000000000315086773732d" \
	"74736967006b1485036b1485030003000002fb608202f706062b0601050502a0" \
	"8202eb308202e7a00d300b06092a864886f712010202a28202d4048202d06082" \
	"02cc06092a864886f71201020201006e8202bb308202b7a003020105a1030201" \
	"0ea20703050020000000a38201d1618201cd308201c9a003020105a10d1b0b45" \
	"58414d504c452e4e4554a221301fa003020101a11830161b03444e531b0f6e73" \
	"312e6578616d706c652e6e6574a382018e3082018aa003020112a103020101a2" \
	"82017c0482017802a97b616c2b3aad14df05b2afb9a5c251fe3faec4e76e9c04" \
	"682ae689119324fc3a3d11e1dde52b42b3c615a429dd6b5d1f7b685e8180a5eb" \
	"11c8b93d6f5c8e507d848713441e2a94630118cccf200f0d6a2277cab64baa15" \
	"a51c5683746d631c947ff77c6a9ca8a22a6a6181843e2a325f59e560653a526c" \
	"937d1515896a1a1928516ea7b3adb62595e68e68fe71fc66a289bbb9561fcf2b" \
	"02f868865b515242dde162e324c7a2167fefab650d3707f032d6ff04b2a33898" \
	"35f4373318339f6c79730b984603d6c2840ef04b3931cc702479f522883934e5" \
	"95018e2baf1e801b97c9d12d97a38ddb0c1fcbde0a228647d05ffb4158321f36" \
	"fb2d8d20f18a9b0fbc9f366885bc61aad16fadb2584e327c979b0fb83789a6bd" \
	"00f006203857ee2da03f59fa91b09f0e02830af7b56b77ddfffdf8267ccd2fa9" \
	"6310d1b35808d1044f16ad3820d7dacb12acd03346c92d1d2d0ab698346a87be" \
	"f8d42bb117927f700b9e50f78570c17dbce666d2a77f59bcf81b68e72323b9a4" \
	"81cc3081c9a003020112a281c10481bef673d634ba19f3d0b9748aada7c401eb" \
	"bce8803d4490fb029189da4ae6d19624bff85ce122dca76de470e5d59d871d5b" \
	"d876910595b6110d3813b6d1924b882d46b2479a811801dea61114bc2e8cca0e" \
	"da45588dde01f773667b36270ac72fe982a3a5faf340a002be82aea01e72409f" \
	"ff7d849703577341ae9116f7771f2956da415401832c184d610e99c52276af1e" \
	"501785b03c678dd2ca18909315333fcbc234eade75cc6c5cb4c4735f131b7bbd" \
	"b88f203c92d7cd1b50c8c74412d80000"
#define NSUPDATE_MS \
	"453c000000010001000000000a32303438373332373834077369672d6e733107" \
	"6578616d706c65036e65740000f900ffc00c00f900ff00000000031f03677373" \
	"096d6963726f736f667403636f6d006b1485066b1485060003000002fc608202" \
	"f806062b0601050502a08202ec308202e8a00d300b06092a864886f712010202" \
	"a28202d5048202d1608202cd06092a864886f71201020201006e8202bc308202" \
	"b8a003020105a10302010ea20703050020000000a38201d1618201cd308201c9" \
	"a003020105a10d1b0b4558414d504c452e4e4554a221301fa003020101a11830" \
	"161b03444e531b0f6e73312e6578616d706c652e6e6574a382018e3082018aa0" \
	"03020112a103020101a282017c0482017884040e0c0c4ff17804da5f0cb7e120" \
	"cd1b41c9dc7084323afb2e36d0704adc8fa142e1c8ee696c14fa32e6efeac786" \
	"b10da56287e1b3aab38999583967f24459eedf2984c214de68edc91249b31794" \
	"70189eafd1bdbc766958de4bb0c6e1f217452992280b028fab4acede4ab82484" \
	"c729dbf34fabc2022400462882d12cfdd894330ae420720e33ab0235aa619674" \
	"d18f42c920efe6f761403541f6aa918179df66b2d8b4485cd1b255c3a2d37307" \
	"b58e56ccc02ad1b5cd522a6f106704320d3f5c9888de210a2609c62aafab40f7" \
	"2f8a10b01c6c7ff275fb388993f62d30ba039ccdb94b66d6ccff38f6512a5d2a" \
	"851c0b9e5dceaf3b5970a145ccee3b293ea4e17560824c75d986bc847b55ee8d" \
	"c3353e4b5784c85312ca9b855aba2f7c348cd5d4036399098b462da1b479d422" \
	"9467e7d56c6ad10d6c2752cb95f39a13bf5c268dcd932075299eb5552a43488b" \
	"18f7851ce7591275629b73e455cdc3f2915daffe48a688a4866267502cb97feb" \
	"4f15f947ae42b25453a481cd3081caa003020112a281c20481bf21681734cb24" \
	"e906b1a186cec718ea376e9558798c749c716532e72cd406e43de1b7591886c3" \
	"f6e658f1b45ab6814a6903870c63d98fdf535d3203dc0875788c9523ce6f3896" \
	"5b19a9ae847d593ba33712855561c758c92e463ed5f9272dcc5a212254ba77c5" \
	"ee8ed2b29dd057bb18c13cab2ba918c5fba05812ef428bcf7a85cdefb651fa93" \
	"4b2365bba04c62080892f5988c87ff48dd07fb9990057a85bec16819957bb442" \
	"6bed6162cd7553bd417b74522fa0ba973169e43235b6423eb20000"

/* gss-tsig: the TKEY RR in the additional section. */
static const char query_gss[] =
	"beef 0000 0001 0000 0000 0001"		/* QUERY, RD clear, AR 1 */
	KEYNAME_HEX "00f9 00ff"			/* question: TKEY ANY */
	KEYNAME_HEX "00f9 00ff 00000000 0020"	/* TKEY ANY TTL 0, 32 */
	"08 6773732d74736967 00"		/* gss-tsig. */
	"5f5e1000 5f5e1000"			/* inception, expiration */
	"0003 0000"				/* mode GSS-API, error */
	"0006" TOKEN				/* key size, key data */
	"0000";					/* other size */

/* gss.microsoft.com: the TKEY RR in the answer section. */
static const char query_ms[] =
	"beef 0000 0001 0001 0000 0000"		/* QUERY, RD clear, AN 1 */
	KEYNAME_HEX "00f9 00ff"
	KEYNAME_HEX "00f9 00ff 00000000 0029"	/* RDLENGTH 41 */
	"03 677373 09 6d6963726f736f6674 03 636f6d 00"
	"5f5e1000 5f5e1000 0003 0000 0006" TOKEN "0000";

static void
test_build(void)
{
	struct tkey_query q;
	struct dname	 name;
	struct wire	 w;
	uint8_t		 buf[512], *want, *token, big[70000];
	size_t		 wlen, tlen;

	name = unit_name(KEYNAME);
	token = unit_hex(TOKEN, &tlen);
	memset(&q, 0, sizeof(q));
	q.keyname = &name;
	q.alg = TSIG_GSS;
	q.now = 0x5f5e1000;
	q.token = token;
	q.tokenlen = tlen;

	wire_writer(&w, buf, sizeof(buf));
	UNIT_CHECK(tkey_build_query(&w, 0xbeef, &q) == 0);
	want = unit_hex(query_gss, &wlen);
	UNIT_EQ_BYTES(buf, w.pos, want, wlen);
	free(want);

	q.alg = TSIG_GSS_MS;
	wire_writer(&w, buf, sizeof(buf));
	UNIT_CHECK(tkey_build_query(&w, 0xbeef, &q) == 0);
	want = unit_hex(query_ms, &wlen);
	UNIT_EQ_BYTES(buf, w.pos, want, wlen);

	/* One octet short of the whole query: -1, the cursor says why. */
	wire_writer(&w, buf, wlen - 1);
	UNIT_CHECK(tkey_build_query(&w, 0xbeef, &q) == -1 &&
	    w.error == WIRE_ESHORT);
	free(want);

	/* Not GSS, no token but a length, a token no RR holds. */
	wire_writer(&w, buf, sizeof(buf));
	q.alg = TSIG_HMAC_SHA256;
	UNIT_CHECK(tkey_build_query(&w, 1, &q) == -1);
	q.alg = TSIG_GSS;
	q.token = NULL;
	UNIT_CHECK(tkey_build_query(&w, 1, &q) == -1);
	memset(big, 0x60, sizeof(big));
	q.token = big;
	q.tokenlen = UINT16_MAX + 1u;
	UNIT_CHECK(tkey_build_query(&w, 1, &q) == -1);
	/* The largest token fits no message: the cursor stops it. */
	q.tokenlen = UINT16_MAX;
	UNIT_CHECK(tkey_build_query(&w, 1, &q) == -1);
	UNIT_CHECK(tkey_build_query(&w, 1, NULL) == -1);
	free(token);
}

/* In the answers below: the question echoed, a TKEY RR's fixed part
 * owned by it (compressed), the RDATA's fields up to the key size. */
#define ECHO		KEYNAME_HEX "00f9 00ff"
#define TKEY_RR		"c00c 00f9 00ff 00000000"
#define TKEY_FIELDS	"08 6773732d74736967 00 5f5e1000 5f5f6180 0003 0000"

/* The answer of a server: QR, the question echoed, TKEY compressed. */
static const char answer_ok[] =
	"beef 8000 0001 0001 0000 0000" ECHO
	TKEY_RR "001e"				/* owner: the question's */
	TKEY_FIELDS "0004 deadbeef 0000";

/* Parse `hex` as the answer to 0xbeef for KEYNAME. */
static int
parse(const char *hex, struct tkey_answer *a)
{
	struct dname	 name;
	uint8_t		*msg;
	size_t		 len;
	int		 rc;

	name = unit_name(KEYNAME);
	msg = unit_hex(hex, &len);
	memset(a, 0xa5, sizeof(*a));
	rc = tkey_parse_answer(msg, len, 0xbeef, &name, a);
	if (rc == 0 && a->found)
		/* The token points into the message: check it, then drop. */
		UNIT_CHECK(a->token >= msg && a->token + a->tokenlen <=
		    msg + len);
	if (rc == -1)
		UNIT_CHECK(a->found == 0 && a->token == NULL);
	free(msg);
	a->token = NULL;
	return rc;
}

static void
test_parse(void)
{
	static const uint8_t token[] = { 0xde, 0xad, 0xbe, 0xef };
	struct tkey_answer a;
	struct dname	 name, other;
	uint8_t		*msg;
	size_t		 len;

	/* The good answer, token and all. */
	name = unit_name(KEYNAME);
	msg = unit_hex(answer_ok, &len);
	UNIT_CHECK(tkey_parse_answer(msg, len, 0xbeef, &name, &a) == 0);
	UNIT_CHECK(a.rcode == 0 && a.found == 1 && a.mode == 3 &&
	    a.error == 0 && a.inception == 0x5f5e1000 &&
	    a.expiration == 0x5f5f6180);
	UNIT_CHECK(a.token == msg + len - 6);
	UNIT_EQ_BYTES(a.token, a.tokenlen, token, sizeof(token));
	/* Names compare without case; another ID or name is not ours. */
	other = unit_name("12345.SIG-NS1.example.NET");
	UNIT_CHECK(tkey_parse_answer(msg, len, 0xbeef, &other, &a) == 0 &&
	    a.found == 1);
	UNIT_CHECK(tkey_parse_answer(msg, len, 0xbeee, &name, &a) == -1);
	other = unit_name("12346.sig-ns1.example.net");
	UNIT_CHECK(tkey_parse_answer(msg, len, 0xbeef, &other, &a) == -1);
	/* Every prefix is malformed. */
	for (; len > 0; len--)
		if (tkey_parse_answer(msg, len - 1, 0xbeef, &name, &a) != -1)
			break;
	UNIT_CHECK(len == 0);
	free(msg);

	/* NOTAUTH with BADKEY (17) in the TKEY, no token. */
	UNIT_CHECK(parse("beef 8009 0001 0001 0000 0000" ECHO
	    TKEY_RR "001a 08 6773732d74736967 00"
	    "5f5e1000 5f5e1000 0003 0011 0000 0000", &a) == 0);
	UNIT_CHECK(a.rcode == DNS_RCODE_NOTAUTH && a.found == 1 &&
	    a.error == DNS_RCODE_BADKEY && a.tokenlen == 0);
	/* FORMERR without the question: no TKEY, still an answer. */
	UNIT_CHECK(parse("beef 8001 0000 0000 0000 0000", &a) == 0);
	UNIT_CHECK(a.rcode == DNS_RCODE_FORMERR && a.found == 0);
	/* REFUSED with the question and nothing else. */
	UNIT_CHECK(parse("beef 8005 0001 0000 0000 0000" ECHO, &a) == 0);
	UNIT_CHECK(a.rcode == DNS_RCODE_REFUSED && a.found == 0);
	/* The TKEY among the additional records: taken. */
	UNIT_CHECK(parse("beef 8000 0001 0000 0000 0001" ECHO
	    KEYNAME_HEX "00f9 00ff 00000000 001e" TKEY_FIELDS
	    "0004 deadbeef 0000", &a) == 0);
	UNIT_CHECK(a.found == 1 && a.tokenlen == 4);
	/* In the authority section: not. */
	UNIT_CHECK(parse("beef 8000 0001 0000 0001 0000" ECHO
	    TKEY_RR "001e" TKEY_FIELDS
	    "0004 deadbeef 0000", &a) == 0);
	UNIT_CHECK(a.found == 0);
	/* A TKEY for another key name: not ours, found stays 0. */
	UNIT_CHECK(parse("beef 8000 0001 0001 0000 0000" ECHO
	    "01 78 00 00f9 00ff 00000000 001e" TKEY_FIELDS
	    "0004 deadbeef 0000", &a) == 0);
	UNIT_CHECK(a.found == 0);
	/* Another type at the key name: not a TKEY. */
	UNIT_CHECK(parse("beef 8000 0001 0001 0000 0000" ECHO
	    "c00c 0010 0001 00000000 0002 0161", &a) == 0);
	UNIT_CHECK(a.found == 0);
	/* The first of two TKEY RRs in the answer section. */
	UNIT_CHECK(parse("beef 8000 0001 0002 0000 0000" ECHO
	    TKEY_RR "001b" TKEY_FIELDS
	    "0001 aa 0000"
	    "c00c 00f9 00ff 00000000 001e" TKEY_FIELDS
	    "0004 deadbeef 0000", &a) == 0);
	UNIT_CHECK(a.found == 1 && a.tokenlen == 1);

	/* Not an answer to the query: QR clear, opcode UPDATE. */
	UNIT_CHECK(parse("beef 0000 0001 0000 0000 0000" ECHO, &a) == -1);
	UNIT_CHECK(parse("beef a800 0001 0000 0000 0000" ECHO, &a) == -1);
	/* A question of another type or class, or two questions. */
	UNIT_CHECK(parse("beef 8000 0001 0000 0000 0000" KEYNAME_HEX
	    "0001 00ff", &a) == -1);
	UNIT_CHECK(parse("beef 8000 0001 0000 0000 0000" KEYNAME_HEX
	    "00f9 0001", &a) == -1);
	UNIT_CHECK(parse("beef 8000 0002 0000 0000 0000" ECHO ECHO, &a) == -1);
	/* Shorter than a header. */
	UNIT_CHECK(parse("beef 8000 0000 0000 0000", &a) == -1);
	/* RDATA too short for its fields (RDLENGTH 20 of 30). */
	UNIT_CHECK(parse("beef 8000 0001 0001 0000 0000" ECHO
	    TKEY_RR "0014"
	    "08 6773732d74736967 00 5f5e1000 5f5f6180 0003", &a) == -1);
	/* RDLENGTH past the end of the message. */
	UNIT_CHECK(parse("beef 8000 0001 0001 0000 0000" ECHO
	    TKEY_RR "001f" TKEY_FIELDS
	    "0004 deadbeef 0000", &a) == -1);
	/* Key size past the end of the RDATA (and of the message). */
	UNIT_CHECK(parse("beef 8000 0001 0001 0000 0000" ECHO
	    TKEY_RR "001e" TKEY_FIELDS
	    "00ff deadbeef 0000", &a) == -1);
	/* Key size past the end of the RDATA, inside the message. */
	UNIT_CHECK(parse("beef 8000 0001 0001 0000 0001" ECHO
	    TKEY_RR "001e" TKEY_FIELDS
	    "0006 deadbeef 0000"
	    "00 0010 0001 00000000 0000", &a) == -1);
	/* A byte after the last field of the RDATA. */
	UNIT_CHECK(parse("beef 8000 0001 0001 0000 0000" ECHO
	    TKEY_RR "001f" TKEY_FIELDS
	    "0004 deadbeef 0000 00", &a) == -1);
	/* A byte after the last record. */
	UNIT_CHECK(parse("beef 8005 0001 0000 0000 0000" ECHO
	    "00", &a) == -1);
	/* A count that promises a record that is not there. */
	UNIT_CHECK(parse("beef 8005 0001 0000 0000 0001" ECHO, &a) == -1);
	/* The TKEY owner a pointer to itself (offset 43). */
	UNIT_CHECK(parse("beef 8000 0001 0001 0000 0000" ECHO
	    "c02b 00f9 00ff 00000000 0000", &a) == -1);

	UNIT_CHECK(tkey_parse_answer(NULL, 0, 0xbeef, &name, &a) == -1);
}

/* A query read back as an answer (QR set): the token comes back. */
static void
test_round_trip(void)
{
	struct tkey_query q;
	struct tkey_answer a;
	struct dname	 name;
	struct wire	 w;
	uint8_t		 buf[1024], token[600];
	size_t		 i;

	for (i = 0; i < sizeof(token); i++)
		token[i] = (uint8_t)(i * 7);
	name = unit_name(KEYNAME);
	memset(&q, 0, sizeof(q));
	q.keyname = &name;
	q.now = 1;
	q.token = token;
	q.tokenlen = sizeof(token);
	for (i = 0; i < 2; i++) {
		q.alg = i == 0 ? TSIG_GSS : TSIG_GSS_MS;
		wire_writer(&w, buf, sizeof(buf));
		UNIT_CHECK(tkey_build_query(&w, 7, &q) == 0);
		buf[2] |= 0x80;
		UNIT_CHECK(tkey_parse_answer(buf, w.pos, 7, &name, &a) == 0);
		UNIT_CHECK(a.found && a.mode == TKEY_MODE_GSSAPI &&
		    a.inception == 1 && a.expiration == 1 && a.error == 0);
		if (a.found)
			UNIT_EQ_BYTES(a.token, a.tokenlen, token,
			    sizeof(token));
	}
}

/*
 * nsupdate's query for `alg`, its TKEY owner pointer expanded, against
 * ours from its fields (read back with tkey_parse_answer(), QR set).
 */
static void
test_nsupdate(const char *hex, enum tsig_alg alg)
{
	struct tkey_query q;
	struct tkey_answer a;
	struct dns_header h;
	struct dname	 keyname;
	struct wire	 w;
	uint8_t		*msg, *copy, *want, buf[2048];
	size_t		 len, qend, wlen;

	msg = unit_hex(hex, &len);
	wire_reader(&w, msg, len);
	wire_get_header(&w, &h);
	wire_get_dname(&w, &keyname);
	wire_skip(&w, 4);
	qend = w.pos;
	UNIT_CHECK(w.error == WIRE_OK && qend + 2 < len &&
	    msg[qend] == 0xc0 && msg[qend + 1] == 0x0c);
	if (w.error != WIRE_OK || qend + 2 >= len) {
		free(msg);
		return;
	}
	want = malloc(len + keyname.len);
	copy = malloc(len);
	if (want == NULL || copy == NULL)
		abort();
	memcpy(want, msg, qend);
	memcpy(want + qend, keyname.data, keyname.len);
	memcpy(want + qend + keyname.len, msg + qend + 2, len - qend - 2);
	wlen = len - 2 + keyname.len;

	memcpy(copy, msg, len);
	copy[2] |= 0x80;
	UNIT_CHECK(tkey_parse_answer(copy, len, h.id, &keyname, &a) == 0);
	UNIT_CHECK(a.found && a.mode == TKEY_MODE_GSSAPI && a.error == 0 &&
	    a.inception == a.expiration && a.tokenlen > 100);
	memset(&q, 0, sizeof(q));
	q.keyname = &keyname;
	q.alg = alg;
	q.now = a.inception;
	q.token = a.token;
	q.tokenlen = a.tokenlen;
	wire_writer(&w, buf, sizeof(buf));
	UNIT_CHECK(tkey_build_query(&w, h.id, &q) == 0);
	UNIT_EQ_BYTES(buf, w.pos, want, wlen);
	free(copy);
	free(want);
	free(msg);
}

static void
test_keyname(void)
{
	struct dname	 out, want;
	char		 host[300];

	want = unit_name("12345.sig-ns1.example.net.");
	UNIT_CHECK(tkey_keyname(&out, "ns1.example.net", 12345) == 0 &&
	    out.len == want.len && memcmp(out.data, want.data, want.len) == 0);
	UNIT_CHECK(tkey_keyname(&out, "ns1.example.net.", 12345) == 0 &&
	    out.len == want.len && memcmp(out.data, want.data, want.len) == 0);
	want = unit_name("4294967295.sig-dc1.");
	UNIT_CHECK(tkey_keyname(&out, "dc1", 4294967295u) == 0 &&
	    out.len == want.len && memcmp(out.data, want.data, want.len) == 0);
	/* "sig-" and 60 octets make a label of 64. */
	memset(host, 'a', 60);
	strcpy(host + 60, ".example");
	UNIT_CHECK(tkey_keyname(&out, host, 1) == -1);
	memset(host, 'a', 59);
	strcpy(host + 59, ".example");
	UNIT_CHECK(tkey_keyname(&out, host, 1) == 0);
	/* A name past 255 octets. */
	memset(host, 'a', sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	for (size_t i = 40; i < sizeof(host) - 1; i += 41)
		host[i] = '.';
	UNIT_CHECK(tkey_keyname(&out, host, 1) == -1);
	UNIT_CHECK(tkey_keyname(&out, "", 1) == -1);
	UNIT_CHECK(tkey_keyname(&out, ".", 1) == -1);
	UNIT_CHECK(tkey_keyname(&out, "a..b", 1) == -1);
	UNIT_CHECK(tkey_keyname(&out, NULL, 1) == -1);
}

static void
test_error_text(void)
{
	UNIT_CHECK(strcmp(tkey_error_text(16), "BADSIG") == 0);
	UNIT_CHECK(strcmp(tkey_error_text(17), "BADKEY") == 0);
	UNIT_CHECK(strcmp(tkey_error_text(18), "BADTIME") == 0);
	UNIT_CHECK(strcmp(tkey_error_text(19), "BADMODE") == 0);
	UNIT_CHECK(strcmp(tkey_error_text(20), "BADNAME") == 0);
	UNIT_CHECK(strcmp(tkey_error_text(21), "BADALG") == 0);
	UNIT_CHECK(strcmp(tkey_error_text(22), "error 22") == 0);
	UNIT_CHECK(strcmp(tkey_error_text(5), "error 5") == 0);
	UNIT_CHECK(strcmp(tkey_error_text(65535), "error 65535") == 0);
}

int
main(void)
{
	test_build();
	test_parse();
	test_round_trip();
	test_nsupdate(NSUPDATE_GSS, TSIG_GSS);
	test_nsupdate(NSUPDATE_MS, TSIG_GSS_MS);
	test_keyname();
	test_error_text();
	return unit_done("tkey");
}
