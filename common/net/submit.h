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
/* What a step of a zone's Kerberos negotiation (GSS-TSIG) gave. */
struct submit_gss {
	int		 complete;	/* the context is established */
	struct dname	 keyname;	/* the TKEY and TSIG key name */
	const uint8_t	*token;		/* to send; valid until the next step */
	size_t		 tokenlen;
	char		 principal[256]; /* once complete: who we are */
	uint32_t	 lifetime_s;	/* once complete: the ticket's time */
	enum outcome	 failure;	/* when the step returned -1 */
	char		 error[512];	/* when the step returned -1 */
};

struct submit_signing {
	int	(*sign)(void *ctx, uint16_t id, const struct dname *zone,
		    enum update_op op, uint32_t ttl,
		    const struct txt_record *recs, size_t nrecs, uint8_t *out,
		    size_t cap, size_t *len);
	int	(*verify)(void *ctx, const uint8_t *msg, size_t len,
		    struct tsig_result *res);
	/*
	 * A step of the zone's negotiation with the primary `host` in
	 * flavour `alg` (tsig.h: TSIG_GSS or TSIG_GSS_MS): `in` is the
	 * server's token, none to start afresh.  0, or -1 with `out`'s
	 * failure and error set (error empty: already logged).
	 */
	int	(*gss_step)(void *ctx, const struct dname *zone, unsigned alg,
		    const char *host, const uint8_t *in, size_t inlen,
		    struct submit_gss *out);
	void	*ctx;
};
struct tsig_key;

struct submit_request {
	const struct dname *zone;
	const struct tsig_key *key;		/* its name and algorithm */
	const char	*principal;		/* gss-tsig: who we are */
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
 * Establish the Kerberos security context (GSS-TSIG, RFC 3645) that the
 * zone's key, a gss-tsig one, signs with: TKEY queries over TCP to the
 * primary `host` (its Kerberos service is DNS/host), falling back to the
 * Windows flavour when the primary answers FORMERR and the key allows
 * it.  On success `info` says who we are and the ticket's lifetime.
 * Returns OUTCOME_OK, or the failure's outcome (logged).
 */
enum outcome submit_negotiate(struct resolver *r,
	    const struct submit_request *req, const char *host,
	    struct submit_gss *info);

/*
 * Send the update.  On success stores the SOA serial the primary serves
 * right after it (0 with `*have_serial` = 0 when it would not say) and
 * returns OUTCOME_OK; otherwise returns the failure's outcome.
 */
enum outcome submit_update(struct resolver *r,
	    const struct submit_request *req, uint32_t *serial,
	    int *have_serial);

#endif
