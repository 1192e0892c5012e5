/* SPDX-License-Identifier: ISC */
#ifndef ACME_OUTCOME_H
#define ACME_OUTCOME_H

/*
 * What happened: the one result every module returns for a step that
 * can fail in more ways than one, named for the event, not for the exit
 * code.  Only status_of() (status.h), called by cli_main() alone, turns
 * an outcome into the hooks' exit status.
 */
enum outcome {
	OUTCOME_OK,		/* done */
	OUTCOME_USAGE,		/* bad command line or client input */
	OUTCOME_CONFIG,		/* the configuration or a key file is
				 * wrong, or a zone has no section */
	OUTCOME_LOOKUP,		/* a lookup failed: CNAME chain, zone,
				 * server addresses */
	OUTCOME_REFUSED,	/* the primary refused or failed the
				 * update (an RCODE) */
	OUTCOME_UNREACHABLE,	/* the primary did not answer */
	OUTCOME_AUTH,		/* TSIG: a key or signature refused, a
				 * clock off, an answer not signed */
	OUTCOME_TIMEOUT,	/* not every server served it in time */
	OUTCOME_NOMEM,		/* out of memory */
	OUTCOME_STATE,		/* the state directory or a note could
				 * not be written */
	OUTCOME_UNBUILDABLE,	/* an update we cannot build or sign */
	OUTCOME_INTERRUPTED	/* a signal asked the run to stop */
};

#endif
