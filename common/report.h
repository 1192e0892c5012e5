/* SPDX-License-Identifier: ISC */
#ifndef ACME_REPORT_H
#define ACME_REPORT_H

/*
 * What the hooks print on stdout for a person rather than a client:
 * --dry-run (the update in nsupdate's syntax and the servers that would be
 * polled) and --check (each zone's and name's chain, primary, servers, and
 * a signed no-op update proving the key and the policy).
 */

#include <stddef.h>

#include "challenge.h"
#include "plan.h"
#include "status.h"

struct config;

/* --dry-run: the plan's update(s) and, when presenting, who is polled. */
void	 report_dry_run(const struct plan *p, enum challenge_action action);

/*
 * --check: for each configured zone, and for each of the `n` challenge
 * names, show the CNAME chain, zone, primary and authoritative servers,
 * and prove with a signed no-op update (the delete of a value that is not
 * there) that the primary accepts the key and its policy allows the name,
 * without changing the zone.  Returns ACME_OK when all is well, else the
 * first failure's status.
 */
enum acme_status report_check(const struct config *cfg,
	    const struct challenge *names, size_t n);

#endif
