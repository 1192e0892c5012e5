/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: keyfile_load() on any bytes as the key file a [key]
 * section names: BIND `key` statements (tsig-keygen, ddns-confgen) and
 * dnssec-keygen's K*.private files, which keyfile.c tells apart by their
 * content and takes the key name of from their file name.
 *
 * The first byte is what the configuration says: bits 0-1 the file's
 * name (bind.key, Kacme-fuzz.+163+00000.private, ddns.key,
 * Kacme-fuzz.+157+00000.private), bits 2-3 the section's name
 * (acme-fuzz, ACME-Fuzz., other-key, ddns-key.acmesh.example.net), bit 4
 * whether it gives `algorithm =`, bits 5-7 which (modulo 6, enum order).
 * The rest is the file, written 0600.
 *
 * Invariants: a key comes back only with a valid name and the algorithm
 * the section asked for (HMAC-MD5 only when asked for); what is logged is
 * whole printable lines and never holds a secret of the file: no text of
 * 16 or more base64 characters that follows `secret` or `Key:` in the
 * input shows up in the log.
 */

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "conf/keyfile.h"
#include "sys/log.h"
#include "dns/tsig.h"

#define PROG		"fuzz_keyfile"
#define SECRET_SHOWN	16	/* base64 characters that must not show */

static char	 fuzz_dir[128];
static char	 fuzz_config[192];

static const char *const fuzz_files[4] = { "bind.key",
    "Kacme-fuzz.+163+00000.private", "ddns.key",
    "Kacme-fuzz.+157+00000.private" };
static const char *const fuzz_sections[4] = { "acme-fuzz", "ACME-Fuzz.",
    "other-key", "ddns-key.acmesh.example.net" };

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int	 n;

	(void)argc;
	(void)argv;
	log_init(PROG, LOG_DEBUG);
	FUZZ_CHECK(fuzz_log_capture() == 0);
	fuzz_scratch_dir(PROG, fuzz_dir, sizeof(fuzz_dir));
	/* Never written: only its directory matters, and its name. */
	n = snprintf(fuzz_config, sizeof(fuzz_config), "%s/acme-hooks.ini",
	    fuzz_dir);
	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(fuzz_config));
	return 0;
}

static int
is_b64(int c)
{
	return isalnum(c) || c == '+' || c == '/' || c == '=';
}

/*
 * Every run of base64 characters after `word` (any case, at the start of
 * a word) and blanks, quotes or a colon, of SECRET_SHOWN or more, must be
 * absent from `log`.
 */
static void
check_secrets(const uint8_t *in, size_t n, const char *word,
    const char *log)
{
	char		 run[SECRET_SHOWN + 1];
	size_t		 wl = strlen(word), i, j, k;

	for (i = 0; i + wl <= n; i++) {
		/* A word of its own: not the tail of a key's name. */
		if (strncasecmp((const char *)in + i, word, wl) != 0 ||
		    (i > 0 && strchr(" \t\r\n{;", in[i - 1]) == NULL))
			continue;
		for (j = i + wl; j < n && (in[j] == ' ' || in[j] == '\t' ||
		    in[j] == '"' || in[j] == ':'); j++)
			;
		for (k = 0; j + k < n && k < SECRET_SHOWN && is_b64(in[j + k]);
		    k++)
			run[k] = (char)in[j + k];
		if (k < SECRET_SHOWN)
			continue;
		run[k] = '\0';
		FUZZ_CHECK(strstr(log, run) == NULL);
	}
}

static void
check_log(const uint8_t *in, size_t n)
{
	const char	*s;
	size_t		 len;

	s = fuzz_log_check(PROG, &len);
	check_secrets(in, n, "secret", s);
	check_secrets(in, n, "key:", s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keyfile_ref ref;
	struct tsig_key	*key;
	struct dname	 name;
	char		 path[256];
	int		 n;

	if (size < 1)
		return 0;
	memset(&ref, 0, sizeof(ref));
	ref.config = fuzz_config;
	ref.file = fuzz_files[data[0] & 3];
	ref.file_line = 3;
	ref.section = fuzz_sections[(data[0] >> 2) & 3];
	ref.have_alg = (data[0] >> 4) & 1;
	ref.alg = (enum tsig_alg)((data[0] >> 5) % 6);
	ref.alg_line = 4;
	n = snprintf(path, sizeof(path), "%s/%s", fuzz_dir, ref.file);
	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(path));
	FUZZ_CHECK(fuzz_write_file(path, 0600, data + 1, size - 1) == 0);

	fuzz_log_reset();
	key = keyfile_load(&ref);
	check_log(data + 1, size - 1);
	if (key == NULL)
		return 0;
	FUZZ_CHECK(tsig_key_name(key) != NULL);
	FUZZ_CHECK(dname_from_text(&name, tsig_key_name(key)) == 0);
	FUZZ_CHECK(name.len > 1);
	if (ref.have_alg)
		FUZZ_CHECK(tsig_key_alg(key) == ref.alg);
	else
		FUZZ_CHECK(tsig_key_alg(key) != TSIG_HMAC_MD5);
	tsig_key_free(key);
	return 0;
}
