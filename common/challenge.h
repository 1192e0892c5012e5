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

/* Run the challenges; logs each failure once.  Returns the status. */
enum acme_status challenge_run(const struct config *cfg,
	    enum challenge_action action, const struct challenge *list,
	    size_t n);

#endif
