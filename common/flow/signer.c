/* SPDX-License-Identifier: ISC */
#define _GNU_SOURCE	/* close_range(2) */

#include "flow/signer.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "flow/challenge.h"
#include "conf/config.h"
#include "sys/log.h"
#include "sys/os.h"
#include "flow/sandbox.h"
#include "dns/tkey.h"
#include "dns/wire.h"
#include "net/kerberos.h"

#define SIGNER_HEADER	5
#define SIGNER_REPLY_MS	10000	/* the signer does no I/O but ours */
/* ... but in a negotiation, Kerberos asks its KDCs (MIT tries each for
 * seconds) */
#define SIGNER_GSS_REPLY_MS	45000
#define SIGNER_REAP_MS	5000

enum signer_type {
	MSG_SIGN = 1,		/* request: an update to build and sign */
	MSG_VERIFY,		/* request: the answer to the last one */
	MSG_SIGNED,		/* reply: the signed message */
	MSG_VERDICT,		/* reply: what verification found */
	MSG_REFUSED,		/* reply: one byte, enum refusal */
	MSG_END,		/* request: exit now (no reply) */
	MSG_GSS_STEP,		/* request: a step of a zone's GSS-API
				 * negotiation (RFC 3645) */
	MSG_GSS_TOKEN,		/* reply: the token to send, or done */
	MSG_GSS_FAILED,		/* reply: an outcome and one line */
	MSG_LOCK		/* request: negotiations over, lock in */
};

/* Why the signer said no. */
enum refusal {
	REFUSE_MALFORMED = 1,
	REFUSE_OP,
	REFUSE_TTL,
	REFUSE_ZONE,
	REFUSE_COUNT,
	REFUSE_OWNER,
	REFUSE_VALUE,
	REFUSE_NOT_PLANNED,
	REFUSE_NOTHING_SIGNED,
	REFUSE_FAILED,
	REFUSE_NO_CONTEXT,
	REFUSE_LOCKED,
	REFUSE_NOT_STARTED
};

struct signer {
	pid_t		 pid;
	int		 fd;
	int		 dead;		/* said once */
};

/* The records of a zone's first update: later ones must be among them. */
struct bound_zone {
	struct dname	 zone;
	struct txt_record *recs;
	size_t		 nrecs;
};

/* A zone's Kerberos security context and the key it makes (GSS-TSIG). */
struct gss_zone {
	struct dname	 zone;
	struct dname	 keyname;	/* "<random>.sig-<host>." */
	enum tsig_alg	 alg;		/* gss-tsig or gss.microsoft.com */
	struct kerberos	*krb;
	struct tsig_key	*key;		/* once the context is complete */
};

/* The signer's own state (in the child only). */
struct keeper {
	const struct config *cfg;
	const struct signer_plan *plan;
	int		 fd;
	struct bound_zone *bound;	/* cfg->nzones of them at most */
	size_t		 nbound;
	struct tsig_mac	 mac;		/* of the last update signed */
	const struct tsig_key *mac_key;	/* NULL: nothing signed yet */
	struct gss_zone	*gss;		/* cfg->nzones of them at most */
	size_t		 ngss;
	int		 sandbox;	/* lock in (when not yet done) */
	int		 locked;
	uint8_t		 buf[SIGNER_MSG_MAX];
};

static const char *
refusal_text(unsigned why)
{
	switch (why) {
	case REFUSE_MALFORMED:
		return "malformed request";
	case REFUSE_OP:
		return "operation not in the plan";
	case REFUSE_TTL:
		return "TTL differs from the configuration's";
	case REFUSE_ZONE:
		return "no configured zone of that name";
	case REFUSE_COUNT:
		return "no records, or too many";
	case REFUSE_OWNER:
		return "a record outside the zone";
	case REFUSE_VALUE:
		return "a TXT value not in the plan";
	case REFUSE_NOT_PLANNED:
		return "a record not in the zone's first update";
	case REFUSE_NOTHING_SIGNED:
		return "no update signed to verify an answer to";
	case REFUSE_FAILED:
		return "the update could not be built or signed";
	case REFUSE_NO_CONTEXT:
		return "no Kerberos security context for the zone";
	case REFUSE_LOCKED:
		return "a Kerberos negotiation after the first update";
	case REFUSE_NOT_STARTED:
		return "a server's token for no negotiation in progress";
	default:
		return "unknown reason";
	}
}

/* One message: header and payload.  Returns 0, or -1 (errno set). */
static int
send_msg(int fd, enum signer_type type, const uint8_t *p, size_t n,
    uint8_t *buf)
{
	ssize_t	 w;

	if (n > SIGNER_MSG_MAX - SIGNER_HEADER) {
		errno = EMSGSIZE;
		return -1;
	}
	buf[0] = (uint8_t)(n >> 24);
	buf[1] = (uint8_t)(n >> 16);
	buf[2] = (uint8_t)(n >> 8);
	buf[3] = (uint8_t)n;
	buf[4] = (uint8_t)type;
	if (n > 0 && p != buf + SIGNER_HEADER)
		memmove(buf + SIGNER_HEADER, p, n);
	do
		w = send(fd, buf, SIGNER_HEADER + n, MSG_NOSIGNAL);
	while (w == -1 && errno == EINTR);
	if (w == -1)
		return -1;
	if ((size_t)w != SIGNER_HEADER + n) {
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

/*
 * One message into `buf` (SIGNER_MSG_MAX bytes): its type and payload
 * length.  Returns 1, 0 at the end of the stream, or -1 for a message
 * too long, too short or disagreeing with its header (errno EBADMSG),
 * or an error.
 */
static int
recv_msg(int fd, uint8_t *buf, enum signer_type *type, size_t *n)
{
	ssize_t	 r;
	size_t	 want;

	do
		r = recv(fd, buf, SIGNER_MSG_MAX, MSG_TRUNC);
	while (r == -1 && errno == EINTR);
	if (r == 0)
		return 0;
	if (r == -1)
		return -1;
	if ((size_t)r > SIGNER_MSG_MAX || (size_t)r < SIGNER_HEADER) {
		errno = EBADMSG;
		return -1;
	}
	want = (size_t)buf[0] << 24 | (size_t)buf[1] << 16 |
	    (size_t)buf[2] << 8 | buf[3];
	if (want != (size_t)r - SIGNER_HEADER) {
		errno = EBADMSG;
		return -1;
	}
	*type = (enum signer_type)buf[4];
	*n = want;
	return 1;
}

/* ---- the signer's side ---- */

static int
value_planned(const struct signer_plan *plan, const char *value)
{
	size_t	 i;

	for (i = 0; i < plan->nvalues; i++)
		if (strcmp(plan->values[i].value, value) == 0)
			return 1;
	return 0;
}

static int
record_in(const struct txt_record *set, size_t n, const struct txt_record *r)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (dname_equal(&set[i].owner, &r->owner) &&
		    strcmp(set[i].value, r->value) == 0)
			return 1;
	return 0;
}

/*
 * Whether the update is one the plan allows; binds a zone's records at
 * its first update.  Returns 0, or the refusal.
 */
static unsigned
judge(struct keeper *k, const struct dname *zone, unsigned op, uint32_t ttl,
    const struct txt_record *recs, size_t nrecs,
    const struct config_zone **czp)
{
	const struct config_zone *cz;
	struct bound_zone *b = NULL;
	size_t		 i;

	if (op > UPDATE_DELETE || (k->plan->ops & (1u << op)) == 0)
		return REFUSE_OP;
	if (ttl != k->cfg->ttl)
		return REFUSE_TTL;
	cz = config_find_zone(k->cfg, zone);
	if (cz == NULL || cz->key == NULL || !dname_equal(&cz->name, zone))
		return REFUSE_ZONE;
	for (i = 0; i < nrecs; i++) {
		if (!dname_is_below(&recs[i].owner, zone))
			return REFUSE_OWNER;
		if (!value_planned(k->plan, recs[i].value))
			return REFUSE_VALUE;
	}
	for (i = 0; i < k->nbound; i++)
		if (dname_equal(&k->bound[i].zone, zone))
			b = &k->bound[i];
	if (b != NULL) {
		for (i = 0; i < nrecs; i++)
			if (!record_in(b->recs, b->nrecs, &recs[i]))
				return REFUSE_NOT_PLANNED;
	} else {
		if (k->bound == NULL || k->nbound >= k->cfg->nzones)
			return REFUSE_ZONE;
		b = &k->bound[k->nbound];
		if ((b->recs = calloc(nrecs, sizeof(*recs))) == NULL)
			return REFUSE_FAILED;
		memcpy(b->recs, recs, nrecs * sizeof(*recs));
		b->nrecs = nrecs;
		b->zone = *zone;
		k->nbound++;
	}
	*czp = cz;
	return 0;
}

/* The zone's negotiation, or NULL. */
static struct gss_zone *
gss_find(struct keeper *k, const struct dname *zone)
{
	size_t	 i;

	for (i = 0; i < k->ngss; i++)
		if (dname_equal(&k->gss[i].zone, zone))
			return &k->gss[i];
	return NULL;
}

/* The [key] section of a configured zone's key. */
static const struct config_key *
key_section(const struct config *cfg, const struct config_zone *cz)
{
	size_t	 i;

	for (i = 0; i < cfg->nkeys; i++)
		if (cfg->keys[i].key == cz->key)
			return &cfg->keys[i];
	return NULL;
}

static void
gss_zone_clear(struct gss_zone *g)
{
	tsig_key_free(g->key);
	g->key = NULL;
	kerberos_free(g->krb);
	g->krb = NULL;
}

/* Lock in, once: after the last negotiation, or at the first update. */
static void
keeper_lock(struct keeper *k)
{
	size_t	 i;

	if (k->locked)
		return;
	k->locked = 1;
	/* Contexts that never completed hold credentials for nothing. */
	for (i = 0; i < k->ngss; i++)
		if (k->gss[i].key == NULL)
			gss_zone_clear(&k->gss[i]);
	if (k->sandbox && sandbox_lock_signer(k->fd) == -1)
		_exit(1);
}

static int
gss_failed(struct keeper *k, enum outcome o, const char *text)
{
	uint8_t		 out[1 + sizeof(((struct kerberos_error *)0)->text)];
	size_t		 n;

	out[0] = (uint8_t)o;
	n = strlen(text);
	if (n > sizeof(out) - 1)
		n = sizeof(out) - 1;
	memcpy(out + 1, text, n);
	return send_msg(k->fd, MSG_GSS_FAILED, out, 1 + n, k->buf);
}

/*
 * A GSS_STEP request: the zone, the flavour, the primary's host name and
 * the server's token (none: start afresh).  Answers with the token to
 * send and, once the context is complete, who it speaks for.
 */
static int
keeper_gss_step(struct keeper *k, const uint8_t *p, size_t n)
{
	uint8_t		*token = NULL;
	const struct config_zone *cz;
	const struct config_key *ck;
	struct kerberos_error err;
	struct gss_zone	*g;
	struct dname	 zone;
	struct wire	 r, w;
	char		 host[DNAME_TEXT_MAX], keyname[DNAME_TEXT_MAX];
	char		 principal[256] = "";
	uint8_t		 why, *out = k->buf + SIGNER_HEADER;
	unsigned	 alg, hlen;
	uint32_t	 life = 0;
	size_t		 tlen = 0, inlen;
	int		 complete = 0;

	why = REFUSE_LOCKED;
	if (k->locked)
		goto refuse;
	why = REFUSE_MALFORMED;
	wire_reader(&r, p, n);
	wire_get_dname(&r, &zone);
	alg = wire_get_u8(&r);
	hlen = wire_get_u8(&r);
	if (r.error != 0 || hlen == 0 || hlen >= sizeof(host) ||
	    wire_left(&r) < hlen)
		goto refuse;
	wire_get_bytes(&r, (uint8_t *)host, hlen);
	host[hlen] = '\0';
	if (strlen(host) != hlen || (alg != TSIG_GSS && alg != TSIG_GSS_MS))
		goto refuse;
	inlen = wire_left(&r);
	why = REFUSE_ZONE;
	cz = config_find_zone(k->cfg, &zone);
	if (cz == NULL || cz->key == NULL || !dname_equal(&cz->name, &zone) ||
	    !tsig_alg_is_gss(tsig_key_alg(cz->key)) ||
	    (ck = key_section(k->cfg, cz)) == NULL)
		goto refuse;
	if ((g = gss_find(k, &zone)) == NULL) {
		if (k->gss == NULL || k->ngss >= k->cfg->nzones)
			goto refuse;
		g = &k->gss[k->ngss++];
		g->zone = zone;
	}
	if (inlen == 0) {
		/* A new negotiation (the first, or in the other flavour). */
		gss_zone_clear(g);
		g->alg = (enum tsig_alg)alg;
		if (tkey_keyname(&g->keyname, host, (uint32_t)os_random_id() <<
		    16 | os_random_id()) == -1) {
			why = REFUSE_MALFORMED;
			goto refuse;
		}
		if ((g->krb = kerberos_start(ck->principal, ck->keytab, host,
		    &err)) == NULL)
			return gss_failed(k, err.outcome, err.text);
	} else if (g->krb == NULL || g->key != NULL) {
		why = REFUSE_NOT_STARTED;
		goto refuse;
	}
	/* Only gss-tsig runs pay for the room of a token. */
	if ((token = malloc(KERBEROS_TOKEN_MAX)) == NULL)
		return gss_failed(k, OUTCOME_NOMEM, "out of memory");
	if (kerberos_step(g->krb, inlen > 0 ? r.rd + r.pos : NULL, inlen,
	    token, KERBEROS_TOKEN_MAX, &tlen, &complete, &err) == -1) {
		free(token);
		gss_zone_clear(g);
		return gss_failed(k, err.outcome, err.text);
	}
	if (complete) {
		struct tsig_mic mic;

		mic.get = kerberos_get_mic;
		mic.verify = kerberos_verify_mic;
		mic.ctx = g->krb;
		dname_to_text(&g->keyname, keyname, sizeof(keyname));
		if ((g->key = tsig_key_new_mic(keyname, g->alg, &mic)) ==
		    NULL) {
			free(token);
			gss_zone_clear(g);
			return gss_failed(k, OUTCOME_NOMEM, "out of memory");
		}
		(void)kerberos_describe(g->krb, principal, sizeof(principal),
		    &life);
	}
	wire_writer(&w, out, SIGNER_MSG_MAX - SIGNER_HEADER);
	wire_put_u8(&w, complete ? 1 : 0);
	wire_put_u32(&w, life);
	wire_put_u8(&w, (uint8_t)strlen(principal));
	wire_put_bytes(&w, (const uint8_t *)principal, strlen(principal));
	wire_put_dname(&w, &g->keyname);
	wire_put_bytes(&w, token, tlen);
	free(token);
	if (w.error != 0) {
		gss_zone_clear(g);
		return gss_failed(k, OUTCOME_AUTH, "the Kerberos token is too "
		    "large for a DNS message");
	}
	return send_msg(k->fd, MSG_GSS_TOKEN, out, w.pos, k->buf);
refuse:
	return send_msg(k->fd, MSG_REFUSED, &why, 1, k->buf) == -1 ||
	    why == REFUSE_MALFORMED ? -1 : 0;
}

/* A SIGN request: parse, judge, build, sign, answer. */
static int
keeper_sign(struct keeper *k, const uint8_t *p, size_t n)
{
	const struct config_zone *cz = NULL;
	const struct tsig_key *key;
	struct gss_zone	*g;
	struct txt_record *recs = NULL;
	struct dname	 zone;
	struct wire	 r, w;
	uint8_t		 why, *out = k->buf + SIGNER_HEADER;
	uint16_t	 id;
	unsigned	 op, vlen, refusal;
	uint32_t	 ttl;
	size_t		 nrecs, i, len;
	int		 rc;

	wire_reader(&r, p, n);
	id = wire_get_u16(&r);
	op = wire_get_u8(&r);
	ttl = wire_get_u32(&r);
	wire_get_dname(&r, &zone);
	nrecs = wire_get_u16(&r);
	refusal = REFUSE_MALFORMED;
	if (r.error != 0)
		goto refuse;
	refusal = REFUSE_COUNT;
	if (nrecs == 0 || nrecs > SIGNER_RECS_MAX)
		goto refuse;
	refusal = REFUSE_FAILED;
	if ((recs = calloc(nrecs, sizeof(*recs))) == NULL)
		goto refuse;
	refusal = REFUSE_MALFORMED;
	for (i = 0; i < nrecs; i++) {
		wire_get_dname(&r, &recs[i].owner);
		vlen = wire_get_u8(&r);
		if (r.error != 0 || vlen > TXT_VALUE_MAX || wire_left(&r) < vlen)
			goto refuse;
		wire_get_bytes(&r, (uint8_t *)recs[i].value, vlen);
		recs[i].value[vlen] = '\0';
		if (strlen(recs[i].value) != vlen)
			goto refuse;
	}
	if (r.error != 0 || wire_left(&r) != 0)
		goto refuse;
	if ((refusal = judge(k, &zone, op, ttl, recs, nrecs, &cz)) != 0)
		goto refuse;
	key = cz->key;
	if (tsig_alg_is_gss(tsig_key_alg(key))) {
		refusal = REFUSE_NO_CONTEXT;
		if ((g = gss_find(k, &zone)) == NULL || g->key == NULL)
			goto refuse;
		key = g->key;
	}
	refusal = REFUSE_FAILED;
	wire_writer(&w, out, DNS_MSG_MAX);
	if (update_build(&w, id, &zone, (enum update_op)op, ttl, recs,
	    nrecs) == -1 || w.error != 0)
		goto refuse;
	len = w.pos;
	if (tsig_sign(key, out, &len, DNS_MSG_MAX, (uint64_t)time(NULL),
	    &k->mac) == -1)
		goto refuse;
	k->mac_key = key;
	free(recs);
	return send_msg(k->fd, MSG_SIGNED, out, len, k->buf);
refuse:
	free(recs);
	why = (uint8_t)refusal;
	rc = send_msg(k->fd, MSG_REFUSED, &why, 1, k->buf);
	return refusal == REFUSE_MALFORMED ? -1 : rc;
}

static int
keeper_verify(struct keeper *k, const uint8_t *p, size_t n)
{
	struct tsig_result res;
	struct wire	 w;
	uint8_t		 out[16], why = REFUSE_NOTHING_SIGNED;

	if (k->mac_key == NULL || n > DNS_MSG_MAX)
		return send_msg(k->fd, MSG_REFUSED, &why, 1, k->buf);
	(void)tsig_verify(k->mac_key, p, n, &k->mac, (uint64_t)time(NULL),
	    &res);
	wire_writer(&w, out, sizeof(out));
	wire_put_u8(&w, (uint8_t)res.verdict);
	wire_put_u16(&w, res.error);
	wire_put_u32(&w, (uint32_t)((uint64_t)res.skew >> 32));
	wire_put_u32(&w, (uint32_t)res.skew);
	wire_put_u8(&w, res.have_time ? 1 : 0);
	wire_put_u8(&w, res.legacy_layout ? 1 : 0);
	return send_msg(k->fd, MSG_VERDICT, out, w.pos, k->buf);
}

/*
 * Exit with `status`, deleting the Kerberos contexts first: the library
 * wipes their keys, and the tickets in the memory cache go with them.
 */
static void __attribute__((noreturn))
keeper_end(struct keeper *k, int status)
{
	size_t	 i;

	for (i = 0; i < k->ngss; i++)
		gss_zone_clear(&k->gss[i]);
	_exit(status);
}

/* Whether a key of `cfg` is a gss-tsig one (Kerberos). */
static int
config_uses_gss(const struct config *cfg)
{
	size_t	 i;

	for (i = 0; i < cfg->nkeys; i++)
		if (cfg->keys[i].key != NULL &&
		    tsig_alg_is_gss(tsig_key_alg(cfg->keys[i].key)))
			return 1;
	return 0;
}

/* The signer's life: requests until the caller closes, then exit. */
static void __attribute__((noreturn))
keeper_run(const struct config *cfg, const struct signer_plan *plan,
    int fd, int sandbox)
{
	static struct keeper k;
	enum signer_type type;
	size_t		 n;
	int		 rc;

	/*
	 * A terminal's Ctrl-C reaches the whole process group: the signer
	 * must outlive it, for the removal the run then sends.  It ends
	 * when the run closes the socket (or dies).
	 */
	(void)signal(SIGINT, SIG_IGN);
	(void)signal(SIGTERM, SIG_IGN);
	(void)signal(SIGHUP, SIG_IGN);
	(void)signal(SIGPIPE, SIG_IGN);
	/* No descriptor but the socket: no files, no network. */
	if (fd > 0)
		(void)close_range(0, (unsigned)fd - 1, 0);
	(void)close_range((unsigned)fd + 1, ~0u, 0);
	k.cfg = cfg;
	k.plan = plan;
	k.fd = fd;
	if ((k.bound = calloc(cfg->nzones > 0 ? cfg->nzones : 1,
	    sizeof(*k.bound))) == NULL ||
	    (k.gss = calloc(cfg->nzones > 0 ? cfg->nzones : 1,
	    sizeof(*k.gss))) == NULL)
		_exit(1);
	k.sandbox = sandbox;
	/*
	 * Kerberos reads its configuration, the keytab or the credential
	 * cache and talks to the KDC while a context is negotiated: with a
	 * gss-tsig key the lock waits for the end of the negotiations
	 * (MSG_LOCK, or the first update at the latest).
	 */
	if (!config_uses_gss(cfg))
		keeper_lock(&k);
	for (;;) {
		rc = recv_msg(fd, k.buf, &type, &n);
		if (rc == 0 || (rc == 1 && type == MSG_END))
			keeper_end(&k, 0);
		if (rc == -1)
			keeper_end(&k, 1);
		if (type == MSG_SIGN || type == MSG_VERIFY || type == MSG_LOCK)
			keeper_lock(&k);
		if (type == MSG_SIGN)
			rc = keeper_sign(&k, k.buf + SIGNER_HEADER, n);
		else if (type == MSG_VERIFY)
			rc = keeper_verify(&k, k.buf + SIGNER_HEADER, n);
		else if (type == MSG_GSS_STEP)
			rc = keeper_gss_step(&k, k.buf + SIGNER_HEADER, n);
		else if (type == MSG_LOCK)
			rc = n == 0 ? 0 : -1;
		else
			rc = -1;
		if (rc == -1)
			keeper_end(&k, 1);
	}
}

/* ---- the caller's side ---- */

/* Requests and replies, one at a time. */
static uint8_t	 callbuf[SIGNER_MSG_MAX];

struct signer *
signer_start(const struct config *cfg, const struct signer_plan *plan,
    int sandbox)
{
	struct signer	*s;
	size_t		 i;
	int		 sv[2];

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_err("out of memory");
		return NULL;
	}
	/* OpenSSL's files before either side locks itself in. */
	if (tsig_preload() == -1)
		log_verbose("signer: OpenSSL could not load every HMAC "
		    "algorithm in advance");
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1) {
		log_err("cannot make the signer's socket: %s", strerror(errno));
		free(s);
		return NULL;
	}
	/* Nothing buffered may be written twice. */
	fflush(NULL);
	if ((s->pid = fork()) == -1) {
		log_err("cannot start the signing process: %s",
		    strerror(errno));
		close(sv[0]);
		close(sv[1]);
		free(s);
		return NULL;
	}
	if (s->pid == 0) {
		close(sv[0]);
		free(s);
		keeper_run(cfg, plan, sv[1], sandbox);
	}
	close(sv[1]);
	s->fd = sv[0];
	/* From here on only the signer holds a secret. */
	for (i = 0; i < cfg->nkeys; i++)
		tsig_key_forget(cfg->keys[i].key);
	log_verbose("signer: keys held by process %ld", (long)s->pid);
	return s;
}

/* Say once why the signer cannot answer. */
static void
signer_gone(struct signer *s, const char *what)
{
	struct timespec	 ts = { 0, 10 * 1000 * 1000 };
	unsigned	 i;
	int		 status = 0;
	pid_t		 r = 0;

	if (s->dead)
		return;
	s->dead = 1;
	/* A process just killed may take a moment to become reapable. */
	for (i = 0; i < 50; i++) {
		if ((r = waitpid(s->pid, &status, WNOHANG)) != 0 &&
		    !(r == -1 && errno == EINTR))
			break;
		(void)nanosleep(&ts, NULL);
	}
	if (r == s->pid && WIFSIGNALED(status))
		log_err("the signing process (pid %ld) was killed by signal "
		    "%d; cannot %s", (long)s->pid, WTERMSIG(status), what);
	else if (r == s->pid && WIFEXITED(status))
		log_err("the signing process (pid %ld) exited with status %d; "
		    "cannot %s", (long)s->pid, WEXITSTATUS(status), what);
	else
		log_err("the signing process (pid %ld) does not answer; "
		    "cannot %s", (long)s->pid, what);
	if (r == s->pid)
		s->pid = -1;
}

/*
 * One request and its reply (in `buf`, SIGNER_MSG_MAX bytes).  Returns
 * the reply's payload length, or -1 after logging.
 */
static ssize_t
exchange(struct signer *s, enum signer_type type, const uint8_t *p, size_t n,
    uint8_t *buf, enum signer_type *reply, const char *what)
{
	struct pollfd	 pfd;
	uint64_t	 waited = 0, limit;
	size_t		 len;
	int		 rc;

	if (s->dead) {
		log_err("the signing process is gone; cannot %s", what);
		return -1;
	}
	if (send_msg(s->fd, type, p, n, buf) == -1) {
		signer_gone(s, what);
		return -1;
	}
	limit = type == MSG_GSS_STEP ? SIGNER_GSS_REPLY_MS : SIGNER_REPLY_MS;
	/* A signal (os_catch_signals()) must not cut the exchange short. */
	pfd.fd = s->fd;
	pfd.events = POLLIN;
	do {
		pfd.revents = 0;
		rc = poll(&pfd, 1, 100);
		if (rc == 0 || (rc == -1 && errno == EINTR))
			waited += 100;
	} while (rc <= 0 && (rc == 0 || errno == EINTR) && waited < limit);
	if (rc <= 0 || recv_msg(s->fd, buf, reply, &len) != 1) {
		signer_gone(s, what);
		return -1;
	}
	return (ssize_t)len;
}

int
signer_sign(struct signer *s, uint16_t id, const struct dname *zone,
    enum update_op op, uint32_t ttl, const struct txt_record *recs,
    size_t nrecs, uint8_t *out, size_t cap, size_t *len)
{
	uint8_t		*buf = callbuf;
	enum signer_type reply;
	struct wire	 w;
	char		 z[DNAME_TEXT_MAX];
	size_t		 i, vlen;
	ssize_t		 n;

	dname_to_text(zone, z, sizeof(z));
	if (nrecs == 0 || nrecs > SIGNER_RECS_MAX) {
		log_err("cannot sign an update of %zu records", nrecs);
		return -1;
	}
	wire_writer(&w, buf + SIGNER_HEADER, SIGNER_MSG_MAX - SIGNER_HEADER);
	wire_put_u16(&w, id);
	wire_put_u8(&w, (uint8_t)op);
	wire_put_u32(&w, ttl);
	wire_put_dname(&w, zone);
	wire_put_u16(&w, (uint16_t)nrecs);
	for (i = 0; i < nrecs; i++) {
		vlen = strlen(recs[i].value);
		wire_put_dname(&w, &recs[i].owner);
		wire_put_u8(&w, (uint8_t)vlen);
		wire_put_bytes(&w, (const uint8_t *)recs[i].value, vlen);
	}
	if (w.error != 0) {
		log_err("the update for zone %s is too large to sign", z);
		return -1;
	}
	if ((n = exchange(s, MSG_SIGN, buf + SIGNER_HEADER, w.pos, buf,
	    &reply, "sign the update")) == -1)
		return -1;
	if (reply == MSG_REFUSED && n == 1) {
		log_err("the signing process refused the update for zone %s: "
		    "%s", z, refusal_text(buf[SIGNER_HEADER]));
		return -1;
	}
	if (reply != MSG_SIGNED || (size_t)n > cap || n < DNS_HEADER_LEN) {
		signer_gone(s, "sign the update");
		return -1;
	}
	memcpy(out, buf + SIGNER_HEADER, (size_t)n);
	*len = (size_t)n;
	return 0;
}

int
signer_gss_step(struct signer *s, const struct dname *zone, unsigned alg,
    const char *host, const uint8_t *in, size_t inlen, struct submit_gss *out)
{
	uint8_t		*buf = callbuf;
	enum signer_type reply;
	struct wire	 w;
	size_t		 hlen = strlen(host), plen;
	ssize_t		 n;

	memset(out, 0, sizeof(*out));
	out->failure = OUTCOME_UNBUILDABLE;
	wire_writer(&w, buf + SIGNER_HEADER, SIGNER_MSG_MAX - SIGNER_HEADER);
	wire_put_dname(&w, zone);
	wire_put_u8(&w, (uint8_t)alg);
	wire_put_u8(&w, (uint8_t)hlen);
	wire_put_bytes(&w, (const uint8_t *)host, hlen);
	if (in != NULL)
		wire_put_bytes(&w, in, inlen);
	if (w.error != 0 || hlen == 0 || hlen > UINT8_MAX) {
		log_err("the Kerberos token or host name is too large");
		return -1;
	}
	if ((n = exchange(s, MSG_GSS_STEP, buf + SIGNER_HEADER, w.pos, buf,
	    &reply, "negotiate with Kerberos")) == -1)
		return -1;
	if (reply == MSG_REFUSED && n == 1) {
		log_err("the signing process refused the Kerberos "
		    "negotiation: %s", refusal_text(buf[SIGNER_HEADER]));
		return -1;
	}
	if (reply == MSG_GSS_FAILED && n >= 1) {
		out->failure = (enum outcome)buf[SIGNER_HEADER];
		(void)snprintf(out->error, sizeof(out->error), "%.*s",
		    (int)(n - 1), (const char *)buf + SIGNER_HEADER + 1);
		return -1;
	}
	wire_reader(&w, buf + SIGNER_HEADER, (size_t)n);
	out->complete = wire_get_u8(&w);
	out->lifetime_s = wire_get_u32(&w);
	plen = wire_get_u8(&w);
	if (w.error == 0 && plen < sizeof(out->principal) &&
	    wire_left(&w) >= plen) {
		wire_get_bytes(&w, (uint8_t *)out->principal, plen);
		out->principal[plen] = '\0';
	}
	wire_get_dname(&w, &out->keyname);
	if (reply != MSG_GSS_TOKEN || w.error != 0) {
		signer_gone(s, "negotiate with Kerberos");
		return -1;
	}
	out->token = w.rd + w.pos;
	out->tokenlen = wire_left(&w);
	return 0;
}

int
signer_lock(struct signer *s)
{
	uint8_t		 buf[SIGNER_HEADER];

	if (s->dead || send_msg(s->fd, MSG_LOCK, NULL, 0, buf) == -1) {
		signer_gone(s, "lock the signing process in");
		return -1;
	}
	return 0;
}

/* submit.h's view of the signer: that layer may not include this one. */
static int
submit_sign(void *ctx, uint16_t id, const struct dname *zone,
    enum update_op op, uint32_t ttl, const struct txt_record *recs,
    size_t nrecs, uint8_t *out, size_t cap, size_t *len)
{
	return signer_sign(ctx, id, zone, op, ttl, recs, nrecs, out, cap, len);
}

static int
submit_verify(void *ctx, const uint8_t *msg, size_t len,
    struct tsig_result *res)
{
	return signer_verify(ctx, msg, len, res);
}

static int
submit_gss_step(void *ctx, const struct dname *zone, unsigned alg,
    const char *host, const uint8_t *in, size_t inlen, struct submit_gss *out)
{
	return signer_gss_step(ctx, zone, alg, host, in, inlen, out);
}

struct submit_signing
signer_submit_signing(struct signer *s)
{
	struct submit_signing sg;

	sg.sign = submit_sign;
	sg.verify = submit_verify;
	sg.gss_step = submit_gss_step;
	sg.ctx = s;
	return sg;
}

int
signer_verify(struct signer *s, const uint8_t *msg, size_t len,
    struct tsig_result *res)
{
	uint8_t		*buf = callbuf;
	enum signer_type reply;
	struct wire	 r;
	uint64_t	 skew;
	ssize_t		 n;

	memset(res, 0, sizeof(*res));
	res->verdict = TSIG_MALFORMED;
	if (len > DNS_MSG_MAX) {
		log_err("an answer of %zu bytes cannot be verified", len);
		return -1;
	}
	if ((n = exchange(s, MSG_VERIFY, msg, len, buf, &reply,
	    "verify the answer")) == -1)
		return -1;
	if (reply == MSG_REFUSED && n == 1) {
		log_err("the signing process refused to verify the answer: %s",
		    refusal_text(buf[SIGNER_HEADER]));
		return -1;
	}
	wire_reader(&r, buf + SIGNER_HEADER, (size_t)n);
	res->verdict = (enum tsig_verdict)wire_get_u8(&r);
	res->error = wire_get_u16(&r);
	skew = (uint64_t)wire_get_u32(&r) << 32;
	skew |= wire_get_u32(&r);
	res->skew = (int64_t)skew;
	res->have_time = wire_get_u8(&r);
	res->legacy_layout = wire_get_u8(&r);
	if (reply != MSG_VERDICT || r.error != 0 || wire_left(&r) != 0 ||
	    res->verdict > TSIG_ECHOED) {
		res->verdict = TSIG_MALFORMED;
		signer_gone(s, "verify the answer");
		return -1;
	}
	return 0;
}

pid_t
signer_pid(const struct signer *s)
{
	return s->pid;
}

int
signer_stop(struct signer *s)
{
	struct timespec	 ts = { 0, 1000 * 1000 };
	struct pollfd	 pfd;
	uint8_t		 buf[SIGNER_HEADER];
	unsigned	 i = 0;
	int		 status, rc = 0;
	pid_t		 r = 0;

	if (s == NULL)
		return 0;
	/*
	 * Ask it to exit, and wait until its end of the socket closes, at
	 * its exit: it is reapable a moment later.  No sleeps that every
	 * run would pay for, and no pidfd (valgrind 3.19 has none).
	 */
	if (!s->dead && send_msg(s->fd, MSG_END, NULL, 0, buf) == 0) {
		pfd.fd = s->fd;
		pfd.events = POLLIN;
		while (poll(&pfd, 1, SIGNER_REAP_MS) == -1 && errno == EINTR &&
		    ++i < 100)
			;
	}
	close(s->fd);
	for (i = 0; s->pid > 0 && i < SIGNER_REAP_MS; i++) {
		while ((r = waitpid(s->pid, &status, WNOHANG)) == -1 &&
		    errno == EINTR)
			;
		if (r != 0)
			break;
		(void)nanosleep(&ts, NULL);
	}
	if (s->pid > 0 && r == s->pid && !s->dead && WIFSIGNALED(status)) {
		log_err("the signing process (pid %ld) was killed by signal "
		    "%d", (long)s->pid, WTERMSIG(status));
		rc = -1;
	} else if (s->pid > 0 && r == s->pid && !s->dead &&
	    WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		log_err("the signing process (pid %ld) exited with status %d",
		    (long)s->pid, WEXITSTATUS(status));
		rc = -1;
	} else if (s->pid > 0 && r != s->pid) {
		log_err("the signing process (pid %ld) did not end",
		    (long)s->pid);
		rc = -1;
	}
	free(s);
	return rc;
}
