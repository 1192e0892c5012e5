/* SPDX-License-Identifier: ISC */
/*
 * TSIG (RFC 8945): sign a request, verify its answer.  The HMAC comes
 * from crypto.h (the only OpenSSL user).  Every DNS byte goes through the
 * cursor in wire.h.
 *
 * What is MACed (RFC 8945 4.3.3):
 *	[request MAC size, request MAC]		(answers only)
 *	the message without its TSIG RR, with the original ID and ARCOUNT
 *	the TSIG variables: key name and algorithm name (canonical wire
 *	form: lowercase, uncompressed), class ANY, TTL 0, time signed
 *	(48 bits), fudge, error, other length and other data.
 *
 * An HMAC key is fed that input piece by piece; a GSS-TSIG key (RFC 3645)
 * gets it whole in one buffer, since gss_get_mic() takes one, and hands
 * it to the caller's callbacks.
 */

#include "dns/tsig.h"
#include "dns/base64.h"
#include "dns/crypto.h"
#include "dns/rdata.h"
#include "dns/dname.h"
#include "dns/wire.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>


/* Key name, class, TTL, algorithm name, time, fudge, error, other length. */
#define TSIG_VARS_MAX	(DNAME_MAX + 2 + 4 + DNAME_MAX + 6 + 2 + 2 + 2)

struct tsig_key {
	char		*text;		/* the name as given */
	struct dname	 name;		/* canonical: lowercase */
	struct dname	 alg_name;	/* canonical wire name of the alg */
	enum tsig_alg	 alg;
	uint8_t		*secret;	/* HMAC keys */
	size_t		 secret_len;
	struct tsig_mic	 mic;		/* GSS keys: get == NULL if none */
};

/* One row per algorithm, in enum order. */
static const struct {
	enum tsig_alg	 alg;
	const char	*name;		/* as BIND writes it in key files */
	const char	*wire;		/* the name in the TSIG RR */
	const char	*digest;	/* OpenSSL's digest name; NULL: GSS */
	size_t		 mac_len;	/* 0: as long as the MIC is */
	unsigned	 number;	/* dnssec-keygen's number; 0: none */
} tsig_algs[] = {
	{ TSIG_HMAC_MD5, "hmac-md5", "hmac-md5.sig-alg.reg.int.", "MD5",
	    16, 157 },
	{ TSIG_HMAC_SHA1, "hmac-sha1", "hmac-sha1.", "SHA1", 20, 161 },
	{ TSIG_HMAC_SHA224, "hmac-sha224", "hmac-sha224.", "SHA224", 28,
	    162 },
	{ TSIG_HMAC_SHA256, "hmac-sha256", "hmac-sha256.", "SHA256", 32,
	    163 },
	{ TSIG_HMAC_SHA384, "hmac-sha384", "hmac-sha384.", "SHA384", 48,
	    164 },
	{ TSIG_HMAC_SHA512, "hmac-sha512", "hmac-sha512.", "SHA512", 64,
	    165 },
	{ TSIG_GSS, "gss-tsig", "gss-tsig.", NULL, 0, 0 },
	{ TSIG_GSS_MS, "gss.microsoft.com", "gss.microsoft.com.", NULL, 0, 0 }
};
#define TSIG_NALGS	(sizeof(tsig_algs) / sizeof(tsig_algs[0]))

/* The row of `alg` in *i: 0, or -1 for a value outside the enum. */
static int
tsig_alg_index(enum tsig_alg alg, size_t *i)
{
	for (*i = 0; *i < TSIG_NALGS; (*i)++)
		if (tsig_algs[*i].alg == alg)
			return 0;
	return -1;
}

/*
 * 1 when `text` is `want`, ignoring ASCII case, with or without one final
 * dot after it.
 */
static int
name_is(const char *text, const char *want)
{
	size_t	 i, n;

	n = strlen(want);
	for (i = 0; i < n; i++)
		if (text[i] == '\0' ||
		    dname_lower_octet((uint8_t)text[i]) != (uint8_t)want[i])
			return 0;
	return text[n] == '\0' || (text[n] == '.' && text[n + 1] == '\0');
}

int
tsig_alg_from_name(const char *name, enum tsig_alg *alg)
{
	size_t	 i;

	if (name == NULL)
		return -1;
	/* MD5 only when named explicitly: either of its two names. */
	if (name_is(name, "hmac-md5") ||
	    name_is(name, "hmac-md5.sig-alg.reg.int")) {
		*alg = TSIG_HMAC_MD5;
		return 0;
	}
	for (i = 0; i < TSIG_NALGS; i++)
		if (tsig_algs[i].alg != TSIG_HMAC_MD5 &&
		    name_is(name, tsig_algs[i].name)) {
			*alg = tsig_algs[i].alg;
			return 0;
		}
	return -1;
}

int
tsig_alg_from_number(unsigned number, enum tsig_alg *alg)
{
	size_t	 i;

	for (i = 0; i < TSIG_NALGS; i++)
		if (tsig_algs[i].number != 0 &&
		    tsig_algs[i].number == number) {
			*alg = tsig_algs[i].alg;
			return 0;
		}
	return -1;
}

const char *
tsig_alg_name(enum tsig_alg alg)
{
	size_t	 i;

	if (tsig_alg_index(alg, &i) == -1)
		return "unknown";
	return tsig_algs[i].name;
}

const char *
tsig_alg_wire(enum tsig_alg alg)
{
	size_t	 i;

	if (tsig_alg_index(alg, &i) == -1)
		return NULL;
	return tsig_algs[i].wire;
}

size_t
tsig_alg_mac_len(enum tsig_alg alg)
{
	size_t	 i;

	if (tsig_alg_index(alg, &i) == -1)
		return 0;
	return tsig_algs[i].mac_len;
}

int
tsig_alg_is_gss(enum tsig_alg alg)
{
	return alg == TSIG_GSS || alg == TSIG_GSS_MS;
}

/* A key with its names and algorithm, nothing to sign with yet. */
static struct tsig_key *
key_named(const char *name, enum tsig_alg alg)
{
	struct tsig_key	*key;
	size_t		 i;

	if (name == NULL || tsig_alg_index(alg, &i) == -1 ||
	    (key = calloc(1, sizeof(*key))) == NULL)
		return NULL;
	key->alg = alg;
	if (dname_from_text(&key->name, name) == -1 ||
	    dname_labels(&key->name) == 0 ||
	    dname_from_text(&key->alg_name, tsig_algs[i].wire) == -1 ||
	    (key->text = strdup(name)) == NULL) {
		tsig_key_free(key);
		return NULL;
	}
	dname_lower(&key->name);
	return key;
}

struct tsig_key *
tsig_key_new(const char *name, enum tsig_alg alg, const uint8_t *secret,
    size_t secret_len)
{
	struct tsig_key	*key;

	/* A GSS key's secret is the security context, never bytes here. */
	if (tsig_alg_is_gss(alg)) {
		if (secret != NULL || secret_len != 0)
			return NULL;
		return key_named(name, alg);
	}
	if (secret == NULL || secret_len == 0 ||
	    (key = key_named(name, alg)) == NULL)
		return NULL;
	if ((key->secret = malloc(secret_len)) == NULL) {
		tsig_key_free(key);
		return NULL;
	}
	memcpy(key->secret, secret, secret_len);
	key->secret_len = secret_len;
	return key;
}

struct tsig_key *
tsig_key_new_mic(const char *name, enum tsig_alg alg,
    const struct tsig_mic *mic)
{
	struct tsig_key	*key;

	if (!tsig_alg_is_gss(alg) || mic == NULL || mic->get == NULL ||
	    mic->verify == NULL || (key = key_named(name, alg)) == NULL)
		return NULL;
	key->mic = *mic;
	return key;
}

void
tsig_key_free(struct tsig_key *key)
{
	if (key == NULL)
		return;
	if (key->secret != NULL) {
		crypto_wipe(key->secret, key->secret_len);
		free(key->secret);
	}
	free(key->text);
	crypto_wipe(key, sizeof(*key));
	free(key);
}

void
tsig_key_forget(struct tsig_key *key)
{
	if (key == NULL)
		return;
	memset(&key->mic, 0, sizeof(key->mic));
	if (key->secret == NULL)
		return;
	crypto_wipe(key->secret, key->secret_len);
	free(key->secret);
	key->secret = NULL;
	key->secret_len = 0;
}

const char *
tsig_key_name(const struct tsig_key *key)
{
	return key->text;
}

enum tsig_alg
tsig_key_alg(const struct tsig_key *key)
{
	return key->alg;
}

/* Start an HMAC with the key's algorithm and secret; NULL on failure. */
static struct crypto_hmac *
hmac_start(const struct tsig_key *key)
{
	size_t	 i;

	if (key->secret == NULL || tsig_alg_index(key->alg, &i) == -1 ||
	    tsig_algs[i].digest == NULL)
		return NULL;
	return crypto_hmac_new(tsig_algs[i].digest, key->secret,
	    key->secret_len);
}

int
tsig_preload(void)
{
	static const uint8_t dummy[TSIG_MAC_MAX] = { 1 };
	struct crypto_hmac *h;
	uint8_t		 out[TSIG_MAC_MAX];
	size_t		 i, len;
	int		 rc = 0;

	/*
	 * OpenSSL reads openssl.cnf and loads its provider at the first
	 * fetch, and caches what it fetched: one HMAC with each digest now
	 * means signing never reads a file afterwards.
	 */
	for (i = 0; i < TSIG_NALGS; i++) {
		if (tsig_algs[i].digest == NULL)
			continue;	/* GSS: the MIC is the context's */
		h = crypto_hmac_new(tsig_algs[i].digest, dummy, sizeof(dummy));
		if (h == NULL || crypto_hmac_update(h, dummy, 1) == -1 ||
		    crypto_hmac_final(h, out, sizeof(out), &len) == -1)
			rc = -1;
		crypto_hmac_free(h);
	}
	if (crypto_sha256(dummy, 1, out) == -1)
		rc = -1;
	return rc;
}

/* The TSIG variables fields that follow the MACed message. */
struct tsig_vars {
	uint64_t	 time;
	uint16_t	 fudge;
	uint16_t	 error;
	uint16_t	 other_len;
	const uint8_t	*other;
};

/*
 * Where the digest input goes: into the HMAC as it comes, or, for a GSS
 * key, into one buffer for the MIC callbacks.  The first failure sticks.
 */
struct tsig_digest {
	const struct tsig_key *key;
	struct crypto_hmac *h;		/* HMAC keys */
	uint8_t		*buf;		/* GSS keys: the whole input */
	size_t		 len;
	size_t		 cap;
	int		 failed;
};

/*
 * Start the digest of `key`; `cap` is what the whole input may take (a
 * GSS key's buffer).  Returns 0, or -1 when the key cannot sign or verify
 * (forgotten, a placeholder) or memory is short; tsig_digest_end() all
 * the same.
 */
static int
tsig_digest_start(struct tsig_digest *d, const struct tsig_key *key,
    size_t cap)
{
	memset(d, 0, sizeof(*d));
	d->key = key;
	if (!tsig_alg_is_gss(key->alg))
		d->h = hmac_start(key);
	else if (key->mic.get != NULL && (d->buf = malloc(cap)) != NULL)
		d->cap = cap;
	d->failed = d->h == NULL && d->buf == NULL;
	return d->failed ? -1 : 0;
}

static void
tsig_digest_add(struct tsig_digest *d, const uint8_t *p, size_t n)
{
	if (d->failed || n == 0)
		return;
	if (d->h != NULL) {
		if (crypto_hmac_update(d->h, p, n) == -1)
			d->failed = 1;
		return;
	}
	if (n > d->cap - d->len) {
		d->failed = 1;
		return;
	}
	memcpy(d->buf + d->len, p, n);
	d->len += n;
}

/* Free the HMAC, wipe and free the buffer. */
static void
tsig_digest_end(struct tsig_digest *d)
{
	crypto_hmac_free(d->h);
	if (d->buf != NULL) {
		crypto_wipe(d->buf, d->cap);
		free(d->buf);
	}
	memset(d, 0, sizeof(*d));
}

/* The TSIG variables (RFC 8945 4.3.3). */
static void
tsig_digest_vars(struct tsig_digest *d, const struct tsig_vars *v)
{
	uint8_t		 buf[TSIG_VARS_MAX];
	struct wire	 w;

	wire_writer(&w, buf, sizeof(buf));
	wire_put_dname(&w, &d->key->name);
	wire_put_u16(&w, DNS_CLASS_ANY);
	wire_put_u32(&w, 0);
	wire_put_dname(&w, &d->key->alg_name);
	wire_put_u48(&w, v->time);
	wire_put_u16(&w, v->fudge);
	wire_put_u16(&w, v->error);
	wire_put_u16(&w, v->other_len);
	if (w.error != WIRE_OK)
		d->failed = 1;
	tsig_digest_add(d, buf, w.pos);
	tsig_digest_add(d, v->other, v->other_len);
}

/*
 * The MAC of the input fed so far into `out` (`cap` octets, at least
 * TSIG_SIG_MAX), its length in `*len`: the HMAC, of the hash's length, or
 * the MIC, 1..TSIG_SIG_MAX octets.  Returns 0, or -1.
 */
static int
tsig_digest_mac(struct tsig_digest *d, uint8_t *out, size_t cap,
    size_t *len)
{
	const struct tsig_mic *mic = &d->key->mic;

	*len = 0;
	if (d->failed)
		return -1;
	if (d->h != NULL)
		return crypto_hmac_final(d->h, out, cap, len) == -1 ||
		    *len != tsig_alg_mac_len(d->key->alg) ||
		    *len > TSIG_MAC_MAX ? -1 : 0;
	if (mic->get(mic->ctx, d->buf, d->len, out, cap, len) == -1 ||
	    *len == 0 || *len > cap || *len > TSIG_SIG_MAX) {
		*len = 0;
		return -1;
	}
	return 0;
}

/*
 * 1 when `mac` (`mac_len` octets) is the MAC of the input fed so far,
 * else 0.  A truncated HMAC is compared on its own length only.
 */
static int
tsig_digest_check(struct tsig_digest *d, const uint8_t *mac, size_t mac_len)
{
	const struct tsig_mic *mic = &d->key->mic;
	uint8_t		 digest[CRYPTO_MD_MAX];
	size_t		 dlen = 0;
	int		 ok;

	if (d->failed)
		return 0;
	if (d->buf != NULL)
		return mic->verify(mic->ctx, d->buf, d->len, mac, mac_len) == 0;
	ok = crypto_hmac_final(d->h, digest, sizeof(digest), &dlen) == 0 &&
	    dlen == tsig_alg_mac_len(d->key->alg) && mac_len <= dlen &&
	    crypto_equal(digest, mac, mac_len);
	crypto_wipe(digest, sizeof(digest));
	return ok;
}

int
tsig_sign(const struct tsig_key *key, uint8_t *buf, size_t *len,
    size_t cap, uint64_t now, struct tsig_mac *mac)
{
	struct tsig_digest d;
	struct tsig_vars v;
	struct dns_header hdr;
	struct wire	 w;
	uint8_t		 digest[TSIG_SIG_MAX];
	size_t		 dlen = 0, rdlen_at, rdata, rrlen;
	int		 rc = -1;

	memset(&d, 0, sizeof(d));
	mac->len = 0;
	if (*len < DNS_HEADER_LEN || *len > cap || *len > DNS_MSG_MAX)
		goto out;
	wire_reader(&w, buf, *len);
	wire_get_header(&w, &hdr);
	if (w.error != WIRE_OK || hdr.arcount == UINT16_MAX)
		goto out;

	memset(&v, 0, sizeof(v));
	v.time = now;
	v.fudge = TSIG_FUDGE;
	if (tsig_digest_start(&d, key, *len + TSIG_VARS_MAX) == -1)
		goto out;
	tsig_digest_add(&d, buf, *len);
	tsig_digest_vars(&d, &v);
	if (tsig_digest_mac(&d, digest, sizeof(digest), &dlen) == -1)
		goto out;

	/* The TSIG RR after the message, then ARCOUNT + 1. */
	wire_writer(&w, buf + *len, cap - *len);
	wire_put_dname(&w, &key->name);
	wire_put_u16(&w, DNS_TYPE_TSIG);
	wire_put_u16(&w, DNS_CLASS_ANY);
	wire_put_u32(&w, 0);
	rdlen_at = w.pos;
	wire_put_u16(&w, 0);
	rdata = w.pos;
	wire_put_dname(&w, &key->alg_name);
	wire_put_u48(&w, now);
	wire_put_u16(&w, TSIG_FUDGE);
	wire_put_u16(&w, (uint16_t)dlen);
	wire_put_bytes(&w, digest, dlen);
	wire_put_u16(&w, hdr.id);	/* original ID */
	wire_put_u16(&w, 0);		/* error */
	wire_put_u16(&w, 0);		/* other length */
	if (w.error == WIRE_OK && w.pos - rdata <= UINT16_MAX)
		wire_set_u16(&w, rdlen_at, (uint16_t)(w.pos - rdata));
	if (w.error != WIRE_OK || *len + w.pos > DNS_MSG_MAX)
		goto out;
	rrlen = w.pos;

	hdr.arcount++;
	wire_writer(&w, buf, DNS_HEADER_LEN);
	wire_put_header(&w, &hdr);
	if (w.error != WIRE_OK)
		goto out;
	*len += rrlen;
	rc = 0;
out:
	tsig_digest_end(&d);
	if (rc == 0) {
		memcpy(mac->mac, digest, dlen);
		mac->len = dlen;
	}
	crypto_wipe(digest, sizeof(digest));
	return rc;
}

/* What the TSIG RR of an answer holds. */
struct tsig_rr {
	size_t		 start;		/* offset of the RR in the message */
	struct dname	 owner;
	struct dname	 alg;
	struct tsig_vars v;
	uint16_t	 mac_len;
	const uint8_t	*mac;
	uint16_t	 orig_id;
};

/*
 * Find the TSIG RR, which must be the last record of the additional
 * section and the only TSIG, and read its RDATA.  Returns 1 when found, 0
 * when the message has no TSIG, -1 when it is malformed.
 */
static int
tsig_find(const uint8_t *msg, size_t len, struct dns_header *hdr,
    struct tsig_rr *t)
{
	struct wire	 w;
	struct dns_rr	 rr, last;
	struct rdata_tsig rd;
	unsigned long	 i, total, before_ar;
	int		 found = 0;

	memset(t, 0, sizeof(*t));
	memset(&last, 0, sizeof(last));
	wire_reader(&w, msg, len);
	wire_get_header(&w, hdr);
	for (i = 0; i < hdr->qdcount && w.error == WIRE_OK; i++)
		wire_skip_question(&w);
	before_ar = (unsigned long)hdr->ancount + hdr->nscount;
	total = before_ar + hdr->arcount;
	/* Each record takes at least 11 bytes: the error ends the loop. */
	for (i = 0; i < total && w.error == WIRE_OK; i++) {
		wire_get_rr(&w, &rr);
		if (w.error != WIRE_OK || rr.type != DNS_TYPE_TSIG)
			continue;
		if (found || i + 1 != total || i < before_ar)
			return -1;
		found = 1;
		last = rr;
	}
	/* Nothing may follow the records, in particular not after a TSIG. */
	if (w.error != WIRE_OK || w.pos != len)
		return -1;
	if (!found)
		return 0;
	/* RFC 8945 4.2: class ANY, TTL 0 (neither is in the MAC). */
	if (last.class != DNS_CLASS_ANY || last.ttl != 0)
		return -1;

	t->start = last.start;
	t->owner = last.owner;
	if (rdata_tsig(msg, len, last.rdata, last.rdlength, &rd) != WIRE_OK)
		return -1;
	t->alg = rd.alg;
	t->v.time = rd.time;
	t->v.fudge = rd.fudge;
	t->mac_len = rd.mac_len;
	t->mac = rd.mac;
	t->orig_id = rd.orig_id;
	t->v.error = rd.error;
	t->v.other_len = rd.other_len;
	t->v.other = rd.other;
	return 1;
}

/* `a` - `b` as a signed number of seconds; `a` is a 48-bit time. */
static int64_t
time_diff(uint64_t a, uint64_t b)
{
	if (a >= b)
		return (int64_t)(a - b);
	if (b - a > (uint64_t)INT64_MAX)
		return INT64_MIN;
	return -(int64_t)(b - a);
}

/*
 * 1 when `t` holds the MAC of the answer: over the request MAC's size
 * (unless `legacy`: Samba 4.17 leaves it out) and the request MAC, the
 * answer without its TSIG RR with the original ID and ARCOUNT, and the
 * answer's TSIG variables.  Else 0.
 */
static int
tsig_answer_ok(const struct tsig_key *key, const uint8_t *msg,
    const struct dns_header *hdr, const struct tsig_rr *t,
    const struct tsig_mac *request_mac, int legacy)
{
	struct tsig_digest d;
	struct dns_header orig;
	struct wire	 w;
	uint8_t		 head[DNS_HEADER_LEN], size[2];
	int		 ok = 0;

	memset(&d, 0, sizeof(d));
	orig = *hdr;
	orig.id = t->orig_id;
	orig.arcount--;		/* tsig_find() saw the TSIG there */
	wire_writer(&w, head, sizeof(head));
	wire_put_header(&w, &orig);
	wire_writer(&w, size, sizeof(size));
	wire_put_u16(&w, (uint16_t)request_mac->len);
	if (w.error == WIRE_OK && tsig_digest_start(&d, key, sizeof(size) +
	    request_mac->len + t->start + TSIG_VARS_MAX + t->v.other_len) ==
	    0) {
		if (!legacy)
			tsig_digest_add(&d, size, sizeof(size));
		tsig_digest_add(&d, request_mac->mac, request_mac->len);
		tsig_digest_add(&d, head, sizeof(head));
		tsig_digest_add(&d, msg + DNS_HEADER_LEN,
		    t->start - DNS_HEADER_LEN);
		tsig_digest_vars(&d, &t->v);
		ok = tsig_digest_check(&d, t->mac, t->mac_len);
	}
	tsig_digest_end(&d);
	return ok;
}

int
tsig_verify(const struct tsig_key *key, const uint8_t *msg, size_t len,
    const struct tsig_mac *request_mac, uint64_t now,
    struct tsig_result *res)
{
	struct dns_header hdr;
	struct tsig_rr	 t;
	struct wire	 w;
	size_t		 hash_len, min_len, max_len;
	uint64_t	 server_time;
	int		 rc = -1;

	memset(res, 0, sizeof(*res));
	res->verdict = TSIG_MALFORMED;
	if (key == NULL || msg == NULL)
		goto out;
	switch (tsig_find(msg, len, &hdr, &t)) {
	case 0:
		res->verdict = TSIG_UNSIGNED;
		goto out;
	case 1:
		break;
	default:
		goto out;	/* TSIG_MALFORMED */
	}
	res->error = t.v.error;
	res->skew = time_diff(t.v.time, now);
	res->have_time = 1;

	if (!dname_equal(&t.owner, &key->name) ||
	    !dname_equal(&t.alg, &key->alg_name)) {
		res->verdict = TSIG_OTHER_KEY;
		goto out;
	}
	if (t.v.error != DNS_RCODE_NOERROR) {
		/* BADTIME: the other data is the server's clock. */
		if (t.v.error == DNS_RCODE_BADTIME && t.v.other_len == 6) {
			wire_reader(&w, t.v.other, t.v.other_len);
			server_time = wire_get_u48(&w);
			if (w.error == WIRE_OK)
				res->skew = time_diff(server_time, now);
		}
		res->verdict = TSIG_SERVER_ERROR;
		goto out;
	}

	/*
	 * RFC 8945 5.2.2.1: 0 < size, whole hash >= size >= max(10, half).
	 * A GSS MIC has no hash length: any size up to ours.
	 */
	res->verdict = TSIG_BAD_MAC;
	hash_len = tsig_alg_mac_len(key->alg);
	min_len = hash_len / 2 > 10 ? hash_len / 2 : 10;
	max_len = hash_len;
	if (tsig_alg_is_gss(key->alg)) {
		min_len = 1;
		max_len = TSIG_SIG_MAX;
	}
	if (t.mac_len == 0 || t.mac_len > max_len || t.mac_len < min_len)
		goto out;
	if (request_mac == NULL || request_mac->len > TSIG_SIG_MAX)
		goto out;
	if (!tsig_answer_ok(key, msg, &hdr, &t, request_mac, 0)) {
		/* Samba 4.17's layout, for GSS keys alone. */
		if (!tsig_alg_is_gss(key->alg) ||
		    !tsig_answer_ok(key, msg, &hdr, &t, request_mac, 1)) {
			if (t.mac_len == request_mac->len &&
			    memcmp(t.mac, request_mac->mac, t.mac_len) == 0)
				res->verdict = TSIG_ECHOED;
			goto out;
		}
		res->legacy_layout = 1;
	}

	/* The MAC is good: only now does its time mean anything. */
	if (res->skew > (int64_t)t.v.fudge ||
	    res->skew < -(int64_t)t.v.fudge) {
		res->verdict = TSIG_BAD_TIME;
		goto out;
	}
	res->verdict = TSIG_VERIFIED;
	rc = 0;
out:
	return rc;
}

const char *
tsig_verdict_text(enum tsig_verdict verdict)
{
	switch (verdict) {
	case TSIG_VERIFIED:
		return "answer signed and verified";
	case TSIG_UNSIGNED:
		return "answer not signed";
	case TSIG_MALFORMED:
		return "malformed TSIG record (not last, twice, or bad lengths)";
	case TSIG_OTHER_KEY:
		return "answer signed with another key or algorithm";
	case TSIG_BAD_MAC:
		return "bad signature (MAC does not match or has a bad size)";
	case TSIG_ECHOED:
		return "answer carries our own request's signature, unsigned";
	case TSIG_BAD_TIME:
		return "signature time outside the allowed fudge";
	case TSIG_SERVER_ERROR:
		return "server reported a TSIG error";
	}
	return "unknown TSIG verdict";
}
