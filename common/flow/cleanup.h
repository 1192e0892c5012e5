/* SPDX-License-Identifier: ISC */
#ifndef ACME_CLEANUP_H
#define ACME_CLEANUP_H

/*
 * acme-clean's flow: delete exactly each challenge's value (other values at
 * the same name stay), one signed update per zone, and note when each name
 * was cleaned so that the next value there is held back (state.h).  With
 * certbot's hint (CERTBOT_AUTH_OUTPUT) no lookup is needed.
 */

#include <stddef.h>

#include "flow/challenge.h"
#include "sys/outcome.h"

struct config;

/* Clean up the `n` challenges.  Logs each failure once; returns the outcome. */
enum outcome cleanup_run(const struct config *cfg,
	    const struct challenge *list, size_t n,
	    const struct run_options *opts);

#endif
