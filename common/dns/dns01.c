/* SPDX-License-Identifier: ISC */
#include "dns/dns01.h"

#include <stdint.h>
#include <string.h>

#include "dns/base64.h"
#include "dns/crypto.h"
#include "sys/os.h"

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

int
dns01_random_value(char *out, size_t size)
{
	uint8_t		 bytes[32];
	uint16_t	 r;
	size_t		 i;

	if (size < 44)
		return -1;
	for (i = 0; i < sizeof(bytes); i += 2) {
		r = os_random_id();
		bytes[i] = (uint8_t)(r >> 8);
		bytes[i + 1] = (uint8_t)(r & 0xff);
	}
	base64url_encode(bytes, sizeof(bytes), out, size);
	return 0;
}
