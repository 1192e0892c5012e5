/* SPDX-License-Identifier: ISC */
#ifndef ACME_PRESENT_H
#define ACME_PRESENT_H

/*
 * acme-auth's flow: locate every challenge's zone, its primary and its
 * authoritative servers (all lookups before the first change), send one
 * signed update per zone, then wait until every authoritative server
 * serves every value.  If a later zone's update fails, the earlier zones'
 * records are deleted again.  In a certbot run the calls before the last
 * only send and note (certbot.h).
 */

#include <stddef.h>

#include "flow/challenge.h"
#include "sys/outcome.h"

struct config;

/* Present the `n` challenges.  Logs each failure once; returns the outcome. */
enum outcome present_run(const struct config *cfg,
	    const struct challenge *list, size_t n,
	    const struct run_options *opts);

#endif
