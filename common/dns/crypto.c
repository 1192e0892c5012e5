/* SPDX-License-Identifier: ISC */
#include "dns/crypto.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

struct crypto_hmac {
	EVP_MAC		*mac;
	EVP_MAC_CTX	*ctx;
};

struct crypto_hmac *
crypto_hmac_new(const char *digest, const uint8_t *key, size_t keylen)
{
	struct crypto_hmac *h;
	OSSL_PARAM	 params[2];
	char		 name[16];

	/* OSSL_PARAM wants a non-const string. */
	if (strlen(digest) >= sizeof(name))
		return NULL;
	memcpy(name, digest, strlen(digest) + 1);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    name, 0);
	params[1] = OSSL_PARAM_construct_end();
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	if ((h->mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL ||
	    (h->ctx = EVP_MAC_CTX_new(h->mac)) == NULL ||
	    EVP_MAC_init(h->ctx, key, keylen, params) != 1) {
		crypto_hmac_free(h);
		return NULL;
	}
	return h;
}

int
crypto_hmac_update(struct crypto_hmac *h, const uint8_t *p, size_t n)
{
	if (n == 0)
		return 0;
	return EVP_MAC_update(h->ctx, p, n) == 1 ? 0 : -1;
}

int
crypto_hmac_final(struct crypto_hmac *h, uint8_t *out, size_t cap,
    size_t *len)
{
	return EVP_MAC_final(h->ctx, out, len, cap) == 1 ? 0 : -1;
}

void
crypto_hmac_free(struct crypto_hmac *h)
{
	if (h == NULL)
		return;
	EVP_MAC_CTX_free(h->ctx);
	EVP_MAC_free(h->mac);
	free(h);
}

int
crypto_sha256(const void *p, size_t n, uint8_t out[32])
{
	size_t	 len = 0;

	if (EVP_Q_digest(NULL, "SHA256", NULL, p, n, out, &len) != 1 ||
	    len != 32)
		return -1;
	return 0;
}

int
crypto_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

void
crypto_wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		OPENSSL_cleanse(p, n);
}
