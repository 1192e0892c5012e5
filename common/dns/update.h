/* SPDX-License-Identifier: ISC */
#ifndef ACME_UPDATE_H
#define ACME_UPDATE_H

/*
 * RFC 2136 UPDATE messages for TXT records: build an add or a delete of
 * exact values, and check that an answer belongs to the request.
 */

#include <stddef.h>
#include <stdint.h>

#include "dns/wire.h"

enum update_op {
	UPDATE_ADD,	/* add the value; other values at the name stay */
	UPDATE_DELETE	/* delete exactly this value (class NONE) */
};

struct txt_record {
	struct dname	 owner;
	char		 value[TXT_VALUE_MAX + 1];
};

/*
 * Write an UPDATE for `zone` that adds or deletes each of the `n` records,
 * with `ttl` on added records, into `w`.  No prerequisites: adding a value
 * that is there, or deleting one that is not, is a no-op on the server, so
 * a retransmission is harmless.  Returns 0, or -1 when a record is outside
 * the zone or the buffer is short.
 */
int	 update_build(struct wire *w, uint16_t id, const struct dname *zone,
	    enum update_op op, uint32_t ttl, const struct txt_record *recs,
	    size_t n);

/*
 * Check that `msg` answers the UPDATE with `id` for `zone`: ID, QR set,
 * opcode UPDATE and a zone section naming `zone` SOA IN.  On success stores
 * the RCODE (header only; the TSIG error is separate) and returns 0.
 * An error answer (RCODE not NOERROR) may lack the zone section, as a
 * server that could not parse the request sends.  Every record the counts
 * announce must be present and well formed.
 * Returns -1 for a malformed or unrelated message.
 */
int	 update_check_answer(const uint8_t *msg, size_t len, uint16_t id,
	    const struct dname *zone, uint16_t *rcode);


#endif
