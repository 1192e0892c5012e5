/* SPDX-License-Identifier: ISC */
#ifndef ACME_CHALLENGE_H
#define ACME_CHALLENGE_H

/*
 * What one hook call is asked to do, whichever ACME client asked: a list
 * of dns-01 challenges (a record name and its value), the action, and how
 * the run differs from a plain one.  client.c fills these from certbot's,
 * lego's, dehydrated's and uacme's conventions; present.c and cleanup.c
 * carry them out; report.c prints --check and --dry-run.
 */

#include <stddef.h>

#include "dns/dns.h"
#include "dns/wire.h"

/*
 * Challenges in one call (dehydrated's HOOK_CHAIN passes all of a
 * certificate's): above any CA's names per certificate (Let's Encrypt: 100).
 */
#define CHALLENGES_MAX	1000

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
	/* certbot only (see certbot.h): */
	int		 certbot;	/* called by certbot (CERTBOT_* vars) */
	long		 remaining;	/* CERTBOT_REMAINING_CHALLENGES, or -1
					 * when certbot did not say */
	const char	*hint;		/* CERTBOT_AUTH_OUTPUT, or NULL */
};

#endif
