/* SPDX-License-Identifier: ISC */
/*
 * The scripted DNS server of the unit tests (see mockdns.h).  One thread
 * per server polls its UDP socket, its TCP listener, the TCP connections
 * it accepted and a pipe that tells it to stop; the records, rules and
 * the log of queries are shared with the test's thread under a mutex,
 * never held while a callback runs, so that a callback may read another
 * server's records.
 */

#include "mockdns.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/crypto.h"
#include "sys/os.h"
#include "dns/tsig.h"

#define RRS_MAX		64
#define RULES_MAX	32
#define LOG_MAX		1024
#define CONNS_MAX	8
#define RDATA_MAX	300
#define DELAY_MAX_MS	5000	/* a rule cannot hold the thread longer */
#define MOCK_TTL	30

struct mrr {
	struct dname	 owner;
	uint16_t	 type;
	uint16_t	 rdlen;
	uint8_t		 rdata[RDATA_MAX];
};

struct logged {
	struct dname	 qname;
	uint16_t	 qtype;
	int		 tcp;
};

struct conn {
	int		 fd;
	size_t		 got;
	uint8_t		*buf;		/* 2-octet length, then the message */
};

struct mockdns {
	struct dns_server srv;
	uint16_t	 port;
	int		 udp;
	int		 listener;
	int		 wake[2];
	pthread_t	 thread;
	int		 running;
	pthread_mutex_t	 mu;
	struct mrr	 rrs[RRS_MAX];
	size_t		 nrrs;
	struct mockdns_rule rules[RULES_MAX];
	unsigned	 matched[RULES_MAX];
	size_t		 nrules;
	struct logged	*log;
	size_t		 nlog;
	struct conn	 conns[CONNS_MAX];
	uint8_t		*in;		/* one UDP query */
	uint8_t		*out;		/* one answer */
	uint8_t		*decoy;
};

static void
die(const char *what)
{
	fprintf(stderr, "mockdns: %s\n", what);
	abort();
}

uint16_t
mockdns_port(const struct mockdns *m)
{
	return m->port;
}

const struct dns_server *
mockdns_server(const struct mockdns *m)
{
	return &m->srv;
}

/* ---- records ---------------------------------------------------------- */

static struct dname
name_of(const char *text)
{
	struct dname n;

	if (dname_from_text(&n, text) != 0)
		die("bad name in the script");
	return n;
}

/* A name's uncompressed wire form into rdata; its length. */
static size_t
put_name(uint8_t *at, size_t cap, const char *text)
{
	struct dname n = name_of(text);

	if (n.len > cap)
		die("record too long");
	memcpy(at, n.data, n.len);
	return n.len;
}

static uint16_t
type_of(const char *text)
{
	static const struct { const char *name; uint16_t type; } types[] = {
		{ "A", DNS_TYPE_A }, { "AAAA", DNS_TYPE_AAAA },
		{ "NS", DNS_TYPE_NS }, { "CNAME", DNS_TYPE_CNAME },
		{ "SOA", DNS_TYPE_SOA }, { "TXT", DNS_TYPE_TXT }
	};
	size_t	 i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(text, types[i].name) == 0)
			return types[i].type;
	die("unknown type in the script");
	return 0;
}

void
mockdns_rr(struct mockdns *m, const char *text)
{
	struct mrr	 rr;
	char		 buf[512], *owner, *type, *rest, *a, *b, *c, *save;
	unsigned long	 serial;
	size_t		 n, len;
	uint32_t	 fixed[5];
	int		 i;

	if (strlen(text) >= sizeof(buf))
		die("record text too long");
	memcpy(buf, text, strlen(text) + 1);
	memset(&rr, 0, sizeof(rr));
	if ((owner = strtok_r(buf, " ", &save)) == NULL ||
	    (type = strtok_r(NULL, " ", &save)) == NULL ||
	    (rest = strtok_r(NULL, "", &save)) == NULL)
		die("record needs OWNER TYPE RDATA");
	rr.owner = name_of(owner);
	rr.type = type_of(type);
	switch (rr.type) {
	case DNS_TYPE_A:
	case DNS_TYPE_AAAA:
		n = rr.type == DNS_TYPE_A ? 4 : 16;
		if (inet_pton(rr.type == DNS_TYPE_A ? AF_INET : AF_INET6, rest,
		    rr.rdata) != 1)
			die("bad address in the script");
		rr.rdlen = (uint16_t)n;
		break;
	case DNS_TYPE_NS:
	case DNS_TYPE_CNAME:
		rr.rdlen = (uint16_t)put_name(rr.rdata, RDATA_MAX, rest);
		break;
	case DNS_TYPE_TXT:
		len = strlen(rest);
		if (len < 2 || rest[0] != '"' || rest[len - 1] != '"' ||
		    len - 2 > 255)
			die("TXT wants one quoted string");
		rr.rdata[0] = (uint8_t)(len - 2);
		memcpy(rr.rdata + 1, rest + 1, len - 2);
		rr.rdlen = (uint16_t)(len - 1);
		break;
	case DNS_TYPE_SOA:
		if ((a = strtok_r(rest, " ", &save)) == NULL ||
		    (b = strtok_r(NULL, " ", &save)) == NULL ||
		    (c = strtok_r(NULL, " ", &save)) == NULL)
			die("SOA wants MNAME RNAME SERIAL");
		n = put_name(rr.rdata, RDATA_MAX, a);
		n += put_name(rr.rdata + n, RDATA_MAX - n, b);
		serial = strtoul(c, NULL, 10);
		/* serial, refresh, retry, expire, minimum */
		fixed[0] = (uint32_t)serial;
		fixed[1] = 3600;
		fixed[2] = 600;
		fixed[3] = 86400;
		fixed[4] = MOCK_TTL;
		if (n + 20 > RDATA_MAX)
			die("SOA too long");
		for (i = 0; i < 5; i++) {
			rr.rdata[n++] = (uint8_t)(fixed[i] >> 24);
			rr.rdata[n++] = (uint8_t)(fixed[i] >> 16);
			rr.rdata[n++] = (uint8_t)(fixed[i] >> 8);
			rr.rdata[n++] = (uint8_t)fixed[i];
		}
		rr.rdlen = (uint16_t)n;
		break;
	default:
		die("unknown type");
	}
	pthread_mutex_lock(&m->mu);
	if (m->nrrs == RRS_MAX)
		die("too many records");
	m->rrs[m->nrrs++] = rr;
	pthread_mutex_unlock(&m->mu);
}

void
mockdns_rr_clear(struct mockdns *m, const char *owner, uint16_t type)
{
	struct dname	 o = name_of(owner);
	size_t		 i = 0;

	pthread_mutex_lock(&m->mu);
	while (i < m->nrrs)
		if (m->rrs[i].type == type && dname_equal(&m->rrs[i].owner, &o))
			m->rrs[i] = m->rrs[--m->nrrs];
		else
			i++;
	pthread_mutex_unlock(&m->mu);
}

void
mockdns_rule(struct mockdns *m, const struct mockdns_rule *rule)
{
	pthread_mutex_lock(&m->mu);
	if (m->nrules == RULES_MAX)
		die("too many rules");
	m->matched[m->nrules] = 0;
	m->rules[m->nrules++] = *rule;
	pthread_mutex_unlock(&m->mu);
}

static unsigned
count(struct mockdns *m, const char *qname, uint16_t qtype, int tcp_only)
{
	struct dname	 n;
	size_t		 i;
	unsigned	 k = 0;

	if (qname != NULL)
		n = name_of(qname);
	pthread_mutex_lock(&m->mu);
	for (i = 0; i < m->nlog; i++)
		if ((qname == NULL || dname_equal(&m->log[i].qname, &n)) &&
		    (qtype == 0 || m->log[i].qtype == qtype) &&
		    (!tcp_only || m->log[i].tcp))
			k++;
	pthread_mutex_unlock(&m->mu);
	return k;
}

unsigned
mockdns_count(struct mockdns *m, const char *qname, uint16_t qtype)
{
	return count(m, qname, qtype, 0);
}

unsigned
mockdns_count_tcp(struct mockdns *m, const char *qname, uint16_t qtype)
{
	return count(m, qname, qtype, 1);
}

/* ---- answers ---------------------------------------------------------- */

/* The offset past the question section of `msg` (0 when malformed). */
static size_t
question_end(const uint8_t *msg, size_t len)
{
	struct wire	 w;
	struct dns_header h;

	wire_reader(&w, msg, len);
	wire_get_header(&w, &h);
	if (h.qdcount > 0)
		wire_skip_question(&w);
	return w.error != 0 ? 0 : w.pos;
}

static void
put_rr(struct wire *w, const struct mrr *rr)
{
	wire_put_dname(w, &rr->owner);
	wire_put_u16(w, rr->type);
	wire_put_u16(w, DNS_CLASS_IN);
	wire_put_u32(w, MOCK_TTL);
	wire_put_u16(w, rr->rdlen);
	wire_put_bytes(w, rr->rdata, rr->rdlen);
}

/* The header and the question echoed; counts are patched later. */
static void
start_answer(const struct mockdns_query *q, unsigned flags, struct wire *out)
{
	struct dns_header h;
	size_t		 qend = question_end(q->msg, q->len);

	memset(&h, 0, sizeof(h));
	h.id = q->id;
	/* The query's opcode (0x7800) and RD (0x0100) come back. */
	h.flags = (uint16_t)(DNS_FLAG_QR | (q->flags & 0x7900u) | flags);
	h.qdcount = qend > DNS_HEADER_LEN ? 1 : 0;
	wire_put_header(out, &h);
	if (qend > DNS_HEADER_LEN)
		wire_put_bytes(out, q->msg + DNS_HEADER_LEN,
		    qend - DNS_HEADER_LEN);
}

/* The zone (SOA owner) closest above `name`, or NULL. */
static const struct mrr *
zone_of(const struct mockdns *m, const struct dname *name)
{
	const struct mrr *best = NULL;
	size_t		 i;

	for (i = 0; i < m->nrrs; i++)
		if (m->rrs[i].type == DNS_TYPE_SOA &&
		    dname_is_below(name, &m->rrs[i].owner) &&
		    (best == NULL || dname_labels(&m->rrs[i].owner) >
		    dname_labels(&best->owner)))
			best = &m->rrs[i];
	return best;
}

void
mockdns_answer(struct mockdns *m, const struct mockdns_query *q,
    unsigned flags, unsigned rcode, struct wire *out)
{
	const struct mrr *soa, *rr;
	struct dname	 cut, target;
	struct wire	 rd;
	uint16_t	 counts[3] = { 0, 0, 0 };
	unsigned	 aa = DNS_FLAG_AA, exists = 0;
	size_t		 i, j, hdr;
	int		 referral = 0;

	pthread_mutex_lock(&m->mu);
	hdr = out->pos;
	if (flags & MOCKDNS_RCODE) {
		start_answer(q, (flags & MOCKDNS_NO_AA ? 0 : aa) | rcode, out);
		goto done;
	}
	if ((soa = zone_of(m, &q->qname)) == NULL) {
		start_answer(q, DNS_RCODE_REFUSED, out);
		goto done;
	}
	/* NS records below the zone's apex, at or above the name: a
	 * delegation, answered with a referral (as the parent's server). */
	for (i = 0; i < m->nrrs && !referral; i++) {
		rr = &m->rrs[i];
		if (rr->type == DNS_TYPE_NS &&
		    dname_is_below(&q->qname, &rr->owner) &&
		    dname_labels(&rr->owner) > dname_labels(&soa->owner)) {
			cut = rr->owner;
			referral = 1;
		}
	}
	if (referral) {
		start_answer(q, 0, out);
		for (i = 0; i < m->nrrs; i++)
			if (m->rrs[i].type == DNS_TYPE_NS &&
			    dname_equal(&m->rrs[i].owner, &cut)) {
				put_rr(out, &m->rrs[i]);
				counts[1]++;
			}
		/* Glue: the addresses of those NS names. */
		for (i = 0; i < m->nrrs; i++) {
			if (m->rrs[i].type != DNS_TYPE_NS ||
			    !dname_equal(&m->rrs[i].owner, &cut))
				continue;
			wire_reader(&rd, m->rrs[i].rdata, m->rrs[i].rdlen);
			wire_get_dname(&rd, &target);
			for (j = 0; j < m->nrrs; j++)
				if ((m->rrs[j].type == DNS_TYPE_A ||
				    m->rrs[j].type == DNS_TYPE_AAAA) &&
				    dname_equal(&m->rrs[j].owner, &target)) {
					put_rr(out, &m->rrs[j]);
					counts[2]++;
				}
		}
		goto done;
	}
	if (flags & MOCKDNS_NO_AA)
		aa = 0;
	start_answer(q, aa, out);
	for (i = 0; i < m->nrrs; i++)
		if (dname_equal(&m->rrs[i].owner, &q->qname) &&
		    m->rrs[i].type == q->qtype) {
			put_rr(out, &m->rrs[i]);
			counts[0]++;
		}
	if (counts[0] == 0)
		for (i = 0; i < m->nrrs; i++)
			if (dname_equal(&m->rrs[i].owner, &q->qname) &&
			    m->rrs[i].type == DNS_TYPE_CNAME) {
				put_rr(out, &m->rrs[i]);
				counts[0]++;
			}
	if (counts[0] > 0)
		goto done;
	for (i = 0; i < m->nrrs; i++)
		if (dname_is_below(&m->rrs[i].owner, &q->qname))
			exists = 1;
	if (!exists) {
		/* NXDOMAIN: the RCODE sits in the header just written. */
		out->wr[hdr + 3] |= DNS_RCODE_NXDOMAIN;
	}
	put_rr(out, soa);
	counts[1]++;
done:
	pthread_mutex_unlock(&m->mu);
	wire_set_u16(out, hdr + 6, counts[0]);
	wire_set_u16(out, hdr + 8, counts[1]);
	wire_set_u16(out, hdr + 10, counts[2]);
}

/* The MAC of the request's TSIG record, or -1 when it has none. */
static int
request_mac(const uint8_t *msg, size_t len, uint8_t *mac, size_t *maclen)
{
	struct wire	 w;
	struct dns_header h;
	struct dns_rr	 rr;
	struct dname	 alg;
	unsigned	 i, total;
	uint16_t	 n;

	wire_reader(&w, msg, len);
	wire_get_header(&w, &h);
	for (i = 0; i < h.qdcount; i++)
		wire_skip_question(&w);
	total = (unsigned)h.ancount + h.nscount + h.arcount;
	for (i = 0; i < total && w.error == 0; i++) {
		wire_get_rr(&w, &rr);
		if (rr.type != DNS_TYPE_TSIG || i + 1 != total)
			continue;
		wire_seek(&w, rr.rdata);
		wire_get_dname(&w, &alg);
		(void)wire_get_u48(&w);
		(void)wire_get_u16(&w);
		n = wire_get_u16(&w);
		if (n > CRYPTO_MD_MAX)
			return -1;
		wire_get_bytes(&w, mac, n);
		*maclen = n;
		return w.error == 0 ? 0 : -1;
	}
	return -1;
}

int
mockdns_sign_answer(const struct mockdns_query *q, const char *name,
    const uint8_t *secret, size_t secret_len, uint64_t now, uint16_t error,
    struct wire *out)
{
	struct crypto_hmac *h;
	struct dname	 key = name_of(name), alg = name_of("hmac-sha256.");
	uint8_t		 req[CRYPTO_MD_MAX], mac[CRYPTO_MD_MAX], vars[600], l[2];
	size_t		 reqlen, maclen, rdstart;
	struct wire	 v;
	uint16_t	 id;

	if (request_mac(q->msg, q->len, req, &reqlen) == -1 ||
	    out->pos < DNS_HEADER_LEN)
		return -1;
	dname_lower(&key);
	id = (uint16_t)(out->wr[0] << 8 | out->wr[1]);
	/* RFC 8945 4.3.3: the TSIG variables, in canonical form. */
	wire_writer(&v, vars, sizeof(vars));
	wire_put_dname(&v, &key);
	wire_put_u16(&v, DNS_CLASS_ANY);
	wire_put_u32(&v, 0);
	wire_put_dname(&v, &alg);
	wire_put_u48(&v, now);
	wire_put_u16(&v, TSIG_FUDGE);
	wire_put_u16(&v, error);
	wire_put_u16(&v, 0);
	if (v.error != 0 || (h = crypto_hmac_new("SHA256", secret,
	    secret_len)) == NULL)
		return -1;
	l[0] = (uint8_t)(reqlen >> 8);
	l[1] = (uint8_t)reqlen;
	if (crypto_hmac_update(h, l, 2) == -1 ||
	    crypto_hmac_update(h, req, reqlen) == -1 ||
	    crypto_hmac_update(h, out->wr, out->pos) == -1 ||
	    crypto_hmac_update(h, vars, v.pos) == -1 ||
	    crypto_hmac_final(h, mac, sizeof(mac), &maclen) == -1) {
		crypto_hmac_free(h);
		return -1;
	}
	crypto_hmac_free(h);
	wire_put_dname(out, &key);
	wire_put_u16(out, DNS_TYPE_TSIG);
	wire_put_u16(out, DNS_CLASS_ANY);
	wire_put_u32(out, 0);
	rdstart = out->pos;
	wire_put_u16(out, 0);
	wire_put_dname(out, &alg);
	wire_put_u48(out, now);
	wire_put_u16(out, TSIG_FUDGE);
	wire_put_u16(out, (uint16_t)maclen);
	wire_put_bytes(out, mac, maclen);
	wire_put_u16(out, id);
	wire_put_u16(out, error);
	wire_put_u16(out, 0);
	wire_set_u16(out, rdstart, (uint16_t)(out->pos - rdstart - 2));
	wire_set_u16(out, 10, (uint16_t)((out->wr[10] << 8 | out->wr[11]) + 1));
	return out->error == 0 ? 0 : -1;
}

/* ---- the server's thread ---------------------------------------------- */

static int
rule_matches(const struct mockdns_rule *r, const struct mockdns_query *q)
{
	struct dname	 n;
	int		 update = DNS_OPCODE(q->flags) == DNS_OPCODE_UPDATE;

	if (((r->flags & MOCKDNS_UPDATE) != 0) != update)
		return 0;
	if (r->qtype != 0 && r->qtype != q->qtype)
		return 0;
	if (r->qname == NULL)
		return 1;
	n = name_of(r->qname);
	return dname_equal(&n, &q->qname);
}

static void
send_msg(struct mockdns *m, int tcp_fd, const uint8_t *msg, size_t len,
    const struct sockaddr_storage *from, socklen_t fromlen)
{
	uint8_t	 l[2] = { (uint8_t)(len >> 8), (uint8_t)len };

	if (tcp_fd == -1) {
		(void)sendto(m->udp, msg, len, 0,
		    (const struct sockaddr *)(const void *)from, fromlen);
		return;
	}
	/* Blocking socket; a short answer fits in its buffer. */
	if (send(tcp_fd, l, 2, MSG_NOSIGNAL) == 2)
		(void)send(tcp_fd, msg, len, MSG_NOSIGNAL);
}

/* One query from UDP (tcp_fd -1) or a TCP connection. */
static void
handle(struct mockdns *m, const uint8_t *msg, size_t len, int tcp_fd,
    const struct sockaddr_storage *from, socklen_t fromlen)
{
	struct mockdns_query q;
	struct mockdns_rule rule;
	struct dns_header h;
	struct wire	 r, w;
	size_t		 i, qend;
	int		 have_rule = 0;

	wire_reader(&r, msg, len);
	wire_get_header(&r, &h);
	if (r.error != 0 || (h.flags & DNS_FLAG_QR) || h.qdcount == 0)
		return;
	memset(&q, 0, sizeof(q));
	wire_get_dname(&r, &q.qname);
	q.qtype = wire_get_u16(&r);
	if (r.error != 0)
		return;
	q.msg = msg;
	q.len = len;
	q.id = h.id;
	q.flags = h.flags;
	q.tcp = tcp_fd != -1;
	pthread_mutex_lock(&m->mu);
	if (m->nlog < LOG_MAX) {
		m->log[m->nlog].qname = q.qname;
		m->log[m->nlog].qtype = q.qtype;
		m->log[m->nlog++].tcp = q.tcp;
	}
	for (i = m->nrules; i-- > 0;)
		if (rule_matches(&m->rules[i], &q)) {
			rule = m->rules[i];
			q.nth = ++m->matched[i];
			have_rule = 1;
			break;
		}
	pthread_mutex_unlock(&m->mu);
	if (!have_rule)
		memset(&rule, 0, sizeof(rule));
	if (q.nth > 0 && q.nth <= rule.drop)
		return;
	if (rule.delay_ms > 0)
		os_sleep_ms(rule.delay_ms < DELAY_MAX_MS ? rule.delay_ms :
		    DELAY_MAX_MS);
	wire_writer(&w, m->out, DNS_MSG_MAX);
	if (rule.cb != NULL) {
		if (rule.cb(rule.arg, m, &q, &w) == -1 || w.error != 0)
			return;
	} else if (DNS_OPCODE(h.flags) != DNS_OPCODE_QUERY &&
	    !(rule.flags & MOCKDNS_RCODE)) {
		/* No script for it: as a server that does no updates. */
		mockdns_answer(m, &q, MOCKDNS_RCODE, DNS_RCODE_NOTIMP, &w);
	} else
		mockdns_answer(m, &q, rule.flags, rule.rcode, &w);
	if (w.error != 0 || w.pos < DNS_HEADER_LEN)
		return;
	if ((rule.flags & MOCKDNS_TC) && tcp_fd == -1) {
		/* The header and question alone, TC set. */
		qend = question_end(m->out, w.pos);
		w.pos = qend > 0 ? qend : DNS_HEADER_LEN;
		m->out[2] |= DNS_FLAG_TC >> 8;
		m->out[6] = m->out[7] = m->out[8] = m->out[9] = 0;
		m->out[10] = m->out[11] = 0;
	}
	if (rule.flags & (MOCKDNS_WRONG_ID | MOCKDNS_WRONG_QUESTION)) {
		memcpy(m->decoy, m->out, w.pos);
		if (rule.flags & MOCKDNS_WRONG_ID)
			m->decoy[1] ^= 0x5a;
		/* The first letter of the question's name, changed. */
		if ((rule.flags & MOCKDNS_WRONG_QUESTION) && w.pos > 13 &&
		    m->decoy[12] > 0)
			m->decoy[13] = m->decoy[13] == 'z' ? 'y' : 'z';
		send_msg(m, tcp_fd, m->decoy, w.pos, from, fromlen);
		if (rule.flags & MOCKDNS_DECOY_ONLY)
			return;
	}
	send_msg(m, tcp_fd, m->out, w.pos, from, fromlen);
}

static void
conn_close(struct conn *c)
{
	close(c->fd);
	free(c->buf);
	c->fd = -1;
	c->buf = NULL;
	c->got = 0;
}

static void
conn_readable(struct mockdns *m, struct conn *c)
{
	ssize_t	 n;
	size_t	 want;

	want = c->got < 2 ? 2 : 2 + (size_t)(c->buf[0] << 8 | c->buf[1]);
	n = recv(c->fd, c->buf + c->got, want - c->got, 0);
	if (n <= 0) {
		conn_close(c);
		return;
	}
	c->got += (size_t)n;
	if (c->got < 2 || c->got < 2 + (size_t)(c->buf[0] << 8 | c->buf[1]))
		return;
	handle(m, c->buf + 2, c->got - 2, c->fd, NULL, 0);
	c->got = 0;
}

static void
accept_conn(struct mockdns *m)
{
	size_t	 i;
	int	 fd;

	if ((fd = accept(m->listener, NULL, NULL)) == -1)
		return;
	for (i = 0; i < CONNS_MAX; i++)
		if (m->conns[i].fd == -1)
			break;
	if (i == CONNS_MAX || (m->conns[i].buf = malloc(2 + DNS_MSG_MAX)) ==
	    NULL) {
		close(fd);
		return;
	}
	m->conns[i].fd = fd;
	m->conns[i].got = 0;
}

static void *
serve(void *arg)
{
	struct mockdns	*m = arg;
	struct pollfd	 pfd[3 + CONNS_MAX];
	struct sockaddr_storage from;
	socklen_t	 fromlen;
	ssize_t		 n;
	size_t		 i, k;
	int		 idx[CONNS_MAX];

	for (;;) {
		pfd[0].fd = m->wake[0];
		pfd[1].fd = m->udp;
		pfd[2].fd = m->listener;
		for (i = 0, k = 3; i < CONNS_MAX; i++)
			if (m->conns[i].fd != -1) {
				idx[k - 3] = (int)i;
				pfd[k++].fd = m->conns[i].fd;
			}
		for (i = 0; i < k; i++) {
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		if (poll(pfd, k, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents != 0)
			break;
		if (pfd[1].revents & POLLIN) {
			fromlen = sizeof(from);
			n = recvfrom(m->udp, m->in, DNS_MSG_MAX, 0,
			    (struct sockaddr *)&from, &fromlen);
			if (n > 0)
				handle(m, m->in, (size_t)n, -1, &from,
				    fromlen);
		}
		if (pfd[2].revents & POLLIN)
			accept_conn(m);
		for (i = 3; i < k; i++)
			if (pfd[i].revents != 0)
				conn_readable(m, &m->conns[idx[i - 3]]);
	}
	return NULL;
}

/* ---- start and stop --------------------------------------------------- */

static void
free_mock(struct mockdns *m)
{
	size_t	 i;

	for (i = 0; i < CONNS_MAX; i++)
		if (m->conns[i].fd != -1)
			conn_close(&m->conns[i]);
	if (m->udp != -1)
		close(m->udp);
	if (m->listener != -1)
		close(m->listener);
	if (m->wake[0] != -1)
		close(m->wake[0]);
	if (m->wake[1] != -1)
		close(m->wake[1]);
	pthread_mutex_destroy(&m->mu);
	free(m->log);
	free(m->in);
	free(m->out);
	free(m->decoy);
	free(m);
}

struct mockdns *
mockdns_start(const char *ip, uint16_t port)
{
	struct mockdns	*m;
	struct sockaddr_in sin;
	socklen_t	 sl = sizeof(sin);
	size_t		 i;
	int		 one = 1;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		die("out of memory");
	m->udp = m->listener = m->wake[0] = m->wake[1] = -1;
	for (i = 0; i < CONNS_MAX; i++)
		m->conns[i].fd = -1;
	pthread_mutex_init(&m->mu, NULL);
	m->log = calloc(LOG_MAX, sizeof(*m->log));
	m->in = malloc(DNS_MSG_MAX);
	m->out = malloc(DNS_MSG_MAX);
	m->decoy = malloc(DNS_MSG_MAX);
	if (m->log == NULL || m->in == NULL || m->out == NULL ||
	    m->decoy == NULL)
		die("out of memory");
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, ip, &sin.sin_addr) != 1 ||
	    (ntohl(sin.sin_addr.s_addr) >> 24) != 127)
		die("a mock server listens on 127.0.0.0/8 only");
	if ((m->udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1 ||
	    (m->listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC,
	    0)) == -1 || pipe(m->wake) == -1)
		die("cannot make sockets");
	(void)setsockopt(m->listener, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one));
	if (bind(m->udp, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(m->udp, (struct sockaddr *)&sin, &sl) == -1 ||
	    bind(m->listener, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(m->listener, 8) == -1) {
		if (errno != EADDRINUSE)
			fprintf(stderr, "mockdns: %s: %s\n", ip,
			    strerror(errno));
		free_mock(m);
		return NULL;
	}
	m->port = ntohs(sin.sin_port);
	address_from_raw((const uint8_t *)&sin.sin_addr, 4, m->port, &m->srv);
	if (pthread_create(&m->thread, NULL, serve, m) != 0)
		die("cannot start a thread");
	m->running = 1;
	return m;
}

int
mockdns_start_set(struct mockdns **out, const char *const *ips, size_t n)
{
	size_t	 i, k;
	int	 attempt;

	/* Another process may hold the first one's port on another address. */
	for (attempt = 0; attempt < 20; attempt++) {
		for (i = 0; i < n; i++) {
			out[i] = mockdns_start(ips[i], i == 0 ? 0 :
			    mockdns_port(out[0]));
			if (out[i] == NULL)
				break;
		}
		if (i == n)
			return 0;
		for (k = 0; k < i; k++)
			mockdns_stop(out[k]);
		if (i == 0)
			break;
	}
	fprintf(stderr, "mockdns: cannot bind %zu servers on one port\n", n);
	return -1;
}

void
mockdns_stop(struct mockdns *m)
{
	if (m == NULL)
		return;
	if (m->running) {
		/* A full pipe is a woken thread all the same. */
		if (write(m->wake[1], "x", 1) != 1 && errno != EAGAIN)
			perror("mockdns: wake");
		pthread_join(m->thread, NULL);
	}
	free_mock(m);
}
