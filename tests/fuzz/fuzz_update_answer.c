/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: update_check_answer() on any bytes, as the answer to
 * an UPDATE of the fixed zone acmesh.example.net (the zone of the seeds)
 * whose ID is the input's bytes 0-1, so inputs get past the ID check.
 */

#include "fuzz.h"
#include "dns/update.h"

#define FUZZ_ZONE	"acmesh.example.net."

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dname	 zone;
	uint16_t	 id = 0, rcode = 0, other;

	if (dname_from_text(&zone, FUZZ_ZONE) == -1)
		fuzz_fail(__FILE__, __LINE__, "dname_from_text(constant)");
	if (size >= 2)
		id = (uint16_t)(data[0] << 8 | data[1]);

	if (update_check_answer(data, size, id, &zone, &rcode) == -1)
		return 0;
	FUZZ_CHECK(size >= DNS_HEADER_LEN);
	FUZZ_CHECK(rcode <= 15 && rcode == (data[3] & 0x0f));
	FUZZ_CHECK((data[2] & 0x80) != 0);		/* QR */
	FUZZ_CHECK(((data[2] >> 3) & 0x0f) == DNS_OPCODE_UPDATE);
	FUZZ_CHECK(dns_rcode_name(rcode) != NULL);
	/* A NOERROR answer must have named our zone. */
	FUZZ_CHECK(rcode != DNS_RCODE_NOERROR ||
	    (data[4] == 0 && data[5] == 1));

	/* Not an answer to an update with another ID. */
	FUZZ_CHECK(update_check_answer(data, size, (uint16_t)(id ^ 0x8000),
	    &zone, &other) == -1);
	return 0;
}
