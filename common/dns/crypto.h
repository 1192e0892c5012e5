/* SPDX-License-Identifier: ISC */
#ifndef ACME_CRYPTO_H
#define ACME_CRYPTO_H

/*
 * The one module that calls OpenSSL (libcrypto 3): HMAC for TSIG, SHA-256
 * for the dns-01 value, constant-time comparison and wiping.  Nothing else
 * includes an OpenSSL header.
 */

#include <stddef.h>
#include <stdint.h>

#define CRYPTO_MD_MAX	64	/* the longest digest: SHA-512 */

/* An HMAC computation in progress (opaque). */
struct crypto_hmac;

/*
 * Start an HMAC with digest `digest` (OpenSSL's name: "SHA256", "SHA1",
 * ...) and `key`.  The key is copied into OpenSSL's context, which wipes
 * it when freed.  Returns NULL on failure (unknown digest, no memory).
 */
struct crypto_hmac *crypto_hmac_new(const char *digest, const uint8_t *key,
	    size_t keylen);
/* Feed `n` bytes.  Returns 0, or -1. */
int	 crypto_hmac_update(struct crypto_hmac *h, const uint8_t *p, size_t n);
/* The MAC into `out` (`cap` bytes), its length in `*len`.  Returns 0, -1. */
int	 crypto_hmac_final(struct crypto_hmac *h, uint8_t *out, size_t cap,
	    size_t *len);
/* Free; NULL is fine. */
void	 crypto_hmac_free(struct crypto_hmac *h);

/* SHA-256 of `n` bytes into `out` (32 bytes).  Returns 0, or -1. */
int	 crypto_sha256(const void *p, size_t n, uint8_t out[32]);

/* 1 when the `n` bytes at `a` and `b` are equal, in constant time. */
int	 crypto_equal(const void *a, const void *b, size_t n);

/* Overwrite `n` bytes at `p` in a way the compiler cannot drop. */
void	 crypto_wipe(void *p, size_t n);

#endif
