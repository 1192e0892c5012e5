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

#include "locate.h"
#include "resolver.h"
#include "update.h"

#define PROPAGATE_FIRST_MS	20	/* first interval between rounds */

/* One zone to wait for. */
struct propagate_zone {
	const struct zone_servers *servers;	/* borrowed */
	uint32_t	 serial;	/* at least this, after our update */
	const struct txt_record *recs;	/* values that must be served */
	size_t		 nrecs;
};

#define PROPAGATE_DOWN_MS	3000	/* silent this long: down */

struct propagate_options {
	unsigned	 ceiling_ms;	/* interval ceiling */
	int		 skip_down;	/* stop waiting for servers that have
					 * never answered in PROPAGATE_DOWN_MS */
};

/*
 * Poll until every server of every zone agrees or the monotonic clock
 * reaches `deadline_ms`.  Progress goes to the log; on timeout one error
 * line names each lagging server and what it serves.  Returns 0 when all
 * agree (or, with skip_down, all that answer agree), -1 on timeout or
 * when a signal asked the run to stop (os_interrupted(); not logged).
 */
int	 propagate_wait(struct resolver *r, const struct propagate_zone *zones,
	    size_t nzones, uint64_t deadline_ms,
	    const struct propagate_options *opts);

#endif
