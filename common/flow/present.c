/* SPDX-License-Identifier: ISC */
#include "flow/present.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/certbot.h"
#include "conf/config.h"
#include "sys/log.h"
#include "sys/os.h"
#include "flow/plan.h"
#include "net/propagate.h"
#include "flow/report.h"
#include "flow/signer.h"
#include "flow/state.h"

/* The one line a signal during the wait deserves. */
static enum outcome
interrupted_while_waiting(const struct plan *p, int sig)
{
	char	 owner[DNAME_TEXT_MAX];
	size_t	 i, n = 0;

	for (i = 0; i < p->ngroups; i++)
		n += p->groups[i].nrecs;
	dname_to_text(&p->groups[0].recs[0].owner, owner, sizeof(owner));
	log_err("interrupted by %s while waiting for the authoritative "
	    "servers: %zu TXT record%s (at %s%s) stay%s published; the "
	    "client's cleanup, or acme-clean with the same arguments, "
	    "removes %s", os_signal_name(sig), n, n == 1 ? "" : "s", owner,
	    n > 1 ? " and others" : "", n == 1 ? "s" : "",
	    n == 1 ? "it" : "them");
	return OUTCOME_INTERRUPTED;
}

/*
 * Return no sooner than a TTL after a value was removed at the same name:
 * the CA's resolver may hold that RRset, without our new value, until
 * then (clients that validate one challenge after another at one name).
 */
static void
hold_back(const struct plan *p, const struct state_dir *sd)
{
	const struct txt_record *rec;
	uint64_t	 when, until = 0, now, removed = 0;
	char		 name[DNAME_TEXT_MAX];
	size_t		 i, j;

	for (i = 0; i < p->ngroups; i++)
		for (j = 0; j < p->groups[i].nrecs; j++) {
			rec = &p->groups[i].recs[j];
			if (state_cleaned_at(sd, &rec->owner, &when) == -1 ||
			    when == 0)
				continue;
			if (when + (uint64_t)p->cfg->ttl * 1000u + 1000u >
			    until) {
				removed = when;
				until = when + (uint64_t)p->cfg->ttl * 1000u +
				    1000u;
				dname_to_text(&rec->owner, name, sizeof(name));
			}
		}
	now = os_wall_ms();
	if (until <= now)
		return;
	log_info("holding back %.1f s before returning: a value at %s was "
	    "removed %.1f s ago, and the CA's resolver may still cache that "
	    "TXT set without the new value until its TTL (ttl = %u s) + 1 s "
	    "have passed (acme-auth(1) explains this hold-back)",
	    (double)(until - now) / 1000.0, name,
	    (double)(now > removed ? now - removed : 0) / 1000.0, p->cfg->ttl);
	os_sleep_ms(until - now);
}

/* A certbot call's place in its run (certbot.h). */
enum turn {
	TURN_ALONE,	/* wait for our own records */
	TURN_EARLY,	/* send, note, return: the last call waits */
	TURN_LAST	/* wait for ours and those the others noted */
};

static enum turn
certbot_turn(const struct run_options *opts, const struct state_dir *sd,
    struct certbot_run *run)
{
	if (!opts->certbot || opts->remaining < 0 || sd->fd == -1 ||
	    certbot_run_find(run) == -1)
		return TURN_ALONE;
	certbot_reap_stale(sd);
	return opts->remaining > 0 ? TURN_EARLY : TURN_LAST;
}

/* Send, note, and leave the wait to the run's last call. */
static enum outcome
present_early(struct plan *p, const struct state_dir *sd,
    const struct certbot_run *run)
{
	struct certbot_pending pend;
	enum outcome st;

	/* The note first: a full disk fails before anything is published. */
	if ((st = certbot_note_reserve(sd, run, p, &pend)) != OUTCOME_OK)
		return st;
	if ((st = plan_add_all(p)) != OUTCOME_OK) {
		certbot_note_abort(&pend);
		return st;
	}
	certbot_print_hint(p);
	if ((st = certbot_note_confirm(&pend, p)) == OUTCOME_OK)
		log_info("update sent; the last challenge of this certbot run "
		    "waits for it");
	return st;
}

enum outcome
present_run(const struct config *cfg, const struct challenge *list,
    size_t n, const struct run_options *opts)
{
	struct plan	 p;
	struct state_dir sd = { -1, "" };
	struct certbot_run run;
	struct signer_plan sp;
	enum outcome st;
	enum turn	 turn = TURN_ALONE;
	unsigned	 wait_s = cfg->timeout;
	int		 sig;

	if (opts->max_wait_s > 0 && opts->max_wait_s < wait_s)
		wait_s = opts->max_wait_s;
	/* At most one zone per challenge; a certbot run's notes may add
	 * more (plan_group() grows the array). */
	/*
	 * The state directory and the certbot run (it reads /proc) before
	 * plan_init(), which leaves only that directory open.
	 */
	if (!opts->dry_run) {
		if (state_open(&sd) == 0)
			state_reap(&sd, os_wall_ms(), cfg->ttl, NULL);
		turn = certbot_turn(opts, &sd, &run);
	}
	/* The values to add, and to remove again after a failure. */
	sp.values = list;
	sp.nvalues = n;
	sp.ops = SIGNER_OP_ADD | SIGNER_OP_DELETE;
	if ((st = plan_init(&p, cfg, n, wait_s, &sd,
	    opts->dry_run ? NULL : &sp)) != OUTCOME_OK ||
	    (st = plan_locate_all(&p, list, n)) != OUTCOME_OK)
		goto out;
	if (opts->dry_run) {
		report_dry_run(&p, CHALLENGE_PRESENT);
		goto out;
	}
	os_catch_signals();
	if (turn == TURN_EARLY) {
		st = present_early(&p, &sd, &run);
		plan_end_signing(&p);
		goto out;
	}
	if ((st = plan_add_all(&p)) != OUTCOME_OK)
		goto out;
	/* No update needs the keys any more: end them before the wait. */
	plan_end_signing(&p);
	if (opts->certbot)
		certbot_print_hint(&p);
	if (turn == TURN_LAST &&
	    (st = certbot_merge(&p, &sd, &run)) != OUTCOME_OK)
		goto out;
	if ((st = plan_wait(&p, NULL, NULL)) == OUTCOME_OK)
		hold_back(&p, &sd);
	if ((sig = os_interrupted()) != 0)
		st = interrupted_while_waiting(&p, sig);
out:
	state_close(&sd);
	plan_free(&p);
	return st;
}
