/* SPDX-License-Identifier: ISC */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "os.h"
#include "sandbox.h"
#include "tsig.h"

/* --dry-run: the update in nsupdate's syntax, and who would be polled. */
void
report_dry_run(const struct plan *p, enum challenge_action action)
{
	const struct zone_group *g;
	char	 zone[DNAME_TEXT_MAX], name[DNAME_TEXT_MAX];
	size_t	 i, j;

	printf("; dry run: nothing is sent\n");
	for (i = 0; i < p->ngroups; i++) {
		g = &p->groups[i];
		dname_to_text(&g->zone, zone, sizeof(zone));
		printf("server %s\nzone %s\n", g->primary[0].text, zone);
		printf("; signed with TSIG key %s (%s)\n",
		    tsig_key_name(g->cz->key),
		    tsig_alg_name(tsig_key_alg(g->cz->key)));
		for (j = 0; j < g->nrecs; j++) {
			dname_to_text(&g->recs[j].owner, name, sizeof(name));
			if (action == CHALLENGE_PRESENT)
				printf("update add %s %u IN TXT \"%s\"\n",
				    name, p->cfg->ttl, g->recs[j].value);
			else
				printf("update delete %s IN TXT \"%s\"\n", name,
				    g->recs[j].value);
		}
		printf("send\n");
		for (j = 1; j < g->nprimary; j++)
			printf("; then, if %s fails: %s\n", g->primary[0].text,
			    g->primary[j].text);
		if (action != CHALLENGE_PRESENT)
			continue;
		for (j = 0; j < g->servers.nservers; j++) {
			dname_to_text(&g->servers.servers[j].ns, name,
			    sizeof(name));
			printf("; would wait for %s (%s)\n", name,
			    g->servers.servers[j].addr.text);
		}
	}
	fflush(stdout);
}

/* Forget the groups of the previous check. */
static void
reset_groups(struct plan *p)
{
	size_t	 i;

	for (i = 0; i < p->maxgroups; i++)
		free(p->groups[i].recs);
	memset(p->groups, 0, p->maxgroups * sizeof(*p->groups));
	p->ngroups = 0;
}

/*
 * Print what --check found for one group, and probe its key with a record
 * at `owner`.
 */
static enum acme_status
check_group(struct plan *p, struct zone_group *g, const struct dname *owner)
{
	struct txt_record probe;
	char		 name[DNAME_TEXT_MAX];
	enum acme_status st;
	size_t		 j;

	if ((st = plan_primary(p, g)) != ACME_OK)
		return st;
	printf("  primary:");
	for (j = 0; j < g->nprimary; j++)
		printf(" %s", g->primary[j].text);
	if (g->cz->nserver > 0)
		printf(" (the zone's server option)\n");
	else {
		dname_to_text(&g->mname, name, sizeof(name));
		printf(" (SOA MNAME %s, as the resolver answered: not "
		    "validated; set `server =` in [zone \"%s\"] to pin the "
		    "primary)\n", name, g->cz->name_text);
	}
	if ((st = plan_servers(p, g)) != ACME_OK)
		return st;
	for (j = 0; j < g->servers.nservers; j++) {
		dname_to_text(&g->servers.servers[j].ns, name, sizeof(name));
		printf("  authoritative: %s (%s)\n", name,
		    g->servers.servers[j].addr.text);
	}
	/* A value that is not there: deleting it changes nothing, yet the
	 * primary must check our signature and its policy for the name. */
	probe.owner = *owner;
	snprintf(probe.value, sizeof(probe.value),
	    "acme-hooks-check-%04x%04x", os_random_id(), os_random_id());
	g->nrecs = 0;
	if (plan_add_record(g, &probe) == -1)
		return ACME_EINTERNAL;
	dname_to_text(owner, name, sizeof(name));
	if ((st = plan_update(p, g, UPDATE_DELETE)) != ACME_OK)
		return st;
	printf("  key %s: accepted by the primary for %s TXT "
	    "(no-op update, zone unchanged)\n", tsig_key_name(g->cz->key),
	    name);
	return ACME_OK;
}

/* --check for one configured zone. */
static enum acme_status
check_zone(struct plan *p, const struct config_zone *cz)
{
	struct zone_group *g;
	struct dname	 zone, mname, owner;
	char		 t1[DNAME_TEXT_MAX], t2[DNAME_TEXT_MAX];

	reset_groups(p);
	dname_to_text(&cz->name, t1, sizeof(t1));
	printf("zone %s (key %s)\n", t1, tsig_key_name(cz->key));
	if (locate_zone(p->r, &cz->name, &zone, &mname) == -1)
		return ACME_ELOOKUP;
	if (!dname_equal(&zone, &cz->name)) {
		dname_to_text(&zone, t2, sizeof(t2));
		log_err("%s:%d: %s is not a zone: DNS puts it in zone %s; fix "
		    "the [zone] name or the delegation", p->cfg->path,
		    cz->line, t1, t2);
		return ACME_ELOOKUP;
	}
	owner = zone;
	if (dname_prepend(&owner, "_acme-challenge") == -1) {
		log_err("_acme-challenge.%s is longer than 255 octets", t1);
		return ACME_ECONFIG;
	}
	if ((g = plan_group(p, &zone)) == NULL)
		return ACME_EINTERNAL;
	g->mname = mname;
	g->cz = cz;
	return check_group(p, g, &owner);
}

/* --check for one name a client would present. */
static enum acme_status
check_name(struct plan *p, const struct challenge *ch)
{
	struct dname	 owner;
	enum acme_status st;
	char		 t[DNAME_TEXT_MAX];

	reset_groups(p);
	dname_to_text(&ch->name, t, sizeof(t));
	printf("name %s\n", t);
	if ((st = plan_locate(p, ch, 1)) != ACME_OK)
		return st;
	owner = p->groups[0].recs[0].owner;
	dname_to_text(&owner, t, sizeof(t));
	printf("  record: %s\n", t);
	dname_to_text(&p->groups[0].zone, t, sizeof(t));
	printf("  zone: %s\n", t);
	return check_group(p, &p->groups[0], &owner);
}

enum acme_status
report_check(const struct config *cfg, const struct challenge *names,
    size_t n)
{
	struct plan	 p;
	enum acme_status st, worst;
	size_t		 i;

	if ((worst = plan_init(&p, cfg, 1, cfg->timeout, NULL)) != ACME_OK)
		goto out;
	printf("configuration %s: %zu key%s, %zu zone%s\n", cfg->path,
	    cfg->nkeys, cfg->nkeys == 1 ? "" : "s", cfg->nzones,
	    cfg->nzones == 1 ? "" : "s");
	sandbox_report(stdout);
	for (i = 0; i < cfg->nzones; i++)
		if ((st = check_zone(&p, &cfg->zones[i])) != ACME_OK &&
		    worst == ACME_OK)
			worst = st;
	for (i = 0; i < n; i++)
		if ((st = check_name(&p, &names[i])) != ACME_OK &&
		    worst == ACME_OK)
			worst = st;
	printf("%s\n", worst == ACME_OK ? "check passed" : "check FAILED");
out:
	plan_free(&p);
	return worst;
}
