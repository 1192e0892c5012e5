/* SPDX-License-Identifier: ISC */
#ifndef ACME_DNS01_H
#define ACME_DNS01_H

/*
 * The ACME dns-01 TXT value (RFC 8555 8.4) for clients that hand the hook
 * the key authorization instead of the value (lego's RAW exec mode).
 */

#include <stddef.h>

/*
 * base64url, unpadded, of the SHA-256 of `key_authorization`: 43
 * characters and a NUL in `out` (at least 44 bytes).  Returns 0, or -1.
 */
int	 dns01_value(const char *key_authorization, char *out, size_t size);
/*
 * A random value of the same shape (43 base64url characters, NUL in
 * `out` of `size` >= 44 bytes), for --check and --probe: one acme-clean
 * accepts, should one ever be left behind.  Returns 0, or -1.
 */
int	 dns01_random_value(char *out, size_t size);

#endif
