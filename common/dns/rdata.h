/* SPDX-License-Identifier: ISC */
#ifndef ACME_RDATA_H
#define ACME_RDATA_H

/*
 * One decoder per RDATA type we read (A, AAAA, a lone name for NS and
 * CNAME, SOA, TSIG, TKEY), shared by the logic and by the -vv dump, so that
 * both see the same fields and the same faults.  Each takes the whole
 * message (names in RDATA may be compressed: a pointer may reach back
 * anywhere past the header) and the RR's RDATA offset and length, and
 * reads through the wire cursor limited to the end of the RDATA: no
 * field, and no name, may run past it.
 *
 * Every decoder returns WIRE_OK when its fields fill the RDATA exactly; a
 * wire error (enum wire_error, > 0) when the RDATA lies outside the
 * message, is too short for them, or holds a malformed name (the output
 * is then not to be used); or RDATA_TRAILING when every field was read
 * and bytes are left over: the logic refuses such RDATA, the dump shows
 * the fields all the same.
 */

#include <stddef.h>
#include <stdint.h>

#include "dns/dname.h"

#define RDATA_TRAILING	(-1)

/* A (4 octets) or AAAA (16 octets), in network order. */
struct rdata_addr {
	uint8_t		 addr[16];
	size_t		 len;
};

struct rdata_soa {
	struct dname	 mname;
	struct dname	 rname;
	uint32_t	 serial;
	uint32_t	 refresh;
	uint32_t	 retry;
	uint32_t	 expire;
	uint32_t	 minimum;
};

/* TSIG RDATA (RFC 8945 4.2); `mac` and `other` point into the message. */
struct rdata_tsig {
	struct dname	 alg;
	uint64_t	 time;		/* 48 bits */
	uint16_t	 fudge;
	uint16_t	 mac_len;
	const uint8_t	*mac;
	uint16_t	 orig_id;
	uint16_t	 error;
	uint16_t	 other_len;
	const uint8_t	*other;
};

/*
 * TKEY RDATA (RFC 2930 2); `key` (for GSS-API, the peer's token) and
 * `other` point into the message.
 */
struct rdata_tkey {
	struct dname	 alg;
	uint32_t	 inception;
	uint32_t	 expiration;
	uint16_t	 mode;
	uint16_t	 error;
	uint16_t	 key_len;
	const uint8_t	*key;
	uint16_t	 other_len;
	const uint8_t	*other;
};

int	 rdata_a(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
	    struct rdata_addr *out);
int	 rdata_aaaa(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
	    struct rdata_addr *out);
/* RDATA that is one name (NS, CNAME). */
int	 rdata_name(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
	    struct dname *out);
int	 rdata_soa(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
	    struct rdata_soa *out);
int	 rdata_tsig(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
	    struct rdata_tsig *out);
int	 rdata_tkey(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
	    struct rdata_tkey *out);

/* A short text for a decoder's result. */
const char *rdata_strerror(int rc);

#endif
