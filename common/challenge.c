#include "challenge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "answer.h"
#include "config.h"
#include "locate.h"
#include "log.h"
#include "propagate.h"
#include "resolve.h"
#include "state.h"
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
	const struct run_options *opts;
	struct resolver	*r;
	struct group	*groups;	/* room for `maxgroups` */
	size_t		 maxgroups;
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

/*
 * The primary's addresses: `server` from the config (a list, tried in its
 * order), else the SOA MNAME.
 */
static enum acme_status
find_primary(struct run *run, struct group *g)
{
	struct host_port mname;
	const struct host_port *hosts = g->cz->server;
	size_t		 i, n, nhosts = g->cz->nserver;

	if (nhosts == 0) {
		memset(&mname, 0, sizeof(mname));
		dname_to_text(&g->mname, mname.host, sizeof(mname.host));
		mname.port = DNS_PORT;
		hosts = &mname;
		nhosts = 1;
	}
	g->nprimary = 0;
	for (i = 0; i < nhosts && g->nprimary < PRIMARY_ADDR_MAX; i++) {
		if (locate_host(run->r, &hosts[i], g->primary + g->nprimary,
		    PRIMARY_ADDR_MAX - g->nprimary, &n) == -1)
			return ACME_ELOOKUP;
		g->nprimary += n;
	}
	return g->nprimary > 0 ? ACME_OK : ACME_ELOOKUP;
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

#define HINT_TAG	"acme-hooks:"

/* One line per zone that lets acme-clean skip every lookup. */
static void
print_hint(const struct run *run)
{
	const struct group *g;
	char	 zone[DNAME_TEXT_MAX], owner[DNAME_TEXT_MAX];
	size_t	 i, j;

	for (i = 0; i < run->ngroups; i++) {
		g = &run->groups[i];
		dname_to_text(&g->zone, zone, sizeof(zone));
		dname_to_text(&g->recs[0].owner, owner, sizeof(owner));
		printf("%s zone %s record %s primary ", HINT_TAG, zone, owner);
		for (j = 0; j < g->nprimary; j++)
			printf("%s%s", j > 0 ? "," : "", g->primary[j].text);
		printf("\n");
	}
	fflush(stdout);
}

/*
 * Take the zone, record name and primary from a hint line instead of
 * looking them up.  Returns 0, or -1 (nothing usable: look up instead).
 */
static int
use_hint(struct run *run, const char *hint, const struct challenge *ch)
{
	struct group	*g = &run->groups[0];
	char		 zone[DNAME_TEXT_MAX], owner[DNAME_TEXT_MAX];
	char		 prim[512];
	struct host_port *list = NULL;
	const char	*why;
	size_t		 i, n, item;

	if (hint == NULL || sscanf(hint, HINT_TAG " zone %1023s record %1023s "
	    "primary %511s", zone, owner, prim) != 3)
		return -1;
	if (dname_from_text(&g->zone, zone) == -1 ||
	    dname_from_text(&g->recs[0].owner, owner) == -1 ||
	    !dname_is_below(&g->recs[0].owner, &g->zone) ||
	    (g->cz = config_find_zone(run->cfg, &g->zone)) == NULL)
		return -1;
	/* The primary list in address.h's grammar, addresses only. */
	if (address_parse_list(prim, DNS_PORT, ADDRESS_LITERAL_ONLY, &list, &n,
	    &why, &item) == -1)
		return -1;
	for (i = 0; i < n && i < PRIMARY_ADDR_MAX; i++)
		g->primary[i] = list[i].addr;
	g->nprimary = i;
	free(list);
	memcpy(g->recs[0].value, ch->value, sizeof(g->recs[0].value));
	g->nrecs = 1;
	run->ngroups = 1;
	log_verbose("using the lookups of acme-auth: zone %s, record %s",
	    zone, owner);
	return 0;
}

/* --dry-run: the update in nsupdate's syntax, and who would be polled. */
static void
print_dry_run(const struct run *run, enum challenge_action action)
{
	const struct group *g;
	char	 zone[DNAME_TEXT_MAX], name[DNAME_TEXT_MAX];
	size_t	 i, j;

	printf("; dry run: nothing is sent\n");
	for (i = 0; i < run->ngroups; i++) {
		g = &run->groups[i];
		dname_to_text(&g->zone, zone, sizeof(zone));
		printf("server %s\nzone %s\n", g->primary[0].text, zone);
		printf("; signed with TSIG key %s (%s)\n",
		    tsig_key_name(g->cz->key),
		    tsig_alg_name(tsig_key_alg(g->cz->key)));
		for (j = 0; j < g->nrecs; j++) {
			dname_to_text(&g->recs[j].owner, name, sizeof(name));
			if (action == CHALLENGE_PRESENT)
				printf("update add %s %u IN TXT \"%s\"\n",
				    name, run->cfg->ttl, g->recs[j].value);
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

/* Note this call's records for the run's last call to wait for. */
static enum acme_status
defer_wait(struct run *run, const char *path)
{
	struct pending	*p;
	size_t		 i, j, n = 0;
	int		 rc;

	if ((p = calloc(CHALLENGES_MAX, sizeof(*p))) == NULL)
		return ACME_ETIMEOUT;
	for (i = 0; i < run->ngroups; i++)
		for (j = 0; j < run->groups[i].nrecs; j++, n++) {
			p[n].zone = run->groups[i].zone;
			p[n].rec = run->groups[i].recs[j];
			p[n].serial = run->groups[i].serial;
		}
	rc = state_append(path, p, n);
	free(p);
	if (rc == -1)
		return ACME_ETIMEOUT;
	log_info("update sent; the last challenge of this certbot run waits "
	    "for it");
	return ACME_OK;
}

static int
grow_groups(struct run *run)
{
	struct group	*g;
	size_t		 more = run->maxgroups + 4;

	if ((g = realloc(run->groups, more * sizeof(*g))) == NULL) {
		log_err("out of memory");
		return -1;
	}
	memset(g + run->maxgroups, 0, 4 * sizeof(*g));
	run->groups = g;
	run->maxgroups = more;
	return 0;
}

/* Add the records earlier calls of the run noted to the wait. */
static enum acme_status
merge_pending(struct run *run, const char *path)
{
	struct pending	*p;
	struct group	*g;
	size_t		 i, j, k, n;
	enum acme_status st = ACME_OK;

	if (state_take(path, &p, &n) == -1)
		return ACME_ETIMEOUT;
	for (i = 0; i < n; i++) {
		for (j = 0; j < run->ngroups; j++)
			if (dname_equal(&run->groups[j].zone, &p[i].zone))
				break;
		if (j == CHALLENGES_MAX) {
			log_err("more than %d zones pending", CHALLENGES_MAX);
			st = ACME_ETIMEOUT;
			break;
		}
		if (j == run->maxgroups && grow_groups(run) == -1) {
			st = ACME_ETIMEOUT;
			break;
		}
		g = &run->groups[j];
		if (j == run->ngroups) {
			run->ngroups++;
			g->zone = p[i].zone;
			g->serial = p[i].serial;
		} else if (!serial_at_least(g->serial, p[i].serial))
			g->serial = p[i].serial;
		for (k = 0; k < g->nrecs; k++)
			if (dname_equal(&g->recs[k].owner, &p[i].rec.owner) &&
			    strcmp(g->recs[k].value, p[i].rec.value) == 0)
				break;
		if (k == g->nrecs && g->nrecs < CHALLENGES_MAX)
			g->recs[g->nrecs++] = p[i].rec;
		/* A zone only earlier calls touched: find its servers. */
		if (g->servers.nservers == 0 &&
		    locate_servers(run->r, &g->zone, &g->servers) == -1) {
			st = ACME_ELOOKUP;
			break;
		}
	}
	if (n > 0)
		log_info("waiting also for %zu record%s sent earlier in this "
		    "certbot run", n, n == 1 ? "" : "s");
	free(p);
	return st;
}

/* Note when each value went, for hold_back() in a later call. */
static void
note_cleaned(const struct run *run)
{
	size_t	 i, j;

	for (i = 0; i < run->ngroups; i++)
		for (j = 0; j < run->groups[i].nrecs; j++)
			(void)state_mark_cleaned(&run->groups[i].recs[j].owner);
}

/*
 * Return no sooner than a TTL after a value was removed at the same name:
 * the CA's resolver may hold that RRset, without our new value, until
 * then (clients that validate one challenge after another at one name).
 */
static void
hold_back(const struct run *run)
{
	const struct txt_record *rec;
	struct timespec	 ts;
	uint64_t	 when, until = 0, now;
	char		 name[DNAME_TEXT_MAX];
	size_t		 i, j;

	for (i = 0; i < run->ngroups; i++)
		for (j = 0; j < run->groups[i].nrecs; j++) {
			rec = &run->groups[i].recs[j];
			if (state_cleaned_at(&rec->owner, &when) == -1 ||
			    when == 0)
				continue;
			when += (uint64_t)run->cfg->ttl * 1000u + 1000u;
			if (when > until) {
				until = when;
				dname_to_text(&rec->owner, name, sizeof(name));
			}
		}
	now = state_now_ms();
	if (until <= now)
		return;
	log_info("holding back %.1f s: a value at %s was removed less than "
	    "its TTL (%u s) ago, and the CA's resolver may still cache it",
	    (double)(until - now) / 1000.0, name, run->cfg->ttl);
	ts.tv_sec = (time_t)((until - now) / 1000u);
	ts.tv_nsec = (long)((until - now) % 1000u) * 1000000L;
	nanosleep(&ts, NULL);
}

enum acme_status
challenge_run(const struct config *cfg, enum challenge_action action,
    const struct challenge *list, size_t n, const struct run_options *opts)
{
	static const struct run_options defaults;
	struct run	 run;
	enum acme_status st = ACME_OK;
	unsigned	 wait_s;
	size_t		 i;
	int		 hinted;

	memset(&run, 0, sizeof(run));
	run.cfg = cfg;
	run.opts = opts != NULL ? opts : &defaults;
	if (n == 0 || n > CHALLENGES_MAX) {
		log_err("%zu challenges in one call; between 1 and %d are "
		    "supported", n, CHALLENGES_MAX);
		return ACME_EUSAGE;
	}
	wait_s = cfg->timeout;
	if (run.opts->max_wait_s > 0 && run.opts->max_wait_s < wait_s)
		wait_s = run.opts->max_wait_s;
	run.deadline = clock_ms() + (uint64_t)wait_s * 1000u;
	/* At most one zone per challenge; notes of a certbot run may add
	 * more (merge_pending grows the array). */
	run.maxgroups = n;
	if ((run.groups = calloc(run.maxgroups, sizeof(*run.groups))) ==
	    NULL) {
		log_err("out of memory");
		return ACME_ELOOKUP;
	}
	if ((run.r = resolver_new(cfg->resolver, cfg->nresolver)) == NULL) {
		st = ACME_ECONFIG;
		goto out;
	}
	/* acme-clean after acme-auth (certbot) may skip every lookup. */
	hinted = action == CHALLENGE_CLEANUP && n == 1 &&
	    use_hint(&run, run.opts->hint, &list[0]) == 0;
	if (!hinted && (st = plan(&run, list, n)) != ACME_OK)
		goto out;
	/* Every lookup before the first change. */
	for (i = 0; i < run.ngroups; i++) {
		if (!hinted &&
		    (st = find_primary(&run, &run.groups[i])) != ACME_OK)
			goto out;
		if (action == CHALLENGE_PRESENT &&
		    locate_servers(run.r, &run.groups[i].zone,
		    &run.groups[i].servers) == -1) {
			st = ACME_ELOOKUP;
			goto out;
		}
	}
	if (run.opts->dry_run) {
		print_dry_run(&run, action);
		goto out;
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
	if (action == CHALLENGE_PRESENT && run.opts->print_hint)
		print_hint(&run);
	if (action == CHALLENGE_PRESENT && run.opts->state_path != NULL) {
		if (run.opts->defer) {
			st = defer_wait(&run, run.opts->state_path);
			goto out;
		}
		if ((st = merge_pending(&run, run.opts->state_path)) !=
		    ACME_OK)
			goto out;
	}
	if (action == CHALLENGE_PRESENT)
		st = wait_for_servers(&run);
	if (action == CHALLENGE_PRESENT && st == ACME_OK)
		hold_back(&run);
	else if (action == CHALLENGE_CLEANUP)
		note_cleaned(&run);
out:
	resolver_free(run.r);
	free(run.groups);
	return st;
}

/* Print what --check found for one group, and probe its key. */
static enum acme_status
check_group(struct run *run, struct group *g)
{
	char		 zone[DNAME_TEXT_MAX], name[DNAME_TEXT_MAX];
	enum acme_status st;
	size_t		 j;

	dname_to_text(&g->zone, zone, sizeof(zone));
	if ((st = find_primary(run, g)) != ACME_OK)
		return st;
	printf("  primary:");
	for (j = 0; j < g->nprimary; j++)
		printf(" %s", g->primary[j].text);
	printf("%s\n", g->cz->server != NULL ? " (server option)" :
	    " (SOA MNAME)");
	if (locate_servers(run->r, &g->zone, &g->servers) == -1)
		return ACME_ELOOKUP;
	for (j = 0; j < g->servers.nservers; j++) {
		dname_to_text(&g->servers.servers[j].ns, name, sizeof(name));
		printf("  authoritative: %s (%s)\n", name,
		    g->servers.servers[j].addr.text);
	}
	/* A value that is not there: deleting it changes nothing, yet the
	 * primary must check our signature and its policy for the name. */
	snprintf(g->recs[0].value, sizeof(g->recs[0].value),
	    "acme-hooks-check-%04x%04x", resolve_random_id(),
	    resolve_random_id());
	g->nrecs = 1;
	dname_to_text(&g->recs[0].owner, name, sizeof(name));
	if ((st = update_group(run, g, UPDATE_DELETE)) != ACME_OK)
		return st;
	printf("  key %s: accepted by the primary for %s TXT "
	    "(no-op update, zone unchanged)\n", tsig_key_name(g->cz->key),
	    name);
	return ACME_OK;
}

enum acme_status
challenge_check(const struct config *cfg, const struct challenge *names,
    size_t n)
{
	static const struct run_options quiet;
	struct run	 run;
	struct group	*g;
	struct dname	 zone, mname;
	enum acme_status st, worst = ACME_OK;
	char		 t1[DNAME_TEXT_MAX], t2[DNAME_TEXT_MAX];
	size_t		 i;

	memset(&run, 0, sizeof(run));
	run.cfg = cfg;
	run.opts = &quiet;
	/* The report goes to stdout; progress lines would only clutter it. */
	if (log_get_level() == LOG_NORMAL)
		log_set_level(LOG_QUIET);
	run.deadline = clock_ms() + (uint64_t)cfg->timeout * 1000u;
	run.maxgroups = 1;
	if ((run.groups = calloc(1, sizeof(*run.groups))) == NULL) {
		log_err("out of memory");
		return ACME_ELOOKUP;
	}
	if ((run.r = resolver_new(cfg->resolver, cfg->nresolver)) == NULL) {
		free(run.groups);
		return ACME_ECONFIG;
	}
	printf("configuration %s: %zu key%s, %zu zone%s\n", cfg->path,
	    cfg->nkeys, cfg->nkeys == 1 ? "" : "s", cfg->nzones,
	    cfg->nzones == 1 ? "" : "s");
	for (i = 0; i < cfg->nzones; i++) {
		g = run.groups;
		memset(g, 0, sizeof(*g));
		dname_to_text(&cfg->zones[i].name, t1, sizeof(t1));
		printf("zone %s (key %s)\n", t1,
		    tsig_key_name(cfg->zones[i].key));
		st = ACME_ELOOKUP;
		if (locate_zone(run.r, &cfg->zones[i].name, &zone, &mname) ==
		    -1)
			goto next_zone;
		if (!dname_equal(&zone, &cfg->zones[i].name)) {
			dname_to_text(&zone, t2, sizeof(t2));
			log_err("%s:%d: %s is not a zone: DNS puts it in zone "
			    "%s; fix the [zone] name or the delegation",
			    cfg->path, cfg->zones[i].line, t1, t2);
			goto next_zone;
		}
		g->zone = zone;
		g->mname = mname;
		g->cz = &cfg->zones[i];
		g->recs[0].owner = zone;
		st = ACME_EREFUSED;
		if (dname_prepend(&g->recs[0].owner, "_acme-challenge") == -1)
			goto next_zone;
		st = check_group(&run, g);
next_zone:
		if (st != ACME_OK && worst == ACME_OK)
			worst = st;
	}
	for (i = 0; i < n; i++) {
		memset(run.groups, 0, sizeof(*run.groups));
		run.ngroups = 0;
		dname_to_text(&names[i].name, t1, sizeof(t1));
		printf("name %s\n", t1);
		if ((st = plan(&run, &names[i], 1)) == ACME_OK) {
			dname_to_text(&run.groups[0].recs[0].owner, t2,
			    sizeof(t2));
			printf("  record: %s\n", t2);
			dname_to_text(&run.groups[0].zone, t2, sizeof(t2));
			printf("  zone: %s\n", t2);
			st = check_group(&run, &run.groups[0]);
		}
		if (st != ACME_OK && worst == ACME_OK)
			worst = st;
	}
	printf("%s\n", worst == ACME_OK ? "check passed" : "check FAILED");
	resolver_free(run.r);
	free(run.groups);
	return worst;
}
