/* SPDX-License-Identifier: ISC */
/*
 * TSIG (RFC 8945): signing, verifying, base64, algorithm names.
 *
 * Where the vectors come from (tests/vectors/tsig-vectors.h, generated from
 * tests/vectors/tsig-capture.txt, both written by
 * `sh tests/vectors/capture-tsig.sh`):
 * - Inside a private network namespace (unshare -rn), the script starts
 *   BIND 9.18 named (127.0.0.1 port 5301) and Knot DNS 3.2 knotd (port
 *   5302) with a dynamic zone acmesh.example.net and test-only TSIG keys it
 *   makes with `tsig-keygen -a hmac-ALG acme-ALG` (md5, sha1..sha512;
 *   acme-knot for knotd).  For each key it runs nsupdate -y for an
 *   `update add _acme-challenge.acmesh.example.net. 300 TXT "..."` through
 *   a one-shot UDP relay (capture-tsig.py) that records the request as the
 *   client sent it and the answer as the server sent it.
 * - "md5" .. "sha512": nsupdate -> named, NOERROR, answer signed by named.
 * - "badsig": nsupdate with key acme-sha256 but another secret: named
 *   answers NOTAUTH with TSIG error BADSIG (16), unsigned (MAC size 0).
 * - "badkey": key name unknown-key: NOTAUTH, BADKEY (17), unsigned.
 * - "badtime": knsupdate under `faketime -f -3600s` (nsupdate's event loop
 *   does not run under libfaketime): named answers BADTIME (18), signed,
 *   with its own clock in the other data.
 * - "knot": knsupdate -> knotd; "knot-nsupdate": nsupdate -> knotd.
 * The offsets and times listed with each vector were read by the capture
 * script's own small parser, not by ours.  What is checked:
 * (1) every request, stripped of its TSIG RR and re-signed here at its
 *     captured time with the same key, comes out byte for byte as the
 *     client sent it (so nsupdate and knsupdate MAC as we do);
 * (2) every NOERROR answer verifies with the request's MAC, within the
 *     fudge on both sides; (3) one second past it is BAD_TIME, with skew;
 * (4) no single-bit flip anywhere verifies, but for the bits the MAC does
 *     not cover by design (the header ID, replaced by the original ID, and
 *     letter case in the TSIG owner and algorithm names, canonicalised);
 * (5)..(9) unsigned, other key, server errors, malformed, MAC sizes;
 * (10) RFC 4648 section 10 base64 vectors, bad base64, algorithm names.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/base64.h"
#include "dns/tsig.h"
#include "unit.h"
#include "dns/wire.h"

#include "../vectors/tsig-vectors.h"

#define NVECTORS	(sizeof(tsig_vectors) / sizeof(tsig_vectors[0]))
#define BUF_MAX		2048

static const struct tsig_vector *
vec(const char *label)
{
	size_t	 i;

	for (i = 0; i < NVECTORS; i++)
		if (strcmp(tsig_vectors[i].label, label) == 0)
			return &tsig_vectors[i];
	fprintf(stderr, "no vector %s\n", label);
	abort();
}

static struct tsig_key *
key_with(const char *name, const char *alg_name, const char *secret)
{
	struct tsig_key	*key;
	enum tsig_alg	 alg;
	uint8_t		 raw[128];
	int		 n;

	if (tsig_alg_from_name(alg_name, &alg) != 0 ||
	    (n = base64_decode(secret, raw, sizeof(raw))) <= 0 ||
	    (key = tsig_key_new(name, alg, raw, (size_t)n)) == NULL) {
		fprintf(stderr, "cannot make key %s\n", name);
		abort();
	}
	return key;
}

static struct tsig_key *
key_of(const struct tsig_vector *v)
{
	return key_with(v->key, v->alg, v->secret);
}

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)(v & 0xff);
}

static unsigned
get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* Where the fields of the TSIG RR at `off` are (RDATA read by hand). */
struct tsig_at {
	size_t	 alg;		/* algorithm name */
	size_t	 time;		/* time signed */
	size_t	 macsize;
	size_t	 mac;
	size_t	 owner_end;
	size_t	 rdlength;
};

static size_t
skip_name(const uint8_t *m, size_t p)
{
	while (m[p] != 0 && (m[p] & 0xc0) != 0xc0)
		p += (size_t)m[p] + 1;
	return m[p] == 0 ? p + 1 : p + 2;
}

static struct tsig_at
tsig_at(const uint8_t *m, size_t off)
{
	struct tsig_at t;

	t.owner_end = skip_name(m, off);
	t.rdlength = t.owner_end + 8;
	t.alg = t.owner_end + 10;
	t.time = skip_name(m, t.alg);
	t.macsize = t.time + 8;
	t.mac = t.macsize + 2;
	return t;
}

/* (1) Re-sign each captured request and compare with the client's. */
static void
test_sign_matches_clients(void)
{
	const struct tsig_vector *v;
	struct tsig_key	*key;
	struct tsig_mac	 mac;
	struct tsig_at	 at;
	uint8_t		*req, buf[BUF_MAX];
	size_t		 i, reqlen, len;

	for (i = 0; i < NVECTORS; i++) {
		v = &tsig_vectors[i];
		key = key_of(v);
		req = unit_hex(v->request, &reqlen);
		UNIT_CHECK(reqlen <= sizeof(buf) && v->req_tsig < reqlen);
		memcpy(buf, req, v->req_tsig);
		put16(buf + 10, get16(buf + 10) - 1);
		len = v->req_tsig;
		UNIT_CHECK(tsig_sign(key, buf, &len, sizeof(buf), v->req_time,
		    &mac) == 0);
		if (len != reqlen)
			fprintf(stderr, "vector %s\n", v->label);
		UNIT_EQ_BYTES(buf, len, req, reqlen);
		at = tsig_at(req, v->req_tsig);
		UNIT_CHECK(mac.len == tsig_alg_mac_len(tsig_key_alg(key)));
		UNIT_CHECK(get16(req + at.macsize) == mac.len);
		UNIT_EQ_BYTES(mac.mac, mac.len, req + at.mac, mac.len);
		free(req);
		tsig_key_free(key);
	}
}

/* The MAC of the captured request, as the client put it on the wire. */
static struct tsig_mac
request_mac(const struct tsig_vector *v)
{
	struct tsig_mac	 m;
	struct tsig_at	 at;
	uint8_t		*req;
	size_t		 len;

	req = unit_hex(v->request, &len);
	at = tsig_at(req, v->req_tsig);
	m.len = get16(req + at.macsize);
	if (m.len > sizeof(m.mac))
		abort();
	memcpy(m.mac, req + at.mac, m.len);
	free(req);
	return m;
}

static enum tsig_verdict
verify(const struct tsig_key *key, const uint8_t *msg, size_t len,
    const struct tsig_mac *mac, uint64_t now, struct tsig_result *res)
{
	int	 rc;

	rc = tsig_verify(key, msg, len, mac, now, res);
	/* 0 exactly when verified, whatever else happened. */
	UNIT_CHECK((rc == 0) == (res->verdict == TSIG_VERIFIED));
	return res->verdict;
}

static const char *const good[] = {
	"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "knot",
	"knot-nsupdate"
};
#define NGOOD	(sizeof(good) / sizeof(good[0]))

/* (2) and (3): named's and knotd's answers, time inside and outside. */
static void
test_verify_answers(void)
{
	const struct tsig_vector *v;
	struct tsig_key	*key;
	struct tsig_result res;
	struct tsig_mac	 mac;
	uint8_t		*ans;
	size_t		 i, len;

	for (i = 0; i < NGOOD; i++) {
		v = vec(good[i]);
		key = key_of(v);
		mac = request_mac(v);
		ans = unit_hex(v->answer, &len);
		UNIT_CHECK(v->ans_error == 0);
		UNIT_CHECK(verify(key, ans, len, &mac, v->ans_time, &res) ==
		    TSIG_VERIFIED);
		UNIT_CHECK(res.error == 0 && res.have_time && res.skew == 0);
		UNIT_CHECK(verify(key, ans, len, &mac, v->ans_time + 300,
		    &res) == TSIG_VERIFIED && res.skew == -300);
		UNIT_CHECK(verify(key, ans, len, &mac, v->ans_time - 300,
		    &res) == TSIG_VERIFIED && res.skew == 300);
		UNIT_CHECK(verify(key, ans, len, &mac, v->ans_time + 301,
		    &res) == TSIG_BAD_TIME);
		UNIT_CHECK(res.have_time && res.skew == -301);
		UNIT_CHECK(verify(key, ans, len, &mac, v->ans_time - 301,
		    &res) == TSIG_BAD_TIME && res.skew == 301);
		UNIT_CHECK(verify(key, ans, len, &mac, 0, &res) ==
		    TSIG_BAD_TIME && res.skew == (int64_t)v->ans_time);
		/* Another request's MAC: the answer is not to our request. */
		mac.mac[0] ^= 1;
		UNIT_CHECK(verify(key, ans, len, &mac, v->ans_time, &res) ==
		    TSIG_BAD_MAC);
		mac.mac[0] ^= 1;
		mac.len--;
		UNIT_CHECK(verify(key, ans, len, &mac, v->ans_time, &res) ==
		    TSIG_BAD_MAC);
		free(ans);
		tsig_key_free(key);
	}
}

/* Is byte `i` a letter in a name of the TSIG RR (case not MACed)? */
static int
case_free(const uint8_t *m, const struct tsig_vector *v,
    const struct tsig_at *at, size_t i)
{
	int	 in_names;

	in_names = (i >= v->ans_tsig && i < at->owner_end) ||
	    (i >= at->alg && i < at->time);
	return in_names && ((m[i] | 0x20) >= 'a' && (m[i] | 0x20) <= 'z');
}

/* (4) Every single-bit flip in the whole answer. */
static void
test_bit_flips(void)
{
	const struct tsig_vector *v;
	struct tsig_key	*key;
	struct tsig_result res;
	struct tsig_mac	 mac;
	struct tsig_at	 at;
	enum tsig_verdict verdict;
	uint8_t		*ans;
	size_t		 i, g, len, bit, bad_mac, rejected, tolerated;

	for (g = 0; g < NGOOD; g++) {
		v = vec(good[g]);
		key = key_of(v);
		mac = request_mac(v);
		ans = unit_hex(v->answer, &len);
		at = tsig_at(ans, v->ans_tsig);
		bad_mac = rejected = tolerated = 0;
		for (i = 0; i < len; i++)
			for (bit = 0; bit < 8; bit++) {
				ans[i] ^= (uint8_t)(1u << bit);
				verdict = verify(key, ans, len, &mac,
				    v->ans_time, &res);
				ans[i] ^= (uint8_t)(1u << bit);
				if (i < 2 || (bit == 5 &&
				    case_free(ans, v, &at, i))) {
					/* Not covered by the MAC, by design. */
					UNIT_CHECK(verdict == TSIG_VERIFIED);
					tolerated++;
					continue;
				}
				if (verdict != TSIG_VERIFIED)
					rejected++;
				else
					fprintf(stderr, "%s: flip of bit %zu "
					    "of byte %zu verified\n", v->label,
					    bit, i);
				/*
				 * Flags, time and MAC: a bad MAC.  (The
				 * counts make the message malformed.)
				 */
				if ((i >= 2 && i < 4) ||
				    (i >= at.time && i < at.time + 6) ||
				    (i >= at.mac && i < at.mac + mac.len)) {
					if (verdict == TSIG_BAD_MAC)
						bad_mac++;
					else
						fprintf(stderr, "%s: byte %zu "
						    "bit %zu: verdict %d\n",
						    v->label, i, bit, verdict);
				}
			}
		UNIT_CHECK(rejected + tolerated == len * 8);
		UNIT_CHECK(bad_mac == (2 + 6 + mac.len) * 8);
		free(ans);
		tsig_key_free(key);
	}
}

/* (5) The answer with its TSIG RR taken away. */
static void
test_unsigned(void)
{
	const struct tsig_vector *v = vec("sha256");
	struct tsig_key	*key;
	struct tsig_result res;
	struct tsig_mac	 mac;
	uint8_t		*ans;
	size_t		 len;

	key = key_of(v);
	mac = request_mac(v);
	ans = unit_hex(v->answer, &len);
	put16(ans + 10, get16(ans + 10) - 1);
	UNIT_CHECK(verify(key, ans, v->ans_tsig, &mac, v->ans_time, &res) ==
	    TSIG_UNSIGNED);
	UNIT_CHECK(res.have_time == 0 && res.error == 0);
	free(ans);
	tsig_key_free(key);
}

/* (6) Signed with a key of another name, or another algorithm. */
static void
test_other_key(void)
{
	const struct tsig_vector *v = vec("sha256");
	struct tsig_key	*key;
	struct tsig_result res;
	struct tsig_mac	 mac;
	uint8_t		*ans;
	size_t		 len;

	mac = request_mac(v);
	ans = unit_hex(v->answer, &len);
	key = key_with("acme-sha256.example.", v->alg, v->secret);
	UNIT_CHECK(verify(key, ans, len, &mac, v->ans_time, &res) ==
	    TSIG_OTHER_KEY);
	tsig_key_free(key);
	key = key_with(v->key, "hmac-sha512", v->secret);
	UNIT_CHECK(verify(key, ans, len, &mac, v->ans_time, &res) ==
	    TSIG_OTHER_KEY);
	tsig_key_free(key);
	/* The other key's own answer with ours. */
	key = key_with(v->key, v->alg, vec("sha512")->secret);
	UNIT_CHECK(verify(key, ans, len, &mac, v->ans_time, &res) ==
	    TSIG_BAD_MAC);
	tsig_key_free(key);
	/* Key names compare without case, as names do. */
	key = key_with("ACME-SHA256.", v->alg, v->secret);
	UNIT_CHECK(verify(key, ans, len, &mac, v->ans_time, &res) ==
	    TSIG_VERIFIED);
	tsig_key_free(key);
	free(ans);
}

/* (7) named's BADSIG, BADKEY and BADTIME answers. */
static void
test_server_errors(void)
{
	static const struct {
		const char	*label;
		unsigned	 error;
	} cases[] = {
		{ "badsig", DNS_RCODE_BADSIG },
		{ "badkey", DNS_RCODE_BADKEY },
		{ "badtime", DNS_RCODE_BADTIME }
	};
	const struct tsig_vector *v;
	struct tsig_key	*key;
	struct tsig_result res;
	struct tsig_mac	 mac;
	uint8_t		*ans;
	size_t		 i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = vec(cases[i].label);
		key = key_of(v);
		mac = request_mac(v);
		ans = unit_hex(v->answer, &len);
		UNIT_CHECK(v->ans_error == cases[i].error);
		UNIT_CHECK((ans[3] & 0xf) == DNS_RCODE_NOTAUTH);
		UNIT_CHECK(verify(key, ans, len, &mac, v->req_time, &res) ==
		    TSIG_SERVER_ERROR);
		UNIT_CHECK(res.error == cases[i].error && res.have_time);
		if (cases[i].error == DNS_RCODE_BADTIME) {
			/* Skew from the server's clock in the other data. */
			UNIT_CHECK(v->ans_other != 0);
			UNIT_CHECK(res.skew ==
			    (int64_t)v->ans_other - (int64_t)v->req_time);
			UNIT_CHECK(res.skew >= 3599 && res.skew <= 3601);
		} else
			UNIT_CHECK(res.skew == 0);
		free(ans);
		tsig_key_free(key);
	}
}

/* Copy `len` bytes of `src` into a new buffer with room to spare. */
static uint8_t *
grow(const uint8_t *src, size_t len)
{
	uint8_t	*p;

	if ((p = calloc(1, len + BUF_MAX)) == NULL)
		abort();
	memcpy(p, src, len);
	return p;
}

/* (8) TSIG not last, twice, misplaced; broken lengths; truncations. */
static void
test_malformed(void)
{
	static const uint8_t a_rr[] = {	/* ns1.acmesh.example.net A */
		0x03, 'n', 's', '1', 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01,
		0x00, 0x00, 0x01, 0x2c, 0x00, 0x04, 127, 0, 0, 1
	};
	const struct tsig_vector *v = vec("sha256");
	struct tsig_key	*key;
	struct tsig_result res;
	struct tsig_mac	 mac;
	struct tsig_at	 at;
	uint8_t		*ans, *m;
	size_t		 len, n, rrlen;

	key = key_of(v);
	mac = request_mac(v);
	ans = unit_hex(v->answer, &len);
	at = tsig_at(ans, v->ans_tsig);
	rrlen = len - v->ans_tsig;

	/* A record after the TSIG. */
	m = grow(ans, len);
	memcpy(m + len, a_rr, sizeof(a_rr));
	put16(m + 10, get16(m + 10) + 1);
	UNIT_CHECK(verify(key, m, len + sizeof(a_rr), &mac, v->ans_time,
	    &res) == TSIG_MALFORMED);
	free(m);

	/* The TSIG twice. */
	m = grow(ans, len);
	memcpy(m + len, ans + v->ans_tsig, rrlen);
	put16(m + 10, get16(m + 10) + 1);
	UNIT_CHECK(verify(key, m, len + rrlen, &mac, v->ans_time, &res) ==
	    TSIG_MALFORMED);
	free(m);

	/* The TSIG in the authority section (NSCOUNT 1, ARCOUNT 0). */
	m = grow(ans, len);
	put16(m + 8, 1);
	put16(m + 10, 0);
	UNIT_CHECK(verify(key, m, len, &mac, v->ans_time, &res) ==
	    TSIG_MALFORMED);
	free(m);

	/* A byte after the TSIG, counted in RDLENGTH or not. */
	m = grow(ans, len);
	m[len] = 0;
	UNIT_CHECK(verify(key, m, len + 1, &mac, v->ans_time, &res) ==
	    TSIG_MALFORMED);
	put16(m + at.rdlength, get16(m + at.rdlength) + 1);
	UNIT_CHECK(verify(key, m, len + 1, &mac, v->ans_time, &res) ==
	    TSIG_MALFORMED);
	free(m);

	/* MAC size past the RDATA. */
	m = grow(ans, len);
	put16(m + at.macsize, get16(m + at.macsize) + 7);
	UNIT_CHECK(verify(key, m, len, &mac, v->ans_time, &res) ==
	    TSIG_MALFORMED);
	free(m);

	/* Class IN instead of ANY; a TTL other than 0. */
	m = grow(ans, len);
	put16(m + at.owner_end + 2, DNS_CLASS_IN);
	UNIT_CHECK(verify(key, m, len, &mac, v->ans_time, &res) ==
	    TSIG_MALFORMED);
	free(m);
	m = grow(ans, len);
	m[at.owner_end + 7] = 1;
	UNIT_CHECK(verify(key, m, len, &mac, v->ans_time, &res) ==
	    TSIG_MALFORMED);
	free(m);

	/* Every truncation, each in a buffer of exactly that size. */
	for (n = 0; n < len; n++) {
		m = grow(ans, n);
		UNIT_CHECK(tsig_verify(key, n > 0 ? m : NULL, n, &mac,
		    v->ans_time, &res) == -1 &&
		    res.verdict == TSIG_MALFORMED);
		free(m);
	}
	free(ans);
	tsig_key_free(key);
}

/*
 * (9) MAC sizes.  The MAC is the leftmost octets of the HMAC (RFC 8945
 * 5.2.2.1), so the server's MAC cut to any allowed size still verifies;
 * below max(10, half the hash), 0, or above the hash it must not.
 */
static void
test_mac_sizes(void)
{
	static const char *const labels[] = {
		"md5", "sha1", "sha224", "sha256", "sha384", "sha512"
	};
	const struct tsig_vector *v;
	struct tsig_key	*key;
	struct tsig_result res;
	struct tsig_mac	 mac;
	struct tsig_at	 at;
	enum tsig_verdict verdict;
	uint8_t		*ans, *m;
	size_t		 l, n, len, hash, min, cut;

	for (l = 0; l < sizeof(labels) / sizeof(labels[0]); l++) {
		v = vec(labels[l]);
		key = key_of(v);
		mac = request_mac(v);
		ans = unit_hex(v->answer, &len);
		at = tsig_at(ans, v->ans_tsig);
		hash = get16(ans + at.macsize);
		UNIT_CHECK(hash == tsig_alg_mac_len(tsig_key_alg(key)));
		min = hash / 2 > 10 ? hash / 2 : 10;
		for (n = 0; n <= hash + 1; n++) {
			m = grow(ans, len);
			if (n <= hash) {
				/* Cut the MAC to n octets. */
				cut = hash - n;
				memmove(m + at.mac + n, ans + at.mac + hash,
				    len - at.mac - hash);
			} else {
				/* One octet more than the hash gives. */
				memmove(m + at.mac + hash + 1,
				    ans + at.mac + hash, len - at.mac - hash);
				m[at.mac + hash] = 0;
				cut = 0;
			}
			put16(m + at.macsize, (unsigned)n);
			put16(m + at.rdlength, (unsigned)(get16(ans +
			    at.rdlength) + n - hash));
			verdict = verify(key, m, n <= hash ? len - cut :
			    len + 1, &mac, v->ans_time, &res);
			if (n >= min && n <= hash)
				UNIT_CHECK(verdict == TSIG_VERIFIED);
			else
				UNIT_CHECK(verdict == TSIG_BAD_MAC);
			free(m);
		}
		free(ans);
		tsig_key_free(key);
	}
}

/* Signing: the buffer limits, and what a failure leaves. */
static void
test_sign_limits(void)
{
	const struct tsig_vector *v = vec("sha256");
	struct tsig_key	*key;
	struct tsig_mac	 mac;
	uint8_t		*req, buf[BUF_MAX], before[BUF_MAX];
	size_t		 reqlen, len, cap;

	key = key_of(v);
	req = unit_hex(v->request, &reqlen);
	memcpy(buf, req, v->req_tsig);
	put16(buf + 10, get16(buf + 10) - 1);
	memcpy(before, buf, v->req_tsig);
	/* One byte short of the room needed, then exactly enough. */
	cap = reqlen - 1;
	len = v->req_tsig;
	UNIT_CHECK(tsig_sign(key, buf, &len, cap, v->req_time, &mac) == -1);
	UNIT_CHECK(len == v->req_tsig && mac.len == 0);
	UNIT_EQ_BYTES(buf, v->req_tsig, before, v->req_tsig);
	UNIT_CHECK(tsig_sign(key, buf, &len, reqlen, v->req_time, &mac) ==
	    0);
	UNIT_EQ_BYTES(buf, len, req, reqlen);
	/* No header; length over capacity; a time beyond 48 bits. */
	len = DNS_HEADER_LEN - 1;
	UNIT_CHECK(tsig_sign(key, buf, &len, sizeof(buf), 0, &mac) == -1);
	len = 20;
	UNIT_CHECK(tsig_sign(key, buf, &len, 19, 0, &mac) == -1);
	memcpy(buf, before, v->req_tsig);
	len = v->req_tsig;
	UNIT_CHECK(tsig_sign(key, buf, &len, sizeof(buf), (uint64_t)1 << 48,
	    &mac) == -1 && len == v->req_tsig);
	/* ARCOUNT already at its maximum. */
	put16(buf + 10, 0xffff);
	UNIT_CHECK(tsig_sign(key, buf, &len, sizeof(buf), 0, &mac) == -1);
	free(req);
	tsig_key_free(key);
}

static void
b64_ok(const char *text, const char *want)
{
	uint8_t	 out[64];
	int	 n;

	n = base64_decode(text, out, sizeof(out));
	if (n < 0)
		fprintf(stderr, "base64 \"%s\" refused\n", text);
	UNIT_CHECK(n >= 0);
	if (n >= 0)
		UNIT_EQ_BYTES(out, (size_t)n, (const uint8_t *)want,
		    strlen(want));
}

static void
b64_bad(const char *text)
{
	uint8_t	 out[64];

	memset(out, 0xaa, sizeof(out));
	if (base64_decode(text, out, sizeof(out)) != -1)
		fprintf(stderr, "base64 \"%s\" accepted\n", text);
	UNIT_CHECK(base64_decode(text, out, sizeof(out)) == -1);
}

/* (10) RFC 4648 section 10, whitespace, bad input, room. */
static void
test_base64(void)
{
	uint8_t		 out[64], *want;
	size_t		 i, wlen;
	int		 n;

	b64_ok("", "");
	b64_ok("Zg==", "f");
	b64_ok("Zm8=", "fo");
	b64_ok("Zm9v", "foo");
	b64_ok("Zm9vYg==", "foob");
	b64_ok("Zm9vYmE=", "fooba");
	b64_ok("Zm9vYmFy", "foobar");
	b64_ok(" Zm9v\n\tYmFy\r\n", "foobar");
	b64_ok("Zm9vYg= =\n", "foob");
	b64_ok("Zm9vYg==  \n", "foob");
	b64_ok("  ", "");

	b64_bad("Zg");			/* no padding */
	b64_bad("Zg=");			/* short padding */
	b64_bad("Zm9vY");		/* one char left over */
	b64_bad("Z===");		/* three '=' */
	b64_bad("====");
	b64_bad("=Zg=");
	b64_bad("Zg==Zg==");		/* data after padding */
	b64_bad("Zg==x");
	b64_bad("Zm9vYmE==");		/* too much padding */
	b64_bad("Zm=v");		/* '=' inside */
	b64_bad("Zm9v!mFy");		/* not in the alphabet */
	b64_bad("Zm-_");		/* base64url */
	b64_bad("Zm9v\001");

	/* Room: exactly enough, one short; a failure leaves no bytes. */
	UNIT_CHECK(base64_decode("Zm9vYmFy", out, 6) == 6);
	memset(out, 0, sizeof(out));
	UNIT_CHECK(base64_decode("Zm9vYmFy", out, 5) == -1);
	UNIT_CHECK(out[0] == 0 && out[1] == 0 && out[2] == 0);
	UNIT_CHECK(base64_decode("Zg==", out, 0) == -1);
	UNIT_CHECK(base64_decode(NULL, out, sizeof(out)) == -1);

	/* Every captured secret, as Python's base64 module decodes it. */
	for (i = 0; i < NVECTORS; i++) {
		n = base64_decode(tsig_vectors[i].secret, out,
		    sizeof(out));
		want = unit_hex(tsig_vectors[i].secret_hex, &wlen);
		UNIT_CHECK(n > 0);
		if (n > 0)
			UNIT_EQ_BYTES(out, (size_t)n, want, wlen);
		free(want);
	}
}

static void
test_alg_names(void)
{
	static const struct {
		const char	*text;
		int		 ok;
		enum tsig_alg	 alg;
	} names[] = {
		{ "hmac-md5", 1, TSIG_HMAC_MD5 },
		{ "hmac-md5.", 1, TSIG_HMAC_MD5 },
		{ "HMAC-MD5.SIG-ALG.REG.INT", 1, TSIG_HMAC_MD5 },
		{ "hmac-md5.sig-alg.reg.int.", 1, TSIG_HMAC_MD5 },
		{ "hmac-sha1", 1, TSIG_HMAC_SHA1 },
		{ "hmac-sha224", 1, TSIG_HMAC_SHA224 },
		{ "hmac-sha256", 1, TSIG_HMAC_SHA256 },
		{ "HMAC-SHA256.", 1, TSIG_HMAC_SHA256 },
		{ "Hmac-Sha384", 1, TSIG_HMAC_SHA384 },
		{ "hmac-sha512.", 1, TSIG_HMAC_SHA512 },
		{ "hmac-sha256..", 0, TSIG_HMAC_SHA256 },
		{ "hmac-sha256x", 0, TSIG_HMAC_SHA256 },
		{ "hmac-sha", 0, TSIG_HMAC_SHA256 },
		{ "hmac-md5.sig-alg", 0, TSIG_HMAC_SHA256 },
		{ "md5", 0, TSIG_HMAC_SHA256 },
		{ "sha256", 0, TSIG_HMAC_SHA256 },
		{ "hmac-sha256.sig-alg.reg.int", 0, TSIG_HMAC_SHA256 },
		{ ".", 0, TSIG_HMAC_SHA256 },
		{ "", 0, TSIG_HMAC_SHA256 }
	};
	static const struct {
		unsigned	 number;
		enum tsig_alg	 alg;
		const char	*name;
		size_t		 len;
	} algs[] = {
		{ 157, TSIG_HMAC_MD5, "hmac-md5", 16 },
		{ 161, TSIG_HMAC_SHA1, "hmac-sha1", 20 },
		{ 162, TSIG_HMAC_SHA224, "hmac-sha224", 28 },
		{ 163, TSIG_HMAC_SHA256, "hmac-sha256", 32 },
		{ 164, TSIG_HMAC_SHA384, "hmac-sha384", 48 },
		{ 165, TSIG_HMAC_SHA512, "hmac-sha512", 64 }
	};
	enum tsig_alg	 alg;
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		alg = TSIG_HMAC_SHA1;
		rc = tsig_alg_from_name(names[i].text, &alg);
		if ((rc == 0) != names[i].ok)
			fprintf(stderr, "algorithm \"%s\"\n", names[i].text);
		UNIT_CHECK((rc == 0) == names[i].ok);
		if (names[i].ok)
			UNIT_CHECK(alg == names[i].alg);
	}
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		UNIT_CHECK(tsig_alg_from_number(algs[i].number, &alg) == 0 &&
		    alg == algs[i].alg);
		UNIT_CHECK(strcmp(tsig_alg_name(algs[i].alg),
		    algs[i].name) == 0);
		UNIT_CHECK(tsig_alg_mac_len(algs[i].alg) == algs[i].len);
	}
	UNIT_CHECK(tsig_alg_from_number(0, &alg) == -1);
	UNIT_CHECK(tsig_alg_from_number(158, &alg) == -1);
	UNIT_CHECK(tsig_alg_from_number(160, &alg) == -1);
	UNIT_CHECK(tsig_alg_from_number(166, &alg) == -1);
}

static void
test_keys(void)
{
	static const uint8_t secret[] = { 1, 2, 3, 4 };
	struct tsig_key	*key;
	int		 v;

	key = tsig_key_new("Key.Example.", TSIG_HMAC_SHA256, secret,
	    sizeof(secret));
	UNIT_CHECK(key != NULL);
	if (key != NULL) {
		UNIT_CHECK(strcmp(tsig_key_name(key), "Key.Example.") == 0);
		UNIT_CHECK(tsig_key_alg(key) == TSIG_HMAC_SHA256);
	}
	tsig_key_free(key);
	tsig_key_free(NULL);
	UNIT_CHECK(tsig_key_new("a..b", TSIG_HMAC_SHA256, secret,
	    sizeof(secret)) == NULL);
	UNIT_CHECK(tsig_key_new("", TSIG_HMAC_SHA256, secret,
	    sizeof(secret)) == NULL);
	UNIT_CHECK(tsig_key_new(".", TSIG_HMAC_SHA256, secret,
	    sizeof(secret)) == NULL);
	UNIT_CHECK(tsig_key_new("k", TSIG_HMAC_SHA256, secret, 0) == NULL);
	UNIT_CHECK(tsig_key_new("k", (enum tsig_alg)99, secret,
	    sizeof(secret)) == NULL);
	/* Every verdict has its own text. */
	for (v = TSIG_VERIFIED; v <= TSIG_ECHOED; v++) {
		UNIT_CHECK(strlen(tsig_verdict_text((enum tsig_verdict)v)) >
		    0);
		if (v > TSIG_VERIFIED)
			UNIT_CHECK(strcmp(tsig_verdict_text(
			    (enum tsig_verdict)v), tsig_verdict_text(
			    (enum tsig_verdict)(v - 1))) != 0);
	}
}

int
main(void)
{
	test_sign_matches_clients();
	test_verify_answers();
	test_bit_flips();
	test_unsigned();
	test_other_key();
	test_server_errors();
	test_malformed();
	test_mac_sizes();
	test_sign_limits();
	test_base64();
	test_alg_names();
	test_keys();
	return unit_done("tsig");
}
