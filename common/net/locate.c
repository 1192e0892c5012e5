/* SPDX-License-Identifier: ISC */
#include "net/locate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns/answer.h"
#include "sys/log.h"
#include "sys/os.h"
#include "dns/query.h"
#include "net/testing.h"
#include "dns/update.h"

#define DIRECT_TIMEOUT_MS	1500
#define DIRECT_TRIES		2
#define DIRECT_HOPS_MAX		8	/* delegations to one name */

/*
 * One query, waited for: to `to` (NULL: the recursive resolvers), with RD
 * set only for the resolvers.  On 0 the caller owns `*buf`, which `a`
 * borrows.  Logs nothing: callers know the context.
 */
static int
lookup(struct resolver *r, const struct dns_server *to,
    const struct dname *name, uint16_t type, struct answer *a,
    uint8_t **buf, enum resolve_status *status)
{
	struct wire	 w;
	uint8_t		 query[DNS_UDP_MAX];
	uint16_t	 id = os_random_id();
	size_t		 len;

	*buf = NULL;
	wire_writer(&w, query, sizeof(query));
	query_build(&w, id, name, type, to == NULL);
	if (w.error != 0) {
		*status = RESOLVE_ERROR;
		return -1;
	}
	*status = resolver_exchange(r, to, query, w.pos, DIRECT_TIMEOUT_MS,
	    DIRECT_TRIES, buf, &len);
	if (*status != RESOLVE_OK)
		return -1;
	if (answer_parse(a, *buf, len, name, type) == -1) {
		*status = RESOLVE_ERROR;
		free(*buf);
		*buf = NULL;
		return -1;
	}
	return 0;
}

static void
log_lookup_failure(struct resolver *r, const struct dname *name,
    const char *type, enum resolve_status status, const struct answer *a)
{
	char	 text[DNAME_TEXT_MAX], servers[512];
	int	 configured;

	dname_to_text(name, text, sizeof(text));
	if (status == RESOLVE_OK)
		log_err("resolver answered %s for %s %s; check that the "
		    "resolver can reach the zone's servers", dns_rcode_name(
		    answer_rcode(a)), text, type);
	else if (status == RESOLVE_ERROR)
		log_err("resolver sent a malformed answer for %s %s", text,
		    type);
	else {
		/* Which resolver, and where that came from: what to fix. */
		configured = resolver_recursive_text(r, servers,
		    sizeof(servers));
		log_err("resolver lookup of %s %s failed: %s %s %s%s (%s); "
		    "check that a recursive resolver %s there, %s", text, type,
		    resolver_strstatus(status), status == RESOLVE_CONNREFUSED ?
		    "by" : "from", strchr(servers, ',') != NULL ?
		    "the resolvers at " : "the resolver at ", servers[0] !=
		    '\0' ? servers : "(unknown)", configured ? "set by resolver = "
		    "in [options]" : "from /etc/resolv.conf",
		    status == RESOLVE_CONNREFUSED ? "listens" : "answers",
		    configured ? "or correct resolver = in [options]" :
		    "or set resolver = in [options] (or correct "
		    "/etc/resolv.conf)");
	}
}

/*
 * The CNAME chain of a host name (an NS or a primary's name, never a name
 * we change) through the resolvers.
 */
static int
resolver_follow(struct resolver *r, const struct dname *name,
    struct dname *target, unsigned *hops)
{
	struct answer	 a;
	struct dname	 seen[CNAME_CHAIN_MAX + 1], next;
	const struct dns_rr *rr;
	enum resolve_status status;
	uint8_t		*buf = NULL;
	char		 t1[DNAME_TEXT_MAX], t2[DNAME_TEXT_MAX];
	size_t		 i, k, nseen = 1;
	unsigned	 rcode;
	int		 moved, ret = -1, queries;

	*target = *name;
	seen[0] = *name;
	*hops = 0;
	/* A resolver may hand back a partial chain: ask again from its end. */
	for (queries = 0; queries < CNAME_CHAIN_MAX; queries++) {
		free(buf);
		if (lookup(r, NULL, target, DNS_TYPE_TXT, &a, &buf,
		    &status) == -1) {
			log_lookup_failure(r, target, "TXT", status, NULL);
			goto out;
		}
		rcode = answer_rcode(&a);
		if (rcode != DNS_RCODE_NOERROR && rcode != DNS_RCODE_NXDOMAIN) {
			log_lookup_failure(r, target, "TXT", RESOLVE_OK, &a);
			goto out;
		}
		moved = 0;
		/* Walk the chain in answer order, whatever order it is in. */
		for (k = 0; k < a.count[ANSWER_AN]; k++) {
			for (i = 0; (rr = answer_get(&a, ANSWER_AN, i)) !=
			    NULL; i++) {
				if (rr->type != DNS_TYPE_CNAME ||
				    !dname_equal(&rr->owner, target))
					continue;
				if (answer_rdata_name(&a, rr, &next) == -1) {
					log_lookup_failure(r, target, "CNAME",
					    RESOLVE_ERROR, NULL);
					goto out;
				}
				break;
			}
			if (rr == NULL)
				break;
			for (i = 0; i < nseen; i++)
				if (dname_equal(&seen[i], &next)) {
					dname_to_text(name, t1, sizeof(t1));
					dname_to_text(&next, t2, sizeof(t2));
					log_err("CNAME loop from %s: %s "
					    "points back into the chain; fix "
					    "the CNAME records", t1, t2);
					goto out;
				}
			if (nseen > CNAME_CHAIN_MAX) {
				dname_to_text(name, t1, sizeof(t1));
				log_err("CNAME chain from %s is longer than "
				    "%d; shorten it", t1, CNAME_CHAIN_MAX);
				goto out;
			}
			seen[nseen++] = next;
			*target = next;
			(*hops)++;
			moved = 1;
		}
		if (!moved)
			break;
		/*
		 * The chain's end is known when the answer holds data, is
		 * NXDOMAIN, or is NODATA (an SOA in the authority section).
		 */
		for (i = 0; (rr = answer_get(&a, ANSWER_AN, i)) != NULL; i++)
			if (rr->type != DNS_TYPE_CNAME)
				break;
		if (rr != NULL || rcode == DNS_RCODE_NXDOMAIN)
			break;
		for (i = 0; (rr = answer_get(&a, ANSWER_NS, i)) != NULL; i++)
			if (rr->type == DNS_TYPE_SOA)
				break;
		if (rr != NULL)
			break;
		/* NOERROR with only CNAMEs: ask again from the last name. */
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

/*
 * The zone holding `name` through the resolvers: only for names we do not
 * change (a zone, the parent of a challenge name), since the resolver
 * caches what it answers, a negative answer included.  A failure is
 * logged only when `say`.
 */
static int
resolver_zone(struct resolver *r, const struct dname *name,
    struct dname *zone, struct dname *mname, int say)
{
	struct answer	 a;
	struct dname	 probe = *name;
	const struct dns_rr *rr;
	enum resolve_status status;
	uint8_t		*buf = NULL;
	uint32_t	 serial;
	char		 text[DNAME_TEXT_MAX];
	size_t		 i;
	unsigned	 rcode, steps;
	int		 ret = -1;

	/*
	 * Ask for the SOA at the name: either it is the apex (SOA in the
	 * answer) or the negative answer carries the zone's SOA in its
	 * authority section.  Resolvers that strip that make us walk up.
	 */
	for (steps = 0; steps <= DNAME_MAX / 2; steps++) {
		free(buf);
		if (lookup(r, NULL, &probe, DNS_TYPE_SOA, &a, &buf,
		    &status) == -1) {
			if (say)
				log_lookup_failure(r, &probe, "SOA", status,
				    NULL);
			goto out;
		}
		rcode = answer_rcode(&a);
		if (rcode != DNS_RCODE_NOERROR && rcode != DNS_RCODE_NXDOMAIN) {
			if (say)
				log_lookup_failure(r, &probe, "SOA",
				    RESOLVE_OK, &a);
			goto out;
		}
		for (i = 0; (rr = answer_get(&a, ANSWER_AN, i)) != NULL; i++)
			if (rr->type == DNS_TYPE_SOA &&
			    dname_equal(&rr->owner, &probe))
				break;
		if (rr == NULL)
			for (i = 0; (rr = answer_get(&a, ANSWER_NS, i)) !=
			    NULL; i++)
				if (rr->type == DNS_TYPE_SOA &&
				    dname_is_below(name, &rr->owner))
					break;
		if (rr != NULL) {
			if (answer_rdata_soa(&a, rr, mname, &serial) == -1) {
				if (say)
					log_lookup_failure(r, &probe, "SOA",
					    RESOLVE_ERROR, NULL);
				goto out;
			}
			*zone = rr->owner;
			ret = 0;
			goto out;
		}
		if (dname_labels(&probe) == 0)
			break;
		dname_parent(&probe);
	}
	dname_to_text(name, text, sizeof(text));
	if (say)
		log_err("no zone found for %s: the resolver returned no SOA for it "
	    "or any parent; check the resolver and the delegation", text);
out:
	free(buf);
	return ret;
}

static void
add_ns(struct zone_servers *out, const struct dname *ns)
{
	size_t	 i;

	for (i = 0; i < out->nns; i++)
		if (dname_equal(&out->ns[i], ns))
			return;
	if (out->nns < LOCATE_NS_MAX)
		out->ns[out->nns++] = *ns;
	else
		log_warn("more than %d NS names; the rest are not polled",
		    LOCATE_NS_MAX);
}

/* Add every NS record for `zone` found in `section` of `a`. */
static void
collect_ns(const struct answer *a, enum answer_section section,
    const struct dname *zone, struct zone_servers *out)
{
	const struct dns_rr *rr;
	struct dname	 ns;
	size_t		 i;

	for (i = 0; (rr = answer_get(a, section, i)) != NULL; i++)
		if (rr->type == DNS_TYPE_NS && dname_equal(&rr->owner, zone) &&
		    answer_rdata_name(a, rr, &ns) == 0)
			add_ns(out, &ns);
}

/* Addresses of a name: A then AAAA through the resolvers. */
static int
name_addresses(struct resolver *r, const struct dname *host, uint16_t port,
    struct dns_server *out, size_t cap, size_t *n)
{
	static const uint16_t types[2] = { DNS_TYPE_A, DNS_TYPE_AAAA };
	struct answer	 a;
	struct dname	 target;
	const struct dns_rr *rr;
	enum resolve_status status;
	uint8_t		*buf;
	struct rdata_addr ad;
	size_t		 i, t;
	unsigned	 hops;

	*n = 0;
	/* A host name may itself be a CNAME (not allowed for NS, but seen). */
	if (resolver_follow(r, host, &target, &hops) == -1)
		return -1;
	for (t = 0; t < 2; t++) {
		if (lookup(r, NULL, &target, types[t], &a, &buf, &status) ==
		    -1) {
			log_lookup_failure(r, &target, t == 0 ? "A" : "AAAA",
			    status, NULL);
			return -1;
		}
		for (i = 0; (rr = answer_get(&a, ANSWER_AN, i)) != NULL; i++) {
			if (rr->type != types[t] ||
			    !dname_equal(&rr->owner, &target) ||
			    answer_rdata_address(&a, rr, &ad) == -1)
				continue;
			if (*n == cap)
				break;
			address_from_raw(ad.addr, ad.len, port, &out[(*n)++]);
		}
		free(buf);
	}
	return 0;
}

/*
 * Fill the addresses of the NS names of `zs`: the glue in `glue`'s
 * additional section when there is some (NULL: none), else through the
 * resolvers.  A name without any address is left out.
 */
static void
direct_addresses(struct resolver *r, struct zone_servers *zs,
    const struct answer *glue)
{
	struct dns_server addrs[LOCATE_HOST_ADDR_MAX];
	const struct dns_rr *rr;
	struct rdata_addr ad;
	size_t		 i, j, n, before;

	zs->nservers = 0;
	for (i = 0; i < zs->nns; i++) {
		before = zs->nservers;
		for (j = 0; glue != NULL &&
		    (rr = answer_get(glue, ANSWER_AR, j)) != NULL; j++) {
			if (!dname_equal(&rr->owner, &zs->ns[i]) ||
			    answer_rdata_address(glue, rr, &ad) == -1)
				continue;
			if (zs->nservers == LOCATE_ADDR_MAX)
				return;
			address_from_raw(ad.addr, ad.len, testing_dns_port(),
			    &zs->servers[zs->nservers].addr);
			zs->servers[zs->nservers++].ns = zs->ns[i];
		}
		if (zs->nservers > before || name_addresses(r, &zs->ns[i],
		    testing_dns_port(), addrs, LOCATE_HOST_ADDR_MAX,
		    &n) == -1)
			continue;
		for (j = 0; j < n && zs->nservers < LOCATE_ADDR_MAX; j++) {
			zs->servers[zs->nservers].addr = addrs[j];
			zs->servers[zs->nservers++].ns = zs->ns[i];
		}
	}
}

/* The cut a referral in `a` points to: between `zone` and `name`. */
static const struct dns_rr *
referral(const struct answer *a, const struct dname *name,
    const struct dname *zone)
{
	const struct dns_rr *rr;
	size_t	 i;

	if (answer_rcode(a) != DNS_RCODE_NOERROR || a->count[ANSWER_AN] != 0)
		return NULL;
	for (i = 0; (rr = answer_get(a, ANSWER_NS, i)) != NULL; i++)
		if (rr->type == DNS_TYPE_NS &&
		    dname_is_below(name, &rr->owner) &&
		    dname_is_below(&rr->owner, zone) &&
		    !dname_equal(&rr->owner, zone))
			return rr;
	return NULL;
}

/*
 * Ask `name`/`type` of its authoritative servers directly (RD=0), never
 * of the resolvers: a resolver caches what it is asked about a name (a
 * NODATA or an old RRset for the zone's negative TTL or the records'
 * TTL, an NXDOMAIN for every type), and a CA using the same resolver
 * would then not see the value we add.  The resolvers are asked only
 * about the zone of the name's parent and its servers; delegations below
 * it (a referral in the authority section, the name's own included) are
 * followed.  On 0, `a` is an authoritative answer borrowing `*buf`, which
 * the caller frees, and `zone` the zone whose servers gave it.  Logs its
 * failures.
 */
static int
ask_direct(struct resolver *r, const struct dname *name, uint16_t type,
    const char *typetext, struct answer *a, uint8_t **buf,
    struct dname *zone)
{
	struct zone_servers *zs;
	struct dname	 parent, mname, cut;
	const struct dns_rr *rr;
	enum resolve_status status;
	char		 t1[DNAME_TEXT_MAX], t2[DNAME_TEXT_MAX];
	size_t		 i;
	unsigned	 hops, rcode;
	int		 ret = -1, referred = 0;

	*buf = NULL;
	parent = *name;
	dname_parent(&parent);
	if (resolver_zone(r, &parent, zone, &mname, 1) == -1)
		return -1;
	if ((zs = calloc(1, sizeof(*zs))) == NULL) {
		log_err("out of memory");
		return -1;
	}
	zs->zone = *zone;
	if (lookup(r, NULL, zone, DNS_TYPE_NS, a, buf, &status) == -1) {
		log_lookup_failure(r, zone, "NS", status, NULL);
		goto out;
	}
	collect_ns(a, ANSWER_AN, zone, zs);
	free(*buf);
	*buf = NULL;
	direct_addresses(r, zs, NULL);
	for (hops = 0; hops < DIRECT_HOPS_MAX; hops++) {
		referred = 0;
		for (i = 0; i < zs->nservers && !referred; i++) {
			if (lookup(r, &zs->servers[i].addr, name, type, a, buf,
			    &status) == -1)
				continue;
			rcode = answer_rcode(a);
			if ((a->h.flags & DNS_FLAG_AA) &&
			    (rcode == DNS_RCODE_NOERROR ||
			    rcode == DNS_RCODE_NXDOMAIN)) {
				ret = 0;
				goto out;
			}
			if ((rr = referral(a, name, zone)) != NULL) {
				cut = rr->owner;
				memset(zs, 0, sizeof(*zs));
				zs->zone = *zone = cut;
				collect_ns(a, ANSWER_NS, &cut, zs);
				direct_addresses(r, zs, a);
				referred = 1;
			}
			/* Lame or refused: the next server. */
			free(*buf);
			*buf = NULL;
		}
		if (!referred)
			break;
	}
	dname_to_text(name, t1, sizeof(t1));
	dname_to_text(zone, t2, sizeof(t2));
	if (referred)
		log_err("more than %d delegations below %s on the way to %s; "
		    "check the delegations", DIRECT_HOPS_MAX, t2, t1);
	else
		log_err("no authoritative server of zone %s answered for %s "
		    "%s (asked directly, without recursion, at %zu "
		    "address%s); check that its name servers run and are "
		    "reachable from this host", t2, t1, typetext,
		    zs->nservers, zs->nservers == 1 ? "" : "es");
out:
	free(zs);
	return ret;
}

int
locate_follow(struct resolver *r, const struct dname *name,
    struct dname *target, unsigned *hops)
{
	struct answer	 a;
	struct dname	 seen[CNAME_CHAIN_MAX + 1], next, zone;
	const struct dns_rr *rr;
	uint8_t		*buf = NULL;
	char		 t1[DNAME_TEXT_MAX], t2[DNAME_TEXT_MAX];
	size_t		 i, nseen = 1;
	int		 ret = -1;

	*target = *name;
	seen[0] = *name;
	*hops = 0;
	/* One hop per question, each to the servers of the hop's zone. */
	for (;;) {
		free(buf);
		if (ask_direct(r, target, DNS_TYPE_TXT, "TXT", &a, &buf,
		    &zone) == -1)
			goto out;
		for (i = 0; (rr = answer_get(&a, ANSWER_AN, i)) != NULL; i++)
			if (rr->type == DNS_TYPE_CNAME &&
			    dname_equal(&rr->owner, target))
				break;
		if (rr == NULL)
			break;
		if (answer_rdata_name(&a, rr, &next) == -1) {
			dname_to_text(target, t1, sizeof(t1));
			dname_to_text(&zone, t2, sizeof(t2));
			log_err("a server of zone %s sent a malformed CNAME "
			    "for %s", t2, t1);
			goto out;
		}
		for (i = 0; i < nseen; i++)
			if (dname_equal(&seen[i], &next)) {
				dname_to_text(name, t1, sizeof(t1));
				dname_to_text(&next, t2, sizeof(t2));
				log_err("CNAME loop from %s: %s points back "
				    "into the chain; fix the CNAME records",
				    t1, t2);
				goto out;
			}
		if (nseen > CNAME_CHAIN_MAX) {
			dname_to_text(name, t1, sizeof(t1));
			log_err("CNAME chain from %s is longer than %d; "
			    "shorten it", t1, CNAME_CHAIN_MAX);
			goto out;
		}
		seen[nseen++] = next;
		*target = next;
		(*hops)++;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

int
locate_zone(struct resolver *r, const struct dname *name, struct dname *zone,
    struct dname *mname)
{
	struct answer	 a;
	struct dname	 asked;
	const struct dns_rr *rr;
	uint8_t		*buf = NULL;
	uint32_t	 serial;
	size_t		 i;
	int		 ret;

	if (dname_labels(name) == 0)
		return resolver_zone(r, name, zone, mname, 1);
	if (ask_direct(r, name, DNS_TYPE_SOA, "SOA", &a, &buf, &asked) == -1)
		return -1;
	/* The apex answers with its SOA; any other name with a negative
	 * answer that carries the zone's SOA. */
	for (i = 0; (rr = answer_get(&a, ANSWER_AN, i)) != NULL; i++)
		if (rr->type == DNS_TYPE_SOA && dname_equal(&rr->owner, name))
			break;
	if (rr == NULL)
		for (i = 0; (rr = answer_get(&a, ANSWER_NS, i)) != NULL; i++)
			if (rr->type == DNS_TYPE_SOA &&
			    dname_is_below(name, &rr->owner))
				break;
	if (rr != NULL && answer_rdata_soa(&a, rr, mname, &serial) == 0) {
		*zone = rr->owner;
		ret = 0;
	} else
		/* No SOA beside the answer: the zone whose servers gave it
		 * (its SOA through the resolvers; it is not our name). */
		ret = resolver_zone(r, &asked, zone, mname, 1);
	free(buf);
	return ret;
}

/* Ask the parent's servers for the delegation of `zone` (RD=0). */
static void
parent_delegation(struct resolver *r, const struct dname *zone,
    struct zone_servers *out)
{
	struct zone_servers parent;
	struct answer	 a;
	struct dname	 pname, pzone, pmname;
	struct dns_server addrs[LOCATE_HOST_ADDR_MAX];
	enum resolve_status status;
	uint8_t		*buf;
	char		 text[DNAME_TEXT_MAX];
	size_t		 i, j, n;

	if (dname_labels(zone) == 0)
		return;
	pname = *zone;
	dname_parent(&pname);
	/* Best effort: what fails here ends in the one warning below. */
	if (resolver_zone(r, &pname, &pzone, &pmname, 0) == -1)
		goto unread;
	memset(&parent, 0, sizeof(parent));
	parent.zone = pzone;
	if (lookup(r, NULL, &pzone, DNS_TYPE_NS, &a, &buf, &status) == -1)
		return;
	collect_ns(&a, ANSWER_AN, &pzone, &parent);
	free(buf);
	/* The first parent server that answers tells us the delegation. */
	for (i = 0; i < parent.nns; i++) {
		if (name_addresses(r, &parent.ns[i], testing_dns_port(),
		    addrs, LOCATE_HOST_ADDR_MAX, &n) == -1)
			continue;
		for (j = 0; j < n; j++) {
			if (lookup(r, &addrs[j], zone, DNS_TYPE_NS, &a, &buf,
			    &status) == -1)
				continue;
			if (answer_rcode(&a) == DNS_RCODE_NOERROR) {
				/* A referral, or the child's own answer when
				 * the server serves both zones. */
				collect_ns(&a, ANSWER_NS, zone, out);
				collect_ns(&a, ANSWER_AN, zone, out);
				free(buf);
				return;
			}
			free(buf);
		}
	}
unread:
	dname_to_text(zone, text, sizeof(text));
	log_warn("could not read the delegation of %s from its parent; "
	    "polling the zone's own NS set only", text);
}

static int
server_order(const void *a, const void *b)
{
	const struct auth_server *x = a, *y = b;
	char	 tx[DNAME_TEXT_MAX], ty[DNAME_TEXT_MAX];
	int	 c;

	dname_to_text(&x->ns, tx, sizeof(tx));
	dname_to_text(&y->ns, ty, sizeof(ty));
	if ((c = strcasecmp(tx, ty)) != 0)
		return c;
	return strcmp(x->addr.text, y->addr.text);
}

int
locate_servers(struct resolver *r, const struct dname *zone,
    struct zone_servers *out)
{
	struct answer	 a;
	struct dns_server addrs[LOCATE_HOST_ADDR_MAX];
	enum resolve_status status;
	uint8_t		*buf;
	char		 text[DNAME_TEXT_MAX];
	size_t		 i, j, k, n;

	memset(out, 0, sizeof(*out));
	out->zone = *zone;
	if (lookup(r, NULL, zone, DNS_TYPE_NS, &a, &buf, &status) == -1) {
		log_lookup_failure(r, zone, "NS", status, NULL);
		return -1;
	}
	collect_ns(&a, ANSWER_AN, zone, out);
	free(buf);
	parent_delegation(r, zone, out);
	for (i = 0; i < out->nns; i++) {
		if (name_addresses(r, &out->ns[i], testing_dns_port(),
		    addrs, LOCATE_HOST_ADDR_MAX, &n) == -1)
			continue;
		if (n == 0) {
			dname_to_text(&out->ns[i], text, sizeof(text));
			log_warn("NS %s has no address; it cannot be polled",
			    text);
		}
		for (j = 0; j < n; j++) {
			for (k = 0; k < out->nservers; k++)
				if (address_equal(&out->servers[k].addr,
				    &addrs[j]))
					break;
			if (k < out->nservers)
				continue;
			if (out->nservers == LOCATE_ADDR_MAX) {
				log_warn("more than %d server addresses; the "
				    "rest are not polled", LOCATE_ADDR_MAX);
				break;
			}
			out->servers[out->nservers].addr = addrs[j];
			out->servers[out->nservers].ns = out->ns[i];
			out->nservers++;
		}
	}
	/* A stable order: by NS name as text, then address. */
	qsort(out->servers, out->nservers, sizeof(out->servers[0]),
	    server_order);
	if (out->nservers == 0) {
		dname_to_text(zone, text, sizeof(text));
		log_err("zone %s: no address found for any of its %zu NS "
		    "names; check its NS records", text, out->nns);
		return -1;
	}
	return 0;
}

int
locate_host(struct resolver *r, const struct host_port *host,
    struct dns_server *out, size_t cap, size_t *n)
{
	struct dname	 name;

	*n = 0;
	if (cap == 0)
		return -1;
	if (host->is_literal) {
		out[0] = host->addr;
		*n = 1;
		return 0;
	}
	if (dname_from_text(&name, host->host) == -1) {
		log_err("server %s is not a valid host name", host->host);
		return -1;
	}
	if (name_addresses(r, &name, host->port, out, cap, n) == -1)
		return -1;
	if (*n == 0) {
		log_err("server %s has no A or AAAA record; set `server` to "
		    "an address or fix its records", host->host);
		return -1;
	}
	return 0;
}
