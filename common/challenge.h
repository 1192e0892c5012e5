#ifndef ACME_CHALLENGE_H
#define ACME_CHALLENGE_H

/*
 * The flow of one hook call: for each challenge, follow the name's CNAME
 * chain to the zone that holds the record, check that the zone is
 * configured, send one signed update per zone to its primary, and (when
 * presenting) wait until every authoritative server serves every value.
 * Lookups all happen before the first update, so a lookup failure
 * changes nothing; if a later zone's update fails, earlier zones' records
 * are deleted again.
 */

#include <stddef.h>

#include "status.h"
#include "update.h"
#include "wire.h"

struct config;

#define CHALLENGES_MAX	64	/* per call (dehydrated's HOOK_CHAIN) */

enum challenge_action {
	CHALLENGE_PRESENT,	/* add the value and wait for it */
	CHALLENGE_CLEANUP	/* delete exactly the value, no wait */
};

struct challenge {
	struct dname	 name;	/* e.g. _acme-challenge.example.net. */
	char		 value[TXT_VALUE_MAX + 1];
};

/* How a run differs from the plain one. */
struct run_options {
	int		 dry_run;	/* resolve, print the update, send
					 * nothing */
	unsigned	 max_wait_s;	/* cap below the config's timeout, or 0 */
	int		 print_hint;	/* print a cleanup hint line on stdout
					 * (certbot keeps it for acme-clean) */
	const char	*hint;		/* a hint line given back, or NULL */
	const char	*state_path;	/* certbot run's notes (state.h), or
					 * NULL */
	int		 defer;		/* with state_path: send and note,
					 * the run's last call waits */
};

/*
 * Run the challenges; logs each failure once.  Returns the status.
 * `opts` may be NULL for the defaults.
 */
enum acme_status challenge_run(const struct config *cfg,
	    enum challenge_action action, const struct challenge *list,
	    size_t n, const struct run_options *opts);

/*
 * --check: for each configured zone, and for each of the `n` challenge
 * names, show the CNAME chain, zone, primary and authoritative servers on
 * stdout, and prove with a signed no-op update (the delete of a value that
 * is not there) that the primary accepts the key and its policy allows
 * the name, without changing the zone.  Returns ACME_OK when all is well.
 */
enum acme_status challenge_check(const struct config *cfg,
	    const struct challenge *names, size_t n);

#endif
