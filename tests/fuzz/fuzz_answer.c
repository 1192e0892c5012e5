/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: answer_parse() and the RDATA decoders on any bytes.
 *
 * The question answer_parse() must match is read from the input itself
 * (through the wire cursor) when it is long enough, so most inputs get past the header and question checks
 * into the records.  Every indexed record then goes through each decoder.
 */

#include <string.h>

#include "dns/answer.h"
#include "fuzz.h"
#include "dns/update.h"

static struct answer	 fuzz_ans;	/* large: keep it off the stack */

static void
check_rr(const struct answer *a, const struct dns_rr *rr)
{
	struct dname	 name;
	uint32_t	 serial;
	char		 txt[TXT_VALUE_MAX + 1];

	FUZZ_CHECK(rr->start < rr->rdata);
	FUZZ_CHECK(rr->rdata <= a->len && rr->rdlength <= a->len - rr->rdata);
	fuzz_check_name(&rr->owner);

	if (answer_rdata_name(a, rr, &name) == 0)
		fuzz_check_name(&name);
	if (answer_rdata_soa(a, rr, &name, &serial) == 0) {
		fuzz_check_name(&name);
		FUZZ_CHECK(dns_serial_at_least(serial, serial));
	}
	memset(txt, 0xa5, sizeof(txt));
	if (answer_rdata_txt(a, rr, txt, sizeof(txt)) == 0) {
		/* The strings must fit the RDATA they came from. */
		FUZZ_CHECK(memchr(txt, '\0', sizeof(txt)) != NULL);
		FUZZ_CHECK(strlen(txt) < rr->rdlength || rr->rdlength == 0);
	}
	/* Small output buffers must fail cleanly, never overrun. */
	(void)answer_rdata_txt(a, rr, txt, 1);
	FUZZ_CHECK(txt[0] == '\0');
	(void)answer_rdata_txt(a, rr, txt, 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct answer	*a = &fuzz_ans;
	const struct dns_rr *rr;
	struct wire	 w;
	struct dns_header h;
	struct dname	 qname, name;
	uint16_t	 qtype = DNS_TYPE_TXT, type;
	size_t		 i, total = 0;
	unsigned	 s;

	if (dname_from_text(&qname, "_acme-challenge.example.net") == -1)
		fuzz_fail(__FILE__, __LINE__, "dname_from_text(constant)");
	wire_reader(&w, data, size);
	wire_get_header(&w, &h);
	wire_get_dname(&w, &name);
	type = wire_get_u16(&w);
	if (w.error == WIRE_OK) {
		qname = name;
		qtype = type;
	}

	if (answer_parse(a, data, size, &qname, qtype) == -1)
		return 0;

	FUZZ_CHECK(a->msg == data && a->len == size);
	FUZZ_CHECK(a->h.id == h.id && (a->h.flags & DNS_FLAG_QR) != 0);
	FUZZ_CHECK(answer_rcode(a) <= 15);
	for (s = ANSWER_AN; s <= ANSWER_AR; s++) {
		for (i = 0; (rr = answer_get(a, s, i)) != NULL; i++) {
			FUZZ_CHECK(total < ANSWER_RR_MAX);
			check_rr(a, rr);
			total++;
		}
		FUZZ_CHECK(i == a->count[s]);
	}
	FUZZ_CHECK(total == (size_t)h.ancount + h.nscount + h.arcount);

	/* The same bytes must not pass as the answer to another query. */
	FUZZ_CHECK(answer_parse(a, data, size, &qname,
	    (uint16_t)(qtype ^ 1)) == -1);
	return 0;
}
