/* SPDX-License-Identifier: ISC */
#include "net/propagate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns/answer.h"
#include "sys/log.h"
#include "sys/os.h"
#include "dns/query.h"

#define POLL_TIMEOUT_MS	1000	/* one try; the next round asks again */
#define POLL_TRIES	1
#define SEEN_MAX	160	/* text kept of what a lagging server serves */
#define PROGRESS_MS	1000	/* at most this often: who is still behind */
#define HEARTBEAT_MS	10000	/* nothing changed: say so this often */
/* One server left behind: a query per target this often (< 20 a second). */
#define LONE_GAP_MS	70

/*
 * Where one server address stands.  A target moves forward through the
 * live states, in this order, until it agrees or is given up; only
 * target_enter() moves it.  The one step back: an address that found no
 * route and then answers (the route came back) is ANSWERED.
 */
enum target_state {
	TARGET_SILENT,		/* no answer yet */
	TARGET_NO_ROUTE,	/* no answer yet; a send found no route */
	TARGET_ANSWERED,	/* answers, but no SOA of the zone yet */
	TARGET_BEHIND,		/* its SOA serial is below ours */
	TARGET_CAUGHT_UP,	/* its serial has our update: values asked */
	TARGET_VALUES_SEEN,	/* a TXT answer came, lacking a value */
	TARGET_AGREED,		/* serves everything asked: done */
	/* Given up, not waited for (done too): */
	TARGET_LAME,		/* not authoritative for the zone */
	TARGET_DOWN,		/* never answered (down_servers = skip) */
	TARGET_UNROUTED		/* no route to it, and another address of
				 * its name is checked or down_servers =
				 * skip */
};

/* One server address of one zone, and what we know of it. */
struct target {
	const struct propagate_zone *zone;
	const struct auth_server *server;
	uint8_t		*have;		/* per record: served */
	enum target_state state;
	int64_t		 serial;	/* the last SOA serial it gave, or
					 * -1: none yet */
	unsigned	 in_flight;
	int64_t		 agreed_ms;	/* since the wait began, or -1 */
	char		 problem[64];	/* last failure: lame, timeout... */
	char		 seen[SEEN_MAX];	/* TXT values last seen */
};

/*
 * The state of one wait.  Queries still in flight when the wait ends hold
 * a reference, so their late answers find it closed instead of freed.
 */
struct session {
	struct resolver	*r;
	struct target	*targets;
	uint8_t		*have;
	size_t		 ntargets;
	size_t		 ndone;
	uint64_t	 start;		/* monotonic ms */
	unsigned	 refs;
	int		 closed;
};

struct poll_query {
	struct session	*s;
	struct target	*t;
	size_t		 rec;		/* record index, or SIZE_MAX: SOA */
};

static int
is_done(const struct target *t)
{
	return t->state >= TARGET_AGREED;
}

static int
is_given_up(const struct target *t)
{
	return t->state > TARGET_AGREED;
}

/* Any answer at all, ever (a lame one too). */
static int
has_answered(const struct target *t)
{
	switch (t->state) {
	case TARGET_SILENT:
	case TARGET_NO_ROUTE:
	case TARGET_DOWN:
	case TARGET_UNROUTED:
		return 0;
	case TARGET_ANSWERED:
	case TARGET_BEHIND:
	case TARGET_CAUGHT_UP:
	case TARGET_VALUES_SEEN:
	case TARGET_AGREED:
	case TARGET_LAME:
		break;
	}
	return 1;
}

/* Its serial shows our update: the values are what it still owes. */
static int
is_caught_up(const struct target *t)
{
	return t->state >= TARGET_CAUGHT_UP && t->state <= TARGET_AGREED;
}

/*
 * Whether `t` counts as checking its name server for an unroutable
 * address of the same name: waited for, or agreed; not one that has no
 * route itself, nor one given up (lame, down).
 */
static int
checks_its_name(const struct target *t)
{
	return t->state != TARGET_NO_ROUTE && t->state <= TARGET_AGREED;
}

/*
 * The one place a target changes state.  A done target stays as it is;
 * a live one only moves forward (but for NO_ROUTE to ANSWERED); reaching
 * a done state counts it in the session.  Returns 1 when it moved.
 */
static int
target_enter(struct session *s, struct target *t, enum target_state to)
{
	if (is_done(t) || to == t->state)
		return 0;
	if (to < t->state && !(t->state == TARGET_NO_ROUTE &&
	    to == TARGET_ANSWERED))
		return 0;
	if (to == TARGET_NO_ROUTE && t->state != TARGET_SILENT)
		return 0;
	/* Only an address that never answered is down or unrouted. */
	if ((to == TARGET_DOWN || to == TARGET_UNROUTED) && has_answered(t))
		return 0;
	t->state = to;
	if (is_done(t))
		s->ndone++;
	return 1;
}

static int
all_values(const struct target *t)
{
	size_t	 i;

	for (i = 0; i < t->zone->nrecs; i++)
		if (!t->have[i])
			return 0;
	return 1;
}

static void
target_check_done(struct session *s, struct target *t)
{
	char	 ns[DNAME_TEXT_MAX], zone[DNAME_TEXT_MAX];
	size_t	*ndone = &s->ndone, ntargets = s->ntargets;

	if (is_done(t) || !is_caught_up(t) || !all_values(t))
		return;
	(void)target_enter(s, t, TARGET_AGREED);
	t->agreed_ms = (int64_t)(os_clock_ms() - (t->zone->since_ms > 0 ?
	    t->zone->since_ms : s->start));
	dname_to_text(&t->server->ns, ns, sizeof(ns));
	dname_to_text(&t->zone->servers->zone, zone, sizeof(zone));
	log_info("%s (%s) serves %s at serial %u [%zu/%zu]", ns,
	    t->server->addr.text, zone, (uint32_t)t->serial, *ndone,
	    ntargets);
}

static void
session_unref(struct session *s)
{
	if (--s->refs > 0)
		return;
	free(s->targets);
	free(s->have);
	free(s);
}

/* Mark every record at the answer's owner whose value it serves. */
static void
note_txt(struct session *s, struct target *t, const struct answer *a,
    const struct dname *owner)
{
	const struct dns_rr *rr;
	char		 value[TXT_VALUE_MAX + 1], shown[SEEN_MAX];
	size_t		 i, k, used = 0;
	int		 n;

	(void)target_enter(s, t, TARGET_VALUES_SEEN);
	t->seen[0] = '\0';
	for (i = 0; (rr = answer_get(a, ANSWER_AN, i)) != NULL; i++) {
		if (rr->type != DNS_TYPE_TXT || !dname_equal(&rr->owner, owner))
			continue;
		if (answer_rdata_txt(a, rr, value, sizeof(value)) == -1)
			continue;
		for (k = 0; k < t->zone->nrecs; k++)
			if (dname_equal(&t->zone->recs[k].owner, owner) &&
			    strcmp(value, t->zone->recs[k].value) == 0)
				t->have[k] = 1;
		/* The value comes from the network: escaped for the log. */
		dname_escape_text((const uint8_t *)value, strlen(value), shown,
		    sizeof(shown));
		if (used < sizeof(t->seen)) {
			n = snprintf(t->seen + used, sizeof(t->seen) - used,
			    "%s\"%s\"", used > 0 ? " " : "", shown);
			if (n > 0)
				used += (size_t)n;
		}
	}
}

/* Stop waiting for `t`, as `how` (a given-up state).  Returns 1 unless
 * an earlier target with the same address was given up already (the
 * caller warns only once). */
static int
give_up(struct session *s, struct target *t, enum target_state how)
{
	size_t	 k;

	(void)target_enter(s, t, how);
	for (k = 0; &s->targets[k] != t; k++)
		if (is_given_up(&s->targets[k]) && address_equal(
		    &s->targets[k].server->addr, &t->server->addr))
			return 0;
	return 1;
}

/* Give up on `t` saying `why` after its name, address and zone. */
static void
give_up_warn(struct session *s, struct target *t, enum target_state how,
    const char *why)
{
	char	 ns[DNAME_TEXT_MAX], zone[DNAME_TEXT_MAX];

	if (!give_up(s, t, how))
		return;
	dname_to_text(&t->server->ns, ns, sizeof(ns));
	dname_to_text(&t->zone->servers->zone, zone, sizeof(zone));
	log_warn("%s (%s) for %s: %s", ns, t->server->addr.text, zone, why);
}

/*
 * A lame server (REFUSED, NOTAUTH, no AA bit, another owner) can never
 * serve a stale value to a CA: one warning, and no waiting for it.
 */
static void
lame(struct session *s, struct target *t, const char *how)
{
	char	 ns[DNAME_TEXT_MAX], zone[DNAME_TEXT_MAX];

	snprintf(t->problem, sizeof(t->problem), "lame: %s", how);
	if (!give_up(s, t, TARGET_LAME))
		return;
	dname_to_text(&t->server->ns, ns, sizeof(ns));
	dname_to_text(&t->zone->servers->zone, zone, sizeof(zone));
	log_warn("%s (%s) is not authoritative for %s (%s): it cannot serve "
	    "the record, so not waiting for it; fix the delegation of %s "
	    "(its NS records in the zone and in the parent) or that server",
	    ns, t->server->addr.text, zone, how, zone);
}

static void send_query(struct resolver *, struct session *, struct target *,
    size_t);
static void ask_values(struct resolver *, struct session *, struct target *);

static void
poll_answer(void *arg, enum resolve_status status, const uint8_t *msg,
    size_t len)
{
	struct poll_query *q = arg;
	struct session	*s = q->s;
	struct target	*t = q->t;
	struct answer	 a;
	const struct dname *qname;
	const struct dns_rr *rr;
	struct dname	 mname;
	uint32_t	 serial;
	size_t		 i;
	uint16_t	 qtype;
	unsigned	 rcode;
	char		 how[32];

	t->in_flight--;
	if (s->closed || is_done(t) || status == RESOLVE_CANCELLED)
		goto out;
	if (status != RESOLVE_OK) {
		snprintf(t->problem, sizeof(t->problem), "%s",
		    resolver_strstatus(status));
		if (status == RESOLVE_UNREACHABLE)
			(void)target_enter(s, t, TARGET_NO_ROUTE);
		goto out;
	}
	(void)target_enter(s, t, TARGET_ANSWERED);
	qname = q->rec == SIZE_MAX ? &t->zone->servers->zone :
	    &t->zone->recs[q->rec].owner;
	qtype = q->rec == SIZE_MAX ? DNS_TYPE_SOA : DNS_TYPE_TXT;
	if (answer_parse(&a, msg, len, qname, qtype) == -1) {
		snprintf(t->problem, sizeof(t->problem), "malformed answer");
		goto out;
	}
	/* A lame server never counts as serving anything. */
	rcode = answer_rcode(&a);
	if (rcode == DNS_RCODE_REFUSED || rcode == DNS_RCODE_NOTAUTH) {
		snprintf(how, sizeof(how), "answers %s", dns_rcode_name(rcode));
		lame(s, t, how);
		goto out;
	}
	if (rcode != DNS_RCODE_NOERROR && rcode != DNS_RCODE_NXDOMAIN) {
		/* SERVFAIL and the like: maybe loading; ask again. */
		snprintf(t->problem, sizeof(t->problem), "answers %s",
		    dns_rcode_name(rcode));
		goto out;
	}
	if (!(a.h.flags & DNS_FLAG_AA)) {
		lame(s, t, "answers without the AA bit");
		goto out;
	}
	t->problem[0] = '\0';
	if (qtype == DNS_TYPE_TXT) {
		note_txt(s, t, &a, qname);
		goto check;
	}
	for (i = 0; (rr = answer_get(&a, ANSWER_AN, i)) != NULL; i++)
		if (rr->type == DNS_TYPE_SOA && dname_equal(&rr->owner, qname) &&
		    answer_rdata_soa(&a, rr, &mname, &serial) == 0) {
			t->serial = serial;
			(void)target_enter(s, t, t->zone->any_serial ||
			    dns_serial_at_least(serial, t->zone->serial) ?
			    TARGET_CAUGHT_UP : TARGET_BEHIND);
			break;
		}
	if (rr == NULL) {
		/* Authoritative for some other zone (a parent's NXDOMAIN,
		 * another owner's SOA): not a server of this zone. */
		lame(s, t, "answers for another owner, not the zone's SOA");
		goto out;
	}
	/* The update has reached this server: check the values now rather
	 * than a round later, so agreement is seen at once. */
	if (is_caught_up(t) && t->in_flight == 0 && !all_values(t))
		ask_values(s->r, s, t);
check:
	target_check_done(s, t);
out:
	free(q);
	session_unref(s);
}

static void
send_query(struct resolver *r, struct session *s, struct target *t,
    size_t rec)
{
	struct poll_query *q;
	struct wire	 w;
	uint8_t		 buf[DNS_UDP_MAX];
	const struct dname *name;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return;
	q->s = s;
	q->t = t;
	q->rec = rec;
	name = rec == SIZE_MAX ? &t->zone->servers->zone :
	    &t->zone->recs[rec].owner;
	wire_writer(&w, buf, sizeof(buf));
	query_build(&w, os_random_id(), name,
	    rec == SIZE_MAX ? DNS_TYPE_SOA : DNS_TYPE_TXT, 0);
	if (w.error != 0) {
		free(q);
		return;
	}
	/* The answer may come inside resolver_send() (no route): count the
	 * query and hold the session before sending. */
	t->in_flight++;
	s->refs++;
	if (resolver_send(r, &t->server->addr, buf, w.pos, POLL_TIMEOUT_MS,
	    POLL_TRIES, poll_answer, q) == -1) {
		t->in_flight--;
		s->refs--;
		free(q);
	}
}

/* One TXT query per name that still lacks a value (one answers for all
 * the values at that name). */
static void
ask_values(struct resolver *r, struct session *s, struct target *t)
{
	size_t	 i, k;

	for (i = 0; i < t->zone->nrecs; i++) {
		if (t->have[i])
			continue;
		for (k = 0; k < i; k++)
			if (!t->have[k] && dname_equal(&t->zone->recs[k].owner,
			    &t->zone->recs[i].owner))
				break;
		if (k == i)
			send_query(r, s, t, i);
	}
}

/*
 * Ask what a target still has to prove; nothing while it has queries out.
 * Until the server's serial shows our update, one SOA query a round is
 * all it gets; then the values themselves.
 */
static void
poll_target(struct resolver *r, struct session *s, struct target *t)
{
	if (is_done(t) || t->in_flight > 0)
		return;
	if (!is_caught_up(t))
		send_query(r, s, t, SIZE_MAX);
	else
		ask_values(r, s, t);
}

/* The servers that do not agree yet and where each stands, in `line`. */
static size_t
describe_lagging(const struct target *targets, size_t n, char *line,
    size_t size)
{
	const struct target *t;
	char	 ns[DNAME_TEXT_MAX], zone[DNAME_TEXT_MAX], txt[SEEN_MAX + 8];
	size_t	 i, used = 0, lagging = 0;
	int	 k;

	line[0] = '\0';
	for (i = 0; i < n; i++) {
		t = &targets[i];
		if (is_done(t))
			continue;
		lagging++;
		if (used >= size)
			continue;
		dname_to_text(&t->server->ns, ns, sizeof(ns));
		dname_to_text(&t->zone->servers->zone, zone, sizeof(zone));
		txt[0] = '\0';
		if (t->state == TARGET_VALUES_SEEN)
			snprintf(txt, sizeof(txt), ", TXT %s",
			    t->seen[0] != '\0' ? t->seen : "none");
		if (t->serial >= 0)
			k = snprintf(line + used, size - used,
			    "%s%s (%s) for %s: serial %u (want >= %u)%s%s%s",
			    used > 0 ? "; " : "", ns, t->server->addr.text,
			    zone, (uint32_t)t->serial, t->zone->serial, txt,
			    t->problem[0] != '\0' ? ", " : "", t->problem);
		else
			k = snprintf(line + used, size - used,
			    "%s%s (%s) for %s: %s", used > 0 ? "; " : "", ns,
			    t->server->addr.text, zone, t->problem[0] != '\0' ?
			    t->problem : "no SOA seen");
		if (k > 0)
			used += (size_t)k;
	}
	return lagging;
}

static void
report_lagging(const struct target *targets, size_t n, unsigned waited_ms)
{
	char	 line[4096];
	size_t	 lagging, k, stale = 0, unreached = 0, nrecs = 0;

	lagging = describe_lagging(targets, n, line, sizeof(line));
	/* Advice by kind: a server that answers with old data needs zone
	 * transfers mended; one we cannot reach needs the network. */
	for (k = 0; k < n; k++) {
		if (is_done(&targets[k]))
			continue;
		nrecs += targets[k].zone->nrecs;
		if (has_answered(&targets[k]))
			stale++;
		else
			unreached++;
	}
	log_err("timed out after %u.%03u s: %zu of %zu authoritative "
	    "servers do not %s yet: %s; %s%s%s", waited_ms / 1000,
	    waited_ms % 1000, lagging, n, nrecs > 0 ? "serve the record" :
	    "answer for the zone", line, stale > 0 ? "check zone "
	    "transfers (NOTIFY, allow-transfer) or raise `timeout`" : "",
	    stale > 0 && unreached > 0 ? "; " : "", unreached > 0 ? "check "
	    "that this host can reach every authoritative server (routes, "
	    "firewall), or set down_servers = skip to stop waiting for those "
	    "that never answer" : "");
}

/*
 * The next round's interval: `interval`, or shorter when every server
 * still behind is one address (the usual end of a wait: the secondary
 * without NOTIFY), so that its change is seen soon after it happens while
 * that server gets at most one query per LONE_GAP_MS.
 */
static unsigned
lone_interval(const struct session *s, unsigned interval)
{
	const struct target *t, *first = NULL;
	size_t	 k, lagging = 0;

	for (k = 0; k < s->ntargets; k++) {
		t = &s->targets[k];
		if (is_done(t))
			continue;
		if (first == NULL)
			first = t;
		else if (!address_equal(&first->server->addr,
		    &t->server->addr))
			return interval;
		lagging++;
	}
	if (lagging == 0 || interval <= LONE_GAP_MS * lagging)
		return interval;
	return (unsigned)(LONE_GAP_MS * lagging);
}

/* Handle answers until `until`, or until every target agrees. */
static void
run_until(struct resolver *r, const struct session *s, uint64_t until)
{
	struct timespec	 ts;
	uint64_t	 now, left;

	while (s->ndone < s->ntargets && (now = os_clock_ms()) < until &&
	    !os_interrupted()) {
		if (resolver_pending(r) > 0) {
			if (resolver_run(r, until) == -1)
				return;
			continue;
		}
		left = until - now;
		ts.tv_sec = (time_t)(left / 1000);
		ts.tv_nsec = (long)(left % 1000) * 1000000L;
		nanosleep(&ts, NULL);
	}
}

/* With down_servers = skip: give up on servers that never answered. */
static void
skip_down(struct session *s, uint64_t since_ms)
{
	struct target	*t;
	char		 ns[DNAME_TEXT_MAX];
	size_t		 k;

	if (os_clock_ms() - since_ms < PROPAGATE_DOWN_MS)
		return;
	for (k = 0; k < s->ntargets; k++) {
		t = &s->targets[k];
		if (!target_enter(s, t, TARGET_DOWN))
			continue;
		dname_to_text(&t->server->ns, ns, sizeof(ns));
		log_warn("%s (%s) has not answered for %u s (%s); not waiting "
		    "for it (down_servers = skip)", ns, t->server->addr.text,
		    PROPAGATE_DOWN_MS / 1000, t->problem[0] != '\0' ?
		    t->problem : "no answer");
	}
}

/*
 * Addresses this host cannot route to.  When another address of the same
 * NS name is checked (the same server software serves both), skip the
 * unroutable one; when none is reachable, down_servers decides.
 */
static void
skip_unroutable(struct session *s, int skip_down)
{
	struct target	*t, *u;
	size_t		 k, j;

	for (k = 0; k < s->ntargets; k++) {
		t = &s->targets[k];
		if (t->state != TARGET_NO_ROUTE)
			continue;
		for (j = 0; j < s->ntargets; j++) {
			u = &s->targets[j];
			if (u != t && checks_its_name(u) &&
			    dname_equal(&u->server->ns, &t->server->ns))
				break;
		}
		if (j < s->ntargets)
			give_up_warn(s, t, TARGET_UNROUTED, "no route to this address from this "
			    "host; not waiting for it: another address of the "
			    "same name server is checked");
		else if (skip_down)
			give_up_warn(s, t, TARGET_UNROUTED, "no route to this address from this "
			    "host, nor to any other address of that name; not "
			    "waiting for it (down_servers = skip)");
	}
}

size_t
propagate_count(const struct propagate_zone *zones, size_t nzones)
{
	size_t	 i, n = 0;

	for (i = 0; i < nzones; i++)
		n += zones[i].servers->nservers;
	return n;
}

/* Where each target stood, for the caller's table. */
static void
fill_results(const struct session *s, struct propagate_options *opts)
{
	const struct target *t;
	struct propagate_result *res;
	size_t	 k;

	opts->nresults = 0;
	if (opts->results == NULL)
		return;
	for (k = 0; k < s->ntargets; k++) {
		t = &s->targets[k];
		res = &opts->results[opts->nresults++];
		memset(res, 0, sizeof(*res));
		res->server = t->server;
		res->zone = &t->zone->servers->zone;
		res->agreed = t->state == TARGET_AGREED;
		res->skipped = is_given_up(t);
		res->agreed_ms = res->agreed ? t->agreed_ms : -1;
		res->known_serial = t->serial >= 0;
		res->serial = t->serial >= 0 ? (uint32_t)t->serial : 0;
		if (!res->agreed)
			snprintf(res->problem, sizeof(res->problem), "%s",
			    t->problem[0] != '\0' ? t->problem :
			    has_answered(t) ? "does not serve it yet" :
			    "no answer");
	}
}

enum outcome
propagate_wait(struct resolver *r, const struct propagate_zone *zones,
    size_t nzones, uint64_t deadline_ms, struct propagate_options *opts)
{
	unsigned	 ceiling_ms = opts->ceiling_ms;
	struct session	*s;
	struct target	*targets;
	uint64_t	 start = os_clock_ms(), next, said = start, now;
	char		 line[2048], last[sizeof(line)] = "";
	size_t		 lagging;
	size_t		 n = 0, nhave = 0, i, j, k, h;
	unsigned	 interval = PROPAGATE_FIRST_MS;
	enum outcome	 ret = OUTCOME_NOMEM;

	if (ceiling_ms < PROPAGATE_FIRST_MS)
		ceiling_ms = PROPAGATE_FIRST_MS;
	for (i = 0; i < nzones; i++) {
		n += zones[i].servers->nservers;
		nhave += zones[i].servers->nservers * zones[i].nrecs;
	}
	if (n == 0)
		return OUTCOME_OK;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_err("out of memory");
		return OUTCOME_NOMEM;
	}
	s->refs = 1;
	s->r = r;
	s->ntargets = n;
	s->start = start;
	s->targets = targets = calloc(n, sizeof(*targets));
	s->have = calloc(nhave > 0 ? nhave : 1, 1);
	if (s->targets == NULL || s->have == NULL) {
		log_err("out of memory");
		goto out;
	}
	for (i = 0, k = 0, h = 0; i < nzones; i++)
		for (j = 0; j < zones[i].servers->nservers; j++, k++) {
			targets[k].zone = &zones[i];
			targets[k].server = &zones[i].servers->servers[j];
			targets[k].have = s->have + h;
			targets[k].agreed_ms = -1;
			targets[k].serial = -1;
			targets[k].state = TARGET_SILENT;
			h += zones[i].nrecs;
		}
	log_info("waiting for %zu authoritative server address%s", n,
	    n == 1 ? "" : "es");
	while (s->ndone < n && os_clock_ms() < deadline_ms &&
	    !os_interrupted()) {
		for (k = 0; k < n; k++)
			poll_target(r, s, &targets[k]);
		next = os_clock_ms() + lone_interval(s, interval);
		run_until(r, s, next < deadline_ms ? next : deadline_ms);
		skip_unroutable(s, opts->skip_down);
		if (opts->skip_down)
			skip_down(s, start);
		/* Who is still behind and where, when that changes (at
		 * most once a second); else a short heartbeat. */
		now = os_clock_ms();
		if (s->ndone < n && now - said >= PROGRESS_MS) {
			lagging = describe_lagging(targets, n, line,
			    sizeof(line));
			if (strcmp(line, last) != 0) {
				log_info("still waiting for %zu of %zu: %s",
				    lagging, n, line);
				memcpy(last, line, sizeof(last));
				said = now;
			} else if (now - said >= HEARTBEAT_MS) {
				log_info("still waiting for %zu of %zu after "
				    "%.0f s, no change", lagging, n,
				    (double)(now - start) / 1000.0);
				said = now;
			}
		}
		interval = interval * 3 / 2;
		if (interval > ceiling_ms)
			interval = ceiling_ms;
	}
	if (s->ndone == n) {
		for (k = 0, j = 0; k < n; k++)
			j += (size_t)is_given_up(&targets[k]);
		log_info("%zu authoritative server address%s agree%s after "
		    "%.3f s%s", n - j, n - j == 1 ? "" : "es",
		    n - j == 1 ? "s" : "", (double)(os_clock_ms() - start) /
		    1000.0, j > 0 ? " (down ones skipped)" : "");
		ret = OUTCOME_OK;
	} else if (os_interrupted())	/* the caller says what stays */
		ret = OUTCOME_INTERRUPTED;
	else {
		report_lagging(targets, n, (unsigned)(os_clock_ms() - start));
		ret = OUTCOME_TIMEOUT;
	}
	fill_results(s, opts);
out:
	s->closed = 1;
	session_unref(s);
	return ret;
}
