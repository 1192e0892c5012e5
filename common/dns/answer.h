/* SPDX-License-Identifier: ISC */
#ifndef ACME_ANSWER_H
#define ACME_ANSWER_H

/*
 * Reading answers to our queries: check that an answer belongs to the
 * query (ID, QR, opcode, question), index its records, and decode the
 * RDATA we use (names, SOA, TXT, addresses): all but TXT by rdata.h's
 * decoders, the ones the -vv dump uses.  All through the wire cursor.
 */

#include <stddef.h>
#include <stdint.h>

#include "dns/rdata.h"
#include "dns/wire.h"

#define ANSWER_RR_MAX	128	/* records indexed; more makes it malformed */

enum answer_section {
	ANSWER_AN,	/* answer */
	ANSWER_NS,	/* authority */
	ANSWER_AR	/* additional */
};

struct answer {
	const uint8_t	*msg;		/* borrowed */
	size_t		 len;
	struct dns_header h;
	struct dns_rr	 rr[ANSWER_RR_MAX];
	size_t		 count[3];	/* records per section */
};

/*
 * Parse `msg` as the answer to a query for `qname`/`qtype`/IN: QR set,
 * opcode QUERY, one question equal to ours.  No ID: c-ares matched the
 * answer to the query it sent, by an ID it may have chosen itself.  The
 * answer borrows `msg`.  Returns 0, or -1 when malformed or not an answer
 * to that query.
 */
int	 answer_parse(struct answer *a, const uint8_t *msg, size_t len,
	    const struct dname *qname, uint16_t qtype);

unsigned answer_rcode(const struct answer *a);
/* The i-th record of a section, or NULL past the end. */
const struct dns_rr *answer_get(const struct answer *a,
	    enum answer_section section, size_t i);

/* RDATA that is one name (CNAME, NS). Returns 0 or -1. */
int	 answer_rdata_name(const struct answer *a, const struct dns_rr *rr,
	    struct dname *out);
/* SOA's MNAME and SERIAL. Returns 0 or -1. */
int	 answer_rdata_soa(const struct answer *a, const struct dns_rr *rr,
	    struct dname *mname, uint32_t *serial);
/* An A or AAAA record's address (4 or 16 octets). Returns 0 or -1. */
int	 answer_rdata_address(const struct answer *a, const struct dns_rr *rr,
	    struct rdata_addr *out);
/*
 * TXT RDATA with its character-strings joined (as ACME servers read it)
 * into `out` of `cap` bytes, NUL-terminated.  Returns 0, or -1 when
 * malformed or too long.
 */
int	 answer_rdata_txt(const struct answer *a, const struct dns_rr *rr,
	    char *out, size_t cap);


#endif
