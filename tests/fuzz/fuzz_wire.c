/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the wire cursor's readers on any bytes.
 *
 * Reads the header, the questions and every record the way a parser
 * would, and a name at each of the first offsets (so compression pointers
 * from anywhere get tried).  Every name decoded must be sane, and survive
 * dname_to_text() then dname_from_text(), and wire_put_dname() then
 * wire_get_dname(), unchanged (dname_equal()).
 */

#include <string.h>

#include "fuzz.h"
#include "dns/wire.h"

#define FUZZ_QUESTIONS_MAX	64	/* questions read at most */
#define FUZZ_RRS_MAX		256	/* records read */
#define FUZZ_OFFSETS_MAX	512	/* offsets tried as a name's start */

static void
check_name(const struct dname *name)
{
	struct dname	 back;
	struct wire	 w;
	uint8_t		 buf[DNAME_MAX];
	char		 text[DNAME_TEXT_MAX];

	FUZZ_CHECK(name->len >= 1 && name->len <= DNAME_MAX);
	FUZZ_CHECK(name->data[name->len - 1] == 0);

	dname_to_text(name, text, sizeof(text));
	FUZZ_CHECK(strlen(text) < sizeof(text) - 1);	/* not truncated */
	if (dname_from_text(&back, text) != 0 || !dname_equal(name, &back)) {
		fuzz_note("round trip through text failed: \"%s\"", text);
		fuzz_fail(__FILE__, __LINE__, "dname text round trip");
	}

	wire_writer(&w, buf, sizeof(buf));
	wire_put_dname(&w, name);
	FUZZ_CHECK(w.error == WIRE_OK && w.pos == name->len);
	wire_reader(&w, buf, w.pos);
	wire_get_dname(&w, &back);
	FUZZ_CHECK(w.error == WIRE_OK && w.pos == name->len);
	FUZZ_CHECK(dname_equal(name, &back));
	FUZZ_CHECK(dname_is_below(name, &back) && dname_is_below(&back, name));
	FUZZ_CHECK(dname_labels(name) <= DNAME_MAX / 2);
}

/* A failed read leaves the root name and a dead cursor. */
static void
check_failed(const struct wire *w, const struct dname *name)
{
	FUZZ_CHECK(name->len == 1 && name->data[0] == 0);
	FUZZ_CHECK(wire_left(w) == 0);
	FUZZ_CHECK(wire_strerror(w->error) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire	 w, r;
	struct dns_header h;
	struct dns_rr	 rr;
	struct dname	 name;
	size_t		 i, n, off;

	wire_reader(&w, data, size);
	wire_get_header(&w, &h);
	if (w.error != WIRE_OK) {
		FUZZ_CHECK(size < DNS_HEADER_LEN && wire_left(&w) == 0);
		return 0;
	}
	FUZZ_CHECK(w.pos == DNS_HEADER_LEN);

	n = h.qdcount < FUZZ_QUESTIONS_MAX ? h.qdcount : FUZZ_QUESTIONS_MAX;
	for (i = 0; i < n && w.error == WIRE_OK; i++) {
		wire_get_dname(&w, &name);
		(void)wire_get_u16(&w);
		(void)wire_get_u16(&w);
		if (w.error == WIRE_OK)
			check_name(&name);
	}

	for (i = 0; i < FUZZ_RRS_MAX && w.error == WIRE_OK; i++) {
		off = w.pos;
		wire_get_rr(&w, &rr);
		if (w.error != WIRE_OK)
			break;
		FUZZ_CHECK(rr.start == off && rr.rdata > off);
		FUZZ_CHECK(rr.rdata <= size && rr.rdlength <= size - rr.rdata);
		FUZZ_CHECK(w.pos == rr.rdata + rr.rdlength);
		check_name(&rr.owner);
		/* RDATA read as a name, as for CNAME, NS and SOA. */
		wire_reader(&r, data, size);
		wire_seek(&r, rr.rdata);
		wire_get_dname(&r, &name);
		if (r.error == WIRE_OK)
			check_name(&name);
		else
			check_failed(&r, &name);
	}

	n = size < FUZZ_OFFSETS_MAX ? size : FUZZ_OFFSETS_MAX;
	for (off = DNS_HEADER_LEN; off < n; off++) {
		wire_reader(&r, data, size);
		wire_seek(&r, off);
		wire_get_dname(&r, &name);
		if (r.error == WIRE_OK) {
			FUZZ_CHECK(r.pos > off && r.pos <= size);
			check_name(&name);
		} else
			check_failed(&r, &name);
	}
	return 0;
}
