/* SPDX-License-Identifier: ISC */
#include "flow/probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "dns/dns01.h"
#include "sys/log.h"
#include "sys/os.h"
#include "flow/plan.h"
#include "net/propagate.h"
#include "flow/report.h"
#include "flow/signer.h"

/* Time the removal gets, whatever is left of the run's deadline. */
#define PROBE_REMOVE_MS	10000

/*
 * Remove what was added, with signals held: the point of a probe is that
 * it leaves nothing.  Returns the first failure.
 */
static enum outcome
remove_all(struct plan *p)
{
	enum outcome st, first = OUTCOME_OK;
	char		 name[DNAME_TEXT_MAX];
	size_t		 i;

	p->deadline = os_clock_ms() + PROBE_REMOVE_MS;
	os_hold_signals(1);
	for (i = 0; i < p->ngroups; i++) {
		if (!p->groups[i].updated)
			continue;
		if ((st = plan_update(p, &p->groups[i], UPDATE_DELETE)) ==
		    OUTCOME_OK)
			continue;
		dname_to_text(&p->groups[i].recs[0].owner, name, sizeof(name));
		log_err("the probe value \"%s\" stays at %s TXT (the primary "
		    "did not take its removal); remove it with: acme-clean "
		    "cleanup %s %s", p->groups[i].recs[0].value, name, name,
		    p->groups[i].recs[0].value);
		if (first == OUTCOME_OK)
			first = st;
	}
	os_hold_signals(0);
	return first;
}

/* Whether `addr` is one of the group's primary addresses. */
static int
is_primary(const struct zone_group *g, const struct dns_server *addr)
{
	size_t	 k;

	for (k = 0; k < g->nprimary; k++)
		if (address_equal(&g->primary[k], addr))
			return 1;
	return 0;
}

/*
 * BIND holds its NOTIFY back `notify-delay` seconds (5 by default) after
 * a change: when every secondary served the value that much later than
 * the primary, say how to save it on every run.
 */
static void
hint_notify_delay(const struct zone_group *g,
    const struct propagate_result *res, size_t n)
{
	int64_t	 prim = -1, lo = -1, hi = -1;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (!res[i].agreed)
			return;
		if (is_primary(g, &res[i].server->addr)) {
			if (prim == -1 || res[i].agreed_ms < prim)
				prim = res[i].agreed_ms;
			continue;
		}
		if (lo == -1 || res[i].agreed_ms < lo)
			lo = res[i].agreed_ms;
		if (hi == -1 || res[i].agreed_ms > hi)
			hi = res[i].agreed_ms;
	}
	if (lo == -1 || lo - (prim > 0 ? prim : 0) < PROBE_NOTIFY_DELAY_MIN_MS
	    || hi - (prim > 0 ? prim : 0) > PROBE_NOTIFY_DELAY_MAX_MS)
		return;
	printf("  hint: every secondary served the value %.1f to %.1f s after "
	    "the update, about BIND's default notify-delay (5 s); "
	    "`notify-delay 0;` in the zone's statement on the primary saves "
	    "that on every run\n", (double)lo / 1000.0, (double)hi / 1000.0);
}

/* Wait as a run waits; print each zone's table. */
static enum outcome
wait_and_report(struct plan *p)
{
	struct propagate_result *res;
	char		 zone[DNAME_TEXT_MAX];
	size_t		 i, total, at, nres;
	enum outcome	 o;

	for (i = 0, total = 0; i < p->ngroups; i++)
		total += p->groups[i].servers.nservers;
	if ((res = calloc(total + 1, sizeof(*res))) == NULL) {
		log_err("out of memory");
		return OUTCOME_NOMEM;
	}
	o = plan_wait(p, res, &nres);
	/* The results come in the zones' order, each zone's servers in a
	 * row. */
	for (i = 0, at = 0; i < p->ngroups && at < nres; i++) {
		dname_to_text(&p->groups[i].zone, zone, sizeof(zone));
		printf("zone %s: serial %u after the update; seconds until "
		    "each address served the probe value:\n", zone,
		    p->groups[i].serial);
		report_servers(res + at, p->groups[i].servers.nservers, 1);
		hint_notify_delay(&p->groups[i], res + at,
		    p->groups[i].servers.nservers);
		at += p->groups[i].servers.nservers;
	}
	fflush(stdout);
	free(res);
	return o;
}

enum outcome
probe_run(const struct config *cfg, const struct challenge *names,
    size_t n, const struct run_options *opts)
{
	struct challenge *list = NULL;
	struct plan	 p;
	struct signer_plan sp;
	enum outcome st, rm;
	char		 value[TXT_VALUE_MAX + 1];
	unsigned	 wait_s = cfg->timeout;
	size_t		 i;
	int		 sig;

	if (opts->max_wait_s > 0 && opts->max_wait_s < wait_s)
		wait_s = opts->max_wait_s;
	memset(&p, 0, sizeof(p));
	if ((list = calloc(n > 0 ? n : 1, sizeof(*list))) == NULL) {
		log_err("out of memory");
		return OUTCOME_NOMEM;
	}
	(void)dns01_random_value(value, sizeof(value));
	for (i = 0; i < n; i++) {
		list[i].name = names[i].name;
		memcpy(list[i].value, value, sizeof(value));
	}
	sp.values = list;
	sp.nvalues = n;
	sp.ops = SIGNER_OP_ADD | SIGNER_OP_DELETE;
	if ((st = plan_init(&p, cfg, n, wait_s, NULL,
	    opts->dry_run ? NULL : &sp)) != OUTCOME_OK ||
	    (st = plan_locate_all(&p, list, n)) != OUTCOME_OK)
		goto out;
	if (opts->dry_run) {
		report_dry_run(&p, CHALLENGE_PRESENT);
		goto out;
	}
	os_catch_signals();
	log_info("probe: publishing \"%s\"", value);
	if ((st = plan_add_all(&p)) != OUTCOME_OK)
		goto out;	/* nothing stays: plan_add_all() took it back */
	/* Unlike a run, the signer stays through the wait: the removal
	 * needs it (the sandbox allows no second one). */
	st = wait_and_report(&p);
	sig = os_interrupted();
	rm = remove_all(&p);
	plan_end_signing(&p);
	if (sig != 0) {
		log_err("interrupted by %s while waiting for the authoritative "
		    "servers; the probe value was %s", os_signal_name(sig),
		    rm == OUTCOME_OK ? "removed again" : "NOT removed (see above)");
		st = OUTCOME_INTERRUPTED;
	} else if (st == OUTCOME_OK && rm != OUTCOME_OK)
		st = rm;
	else if (st == OUTCOME_OK)
		printf("probe passed: every authoritative server served the "
		    "value; it was removed again\n");
out:
	plan_free(&p);
	free(list);
	return st;
}
