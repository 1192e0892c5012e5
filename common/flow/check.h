/* SPDX-License-Identifier: ISC */
#ifndef ACME_CHECK_H
#define ACME_CHECK_H

/*
 * What an administrator runs before trusting the hooks to a CA:
 *
 * --check-config reads the configuration and its key files and nothing
 * else: no lookup, no packet (for CI jobs that ship the configuration,
 * as named-checkconf or sshd -t).
 *
 * --check goes through what a run needs, with the run's own code, so a
 * mistake gets the run's message and exit status: each name's CNAME
 * chain and zone (plan_locate()), each configured zone being a zone,
 * each zone's primary and every authoritative address (the same servers
 * and rules a run waits with, down_servers included), each asked for its
 * SOA; and the key, the update policy and the zone's journal, proven by
 * adding a random value at the challenge name and removing it at once.
 * Only a real change proves the journal (named answers a no-op update
 * without writing it), so the zone's serial goes up by two; nothing waits
 * for the secondaries (--probe does) and nothing is left behind.
 */

#include <stddef.h>

#include "flow/challenge.h"
#include "sys/outcome.h"

struct config;

/* Longest wait --check gives the authoritative servers for their SOA. */
#define CHECK_WAIT_S	10

/* --check-config: print what the configuration holds.  OUTCOME_OK. */
enum outcome check_config(const struct config *cfg);

/*
 * --check for every configured zone and each of the `n` names (each zone
 * once).  Returns OUTCOME_OK, or the outcome a run would end with for the
 * first mistake found (every mistake is reported).
 */
enum outcome check_run(const struct config *cfg,
	    const struct challenge *names, size_t n);

#endif
