/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: tsig_verify() on any bytes, as the answer to one real
 * request: the UPDATE capture-seeds.sh signed with the test key of
 * fuzz-key.conf (hmac-sha256), whose MAC and signing time are in
 * fuzz_tsig_seed.h.  The clock is fixed at that time, so the captured
 * BIND and Knot answers verify and mutations of them reach every check.
 */

#include <string.h>

#include "dns/base64.h"
#include "dns/crypto.h"
#include "fuzz.h"
#include "fuzz_tsig_seed.h"
#include "dns/tsig.h"

#define FUZZ_KEY_NAME	"acme-fuzz"	/* as in fuzz-key.conf */
#define FUZZ_KEY_B64	"Iz2ICz1pHfAkqjQsjX+DNdVqkg8dulBfxseZvy331lA="

static struct tsig_key	*fuzz_key;
static struct tsig_mac	 fuzz_mac;
static uint8_t		 fuzz_copy[65536];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const uint8_t mac[] = { FUZZ_REQUEST_MAC };
	uint8_t	 secret[64];
	int	 n;

	(void)argc;
	(void)argv;
	n = base64_decode(FUZZ_KEY_B64, secret, sizeof(secret));
	FUZZ_CHECK(n == 32);
	fuzz_key = tsig_key_new(FUZZ_KEY_NAME, TSIG_HMAC_SHA256, secret,
	    (size_t)n);
	crypto_wipe(secret, sizeof(secret));
	FUZZ_CHECK(fuzz_key != NULL);
	FUZZ_CHECK(sizeof(mac) == tsig_alg_mac_len(TSIG_HMAC_SHA256));
	memcpy(fuzz_mac.mac, mac, sizeof(mac));
	fuzz_mac.len = sizeof(mac);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsig_result res;
	int	 rc;

	memset(&res, 0xa5, sizeof(res));
	rc = tsig_verify(fuzz_key, data, size, &fuzz_mac, FUZZ_NOW, &res);
	FUZZ_CHECK((rc == 0) == (res.verdict == TSIG_VERIFIED));
	FUZZ_CHECK(res.verdict >= TSIG_VERIFIED &&
	    res.verdict <= TSIG_ECHOED);
	FUZZ_CHECK(tsig_verdict_text(res.verdict) != NULL);
	FUZZ_CHECK(res.have_time == 0 || res.have_time == 1);
	if (res.have_time)
		FUZZ_CHECK(res.skew >= -(int64_t)FUZZ_NOW &&
		    res.skew < (int64_t)1 << 48);
	if (rc != 0 || size < 4 || size > sizeof(fuzz_copy))
		return 0;

	/* Verified: its error field is clear, and any flipped flag bit
	 * (covered by the MAC) must break the signature. */
	FUZZ_CHECK(res.error == 0);
	FUZZ_CHECK(res.have_time && res.skew >= -TSIG_FUDGE &&
	    res.skew <= TSIG_FUDGE);
	memcpy(fuzz_copy, data, size);
	fuzz_copy[2 + size % 2] ^= (uint8_t)(1u << (size % 8));
	FUZZ_CHECK(tsig_verify(fuzz_key, fuzz_copy, size, &fuzz_mac,
	    FUZZ_NOW, &res) == -1);
	FUZZ_CHECK(res.verdict != TSIG_VERIFIED);
	return 0;
}
