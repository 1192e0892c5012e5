/* SPDX-License-Identifier: ISC */
#include "flow/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "dns/tsig.h"
#include "sys/log.h"
#include "sys/os.h"
#include "flow/sandbox.h"
#include "flow/signer.h"
#include "net/submit.h"
#include "net/testing.h"

enum outcome
plan_init(struct plan *p, const struct config *cfg, size_t ngroups,
    unsigned wait_s, const struct state_dir *sd,
    const struct signer_plan *sp)
{
	enum outcome	 o;
	size_t		 i;

	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->deadline = os_clock_ms() + (uint64_t)wait_s * 1000u;
	/* maxgroups only with the array: plan_free() walks that many. */
	if ((p->groups = calloc(ngroups > 0 ? ngroups : 1,
	    sizeof(*p->groups))) == NULL) {
		log_err("out of memory");
		return OUTCOME_NOMEM;
	}
	/*
	 * The keys go to a process of their own before the resolver exists
	 * (the signer gets no copy of it) and before any packet; this one
	 * keeps no secret from here on.
	 */
	p->maxgroups = ngroups > 0 ? ngroups : 1;
	if (sp != NULL && (p->signer = signer_start(cfg, sp,
	    !cfg->no_sandbox)) == NULL)
		return OUTCOME_UNBUILDABLE;
	for (i = 0; i < cfg->nkeys; i++)
		tsig_key_forget(cfg->keys[i].key);
	if ((o = resolver_new(&p->r, cfg->resolver, cfg->nresolver)) !=
	    OUTCOME_OK)
		return o;
	/* Everything read and the resolver made: lock in before a packet. */
	sandbox_enter(cfg, sd);
	return OUTCOME_OK;
}

void
plan_end_signing(struct plan *p)
{
	(void)signer_stop(p->signer);
	p->signer = NULL;
}

void
plan_free(struct plan *p)
{
	size_t	 i;

	plan_end_signing(p);

	/* Groups past ngroups may hold records too (a hint that failed). */
	for (i = 0; i < p->maxgroups; i++)
		free(p->groups[i].recs);
	resolver_free(p->r);
	free(p->groups);
	p->r = NULL;
	p->groups = NULL;
	p->ngroups = p->maxgroups = 0;
}

struct zone_group *
plan_group(struct plan *p, const struct dname *zone)
{
	struct zone_group *g;
	size_t		 i, more;

	for (i = 0; i < p->ngroups; i++)
		if (dname_equal(&p->groups[i].zone, zone))
			return &p->groups[i];
	if (p->ngroups == p->maxgroups) {
		more = p->maxgroups + 4;
		if ((g = realloc(p->groups, more * sizeof(*g))) == NULL) {
			log_err("out of memory");
			return NULL;
		}
		memset(g + p->maxgroups, 0, 4 * sizeof(*g));
		p->groups = g;
		p->maxgroups = more;
	}
	g = &p->groups[p->ngroups++];
	g->zone = *zone;
	return g;
}

int
plan_add_record(struct zone_group *g, const struct txt_record *rec)
{
	struct txt_record *recs;
	size_t	 k, more;

	for (k = 0; k < g->nrecs; k++)
		if (dname_equal(&g->recs[k].owner, &rec->owner) &&
		    strcmp(g->recs[k].value, rec->value) == 0)
			return 0;
	if (g->nrecs == g->maxrecs) {
		more = g->maxrecs > 0 ? 2 * g->maxrecs : 4;
		if (more > SIZE_MAX / sizeof(*recs) ||
		    (recs = realloc(g->recs, more * sizeof(*recs))) == NULL) {
			log_err("out of memory");
			return -1;
		}
		g->recs = recs;
		g->maxrecs = more;
	}
	g->recs[g->nrecs++] = *rec;
	return 0;
}

enum outcome
plan_zone_is_real(struct plan *p, const struct config_zone *cz,
    struct dname *mname)
{
	struct dname	 zone, m;
	char		 t1[DNAME_TEXT_MAX], t2[DNAME_TEXT_MAX];

	if (locate_zone(p->r, &cz->name, &zone, &m) == -1)
		return OUTCOME_LOOKUP;
	if (mname != NULL)
		*mname = m;
	if (dname_equal(&zone, &cz->name))
		return OUTCOME_OK;
	dname_to_text(&cz->name, t1, sizeof(t1));
	dname_to_text(&zone, t2, sizeof(t2));
	log_err("%s:%d: [zone \"%s\"]: %s is not a zone: DNS puts it in zone "
	    "%s; fix the [zone] name (a typo?) or delegate %s", p->cfg->path,
	    cz->line, cz->name_text, t1, t2, t1);
	return OUTCOME_CONFIG;
}

/*
 * A configured zone that is not a zone is the likelier mistake behind a
 * challenge in a zone we have no section for (a typo in the section's
 * name): say that, exactly as --check does, rather than suggest a CNAME
 * into a name that does not exist.  Only on this error path, so a good
 * run pays no lookups for it.
 */
static enum outcome
configured_zones_real(struct plan *p)
{
	size_t	 i;

	if (p->zones_real_known)
		return p->zones_real;
	p->zones_real = OUTCOME_OK;
	for (i = 0; i < p->cfg->nzones; i++)
		if (plan_zone_is_real(p, &p->cfg->zones[i], NULL) ==
		    OUTCOME_CONFIG) {
			p->zones_real = OUTCOME_CONFIG;
			break;
		}
	p->zones_real_known = 1;
	return p->zones_real;
}

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

/* Where one challenge's record lives: its target name and zone. */
static enum outcome
locate_one(struct plan *p, const struct challenge *ch,
    struct txt_record *rec, struct dname *zone, struct dname *mname)
{
	char		 t1[DNAME_TEXT_MAX], t2[DNAME_TEXT_MAX];
	char		 t3[DNAME_TEXT_MAX];
	unsigned	 hops;

	if (locate_follow(p->r, &ch->name, &rec->owner, &hops) == -1 ||
	    locate_zone(p->r, &rec->owner, zone, mname) == -1)
		return OUTCOME_LOOKUP;
	memcpy(rec->value, ch->value, sizeof(rec->value));
	dname_to_text(&ch->name, t1, sizeof(t1));
	dname_to_text(&rec->owner, t2, sizeof(t2));
	dname_to_text(zone, t3, sizeof(t3));
	if (hops > 0)
		log_verbose("%s -> %s (%u CNAME%s), zone %s", t1, t2, hops,
		    hops == 1 ? "" : "s", t3);
	else
		log_verbose("%s is in zone %s", t1, t3);
	return OUTCOME_OK;
}

enum outcome
plan_locate_one(struct plan *p, const struct challenge *ch,
    struct zone_group **group, struct dname *owner)
{
	const struct config_zone *cz;
	struct zone_group *g;
	struct txt_record rec;
	struct dname	 zone, mname;
	enum outcome st;

	if ((st = locate_one(p, ch, &rec, &zone, &mname)) != OUTCOME_OK)
		return st;
	if ((cz = config_find_zone(p->cfg, &zone)) == NULL) {
		if (configured_zones_real(p) == OUTCOME_OK)
			log_unconfigured(p->cfg, &ch->name, &rec.owner, &zone);
		return OUTCOME_CONFIG;
	}
	if ((g = plan_group(p, &zone)) == NULL)
		return OUTCOME_NOMEM;
	g->mname = mname;
	g->cz = cz;
	if (plan_add_record(g, &rec) == -1)
		return OUTCOME_NOMEM;
	if (group != NULL)
		*group = g;
	if (owner != NULL)
		*owner = rec.owner;
	return OUTCOME_OK;
}

enum outcome
plan_locate(struct plan *p, const struct challenge *list, size_t n)
{
	enum outcome st;
	size_t		 i;

	for (i = 0; i < n; i++)
		if ((st = plan_locate_one(p, &list[i], NULL, NULL)) != OUTCOME_OK)
			return st;
	return OUTCOME_OK;
}

enum outcome
plan_primary(struct plan *p, struct zone_group *g)
{
	struct host_port mname;
	const struct host_port *hosts = g->cz->server;
	size_t		 i, n, nhosts = g->cz->nserver;

	if (nhosts == 0) {
		memset(&mname, 0, sizeof(mname));
		dname_to_text(&g->mname, mname.host, sizeof(mname.host));
		mname.port = testing_dns_port();
		hosts = &mname;
		nhosts = 1;
	}
	g->nprimary = 0;
	for (i = 0; i < nhosts && g->nprimary < PLAN_PRIMARY_MAX; i++) {
		if (locate_host(p->r, &hosts[i], g->primary + g->nprimary,
		    PLAN_PRIMARY_MAX - g->nprimary, &n) == -1)
			return OUTCOME_LOOKUP;
		g->nprimary += n;
	}
	return g->nprimary > 0 ? OUTCOME_OK : OUTCOME_LOOKUP;
}

enum outcome
plan_servers(struct plan *p, struct zone_group *g)
{
	if (locate_servers(p->r, &g->zone, &g->servers) == -1)
		return OUTCOME_LOOKUP;
	return OUTCOME_OK;
}

int
plan_group_uses_gss(const struct zone_group *g)
{
	return g->cz != NULL && g->cz->key != NULL &&
	    tsig_alg_is_gss(tsig_key_alg(g->cz->key));
}

/*
 * The primary's host name for Kerberos (its service is DNS/host), without
 * a final dot: `server_name`, else the first `server` given as a name,
 * else the zone's SOA MNAME, as nsupdate takes it.
 */
static void
gss_host(const struct zone_group *g, char *host, size_t cap)
{
	size_t	 i, n;

	if (g->cz->server_name != NULL) {
		(void)snprintf(host, cap, "%s", g->cz->server_name);
		return;
	}
	for (i = 0; i < g->cz->nserver; i++)
		if (!g->cz->server[i].is_literal) {
			(void)snprintf(host, cap, "%s", g->cz->server[i].host);
			break;
		}
	if (i == g->cz->nserver)
		dname_to_text(&g->mname, host, cap);
	n = strlen(host);
	if (n > 1 && host[n - 1] == '.')
		host[n - 1] = '\0';
}

static enum outcome
negotiate(struct plan *p, struct zone_group *g)
{
	struct submit_request req;
	char		 host[DNAME_TEXT_MAX];
	uint64_t	 t0 = os_clock_ms();
	enum outcome	 st;

	if (g->nprimary == 0 && (st = plan_primary(p, g)) != OUTCOME_OK)
		return st;
	gss_host(g, host, sizeof(host));
	memset(&req, 0, sizeof(req));
	req.zone = &g->zone;
	req.key = g->cz->key;
	req.signing = signer_submit_signing(p->signer);
	req.primary = g->primary;
	req.nprimary = g->nprimary;
	req.deadline_ms = p->deadline;
	if ((st = submit_negotiate(p->r, &req, host, &g->gss)) != OUTCOME_OK)
		return st;
	g->negotiated = 1;
	g->negotiate_ms = os_clock_ms() - t0;
	return OUTCOME_OK;
}

enum outcome
plan_negotiate_all(struct plan *p)
{
	enum outcome st;
	size_t		 i;
	int		 any = 0;

	if (p->gss_done)
		return OUTCOME_OK;
	if (p->signer == NULL) {
		log_err("no signer: Kerberos cannot be set up");
		return OUTCOME_UNBUILDABLE;
	}
	for (i = 0; i < p->ngroups; i++) {
		if (!plan_group_uses_gss(&p->groups[i]))
			continue;
		any = 1;
		if (!p->groups[i].negotiated &&
		    (st = negotiate(p, &p->groups[i])) != OUTCOME_OK)
			return st;
	}
	p->gss_done = 1;
	/* No further Kerberos work: the signer closes the door (without
	 * a gss-tsig key it was locked from the start). */
	if (any && signer_lock(p->signer) == -1)
		return OUTCOME_UNBUILDABLE;
	return OUTCOME_OK;
}

enum outcome
plan_update(struct plan *p, struct zone_group *g, enum update_op op)
{
	struct submit_request req;
	int		 have_serial;
	enum outcome st;

	if (p->signer == NULL) {
		log_err("no signer: the update for zone %s cannot be signed",
		    g->cz->name_text);
		return OUTCOME_UNBUILDABLE;
	}
	if (!p->gss_done && (st = plan_negotiate_all(p)) != OUTCOME_OK)
		return st;
	memset(&req, 0, sizeof(req));
	req.zone = &g->zone;
	req.key = g->cz->key;
	if (g->negotiated)
		req.principal = g->gss.principal;
	req.signing = signer_submit_signing(p->signer);
	req.primary = g->primary;
	req.nprimary = g->nprimary;
	req.op = op;
	req.ttl = p->cfg->ttl;
	req.recs = g->recs;
	req.nrecs = g->nrecs;
	req.deadline_ms = p->deadline;
	st = submit_update(p->r, &req, &g->serial, &have_serial);
	if (st == OUTCOME_OK)
		g->updated_ms = os_clock_ms();
	if (st == OUTCOME_OK && !have_serial)
		log_warn("the primary did not tell its serial after the "
		    "update; waiting for the values only");
	return st;
}

enum outcome
plan_locate_all(struct plan *p, const struct challenge *list, size_t n)
{
	enum outcome st;
	size_t		 i;

	if ((st = plan_locate(p, list, n)) != OUTCOME_OK)
		return st;
	for (i = 0; i < p->ngroups; i++)
		if ((st = plan_primary(p, &p->groups[i])) != OUTCOME_OK ||
		    (st = plan_servers(p, &p->groups[i])) != OUTCOME_OK)
			return st;
	return OUTCOME_OK;
}

/*
 * Undo the adds that went through (`upto` groups, all updated) and, when
 * interrupted, the one in flight, which the primary may have applied.
 */
static void
roll_back(struct plan *p, size_t upto, int in_flight)
{
	size_t	 i;

	/* The run's deadline may be spent; the undo gets its own, and a
	 * signal must not cut it short. */
	p->deadline = os_clock_ms() + 10000;
	os_hold_signals(1);
	for (i = 0; i < upto + (in_flight ? 1 : 0) && i < p->ngroups; i++) {
		log_info("removing the records added to zone %zu of %zu again",
		    i + 1, p->ngroups);
		(void)plan_update(p, &p->groups[i], UPDATE_DELETE);
	}
	os_hold_signals(0);
}

enum outcome
plan_add_all(struct plan *p)
{
	enum outcome st = OUTCOME_OK;
	char		 zone[DNAME_TEXT_MAX];
	size_t		 i;
	int		 sig;

	for (i = 0; i < p->ngroups && st == OUTCOME_OK; i++)
		if ((st = plan_update(p, &p->groups[i], UPDATE_ADD)) ==
		    OUTCOME_OK)
			p->groups[i].updated = 1;
	sig = os_interrupted();
	if (st == OUTCOME_OK && sig == 0)
		return OUTCOME_OK;
	if (sig == 0) {
		roll_back(p, st == OUTCOME_OK ? i : i - 1, 0);
		return st;
	}
	/* A signal during the updates: take back all that was sent. */
	dname_to_text(&p->groups[i - 1].zone, zone, sizeof(zone));
	roll_back(p, st == OUTCOME_OK ? i : i - 1, st != OUTCOME_OK);
	log_err("interrupted by %s while sending the update for zone %s; "
	    "every record this call sent was removed again",
	    os_signal_name(sig), zone);
	return OUTCOME_INTERRUPTED;
}

enum outcome
plan_wait(struct plan *p, struct propagate_result *res, size_t *nres)
{
	struct propagate_zone *zones;
	struct propagate_options opts;
	enum outcome	 o;
	size_t		 i;

	if ((zones = calloc(p->ngroups > 0 ? p->ngroups : 1,
	    sizeof(*zones))) == NULL) {
		log_err("out of memory");
		return OUTCOME_NOMEM;
	}
	for (i = 0; i < p->ngroups; i++) {
		zones[i].servers = &p->groups[i].servers;
		zones[i].serial = p->groups[i].serial;
		zones[i].recs = p->groups[i].recs;
		zones[i].nrecs = p->groups[i].nrecs;
		zones[i].since_ms = p->groups[i].updated_ms;
	}
	memset(&opts, 0, sizeof(opts));
	opts.ceiling_ms = p->cfg->poll_max_ms;
	opts.skip_down = p->cfg->skip_down;
	opts.results = res;
	o = propagate_wait(p->r, zones, p->ngroups, p->deadline, &opts);
	if (nres != NULL)
		*nres = opts.nresults;
	free(zones);
	return o;
}
