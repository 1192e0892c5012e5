/* SPDX-License-Identifier: ISC */
#ifndef ACME_PROBE_H
#define ACME_PROBE_H

/*
 * --probe: a run without a CA.  Publish a random value at each name's
 * real challenge record (through the CNAME chain, one update per zone, as
 * a run does), wait for every authoritative server exactly as a run
 * waits, remove the values again on every path (a failure, the timeout,
 * SIGTERM, SIGINT or SIGHUP), and print per server address when it served
 * the value.  It proves the key, the policy, the journal, NOTIFY and every
 * secondary; a CI job or a cron monitor runs it.  The removal is not
 * noted in the state directory: no CA asked for the value, so no resolver
 * can hold it, and a real run right after needs no hold-back.
 */

#include <stddef.h>

#include "flow/challenge.h"
#include "sys/outcome.h"

struct config;

/*
 * The secondaries' lag behind the primary that looks like BIND's default
 * notify-delay (5 s), worth a hint: between these, in ms.
 */
#define PROBE_NOTIFY_DELAY_MIN_MS	3000
#define PROBE_NOTIFY_DELAY_MAX_MS	7000

/* Probe the `n` names; returns the outcome a run would have. */
enum outcome probe_run(const struct config *cfg,
	    const struct challenge *names, size_t n,
	    const struct run_options *opts);

#endif
