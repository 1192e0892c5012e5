#include "challenge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "locate.h"
#include "log.h"
#include "propagate.h"
#include "resolve.h"
#include "submit.h"
#include "tsig.h"

#define PRIMARY_ADDR_MAX	8

/* The records of one zone, sent in one update. */
struct group {
	struct dname	 zone;
	struct dname	 mname;
	const struct config_zone *cz;
	struct txt_record recs[CHALLENGES_MAX];
	size_t		 nrecs;
	struct dns_server primary[PRIMARY_ADDR_MAX];
	size_t		 nprimary;
	struct zone_servers servers;
	uint32_t	 serial;
	int		 updated;
};

struct run {
	const struct config *cfg;
	struct resolver	*r;
	struct group	*groups;	/* CHALLENGES_MAX of them */
	size_t		 ngroups;
	uint64_t	 deadline;
};

/* The advice for a zone we have no key for. */
static void
log_unconfigured(const struct config *cfg, const struct dname *name,
    const struct dname *target, const struct dname *zone)
{
	char	 n[DNAME_TEXT_MAX], t[DNAME_TEXT_MAX], z[DNAME_TEXT_MAX];
	char	 c[DNAME_TEXT_MAX];

	dname_to_text(name, n, sizeof(n));
	dname_to_text(target, t, sizeof(t));
	dname_to_text(zone, z, sizeof(z));
	if (cfg->nzones > 0) {
		dname_to_text(&cfg->zones[0].name, c, sizeof(c));
		log_err("%s: zone %s (holding %s) has no [zone \"%s\"] section "
		    "in %s; add one with a key that may update it, or "
		    "delegate the challenge into a configured zone with the "
		    "record: %s CNAME _acme-challenge.%s", n, z, t, z,
		    cfg->path, n, c);
	} else
		log_err("%s: zone %s (holding %s) has no [zone \"%s\"] section "
		    "in %s; add one with a key that may update it, or "
		    "delegate the challenge with a CNAME into a zone that "
		    "has one", n, z, t, z, cfg->path);
}

/* Find the zone of each challenge and put it in its zone's group. */
static enum acme_status
plan(struct run *run, const struct challenge *list, size_t n)
{
	const struct config_zone *cz;
	struct dname	 target, zone, mname;
	struct group	*g;
	char		 t1[DNAME_TEXT_MAX], t2[DNAME_TEXT_MAX];
	char		 t3[DNAME_TEXT_MAX];
	size_t		 i, j, k;
	unsigned	 hops;

	for (i = 0; i < n; i++) {
		if (locate_follow(run->r, &list[i].name, &target, &hops) == -1)
			return ACME_ELOOKUP;
		if (locate_zone(run->r, &target, &zone, &mname) == -1)
			return ACME_ELOOKUP;
		dname_to_text(&list[i].name, t1, sizeof(t1));
		dname_to_text(&target, t2, sizeof(t2));
		dname_to_text(&zone, t3, sizeof(t3));
		if (hops > 0)
			log_verbose("%s -> %s (%u CNAME%s), zone %s", t1, t2,
			    hops, hops == 1 ? "" : "s", t3);
		else
			log_verbose("%s is in zone %s", t1, t3);
		if ((cz = config_find_zone(run->cfg, &zone)) == NULL) {
			log_unconfigured(run->cfg, &list[i].name, &target,
			    &zone);
			return ACME_ECONFIG;
		}
		for (j = 0; j < run->ngroups; j++)
			if (dname_equal(&run->groups[j].zone, &zone))
				break;
		g = &run->groups[j];
		if (j == run->ngroups) {
			run->ngroups++;
			g->zone = zone;
			g->mname = mname;
			g->cz = cz;
		}
		/* The same value twice (a client retrying) is one record. */
		for (k = 0; k < g->nrecs; k++)
			if (dname_equal(&g->recs[k].owner, &target) &&
			    strcmp(g->recs[k].value, list[i].value) == 0)
				break;
		if (k < g->nrecs)
			continue;
		g->recs[g->nrecs].owner = target;
		memcpy(g->recs[g->nrecs].value, list[i].value,
		    sizeof(g->recs[0].value));
		g->nrecs++;
	}
	return ACME_OK;
}

/* The primary's addresses: `server` from the config, else SOA MNAME. */
static enum acme_status
find_primary(struct run *run, struct group *g)
{
	char	 host[DNAME_TEXT_MAX];

	if (g->cz->server != NULL)
		snprintf(host, sizeof(host), "%s", g->cz->server);
	else
		dname_to_text(&g->mname, host, sizeof(host));
	if (locate_host(run->r, host, g->primary, PRIMARY_ADDR_MAX,
	    &g->nprimary) == -1)
		return ACME_ELOOKUP;
	return ACME_OK;
}

static enum acme_status
update_group(struct run *run, struct group *g, enum update_op op)
{
	struct submit_request req;
	int		 have_serial;
	enum acme_status st;

	memset(&req, 0, sizeof(req));
	req.zone = &g->zone;
	req.key = g->cz->key;
	req.primary = g->primary;
	req.nprimary = g->nprimary;
	req.op = op;
	req.ttl = run->cfg->ttl;
	req.recs = g->recs;
	req.nrecs = g->nrecs;
	req.deadline_ms = run->deadline;
	st = submit_update(run->r, &req, &g->serial, &have_serial);
	if (st == ACME_OK && !have_serial)
		log_warn("the primary did not tell its serial after the "
		    "update; waiting for the values only");
	return st;
}

/* Undo the adds that went through before a later zone failed. */
static void
roll_back(struct run *run)
{
	size_t	 i;

	/* The run's deadline may be spent; the undo gets its own. */
	run->deadline = clock_ms() + 10000;
	for (i = 0; i < run->ngroups; i++)
		if (run->groups[i].updated) {
			log_info("removing the records added to zone %zu of "
			    "%zu again", i + 1, run->ngroups);
			(void)update_group(run, &run->groups[i],
			    UPDATE_DELETE);
		}
}

static enum acme_status
wait_for_servers(struct run *run)
{
	struct propagate_zone zones[CHALLENGES_MAX];
	struct propagate_options opts;
	size_t		 i;

	for (i = 0; i < run->ngroups; i++) {
		zones[i].servers = &run->groups[i].servers;
		zones[i].serial = run->groups[i].serial;
		zones[i].recs = run->groups[i].recs;
		zones[i].nrecs = run->groups[i].nrecs;
	}
	opts.ceiling_ms = run->cfg->poll_max_ms;
	opts.skip_down = run->cfg->skip_down;
	if (propagate_wait(run->r, zones, run->ngroups, run->deadline,
	    &opts) == -1)
		return ACME_ETIMEOUT;
	return ACME_OK;
}

enum acme_status
challenge_run(const struct config *cfg, enum challenge_action action,
    const struct challenge *list, size_t n)
{
	struct run	 run;
	enum acme_status st = ACME_OK;
	size_t		 i;

	memset(&run, 0, sizeof(run));
	run.cfg = cfg;
	if (n == 0 || n > CHALLENGES_MAX) {
		log_err("%zu challenges in one call; between 1 and %d are "
		    "supported", n, CHALLENGES_MAX);
		return ACME_EUSAGE;
	}
	run.deadline = clock_ms() + (uint64_t)cfg->timeout * 1000u;
	if ((run.groups = calloc(CHALLENGES_MAX, sizeof(*run.groups))) ==
	    NULL) {
		log_err("out of memory");
		return ACME_ELOOKUP;
	}
	if ((run.r = resolver_new(cfg->resolver)) == NULL) {
		st = ACME_ECONFIG;
		goto out;
	}
	if ((st = plan(&run, list, n)) != ACME_OK)
		goto out;
	/* Every lookup before the first change. */
	for (i = 0; i < run.ngroups; i++) {
		if ((st = find_primary(&run, &run.groups[i])) != ACME_OK)
			goto out;
		if (action == CHALLENGE_PRESENT &&
		    locate_servers(run.r, &run.groups[i].zone,
		    &run.groups[i].servers) == -1) {
			st = ACME_ELOOKUP;
			goto out;
		}
	}
	for (i = 0; i < run.ngroups; i++) {
		st = update_group(&run, &run.groups[i],
		    action == CHALLENGE_PRESENT ? UPDATE_ADD : UPDATE_DELETE);
		if (st != ACME_OK) {
			if (action == CHALLENGE_PRESENT)
				roll_back(&run);
			goto out;
		}
		run.groups[i].updated = 1;
	}
	if (action == CHALLENGE_PRESENT)
		st = wait_for_servers(&run);
out:
	resolver_free(run.r);
	free(run.groups);
	return st;
}
