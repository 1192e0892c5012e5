/* SPDX-License-Identifier: ISC */
#ifndef ACME_LOCATE_H
#define ACME_LOCATE_H

/*
 * Finding where a challenge record really lives: follow the CNAME chain,
 * find the zone (the SOA owner), its primary, and every authoritative
 * server address (the zone's own NS set united with the delegation NS set
 * in its parent, since a validating CA may reach either).  Each failure
 * is logged once with the name concerned.
 *
 * The recursive resolver is asked only about names above the ones we
 * change (zones, parents, NS hosts): it caches what it answers, a NODATA
 * or NXDOMAIN included, and a CA using it would then not see our value.
 * The challenge names and CNAME targets themselves are asked of their
 * zone's authoritative servers directly, without recursion (RD=0),
 * following delegations (referrals) down from the parent's zone.
 */

#include <stddef.h>
#include <stdint.h>

#include "net/resolver.h"
#include "dns/wire.h"

#define CNAME_CHAIN_MAX	16	/* hops before we call it a loop or abuse */
#define LOCATE_NS_MAX	16	/* NS names per zone */
#define LOCATE_ADDR_MAX	64	/* authoritative addresses per zone */
#define LOCATE_HOST_ADDR_MAX 8	/* addresses of one host */

struct auth_server {
	struct dns_server addr;
	struct dname	 ns;		/* the NS name it belongs to */
};

struct zone_servers {
	struct dname	 zone;
	struct auth_server servers[LOCATE_ADDR_MAX];
	size_t		 nservers;
	struct dname	 ns[LOCATE_NS_MAX];
	size_t		 nns;
};

/*
 * Follow CNAMEs from `name`, asking each hop's authoritative servers;
 * `target` is the last name of the chain (name itself when it has no
 * CNAME).  `hops` counts the CNAMEs followed.  Returns 0, or -1 on a
 * loop, an over-long chain or a failed lookup.
 */
int	 locate_follow(struct resolver *r, const struct dname *name,
	    struct dname *target, unsigned *hops);

/*
 * The zone holding `name`: the owner of the SOA its authoritative servers
 * give for it, and that SOA's MNAME (the primary by default).  Returns 0
 * or -1.
 */
int	 locate_zone(struct resolver *r, const struct dname *name,
	    struct dname *zone, struct dname *mname);

/*
 * Every authoritative address of `zone`: each address (A and AAAA) of
 * each NS name in the zone's NS set and in the parent's delegation.
 * Returns 0 (at least one address), or -1.
 */
int	 locate_servers(struct resolver *r, const struct dname *zone,
	    struct zone_servers *out);

/*
 * Addresses of `host` (an item of address_parse_list()): its address
 * when it is a literal, else the A and AAAA records of its name, each on
 * its port.  Returns 0 with `*n` >= 1 (at most `cap`), or -1 after
 * logging.
 */
int	 locate_host(struct resolver *r, const struct host_port *host,
	    struct dns_server *out, size_t cap, size_t *n);

#endif
