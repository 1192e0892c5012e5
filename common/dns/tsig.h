/* SPDX-License-Identifier: ISC */
#ifndef ACME_TSIG_H
#define ACME_TSIG_H

/*
 * TSIG (RFC 8945): sign a request, verify the answer.  The HMAC itself
 * comes from crypto.h.  Key material lives only inside struct tsig_key
 * and is wiped when the key is freed.
 */

#include <stddef.h>
#include <stdint.h>

#define TSIG_MAC_MAX	64	/* SHA-512 */
#define TSIG_FUDGE	300	/* seconds, as nsupdate and knsupdate use */

enum tsig_alg {
	TSIG_HMAC_MD5,
	TSIG_HMAC_SHA1,
	TSIG_HMAC_SHA224,
	TSIG_HMAC_SHA256,
	TSIG_HMAC_SHA384,
	TSIG_HMAC_SHA512,
	TSIG_GSS,		/* "gss-tsig" (RFC 3645) */
	TSIG_GSS_MS		/* "gss.microsoft.com", Windows' older name */
};

struct tsig_key;

/* The MAC of a signed request, needed to verify its answer. */
struct tsig_mac {
	uint8_t		 mac[TSIG_MAC_MAX];
	size_t		 len;
};

/* What verifying an answer found. */
enum tsig_verdict {
	TSIG_VERIFIED,		/* signed by our key, MAC and time good */
	TSIG_UNSIGNED,		/* no TSIG record at all */
	TSIG_MALFORMED,		/* TSIG not last, two TSIGs, bad lengths */
	TSIG_OTHER_KEY,		/* signed with another key name or algorithm */
	TSIG_BAD_MAC,		/* MAC does not match (or has a bad size) */
	TSIG_BAD_TIME,		/* MAC good, time outside the fudge */
	TSIG_SERVER_ERROR	/* server's TSIG error field set (BADSIG...) */
};

struct tsig_result {
	enum tsig_verdict verdict;
	uint16_t	 error;		/* the answer's TSIG error field */
	int64_t		 skew;		/* server time minus ours, seconds */
	int		 have_time;	/* 1 when `skew` is known */
};

/*
 * Map "hmac-sha256", "hmac-sha256." or "HMAC-SHA256" (and the same for the
 * other algorithms; "hmac-md5.sig-alg.reg.int" for MD5) to an algorithm.
 * Returns 0, or -1 when unknown.
 */
int	 tsig_alg_from_name(const char *name, enum tsig_alg *alg);
/* 1 for TSIG_GSS and TSIG_GSS_MS (Kerberos, no shared secret). */
int	 tsig_alg_is_gss(enum tsig_alg alg);
/* Map a dnssec-keygen algorithm number (157, 161..165) to an algorithm. */
int	 tsig_alg_from_number(unsigned number, enum tsig_alg *alg);
/* The algorithm's name as BIND writes it, e.g. "hmac-sha256". */
const char *tsig_alg_name(enum tsig_alg alg);
/* The MAC length of the algorithm's hash, in octets. */
size_t	 tsig_alg_mac_len(enum tsig_alg alg);

/*
 * A key named `name` (a domain name as text) with a copy of `secret`.
 * Returns NULL when the name is not a valid domain name (or is the root),
 * the secret is empty, the algorithm unknown, or memory is short.
 * The caller keeps, and should wipe, its own copy of the secret.  A GSS
 * algorithm takes no secret (NULL, 0): the key only names it.
 */
struct tsig_key *tsig_key_new(const char *name, enum tsig_alg alg,
	    const uint8_t *secret, size_t secret_len);
/* Wipe and free; NULL is fine. */
void	 tsig_key_free(struct tsig_key *key);
/*
 * Wipe and free the secret once the last update that needs it is
 * confirmed; the name and algorithm stay for messages.  Signing with the
 * key fails afterwards.  NULL is fine.
 */
void	 tsig_key_forget(struct tsig_key *key);
const char *tsig_key_name(const struct tsig_key *key);
enum tsig_alg tsig_key_alg(const struct tsig_key *key);


/*
 * Append a TSIG record to the message in buf[0..*len) (buffer of `cap`
 * bytes), signed at time `now` with fudge TSIG_FUDGE, and increment ARCOUNT.
 * The MAC is stored in `mac` for tsig_verify().  Returns 0, or -1 when the
 * buffer is too small or the message has no header.
 */
int	 tsig_sign(const struct tsig_key *key, uint8_t *buf, size_t *len,
	    size_t cap, uint64_t now, struct tsig_mac *mac);

/*
 * Verify an answer to a request signed with `request_mac`, at time `now`.
 * Always fills `res`.  Returns 0 when the answer is TSIG_VERIFIED, else -1;
 * an unsigned or badly signed answer must never count as success, but its
 * rcode and TSIG error may still explain a failure.
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
