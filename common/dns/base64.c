/* SPDX-License-Identifier: ISC */
#include "dns/base64.h"

#include <limits.h>
#include <stdint.h>

#include "dns/crypto.h"

/* The 6-bit value of a base64 character, or -1. */
static int
b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int
b64_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * RFC 4648 section 4, padding required: the input (less whitespace) is
 * whole quartets; '=' only as the last one or two characters of the last
 * quartet.  Leftover bits in a padded quartet are ignored, as BIND does.
 * On failure nothing decoded is left in `out`.
 */
int
base64_decode(const char *text, uint8_t *out, size_t cap)
{
	uint32_t acc = 0;
	size_t	 n = 0, q = 0, pad = 0;
	int	 v, rc = -1;

	if (text == NULL || (out == NULL && cap > 0))
		goto out;
	if (cap > INT_MAX)
		cap = INT_MAX;
	for (; *text != '\0'; text++) {
		if (b64_space(*text))
			continue;
		if (*text == '=') {
			/* "xx==" or "xxx=": at most two, not early. */
			if (q < 2 || ++pad > 2)
				goto out;
			v = 0;
		} else {
			if (pad > 0 || (v = b64_value(*text)) < 0)
				goto out;
		}
		acc = acc << 6 | (uint32_t)v;
		if (++q < 4)
			continue;
		/* A whole quartet: 3 bytes, less one per '='. */
		if (3 - pad > cap - n)
			goto out;
		out[n++] = (uint8_t)(acc >> 16);
		if (pad < 2)
			out[n++] = (uint8_t)(acc >> 8 & 0xff);
		if (pad < 1)
			out[n++] = (uint8_t)(acc & 0xff);
		acc = 0;
		q = 0;
		if (pad > 0)
			break;
	}
	if (q != 0)
		goto out;	/* a partial quartet: missing padding */
	if (pad > 0) {
		/* The loop stopped on the last '=': only whitespace after. */
		for (text++; *text != '\0'; text++)
			if (!b64_space(*text))
				goto out;
	}
	rc = (int)n;
out:
	crypto_wipe(&acc, sizeof(acc));
	if (rc == -1 && out != NULL)
		crypto_wipe(out, n);
	return rc;
}

size_t
base64url_encode(const uint8_t *in, size_t n, char *out, size_t size)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	uint32_t	 v;
	size_t		 i, k, o = 0, need = (n * 4 + 2) / 3;

	if (size == 0 || need >= size) {
		if (size > 0)
			out[0] = '\0';
		return 0;
	}
	for (i = 0; i < n; i += 3) {
		v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		/* Unpadded: 2, 3 or 4 characters for 1, 2 or 3 bytes. */
		for (k = 0; k < 4 && k <= n - i; k++)
			out[o++] = alphabet[v >> (18 - 6 * k) & 63];
	}
	out[o] = '\0';
	return o;
}
