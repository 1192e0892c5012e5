/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the answer to a GSS-TSIG TKEY query, any bytes.
 * Each input goes to tkey_parse_answer() as the answer to query
 * FUZZ_TKEY_ID for FUZZ_TKEY_KEYNAME, and to tsig_verify() with a GSS key
 * of that name whose MIC callbacks are fuzz_tkey_seed.h's stand-in, as
 * the answer to a request whose MAC is FUZZ_TKEY_REQ_MAC, at
 * FUZZ_TKEY_NOW.  The seeds (make-seeds.sh, seed_writer.c) are answers
 * signed over RFC 8945's layout and over Samba 4.17's, so that mutations
 * of them reach every check of both.
 */

#include <string.h>

#include "dns/tkey.h"
#include "dns/tsig.h"
#include "fuzz.h"
#include "fuzz_tkey_seed.h"

static struct tsig_key	*fuzz_key;
static struct tsig_mac	 fuzz_mac;
static struct dname	 fuzz_name;
static int		 fuzz_gets, fuzz_verifies;
static uint8_t		 fuzz_copy[65536];

static int
mic_get(void *ctx, const uint8_t *data, size_t len, uint8_t *mic,
    size_t cap, size_t *miclen)
{
	(void)ctx;
	fuzz_gets++;
	if (cap < FUZZ_TKEY_MIC_LEN ||
	    fuzz_tkey_mic(data, len, mic, FUZZ_TKEY_MIC_LEN) == -1)
		return -1;
	*miclen = FUZZ_TKEY_MIC_LEN;
	return 0;
}

static int
mic_verify(void *ctx, const uint8_t *data, size_t len, const uint8_t *mic,
    size_t miclen)
{
	uint8_t	 want[TSIG_SIG_MAX];

	(void)ctx;
	fuzz_verifies++;
	FUZZ_CHECK(miclen >= 1 && miclen <= TSIG_SIG_MAX);
	if (fuzz_tkey_mic(data, len, want, miclen) == -1)
		return -1;
	return memcmp(want, mic, miclen) == 0 ? 0 : -1;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct tsig_mic	 mic = { mic_get, mic_verify, NULL };

	(void)argc;
	(void)argv;
	fuzz_key = tsig_key_new_mic(FUZZ_TKEY_KEYNAME, TSIG_GSS, &mic);
	FUZZ_CHECK(fuzz_key != NULL);
	FUZZ_CHECK(dname_from_text(&fuzz_name, FUZZ_TKEY_KEYNAME) == 0);
	memcpy(fuzz_mac.mac, FUZZ_TKEY_REQ_MAC, FUZZ_TKEY_REQ_MAC_LEN);
	fuzz_mac.len = FUZZ_TKEY_REQ_MAC_LEN;
	return 0;
}

static void
check_tkey(const uint8_t *data, size_t size)
{
	struct tkey_answer a;
	int	 rc;

	memset(&a, 0xa5, sizeof(a));
	rc = tkey_parse_answer(data, size, FUZZ_TKEY_ID, &fuzz_name, &a);
	FUZZ_CHECK(rc == 0 || rc == -1);
	FUZZ_CHECK(a.found == 0 || a.found == 1);
	if (rc == -1 || !a.found)
		FUZZ_CHECK(a.found == 0 && a.token == NULL && a.tokenlen == 0);
	if (rc == -1) {
		FUZZ_CHECK(a.rcode == 0);
		return;
	}
	FUZZ_CHECK(a.rcode <= 15);
	FUZZ_CHECK(size >= 12 && ((unsigned)data[0] << 8 | data[1]) ==
	    FUZZ_TKEY_ID && (data[2] & 0x80) != 0);
	if (a.found) {
		/* The token lies inside the message, past the header. */
		FUZZ_CHECK(a.tokenlen <= size);
		FUZZ_CHECK(a.tokenlen == 0 || (a.token > data + 12 &&
		    (size_t)(a.token - data) <= size - a.tokenlen));
		FUZZ_CHECK(strlen(tkey_error_text(a.error)) > 0);
	}
}

static void
check_tsig(const uint8_t *data, size_t size)
{
	struct tsig_result res;
	int	 rc;

	memset(&res, 0xa5, sizeof(res));
	fuzz_gets = fuzz_verifies = 0;
	rc = tsig_verify(fuzz_key, data, size, &fuzz_mac, FUZZ_TKEY_NOW,
	    &res);
	FUZZ_CHECK((rc == 0) == (res.verdict == TSIG_VERIFIED));
	FUZZ_CHECK(res.verdict >= TSIG_VERIFIED &&
	    res.verdict <= TSIG_ECHOED);
	FUZZ_CHECK(res.have_time == 0 || res.have_time == 1);
	/* Verifying never makes a MIC; at most both layouts are tried. */
	FUZZ_CHECK(fuzz_gets == 0 && fuzz_verifies <= 2);
	FUZZ_CHECK(res.legacy_layout == 0 || res.legacy_layout == 1);
	/* Samba's layout only once the RFC's failed, and only when good. */
	if (res.legacy_layout)
		FUZZ_CHECK(fuzz_verifies == 2 &&
		    (res.verdict == TSIG_VERIFIED ||
		    res.verdict == TSIG_BAD_TIME));
	if (res.verdict == TSIG_VERIFIED || res.verdict == TSIG_BAD_TIME)
		FUZZ_CHECK(fuzz_verifies >= 1);
	if (rc != 0 || size < 4 || size > sizeof(fuzz_copy))
		return;

	/* Verified: a flipped flag bit (covered by the MIC) breaks it. */
	FUZZ_CHECK(res.error == 0 && res.have_time &&
	    res.skew >= -TSIG_FUDGE && res.skew <= TSIG_FUDGE);
	memcpy(fuzz_copy, data, size);
	fuzz_copy[2 + size % 2] ^= (uint8_t)(1u << (size % 8));
	FUZZ_CHECK(tsig_verify(fuzz_key, fuzz_copy, size, &fuzz_mac,
	    FUZZ_TKEY_NOW, &res) == -1);
	FUZZ_CHECK(res.verdict != TSIG_VERIFIED);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_tkey(data, size);
	check_tsig(data, size);
	return 0;
}
