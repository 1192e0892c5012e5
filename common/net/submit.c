/* SPDX-License-Identifier: ISC */
#include "net/submit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/answer.h"
#include "sys/log.h"
#include "sys/os.h"
#include "dns/query.h"
#include "dns/tkey.h"
#include "dns/tsig.h"

#define UPDATE_TIMEOUT_MS	2000	/* first try; c-ares doubles it */
#define UPDATE_TIMEOUT_MIN_MS	100
#define UPDATE_TRIES		3
#define UPDATE_BUF		(DNS_MSG_MAX)
#define SERIAL_TIMEOUT_MS	1000
#define TKEY_TIMEOUT_MS		3000	/* over TCP: one try of each */
#define TKEY_ROUNDS_MAX		4	/* Kerberos needs one round trip */

/* What one address made of the update. */
enum attempt {
	ATTEMPT_DONE,		/* verified success */
	ATTEMPT_NEXT,		/* try the next address */
	ATTEMPT_FATAL		/* final: another address will not help */
};

struct context {
	const struct submit_request *req;
	char		 zone[DNAME_TEXT_MAX];
	char		 owner[DNAME_TEXT_MAX];
	const char	*keyname;
	enum outcome last;	/* why the last address failed */
};

static const char *
op_text(enum update_op op)
{
	return op == UPDATE_ADD ? "add" : "delete";
}

/* Messages for a TSIG problem, an answer that we cannot trust. */
static enum attempt
judge_tsig(struct context *c, const struct dns_server *to,
    const struct tsig_result *res, unsigned rcode)
{
	switch (res->verdict) {
	case TSIG_VERIFIED:
		return ATTEMPT_DONE;
	case TSIG_SERVER_ERROR:
		break;
	case TSIG_ECHOED:
		/* Samba AD: a denied update is SERVFAIL with our TSIG. */
		if (rcode != DNS_RCODE_NOERROR)
			return ATTEMPT_DONE;	/* the RCODE explains it */
		log_err("%s: answer to the update of zone %s carries our own "
		    "signature back instead of one of its own; not trusting "
		    "it", to->text, c->zone);
		c->last = OUTCOME_AUTH;
		return ATTEMPT_FATAL;
	case TSIG_UNSIGNED:
		if (rcode == DNS_RCODE_NOTAUTH) {
			/*
			 * named and Knot 3.2 answer a key they do not know
			 * with NOTAUTH and a TSIG record saying BADKEY;
			 * Knot 3.4 with a bare NOTAUTH, as it answers a
			 * zone it does not serve: name both.
			 */
			log_err("%s answered NOTAUTH without a TSIG record "
			    "to the update of zone %s: it does not know key "
			    "%s (BADKEY: check that the key name and "
			    "algorithm (%s) match the server's key), or it is "
			    "not authoritative for the zone (set `server` in "
			    "the zone's section to the zone's primary)",
			    to->text, c->zone, c->keyname,
			    tsig_alg_name(tsig_key_alg(c->req->key)));
			c->last = OUTCOME_AUTH;
			return ATTEMPT_FATAL;
		}
		if (rcode != DNS_RCODE_NOERROR)
			return ATTEMPT_DONE;	/* the RCODE explains it */
		log_err("%s: answer to the update of zone %s is not signed "
		    "(%s) although the request was signed with key %s; not "
		    "trusting it: is something between us and the server "
		    "rewriting DNS?", to->text, c->zone, dns_rcode_name(rcode),
		    c->keyname);
		c->last = OUTCOME_AUTH;
		return ATTEMPT_FATAL;
	case TSIG_MALFORMED:
	case TSIG_OTHER_KEY:
	case TSIG_BAD_MAC:
	case TSIG_BAD_TIME:
		log_err("%s: answer to the update of zone %s fails TSIG "
		    "verification with key %s: %s%s", to->text, c->zone,
		    c->keyname, tsig_verdict_text(res->verdict),
		    res->verdict == TSIG_BAD_TIME ? "; fix this host's clock "
		    "(NTP)" : "; not trusting it");
		c->last = OUTCOME_AUTH;
		return ATTEMPT_FATAL;
	}
	c->last = OUTCOME_AUTH;
	switch (res->error) {
	case DNS_RCODE_BADSIG:
		log_err("%s rejected the signature of key %s for zone %s "
		    "(BADSIG): the secret in the configuration differs from "
		    "the server's key %s", to->text, c->keyname, c->zone,
		    c->keyname);
		break;
	case DNS_RCODE_BADKEY:
		log_err("%s does not know key %s (BADKEY) for zone %s: check "
		    "that the key name and algorithm (%s) match a `key` "
		    "statement in the primary's named.conf, and that `server` "
		    "names the primary", to->text, c->keyname, c->zone,
		    tsig_alg_name(tsig_key_alg(c->req->key)));
		break;
	case DNS_RCODE_BADTIME:
		if (res->have_time)
			log_err("%s rejected the time of our signature "
			    "(BADTIME) for zone %s: its clock is %+lld s from "
			    "ours, more than the %d s allowed; fix the clock "
			    "(NTP) on this host or the server", to->text,
			    c->zone, (long long)res->skew, TSIG_FUDGE);
		else
			log_err("%s rejected the time of our signature "
			    "(BADTIME) for zone %s: fix the clock (NTP) on "
			    "this host or the server", to->text, c->zone);
		break;
	default:
		log_err("%s reported TSIG error %s for key %s, zone %s",
		    to->text, dns_rcode_name(res->error), c->keyname,
		    c->zone);
		break;
	}
	return ATTEMPT_FATAL;
}

/* Messages for the RCODE of a trusted (or explanatory) answer. */
static enum attempt
judge_rcode(struct context *c, const struct dns_server *to, unsigned rcode,
    int is_last)
{
	c->last = OUTCOME_REFUSED;
	switch (rcode) {
	case DNS_RCODE_NOERROR:
		return ATTEMPT_DONE;
	case DNS_RCODE_SERVFAIL:
		if (c->req->principal != NULL) {
			/* Samba AD answers an update its ACLs deny so. */
			log_failure(is_last, "%s answered SERVFAIL to the %s "
			    "of %s in zone %s by Kerberos principal %s: Samba "
			    "AD and Active Directory answer so when the "
			    "account may not write that name (give it the "
			    "right on the %s record, see the README); BIND "
			    "when it cannot write the zone's journal%s",
			    to->text, op_text(c->req->op), c->owner, c->zone,
			    c->req->principal, c->owner,
			    is_last ? "" : "; trying the next address");
			return ATTEMPT_NEXT;
		}
		log_failure(is_last, "%s answered SERVFAIL to the %s of %s "
		    "in zone %s: named may be unable to write the zone's "
		    "journal or file (check the zone directory's owner and "
		    "permissions, and AppArmor or SELinux denials in the "
		    "system log)%s", to->text, op_text(c->req->op), c->owner,
		    c->zone, is_last ? "" : "; trying the next address");
		return ATTEMPT_NEXT;
	case DNS_RCODE_REFUSED:
		if (c->req->principal != NULL) {
			log_err("%s REFUSED the %s of %s TXT in zone %s by "
			    "Kerberos principal %s (key %s): on the primary, "
			    "allow it (BIND: update-policy { grant %s name %s "
			    "TXT; }; Samba and Active Directory: give the "
			    "account the right to write the %s record, see "
			    "the README; FreeIPA: an idnsUpdatePolicy grant)",
			    to->text, op_text(c->req->op), c->owner, c->zone,
			    c->req->principal, c->keyname, c->req->principal,
			    c->owner, c->owner);
			return ATTEMPT_FATAL;
		}
		log_err("%s REFUSED the %s of %s TXT in zone %s with key %s: "
		    "on the primary, allow it (BIND: update-policy { grant %s "
		    "name %s TXT; }; Knot: an acl with key %s and action "
		    "update; PowerDNS: the TSIG-ALLOW-DNSUPDATE and "
		    "ALLOW-DNSUPDATE-FROM metadata); if %s is a secondary, set "
		    "`server` in the zone's section to the primary", to->text,
		    op_text(c->req->op), c->owner, c->zone, c->keyname,
		    c->keyname, c->owner, c->keyname, to->text);
		return ATTEMPT_FATAL;
	case DNS_RCODE_NOTAUTH:
		log_err("%s is not authoritative for zone %s (NOTAUTH): set "
		    "`server` in the zone's section to the zone's primary",
		    to->text, c->zone);
		return ATTEMPT_FATAL;
	case DNS_RCODE_NOTZONE:
		log_err("%s says %s is not in zone %s (NOTZONE): the zone's "
		    "cut differs between the resolver and the primary; check "
		    "the delegation", to->text, c->owner, c->zone);
		return ATTEMPT_FATAL;
	case DNS_RCODE_NOTIMP:
		log_err("%s does not accept updates for zone %s (NOTIMP): it "
		    "is probably a secondary; set `server` in the zone's "
		    "section to the primary", to->text, c->zone);
		return ATTEMPT_FATAL;
	case DNS_RCODE_FORMERR:
		log_err("%s could not parse our update for zone %s "
		    "(FORMERR); please report this with the output of -vv",
		    to->text, c->zone);
		return ATTEMPT_FATAL;
	default:
		log_err("%s answered %s to the %s of %s in zone %s", to->text,
		    dns_rcode_name(rcode), op_text(c->req->op), c->owner,
		    c->zone);
		return ATTEMPT_FATAL;
	}
}

static enum attempt
try_address(struct resolver *r, struct context *c, const struct dns_server *to,
    int is_last)
{
	const struct submit_request *req = c->req;
	struct tsig_result res;
	enum resolve_status status;
	enum attempt	 verdict;
	uint8_t		*msg = NULL, *ans = NULL;
	uint16_t	 id = os_random_id(), rcode;
	size_t		 len, anslen = 0;
	uint64_t	 now = os_clock_ms();
	unsigned	 timeout_ms = UPDATE_TIMEOUT_MS;

	if (now >= req->deadline_ms) {
		c->last = OUTCOME_UNREACHABLE;
		return ATTEMPT_FATAL;
	}
	/* The tries take 1 + 2 + 4 times the first timeout: keep all
	 * three within the run's deadline. */
	if ((req->deadline_ms - now) / 7 < timeout_ms)
		timeout_ms = (unsigned)((req->deadline_ms - now) / 7);
	if (timeout_ms < UPDATE_TIMEOUT_MIN_MS)
		timeout_ms = UPDATE_TIMEOUT_MIN_MS;
	if ((msg = malloc(UPDATE_BUF)) == NULL) {
		log_err("out of memory");
		c->last = OUTCOME_NOMEM;
		return ATTEMPT_FATAL;
	}
	/* The signer builds the update it signs (submit_signing). */
	if (req->signing.sign(req->signing.ctx, id, req->zone, req->op,
	    req->ttl,
	    req->recs, req->nrecs, msg, UPDATE_BUF, &len) == -1) {
		log_err("cannot sign the update for zone %s", c->zone);
		verdict = ATTEMPT_FATAL;
		c->last = OUTCOME_UNBUILDABLE;
		goto out;
	}
	log_verbose("sending %s of %zu TXT record%s in zone %s to %s, key %s",
	    op_text(req->op), req->nrecs, req->nrecs == 1 ? "" : "s", c->zone,
	    to->text, c->keyname);
	/* Byte for byte as signed: the answer's MAC covers our MAC. */
	status = resolver_exchange_signed(r, to, msg, len, timeout_ms,
	    UPDATE_TRIES, &ans, &anslen);
	if (status == RESOLVE_INTERRUPTED) {
		/* The flow says what became of the update, once. */
		c->last = OUTCOME_INTERRUPTED;
		verdict = ATTEMPT_FATAL;
		goto out;
	}
	if (status != RESOLVE_OK) {
		log_failure(is_last, "primary %s for zone %s: %s%s", to->text,
		    c->zone, status == RESOLVE_TIMEOUT ? "no answer to the "
		    "update (check that the name server runs there and that "
		    "its port is open for UDP and TCP)" :
		    status == RESOLVE_CONNREFUSED ? "connection refused (is "
		    "the name server running there?)" :
		    status == RESOLVE_UNREACHABLE ? "no route to this address "
		    "from this host (check this host's routes, e.g. for IPv6, "
		    "or list reachable addresses in `server`)" :
		    resolver_strstatus(status),
		    is_last ? "" :
		    "; trying the next address");
		c->last = OUTCOME_UNREACHABLE;
		verdict = ATTEMPT_NEXT;
		goto out;
	}
	if (update_check_answer(ans, anslen, id, req->zone, &rcode) == -1) {
		log_failure(is_last, "%s sent an answer that does not match "
		    "our update for zone %s; ignoring it", to->text, c->zone);
		c->last = OUTCOME_UNREACHABLE;
		verdict = ATTEMPT_NEXT;
		goto out;
	}
	if (req->signing.verify(req->signing.ctx, ans, anslen, &res) == -1) {
		c->last = OUTCOME_UNBUILDABLE;
		verdict = ATTEMPT_FATAL;
		goto out;
	}
	if (res.verdict == TSIG_VERIFIED && res.legacy_layout)
		log_verbose("%s signed its answer over Samba's older digest "
		    "layout (without the length of our MAC); accepted: it is "
		    "a MAC by the negotiated Kerberos context", to->text);
	verdict = judge_tsig(c, to, &res, rcode);
	if (verdict != ATTEMPT_DONE)
		goto out;
	verdict = judge_rcode(c, to, rcode, is_last);
out:
	free(msg);
	free(ans);
	return verdict;
}

/* The serial the primary serves now, so we can wait for at least it. */
static int
primary_serial(struct resolver *r, const struct dns_server *to,
    const struct dname *zone, uint32_t *serial)
{
	struct answer	 a;
	struct wire	 w;
	struct dname	 mname;
	const struct dns_rr *rr;
	uint8_t		 query[DNS_UDP_MAX], *ans = NULL;
	uint16_t	 id = os_random_id();
	size_t		 len, i;
	int		 ret = -1;

	wire_writer(&w, query, sizeof(query));
	query_build(&w, id, zone, DNS_TYPE_SOA, 0);
	if (w.error != 0 || resolver_exchange(r, to, query, w.pos,
	    SERIAL_TIMEOUT_MS, 2, &ans, &len) != RESOLVE_OK)
		return -1;
	if (answer_parse(&a, ans, len, zone, DNS_TYPE_SOA) == 0 &&
	    answer_rcode(&a) == DNS_RCODE_NOERROR)
		for (i = 0; (rr = answer_get(&a, ANSWER_AN, i)) != NULL; i++)
			if (rr->type == DNS_TYPE_SOA &&
			    dname_equal(&rr->owner, zone) &&
			    answer_rdata_soa(&a, rr, &mname, serial) == 0) {
				ret = 0;
				break;
			}
	free(ans);
	return ret;
}

enum outcome
submit_update(struct resolver *r, const struct submit_request *req,
    uint32_t *serial, int *have_serial)
{
	struct context	 c;
	enum attempt	 verdict = ATTEMPT_NEXT;
	size_t		 i;

	memset(&c, 0, sizeof(c));
	c.req = req;
	c.keyname = tsig_key_name(req->key);
	c.last = OUTCOME_UNREACHABLE;
	dname_to_text(req->zone, c.zone, sizeof(c.zone));
	if (req->nrecs > 0)
		dname_to_text(&req->recs[0].owner, c.owner, sizeof(c.owner));
	*have_serial = 0;
	*serial = 0;
	for (i = 0; i < req->nprimary && verdict == ATTEMPT_NEXT; i++) {
		verdict = try_address(r, &c, &req->primary[i],
		    i + 1 == req->nprimary);
		if (verdict != ATTEMPT_DONE)
			continue;
		log_info("%s: %s of %zu TXT record%s in %s accepted (signed "
		    "answer verified)", req->primary[i].text, op_text(req->op),
		    req->nrecs, req->nrecs == 1 ? "" : "s", c.zone);
		if (primary_serial(r, &req->primary[i], req->zone, serial) ==
		    0)
			*have_serial = 1;
		return OUTCOME_OK;
	}
	return c.last;
}

/* ---- GSS-TSIG: the TKEY negotiation (RFC 3645) ---- */

/* What one TKEY exchange with one address gave. */
enum tkey_attempt {
	TKEY_ANSWERED,		/* `a` holds the server's answer */
	TKEY_NEXT,		/* no usable answer: try the next address */
	TKEY_FATAL		/* logged; stop */
};

static enum tkey_attempt
tkey_exchange(struct resolver *r, const struct dns_server *to,
    const char *zone, const struct submit_gss *step, unsigned alg,
    struct tkey_answer *a, uint8_t **ans, int is_last)
{
	struct tkey_query q;
	struct wire	 w;
	enum resolve_status status;
	uint8_t		*msg;
	uint16_t	 id = os_random_id();
	size_t		 anslen = 0;
	char		 name[DNAME_TEXT_MAX];

	if ((msg = malloc(UPDATE_BUF)) == NULL) {
		log_err("out of memory");
		return TKEY_FATAL;
	}
	memset(&q, 0, sizeof(q));
	q.keyname = &step->keyname;
	q.alg = (enum tsig_alg)alg;
	q.now = (uint32_t)(os_wall_ms() / 1000);
	q.token = step->token;
	q.tokenlen = step->tokenlen;
	wire_writer(&w, msg, UPDATE_BUF);
	if (tkey_build_query(&w, id, &q) == -1 || w.error != 0) {
		log_err("cannot build the TKEY query for zone %s (a Kerberos "
		    "token of %zu octets)", zone, step->tokenlen);
		free(msg);
		return TKEY_FATAL;
	}
	dname_to_text(&step->keyname, name, sizeof(name));
	log_verbose("sending a TKEY query (GSS-API, %s flavour, key name "
	    "%s, token %zu octets) for zone %s to %s over TCP",
	    alg == TSIG_GSS_MS ? "Windows" : "RFC 3645", name,
	    step->tokenlen, zone, to->text);
	/* A TKEY query goes over TCP (verbatim.h), byte for byte. */
	status = resolver_exchange_signed(r, to, msg, w.pos, TKEY_TIMEOUT_MS,
	    1, ans, &anslen);
	free(msg);
	if (status == RESOLVE_INTERRUPTED)
		return TKEY_FATAL;
	if (status != RESOLVE_OK) {
		log_failure(is_last, "primary %s for zone %s: %s to the TKEY "
		    "query that sets up Kerberos signing (check that the name "
		    "server runs there and that its TCP port is open)%s",
		    to->text, zone, resolver_strstatus(status),
		    is_last ? "" : "; trying the next address");
		return TKEY_NEXT;
	}
	if (tkey_parse_answer(*ans, anslen, id, &step->keyname, a) == -1) {
		log_failure(is_last, "%s sent an answer that does not match "
		    "our TKEY query for zone %s%s", to->text, zone,
		    is_last ? "" : "; trying the next address");
		return TKEY_NEXT;
	}
	return TKEY_ANSWERED;
}

enum outcome
submit_negotiate(struct resolver *r, const struct submit_request *req,
    const char *host, struct submit_gss *info)
{
	struct tkey_answer a;
	struct submit_gss step;
	char		 zone[DNAME_TEXT_MAX];
	const char	*keyname = tsig_key_name(req->key);
	uint8_t		*ans = NULL;
	unsigned	 alg = (unsigned)tsig_key_alg(req->key), round;
	size_t		 i = 0;
	enum tkey_attempt at;
	enum outcome	 o = OUTCOME_UNREACHABLE;
	uint64_t	 t0 = os_clock_ms();

	dname_to_text(req->zone, zone, sizeof(zone));
	memset(info, 0, sizeof(*info));
	if (req->signing.gss_step(req->signing.ctx, req->zone, alg, host,
	    NULL, 0, &step) == -1)
		goto step_failed;
	for (round = 0; round < TKEY_ROUNDS_MAX; round++) {
		if (step.tokenlen == 0 && step.complete)
			break;
		if (os_clock_ms() >= req->deadline_ms) {
			log_err("no time left to set up Kerberos signing with "
			    "the primary of zone %s", zone);
			return OUTCOME_TIMEOUT;
		}
		free(ans);
		ans = NULL;
		at = TKEY_NEXT;
		for (; i < req->nprimary; i++) {
			at = tkey_exchange(r, &req->primary[i], zone, &step,
			    alg, &a, &ans, i + 1 == req->nprimary);
			if (at != TKEY_NEXT)
				break;
			/* A new address needs a new context. */
			free(ans);
			ans = NULL;
			if (i + 1 < req->nprimary &&
			    req->signing.gss_step(req->signing.ctx, req->zone,
			    alg, host, NULL, 0, &step) == -1)
				goto step_failed;
		}
		if (at == TKEY_FATAL) {
			o = os_interrupted() ? OUTCOME_INTERRUPTED :
			    OUTCOME_NOMEM;
			goto out;
		}
		if (at == TKEY_NEXT) {
			o = OUTCOME_UNREACHABLE;
			goto out;
		}
		/* The Windows flavour, as nsupdate falls back to it. */
		if (a.rcode == DNS_RCODE_FORMERR && alg == TSIG_GSS &&
		    round == 0) {
			log_verbose("%s answered FORMERR to the RFC 3645 TKEY "
			    "query; trying the Windows flavour "
			    "(gss.microsoft.com)", req->primary[i].text);
			alg = TSIG_GSS_MS;
			if (req->signing.gss_step(req->signing.ctx, req->zone,
			    alg, host, NULL, 0, &step) == -1)
				goto step_failed;
			continue;
		}
		if (a.rcode != DNS_RCODE_NOERROR || !a.found) {
			log_err("%s answered %s%s to the TKEY query that sets "
			    "up Kerberos signing for zone %s (key %s): it does "
			    "not accept GSS-TSIG there; check that it is the "
			    "zone's primary and that it is set up for Kerberos "
			    "(BIND: tkey-gssapi-keytab)", req->primary[i].text,
			    dns_rcode_name(a.rcode), a.found ? "" :
			    " without a TKEY record", zone, keyname);
			o = a.rcode == DNS_RCODE_NOERROR ? OUTCOME_AUTH :
			    OUTCOME_REFUSED;
			goto out;
		}
		if (a.error != 0) {
			log_err("%s refused the Kerberos security context for "
			    "zone %s (key %s, service DNS/%s): TKEY error %s; "
			    "the server's keytab must hold DNS/%s@REALM (BIND: "
			    "tkey-gssapi-keytab) with the key the KDC has, and "
			    "the clocks must agree", req->primary[i].text,
			    zone, keyname, host, tkey_error_text(a.error),
			    host);
			o = OUTCOME_AUTH;
			goto out;
		}
		if (a.mode != TKEY_MODE_GSSAPI) {
			log_err("%s answered the TKEY query for zone %s in "
			    "mode %u, not GSS-API (3)", req->primary[i].text,
			    zone, a.mode);
			o = OUTCOME_AUTH;
			goto out;
		}
		if (step.complete) {
			if (a.tokenlen == 0)
				break;
			log_err("%s sent a further Kerberos token for zone "
			    "%s after the context was complete",
			    req->primary[i].text, zone);
			o = OUTCOME_AUTH;
			goto out;
		}
		if (req->signing.gss_step(req->signing.ctx, req->zone, alg,
		    host, a.token, a.tokenlen, &step) == -1)
			goto step_failed;
	}
	if (!step.complete) {
		log_err("the Kerberos negotiation with %s for zone %s did not "
		    "complete in %u round trips", i < req->nprimary ?
		    req->primary[i].text : host, zone, TKEY_ROUNDS_MAX);
		o = OUTCOME_AUTH;
		goto out;
	}
	*info = step;
	info->token = NULL;
	info->tokenlen = 0;
	log_verbose("Kerberos: %s accepted the security context of %s for "
	    "zone %s after %u round trip%s, %llu ms (%s flavour)",
	    i < req->nprimary ? req->primary[i].text : host, step.principal,
	    zone, round, round == 1 ? "" : "s",
	    (unsigned long long)(os_clock_ms() - t0),
	    alg == TSIG_GSS_MS ? "Windows" : "RFC 3645");
	o = OUTCOME_OK;
out:
	free(ans);
	return o;
step_failed:
	free(ans);
	if (step.error[0] != '\0')
		log_err("key %s, zone %s, primary %s: Kerberos: %s", keyname,
		    zone, host, step.error);
	return step.failure;
}
