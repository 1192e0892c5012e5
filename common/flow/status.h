/* SPDX-License-Identifier: ISC */
#ifndef ACME_STATUS_H
#define ACME_STATUS_H

#include "sys/outcome.h"

/*
 * How a run ended.  The values are the hooks' exit codes, listed under
 * EXIT STATUS in acme-auth(1), the README and --help; keep them stable.
 */
enum acme_status {
	ACME_OK = 0,		/* done */
	ACME_EUSAGE = 1,	/* bad command line or client environment */
	ACME_ECONFIG = 2,	/* configuration or key file problem */
	ACME_ELOOKUP = 3,	/* DNS lookups: CNAME chain, zone, servers */
	ACME_EREFUSED = 4,	/* the primary refused or failed the update */
	ACME_ENETWORK = 5,	/* the primary did not answer */
	ACME_EAUTH = 6,		/* TSIG: bad signature, unknown key, clock */
	ACME_ETIMEOUT = 7,	/* not every server served the record in time */
	ACME_EINTERNAL = 8,	/* out of memory, the state directory or a
				 * note unwritable, an update that cannot be
				 * built: nothing the DNS said */
	ACME_EINTERRUPTED = 9	/* SIGTERM, SIGINT or SIGHUP ended the run */
};

/*
 * The exit status for an outcome: the one place that decides it
 * (cli_main() calls it once, as it returns).
 */
enum acme_status status_of(enum outcome o);

#endif
