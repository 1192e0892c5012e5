/* SPDX-License-Identifier: ISC */
#ifndef ACME_BASE64_H
#define ACME_BASE64_H

/*
 * Base64 (RFC 4648): the standard alphabet with padding, as TSIG secrets
 * are written (BIND key files, the configuration), and the URL-safe one
 * without padding, as ACME's dns-01 values are.  Nothing here is secret
 * by itself, but what it decodes may be: a failed decode leaves nothing
 * in `out`, and no intermediate stays on the stack.
 */

#include <stddef.h>
#include <stdint.h>

/*
 * Decode standard base64 (whitespace ignored) into `out` of `cap` bytes.
 * Returns the decoded length, or -1 for bad input or no room.
 */
int	 base64_decode(const char *text, uint8_t *out, size_t cap);

/*
 * Encode `n` bytes as unpadded base64url into `out` (`size` bytes, NUL
 * included).  Returns the length written, or 0 (and "" when size > 0)
 * when it does not fit.
 */
size_t	 base64url_encode(const uint8_t *in, size_t n, char *out,
	    size_t size);

#endif
