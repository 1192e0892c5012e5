/* SPDX-License-Identifier: ISC */
#include "dns01.h"

#include <stdint.h>
#include <string.h>

#include "base64.h"
#include "crypto.h"

int
dns01_value(const char *key_authorization, char *out, size_t size)
{
	uint8_t		 md[32];

	if (size < 44 || crypto_sha256(key_authorization,
	    strlen(key_authorization), md) == -1)
		return -1;
	base64url_encode(md, sizeof(md), out, size);
	return 0;
}
