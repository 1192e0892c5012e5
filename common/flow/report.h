/* SPDX-License-Identifier: ISC */
#ifndef ACME_REPORT_H
#define ACME_REPORT_H

/*
 * What the hooks print on stdout for a person rather than a client:
 * --dry-run (the update in nsupdate's syntax and the servers that would be
 * polled), and the table of authoritative servers that --check and
 * --probe print (check.h, probe.h).
 */

#include <stddef.h>

#include "flow/challenge.h"
#include "flow/plan.h"
#include "net/propagate.h"

struct config;

/* --dry-run: the plan's update(s) and, when presenting, who is polled. */
void	 report_dry_run(const struct plan *p, enum challenge_action action);

/*
 * A table of where each authoritative server address stood after a wait
 * (--check: its SOA serial; --probe: also the seconds after the update
 * until it served the value), or why it did not.
 */
void	 report_servers(const struct propagate_result *res, size_t n,
	    int show_time);

#endif
