/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: config_load() on any bytes, written to a config file
 * of mode 0600 in a private temporary directory.  The directory also
 * holds key files a config may name with `file =` (paths are relative to
 * the config's directory): a BIND key file and a dnssec-keygen .private
 * file of the test key in fuzz-key.conf, both 0600, and the same BIND
 * file readable by all (which must be refused); and for `keytab =`, which
 * takes only an absolute path, a keytab of mode 0600 and one of 0640.  The
 * two bytes "%D" in the input stand for that directory's path, so that a
 * seed can name those keytabs ("keytab = %D/acme.keytab").
 *
 * config_load() logs every problem: fd 2 goes to /dev/null once at start
 * (fuzz_quiet_stderr(); the sanitizers and our checks keep the real one).
 */

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/config.h"
#include "fuzz.h"
#include "sys/log.h"
#include "dns/tsig.h"

#define FUZZ_SECRET	"Iz2ICz1pHfAkqjQsjX+DNdVqkg8dulBfxseZvy331lA="

static char	 fuzz_dir[64];
static char	 fuzz_path[128];
static unsigned long fuzz_runs;

/* Files beside the config; names are referred to by the seeds. */
static const struct {
	const char	*name;
	mode_t		 mode;
	const char	*text;
} fuzz_files[] = {
	{ "bind.key", 0600,
	    "key \"acme-fuzz\" {\n\talgorithm hmac-sha256;\n"
	    "\tsecret \"" FUZZ_SECRET "\";\n};\n" },
	{ "Kacme-fuzz.+163+00000.private", 0600,
	    "Private-key-format: v1.3\nAlgorithm: 163 (HMAC_SHA256)\n"
	    "Key: " FUZZ_SECRET "\nBits: AAA=\n" },
	{ "public.key", 0644,
	    "key \"acme-fuzz\" {\n\talgorithm hmac-sha256;\n"
	    "\tsecret \"" FUZZ_SECRET "\";\n};\n" },
	/* Only checked, never read: the first bytes of a keytab do. */
	{ "acme.keytab", 0600, "\x05\x02" },
	{ "open.keytab", 0640, "\x05\x02" }
};

/*
 * `data` with each "%D" replaced by fuzz_dir, in a new buffer *out of
 * *outlen bytes (the caller frees it).
 */
static void
fuzz_expand(const uint8_t *data, size_t size, uint8_t **out, size_t *outlen)
{
	size_t	 i, n = 0, dlen = strlen(fuzz_dir);

	for (i = 0; i + 1 < size; i++)
		if (data[i] == '%' && data[i + 1] == 'D')
			n++;
	/* At most size / 2 tokens of 2 bytes, each dlen (< 64) long. */
	FUZZ_CHECK((*out = malloc(size + n * dlen + 1)) != NULL);
	*outlen = 0;
	for (i = 0; i < size; i++) {
		if (i + 1 < size && data[i] == '%' && data[i + 1] == 'D') {
			memcpy(*out + *outlen, fuzz_dir, dlen);
			*outlen += dlen;
			i++;
			continue;
		}
		(*out)[(*outlen)++] = data[i];
	}
}

static void
fuzz_count(void)
{
	if (fuzz_runs > 0)
		fuzz_note("fuzz_config: %lu runs", fuzz_runs);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char		 path[192];
	size_t		 i;
	int		 n;

	(void)argc;
	(void)argv;
	log_init("fuzz_config", LOG_QUIET);
	FUZZ_CHECK(fuzz_quiet_stderr() == 0);
	fuzz_scratch_dir("fuzz_config", fuzz_dir, sizeof(fuzz_dir));
	n = snprintf(fuzz_path, sizeof(fuzz_path), "%s/acme-hooks.ini",
	    fuzz_dir);
	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(fuzz_path));
	FUZZ_CHECK(atexit(fuzz_count) == 0);
	for (i = 0; i < sizeof(fuzz_files) / sizeof(fuzz_files[0]); i++) {
		n = snprintf(path, sizeof(path), "%s/%s", fuzz_dir,
		    fuzz_files[i].name);
		FUZZ_CHECK(n > 0 && (size_t)n < sizeof(path));
		FUZZ_CHECK(fuzz_write_file(path, fuzz_files[i].mode,
		    (const uint8_t *)fuzz_files[i].text,
		    strlen(fuzz_files[i].text)) == 0);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct config_zone *z;
	struct config	*cfg;
	uint8_t		*text;
	size_t		 i, j, len;
	int		 found, gss;

	fuzz_runs++;
	fuzz_expand(data, size, &text, &len);
	FUZZ_CHECK(fuzz_write_file(fuzz_path, 0600, text, len) == 0);
	free(text);
	if ((cfg = config_load(fuzz_path)) == NULL)
		return 0;

	FUZZ_CHECK(cfg->path != NULL && strcmp(cfg->path, fuzz_path) == 0);
	FUZZ_CHECK(cfg->nkeys == 0 || cfg->keys != NULL);
	FUZZ_CHECK(cfg->nzones == 0 || cfg->zones != NULL);
	/* Lists are parsed once, here: every item is whole. */
	FUZZ_CHECK((cfg->resolver == NULL) == (cfg->nresolver == 0));
	for (i = 0; i < cfg->nresolver; i++)
		FUZZ_CHECK(cfg->resolver[i].is_literal &&
		    cfg->resolver[i].port >= 1 &&
		    cfg->resolver[i].addr.addrlen > 0);
	for (i = 0; i < cfg->nkeys; i++) {
		FUZZ_CHECK(cfg->keys[i].section != NULL);
		FUZZ_CHECK(cfg->keys[i].key != NULL);
		FUZZ_CHECK(tsig_key_name(cfg->keys[i].key) != NULL);
		FUZZ_CHECK(cfg->keys[i].line >= 1);
		/* Kerberos keys alone name a principal or a keytab. */
		gss = tsig_alg_is_gss(tsig_key_alg(cfg->keys[i].key));
		FUZZ_CHECK(gss || (cfg->keys[i].principal == NULL &&
		    cfg->keys[i].keytab == NULL));
		FUZZ_CHECK(cfg->keys[i].keytab == NULL ||
		    (cfg->keys[i].keytab[0] == '/' &&
		    cfg->keys[i].keytab_line >= 1));
		FUZZ_CHECK(cfg->keys[i].principal == NULL ||
		    (cfg->keys[i].principal[0] != '\0' &&
		    cfg->keys[i].principal[0] != '@' &&
		    strlen(cfg->keys[i].principal) <= 255));
	}
	for (i = 0; i < cfg->nzones; i++) {
		z = &cfg->zones[i];
		FUZZ_CHECK(z->name.len >= 1 && z->name.len <= DNAME_MAX);
		FUZZ_CHECK(z->name_text != NULL && z->line >= 1);
		FUZZ_CHECK((z->server == NULL) == (z->nserver == 0));
		for (j = 0; j < z->nserver; j++)
			FUZZ_CHECK(z->server[j].port >= 1 &&
			    z->server[j].host[0] != '\0' &&
			    (!z->server[j].is_literal ||
			    z->server[j].addr.addrlen > 0));
		/* server_name: a host name, for a Kerberos key only. */
		FUZZ_CHECK(z->server_name == NULL || (z->key != NULL &&
		    tsig_alg_is_gss(tsig_key_alg(z->key)) &&
		    z->server_name[0] != '\0' &&
		    strchr(z->server_name, ':') == NULL));
		/* A zone's key is borrowed from one of the [key] sections. */
		if (z->key != NULL) {
			found = 0;
			for (j = 0; j < cfg->nkeys; j++)
				if (cfg->keys[j].key == z->key)
					found = 1;
			FUZZ_CHECK(found);
		}
		z = config_find_zone(cfg, &cfg->zones[i].name);
		FUZZ_CHECK(z != NULL && dname_equal(&z->name,
		    &cfg->zones[i].name));
	}
	config_free(cfg);
	return 0;
}
