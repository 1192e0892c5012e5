#include "present.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certbot.h"
#include "config.h"
#include "log.h"
#include "os.h"
#include "plan.h"
#include "propagate.h"
#include "report.h"
#include "state.h"

/* Every lookup before the first change. */
static enum acme_status
locate_all(struct plan *p, const struct challenge *list, size_t n)
{
	enum acme_status st;
	size_t		 i;

	if ((st = plan_locate(p, list, n)) != ACME_OK)
		return st;
	for (i = 0; i < p->ngroups; i++)
		if ((st = plan_primary(p, &p->groups[i])) != ACME_OK ||
		    (st = plan_servers(p, &p->groups[i])) != ACME_OK)
			return st;
	return ACME_OK;
}

/* Undo the adds that went through before a later zone failed. */
static void
roll_back(struct plan *p)
{
	size_t	 i;

	/* The run's deadline may be spent; the undo gets its own. */
	p->deadline = os_clock_ms() + 10000;
	for (i = 0; i < p->ngroups; i++)
		if (p->groups[i].updated) {
			log_info("removing the records added to zone %zu of "
			    "%zu again", i + 1, p->ngroups);
			(void)plan_update(p, &p->groups[i], UPDATE_DELETE);
		}
}

/* One update per zone; on a failure, undo the earlier ones. */
static enum acme_status
update_all(struct plan *p)
{
	enum acme_status st;
	size_t		 i;

	for (i = 0; i < p->ngroups; i++) {
		if ((st = plan_update(p, &p->groups[i], UPDATE_ADD)) !=
		    ACME_OK) {
			roll_back(p);
			return st;
		}
		p->groups[i].updated = 1;
	}
	return ACME_OK;
}

static enum acme_status
wait_for_servers(struct plan *p)
{
	struct propagate_zone *zones;
	struct propagate_options opts;
	size_t		 i;
	int		 rc;

	if ((zones = calloc(p->ngroups, sizeof(*zones))) == NULL) {
		log_err("out of memory");
		return ACME_EINTERNAL;
	}
	for (i = 0; i < p->ngroups; i++) {
		zones[i].servers = &p->groups[i].servers;
		zones[i].serial = p->groups[i].serial;
		zones[i].recs = p->groups[i].recs;
		zones[i].nrecs = p->groups[i].nrecs;
	}
	opts.ceiling_ms = p->cfg->poll_max_ms;
	opts.skip_down = p->cfg->skip_down;
	rc = propagate_wait(p->r, zones, p->ngroups, p->deadline, &opts);
	free(zones);
	return rc == -1 ? ACME_ETIMEOUT : ACME_OK;
}

/*
 * Return no sooner than a TTL after a value was removed at the same name:
 * the CA's resolver may hold that RRset, without our new value, until
 * then (clients that validate one challenge after another at one name).
 */
static void
hold_back(const struct plan *p)
{
	const struct txt_record *rec;
	uint64_t	 when, until = 0, now;
	char		 name[DNAME_TEXT_MAX];
	size_t		 i, j;

	for (i = 0; i < p->ngroups; i++)
		for (j = 0; j < p->groups[i].nrecs; j++) {
			rec = &p->groups[i].recs[j];
			if (state_cleaned_at(&rec->owner, &when) == -1 ||
			    when == 0)
				continue;
			when += (uint64_t)p->cfg->ttl * 1000u + 1000u;
			if (when > until) {
				until = when;
				dname_to_text(&rec->owner, name, sizeof(name));
			}
		}
	now = os_wall_ms();
	if (until <= now)
		return;
	log_info("holding back %.1f s: a value at %s was removed less than "
	    "its TTL (%u s) ago, and the CA's resolver may still cache it",
	    (double)(until - now) / 1000.0, name, p->cfg->ttl);
	os_sleep_ms(until - now);
}

/*
 * In a certbot run, the calls before the last only send and note; the
 * last adds what the others noted to its wait.  `path` is empty outside a
 * certbot run that counts its challenges.
 */
static enum acme_status
certbot_turn(struct plan *p, const struct run_options *opts,
    const char *path, int *stop)
{
	*stop = 0;
	if (*path == '\0')
		return ACME_OK;
	if (opts->remaining > 0) {
		*stop = 1;
		return certbot_defer(p, path);
	}
	return certbot_merge(p, path);
}

enum acme_status
present_run(const struct config *cfg, const struct challenge *list,
    size_t n, const struct run_options *opts)
{
	struct plan	 p;
	enum acme_status st;
	unsigned	 wait_s = cfg->timeout;
	int		 stop;
	char		 path[1024] = "";

	if (opts->max_wait_s > 0 && opts->max_wait_s < wait_s)
		wait_s = opts->max_wait_s;
	/* At most one zone per challenge; a certbot run's notes may add
	 * more (plan_group() grows the array). */
	if ((st = plan_init(&p, cfg, n, wait_s)) != ACME_OK ||
	    (st = locate_all(&p, list, n)) != ACME_OK)
		goto out;
	if (opts->dry_run) {
		report_dry_run(&p, CHALLENGE_PRESENT);
		goto out;
	}
	/* Where the run's notes go, known before anything is published. */
	if (opts->certbot && opts->remaining >= 0 &&
	    certbot_run_path(path, sizeof(path)) == -1) {
		st = ACME_EINTERNAL;
		goto out;
	}
	if ((st = update_all(&p)) != ACME_OK)
		goto out;
	if (opts->certbot)
		certbot_print_hint(&p);
	if ((st = certbot_turn(&p, opts, path, &stop)) != ACME_OK || stop)
		goto out;
	if ((st = wait_for_servers(&p)) == ACME_OK)
		hold_back(&p);
out:
	plan_free(&p);
	return st;
}
