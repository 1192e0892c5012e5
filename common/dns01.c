/* SPDX-License-Identifier: ISC */
#include "dns01.h"

#include <stdint.h>
#include <string.h>

#include "crypto.h"

int
dns01_value(const char *key_authorization, char *out, size_t size)
{
	static const char b64url[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	uint8_t		 md[32];
	size_t		 i, n = 0;
	uint32_t	 v;

	if (size < 44 || crypto_sha256(key_authorization,
	    strlen(key_authorization), md) == -1)
		return -1;
	/* 32 bytes: ten 3-byte groups, then 2 bytes as 3 characters. */
	for (i = 0; i + 3 <= sizeof(md); i += 3) {
		v = (uint32_t)md[i] << 16 | (uint32_t)md[i + 1] << 8 | md[i + 2];
		out[n++] = b64url[v >> 18 & 63];
		out[n++] = b64url[v >> 12 & 63];
		out[n++] = b64url[v >> 6 & 63];
		out[n++] = b64url[v & 63];
	}
	v = (uint32_t)md[i] << 16 | (uint32_t)md[i + 1] << 8;
	out[n++] = b64url[v >> 18 & 63];
	out[n++] = b64url[v >> 12 & 63];
	out[n++] = b64url[v >> 6 & 63];
	out[n] = '\0';
	return 0;
}
