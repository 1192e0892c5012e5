/* SPDX-License-Identifier: ISC */
#ifndef ACME_FUZZ_TKEY_SEED_H
#define ACME_FUZZ_TKEY_SEED_H

/*
 * What fuzz_tkey and the seeds seed_writer.c writes for it (make-seeds.sh)
 * agree on: the TKEY query's ID and key name, the MAC of the request the
 * answers answer, the clock, and a stand-in for a GSS-API context's MIC:
 * SHA-256 of the data, each octet XORed with FUZZ_TKEY_TAG, repeated to
 * the length asked.  Not a secret: it only lets signed seeds verify.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/crypto.h"

#define FUZZ_TKEY_ID		0xbeef
#define FUZZ_TKEY_KEYNAME	"12345.sig-ns1.example.net."
#define FUZZ_TKEY_NOW		1795951811ULL
#define FUZZ_TKEY_REQ_MAC	"\x31\x41\x59\x26\x53\x58\x97\x93"
#define FUZZ_TKEY_REQ_MAC_LEN	8
#define FUZZ_TKEY_TAG		0x5a
#define FUZZ_TKEY_MIC_LEN	28	/* as long as a Kerberos MIC token */

/* The MIC of data[0..len), `miclen` octets: 0, or -1. */
static inline int
fuzz_tkey_mic(const uint8_t *data, size_t len, uint8_t *mic, size_t miclen)
{
	uint8_t	 sha[32];
	size_t	 i;

	if (crypto_sha256(data, len, sha) == -1)
		return -1;
	for (i = 0; i < miclen; i++)
		mic[i] = (uint8_t)(sha[i % 32] ^ FUZZ_TKEY_TAG);
	return 0;
}

#endif
