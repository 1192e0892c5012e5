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
 * (10) RFC 4648 section 10 base64 vectors, bad base64, algorithm names;
 * (11) GSS-TSIG (RFC 3645) with a test MIC provider (see below): the
 *     digest input of signing and of verifying, byte for byte as RFC 8945
 *     4.3.3 lays it out (written by hand), Samba 4.17's layout, sizes,
 *     other keys, time, placeholder and forgotten keys.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/base64.h"
#include "dns/crypto.h"
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
		{ "gss-tsig", 1, TSIG_GSS },
		{ "GSS-TSIG.", 1, TSIG_GSS },
		{ "gss.microsoft.com", 1, TSIG_GSS_MS },
		{ "Gss.Microsoft.Com.", 1, TSIG_GSS_MS },
		{ "gss", 0, TSIG_GSS },
		{ "gss-tsig..", 0, TSIG_GSS },
		{ "gss.microsoft", 0, TSIG_GSS },
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
	/* GSS: no number, no fixed MAC length, their own wire names. */
	for (i = 0; i < 1024; i++) {
		alg = TSIG_HMAC_SHA1;
		if (tsig_alg_from_number((unsigned)i, &alg) == 0)
			UNIT_CHECK(!tsig_alg_is_gss(alg));
	}
	UNIT_CHECK(tsig_alg_mac_len(TSIG_GSS) == 0 &&
	    tsig_alg_mac_len(TSIG_GSS_MS) == 0);
	UNIT_CHECK(tsig_alg_is_gss(TSIG_GSS) && tsig_alg_is_gss(TSIG_GSS_MS) &&
	    !tsig_alg_is_gss(TSIG_HMAC_SHA256) &&
	    !tsig_alg_is_gss(TSIG_HMAC_MD5));
	UNIT_CHECK(strcmp(tsig_alg_name(TSIG_GSS_MS), "gss.microsoft.com") ==
	    0);
	UNIT_CHECK(strcmp(tsig_alg_wire(TSIG_GSS), "gss-tsig.") == 0 &&
	    strcmp(tsig_alg_wire(TSIG_GSS_MS), "gss.microsoft.com.") == 0 &&
	    strcmp(tsig_alg_wire(TSIG_HMAC_SHA256), "hmac-sha256.") == 0 &&
	    tsig_alg_wire((enum tsig_alg)99) == NULL);
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

/*
 * GSS-TSIG (RFC 3645).  A test MIC provider stands in for the GSS-API
 * context: its MIC is the SHA-256 of the data given, each octet XORed
 * with the context's tag (and, past 32 octets, with the block number),
 * cut or repeated to the length asked; it records every input it is
 * given, so the digest input can be checked byte for byte against the
 * layout of RFC 8945 4.3.3, written out by hand below.
 */
#define GSS_SEEN_MAX	4
#define GSS_KEYNAME	"1234567890.SIG-ns1.Example.NET."
#define GSS_DATA_MAX	1024

struct gss_ctx {
	uint8_t		 tag;
	size_t		 miclen;	/* what get() makes */
	size_t		 claim;		/* when > 0: the length get() claims */
	int		 fail;		/* get() fails */
	uint8_t		 got[GSS_DATA_MAX];	/* get()'s last input */
	size_t		 got_len;
	uint8_t		 seen[GSS_SEEN_MAX][GSS_DATA_MAX];	/* verify()'s */
	size_t		 seen_len[GSS_SEEN_MAX];
	int		 calls;
};

static void
gss_mic_of(uint8_t tag, const uint8_t *data, size_t len, uint8_t *mic,
    size_t miclen)
{
	uint8_t	 sha[32];
	size_t	 i;

	if (crypto_sha256(data, len, sha) == -1)
		abort();
	for (i = 0; i < miclen; i++)
		mic[i] = (uint8_t)(sha[i % 32] ^ tag ^ (i / 32));
}

static void
gss_record(uint8_t *to, size_t *to_len, const uint8_t *data, size_t len)
{
	*to_len = len;
	memcpy(to, data, len < GSS_DATA_MAX ? len : GSS_DATA_MAX);
}

static int
gss_get(void *ctx, const uint8_t *data, size_t len, uint8_t *mic, size_t cap,
    size_t *miclen)
{
	struct gss_ctx	*c = ctx;

	gss_record(c->got, &c->got_len, data, len);
	if (c->fail || c->miclen > cap)
		return -1;
	gss_mic_of(c->tag, data, len, mic, c->miclen);
	*miclen = c->claim > 0 ? c->claim : c->miclen;
	return 0;
}

static int
gss_verify(void *ctx, const uint8_t *data, size_t len, const uint8_t *mic,
    size_t miclen)
{
	struct gss_ctx	*c = ctx;
	uint8_t		 want[TSIG_SIG_MAX];

	if (c->calls < GSS_SEEN_MAX) {
		gss_record(c->seen[c->calls], &c->seen_len[c->calls], data,
		    len);
		c->calls++;
	}
	if (miclen == 0 || miclen > sizeof(want))
		return -1;
	gss_mic_of(c->tag, data, len, want, miclen);
	return memcmp(want, mic, miclen) == 0 ? 0 : -1;
}

static struct tsig_key *
gss_key(const char *name, enum tsig_alg alg, struct gss_ctx *c)
{
	struct tsig_mic	 mic = { gss_get, gss_verify, NULL };

	mic.ctx = c;
	return tsig_key_new_mic(name, alg, &mic);
}

/* A fresh context `c` and a gss-tsig key GSS_KEYNAME on it, or NULL. */
static struct tsig_key *
gss_new(struct gss_ctx *c, uint8_t tag, size_t miclen)
{
	struct tsig_key	*key;

	memset(c, 0, sizeof(*c));
	c->tag = tag;
	c->miclen = miclen;
	key = gss_key(GSS_KEYNAME, TSIG_GSS, c);
	UNIT_CHECK(key != NULL);
	return key;
}

#define GSS_TIME	0x665f1a2bu
/* An UPDATE for zone example. with nothing in it, ID 0x1234. */
#define GSS_REQUEST \
	"1234 2800 0001 0000 0000 0000" \
	"07 6578616d706c65 00 0006 0001"
/* The TSIG variables of GSS_KEYNAME (lowercase), gss-tsig., GSS_TIME. */
#define GSS_VARS \
	"0a 31323334353637383930 07 7369672d6e7331 07 6578616d706c65" \
	"03 6e6574 00"			/* 1234567890.sig-ns1.example.net. */ \
	"00ff 00000000"			/* class ANY, TTL 0 */ \
	"08 6773732d74736967 00"	/* gss-tsig. */ \
	"0000 665f1a2b 012c"		/* time signed, fudge 300 */ \
	"0000 0000"			/* error, other length */

/* Sign GSS_REQUEST with `key`; the signed message in buf, its length. */
static size_t
gss_sign_request(const struct tsig_key *key, uint8_t *buf, size_t cap,
    struct tsig_mac *mac, int *rc)
{
	uint8_t	*req;
	size_t	 len;

	req = unit_hex(GSS_REQUEST, &len);
	memcpy(buf, req, len);
	free(req);
	*rc = tsig_sign(key, buf, &len, cap, GSS_TIME, mac);
	return len;
}

static void
test_gss_sign(void)
{
	struct gss_ctx	 c;
	struct tsig_key	*key;
	struct tsig_mac	 mac;
	uint8_t		 buf[BUF_MAX], mic[TSIG_SIG_MAX], *want, *rr;
	size_t		 len, wlen, rrlen;
	int		 rc;

	if ((key = gss_new(&c, 0x5a, 40)) == NULL)
		return;
	len = gss_sign_request(key, buf, sizeof(buf), &mac, &rc);
	UNIT_CHECK(rc == 0);
	/* The digest input: the message as it is, then the variables. */
	want = unit_hex(GSS_REQUEST GSS_VARS, &wlen);
	UNIT_EQ_BYTES(c.got, c.got_len, want, wlen);
	free(want);
	/* ARCOUNT 1, then the TSIG RR: uncompressed lowercase owner. */
	gss_mic_of(c.tag, c.got, c.got_len, mic, c.miclen);
	UNIT_CHECK(mac.len == 40 && memcmp(mac.mac, mic, 40) == 0);
	rr = unit_hex("1234 2800 0001 0000 0000 0001"
	    "07 6578616d706c65 00 0006 0001"
	    "0a 31323334353637383930 07 7369672d6e7331 07 6578616d706c65"
	    "03 6e6574 00"
	    "00fa 00ff 00000000 0042"	/* TSIG ANY, TTL 0, RDLENGTH 66 */
	    "08 6773732d74736967 00 0000 665f1a2b 012c"
	    "0028", &rrlen);		/* MAC size 40 */
	UNIT_CHECK(len == rrlen + 40 + 6);
	if (len == rrlen + 40 + 6) {
		UNIT_EQ_BYTES(buf, rrlen, rr, rrlen);
		UNIT_EQ_BYTES(buf + rrlen, 40, mic, 40);
		want = unit_hex("1234 0000 0000", &wlen);
		UNIT_EQ_BYTES(buf + rrlen + 40, 6, want, wlen);
		free(want);
	}
	free(rr);

	/* The Microsoft name goes into the variables the same way. */
	tsig_key_free(key);
	key = gss_key("k.example.", TSIG_GSS_MS, &c);
	UNIT_CHECK(key != NULL);
	len = gss_sign_request(key, buf, sizeof(buf), &mac, &rc);
	UNIT_CHECK(rc == 0);
	want = unit_hex(GSS_REQUEST "01 6b 07 6578616d706c65 00 00ff 00000000"
	    "03 677373 09 6d6963726f736f6674 03 636f6d 00"
	    "0000 665f1a2b 012c 0000 0000", &wlen);
	UNIT_EQ_BYTES(c.got, c.got_len, want, wlen);
	free(want);

	/* A MIC of TSIG_SIG_MAX octets fits; one that claims more fails. */
	c.miclen = TSIG_SIG_MAX;
	len = gss_sign_request(key, buf, sizeof(buf), &mac, &rc);
	UNIT_CHECK(rc == 0 && mac.len == TSIG_SIG_MAX);
	c.claim = TSIG_SIG_MAX + 1;
	len = gss_sign_request(key, buf, sizeof(buf), &mac, &rc);
	UNIT_CHECK(rc == -1 && mac.len == 0);
	c.claim = 0;
	c.miclen = 0;
	len = gss_sign_request(key, buf, sizeof(buf), &mac, &rc);
	UNIT_CHECK(rc == -1 && mac.len == 0);
	c.miclen = 40;
	c.fail = 1;
	len = gss_sign_request(key, buf, sizeof(buf), &mac, &rc);
	UNIT_CHECK(rc == -1 && mac.len == 0);
	UNIT_CHECK(len == 25);		/* the message untouched */
	c.fail = 0;
	/* The buffer must hold the RR. */
	len = gss_sign_request(key, buf, 25 + 40, &mac, &rc);
	UNIT_CHECK(rc == -1 && len == 25);
	/* Forgotten: the callbacks are gone, signing fails. */
	tsig_key_forget(key);
	len = gss_sign_request(key, buf, sizeof(buf), &mac, &rc);
	UNIT_CHECK(rc == -1 && mac.len == 0);
	UNIT_CHECK(strcmp(tsig_key_name(key), "k.example.") == 0 &&
	    tsig_key_alg(key) == TSIG_GSS_MS);
	tsig_key_free(key);
}

/*
 * The answer to GSS_REQUEST as a server sends it: header ID 0x9999 (the
 * TSIG's original ID 0x1234 stands in for it), the zone echoed, and a
 * TSIG RR owned by `owner` for `alg` (wire names as text).
 */
static size_t
gss_answer(uint8_t *buf, size_t cap, const char *owner, const char *alg,
    uint64_t when, const uint8_t *mic, size_t miclen)
{
	struct dname	 o, a;
	struct wire	 w;
	uint8_t		*head;
	size_t		 hlen, at;

	o = unit_name(owner);
	a = unit_name(alg);
	head = unit_hex("9999 a800 0001 0000 0000 0001"
	    "07 6578616d706c65 00 0006 0001", &hlen);
	wire_writer(&w, buf, cap);
	wire_put_bytes(&w, head, hlen);
	free(head);
	wire_put_dname(&w, &o);
	wire_put_u16(&w, DNS_TYPE_TSIG);
	wire_put_u16(&w, DNS_CLASS_ANY);
	wire_put_u32(&w, 0);
	at = w.pos;
	wire_put_u16(&w, 0);
	wire_put_dname(&w, &a);
	wire_put_u48(&w, when);
	wire_put_u16(&w, TSIG_FUDGE);
	wire_put_u16(&w, (uint16_t)miclen);
	wire_put_bytes(&w, mic, miclen);
	wire_put_u16(&w, 0x1234);
	wire_put_u16(&w, 0);
	wire_put_u16(&w, 0);
	wire_set_u16(&w, at, (uint16_t)(w.pos - at - 2));
	if (w.error != WIRE_OK)
		abort();
	return w.pos;
}

/* The request MAC the answers below answer: five octets. */
#define GSS_REQ_MAC	"0102030405"
/* What an answer's MAC covers, after the request MAC's size and MAC. */
#define GSS_ANSWER_BODY \
	"1234 a800 0001 0000 0000 0000"	/* original ID, ARCOUNT - 1 */ \
	"07 6578616d706c65 00 0006 0001" \
	GSS_VARS

static void
test_gss_verify(void)
{
	static const uint8_t secret[32] = { 7, 7, 7 };
	struct gss_ctx	 c;
	struct tsig_key	*key, *hmac;
	struct tsig_mac	 req;
	struct tsig_result res;
	struct crypto_hmac *h;
	uint8_t		 buf[BUF_MAX], mic[TSIG_SIG_MAX], *input, *samba;
	size_t		 len, ilen, slen, dlen;
	int		 rc;

	if ((key = gss_new(&c, 0xa5, 0)) == NULL)
		return;
	memset(&req, 0, sizeof(req));
	memcpy(req.mac, "\1\2\3\4\5", 5);
	req.len = 5;
	input = unit_hex("0005" GSS_REQ_MAC GSS_ANSWER_BODY, &ilen);
	samba = unit_hex(GSS_REQ_MAC GSS_ANSWER_BODY, &slen);

	/* RFC 8945 4.3.3: the MIC over the input written out above. */
	gss_mic_of(c.tag, input, ilen, mic, 37);
	len = gss_answer(buf, sizeof(buf), "1234567890.sig-ns1.example.net.",
	    "gss-tsig.", GSS_TIME, mic, 37);
	rc = tsig_verify(key, buf, len, &req, GSS_TIME + 300, &res);
	UNIT_CHECK(rc == 0 && res.verdict == TSIG_VERIFIED &&
	    res.legacy_layout == 0 && res.skew == -300);
	UNIT_CHECK(c.calls == 1);
	UNIT_EQ_BYTES(c.seen[0], c.seen_len[0], input, ilen);
	/* One second past the fudge, either way: BAD_TIME. */
	rc = tsig_verify(key, buf, len, &req, GSS_TIME + 301, &res);
	UNIT_CHECK(rc == -1 && res.verdict == TSIG_BAD_TIME &&
	    res.skew == -301);
	rc = tsig_verify(key, buf, len, &req, GSS_TIME - 301, &res);
	UNIT_CHECK(rc == -1 && res.verdict == TSIG_BAD_TIME);
	/* Another request MAC: neither layout matches. */
	req.mac[4] ^= 1;
	c.calls = 0;
	rc = tsig_verify(key, buf, len, &req, GSS_TIME, &res);
	UNIT_CHECK(rc == -1 && res.verdict == TSIG_BAD_MAC &&
	    res.legacy_layout == 0 && c.calls == 2);
	req.mac[4] ^= 1;

	/* Samba 4.17: no request MAC size; taken, and said so. */
	gss_mic_of(c.tag, samba, slen, mic, 28);
	len = gss_answer(buf, sizeof(buf), "1234567890.sig-ns1.example.net.",
	    "gss-tsig.", GSS_TIME, mic, 28);
	c.calls = 0;
	rc = tsig_verify(key, buf, len, &req, GSS_TIME, &res);
	UNIT_CHECK(rc == 0 && res.verdict == TSIG_VERIFIED &&
	    res.legacy_layout == 1);
	UNIT_CHECK(c.calls == 2);
	UNIT_EQ_BYTES(c.seen[0], c.seen_len[0], input, ilen);
	UNIT_EQ_BYTES(c.seen[1], c.seen_len[1], samba, slen);
	rc = tsig_verify(key, buf, len, &req, GSS_TIME + 301, &res);
	UNIT_CHECK(rc == -1 && res.verdict == TSIG_BAD_TIME);

	/* A MIC over neither layout (one bit off). */
	mic[0] ^= 0x80;
	len = gss_answer(buf, sizeof(buf), "1234567890.sig-ns1.example.net.",
	    "gss-tsig.", GSS_TIME, mic, 28);
	rc = tsig_verify(key, buf, len, &req, GSS_TIME, &res);
	UNIT_CHECK(rc == -1 && res.verdict == TSIG_BAD_MAC &&
	    res.legacy_layout == 0);

	/* Another key name, another algorithm: OTHER_KEY, no MIC asked. */
	c.calls = 0;
	len = gss_answer(buf, sizeof(buf), "1234567891.sig-ns1.example.net.",
	    "gss-tsig.", GSS_TIME, mic, 28);
	rc = tsig_verify(key, buf, len, &req, GSS_TIME, &res);
	UNIT_CHECK(rc == -1 && res.verdict == TSIG_OTHER_KEY);
	len = gss_answer(buf, sizeof(buf), "1234567890.sig-ns1.example.net.",
	    "gss.microsoft.com.", GSS_TIME, mic, 28);
	rc = tsig_verify(key, buf, len, &req, GSS_TIME, &res);
	UNIT_CHECK(rc == -1 && res.verdict == TSIG_OTHER_KEY);
	UNIT_CHECK(c.calls == 0);

	/* Sizes: 1..TSIG_SIG_MAX, whatever the hash. */
	gss_mic_of(c.tag, input, ilen, mic, TSIG_SIG_MAX);
	len = gss_answer(buf, sizeof(buf), "1234567890.sig-ns1.example.net.",
	    "gss-tsig.", GSS_TIME, mic, TSIG_SIG_MAX);
	UNIT_CHECK(tsig_verify(key, buf, len, &req, GSS_TIME, &res) == 0);
	gss_mic_of(c.tag, input, ilen, mic, 1);
	len = gss_answer(buf, sizeof(buf), "1234567890.sig-ns1.example.net.",
	    "gss-tsig.", GSS_TIME, mic, 1);
	UNIT_CHECK(tsig_verify(key, buf, len, &req, GSS_TIME, &res) == 0);
	c.calls = 0;
	len = gss_answer(buf, sizeof(buf), "1234567890.sig-ns1.example.net.",
	    "gss-tsig.", GSS_TIME, mic, 0);
	rc = tsig_verify(key, buf, len, &req, GSS_TIME, &res);
	UNIT_CHECK(rc == -1 && res.verdict == TSIG_BAD_MAC && c.calls == 0);
	/* TSIG_SIG_MAX + 1: refused before the callback. */
	memset(buf, 0, sizeof(buf));
	len = gss_answer(buf, sizeof(buf), "1234567890.sig-ns1.example.net.",
	    "gss-tsig.", GSS_TIME, buf + 1024, TSIG_SIG_MAX + 1);
	rc = tsig_verify(key, buf, len, &req, GSS_TIME, &res);
	UNIT_CHECK(rc == -1 && res.verdict == TSIG_BAD_MAC && c.calls == 0);
	/* Forgotten: nothing verifies any more. */
	gss_mic_of(c.tag, input, ilen, mic, 37);
	len = gss_answer(buf, sizeof(buf), "1234567890.sig-ns1.example.net.",
	    "gss-tsig.", GSS_TIME, mic, 37);
	UNIT_CHECK(tsig_verify(key, buf, len, &req, GSS_TIME, &res) == 0);
	tsig_key_forget(key);
	rc = tsig_verify(key, buf, len, &req, GSS_TIME, &res);
	UNIT_CHECK(rc == -1 && res.verdict == TSIG_BAD_MAC);

	/*
	 * An HMAC key verifies the RFC layout and never Samba's: the same
	 * answer with hmac-sha256 over each (the key name stays, the
	 * algorithm name in the variables changes).
	 */
	hmac = tsig_key_new(GSS_KEYNAME, TSIG_HMAC_SHA256, secret,
	    sizeof(secret));
	UNIT_CHECK(hmac != NULL);
	free(input);
	free(samba);
	input = unit_hex("0005" GSS_REQ_MAC
	    "1234 a800 0001 0000 0000 0000 07 6578616d706c65 00 0006 0001"
	    "0a 31323334353637383930 07 7369672d6e7331 07 6578616d706c65"
	    "03 6e6574 00 00ff 00000000"
	    "0b 686d61632d736861323536 00"	/* hmac-sha256. */
	    "0000 665f1a2b 012c 0000 0000", &ilen);
	for (rc = 0; rc < 2 && hmac != NULL; rc++) {
		/* rc 0: RFC 8945, rc 1: without the size (Samba). */
		h = crypto_hmac_new("SHA256", secret, sizeof(secret));
		UNIT_CHECK(h != NULL && crypto_hmac_update(h, input + 2 * rc,
		    ilen - 2 * (size_t)rc) == 0 &&
		    crypto_hmac_final(h, mic, sizeof(mic), &dlen) == 0 &&
		    dlen == 32);
		crypto_hmac_free(h);
		len = gss_answer(buf, sizeof(buf),
		    "1234567890.sig-ns1.example.net.", "hmac-sha256.",
		    GSS_TIME, mic, 32);
		if (rc == 0)
			UNIT_CHECK(tsig_verify(hmac, buf, len, &req, GSS_TIME,
			    &res) == 0 && res.verdict == TSIG_VERIFIED &&
			    res.legacy_layout == 0);
		else
			UNIT_CHECK(tsig_verify(hmac, buf, len, &req, GSS_TIME,
			    &res) == -1 && res.verdict == TSIG_BAD_MAC &&
			    res.legacy_layout == 0);
	}
	free(input);
	tsig_key_free(hmac);
	tsig_key_free(key);
}

/* A request signed with a GSS key verifies its answer end to end. */
static void
test_gss_round_trip(void)
{
	struct gss_ctx	 c;
	struct tsig_key	*key;
	struct tsig_mac	 req;
	struct tsig_result res;
	uint8_t		 buf[BUF_MAX], mic[TSIG_SIG_MAX], *input, *body;
	size_t		 len, blen;
	int		 rc;

	if ((key = gss_new(&c, 0x3c, 64)) == NULL)
		return;
	(void)gss_sign_request(key, buf, sizeof(buf), &req, &rc);
	UNIT_CHECK(rc == 0 && req.len == 64);
	/* [0040, the request's MIC, the answer body]: by hand. */
	body = unit_hex(GSS_ANSWER_BODY, &blen);
	input = malloc(2 + req.len + blen);
	UNIT_CHECK(input != NULL);
	if (input != NULL) {
		input[0] = 0;
		input[1] = 64;
		memcpy(input + 2, req.mac, req.len);
		memcpy(input + 2 + req.len, body, blen);
		gss_mic_of(c.tag, input, 2 + req.len + blen, mic, 48);
		len = gss_answer(buf, sizeof(buf),
		    "1234567890.sig-ns1.example.net.", "GSS-TSIG.", GSS_TIME,
		    mic, 48);
		UNIT_CHECK(tsig_verify(key, buf, len, &req, GSS_TIME,
		    &res) == 0 && res.legacy_layout == 0);
		/* Every bit of the answer but the header ID counts. */
		buf[3] ^= 1;
		UNIT_CHECK(tsig_verify(key, buf, len, &req, GSS_TIME,
		    &res) == -1 && res.verdict == TSIG_BAD_MAC);
		buf[3] ^= 1;
		buf[0] ^= 0xff;
		UNIT_CHECK(tsig_verify(key, buf, len, &req, GSS_TIME,
		    &res) == 0);
	}
	free(input);
	free(body);
	tsig_key_free(key);
}

/*
 * Samba AD answers an update its ACLs deny with SERVFAIL and the
 * request's own TSIG record, unchanged: TSIG_ECHOED, for either kind of
 * key; a MAC that merely differs stays TSIG_BAD_MAC.
 */
static void
test_echoed(void)
{
	static const uint8_t secret[32] = { 7 };
	struct gss_ctx	 c;
	struct tsig_key	*keys[2];
	struct tsig_result res;
	struct tsig_mac	 req;
	uint8_t		 buf[BUF_MAX];
	size_t		 i, len;
	int		 rc;

	keys[0] = tsig_key_new("echo.example.", TSIG_HMAC_SHA256, secret,
	    sizeof(secret));
	keys[1] = gss_new(&c, 0x3c, 64);
	UNIT_CHECK(keys[0] != NULL && keys[1] != NULL);
	for (i = 0; i < 2; i++) {
		if (keys[i] == NULL)
			continue;
		memset(buf, 0, DNS_HEADER_LEN);
		buf[2] = 0x28;				/* UPDATE */
		len = DNS_HEADER_LEN;
		rc = tsig_sign(keys[i], buf, &len, sizeof(buf), GSS_TIME,
		    &req);
		UNIT_CHECK(rc == 0);
		if (rc != 0)
			continue;
		buf[2] |= 0x80;				/* QR */
		buf[3] = 2;				/* SERVFAIL */
		UNIT_CHECK(tsig_verify(keys[i], buf, len, &req, GSS_TIME,
		    &res) == -1 && res.verdict == TSIG_ECHOED);
		/* Not our MAC: a bad signature, not an echo. */
		buf[len - 7] ^= 1;
		UNIT_CHECK(tsig_verify(keys[i], buf, len, &req, GSS_TIME,
		    &res) == -1 && res.verdict == TSIG_BAD_MAC);
	}
	tsig_key_free(keys[0]);
	tsig_key_free(keys[1]);
}

static void
test_gss_keys(void)
{
	static const uint8_t secret[] = { 1, 2, 3, 4 };
	struct tsig_mic	 mic = { gss_get, gss_verify, NULL };
	struct tsig_key	*key;
	struct tsig_mac	 mac;
	uint8_t		 buf[BUF_MAX];
	size_t		 len;
	int		 rc;

	/* A placeholder: names the algorithm, cannot sign. */
	key = tsig_key_new(GSS_KEYNAME, TSIG_GSS, NULL, 0);
	UNIT_CHECK(key != NULL);
	if (key != NULL) {
		UNIT_CHECK(tsig_key_alg(key) == TSIG_GSS);
		UNIT_CHECK(strcmp(tsig_alg_name(tsig_key_alg(key)),
		    "gss-tsig") == 0);
		len = gss_sign_request(key, buf, sizeof(buf), &mac, &rc);
		UNIT_CHECK(rc == -1 && mac.len == 0 && len == 25);
	}
	tsig_key_free(key);
	key = tsig_key_new("k", TSIG_GSS_MS, NULL, 0);
	UNIT_CHECK(key != NULL);
	tsig_key_free(key);
	/* A GSS key has no secret; an HMAC key must have one. */
	UNIT_CHECK(tsig_key_new("k", TSIG_GSS, secret, sizeof(secret)) ==
	    NULL);
	UNIT_CHECK(tsig_key_new("k", TSIG_HMAC_SHA256, NULL, 0) == NULL);
	UNIT_CHECK(tsig_key_new(".", TSIG_GSS, NULL, 0) == NULL);
	/* Callbacks only for GSS, both of them. */
	UNIT_CHECK(tsig_key_new_mic("k", TSIG_HMAC_SHA256, &mic) == NULL);
	UNIT_CHECK(tsig_key_new_mic("k", TSIG_GSS, NULL) == NULL);
	mic.verify = NULL;
	UNIT_CHECK(tsig_key_new_mic("k", TSIG_GSS, &mic) == NULL);
	mic.verify = gss_verify;
	mic.get = NULL;
	UNIT_CHECK(tsig_key_new_mic("k", TSIG_GSS_MS, &mic) == NULL);
	mic.get = gss_get;
	UNIT_CHECK(tsig_key_new_mic("a..b", TSIG_GSS, &mic) == NULL);
	key = tsig_key_new_mic("k", TSIG_GSS_MS, &mic);
	UNIT_CHECK(key != NULL && tsig_key_alg(key) == TSIG_GSS_MS);
	tsig_key_free(key);
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
	test_gss_sign();
	test_gss_verify();
	test_gss_round_trip();
	test_gss_keys();
	test_echoed();
	return unit_done("tsig");
}
