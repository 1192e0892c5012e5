/* SPDX-License-Identifier: ISC */
#ifndef ACME_PROPAGATE_H
#define ACME_PROPAGATE_H

/*
 * Waiting for propagation: poll every authoritative address of every zone
 * directly (RD=0), all at once in one event loop, until each one serves
 * every value we added and reports a SOA serial at least the one our
 * update produced.  The interval starts short and backs off to a ceiling;
 * a server that agrees is not asked again, and one that is the only
 * address still behind is asked every 70 ms per record (under 20 queries
 * a second).  A lame server (REFUSED, NOTAUTH, no AA bit, another owner)
 * is reported once and not waited for, nor is an address this host has
 * no route to when another address of the same NS name is checked.
 * Returns the moment all agree.
 */

#include <stddef.h>
#include <stdint.h>

#include "net/locate.h"
#include "sys/outcome.h"
#include "net/resolver.h"
#include "dns/update.h"

#define PROPAGATE_FIRST_MS	20	/* first interval between rounds */

/* One zone to wait for. */
struct propagate_zone {
	const struct zone_servers *servers;	/* borrowed */
	uint32_t	 serial;	/* at least this, after our update */
	int		 any_serial;	/* any SOA answer will do (--check:
					 * no update to wait for) */
	uint64_t	 since_ms;	/* when the update was answered
					 * (monotonic), or 0: results count
					 * from the start of the wait */
	const struct txt_record *recs;	/* values that must be served */
	size_t		 nrecs;
};

#define PROPAGATE_DOWN_MS	3000	/* silent this long: down */

/* Where one server address stood when the wait ended (--probe's and
 * --check's tables). */
struct propagate_result {
	const struct auth_server *server;	/* borrowed */
	const struct dname *zone;		/* borrowed */
	int		 agreed;	/* served everything asked */
	int		 skipped;	/* lame, unroutable or down: not
					 * waited for (see problem) */
	int64_t		 agreed_ms;	/* since the wait began, or -1 */
	int		 known_serial;
	uint32_t	 serial;	/* the last SOA serial it gave */
	char		 problem[64];	/* why not, when not agreed */
};

struct propagate_options {
	unsigned	 ceiling_ms;	/* interval ceiling */
	int		 skip_down;	/* stop waiting for servers that have
					 * never answered in PROPAGATE_DOWN_MS */
	/* Optional: room for one result per server address of every zone,
	 * in the zones' order, filled when the wait ends (-1 included). */
	struct propagate_result *results;
	size_t		 nresults;	/* out: how many were filled */
};

/*
 * Poll until every server of every zone agrees or the monotonic clock
 * reaches `deadline_ms`.  Progress goes to the log; on timeout one error
 * line names each lagging server and what it serves.  Returns OUTCOME_OK
 * when all agree (or, with skip_down, all that answer agree),
 * OUTCOME_TIMEOUT, OUTCOME_INTERRUPTED when a signal asked the run to
 * stop (os_interrupted(); not logged), or OUTCOME_NOMEM (logged).
 */
enum outcome propagate_wait(struct resolver *r,
	    const struct propagate_zone *zones, size_t nzones,
	    uint64_t deadline_ms, struct propagate_options *opts);

/* The number of server addresses propagate_wait() would poll. */
size_t	 propagate_count(const struct propagate_zone *zones, size_t nzones);

#endif
