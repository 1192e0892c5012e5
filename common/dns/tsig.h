/* SPDX-License-Identifier: ISC */
#ifndef ACME_TSIG_H
#define ACME_TSIG_H

/*
 * TSIG (RFC 8945): sign a request, verify the answer.  The HMAC itself
 * comes from crypto.h.  Key material lives only inside struct tsig_key
 * and is wiped when the key is freed.
 *
 * GSS-TSIG (RFC 3645) uses the same record and the same digest input; its
 * MAC is the MIC of a GSS-API security context, which this layer never
 * sees: the caller hands in two callbacks (struct tsig_mic).
 */

#include <stddef.h>
#include <stdint.h>

#define TSIG_MAC_MAX	64	/* the largest HMAC: SHA-512 */
#define TSIG_SIG_MAX	256	/* the largest MAC, GSS MICs included */
#define TSIG_FUDGE	300	/* seconds, as nsupdate and knsupdate use */

enum tsig_alg {
	TSIG_HMAC_MD5,
	TSIG_HMAC_SHA1,
	TSIG_HMAC_SHA224,
	TSIG_HMAC_SHA256,
	TSIG_HMAC_SHA384,
	TSIG_HMAC_SHA512,
	TSIG_GSS,		/* "gss-tsig.", RFC 3645 */
	TSIG_GSS_MS		/* "gss.microsoft.com.", older Windows */
};

struct tsig_key;

/* The MAC of a signed request, needed to verify its answer. */
struct tsig_mac {
	uint8_t		 mac[TSIG_SIG_MAX];
	size_t		 len;
};

/*
 * The MAC of a GSS-TSIG key, made and checked by the GSS-API security
 * context behind `ctx` (gss_get_mic, gss_verify_mic).  The caller owns
 * the context: freeing or forgetting the key leaves it alone.
 */
struct tsig_mic {
	/* MIC over data[0..len) into mic (cap bytes), its length in
	 * *miclen; 0 or -1 */
	int	(*get)(void *ctx, const uint8_t *data, size_t len,
		    uint8_t *mic, size_t cap, size_t *miclen);
	/* 0 when `mic` is a valid MIC of data[0..len) by the context, -1
	 * otherwise */
	int	(*verify)(void *ctx, const uint8_t *data, size_t len,
		    const uint8_t *mic, size_t miclen);
	void	*ctx;
};

/* What verifying an answer found. */
enum tsig_verdict {
	TSIG_VERIFIED,		/* signed by our key, MAC and time good */
	TSIG_UNSIGNED,		/* no TSIG record at all */
	TSIG_MALFORMED,		/* TSIG not last, two TSIGs, bad lengths */
	TSIG_OTHER_KEY,		/* signed with another key name or algorithm */
	TSIG_BAD_MAC,		/* MAC does not match (or has a bad size) */
	TSIG_BAD_TIME,		/* MAC good, time outside the fudge */
	TSIG_SERVER_ERROR,	/* server's TSIG error field set (BADSIG...) */
	TSIG_ECHOED		/* our own request's TSIG sent back as it
				 * was: the server did not sign (Samba AD
				 * answers a denied update so) */
};

struct tsig_result {
	enum tsig_verdict verdict;
	uint16_t	 error;		/* the answer's TSIG error field */
	int64_t		 skew;		/* server time minus ours, seconds */
	int		 have_time;	/* 1 when `skew` is known */
	/*
	 * 1 when a GSS answer verified only over the digest input that
	 * leaves out the request MAC's length (Samba 4.17 signs so).
	 */
	int		 legacy_layout;
};

/*
 * Map "hmac-sha256", "hmac-sha256." or "HMAC-SHA256" (and the same for the
 * other algorithms; "hmac-md5.sig-alg.reg.int" for MD5, "gss-tsig" and
 * "gss.microsoft.com" for GSS-TSIG) to an algorithm.  Returns 0, or -1
 * when unknown.
 */
int	 tsig_alg_from_name(const char *name, enum tsig_alg *alg);
/*
 * Map a dnssec-keygen algorithm number (157, 161..165) to an algorithm;
 * never a GSS one (they have no number).
 */
int	 tsig_alg_from_number(unsigned number, enum tsig_alg *alg);
/* The algorithm's name as BIND writes it, e.g. "hmac-sha256". */
const char *tsig_alg_name(enum tsig_alg alg);
/* Its name in the TSIG and TKEY records, e.g. "gss-tsig."; NULL if unknown. */
const char *tsig_alg_wire(enum tsig_alg alg);
/* The MAC length of the algorithm's hash, in octets; 0 for GSS (varies). */
size_t	 tsig_alg_mac_len(enum tsig_alg alg);
/* 1 for TSIG_GSS and TSIG_GSS_MS, else 0. */
int	 tsig_alg_is_gss(enum tsig_alg alg);

/*
 * A key named `name` (a domain name as text) with a copy of `secret`.
 * Returns NULL when the name is not a valid domain name (or is the root),
 * the secret is empty, the algorithm unknown, or memory is short.
 * The caller keeps, and should wipe, its own copy of the secret.
 *
 * For TSIG_GSS and TSIG_GSS_MS the secret must be NULL and 0: the key
 * only names the algorithm (for messages) and cannot sign or verify.
 */
struct tsig_key *tsig_key_new(const char *name, enum tsig_alg alg,
	    const uint8_t *secret, size_t secret_len);
/*
 * A GSS-TSIG key named `name` (e.g. "1234567890.sig-ns1.example.net.")
 * whose MAC the callbacks of `mic` make and check; `mic` is copied.
 * Returns NULL unless `alg` is a GSS algorithm and both callbacks are
 * set, or as tsig_key_new().
 */
struct tsig_key *tsig_key_new_mic(const char *name, enum tsig_alg alg,
	    const struct tsig_mic *mic);
/* Wipe and free; NULL is fine. */
void	 tsig_key_free(struct tsig_key *key);
/*
 * Wipe and free the secret once the last update that needs it is
 * confirmed; the name and algorithm stay for messages.  Signing with the
 * key fails afterwards.  A GSS key lets go of its callbacks (the caller
 * still owns, and deletes, the context).  NULL is fine.
 */
void	 tsig_key_forget(struct tsig_key *key);
const char *tsig_key_name(const struct tsig_key *key);
enum tsig_alg tsig_key_alg(const struct tsig_key *key);


/*
 * Append a TSIG record to the message in buf[0..*len) (buffer of `cap`
 * bytes), signed at time `now` with fudge TSIG_FUDGE, and increment ARCOUNT.
 * The MAC is stored in `mac` for tsig_verify().  Returns 0, or -1 when the
 * buffer is too small, the message has no header, the key cannot sign (no
 * secret, no callbacks) or the MIC callback fails or gives 0 or more than
 * TSIG_SIG_MAX octets.
 */
int	 tsig_sign(const struct tsig_key *key, uint8_t *buf, size_t *len,
	    size_t cap, uint64_t now, struct tsig_mac *mac);

/*
 * Verify an answer to a request signed with `request_mac`, at time `now`.
 * Always fills `res`.  Returns 0 when the answer is TSIG_VERIFIED, else -1;
 * an unsigned or badly signed answer must never count as success, but its
 * rcode and TSIG error may still explain a failure.
 *
 * A GSS key's MAC (1..TSIG_SIG_MAX octets) goes to its verify callback
 * over the RFC 8945 digest input; when that fails, over the same input
 * without the request MAC's length (Samba 4.17's answers), which sets
 * `legacy_layout`.  An HMAC key never takes that second layout.
 */
int	 tsig_verify(const struct tsig_key *key, const uint8_t *msg,
	    size_t len, const struct tsig_mac *request_mac, uint64_t now,
	    struct tsig_result *res);


/*
 * Make OpenSSL load its configuration and the HMAC and digest
 * implementations of every algorithm now, so that signing and verifying
 * later need no file (call before sandbox_lock()).  Returns 0, or -1 when
 * some algorithm is not available.
 */
int	 tsig_preload(void);

/* A short text for a verdict, e.g. "answer not signed". */
const char *tsig_verdict_text(enum tsig_verdict verdict);

#endif
