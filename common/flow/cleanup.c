/* SPDX-License-Identifier: ISC */
#include "flow/cleanup.h"

#include <stdlib.h>
#include <string.h>

#include "flow/certbot.h"
#include "conf/config.h"
#include "sys/log.h"
#include "sys/os.h"
#include "flow/plan.h"
#include "flow/report.h"
#include "flow/signer.h"
#include "flow/state.h"

/* Note when each value went, for the hold-back of a later acme-auth. */
static void
note_cleaned(const struct state_dir *sd, const struct zone_group *g)
{
	size_t	 j;

	for (j = 0; j < g->nrecs; j++)
		(void)state_mark_cleaned(sd, &g->recs[j].owner);
}

/*
 * Locate each challenge on its own: one that cannot be located must not
 * keep the others' values published.  Returns the first failure, having
 * planned every challenge it could.
 */
static enum outcome
locate_each(struct plan *p, const struct challenge *list, size_t n)
{
	enum outcome st, first = OUTCOME_OK;
	size_t		 i, before;

	for (i = 0; i < n; i++) {
		before = p->ngroups;
		if ((st = plan_locate(p, &list[i], 1)) != OUTCOME_OK) {
			if (first == OUTCOME_OK)
				first = st;
			continue;
		}
		if (p->ngroups > before &&
		    (st = plan_primary(p, &p->groups[p->ngroups - 1])) !=
		    OUTCOME_OK) {
			/* Forget the zone: there is nowhere to send to. */
			p->ngroups--;
			free(p->groups[p->ngroups].recs);
			memset(&p->groups[p->ngroups], 0,
			    sizeof(p->groups[0]));
			if (first == OUTCOME_OK)
				first = st;
		}
	}
	return first;
}

enum outcome
cleanup_run(const struct config *cfg, const struct challenge *list,
    size_t n, const struct run_options *opts)
{
	struct plan	 p;
	struct state_dir sd = { -1, "" };
	struct signer_plan sp;
	enum outcome st, first;
	size_t		 i;

	/* Before plan_init(), which leaves only this directory open. */
	if (!opts->dry_run && state_open(&sd) == 0)
		state_reap(&sd, os_wall_ms(), cfg->ttl, NULL);
	sp.values = list;
	sp.nvalues = n;
	sp.ops = SIGNER_OP_DELETE;
	if ((first = plan_init(&p, cfg, n, cfg->timeout, &sd,
	    opts->dry_run ? NULL : &sp)) != OUTCOME_OK)
		goto out;
	/* acme-clean after certbot's acme-auth may skip every lookup. */
	if (n != 1 || certbot_use_hint(&p, opts->hint, &list[0]) == -1)
		first = locate_each(&p, list, n);
	if (opts->dry_run) {
		report_dry_run(&p, CHALLENGE_CLEANUP);
		goto out;
	}
	/* Every zone gets its delete, whatever happened to the others. */
	for (i = 0; i < p.ngroups; i++) {
		if ((st = plan_update(&p, &p.groups[i], UPDATE_DELETE)) ==
		    OUTCOME_OK)
			note_cleaned(&sd, &p.groups[i]);
		else if (first == OUTCOME_OK)
			first = st;
	}
out:
	state_close(&sd);
	plan_free(&p);
	return first;
}
