/* SPDX-License-Identifier: ISC */
#ifndef ACME_SUBMIT_H
#define ACME_SUBMIT_H

/*
 * Submitting a signed UPDATE to a zone's primary and judging the answer:
 * every address of the primary is tried on timeout, refused connection or
 * SERVFAIL; the answer must match the request and carry a valid TSIG by
 * our key to count as success.  Each failure is logged once, naming the
 * server, zone, key and RCODE, with what to do about it.
 */

#include <stddef.h>
#include <stdint.h>

#include "net/resolver.h"
#include "sys/outcome.h"
#include "dns/update.h"

struct tsig_result;

/*
 * Who builds and signs the update and checks its answer: in a run, the
 * signer process (signer.h) behind these two calls, so that this layer,
 * which talks to the network, never holds a key.  Both return 0, or -1
 * after logging.
 */
struct submit_signing {
	int	(*sign)(void *ctx, uint16_t id, const struct dname *zone,
		    enum update_op op, uint32_t ttl,
		    const struct txt_record *recs, size_t nrecs, uint8_t *out,
		    size_t cap, size_t *len);
	int	(*verify)(void *ctx, const uint8_t *msg, size_t len,
		    struct tsig_result *res);
	void	*ctx;
};
struct tsig_key;

struct submit_request {
	const struct dname *zone;
	const struct tsig_key *key;		/* its name and algorithm */
	struct submit_signing signing;		/* holds its secret */
	const struct dns_server *primary;	/* addresses, tried in order */
	size_t		 nprimary;
	enum update_op	 op;
	uint32_t	 ttl;
	const struct txt_record *recs;
	size_t		 nrecs;
	uint64_t	 deadline_ms;	/* monotonic; tries stop there */
};

/*
 * Send the update.  On success stores the SOA serial the primary serves
 * right after it (0 with `*have_serial` = 0 when it would not say) and
 * returns OUTCOME_OK; otherwise returns the failure's outcome.
 */
enum outcome submit_update(struct resolver *r,
	    const struct submit_request *req, uint32_t *serial,
	    int *have_serial);

#endif
