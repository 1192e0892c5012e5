/* SPDX-License-Identifier: ISC */
#ifndef ACME_PLAN_H
#define ACME_PLAN_H

/*
 * The plan of a run, shared by the present and cleanup flows and by
 * --check: which zone holds each challenge record (through the CNAME
 * chain), the zone's primary and authoritative servers, and the records
 * grouped per zone so that each zone gets one update.  Lookups all happen
 * before the first update, so a lookup failure changes nothing.
 */

#include <stddef.h>
#include <stdint.h>

#include "flow/challenge.h"
#include "net/locate.h"
#include "net/propagate.h"
#include "net/submit.h"
#include "net/resolver.h"
#include "sys/outcome.h"
#include "dns/update.h"

struct config;
struct config_zone;
struct signer;
struct signer_plan;
struct state_dir;

#define PLAN_PRIMARY_MAX	8	/* addresses of one primary */

/* The records of one zone, sent in one update. */
struct zone_group {
	struct dname	 zone;
	struct dname	 mname;		/* the SOA MNAME */
	const struct config_zone *cz;	/* borrowed from the config */
	struct txt_record *recs;	/* owned; grown by plan_add_record() */
	size_t		 nrecs;
	size_t		 maxrecs;
	struct dns_server primary[PLAN_PRIMARY_MAX];
	size_t		 nprimary;
	struct zone_servers servers;	/* filled by plan_servers() */
	uint32_t	 serial;	/* after our update */
	int		 updated;	/* our update went through */
	uint64_t	 updated_ms;	/* when its answer came (monotonic) */
	/* gss-tsig keys: the Kerberos context the signer holds for it. */
	int		 negotiated;
	struct submit_gss gss;		/* who we are, the ticket's time */
	uint64_t	 negotiate_ms;	/* how long setting it up took */
};

struct plan {
	const struct config *cfg;	/* borrowed */
	struct resolver	*r;		/* owned */
	struct signer	*signer;	/* owned; NULL: nothing to sign */
	struct zone_group *groups;
	size_t		 ngroups;
	size_t		 maxgroups;
	uint64_t	 deadline;	/* monotonic ms */
	/* Whether every configured zone is a zone: 0 not known yet, else
	 * OUTCOME_OK or OUTCOME_CONFIG (said once, however often asked). */
	enum outcome zones_real;
	int		 zones_real_known;
	int		 gss_done;	/* every gss-tsig group negotiated */
};

/*
 * Start a plan with room for `ngroups` zones and a deadline `wait_s`
 * seconds from now; forks the signer (signer.h) that alone keeps the
 * keys and signs only the updates `sp` allows (NULL: none will be sent,
 * the keys are just wiped), creates the resolver, then locks the process
 * in (sandbox_enter()) with the state directory `sd` (NULL, or one not
 * open: no files at all) as the only files left.  So everything else the
 * call reads (the state directory, /proc) must be read before.  Returns
 * ACME_OK, or the status after logging.
 */
enum outcome plan_init(struct plan *p, const struct config *cfg,
	    size_t ngroups, unsigned wait_s, const struct state_dir *sd,
	    const struct signer_plan *sp);
/*
 * The last update is done: end the signer, and with it the keys.  Later
 * updates fail.  plan_free() does it too.
 */
void	 plan_end_signing(struct plan *p);
/* Free what plan_init() and the groups hold; the struct is the caller's. */
void	 plan_free(struct plan *p);

/*
 * The group of `zone`, made (and the array grown) when there is none.
 * Returns NULL after logging when out of memory.
 */
struct zone_group *plan_group(struct plan *p, const struct dname *zone);
/*
 * Add `rec` to `g` unless the same name and value is there already (a
 * client retrying, or two calls of one run).  Returns 0, or -1 when out
 * of memory (logged).
 */
int	 plan_add_record(struct zone_group *g, const struct txt_record *rec);

/*
 * Follow each challenge's CNAME chain to its zone, check that the zone is
 * configured, and group the records per zone.
 */
enum outcome plan_locate(struct plan *p, const struct challenge *list,
	    size_t n);
/*
 * Whether the configured zone `cz` is a zone in DNS (the owner of the SOA
 * its servers give).  OUTCOME_OK, with its SOA MNAME in `mname` (may be
 * NULL); OUTCOME_CONFIG when DNS puts the name in another zone (logged as
 * a configuration mistake: the same line for --check and a run);
 * OUTCOME_LOOKUP when the lookup failed (logged).
 */
enum outcome plan_zone_is_real(struct plan *p,
	    const struct config_zone *cz, struct dname *mname);
/* plan_locate() for one challenge, telling its group and record name. */
enum outcome plan_locate_one(struct plan *p, const struct challenge *ch,
	    struct zone_group **group, struct dname *owner);
/* The primary's addresses: `server` from the config, else the MNAME. */
enum outcome plan_primary(struct plan *p, struct zone_group *g);
/* Every authoritative server address of the group's zone. */
enum outcome plan_servers(struct plan *p, struct zone_group *g);
/* 1 when the group's zone is signed with a gss-tsig (Kerberos) key. */
int	 plan_group_uses_gss(const struct zone_group *g);
/*
 * Set up the Kerberos security context of every group with a gss-tsig
 * key (its primary located first when not yet done), then let the
 * signer lock itself in: all before the first update, which plan_update()
 * makes sure of.  Returns OUTCOME_OK or the first failure (logged).
 */
enum outcome plan_negotiate_all(struct plan *p);
/*
 * Send the group's records as one signed update to its primary.  Stores
 * the serial it produced in the group.  Returns the outcome (logged).
 */
enum outcome plan_update(struct plan *p, struct zone_group *g,
	    enum update_op op);

/*
 * A run's lookups, all before the first change: plan_locate(), then each
 * group's primary and authoritative servers.
 */
enum outcome plan_locate_all(struct plan *p, const struct challenge *list,
	    size_t n);
/*
 * Add every group's records, one update per zone, marking each group
 * that went through.  On a failure, or a signal (os_catch_signals())
 * during the updates, the records already sent (and the update in
 * flight) are removed again; a signal makes it OUTCOME_INTERRUPTED.
 */
enum outcome plan_add_all(struct plan *p);
/*
 * Wait, with the configuration's polling rules and the plan's deadline,
 * until every authoritative server of every group serves its records and
 * serial (propagate.h).  With `res` (room for one per server address of
 * every group), where each stood, in the groups' order, their count in
 * `*nres`.
 */
enum outcome plan_wait(struct plan *p, struct propagate_result *res,
	    size_t *nres);

#endif
