/* SPDX-License-Identifier: ISC */
/*
 * The network modules themselves (resolver.c with c-ares and verbatim.c,
 * locate.c, submit.c, propagate.c, and the present and cleanup flows)
 * against scripted DNS servers (mockdns.h) on 127.0.0.2-6, one port for
 * all, which testing.h makes the port of the name servers found in DNS.
 * No root, no network namespace, no real name server: the package build
 * runs this as it is.
 *
 *   127.0.0.2  the recursive resolver (`resolver =`)
 *   127.0.0.3  ns1.example.test., the primary (MNAME)
 *   127.0.0.4  ns2.example.test., a secondary
 *   127.0.0.5  ns.test., the parent zone's server
 *   127.0.0.6  a spare, for single exchanges
 *
 * Cases: an answer with TC set, then TCP; silence, then a retry; silence
 * to the end (bounded); a decoy with another question or ID (ignored); a
 * lame server (REFUSED, no AA) passed over by the lookups and not waited
 * for; a CNAME chain and a CNAME loop; an update answered signed,
 * unsigned, badly signed, NOTAUTH and BADSIG (only the first succeeds),
 * then truncated (TCP brings it), unanswered once (the retry is) and
 * answered late (after the retry, on the same socket: it counts); a
 * secondary that lags, then catches up, and one that never does (the
 * wait ends at its deadline); a send that fails inside the call that
 * started it (no descriptor left); present_run and cleanup_run end to
 * end with `sandbox = no`.
 */

#include <sys/resource.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns/answer.h"
#include "flow/cleanup.h"
#include "conf/config.h"
#include "dns/crypto.h"
#include "net/locate.h"
#include "sys/log.h"
#include "mockdns.h"
#include "sys/os.h"
#include "flow/present.h"
#include "net/propagate.h"
#include "dns/query.h"
#include "net/resolver.h"
#include "flow/signer.h"
#include "net/submit.h"
#include "net/testing.h"
#include "dns/tkey.h"
#include "dns/tsig.h"
#include "unit.h"

enum { RES, NS1, NS2, PARENT, SPARE, NSERVERS };

static const char *const ips[NSERVERS] = {
	"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"
};

#define KEY_NAME	"test-key."
#define CHALLENGE	"_acme-challenge.www.example.test."
/* A dns-01 value: 43 base64url characters. */
#define VALUE		"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"

static struct mockdns *srv[NSERVERS];
static uint8_t	 secret[32];	/* the test key's, random: never printed */
static char	 tmpdir[256];
static char	 logbuf[65536];
static int	 saved_stderr = -1;
static FILE	*logfile;

/* ---- helpers ---------------------------------------------------------- */

static void
cap_begin(void)
{
	fflush(stderr);
	if ((logfile = tmpfile()) == NULL ||
	    (saved_stderr = dup(2)) == -1 || dup2(fileno(logfile), 2) == -1)
		abort();
}

/* The library's stderr since cap_begin(), in logbuf. */
static const char *
cap_end(void)
{
	size_t	 n;

	fflush(stderr);
	if (dup2(saved_stderr, 2) == -1)
		abort();
	close(saved_stderr);
	rewind(logfile);
	n = fread(logbuf, 1, sizeof(logbuf) - 1, logfile);
	logbuf[n] = '\0';
	fclose(logfile);
	return logbuf;
}

/* 1 when the captured log has `want`; else shows the log. */
static int
logged(const char *want)
{
	if (strstr(logbuf, want) != NULL)
		return 1;
	fprintf(stderr, "wanted \"%s\" in:\n%s", want, logbuf);
	return 0;
}

/* Lines of the captured log that are errors: a failure says one. */
static unsigned
errors(void)
{
	const char	*p = logbuf;
	unsigned	 n = 0;

	while ((p = strstr(p, "error: ")) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* The zone data every server of example.test serves. */
static void
zone_data(struct mockdns *m, unsigned serial)
{
	char	 soa[128];

	snprintf(soa, sizeof(soa), "example.test. SOA ns1.example.test. "
	    "hostmaster.example.test. %u", serial);
	mockdns_rr(m, soa);
	mockdns_rr(m, "example.test. NS ns1.example.test.");
	mockdns_rr(m, "example.test. NS ns2.example.test.");
	mockdns_rr(m, "ns1.example.test. A 127.0.0.3");
	mockdns_rr(m, "ns2.example.test. A 127.0.0.4");
}

/* A fresh set of servers: the resolver, example.test's and test.'s. */
static int
servers_up(void)
{
	if (mockdns_start_set(srv, ips, NSERVERS) == -1)
		return -1;
	testing_set_dns_port(mockdns_port(srv[RES]));
	/* The resolver knows every zone, as a recursive one finds them. */
	mockdns_rr(srv[RES], "test. SOA ns.test. hostmaster.test. 1");
	mockdns_rr(srv[RES], "test. NS ns.test.");
	mockdns_rr(srv[RES], "ns.test. A 127.0.0.5");
	zone_data(srv[RES], 1);
	zone_data(srv[NS1], 10);
	zone_data(srv[NS2], 10);
	/* The parent delegates example.test with glue. */
	mockdns_rr(srv[PARENT], "test. SOA ns.test. hostmaster.test. 1");
	mockdns_rr(srv[PARENT], "test. NS ns.test.");
	mockdns_rr(srv[PARENT], "ns.test. A 127.0.0.5");
	mockdns_rr(srv[PARENT], "example.test. NS ns1.example.test.");
	mockdns_rr(srv[PARENT], "example.test. NS ns2.example.test.");
	mockdns_rr(srv[PARENT], "ns1.example.test. A 127.0.0.3");
	mockdns_rr(srv[PARENT], "ns2.example.test. A 127.0.0.4");
	return 0;
}

static void
servers_down(void)
{
	size_t	 i;

	for (i = 0; i < NSERVERS; i++) {
		mockdns_stop(srv[i]);
		srv[i] = NULL;
	}
	testing_set_dns_port(DNS_PORT);
}

static struct resolver *
resolver_to_mock(void)
{
	struct host_port hp;
	struct resolver	*r;

	memset(&hp, 0, sizeof(hp));
	snprintf(hp.host, sizeof(hp.host), "%s", ips[RES]);
	hp.port = mockdns_port(srv[RES]);
	hp.is_literal = 1;
	hp.addr = *mockdns_server(srv[RES]);
	if (resolver_new(&r, &hp, 1) != OUTCOME_OK)
		return NULL;
	return r;
}

/* A query for `name`/`type` to `to` (NULL: the resolver). */
static enum resolve_status
ask(struct resolver *r, const struct dns_server *to, const char *name,
    uint16_t type, unsigned timeout_ms, unsigned tries, struct answer *a,
    uint8_t **buf)
{
	struct wire	 w;
	struct dname	 n = unit_name(name);
	uint8_t		 q[512];
	size_t		 len;
	enum resolve_status st;

	/* Nothing in it when the exchange fails: the checks read it. */
	memset(a, 0, sizeof(*a));
	wire_writer(&w, q, sizeof(q));
	query_build(&w, os_random_id(), &n, type, to == NULL);
	st = resolver_exchange(r, to, q, w.pos, timeout_ms, tries, buf, &len);
	if (st == RESOLVE_OK && answer_parse(a, *buf, len, &n, type) == -1)
		st = RESOLVE_ERROR;
	return st;
}

/* The TXT value of the first TXT record in the answer section, or "". */
static const char *
first_txt(const struct answer *a)
{
	static char	 v[TXT_VALUE_MAX + 1];
	const struct dns_rr *rr;
	size_t		 i;

	v[0] = '\0';
	for (i = 0; (rr = answer_get(a, ANSWER_AN, i)) != NULL; i++)
		if (rr->type == DNS_TYPE_TXT &&
		    answer_rdata_txt(a, rr, v, sizeof(v)) == 0)
			break;
	return v;
}

/* ---- c-ares's and verbatim's exchanges ---------------------------------- */

static void
test_truncated_then_tcp(struct resolver *r)
{
	const struct mockdns_rule tc = { "big.example.test.", DNS_TYPE_TXT,
	    MOCKDNS_TC, 0, 0, 0, NULL, NULL };
	struct answer	 a;
	uint8_t		*buf = NULL;

	mockdns_rr(srv[SPARE], "example.test. SOA ns1.example.test. "
	    "hostmaster.example.test. 1");
	mockdns_rr(srv[SPARE], "big.example.test. TXT \"over tcp\"");
	mockdns_rule(srv[SPARE], &tc);
	UNIT_CHECK(ask(r, mockdns_server(srv[SPARE]), "big.example.test.",
	    DNS_TYPE_TXT, 500, 2, &a, &buf) == RESOLVE_OK);
	UNIT_CHECK(strcmp(first_txt(&a), "over tcp") == 0);
	UNIT_CHECK(!(a.h.flags & DNS_FLAG_TC));
	/* Once over UDP (TC), then over TCP. */
	UNIT_CHECK(mockdns_count(srv[SPARE], "big.example.test.",
	    DNS_TYPE_TXT) == 2);
	UNIT_CHECK(mockdns_count_tcp(srv[SPARE], "big.example.test.",
	    DNS_TYPE_TXT) == 1);
	free(buf);
}

static void
test_timeout_then_retry(struct resolver *r)
{
	const struct mockdns_rule once = { "slow.example.test.", DNS_TYPE_TXT,
	    0, 0, 1, 0, NULL, NULL };
	const struct mockdns_rule late = { "late.example.test.", DNS_TYPE_TXT,
	    0, 0, 0, 50, NULL, NULL };
	const struct mockdns_rule never = { "gone.example.test.",
	    DNS_TYPE_TXT, 0, 0, 1000, 0, NULL, NULL };
	struct answer	 a;
	uint8_t		*buf = NULL;
	uint64_t	 t0, took;

	mockdns_rr(srv[SPARE], "late.example.test. TXT \"in time\"");
	mockdns_rule(srv[SPARE], &late);
	/* Slow, but within the try's time: one query. */
	UNIT_CHECK(ask(r, mockdns_server(srv[SPARE]), "late.example.test.",
	    DNS_TYPE_TXT, 1000, 2, &a, &buf) == RESOLVE_OK);
	UNIT_CHECK(strcmp(first_txt(&a), "in time") == 0);
	UNIT_CHECK(mockdns_count(srv[SPARE], "late.example.test.",
	    DNS_TYPE_TXT) == 1);
	free(buf);
	buf = NULL;
	mockdns_rr(srv[SPARE], "slow.example.test. TXT \"second try\"");
	mockdns_rule(srv[SPARE], &once);
	mockdns_rule(srv[SPARE], &never);
	/* The first try unanswered: the second is. */
	t0 = os_clock_ms();
	UNIT_CHECK(ask(r, mockdns_server(srv[SPARE]), "slow.example.test.",
	    DNS_TYPE_TXT, 150, 3, &a, &buf) == RESOLVE_OK);
	took = os_clock_ms() - t0;
	UNIT_CHECK(strcmp(first_txt(&a), "second try") == 0);
	/* c-ares picks the timeout (1.32 on from its own latency
	 * measures, the option its upper bound): only an upper bound. */
	UNIT_CHECK(took < 1500);
	UNIT_CHECK(mockdns_count(srv[SPARE], "slow.example.test.",
	    DNS_TYPE_TXT) == 2);
	free(buf);
	buf = NULL;
	/* Never answered: three tries, then a timeout. */
	t0 = os_clock_ms();
	UNIT_CHECK(ask(r, mockdns_server(srv[SPARE]), "gone.example.test.",
	    DNS_TYPE_TXT, 100, 3, &a, &buf) == RESOLVE_TIMEOUT);
	took = os_clock_ms() - t0;
	UNIT_CHECK(buf == NULL);
	UNIT_CHECK(took < 3000);
	UNIT_CHECK(mockdns_count(srv[SPARE], "gone.example.test.",
	    DNS_TYPE_TXT) == 3);
}

static void
test_decoys(struct resolver *r)
{
	const struct mockdns_rule wq = { "decoy.example.test.", DNS_TYPE_TXT,
	    MOCKDNS_WRONG_QUESTION, 0, 0, 0, NULL, NULL };
	const struct mockdns_rule wid = { "decoy2.example.test.",
	    DNS_TYPE_TXT, MOCKDNS_WRONG_ID, 0, 0, 0, NULL, NULL };
	const struct mockdns_rule only = { "decoy3.example.test.",
	    DNS_TYPE_TXT, MOCKDNS_WRONG_QUESTION | MOCKDNS_DECOY_ONLY, 0, 0, 0,
	    NULL, NULL };
	struct answer	 a;
	uint8_t		*buf = NULL;

	mockdns_rr(srv[SPARE], "decoy.example.test. TXT \"real\"");
	mockdns_rr(srv[SPARE], "decoy2.example.test. TXT \"real\"");
	mockdns_rr(srv[SPARE], "decoy3.example.test. TXT \"real\"");
	mockdns_rule(srv[SPARE], &wq);
	mockdns_rule(srv[SPARE], &wid);
	mockdns_rule(srv[SPARE], &only);
	/* Another question first, then the answer: the answer is taken. */
	UNIT_CHECK(ask(r, mockdns_server(srv[SPARE]), "decoy.example.test.",
	    DNS_TYPE_TXT, 300, 2, &a, &buf) == RESOLVE_OK);
	UNIT_CHECK(strcmp(first_txt(&a), "real") == 0);
	free(buf);
	buf = NULL;
	UNIT_CHECK(ask(r, mockdns_server(srv[SPARE]), "decoy2.example.test.",
	    DNS_TYPE_TXT, 300, 2, &a, &buf) == RESOLVE_OK);
	UNIT_CHECK(strcmp(first_txt(&a), "real") == 0);
	free(buf);
	buf = NULL;
	/* Only answers to another question: none counts. */
	UNIT_CHECK(ask(r, mockdns_server(srv[SPARE]), "decoy3.example.test.",
	    DNS_TYPE_TXT, 100, 2, &a, &buf) == RESOLVE_TIMEOUT);
	UNIT_CHECK(buf == NULL);
}

/* What one asynchronous exchange saw. */
struct seen {
	struct resolver	*r;
	unsigned	 calls;
	unsigned	 pending_inside;	/* resolver_pending() in the call */
	enum resolve_status status;
};

static void
note_call(void *arg, enum resolve_status status, const uint8_t *msg,
    size_t len)
{
	struct seen *s = arg;

	(void)msg;
	(void)len;
	s->calls++;
	s->status = status;
	s->pending_inside = resolver_pending(s->r);
}

/*
 * No descriptor left: the send fails at once, and the callback runs
 * inside resolver_send()/resolver_send_signed() on an exchange already
 * counted (the case the callers' "count before sending" is for).
 */
static void
test_fails_inside_send(void)
{
	struct resolver	*r;
	struct rlimit	 old, low;
	struct seen	 s;
	struct wire	 w;
	struct dname	 n = unit_name("x.example.test.");
	struct answer	 a;
	uint8_t		 q[512], *buf = NULL;
	int		 fd, rc, rc2;

	r = resolver_to_mock();
	UNIT_CHECK(r != NULL);
	if (r == NULL)
		return;
	wire_writer(&w, q, sizeof(q));
	query_build(&w, 0x1234, &n, DNS_TYPE_TXT, 0);
	/* c-ares's channel for this server, timeout and tries made first:
	 * making one opens files. */
	UNIT_CHECK(ask(r, mockdns_server(srv[SPARE]), "x.example.test.",
	    DNS_TYPE_TXT, 200, 2, &a, &buf) == RESOLVE_OK);
	free(buf);
	/* The lowest free descriptor becomes the limit: socket() fails. */
	if ((fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1 ||
	    getrlimit(RLIMIT_NOFILE, &old) == -1) {
		UNIT_CHECK(0);
		resolver_free(r);
		return;
	}
	close(fd);
	low = old;
	low.rlim_cur = (rlim_t)fd;
	UNIT_CHECK(setrlimit(RLIMIT_NOFILE, &low) == 0);

	memset(&s, 0, sizeof(s));
	s.r = r;
	rc = resolver_send_signed(r, mockdns_server(srv[SPARE]), q, w.pos,
	    200, 2, note_call, &s);
	/* Inside the call, once, and already taken off the count when it
	 * ran: the count went up before the send, so nothing goes below
	 * zero and nothing stays pending. */
	UNIT_CHECK(rc == 0 && s.calls == 1);
	UNIT_CHECK(s.pending_inside == 0 && s.status == RESOLVE_ERROR);
	UNIT_CHECK(resolver_pending(r) == 0);

	memset(&s, 0, sizeof(s));
	s.r = r;
	rc2 = resolver_send(r, mockdns_server(srv[SPARE]), q, w.pos, 200, 2,
	    note_call, &s);
	(void)setrlimit(RLIMIT_NOFILE, &old);
	UNIT_CHECK(rc2 == 0);
	/* c-ares may call back inside the send or from the loop: either
	 * way once, with a failure, and nothing left pending. */
	(void)resolver_run(r, os_clock_ms() + 3000);
	UNIT_CHECK(s.calls == 1 && s.status != RESOLVE_OK);
	UNIT_CHECK(resolver_pending(r) == 0);
	resolver_free(r);
}

/* ---- locate ------------------------------------------------------------- */

static void
test_cname_chain_and_loop(struct resolver *r)
{
	struct dname	 name, target, want;
	unsigned	 hops = 0;

	/* www's challenge points into sub's, which points to the end. */
	mockdns_rr(srv[NS1], CHALLENGE " CNAME "
	    "_acme-challenge.sub.example.test.");
	mockdns_rr(srv[NS2], CHALLENGE " CNAME "
	    "_acme-challenge.sub.example.test.");
	mockdns_rr(srv[NS1], "_acme-challenge.sub.example.test. CNAME "
	    "end.example.test.");
	mockdns_rr(srv[NS2], "_acme-challenge.sub.example.test. CNAME "
	    "end.example.test.");
	name = unit_name(CHALLENGE);
	cap_begin();
	UNIT_CHECK(locate_follow(r, &name, &target, &hops) == 0);
	cap_end();
	UNIT_CHECK(hops == 2);
	want = unit_name("end.example.test.");
	UNIT_CHECK(dname_equal(&target, &want));
	/* a -> b -> a: fails, once, naming the loop; a bounded number of
	 * questions. */
	mockdns_rr(srv[NS1], "a.example.test. CNAME b.example.test.");
	mockdns_rr(srv[NS2], "a.example.test. CNAME b.example.test.");
	mockdns_rr(srv[NS1], "b.example.test. CNAME a.example.test.");
	mockdns_rr(srv[NS2], "b.example.test. CNAME a.example.test.");
	name = unit_name("a.example.test.");
	cap_begin();
	UNIT_CHECK(locate_follow(r, &name, &target, &hops) == -1);
	cap_end();
	UNIT_CHECK(errors() == 1);
	UNIT_CHECK(logged("error: CNAME loop from a.example.test.: "
	    "a.example.test. points back into the chain; fix the CNAME "
	    "records"));
	UNIT_CHECK(mockdns_count(srv[NS1], "a.example.test.", 0) +
	    mockdns_count(srv[NS2], "a.example.test.", 0) <= 2);
}

static void
test_lame_passed_over(struct resolver *r)
{
	const struct mockdns_rule refused = { "lame.example.test.",
	    DNS_TYPE_TXT, MOCKDNS_RCODE, DNS_RCODE_REFUSED, 0, 0, NULL, NULL };
	const struct mockdns_rule no_aa = { "lame.example.test.",
	    DNS_TYPE_TXT, MOCKDNS_NO_AA, 0, 0, 0, NULL, NULL };
	struct dname	 name, target;
	unsigned	 hops;
	char		 want[256];

	/* ns1 refuses, ns2 answers: ns2's answer counts. */
	mockdns_rr(srv[NS2], "lame.example.test. CNAME good.example.test.");
	mockdns_rule(srv[NS1], &refused);
	name = unit_name("lame.example.test.");
	cap_begin();
	UNIT_CHECK(locate_follow(r, &name, &target, &hops) == 0);
	cap_end();
	UNIT_CHECK(hops == 1);
	UNIT_CHECK(mockdns_count(srv[NS1], "lame.example.test.",
	    DNS_TYPE_TXT) == 1);
	/* ns2 loses AA too: no server is authoritative, and it says so. */
	mockdns_rule(srv[NS2], &no_aa);
	cap_begin();
	UNIT_CHECK(locate_follow(r, &name, &target, &hops) == -1);
	cap_end();
	snprintf(want, sizeof(want), "error: no authoritative server of zone "
	    "example.test. answered for lame.example.test. TXT (asked "
	    "directly, without recursion, at 2 addresses)");
	UNIT_CHECK(logged(want) && errors() == 1);
}

static void
test_zone_and_servers(struct resolver *r)
{
	struct zone_servers *zs;
	struct dname	 name = unit_name(CHALLENGE), zone, mname, want;
	char		 text[64];

	UNIT_CHECK(locate_zone(r, &name, &zone, &mname) == 0);
	want = unit_name("example.test.");
	UNIT_CHECK(dname_equal(&zone, &want));
	want = unit_name("ns1.example.test.");
	UNIT_CHECK(dname_equal(&mname, &want));
	if ((zs = calloc(1, sizeof(*zs))) == NULL)
		abort();
	zone = unit_name("example.test.");
	UNIT_CHECK(locate_servers(r, &zone, zs) == 0);
	UNIT_CHECK(zs->nservers == 2 && zs->nns == 2);
	/* On the port the tests set, not 53. */
	snprintf(text, sizeof(text), "127.0.0.3:%u", mockdns_port(srv[NS1]));
	UNIT_CHECK(zs->nservers == 2 &&
	    strcmp(zs->servers[0].addr.text, text) == 0);
	/* The parent was asked for the delegation. */
	UNIT_CHECK(mockdns_count(srv[PARENT], "example.test.",
	    DNS_TYPE_NS) == 1);
	free(zs);
}

/* ---- submit ------------------------------------------------------------- */

/* How the primary answers an UPDATE. */
enum signing {
	SIGN_GOOD, SIGN_NONE, SIGN_OTHER_SECRET, SIGN_NOTAUTH, SIGN_BADSIG
};
static enum signing signing;
static unsigned	 primary_serial = 10;

/* Apply the update's TXT records to the primary (and its serial). */
static void
apply_update(const struct mockdns_query *q)
{
	struct wire	 w;
	struct dns_header h;
	struct dns_rr	 rr;
	char		 owner[DNAME_TEXT_MAX], text[DNAME_TEXT_MAX + 300];
	char		 soa[128];
	uint8_t		 v[256];
	unsigned	 i, n;

	wire_reader(&w, q->msg, q->len);
	wire_get_header(&w, &h);
	wire_skip_question(&w);
	for (i = 0; i < (unsigned)h.nscount && w.error == 0; i++) {
		wire_get_rr(&w, &rr);
		if (rr.type != DNS_TYPE_TXT || rr.rdlength < 1)
			continue;
		wire_seek(&w, rr.rdata);
		n = wire_get_u8(&w);
		wire_get_bytes(&w, v, n);
		v[n] = '\0';
		dname_to_text(&rr.owner, owner, sizeof(owner));
		if (rr.class == DNS_CLASS_IN) {
			snprintf(text, sizeof(text), "%s TXT \"%s\"", owner,
			    (const char *)v);
			mockdns_rr(srv[NS1], text);
		} else
			mockdns_rr_clear(srv[NS1], owner, DNS_TYPE_TXT);
	}
	mockdns_rr_clear(srv[NS1], "example.test.", DNS_TYPE_SOA);
	snprintf(soa, sizeof(soa), "example.test. SOA ns1.example.test. "
	    "hostmaster.example.test. %u", ++primary_serial);
	mockdns_rr(srv[NS1], soa);
}

static int
answer_update(void *arg, struct mockdns *m, const struct mockdns_query *q,
    struct wire *out)
{
	uint8_t	 other[32];

	(void)arg;
	if (signing == SIGN_NOTAUTH || signing == SIGN_BADSIG) {
		mockdns_answer(m, q, MOCKDNS_RCODE, DNS_RCODE_NOTAUTH, out);
		/* The server's TSIG error: it refused our signature. */
		return signing == SIGN_NOTAUTH ? 0 : mockdns_sign_answer(q,
		    KEY_NAME, secret, sizeof(secret), (uint64_t)time(NULL),
		    DNS_RCODE_BADSIG, out);
	}
	apply_update(q);
	mockdns_answer(m, q, MOCKDNS_RCODE, DNS_RCODE_NOERROR, out);
	switch (signing) {
	case SIGN_GOOD:
		return mockdns_sign_answer(q, KEY_NAME, secret,
		    sizeof(secret), (uint64_t)time(NULL), 0, out);
	case SIGN_OTHER_SECRET:
		memcpy(other, secret, sizeof(other));
		other[0] ^= 1;
		return mockdns_sign_answer(q, KEY_NAME, other, sizeof(other),
		    (uint64_t)time(NULL), 0, out);
	case SIGN_NONE:
	case SIGN_NOTAUTH:
	case SIGN_BADSIG:
		break;
	}
	return 0;
}

/* The first update answered 300 ms late, the others never. */
static int
answer_late(void *arg, struct mockdns *m, const struct mockdns_query *q,
    struct wire *out)
{
	if (q->nth > 1)
		return -1;
	os_sleep_ms(300);
	return answer_update(arg, m, q, out);
}

/* ---- GSS-TSIG negotiation (submit_negotiate), Kerberos scripted ---- */

/* The TKEY answers ns1 gives: FORMERR to the RFC 3645 flavour or not. */
static int	 tkey_formerr_rfc;
static unsigned	 tkey_queries_ms, tkey_queries_rfc;

/*
 * Answer a TKEY query as a GSS-TSIG server does: the question echoed,
 * a TKEY in the answer section with the server's token "srv-token";
 * FORMERR to a TKEY in the additional section when asked to (servers
 * that know only the Windows flavour).
 */
static int
answer_tkey(void *arg, struct mockdns *m, const struct mockdns_query *q,
    struct wire *out)
{
	static const uint8_t token[] = "srv-token";
	struct dns_header hdr, in;
	struct dname	 alg;
	struct wire	 r;
	size_t		 rdlen_at, rdata;

	(void)arg;
	(void)m;
	wire_reader(&r, q->msg, q->len);
	wire_get_header(&r, &in);
	memset(&hdr, 0, sizeof(hdr));
	hdr.id = q->id;
	hdr.flags = DNS_FLAG_QR;
	hdr.qdcount = 1;
	if (in.ancount == 1)
		tkey_queries_ms++;
	else
		tkey_queries_rfc++;
	if (in.ancount == 0 && tkey_formerr_rfc) {
		hdr.flags |= DNS_RCODE_FORMERR;
		wire_put_header(out, &hdr);
		wire_put_dname(out, &q->qname);
		wire_put_u16(out, DNS_TYPE_TKEY);
		wire_put_u16(out, DNS_CLASS_ANY);
		return 0;
	}
	hdr.ancount = 1;
	(void)dname_from_text(&alg, in.ancount == 1 ? "gss.microsoft.com." :
	    "gss-tsig.");
	wire_put_header(out, &hdr);
	wire_put_dname(out, &q->qname);
	wire_put_u16(out, DNS_TYPE_TKEY);
	wire_put_u16(out, DNS_CLASS_ANY);
	wire_put_dname(out, &q->qname);
	wire_put_u16(out, DNS_TYPE_TKEY);
	wire_put_u16(out, DNS_CLASS_ANY);
	wire_put_u32(out, 0);
	rdlen_at = out->pos;
	wire_put_u16(out, 0);
	rdata = out->pos;
	wire_put_dname(out, &alg);
	wire_put_u32(out, 1000);
	wire_put_u32(out, 4600);
	wire_put_u16(out, TKEY_MODE_GSSAPI);
	wire_put_u16(out, 0);
	wire_put_u16(out, sizeof(token) - 1);
	wire_put_bytes(out, token, sizeof(token) - 1);
	wire_put_u16(out, 0);
	wire_set_u16(out, rdlen_at, (uint16_t)(out->pos - rdata));
	return 0;
}

/* What the scripted Kerberos was handed. */
static unsigned	 gss_starts, gss_steps_ms;
static int	 gss_got_server_token;

/*
 * Kerberos as the signer would do it, scripted: a first token, then the
 * context completes on the server's "srv-token".
 */
static int
scripted_gss_step(void *ctx, const struct dname *zone, unsigned alg,
    const char *host, const uint8_t *in, size_t inlen,
    struct submit_gss *out)
{
	static const uint8_t first[] = "client-token";

	(void)ctx;
	(void)zone;
	memset(out, 0, sizeof(*out));
	if (alg == TSIG_GSS_MS)
		gss_steps_ms++;
	if (strcmp(host, "ns1.example.test") != 0) {
		out->failure = OUTCOME_AUTH;
		snprintf(out->error, sizeof(out->error), "unexpected host");
		return -1;
	}
	(void)dname_from_text(&out->keyname, "123.sig-ns1.example.test.");
	if (in == NULL) {
		gss_starts++;
		out->token = first;
		out->tokenlen = sizeof(first) - 1;
		return 0;
	}
	gss_got_server_token = inlen == 9 && memcmp(in, "srv-token", 9) == 0;
	out->complete = 1;
	snprintf(out->principal, sizeof(out->principal), "acme@TEST");
	out->lifetime_s = 3600;
	return 0;
}

static void
test_negotiate(struct resolver *r)
{
	const struct mockdns_rule tkey = { NULL, DNS_TYPE_TKEY, 0, 0, 0, 0,
	    answer_tkey, NULL };
	struct submit_request req;
	struct submit_gss info;
	struct tsig_key	*key;
	struct dname	 zone = unit_name("example.test.");
	unsigned	 tcp_before;
	enum outcome	 st;

	key = tsig_key_new("acme", TSIG_GSS, NULL, 0);
	UNIT_CHECK(key != NULL);
	if (key == NULL)
		return;
	mockdns_rule(srv[NS1], &tkey);
	memset(&req, 0, sizeof(req));
	req.zone = &zone;
	req.key = key;
	req.signing.gss_step = scripted_gss_step;
	req.primary = mockdns_server(srv[NS1]);
	req.nprimary = 1;
	req.deadline_ms = os_clock_ms() + 5000;

	/* RFC 3645 flavour: one round trip, over TCP, token fed back. */
	tcp_before = mockdns_count_tcp(srv[NS1], NULL, DNS_TYPE_TKEY);
	cap_begin();
	st = submit_negotiate(r, &req, "ns1.example.test", &info);
	cap_end();
	UNIT_CHECK(st == OUTCOME_OK);
	UNIT_CHECK(gss_starts == 1 && gss_got_server_token);
	UNIT_CHECK(tkey_queries_rfc == 1 && tkey_queries_ms == 0);
	UNIT_CHECK(mockdns_count_tcp(srv[NS1], NULL, DNS_TYPE_TKEY) ==
	    tcp_before + 1);
	UNIT_CHECK(info.complete && strcmp(info.principal, "acme@TEST") == 0);

	/* FORMERR to it: a fresh context in the Windows flavour. */
	tkey_formerr_rfc = 1;
	gss_starts = 0;
	gss_got_server_token = 0;
	tkey_queries_rfc = tkey_queries_ms = 0;
	cap_begin();
	st = submit_negotiate(r, &req, "ns1.example.test", &info);
	cap_end();
	UNIT_CHECK(st == OUTCOME_OK);
	UNIT_CHECK(gss_starts == 2 && gss_steps_ms == 2);
	UNIT_CHECK(tkey_queries_rfc == 1 && tkey_queries_ms == 1);
	UNIT_CHECK(gss_got_server_token);
	UNIT_CHECK(errors() == 0);

	/* A key that names the Windows flavour: no RFC 3645 query at all;
	 * FORMERR to it too is the primary's refusal, said once. */
	tsig_key_free(key);
	key = tsig_key_new("acme", TSIG_GSS_MS, NULL, 0);
	req.key = key;
	tkey_queries_rfc = tkey_queries_ms = 0;
	cap_begin();
	st = submit_negotiate(r, &req, "ns1.example.test", &info);
	cap_end();
	UNIT_CHECK(st == OUTCOME_OK && tkey_queries_rfc == 0 &&
	    tkey_queries_ms == 1);
	tkey_formerr_rfc = 0;

	/* A Kerberos failure: its line, with the key, zone and host. */
	cap_begin();
	st = submit_negotiate(r, &req, "ns9.example.test", &info);
	cap_end();
	UNIT_CHECK(st == OUTCOME_AUTH);
	UNIT_CHECK(logged("key acme, zone example.test., primary "
	    "ns9.example.test: Kerberos: unexpected host"));
	UNIT_CHECK(errors() == 1);
	tsig_key_free(key);
}

static const char *write_config(void);

static void
test_submit(struct resolver *r, struct tsig_key *key)
{
	const struct mockdns_rule upd = { NULL, 0, MOCKDNS_UPDATE, 0, 0, 0,
	    answer_update, NULL };
	static const struct {
		enum signing	 signing;
		enum outcome want;
		const char	*line;
	} cases[] = {
		{ SIGN_GOOD, OUTCOME_OK, "add of 1 TXT record in example.test. "
		    "accepted (signed answer verified)" },
		{ SIGN_NONE, OUTCOME_AUTH, "error: 127.0.0.3:" },
		{ SIGN_NONE, OUTCOME_AUTH, "answer to the update of zone "
		    "example.test. is not signed (NOERROR) although the "
		    "request was signed with key test-key" },
		{ SIGN_OTHER_SECRET, OUTCOME_AUTH, "answer to the update of "
		    "zone example.test. fails TSIG verification with key "
		    "test-key" },
		{ SIGN_NOTAUTH, OUTCOME_AUTH, "answered NOTAUTH without a TSIG "
		    "record to the update of zone example.test." },
		{ SIGN_BADSIG, OUTCOME_AUTH, "rejected the signature of key "
		    "test-key. for zone example.test. (BADSIG)" }
	};
	const struct mockdns_rule upd_tc = { NULL, 0, MOCKDNS_UPDATE |
	    MOCKDNS_TC, 0, 0, 0, answer_update, NULL };
	const struct mockdns_rule upd_drop = { NULL, 0, MOCKDNS_UPDATE, 0, 1,
	    0, answer_update, NULL };
	const struct mockdns_rule upd_slow = { NULL, 0, MOCKDNS_UPDATE, 0, 0,
	    0, answer_late, NULL };
	struct submit_request req;
	struct txt_record rec;
	struct signer_plan plan;
	struct challenge value;
	struct config	*cfg;
	struct signer	*signer;
	struct dname	 zone = unit_name("example.test.");
	uint64_t	 t0, took;
	uint32_t	 serial = 0;
	unsigned	 before;
	size_t		 i;
	int		 have = 0;
	enum outcome st;

	/* The secret is the signer's, as in a run (signer.h). */
	memset(&value, 0, sizeof(value));
	snprintf(value.value, sizeof(value.value), "%s", VALUE);
	plan.values = &value;
	plan.nvalues = 1;
	plan.ops = SIGNER_OP_ADD;
	if ((cfg = config_load(write_config())) == NULL ||
	    (signer = signer_start(cfg, &plan, 0)) == NULL) {
		UNIT_CHECK(0);
		config_free(cfg);
		return;
	}
	mockdns_rule(srv[NS1], &upd);
	memset(&rec, 0, sizeof(rec));
	rec.owner = unit_name(CHALLENGE);
	snprintf(rec.value, sizeof(rec.value), "%s", VALUE);
	memset(&req, 0, sizeof(req));
	req.zone = &zone;
	req.key = key;
	req.signing = signer_submit_signing(signer);
	req.primary = mockdns_server(srv[NS1]);
	req.nprimary = 1;
	req.op = UPDATE_ADD;
	req.ttl = cfg->ttl;	/* the signer signs only the configured TTL */
	req.recs = &rec;
	req.nrecs = 1;
	req.deadline_ms = os_clock_ms() + 5000;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		signing = cases[i].signing;
		serial = 0;
		cap_begin();
		st = submit_update(r, &req, &serial, &have);
		cap_end();
		UNIT_CHECK(st == cases[i].want);
		UNIT_CHECK(logged(cases[i].line));
		UNIT_CHECK(errors() == (cases[i].want == OUTCOME_OK ? 0 : 1));
		/* Success only with an answer signed by our key. */
		UNIT_CHECK((strstr(logbuf, "accepted") != NULL) ==
		    (cases[i].want == OUTCOME_OK));
		if (st == OUTCOME_OK)
			UNIT_CHECK(have == 1 && serial == primary_serial);
	}

	/* The signed path (verbatim.c): TC over UDP, then TCP. */
	signing = SIGN_GOOD;
	mockdns_rule(srv[NS1], &upd_tc);
	cap_begin();
	st = submit_update(r, &req, &serial, &have);
	cap_end();
	UNIT_CHECK(st == OUTCOME_OK);
	UNIT_CHECK(mockdns_count_tcp(srv[NS1], "example.test.",
	    DNS_TYPE_SOA) == 1);
	/* The first datagram unanswered: the retry is (the deadline makes
	 * each try a seventh of what is left, 200 ms). */
	mockdns_rule(srv[NS1], &upd_drop);
	before = mockdns_count(srv[NS1], "example.test.", DNS_TYPE_SOA);
	req.deadline_ms = os_clock_ms() + 1400;
	t0 = os_clock_ms();
	cap_begin();
	st = submit_update(r, &req, &serial, &have);
	cap_end();
	UNIT_CHECK(st == OUTCOME_OK);
	UNIT_CHECK(os_clock_ms() - t0 >= 190);
	/* Two tries of the update, then the serial's SOA query. */
	UNIT_CHECK(mockdns_count(srv[NS1], "example.test.", DNS_TYPE_SOA) ==
	    before + 3);
	/* The first datagram answered 300 ms late, after the second went
	 * out on the same socket, and no other: that answer counts. */
	mockdns_rule(srv[NS1], &upd_slow);
	req.deadline_ms = os_clock_ms() + 1400;
	t0 = os_clock_ms();
	cap_begin();
	st = submit_update(r, &req, &serial, &have);
	cap_end();
	took = os_clock_ms() - t0;
	UNIT_CHECK(st == OUTCOME_OK);
	UNIT_CHECK(took >= 290 && took < 1400);
	signing = SIGN_GOOD;
	UNIT_CHECK(signer_stop(signer) == 0);
	config_free(cfg);
}

/* ---- propagate ---------------------------------------------------------- */

static uint64_t	 catch_up_at;	/* monotonic ms; 0: never */

/* ns2 serves its own old data until catch_up_at, then the primary's. */
static int
lagging(void *arg, struct mockdns *m, const struct mockdns_query *q,
    struct wire *out)
{
	(void)arg;
	if (catch_up_at != 0 && os_clock_ms() >= catch_up_at)
		mockdns_answer(srv[NS1], q, 0, 0, out);
	else
		mockdns_answer(m, q, 0, 0, out);
	return 0;
}

static void
test_propagate(struct resolver *r)
{
	const struct mockdns_rule lag = { NULL, 0, 0, 0, 0, 0, lagging, NULL };
	const struct mockdns_rule refused = { NULL, 0, MOCKDNS_RCODE,
	    DNS_RCODE_REFUSED, 0, 0, NULL, NULL };
	struct zone_servers *zs;
	struct propagate_zone pz;
	struct propagate_options opts;
	struct txt_record rec;
	char		 soa[128], txt[128], want[256];
	uint64_t	 t0, took;
	enum outcome	 rc;

	if ((zs = calloc(1, sizeof(*zs))) == NULL)
		abort();
	zs->zone = unit_name("example.test.");
	zs->nns = 2;
	zs->ns[0] = unit_name("ns1.example.test.");
	zs->ns[1] = unit_name("ns2.example.test.");
	zs->nservers = 2;
	zs->servers[0].addr = *mockdns_server(srv[NS1]);
	zs->servers[0].ns = zs->ns[0];
	zs->servers[1].addr = *mockdns_server(srv[NS2]);
	zs->servers[1].ns = zs->ns[1];
	/* The primary has the value at serial 20; ns2 is at 10 without. */
	mockdns_rr_clear(srv[NS1], "example.test.", DNS_TYPE_SOA);
	primary_serial = 20;
	snprintf(soa, sizeof(soa), "example.test. SOA ns1.example.test. "
	    "hostmaster.example.test. %u", primary_serial);
	mockdns_rr(srv[NS1], soa);
	mockdns_rr_clear(srv[NS1], CHALLENGE, DNS_TYPE_TXT);
	snprintf(txt, sizeof(txt), "%s TXT \"%s\"", CHALLENGE, VALUE);
	mockdns_rr(srv[NS1], txt);
	mockdns_rr_clear(srv[NS1], CHALLENGE, DNS_TYPE_CNAME);
	mockdns_rr_clear(srv[NS2], CHALLENGE, DNS_TYPE_CNAME);
	mockdns_rule(srv[NS2], &lag);
	memset(&rec, 0, sizeof(rec));
	rec.owner = unit_name(CHALLENGE);
	snprintf(rec.value, sizeof(rec.value), "%s", VALUE);
	memset(&pz, 0, sizeof(pz));
	pz.servers = zs;
	pz.serial = primary_serial;
	pz.recs = &rec;
	pz.nrecs = 1;
	memset(&opts, 0, sizeof(opts));
	opts.ceiling_ms = 100;

	/* ns2 catches up after 600 ms: the wait ends soon after. */
	t0 = os_clock_ms();
	catch_up_at = t0 + 600;
	cap_begin();
	rc = propagate_wait(r, &pz, 1, t0 + 5000, &opts);
	cap_end();
	took = os_clock_ms() - t0;
	UNIT_CHECK(rc == OUTCOME_OK);
	/* Soon after, not at the deadline (5 s): polls are 100 ms apart. */
	UNIT_CHECK(took >= 590 && took < 3000);
	UNIT_CHECK(logged("ns2.example.test. ("));
	UNIT_CHECK(logged("serves example.test. at serial 20 [2/2]"));
	UNIT_CHECK(logged("2 authoritative server addresses agree after"));
	UNIT_CHECK(errors() == 0);

	/* Never: the wait ends at its deadline, naming the laggard. */
	t0 = os_clock_ms();
	catch_up_at = 0;
	cap_begin();
	rc = propagate_wait(r, &pz, 1, t0 + 800, &opts);
	cap_end();
	took = os_clock_ms() - t0;
	UNIT_CHECK(rc == OUTCOME_TIMEOUT);
	UNIT_CHECK(took >= 790 && took < 3000);
	snprintf(want, sizeof(want), "error: timed out after ");
	UNIT_CHECK(logged(want));
	snprintf(want, sizeof(want), "1 of 2 authoritative servers do not "
	    "serve the record yet: ns2.example.test. (%s) for example.test.: "
	    "serial 10 (want >= 20)", mockdns_server(srv[NS2])->text);
	UNIT_CHECK(logged(want) && errors() == 1);

	/* A lame ns2 (REFUSED) is reported once and not waited for. */
	mockdns_rule(srv[NS2], &refused);
	t0 = os_clock_ms();
	cap_begin();
	rc = propagate_wait(r, &pz, 1, t0 + 5000, &opts);
	cap_end();
	took = os_clock_ms() - t0;
	UNIT_CHECK(rc == OUTCOME_OK && took < 3000);
	UNIT_CHECK(logged("is not authoritative for example.test. (answers "
	    "REFUSED): it cannot serve the record, so not waiting for it"));
	free(zs);
}

/* ---- the flows ---------------------------------------------------------- */

static const char *
write_config(void)
{
	static char	 path[300];
	char		 text[1024], b64[64];
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t		 i, k, o = 0;
	unsigned	 v;
	int		 fd, n;

	/* The secret as base64, '=' for the octets past its end. */
	for (i = 0; i < sizeof(secret); i += 3) {
		v = (unsigned)secret[i] << 16 |
		    (i + 1 < sizeof(secret) ? (unsigned)secret[i + 1] << 8 : 0) |
		    (i + 2 < sizeof(secret) ? secret[i + 2] : 0);
		for (k = 0; k < 4; k++)
			b64[o++] = i + k <= sizeof(secret) ?
			    digits[v >> (18 - 6 * k) & 63] : '=';
	}
	b64[o] = '\0';
	n = snprintf(text, sizeof(text),
	    "[options]\nresolver = %s:%u\ntimeout = 10\nttl = 1\n"
	    "sandbox = no\npoll_interval_max = 50\n\n"
	    "[key \"test-key\"]\nalgorithm = hmac-sha256\nsecret = %s\n\n"
	    "[zone \"example.test\"]\nkey = test-key\n", ips[RES],
	    mockdns_port(srv[RES]), b64);
	crypto_wipe(b64, sizeof(b64));
	snprintf(path, sizeof(path), "%s/acme-hooks.ini", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || n < 0 || write(fd, text, (size_t)n) != n ||
	    close(fd) == -1)
		abort();
	crypto_wipe(text, sizeof(text));
	return path;
}

static void
test_flows(void)
{
	const struct mockdns_rule upd = { NULL, 0, MOCKDNS_UPDATE, 0, 0, 0,
	    answer_update, NULL };
	const struct mockdns_rule lag = { NULL, 0, 0, 0, 0, 0, lagging, NULL };
	struct run_options opts;
	struct challenge ch;
	struct config	*cfg;
	enum outcome st;

	if (servers_up() == -1) {
		UNIT_CHECK(0);
		return;
	}
	mockdns_rule(srv[NS1], &upd);
	/* ns2 follows the primary 300 ms after the test starts. */
	mockdns_rule(srv[NS2], &lag);
	signing = SIGN_GOOD;
	primary_serial = 10;
	cap_begin();
	cfg = config_load(write_config());
	cap_end();
	UNIT_CHECK(cfg != NULL);
	if (cfg == NULL) {
		fprintf(stderr, "%s", logbuf);
		servers_down();
		return;
	}
	UNIT_CHECK(cfg->no_sandbox == 1);
	memset(&ch, 0, sizeof(ch));
	ch.name = unit_name(CHALLENGE);
	snprintf(ch.value, sizeof(ch.value), "%s", VALUE);
	memset(&opts, 0, sizeof(opts));
	opts.remaining = -1;

	catch_up_at = os_clock_ms() + 300;
	cap_begin();
	st = present_run(cfg, &ch, 1, &opts);
	cap_end();
	UNIT_CHECK(st == OUTCOME_OK);
	if (st != OUTCOME_OK)
		fprintf(stderr, "%s", logbuf);
	UNIT_CHECK(logged("add of 1 TXT record in example.test. accepted"));
	UNIT_CHECK(errors() == 0 && strstr(logbuf, "warning: ") == NULL);
	UNIT_CHECK(logged("2 authoritative server addresses agree after"));
	UNIT_CHECK(mockdns_count(srv[NS2], CHALLENGE, DNS_TYPE_TXT) >= 1);

	/* The keys are wiped after present_run: a new config to clean. */
	config_free(cfg);
	cap_begin();
	cfg = config_load(write_config());
	cap_end();
	UNIT_CHECK(cfg != NULL);
	if (cfg != NULL) {
		cap_begin();
		st = cleanup_run(cfg, &ch, 1, &opts);
		cap_end();
		UNIT_CHECK(st == OUTCOME_OK);
		UNIT_CHECK(logged("delete of 1 TXT record in example.test. "
		    "accepted"));
		UNIT_CHECK(errors() == 0);
		/* The primary serves the value no more. */
		UNIT_CHECK(primary_serial == 12);
	}
	config_free(cfg);
	servers_down();
}

int
main(void)
{
	struct resolver	*r;
	struct tsig_key	*key;
	const char	*base;
	char		 state[300];
	size_t		 i;

	log_init("test_net", LOG_NORMAL);
	/* A random key: the test never prints it. */
	for (i = 0; i < sizeof(secret); i++)
		secret[i] = (uint8_t)os_random_id();
	base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_net.XXXXXX",
	    base != NULL && *base == '/' ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	/* The hooks' notes (state.h) in the test's own directory. */
	snprintf(state, sizeof(state), "%s/state", tmpdir);
	setenv("ACME_HOOKS_STATE_DIR", state, 1);
	key = tsig_key_new(KEY_NAME, TSIG_HMAC_SHA256, secret, sizeof(secret));
	UNIT_CHECK(key != NULL);

	if (servers_up() == -1 || (r = resolver_to_mock()) == NULL) {
		UNIT_CHECK(0);
		servers_down();
		return unit_done("net");
	}
	test_truncated_then_tcp(r);
	test_timeout_then_retry(r);
	test_decoys(r);
	test_zone_and_servers(r);
	test_cname_chain_and_loop(r);
	test_lame_passed_over(r);
	test_submit(r, key);
	test_negotiate(r);
	test_propagate(r);
	test_fails_inside_send();
	resolver_free(r);
	servers_down();

	test_flows();

	tsig_key_free(key);
	crypto_wipe(secret, sizeof(secret));
	snprintf(state, sizeof(state), "rm -rf '%s'", tmpdir);
	if (system(state) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return unit_done("net");
}
