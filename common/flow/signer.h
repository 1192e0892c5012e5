/* SPDX-License-Identifier: ISC */
#ifndef ACME_SIGNER_H
#define ACME_SIGNER_H

/*
 * The TSIG secrets in a process of their own.  The process that parses
 * every answer from the network must not hold a key: a memory-safety bug
 * in a parser would hand it over.  So before the sandbox a signer is
 * forked that keeps the configuration's keys and does nothing else: no
 * network, no files (sandbox_lock_signer()), it only builds and signs the
 * updates of the run's plan and verifies their answers.  The caller wipes
 * its own copy of the secrets right after the fork.
 *
 * What it will sign is fixed when it forks: the operations, the TTL, the
 * configured zones (each signed with its own key) and the TXT values.
 * The owner names come from CNAME lookups made after the fork, so the
 * signer can only require them inside the zone, and binds them at the
 * zone's first update: every later update of that zone (the removal
 * after a failure or a signal, a probe's or a check's delete) must carry
 * records of that first set.  Anything else is refused.
 *
 * The protocol: one SOCK_SEQPACKET message per request and per reply,
 * each a 5-byte header (payload length, 4 bytes big-endian, then the
 * type) and at most SIGNER_MSG_MAX bytes in all; a message whose length
 * disagrees with its header is refused, and the signer exits.  It also
 * exits when the caller asks it to (signer_stop(), which then reaps it)
 * or closes its end, or dies.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "dns/tsig.h"
#include "dns/update.h"
#include "net/submit.h"

struct config;
struct challenge;

#define SIGNER_OP_ADD		(1u << UPDATE_ADD)
#define SIGNER_OP_DELETE	(1u << UPDATE_DELETE)
#define SIGNER_RECS_MAX		1000	/* records in one update */
#define SIGNER_MSG_MAX		(5 + 8 + DNS_MSG_MAX)

/* What the signer may sign, fixed when it forks. */
struct signer_plan {
	const struct challenge *values;	/* only the values are used */
	size_t		 nvalues;
	unsigned	 ops;		/* SIGNER_OP_* */
};

struct signer;

/*
 * Fork the signer with the keys of `cfg` (its TTL and zones too) and the
 * plan `plan`; it locks itself in at once unless `sandbox` is 0.  On
 * success the caller's secrets are wiped (tsig_key_forget() on every key
 * of `cfg`): only the signer holds them.  Returns NULL after logging.
 */
struct signer *signer_start(const struct config *cfg,
	    const struct signer_plan *plan, int sandbox);
/*
 * Have the signer build the update of `nrecs` records `recs` in `zone`
 * with message ID `id`, and sign it with the zone's key: the message is
 * stored in `out` (`cap` bytes), its length in `*len`.  Returns 0, or -1
 * after logging when the signer refused (the update is not in the plan)
 * or is gone.
 */
int	 signer_sign(struct signer *s, uint16_t id, const struct dname *zone,
	    enum update_op op, uint32_t ttl, const struct txt_record *recs,
	    size_t nrecs, uint8_t *out, size_t cap, size_t *len);
/*
 * Have the signer verify `msg`, the answer to the last update it signed.
 * Fills `res` and returns 0 (whatever the verdict), or -1 after logging
 * when the signer is gone or refused.
 */
int	 signer_verify(struct signer *s, const uint8_t *msg, size_t len,
	    struct tsig_result *res);
/*
 * A step of the zone's Kerberos negotiation (GSS-TSIG) with the primary
 * `host`, in flavour `alg` (TSIG_GSS or TSIG_GSS_MS): `in` is the
 * server's token, NULL to start afresh.  The signer gets the ticket and
 * keeps the context; `out` gets the token to send (valid until the next
 * call).  Returns 0, or -1 with `out->failure` and `out->error` (empty
 * when already logged).  Only before the signer is locked in.
 */
int	 signer_gss_step(struct signer *s, const struct dname *zone,
	    unsigned alg, const char *host, const uint8_t *in, size_t inlen,
	    struct submit_gss *out);
/*
 * The negotiations are over: the signer locks itself in now (with a
 * gss-tsig key it waits for this, or for the first update).  0, or -1
 * (logged).
 */
int	 signer_lock(struct signer *s);
/* What submit.h calls to have `s` sign an update and check its answer. */
struct submit_signing signer_submit_signing(struct signer *s);
/* The signer's process ID (for tests). */
pid_t	 signer_pid(const struct signer *s);
/*
 * Close the signer's socket, which ends it, and reap it.  Returns 0, or
 * -1 (logged) when it had died abnormally.  NULL is fine.
 */
int	 signer_stop(struct signer *s);

#endif
