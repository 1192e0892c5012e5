/* SPDX-License-Identifier: ISC */
#include "flow/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "conf/keyfile.h"
#include "dns/dns01.h"
#include "sys/log.h"
#include "sys/os.h"
#include "flow/plan.h"
#include "net/propagate.h"
#include "flow/report.h"
#include "flow/sandbox.h"
#include "flow/signer.h"
#include "dns/tsig.h"

/*
 * One [key]: its algorithm and TSIG name; for Kerberos, whose key is not
 * in the file, the principal and where its keys come from.  Nothing
 * secret: a principal that could be a misplaced secret is not shown.
 */
static void
check_print_key(const struct config_key *ck)
{
	enum tsig_alg	 alg = tsig_key_alg(ck->key);

	printf("  key %s (line %d): %s, TSIG name %s", ck->section, ck->line,
	    tsig_alg_name(alg), tsig_key_name(ck->key));
	if (!tsig_alg_is_gss(alg)) {
		printf("\n");
		return;
	}
	printf(", principal %s", ck->principal == NULL ?
	    "(the default principal)" : keyfile_may_be_secret(ck->principal) ?
	    "(not shown: it could be a misplaced secret)" : ck->principal);
	if (ck->keytab == NULL)
		printf(", keys from the credential cache\n");
	else
		printf(", keys from keytab %s\n",
		    keyfile_may_be_secret(ck->keytab) ? "(path not shown: it "
		    "could be a misplaced secret)" : ck->keytab);
}

enum outcome
check_config(const struct config *cfg)
{
	const struct config_zone *cz;
	size_t	 i, j;

	printf("configuration %s: %zu key%s, %zu zone%s, timeout %u s, "
	    "ttl %u s, down_servers = %s\n", cfg->path, cfg->nkeys,
	    cfg->nkeys == 1 ? "" : "s", cfg->nzones,
	    cfg->nzones == 1 ? "" : "s", cfg->timeout, cfg->ttl,
	    cfg->skip_down ? "skip" : "wait");
	for (i = 0; i < cfg->nkeys; i++)
		check_print_key(&cfg->keys[i]);
	for (i = 0; i < cfg->nzones; i++) {
		cz = &cfg->zones[i];
		printf("  zone %s (line %d): key %s, updates to ",
		    cz->name_text, cz->line, cz->key_section);
		if (cz->nserver == 0)
			printf("the SOA MNAME");
		for (j = 0; j < cz->nserver; j++)
			printf("%s%s", j > 0 ? ", " : "", cz->server[j].host);
		if (cz->server_name != NULL)
			printf(" (Kerberos service DNS/%s)", cz->server_name);
		printf("\n");
	}
	printf("configuration OK (nothing was looked up or sent)\n");
	fflush(stdout);
	return OUTCOME_OK;
}

/* The first failure decides the outcome, as the run's first would. */
static void
note_status(enum outcome *first, enum outcome st)
{
	if (*first == OUTCOME_OK)
		*first = st;
}

/*
 * Each name through the run's own lookups, one at a time so that one that
 * fails does not hide the others.
 */
static enum outcome
locate_names(struct plan *p, const struct challenge *names, size_t n)
{
	enum outcome st, first = OUTCOME_OK;
	struct zone_group *g;
	struct dname	 owner;
	char		 t1[DNAME_TEXT_MAX], t2[DNAME_TEXT_MAX];
	char		 t3[DNAME_TEXT_MAX];
	size_t		 i;

	for (i = 0; i < n; i++) {
		if ((st = plan_locate_one(p, &names[i], &g, &owner)) !=
		    OUTCOME_OK) {
			note_status(&first, st);
			continue;
		}
		dname_to_text(&names[i].name, t1, sizeof(t1));
		dname_to_text(&owner, t2, sizeof(t2));
		dname_to_text(&g->zone, t3, sizeof(t3));
		printf("name %s: record %s, in zone %s\n", t1, t2, t3);
		fflush(stdout);
	}
	return first;
}

/* A group for each configured zone that no name led to. */
static enum outcome
add_configured_zones(struct plan *p)
{
	const struct config_zone *cz;
	struct zone_group *g;
	struct txt_record rec;
	struct dname	 mname;
	enum outcome st, first = OUTCOME_OK;
	size_t		 i, j;

	p->zones_real = OUTCOME_OK;
	for (i = 0; i < p->cfg->nzones; i++) {
		cz = &p->cfg->zones[i];
		for (j = 0; j < p->ngroups; j++)
			if (dname_equal(&p->groups[j].zone, &cz->name))
				break;
		if (j < p->ngroups)
			continue;
		if ((st = plan_zone_is_real(p, cz, &mname)) != OUTCOME_OK) {
			if (st == OUTCOME_CONFIG)
				p->zones_real = OUTCOME_CONFIG;
			note_status(&first, st);
			continue;
		}
		memset(&rec, 0, sizeof(rec));
		rec.owner = cz->name;
		if (dname_prepend(&rec.owner, "_acme-challenge") == -1) {
			log_err("%s:%d: _acme-challenge.%s is longer than 255 "
			    "octets", p->cfg->path, cz->line, cz->name_text);
			note_status(&first, OUTCOME_CONFIG);
			continue;
		}
		if ((g = plan_group(p, &cz->name)) == NULL ||
		    plan_add_record(g, &rec) == -1)
			return OUTCOME_NOMEM;
		g->mname = mname;
		g->cz = cz;
	}
	/* The names' lookups must not say it again (plan_locate_one()). */
	p->zones_real_known = 1;
	return first;
}

static void
print_primary(const struct zone_group *g)
{
	char	 name[DNAME_TEXT_MAX];
	size_t	 j;

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
}

/*
 * The key, the policy and the journal: add the run's random value
 * (check_run(): the signer's plan holds it) at each record name of the
 * group, then remove it, with signals held so that nothing is left
 * behind.
 */
static enum outcome
prove_update(struct plan *p, struct zone_group *g, const char *value)
{
	char		 name[DNAME_TEXT_MAX];
	enum outcome st, del;
	uint32_t	 added;
	size_t		 i, j, k;

	/* One value per name: a name's record and its zone's may be the
	 * same name. */
	for (j = 0, k = 0; j < g->nrecs; j++) {
		for (i = 0; i < k; i++)
			if (dname_equal(&g->recs[i].owner, &g->recs[j].owner))
				break;
		if (i < k)
			continue;
		g->recs[k] = g->recs[j];
		snprintf(g->recs[k++].value, sizeof(g->recs[0].value), "%s",
		    value);
	}
	g->nrecs = k;
	dname_to_text(&g->recs[0].owner, name, sizeof(name));
	os_hold_signals(1);
	if ((st = plan_update(p, g, UPDATE_ADD)) != OUTCOME_OK) {
		os_hold_signals(0);
		return st;
	}
	added = g->serial;
	del = plan_update(p, g, UPDATE_DELETE);
	os_hold_signals(0);
	if (del != OUTCOME_OK) {
		log_err("the check value \"%s\" stays at %s TXT: the primary "
		    "took its add but not its removal; remove it with: "
		    "acme-clean cleanup %s %s", value, name, name, value);
		return del;
	}
	printf("  key %s: the primary took an add and a delete at %s TXT "
	    "(serial %u, then %u): the key, its update policy and the zone's "
	    "storage (BIND: its journal) work\n", tsig_key_name(g->cz->key), name, added,
	    g->serial);
	return OUTCOME_OK;
}

/*
 * A gss-tsig zone: get the ticket and have the primary accept the
 * security context, which proves the credentials, the realm, the
 * service's name and the server's keytab, and change nothing.
 */
static enum outcome
prove_context(struct plan *p, struct zone_group *g)
{
	enum outcome st;

	if ((st = plan_negotiate_all(p)) != OUTCOME_OK)
		return st;
	printf("  key %s (%s): Kerberos principal %s, ticket valid for "
	    "%uh%02um more; the primary accepted the security context "
	    "(%llu ms); the zone is left unchanged, so its update policy "
	    "is first tried by a run (or --probe)\n",
	    tsig_key_name(g->cz->key), tsig_alg_name(tsig_key_alg(g->cz->key)),
	    g->gss.principal[0] != '\0' ? g->gss.principal : "(unknown)",
	    (unsigned)(g->gss.lifetime_s / 3600),
	    (unsigned)(g->gss.lifetime_s / 60 % 60),
	    (unsigned long long)g->negotiate_ms);
	return OUTCOME_OK;
}

/* Every authoritative address of the group's zone, asked for its SOA. */
static enum outcome
ask_servers(struct plan *p, struct zone_group *g)
{
	struct propagate_zone zone;
	struct propagate_options opts;
	struct propagate_result *res;
	unsigned	 wait_s = p->cfg->timeout;
	enum outcome	 o;

	memset(&zone, 0, sizeof(zone));
	zone.servers = &g->servers;
	zone.any_serial = 1;
	memset(&opts, 0, sizeof(opts));
	opts.ceiling_ms = p->cfg->poll_max_ms;
	opts.skip_down = p->cfg->skip_down;
	if ((res = calloc(g->servers.nservers + 1, sizeof(*res))) == NULL) {
		log_err("out of memory");
		return OUTCOME_NOMEM;
	}
	opts.results = res;
	if (wait_s > CHECK_WAIT_S)
		wait_s = CHECK_WAIT_S;
	printf("  authoritative servers, asked for the SOA of %s:\n",
	    g->cz->name_text);
	o = propagate_wait(p->r, &zone, 1,
	    os_clock_ms() + (uint64_t)wait_s * 1000u, &opts);
	report_servers(res, opts.nresults, 0);
	free(res);
	return o;
}

/* Everything about one zone, in the order a run meets it. */
static enum outcome
check_group(struct plan *p, struct zone_group *g, const char *value)
{
	char		 zone[DNAME_TEXT_MAX];
	enum outcome st, first = OUTCOME_OK;

	dname_to_text(&g->zone, zone, sizeof(zone));
	printf("zone %s (key %s)\n", zone, tsig_key_name(g->cz->key));
	fflush(stdout);
	if ((st = plan_primary(p, g)) != OUTCOME_OK)
		return st;
	print_primary(g);
	fflush(stdout);
	if ((st = plan_servers(p, g)) != OUTCOME_OK)
		return st;
	if (plan_group_uses_gss(g))
		st = prove_context(p, g);
	else
		st = prove_update(p, g, value);
	if (st != OUTCOME_OK)
		note_status(&first, st);
	fflush(stdout);
	/* A run would have stopped at a failed update; the servers are
	 * still worth knowing about. */
	if (!os_interrupted() && (st = ask_servers(p, g)) != OUTCOME_OK)
		note_status(&first, st);
	return first;
}

enum outcome
check_run(const struct config *cfg, const struct challenge *names,
    size_t n)
{
	struct plan	 p;
	struct signer_plan sp;
	struct challenge value;
	enum outcome first;
	size_t		 i;
	int		 sig;

	/* One value for every zone, fixed before the signer forks. */
	memset(&value, 0, sizeof(value));
	(void)dns01_random_value(value.value, sizeof(value.value));
	sp.values = &value;
	sp.nvalues = 1;
	sp.ops = SIGNER_OP_ADD | SIGNER_OP_DELETE;
	if ((first = plan_init(&p, cfg, cfg->nzones + n, cfg->timeout,
	    NULL, &sp)) != OUTCOME_OK)
		goto out;
	os_catch_signals();
	printf("configuration %s: %zu key%s, %zu zone%s\n", cfg->path,
	    cfg->nkeys, cfg->nkeys == 1 ? "" : "s", cfg->nzones,
	    cfg->nzones == 1 ? "" : "s");
	sandbox_report(stdout);
	/* Errors go to stderr: keep them next to what they concern. */
	fflush(stdout);
	/* The configured zones first: a name that lands in a zone with no
	 * section then does not repeat what they showed. */
	first = add_configured_zones(&p);
	note_status(&first, locate_names(&p, names, n));
	for (i = 0; i < p.ngroups && !os_interrupted(); i++)
		note_status(&first, check_group(&p, &p.groups[i],
		    value.value));
	if ((sig = os_interrupted()) != 0) {
		log_err("interrupted by %s during the check; nothing it "
		    "added stays", os_signal_name(sig));
		first = OUTCOME_INTERRUPTED;
	}
	printf("%s\n", first == OUTCOME_OK ? "check passed" : "check FAILED");
out:
	plan_free(&p);
	return first;
}
