/* SPDX-License-Identifier: ISC */
/*
 * config.c: the INI file, key files, permission checks and messages.
 *
 * Key material comes from the real tools (BIND 9.18):
 *   tsig-keygen -a hmac-sha256 acme-key
 *   ddns-confgen -q -k ddns-key.acmesh.example.net
 *   ddns-confgen -q -a hmac-sha512 -k sha512-key
 * and the expected raw bytes from `echo SECRET | base64 -d | xxd -p`.
 * BIND 9.18's dnssec-keygen no longer makes HMAC keys ("unknown algorithm
 * HMAC-SHA512"), so the K*.private file is written by hand in the
 * documented v1.3 format; nsupdate -k of 9.18 reads that file (with its
 * .key twin) and refuses it once the Key: line is corrupted.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/config.h"
#include "sys/log.h"
#include "dns/tsig.h"
#include "unit.h"
#include "dns/wire.h"

/* tsig-keygen -a hmac-sha256 acme-key */
#define TSIG_KEYGEN_OUT \
	"key \"acme-key\" {\n" \
	"\talgorithm hmac-sha256;\n" \
	"\tsecret \"VohSQCaJ6qN3ZzslcVa6LG+KKAopyghBhlEVwpbFiDk=\";\n" \
	"};\n"
#define SECRET_256	"VohSQCaJ6qN3ZzslcVa6LG+KKAopyghBhlEVwpbFiDk="
#define RAW_256		"568852402689eaa377673b257156ba2c" \
			"6f8a280a29ca0841865115c296c58839"

/* ddns-confgen -q -k ddns-key.acmesh.example.net */
#define DDNS_CONFGEN_OUT \
	"key \"ddns-key.acmesh.example.net\" {\n" \
	"\talgorithm hmac-sha256;\n" \
	"\tsecret \"rr8HbkjnJ+QrG/Agk9PF0931dyaD+IAe6XksIF62kFE=\";\n" \
	"};\n"
#define SECRET_DDNS	"rr8HbkjnJ+QrG/Agk9PF0931dyaD+IAe6XksIF62kFE="
#define RAW_DDNS	"aebf076e48e727e42b1bf02093d3c5d3" \
			"ddf5772683f8801ee9792c205eb69051"

/* ddns-confgen -q -a hmac-sha512 -k sha512-key */
#define DDNS_512_OUT \
	"key \"sha512-key\" {\n" \
	"\talgorithm hmac-sha512;\n" \
	"\tsecret \"8wjVTu2dBHARa+mV46aYQnU7RCHCdbdSAkVMc3q8rBNlNYiacQdXco" \
	"bTI8Ko1N3U3Lo5kZj8sYvvSuHpp2oePQ==\";\n" \
	"};\n"
#define SECRET_512	"8wjVTu2dBHARa+mV46aYQnU7RCHCdbdSAkVMc3q8" \
			"rBNlNYiacQdXcobTI8Ko1N3U3Lo5kZj8sYvvSuHpp2oePQ=="
#define RAW_512		"f308d54eed9d0470116be995e3a69842" \
			"753b4421c275b75202454c737abcac13" \
			"6535889a7107577286d323c2a8d4ddd4" \
			"dcba399198fcb18bef4ae1e9a76a1e3d"

/* The documented dnssec-keygen HMAC format, 64 random bytes. */
#define SECRET_KFILE	"Tyb+TY7z6T002uDKPI5BkufMZ2X1tpGZ6DmLGkEy" \
			"ZHkCcwu2faIWcMG0cDOPY8X4+sOd4UB/B2hEA5VhIMyylg=="
#define KFILE_OUT \
	"Private-key-format: v1.3\n" \
	"Algorithm: 165 (HMAC_SHA512)\n" \
	"Key: " SECRET_KFILE "\n" \
	"Bits: AAA=\n" \
	"Created: 20260101000000\n" \
	"Publish: 20260101000000\n" \
	"Activate: 20260101000000\n"

/* Too short for SHA-512 (16 bytes), and short but usable (40 bytes). */
#define SECRET_16	"UVKxqYJXJIb8RL9kjcD65Q=="
#define SECRET_40	"IQ0erOZCu5GL7Q/DBD8UHGAq7FDUAHNRVNmpaqHC" \
			"weNVe+W6C5wtrA=="
/* 20 bytes: fine for hmac-md5 (16). */
#define SECRET_20	"bXPDrNbKVIPU2xFFk5rLDcFpMf8="

static const char *const secrets[] = {
	SECRET_256, SECRET_DDNS, SECRET_512, SECRET_KFILE, SECRET_16,
	SECRET_40, SECRET_20
};

static char	 tmpdir[400];
static char	 errbuf[65536];
static int	 saved_stderr = -1;

/* A path in the temporary directory; 32 rotating buffers. */
static const char *
tpath(const char *name)
{
	static char	 bufs[32][512];
	static unsigned	 next;
	char		*b = bufs[next++ % 32];

	snprintf(b, sizeof(bufs[0]), "%s/%s", tmpdir, name);
	return b;
}

static const char *
wfile_n(const char *name, const char *text, size_t len, mode_t mode)
{
	const char	*path = tpath(name);
	int		 fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || write(fd, text, len) != (ssize_t)len ||
	    fchmod(fd, mode) == -1 || close(fd) == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		abort();
	}
	return path;
}

static const char *
wfile(const char *name, const char *text, mode_t mode)
{
	return wfile_n(name, text, strlen(text), mode);
}

static void
cap_begin(void)
{
	int	 fd;

	fflush(stderr);
	saved_stderr = dup(2);
	fd = open(tpath("stderr"), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600);
	if (saved_stderr == -1 || fd == -1 || dup2(fd, 2) == -1)
		abort();
	close(fd);
}

/* Stop capturing; the text is in errbuf.  Checks no secret leaked. */
static const char *
cap_end(void)
{
	ssize_t	 n;
	size_t	 i;
	char	 piece[13];
	int	 fd;

	fflush(stderr);
	if (dup2(saved_stderr, 2) == -1)
		abort();
	close(saved_stderr);
	fd = open(tpath("stderr"), O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		abort();
	n = read(fd, errbuf, sizeof(errbuf) - 1);
	close(fd);
	errbuf[n > 0 ? n : 0] = '\0';
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		/* Neither the secret nor its first or last 12 characters. */
		UNIT_CHECK(strstr(errbuf, secrets[i]) == NULL);
		memcpy(piece, secrets[i], 12);
		piece[12] = '\0';
		UNIT_CHECK(strstr(errbuf, piece) == NULL);
		memcpy(piece, secrets[i] + strlen(secrets[i]) - 12, 12);
		UNIT_CHECK(strstr(errbuf, piece) == NULL);
	}
	return errbuf;
}

/* 1 when the captured text has "error: PREFIXWHAT" ("FILE:LINE: " etc.). */
static int
has_err(const char *file, int line, const char *what)
{
	char	 want[1024];

	if (line > 0)
		snprintf(want, sizeof(want), "error: %s:%d: %s", file, line,
		    what);
	else
		snprintf(want, sizeof(want), "error: %s: %s", file, what);
	if (strstr(errbuf, want) != NULL)
		return 1;
	fprintf(stderr, "wanted \"%s\" in:\n%s", want, errbuf);
	return 0;
}

/* Load `text` as a config file of `mode`, capturing stderr. */
static struct config *
load(const char *text, mode_t mode, const char **pathp)
{
	struct config	*cfg;
	const char	*path = wfile("test.ini", text, mode);

	cap_begin();
	cfg = config_load(path);
	cap_end();
	if (pathp != NULL)
		*pathp = path;
	return cfg;
}

/* `text` must fail to load (the caller checks the message). */
static void
fails(const char *text)
{
	struct config	*cfg;

	cfg = load(text, 0600, NULL);
	UNIT_CHECK(cfg == NULL);
	config_free(cfg);
}

/* `text` must fail to load with "FILE:LINE: what". */
static void
bad(const char *text, int line, const char *what)
{
	struct config	*cfg;
	const char	*path;

	cfg = load(text, 0600, &path);
	UNIT_CHECK(cfg == NULL);
	UNIT_CHECK(has_err(path, line, what));
	config_free(cfg);
}

/* `text` must load.  Returns the config (caller frees). */
static struct config *
good(const char *text, mode_t mode)
{
	struct config	*cfg;

	cfg = load(text, mode, NULL);
	UNIT_CHECK(cfg != NULL);
	if (cfg == NULL)
		fprintf(stderr, "unexpected errors:\n%s", errbuf);
	return cfg;
}

/* A parsed host list as "a,b:port,[v6]:port", to compare with `want`. */
static int
list_is(const struct host_port *l, size_t n, const char *want)
{
	char	 buf[1024];
	size_t	 i, used = 0;
	int	 k;

	buf[0] = '\0';
	for (i = 0; i < n && used < sizeof(buf); i++) {
		if (l[i].is_literal)
			k = snprintf(buf + used, sizeof(buf) - used, "%s%s",
			    i > 0 ? "," : "", l[i].addr.text);
		else if (l[i].port != DNS_PORT)
			k = snprintf(buf + used, sizeof(buf) - used, "%s%s:%u",
			    i > 0 ? "," : "", l[i].host, (unsigned)l[i].port);
		else
			k = snprintf(buf + used, sizeof(buf) - used, "%s%s",
			    i > 0 ? "," : "", l[i].host);
		if (k < 0)
			return 0;
		used += (size_t)k;
	}
	if (strcmp(buf, want) != 0)
		fprintf(stderr, "list: got \"%s\", wanted \"%s\"\n", buf,
		    want);
	return strcmp(buf, want) == 0;
}

/* Key names compare as domain names: ignore case and a final dot. */
static int
name_is(const struct tsig_key *key, const char *want)
{
	struct dname	 a, b;

	if (key == NULL || dname_from_text(&a, tsig_key_name(key)) == -1 ||
	    dname_from_text(&b, want) == -1)
		return 0;
	return dname_equal(&a, &b);
}

/*
 * The key holds exactly the bytes `raw_hex`: a message signed with it has
 * the MAC of one signed with a key made from those bytes directly.
 */
static int
same_secret(const struct tsig_key *key, const char *raw_hex)
{
	struct tsig_key	*ref;
	struct tsig_mac	 m1, m2;
	uint8_t		 msg1[512], msg2[512];
	uint8_t		*raw;
	size_t		 rlen, l1 = 12, l2 = 12;
	int		 ok;

	if (key == NULL)
		return 0;
	raw = unit_hex(raw_hex, &rlen);
	ref = tsig_key_new(tsig_key_name(key), tsig_key_alg(key), raw, rlen);
	free(raw);
	memset(msg1, 0, sizeof(msg1));
	msg1[0] = 0x12;
	msg1[1] = 0x34;
	msg1[2] = 0x28;		/* opcode UPDATE */
	memcpy(msg2, msg1, sizeof(msg2));
	ok = ref != NULL &&
	    tsig_sign(key, msg1, &l1, sizeof(msg1), 1767225600, &m1) == 0 &&
	    tsig_sign(ref, msg2, &l2, sizeof(msg2), 1767225600, &m2) == 0 &&
	    m1.len == tsig_alg_mac_len(tsig_key_alg(key)) &&
	    m1.len == m2.len && memcmp(m1.mac, m2.mac, m1.len) == 0 &&
	    l1 == l2 && memcmp(msg1, msg2, l1) == 0;
	tsig_key_free(ref);
	return ok;
}

static const struct config_zone *
zone(const struct config *cfg, const char *name)
{
	struct dname	 dn;

	if (cfg == NULL || dname_from_text(&dn, name) == -1)
		return NULL;
	return config_find_zone(cfg, &dn);
}

static const char GOOD[] =
    "; acme-hooks test configuration\n"
    "[options]\n"
    "resolver = 127.0.0.10, ::1 [::1]:5353\n"
    "timeout = 120\n"
    "ttl = 30\n"
    "\n"
    "# the zone comes before its key\n"
    "[zone \"AcmeSH.Example.NET.\"]\n"
    "key = acme-key\n"
    "server = [2001:db8::1]:5353\n"
    "\n"
    "[key \"acme-key\"]\n"
    "algorithm = hmac-sha256\n"
    "secret = " SECRET_256 "\n"
    "\n"
    "[zone \"other.example\"]\n"
    "  key = from-file   ; indented, with a comment\n"
    "  server = ns1.example.net:53\n"
    "[zone \"zone-name-at-inih-s-limit.sub.example.org\"]\n"
    "key = ddns-key.acmesh.example.net.\n"
    "server = 192.0.2.1\n"
    "[zone \"k.example\"]\n"
    "key=kfile\n"
    "[zone \"s.example\"]\n"
    "key=sha512-key\n"
    "server = ns1, 192.0.2.7:5353, [2001:db8::7]\n"
    "[key \"from-file\"]\n"
    "file = tsig.key\n"
    "[key \"ddns-key.acmesh.example.net\"]\n"
    "algorithm = HMAC-SHA256\n"
    "file = multi.key\n"
    "[key \"kfile\"]\n"
    "file = Kk-file.+165+12345.private\n"
    "[key \"sha512-key\"]\n"
    "file = ddns512.key\n";

static void
test_good(void)
{
	struct config		*cfg;
	const struct config_zone *z;
	char			*crlf, *d;
	const char		*s;

	/* tsig-keygen output; its only key, named unlike the section. */
	wfile("tsig.key", TSIG_KEYGEN_OUT, 0600);
	/* Several keys with every comment style: pick by name. */
	wfile("multi.key",
	    "// two keys: " "\n"
	    "# shell comment\n"
	    "/* a C comment\n   over lines */\n"
	    TSIG_KEYGEN_OUT DDNS_CONFGEN_OUT, 0600);
	wfile("Kk-file.+165+12345.private", KFILE_OUT, 0600);
	wfile("ddns512.key", DDNS_512_OUT, 0400);

	cfg = good(GOOD, 0600);
	if (cfg == NULL)
		return;
	UNIT_CHECK(list_is(cfg->resolver, cfg->nresolver,
	    "127.0.0.10,::1,[::1]:5353"));
	UNIT_CHECK(cfg->timeout == 120);
	UNIT_CHECK(cfg->ttl == 30);
	UNIT_CHECK(cfg->nzones == 5);
	UNIT_CHECK(cfg->nkeys == 5);
	/* No warning for a good file. */
	UNIT_CHECK(errbuf[0] == '\0');

	/* Zone lookup ignores case and the final dot. */
	z = zone(cfg, "acmesh.example.net");
	UNIT_CHECK(z != NULL);
	UNIT_CHECK(z == zone(cfg, "ACMESH.EXAMPLE.NET."));
	UNIT_CHECK(zone(cfg, "example.net") == NULL);
	UNIT_CHECK(zone(cfg, "x.acmesh.example.net") == NULL);
	if (z != NULL) {
		UNIT_CHECK(strcmp(z->name_text, "AcmeSH.Example.NET.") == 0);
		UNIT_CHECK(list_is(z->server, z->nserver, "[2001:db8::1]:5353"));
		UNIT_CHECK(strcmp(z->key_section, "acme-key") == 0);
		UNIT_CHECK(z->line == 8);
		UNIT_CHECK(name_is(z->key, "acme-key"));
		UNIT_CHECK(z->key != NULL &&
		    tsig_key_alg(z->key) == TSIG_HMAC_SHA256);
		UNIT_CHECK(same_secret(z->key, RAW_256));
	}

	/* file = tsig-keygen output: the name in the file is the wire name. */
	z = zone(cfg, "other.example");
	UNIT_CHECK(z != NULL && list_is(z->server, z->nserver, "ns1.example.net"));
	UNIT_CHECK(z != NULL && name_is(z->key, "acme-key"));
	UNIT_CHECK(z != NULL && same_secret(z->key, RAW_256));

	/* 41 characters, the longest inih 55 could keep; multi-key file. */
	z = zone(cfg, "zone-name-at-inih-s-limit.sub.example.org");
	UNIT_CHECK(z != NULL);
	if (z != NULL) {
		UNIT_CHECK(list_is(z->server, z->nserver, "192.0.2.1"));
		UNIT_CHECK(name_is(z->key, "ddns-key.acmesh.example.net"));
		UNIT_CHECK(same_secret(z->key, RAW_DDNS));
	}

	/* K*.private: name from the file name, SHA-512. */
	z = zone(cfg, "k.example");
	UNIT_CHECK(z != NULL && z->server == NULL);
	UNIT_CHECK(z != NULL && name_is(z->key, "k-file"));
	UNIT_CHECK(z != NULL && z->key != NULL &&
	    tsig_key_alg(z->key) == TSIG_HMAC_SHA512);

	z = zone(cfg, "s.example");
	UNIT_CHECK(z != NULL && name_is(z->key, "sha512-key"));
	UNIT_CHECK(z != NULL && z->key != NULL &&
	    tsig_key_alg(z->key) == TSIG_HMAC_SHA512);
	UNIT_CHECK(z != NULL && same_secret(z->key, RAW_512));
	UNIT_CHECK(z != NULL && list_is(z->server, z->nserver,
	    "ns1,192.0.2.7:5353,2001:db8::7"));
	config_free(cfg);

	/* The same file with CRLF line ends. */
	crlf = malloc(2 * sizeof(GOOD));
	if (crlf == NULL)
		abort();
	for (s = GOOD, d = crlf; *s != '\0'; s++) {
		if (*s == '\n')
			*d++ = '\r';
		*d++ = *s;
	}
	*d = '\0';
	cfg = good(crlf, 0600);
	UNIT_CHECK(cfg != NULL && cfg->nzones == 5 && cfg->ttl == 30);
	z = zone(cfg, "acmesh.example.net");
	UNIT_CHECK(z != NULL && list_is(z->server, z->nserver, "[2001:db8::1]:5353"));
	UNIT_CHECK(z != NULL && same_secret(z->key, RAW_256));
	config_free(cfg);
	free(crlf);

	/* Defaults; no secret in the file, so 0644 is fine for it. */
	cfg = good("[zone \"example.com\"]\nkey = k\n[key \"k\"]\n"
	    "file = tsig.key\n", 0644);
	UNIT_CHECK(cfg != NULL && cfg->resolver == NULL &&
	    cfg->timeout == CONFIG_DEFAULT_TIMEOUT &&
	    cfg->ttl == CONFIG_DEFAULT_TTL);
	config_free(cfg);

	/* A 40-byte secret for SHA-512 works, with a warning. */
	cfg = good("[zone \"example.com\"]\nkey = k\n[key \"k\"]\n"
	    "algorithm = hmac-sha512\nsecret = " SECRET_40 "\n", 0600);
	UNIT_CHECK(cfg != NULL);
	UNIT_CHECK(strstr(errbuf, "warning: ") != NULL &&
	    strstr(errbuf, ":5: key \"k\": secret is 40 bytes, shorter than "
	    "the 64") != NULL);
	config_free(cfg);

	/* hmac-md5 named explicitly, also for a key file saying md5. */
	wfile("md5.key", "key k { algorithm hmac-md5.sig-alg.reg.int; "
	    "secret \"" SECRET_20 "\"; };", 0600);
	cfg = good("[zone \"example.com\"]\nkey = k\n[key \"k\"]\n"
	    "algorithm = hmac-md5\nfile = md5.key\n", 0600);
	UNIT_CHECK(cfg != NULL && cfg->keys[0].key != NULL &&
	    tsig_key_alg(cfg->keys[0].key) == TSIG_HMAC_MD5);
	config_free(cfg);
}

static void
test_bad_ini(void)
{
	const char	*path;

	bad("[zonee \"x.example\"]\nkey = k\n", 1, "unknown section type "
	    "\"zonee\"");
	bad("[options]\n[key]\nsecret = " SECRET_256 "\n", 2,
	    "section without a name: write [key \"NAME\"]");
	bad("\n[key \"\"]\nalgorithm = hmac-sha256\nsecret = " SECRET_256 "\n",
	    2, "section without a name");
	/* inih sees a section at its first option: an empty one is none. */
	bad("[zone]\nkey = k\n", 1,
	    "section without a name: write [zone \"NAME\"]");
	bad("[options]\nretries = 3\n", 2, "unknown option \"retries\" "
	    "(expected resolver, timeout, ttl, down_servers, "
	    "poll_interval_max or sandbox)");
	bad("[options]\nsandbox = off\n", 2, "sandbox: neither yes nor no");
	bad("[options]\ndown_servers = maybe\n", 2, "down_servers: "
	    "neither wait nor skip");
	bad("[options]\npoll_interval_max = 5\n", 2, "poll_interval_max: "
	    "not a number of milliseconds from 20 to 10000");
	bad("[zone \"example.com\"]\nkey = k\nprimary = ns1\n[key \"k\"]\n"
	    "file = tsig.key\n", 3, "unknown option \"primary\"");
	/* A broken secret line: no part of it in the message. */
	bad("[key \"k\"]\nalgorithm = hmac-sha256\nsecret = VohSQCaJ6qN3Zz\n"
	    "slcVa6LG+KKAopyghBhlEVwpbFiDk=\n", 4, "option without a value");
	bad("[key \"k\"]\nalgorithm = hmac-sha256\nVohSQCaJ6qN3ZzslcV = "
	    "a6LG+KKAopyghBhlEVwpbFiDk=\n", 3, "unknown option in "
	    "[key \"k\"] (expected algorithm, secret, file, principal or "
	    "keytab)");
	/* A secret pasted under the wrong section is not echoed either. */
	bad("[options]\nttl = 5\n"
	    "VohSQCaJ6qN3ZzslcVa6LG+KK = AopyghBhlEVwpbFiDk=\n",
	    3, "unknown option (expected resolver, timeout, ttl, "
	    "down_servers, poll_interval_max or sandbox)");
	bad("[zone \"example.com\"]\nkey = k\nVohSQCaJ6qN3ZzslcVa6LG+KK=\n",
	    3, "option without a value");
	bad("[options]\nttl = 1\nttl = 2\n", 3, "duplicate option \"ttl\"");
	bad("[key \"k\"]\nalgorithm = hmac-sha256\nsecret = " SECRET_256 "\n"
	    "Secret = " SECRET_DDNS "\n", 4, "duplicate option \"Secret\"");
	bad("[zone \"example.com\"]\nkey = k\nserver = a\nserver = b\n"
	    "[key \"k\"]\nfile = tsig.key\n", 4, "duplicate option \"server\"");
	bad("[key \"k\"]\nfile = tsig.key\n[key \"K.\"]\nfile = tsig.key\n",
	    3, "duplicate [key \"K.\"] section (first at line 1)");
	bad("[zone \"Example.com\"]\nkey = k\n[key \"k\"]\nfile = tsig.key\n"
	    "[zone \"example.COM.\"]\nkey = k\n", 5,
	    "duplicate [zone \"example.COM.\"] section (first at line 1)");
	bad("[options]\nttl = 5\n[options]\ntimeout = 5\n", 3,
	    "duplicate [options] section");
	bad("[options]\ntimeout = 0\n", 2, "timeout: not a number");
	bad("[options]\ntimeout = 86401\n", 2, "timeout: not");
	bad("[options]\nttl = -1\n", 2, "ttl: not a number");
	bad("[options]\nttl = 60s\n", 2, "ttl: not a number");
	bad("[options]\nttl = 99999999999999999999999\n", 2, "ttl: ");
	bad("[options]\nresolver = 127.0.0.1, ns1.example.net\n", 2,
	    "resolver: not an IP address");
	bad("[zone \"a..example\"]\nkey = k\n", 1,
	    "zone name is not a valid domain name");
	bad("[zone \"example.com\"]\nkey = k\n[key \"a+b=\"]\n"
	    "file = tsig.key\n", 3, "a key name may hold only letters, "
	    "digits, '-', '_' and '/' between dots");
	bad("[]\nttl = 5\n", 1, "malformed line: expected [options], "
	    "[key \"NAME\"] or [zone \"NAME\"]");
	bad("[zone \"example.com\"]\nserver = ns1\n", 1,
	    "[zone \"example.com\"] needs key =");
	bad("[zone \"example.com\"]\nkey = nokey\n", 1,
	    "[zone \"example.com\"]: its key = \"nokey\" (line 2) names no "
	    "[key] section; add a [key \"nokey\"] section (with file = or "
	    "algorithm = and secret =), or name an existing one there");
	bad("[zone \"example.com\"]\nkey = acme-key.example.net.\n"
	    "[key \"acme-key\"]\nfile = tsig.key\n", 1,
	    "[zone \"example.com\"]: its key = \"acme-key.example.net.\" "
	    "(line 2) names no [key] section; add a [key "
	    "\"acme-key.example.net.\"] section");
	bad("[key \"k\"]\nalgorithm = hmac-sha256\n", 1,
	    "[key \"k\"] needs secret = or file =");
	bad("[key \"k\"]\nalgorithm = hmac-sha256\nsecret = " SECRET_256 "\n"
	    "file = tsig.key\n", 1, "[key \"k\"] has both secret and file");
	bad("[key \"k\"]\nsecret = " SECRET_256 "\n", 1,
	    "[key \"k\"] needs algorithm =");
	bad("[key \"k\"]\nalgorithm = hmac-sha3\nsecret = " SECRET_256 "\n", 2,
	    "unknown algorithm \"hmac-sha3\"");
	bad("[key \"k\"]\nalgorithm = " SECRET_DDNS "\nsecret = " SECRET_256
	    "\n", 2, "unknown algorithm (expected");
	bad("[key \"k\"]\nalgorithm = hmac-sha256\nsecret = !!notbase64!!\n",
	    3, "secret of key \"k\": character at column 10 is not base64 "
	    "(A-Z, a-z, 0-9, '+', '/', and '=' at the end); copy it again, "
	    "whole, as tsig-keygen prints it");
	bad("[key \"k\"]\nalgorithm = hmac-sha256\nsecret =\n", 3,
	    "option without a value");
	bad("[key \"k\"]\nalgorithm = hmac-sha512\nsecret = " SECRET_16 "\n",
	    3, "key \"k\": secret is 16 bytes, too short for hmac-sha512 "
	    "(at least 32, better 64)");
	bad("[options]\nthis line is not valid\nttl = 5\n", 2,
	    "malformed line: expected NAME = VALUE");
	bad("[key \"k\"\nfile = tsig.key\n", 1, "malformed line: a section "
	    "header without its closing ] (nothing after it was read)");
	bad("[key \"k\" ; x]\nfile = tsig.key\n", 1, "malformed line: a "
	    "section header without its closing ]");
	bad("ttl = 5\n", 1, "option outside any section");
	bad("[zone \"example.com\"]\nkey = k\nserver = ns1:0\n", 3,
	    "server: port must be a number from 1 to 65535");
	bad("[zone \"example.com\"]\nkey = k\nserver = ns1:65536\n", 3,
	    "server: port must be");
	bad("[zone \"example.com\"]\nkey = k\nserver = :53\n", 3,
	    "server: empty host");
	bad("[zone \"example.com\"]\nkey = k\nserver = [192.0.2.1]:53\n", 3,
	    "server: not an IPv6 address inside [ ]");
	bad("[zone \"example.com\"]\nkey = k\nserver = 2001:db8::zz\n", 3,
	    "server: not an IPv6 address");
	bad("[zone \"example.com\"]\nkey = k\nserver = ns1,,ns2\n", 3,
	    "server: empty item");
	bad("[zone \"example.com\"]\nkey = k\nserver = ns1, ns2:0\n", 3,
	    "server: port must be a number from 1 to 65535");

	/*
	 * Every error in what inih reads is reported; inih stops at the
	 * first line it cannot read.
	 */
	path = wfile("bad.ini", "[options]\nttl = 0\n"
	    "[zone \"example.com\"]\nserver = ns1\n[what \"x\"]\nfoo = 1\n"
	    "[key \"k\"]\nalgorithm = hmac-sha256\nsecret = " SECRET_256
	    "\nsecret = " SECRET_256 "\nalso bogus\nttl = 5\n", 0600);
	cap_begin();
	UNIT_CHECK(config_load(path) == NULL);
	cap_end();
	UNIT_CHECK(has_err(path, 2, "ttl: not"));
	UNIT_CHECK(has_err(path, 3, "[zone \"example.com\"] needs key ="));
	UNIT_CHECK(has_err(path, 5, "unknown section type \"what\""));
	UNIT_CHECK(has_err(path, 10, "duplicate option \"secret\""));
	UNIT_CHECK(has_err(path, 11, "malformed line"));
	UNIT_CHECK(strstr(errbuf, ":12:") == NULL);
	/* Options of a refused section are not reported again. */
	UNIT_CHECK(strstr(errbuf, ":6:") == NULL);
}

static void
test_bytes(void)
{
	static const char nul[] = "[options]\nttl = 5\nti\0meout = 5\n"
	    "ttl = 6\n";
	char		 longline[5000];
	const char	*path;
	size_t		 n;

	/* A NUL byte on line 3; the rest still parsed. */
	path = wfile_n("bad.ini", nul, sizeof(nul) - 1, 0600);
	cap_begin();
	UNIT_CHECK(config_load(path) == NULL);
	cap_end();
	UNIT_CHECK(has_err(path, 3, "NUL byte"));
	UNIT_CHECK(has_err(path, 4, "duplicate option \"ttl\""));

	/* A line longer than the limit, on line 2. */
	n = (size_t)snprintf(longline, sizeof(longline), "[options]\n; ");
	memset(longline + n, 'x', 4500);
	strcpy(longline + n + 4500, "\nttl = 5\n");
	bad(longline, 2, "line too long (over 4093 characters)");
	/* ...and one just at the limit is fine. */
	n = (size_t)snprintf(longline, sizeof(longline), "[options]\n;");
	memset(longline + n, 'x', 4092);
	strcpy(longline + n + 4092, "\n[zone \"example.com\"]\nkey = k\n"
	    "[key \"k\"]\nfile = tsig.key\n");
	config_free(good(longline, 0600));

	/* A UTF-8 BOM before the first section is accepted. */
	config_free(good("\xEF\xBB\xBF[zone \"example.com\"]\nkey = k\n"
	    "[key \"k\"]\nfile = tsig.key\n", 0600));

	/* No final newline. */
	bad("[options]\nttl = 5\nttl = 6", 3, "duplicate option \"ttl\"");
}

/*
 * What inih's compile-time options would change, read the same whatever
 * inih this is linked with (upstream's defaults: 200-byte lines,
 * 50-byte section names, indented lines continuing a value, reading on
 * after an error).
 */
static void
test_reader(void)
{
	struct config		*cfg;
	const struct config_zone *z;
	char			 text[2048], *big;
	size_t			 n;

	wfile("tsig.key", TSIG_KEYGEN_OUT, 0600);
	/* An indented line is a line of its own, never a continuation. */
	bad("[zone \"example.com\"]\nkey = k\n    more of the key\n", 3,
	    "malformed line: expected NAME = VALUE");
	cfg = good("[zone \"example.com\"]\n key = k\n\tserver = ns1\n"
	    "    [key \"k\"]\n  file = tsig.key\n", 0600);
	z = zone(cfg, "example.com");
	UNIT_CHECK(z != NULL && strcmp(z->key_section, "k") == 0 &&
	    list_is(z->server, z->nserver, "ns1"));
	config_free(cfg);
	/* Comments: " ;" anywhere, ";" or "#" first; ";" right after "=". */
	cfg = good("# c\n[options] ; c\nttl = 5 ; five\n; c\n  # c\n"
	    "[zone \"example.com\"] # c\nkey = k\t; c\n[key \"k\"];c\n"
	    "file = tsig.key ;c\n", 0600);
	UNIT_CHECK(cfg != NULL && cfg->ttl == 5 && cfg->nkeys == 1);
	config_free(cfg);
	bad("[options]\nttl =;5\n", 2, "ttl: not a number");
	bad("[options]\nttl = ;5\n", 2, "option \"ttl\" has no value");
	bad("[options]\nttl ;= 5\n", 2, "malformed line: expected NAME = "
	    "VALUE");
	/* No name without a value, and the reading stops there. */
	bad("[options]\nttl\nttl = 1\nttl = 2\n", 2, "malformed line");
	UNIT_CHECK(strstr(errbuf, ":4:") == NULL);
	/* "NAME : VALUE" as inih reads it. */
	cfg = good("[options]\nttl : 7\n", 0600);
	UNIT_CHECK(cfg != NULL && cfg->ttl == 7);
	config_free(cfg);
	/* Text after the ] would be dropped: said instead. */
	bad("[zone \"example.com\"] key = k\n[key \"k\"]\nfile = tsig.key\n",
	    1, "text after the ] of a section header; put each option on a "
	    "line of its own");

	/* Lines far over inih's 200 bytes: a comment, a long server list. */
	n = (size_t)snprintf(text, sizeof(text), ";");
	memset(text + n, 'c', 1000);
	n += 1000;
	n += (size_t)snprintf(text + n, sizeof(text) - n, "\n[zone "
	    "\"example.com\"]\nkey = k\nserver = ");
	memset(text + n, 'a', 63);
	n += 63;
	n += (size_t)snprintf(text + n, sizeof(text) - n, ".example, ");
	memset(text + n, 'b', 63);
	n += 63;
	n += (size_t)snprintf(text + n, sizeof(text) - n, ".example:5353, "
	    "[2001:db8::53]:5300, 192.0.2.1 ; the servers\n[key \"k\"]\n"
	    "file = tsig.key\n");
	cfg = good(text, 0600);
	z = zone(cfg, "example.com");
	UNIT_CHECK(z != NULL && z->nserver == 4 && z->server[3].port == 53 &&
	    z->server[1].port == 5353 && strlen(z->server[1].host) == 71);
	config_free(cfg);

	/*
	 * A header line refused as too long: its options are not put in the
	 * section before it (no duplicate ttl, no unknown key).
	 */
	if ((big = malloc(5000)) == NULL)
		abort();
	n = (size_t)snprintf(big, 5000, "[options]\nttl = 5\n  [zone \"");
	memset(big + n, 'x', 4200);
	strcpy(big + n + 4200, "\"]\nttl = 6\nkey = k\n");
	bad(big, 3, "line too long (over 4093 characters)");
	UNIT_CHECK(strstr(errbuf, ":4:") == NULL &&
	    strstr(errbuf, ":5:") == NULL);
	free(big);
}

/* A name of `len` characters: labels of 63 and less, joined by dots. */
static void
long_name(char *buf, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		buf[i] = (i % 64 == 63) ? '.' : (char)('a' + i % 26);
	buf[len] = '\0';
	if (len > 0 && buf[len - 1] == '.')
		buf[len - 1] = 'z';
}

/* Zone (and key) names of every valid length, up to 253 characters. */
static void
test_long_names(void)
{
	static const char zone60[] =
	    "challenges-for-the-platform-engineering-team.corp.example.com";
	struct config		*cfg;
	const struct config_zone *z;
	char			 name[401], text[1200], want[400];

	wfile("tsig.key", TSIG_KEYGEN_OUT, 0600);
	UNIT_CHECK(strlen(zone60) == 61);
	/* 60 and 61 characters, written as every zone is. */
	snprintf(text, sizeof(text), "[zone \"%.60s\"]\nkey = k\n[zone \"%s\"]"
	    "\nkey = k\n[key \"k\"]\nfile = tsig.key\n", zone60 + 1, zone60);
	cfg = good(text, 0600);
	UNIT_CHECK(cfg != NULL && cfg->nzones == 2);
	z = zone(cfg, zone60 + 1);
	UNIT_CHECK(z != NULL && strcmp(z->name_text, zone60 + 1) == 0 &&
	    z->line == 1 && z->key != NULL);
	z = zone(cfg, zone60);
	UNIT_CHECK(z != NULL && z->line == 3);
	config_free(cfg);

	/* 253 characters, and with its final dot; a key name of 200. */
	long_name(name, 253);
	UNIT_CHECK(strlen(name) == 253 && name[252] != '.');
	snprintf(text, sizeof(text), "[zone \"%s.\"]\nkey = %.200s\n"
	    "[key \"%.200s\"]\nalgorithm = hmac-sha256\nsecret = " SECRET_256
	    "\n", name, name, name);
	cfg = good(text, 0600);
	z = zone(cfg, name);
	UNIT_CHECK(z != NULL && z->name.len == 255 && z->key != NULL &&
	    strlen(z->name_text) == 254);
	config_free(cfg);

	/* 254 characters: one too many. */
	long_name(name, 254);
	snprintf(text, sizeof(text), "[options]\nttl = 5\n\n[zone \"%s\"]\n"
	    "key = k\n", name);
	bad(text, 4, "zone name is not a valid domain name: 254 characters "
	    "long, over the 253 a domain name may have (not counting a final "
	    "dot)");
	long_name(name, 400);
	snprintf(text, sizeof(text), "[zone \"%s\"]\nkey = k\n", name);
	bad(text, 1, "zone name is not a valid domain name: 400 characters");
	/* A label of 64. */
	memset(name, 'x', 64);
	strcpy(name + 64, ".example.com");
	snprintf(text, sizeof(text), "[zone \"%s\"]\nkey = k\n", name);
	bad(text, 1, "zone name is not a valid domain name: a label of 64 "
	    "characters, over the 63 allowed between two dots");
	bad("[zone \".example.com\"]\nkey = k\n", 1, "zone name is not a "
	    "valid domain name: an empty label");
	/* Duplicates are found whatever the length; the name is shown. */
	long_name(name, 200);
	snprintf(text, sizeof(text), "[zone \"%s\"]\nkey = k\n[zone \"%s.\"]\n"
	    "key = k\n[key \"k\"]\nfile = tsig.key\n", name, name);
	snprintf(want, sizeof(want), "duplicate [zone \"%s.\"] section (first "
	    "at line 1)", name);
	bad(text, 3, want);
}

/*
 * Key files of another user, or readable by another service's group (as
 * Debian keeps the keys of /etc/bind, root:bind 0640, for named):
 * refused, by name, with the command that gives the hooks a copy of
 * their own.  Only the host's root can chown them so.
 */
static void
test_foreign_key_files(void)
{
	const char	*kp;
	char		 want[1024];
	struct passwd	*pw;

	kp = wfile("named.key", TSIG_KEYGEN_OUT, 0640);
	UNIT_CHECK(chown(kp, 0, 12345) == 0);
	fails("[key \"k\"]\nfile = named.key\n[zone \"e.com\"]\nkey = k\n");
	snprintf(want, sizeof(want), "mode 0640 lets its group, gid 12345, "
	    "read the TSIG secret; the service that group is for may need "
	    "that, so leave it as it is; the hooks need a copy of the key of "
	    "their own: install -m 0600 -o root %s /etc/acme-hooks/named.key, "
	    "then name that copy in file =", kp);
	UNIT_CHECK(has_err(kp, 0, want));
	UNIT_CHECK(chmod(kp, 0644) == 0);
	fails("[key \"k\"]\nfile = named.key\n[zone \"e.com\"]\nkey = k\n");
	UNIT_CHECK(has_err(kp, 0, "mode 0644 lets its group, gid 12345, and "
	    "others, read the TSIG secret"));
	/* Its group is root's: the file is nobody else's, chmod it. */
	UNIT_CHECK(chown(kp, 0, 0) == 0);
	fails("[key \"k\"]\nfile = named.key\n[zone \"e.com\"]\nkey = k\n");
	snprintf(want, sizeof(want), "mode 0644 lets others read the TSIG "
	    "secret; run chmod 600 %s", kp);
	UNIT_CHECK(has_err(kp, 0, want));

	/* Owned by a user with a name, and by one without. */
	if ((pw = getpwnam("nobody")) == NULL) {
		unit_skip("needs a user nobody: a key file of another user");
		return;
	}
	UNIT_CHECK(chmod(kp, 0600) == 0 && chown(kp, pw->pw_uid, 0) == 0);
	fails("[key \"k\"]\nfile = named.key\n[zone \"e.com\"]\nkey = k\n");
	snprintf(want, sizeof(want), "owned by nobody (uid %lu); must be "
	    "owned by root (uid 0), who runs this; the hooks need a copy of "
	    "the key of their own: install -m 0600 -o root %s "
	    "/etc/acme-hooks/named.key, then name that copy in file =",
	    (unsigned long)pw->pw_uid, kp);
	UNIT_CHECK(has_err(kp, 0, want));
	UNIT_CHECK(chown(kp, 12345, 0) == 0);
	fails("[key \"k\"]\nfile = named.key\n[zone \"e.com\"]\nkey = k\n");
	UNIT_CHECK(has_err(kp, 0, "owned by uid 12345; must be owned by root "
	    "(uid 0), who runs this; the hooks need a copy"));
	UNIT_CHECK(chown(kp, 0, 0) == 0);
}

static void
test_files(void)
{
	struct config	*cfg;
	const char	*path, *kpath;
	char		 cfgtext[512];

	/* Missing file. */
	path = tpath("missing.ini");
	cap_begin();
	UNIT_CHECK(config_load(path) == NULL);
	cap_end();
	UNIT_CHECK(has_err(path, 0, "cannot open: No such file or "
	    "directory"));

	/* A secret in a file others can read. */
	path = wfile("open.ini", "[key \"k\"]\nalgorithm = hmac-sha256\n"
	    "secret = " SECRET_256 "\n[zone \"example.com\"]\nkey = k\n",
	    0644);
	cap_begin();
	UNIT_CHECK(config_load(path) == NULL);
	cap_end();
	snprintf(cfgtext, sizeof(cfgtext), "mode 0644 lets others read the "
	    "TSIG secret; run chmod 600 %s", path);
	UNIT_CHECK(has_err(path, 0, cfgtext));
	/* Group bits alone are refused too. */
	chmod(path, 0640);
	cap_begin();
	UNIT_CHECK(config_load(path) == NULL);
	cap_end();
	UNIT_CHECK(has_err(path, 0, "mode 0640 lets others read"));

	/* A key file others can read, named by a 0644 config. */
	kpath = wfile("open.key", TSIG_KEYGEN_OUT, 0604);
	UNIT_CHECK(load("[key \"k\"]\nfile = open.key\n[zone \"e.com\"]\n"
	    "key = k\n", 0644, NULL) == NULL);
	snprintf(cfgtext, sizeof(cfgtext), "mode 0604 lets others read the "
	    "TSIG secret; run chmod 600 %s", kpath);
	UNIT_CHECK(has_err(kpath, 0, cfgtext));

	/* A symbolic link to a good file. */
	wfile("target.ini", "[zone \"example.com\"]\nkey = k\n[key \"k\"]\n"
	    "file = tsig.key\n", 0600);
	path = tpath("link.ini");
	unlink(path);
	UNIT_CHECK(symlink(tpath("target.ini"), path) == 0);
	cap_begin();
	UNIT_CHECK(config_load(path) == NULL);
	cap_end();
	UNIT_CHECK(has_err(path, 0, "is a symbolic link"));
	/* ...and the target itself loads. */
	path = tpath("target.ini");
	cap_begin();
	cfg = config_load(path);
	cap_end();
	UNIT_CHECK(cfg != NULL);
	config_free(cfg);

	/* A key file that is a symbolic link. */
	kpath = tpath("link.key");
	unlink(kpath);
	UNIT_CHECK(symlink(tpath("tsig.key"), kpath) == 0);
	fails("[key \"k\"]\nfile = link.key\n");
	UNIT_CHECK(has_err(kpath, 0, "is a symbolic link"));

	/* A directory. */
	path = tpath("dir.ini");
	rmdir(path);
	UNIT_CHECK(mkdir(path, 0700) == 0);
	cap_begin();
	UNIT_CHECK(config_load(path) == NULL);
	cap_end();
	UNIT_CHECK(has_err(path, 0, "is a directory, not a regular file"));
	rmdir(path);

	/* A FIFO: refused without blocking. */
	path = tpath("fifo.ini");
	unlink(path);
	UNIT_CHECK(mkfifo(path, 0600) == 0);
	cap_begin();
	UNIT_CHECK(config_load(path) == NULL);
	cap_end();
	UNIT_CHECK(has_err(path, 0, "not a regular file"));
	unlink(path);

	/*
	 * Owned by someone else: only the host's root can make that file
	 * (in the user namespace of tests/run.sh uid 12345 does not exist).
	 */
	path = wfile("other.ini", "[options]\n", 0600);
	if (!unit_host_root())
		unit_skip("needs root: a configuration file owned by "
		    "another user (chown to uid 12345)");
	else {
		UNIT_CHECK(chown(path, 12345, 12345) == 0);
		cap_begin();
		UNIT_CHECK(config_load(path) == NULL);
		cap_end();
		snprintf(cfgtext, sizeof(cfgtext), "owned by uid 12345; must "
		    "be owned by root (uid 0), who runs this; run chown root "
		    "%s", path);
		UNIT_CHECK(has_err(path, 0, cfgtext));
		test_foreign_key_files();
	}
}

static void
test_keyfiles(void)
{
	const char	*kp;
	char		 want[1024];

	/* Missing key file. */
	fails("[key \"k\"]\nfile = nothere.key\n");
	snprintf(want, sizeof(want), "key file %s: cannot open: No such file "
	    "or directory; check the path", tpath("nothere.key"));
	UNIT_CHECK(has_err(tpath("test.ini"), 2, want));

	/* Several keys, none named like the section. */
	kp = wfile("two.key", TSIG_KEYGEN_OUT DDNS_CONFGEN_OUT, 0600);
	fails("[key \"k\"]\nfile = two.key\n");
	UNIT_CHECK(has_err(kp, 0, "2 keys in this file and none is named "
	    "\"k\""));

	/* Section algorithm disagrees with the file. */
	bad("[key \"k\"]\nalgorithm = hmac-sha512\nfile = tsig.key\n", 2,
	    "algorithm hmac-sha512 does not match hmac-sha256 in ");

	/* MD5 in a file, not named in the config. */
	kp = tpath("md5.key");
	fails("[key \"k\"]\nfile = md5.key\n");
	UNIT_CHECK(has_err(kp, 0, "key uses HMAC-MD5, which is weak"));

	/* Not an HMAC key. */
	kp = wfile("Kecdsa.+013+11111.private", "Private-key-format: v1.3\n"
	    "Algorithm: 13 (ECDSAP256SHA256)\nPrivateKey: " SECRET_256 "\n",
	    0600);
	fails("[key \"k\"]\nfile = Kecdsa.+013+11111.private\n");
	UNIT_CHECK(has_err(kp, 0, "algorithm 13 is not an HMAC (TSIG) key"));

	/* K*.private without Key:. */
	kp = wfile("Knokey.+165+1.private", "Private-key-format: v1.3\n"
	    "Algorithm: 165 (HMAC_SHA512)\nBits: AAA=\n", 0600);
	fails("[key \"k\"]\nfile = Knokey.+165+1.private\n");
	UNIT_CHECK(has_err(kp, 0, "no Key: line"));

	/* Broken BIND files, with the line of the problem. */
	kp = wfile("broken.key", "# comment\nkey \"k\" {\n\talgorithm "
	    "hmac-sha256;\n\tsecret \"" SECRET_256 "\"\n};\n", 0600);
	fails("[key \"k\"]\nfile = broken.key\n");
	UNIT_CHECK(has_err(kp, 5, "expected ; after the secret"));
	kp = wfile("broken.key", "key \"k\" {\n\talgorithm hmac-sha256;\n"
	    "\tsecret \"" SECRET_256 "\";\n\tfoo bar;\n};\n", 0600);
	fails("[key \"k\"]\nfile = broken.key\n");
	UNIT_CHECK(has_err(kp, 4, "expected algorithm or secret"));
	kp = wfile("broken.key", "key \"k\" {\n\tsecret \"" SECRET_256
	    "\";\n};\n", 0600);
	fails("[key \"k\"]\nfile = broken.key\n");
	UNIT_CHECK(has_err(kp, 1, "key \"k\" has no algorithm"));
	kp = wfile("broken.key", "/* never closed\nkey \"k\" {};\n", 0600);
	fails("[key \"k\"]\nfile = broken.key\n");
	UNIT_CHECK(has_err(kp, 1, "comment never closed"));
	kp = wfile("broken.key", "options { };\n", 0600);
	fails("[key \"k\"]\nfile = broken.key\n");
	UNIT_CHECK(has_err(kp, 1, "expected a key statement"));
	kp = wfile("broken.key", "key \"k\" {\n\talgorithm hmac-sha512;\n"
	    "\tsecret \"" SECRET_16 "\";\n};\n", 0600);
	fails("[key \"k\"]\nfile = broken.key\n");
	UNIT_CHECK(has_err(kp, 3, "key \"k\": secret is 16 bytes, too short"));
	kp = wfile("empty.key", "", 0600);
	fails("[key \"k\"]\nfile = empty.key\n");
	UNIT_CHECK(has_err(kp, 0, "no key statement in this file"));
}

static void
test_path(void)
{
	unsetenv("ACME_HOOKS_CONFIG");
	UNIT_CHECK(strcmp(config_path(NULL), CONFIG_DEFAULT_PATH) == 0);
	UNIT_CHECK(strcmp(config_path(NULL), "/etc/acme-hooks.ini") == 0);
	setenv("ACME_HOOKS_CONFIG", "/env/path.ini", 1);
	UNIT_CHECK(strcmp(config_path(NULL), "/env/path.ini") == 0);
	UNIT_CHECK(strcmp(config_path("/cli.ini"), "/cli.ini") == 0);
	setenv("ACME_HOOKS_CONFIG", "", 1);
	UNIT_CHECK(strcmp(config_path(NULL), CONFIG_DEFAULT_PATH) == 0);
	unsetenv("ACME_HOOKS_CONFIG");
	UNIT_CHECK(strcmp(config_path("/cli.ini"), "/cli.ini") == 0);
	UNIT_CHECK(config_find_zone(NULL, NULL) == NULL);
	config_free(NULL);
}

/* `sandbox` and the TCP ports the sandbox lets connect(2) reach. */
static void
test_sandbox_options(void)
{
	struct config	*cfg;
	uint16_t	 ports[4];

	/* On unless said otherwise. */
	if ((cfg = good("[options]\nttl = 5\n", 0600)) != NULL) {
		UNIT_CHECK(cfg->no_sandbox == 0);
		config_free(cfg);
	}
	cfg = good("[options]\nsandbox = NO\nresolver = [::1]:5300, "
	    "127.0.0.1\n[key \"k\"]\nalgorithm = hmac-sha256\nsecret = "
	    SECRET_256 "\n[zone \"a.example\"]\nkey = k\nserver = "
	    "ns1.a.example:5301, 192.0.2.1:5300, [2001:db8::1]:5302\n", 0600);
	if (cfg == NULL)
		return;
	UNIT_CHECK(cfg->no_sandbox == 1);
	UNIT_CHECK(config_ports(cfg, ports, 4) == 4);
	UNIT_CHECK(ports[0] == 53 && ports[1] == 5300 && ports[2] == 5301 &&
	    ports[3] == 5302);
	/* No room: 53 first, the rest dropped. */
	UNIT_CHECK(config_ports(cfg, ports, 2) == 2);
	UNIT_CHECK(ports[0] == 53 && ports[1] == 5300);
	UNIT_CHECK(config_ports(cfg, ports, 0) == 0);
	config_free(cfg);
	cfg = good("[options]\nsandbox = yes\n", 0600);
	if (cfg != NULL) {
		UNIT_CHECK(cfg->no_sandbox == 0);
		UNIT_CHECK(config_ports(cfg, ports, 4) == 1 &&
		    ports[0] == 53);
		config_free(cfg);
	}
	bad("[options]\nsandbox = no\nsandbox = yes\n", 3,
	    "duplicate option \"sandbox\"");
}

/* Neither the secret nor a piece of it is in what was logged. */
static int
no_secret_in_log(const char *secret)
{
	char	 piece[9];
	size_t	 i, n = strlen(secret);

	/* Any 8 characters in a row would already be too many. */
	for (i = 0; i + 8 <= n; i++) {
		memcpy(piece, secret + i, 8);
		piece[8] = '\0';
		if (strstr(errbuf, piece) != NULL) {
			fprintf(stderr, "secret piece \"%s\" printed:\n%s",
			    piece, errbuf);
			return 0;
		}
	}
	return 1;
}

/* A secret pasted into the wrong option is never echoed. */
static void
test_no_echo(void)
{
	static const char *const cases[] = {
		"[zone \"example.com\"]\nkey = " SECRET_256 "\n",
		"[key \"k\"]\nfile = " SECRET_256 "\n"
		    "[zone \"example.com\"]\nkey = k\n",
		"[options]\ntimeout = " SECRET_256 "\n",
		"[options]\nttl = " SECRET_256 "\n",
		"[options]\npoll_interval_max = " SECRET_256 "\n",
		"[options]\ndown_servers = " SECRET_256 "\n",
		"[options]\nresolver = " SECRET_256 "\n",
		"[zone \"example.com\"]\nkey = k\nserver = " SECRET_256 "\n",
		"[zone \"example.com\"]\nkey = k\nserver = 192.0.2.1, "
		    SECRET_256 "\n",
		"[zone \"" SECRET_256 "\"]\nkey = k\n",
		"[key \"k\"]\nalgorithm = " SECRET_256 "\n",
		"[options]\n" SECRET_256 " = 1\n",
		"[zone \"example.com\"]\n" SECRET_256 " = 1\n",
	};
	size_t	 i;

	wfile("tsig.key", TSIG_KEYGEN_OUT, 0600);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fails(cases[i]);
		UNIT_CHECK(strstr(errbuf, "error: ") != NULL);
		UNIT_CHECK(no_secret_in_log(SECRET_256));
	}
	/* What is shown instead still says where to look. */
	fails("[key \"k\"]\nfile = " SECRET_256 "\n"
	    "[zone \"example.com\"]\nkey = k\n");
	UNIT_CHECK(has_err(tpath("test.ini"), 2, "the file named by file = "
	    "(its name not shown: it could be a misplaced secret): cannot "
	    "open: No such file or directory; check the path"));
	/* Pasted as tsig-keygen prints it, or a piece of one. */
	fails("[key \"k\"]\nfile = \"" SECRET_256 "\";\n"
	    "[zone \"example.com\"]\nkey = k\n");
	UNIT_CHECK(has_err(tpath("test.ini"), 2, "the file named by file = "
	    "(its name not shown"));
	fails("[key \"k\"]\nfile = VohSQCaJ6qN3ZzslcVa6LG\n"
	    "[zone \"example.com\"]\nkey = k\n");
	UNIT_CHECK(has_err(tpath("test.ini"), 2, "the file named by file = "
	    "(its name not shown"));
	UNIT_CHECK(no_secret_in_log("VohSQCaJ6qN3ZzslcVa6LG"));
	bad("[zone \"example.com\"]\nkey = " SECRET_256 "\n", 1,
	    "[zone \"example.com\"]: its key = (line 2; not shown: it could "
	    "be a misplaced secret) names no [key] section; write the name of "
	    "a [key \"NAME\"] section there");
	bad("[zone \"example.com\"]\nkey = VohSQCaJ6qN3ZzslcVa6LG\n", 1,
	    "[zone \"example.com\"]: its key = (line 2; not shown");
	bad("[options]\ntimeout = " SECRET_256 "\n", 2,
	    "timeout: not a number of seconds from 1 to 86400");
}

/* `secret = VALUE` in [key "k"] loads, to the bytes `raw_hex`. */
static void
pasted_ok(const char *value, enum tsig_alg alg, const char *raw_hex)
{
	struct config	*cfg;
	const struct config_zone *z;
	char		 text[512];

	snprintf(text, sizeof(text), "[key \"k\"]\nalgorithm = %s\n"
	    "secret = %s\n[zone \"example.com\"]\nkey = k\n",
	    tsig_alg_name(alg), value);
	cfg = good(text, 0600);
	z = zone(cfg, "example.com");
	UNIT_CHECK(z != NULL && name_is(z->key, "k") &&
	    tsig_key_alg(z->key) == alg && same_secret(z->key, raw_hex));
	if (z == NULL || !same_secret(z->key, raw_hex))
		fprintf(stderr, "  pasted secret not read: %s\n", value);
	config_free(cfg);
}

/* `secret = VALUE` (hmac-sha256) is refused on line 3 with `why`. */
static void
pasted_bad(const char *value, const char *why)
{
	char	 text[512], want[512];

	snprintf(text, sizeof(text), "[key \"k\"]\nalgorithm = hmac-sha256\n"
	    "secret = %s\n[zone \"example.com\"]\nkey = k\n", value);
	snprintf(want, sizeof(want), "secret of key \"k\": %s; copy it again, "
	    "whole, as tsig-keygen prints it", why);
	bad(text, 3, want);
	UNIT_CHECK(no_secret_in_log(SECRET_256));
}

/* [key "k"] with `file = NAME` holding `text` fails at NAME:LINE: what. */
static void
key_file_bad(const char *name, const char *text, int line, const char *what)
{
	char	 cfgtext[512];

	wfile(name, text, 0600);
	snprintf(cfgtext, sizeof(cfgtext), "[key \"k\"]\nfile = %s\n"
	    "[zone \"e.com\"]\nkey = k\n", name);
	fails(cfgtext);
	UNIT_CHECK(has_err(tpath(name), line, what));
}

/*
 * The secret as tsig-keygen prints it (`secret "BASE64";`) pastes as is
 * after `secret =`; one that is refused says what is wrong and where,
 * never what it holds.  The value starts at column 10, after "secret = ".
 */
static void
test_pasted_secret(void)
{
	pasted_ok(SECRET_256, TSIG_HMAC_SHA256, RAW_256);
	pasted_ok("\"" SECRET_256 "\";", TSIG_HMAC_SHA256, RAW_256);
	pasted_ok("\"" SECRET_256 "\"", TSIG_HMAC_SHA256, RAW_256);
	pasted_ok(SECRET_256 ";", TSIG_HMAC_SHA256, RAW_256);
	/* Blanks around the quotes and the ';' (" ;" starts a comment). */
	pasted_ok("\"" SECRET_256 "\" ;", TSIG_HMAC_SHA256, RAW_256);
	pasted_ok("\"" SECRET_256 "\"\t;", TSIG_HMAC_SHA256, RAW_256);
	pasted_ok("\" " SECRET_256 " \";", TSIG_HMAC_SHA256, RAW_256);
	pasted_ok("\t\"" SECRET_256 "\";  ; tsig-keygen acme-key",
	    TSIG_HMAC_SHA256, RAW_256);
	pasted_ok("\"" SECRET_512 "\";", TSIG_HMAC_SHA512, RAW_512);
	pasted_ok("\"" SECRET_DDNS "\";", TSIG_HMAC_SHA256, RAW_DDNS);

	pasted_bad("\"" SECRET_256 ";", "a quote without its pair");
	pasted_bad(SECRET_256 "\";", "a quote without its pair");
	pasted_bad("\"VohSQCaJ6qN3ZzslcVa6LG\"+KKAopyghBhlEVwpbFiDk=\";",
	    "a quote without its pair");
	pasted_bad("\"VohSQCaJ6qN3ZzslcVa6LG\"\"+KKAopyghBhlEVwpbFiDk=\";",
	    "a quote inside the value (only a pair around it may be there)");
	pasted_bad("\"" SECRET_256 "\";;", "a ';' inside the value (only "
	    "one, after it, may end it)");
	pasted_bad("\"VohSQCaJ6qN3ZzslcVa6;LG+KKAopyghBhlEVwpbFiDk=\";",
	    "a ';' inside the value (only one, after it, may end it)");
	/* The '!' is the 14th character of the base64, after the quote. */
	pasted_bad("\"VohSQCaJ6qN3Z!slcVa6LG+KKAopyghBhlEVwpbFiDk=\";",
	    "character at column 24 is not base64 (A-Z, a-z, 0-9, '+', '/', "
	    "and '=' at the end)");
	pasted_bad("VohSQCaJ6qN3Z\xc3\xa9slcVa6LG+KKAopyghBhlEVwpbFiDk=",
	    "character at column 23 is not base64 (A-Z, a-z, 0-9, '+', '/', "
	    "and '=' at the end)");
	pasted_bad("'" SECRET_256 "'", "character at column 10 is not base64 "
	    "(A-Z, a-z, 0-9, '+', '/', and '=' at the end)");
	pasted_bad("\"VohSQCaJ6qN3ZzslcVa6LG+KKAopyghBhlEVwpbFiDk\";",
	    "length is not a multiple of 4 (43 base64 characters: one is "
	    "missing or extra)");
	pasted_bad("VohSQCaJ6qN3ZzslcVa6LG+KKAopyghBhlEVwpbFiDk==",
	    "the '=' at column 53 is not at the end");
	pasted_bad("VohS==aJ6qN3ZzslcVa6LG+KKAopyghBhlEVwpbFiDk=",
	    "the '=' at column 14 is not at the end");
	pasted_bad("\"\";", "decodes to 0 octets");
	pasted_bad("\" \";", "decodes to 0 octets");

	/* Key files: their own syntax takes the quotes, never twice.  A
	 * tab, "secret", a blank and the quote come before column 10. */
	key_file_bad("bad-char.key", "key \"k\" {\n\talgorithm hmac-sha256;"
	    "\n\tsecret \"VohSQCaJ6qN3Z!slcVa6LG+KKAopyghBhlEVwpbFiDk=\";\n"
	    "};\n", 3, "secret of key \"k\": character at column 23 is not "
	    "base64");
	key_file_bad("quoted.key", "key \"k\" {\n\talgorithm hmac-sha256;\n"
	    "\tsecret \"\"" SECRET_256 "\"\";\n};\n", 3,
	    "expected ; after the secret");
	key_file_bad("Kk.+163+00001.private", "Private-key-format: v1.3\n"
	    "Algorithm: 163 (HMAC_SHA256)\nKey: \"" SECRET_256 "\"\n", 3,
	    "secret of key \"k\": a quote inside the value");
	key_file_bad("Kk.+163+00002.private", "Private-key-format: v1.3\n"
	    "Algorithm: 163 (HMAC_SHA256)\nKey: VohSQCaJ6qN3ZzslcVa6LG\n", 3,
	    "secret of key \"k\": length is not a multiple of 4 (22 base64 "
	    "characters");
	UNIT_CHECK(no_secret_in_log(SECRET_256));
}

/* A directory of the test's own, with `mode`. */
static const char *
wdir(const char *name, mode_t mode)
{
	const char	*path = tpath(name);

	if (mkdir(path, 0700) == -1 && errno != EEXIST) {
		perror(path);
		abort();
	}
	if (chmod(path, mode) == -1) {
		perror(path);
		abort();
	}
	return path;
}

/* Config and key files others could change, or in such a directory. */
static void
test_writable(void)
{
	struct config	*cfg;
	const char	*path, *dir;
	char		 want[600];
	static const char text[] = "[zone \"example.com\"]\nkey = k\n"
	    "[key \"k\"]\nfile = tsig.key\n";

	/* The file itself, group- or world-writable, without a secret. */
	wfile("tsig.key", TSIG_KEYGEN_OUT, 0600);
	UNIT_CHECK(load(text, 0664, &path) == NULL);
	snprintf(want, sizeof(want), "mode 0664 lets others change it; run "
	    "chmod go-w %s", path);
	UNIT_CHECK(has_err(path, 0, want));
	UNIT_CHECK(load(text, 0646, &path) == NULL);
	UNIT_CHECK(has_err(path, 0, "mode 0646 lets others change it"));
	/* A key file others can write. */
	wfile("wkey.key", TSIG_KEYGEN_OUT, 0620);
	UNIT_CHECK(load("[zone \"example.com\"]\nkey = k\n[key \"k\"]\n"
	    "file = wkey.key\n", 0600, NULL) == NULL);
	UNIT_CHECK(has_err(tpath("wkey.key"), 0, "mode 0620 lets others "
	    "change it"));

	/* Its directory: writable by others, even when sticky. */
	dir = wdir("w777", 0777);
	path = wfile("w777/c.ini", text, 0600);
	wfile("w777/tsig.key", TSIG_KEYGEN_OUT, 0600);
	cap_begin();
	UNIT_CHECK(config_load(path) == NULL);
	cap_end();
	snprintf(want, sizeof(want), "%s: directory mode 0777 lets others "
	    "replace the files below it; run chmod go-w %s", dir, dir);
	UNIT_CHECK(has_err(dir, 0, "directory mode 0777 lets others replace "
	    "the files below it"));
	UNIT_CHECK(strstr(errbuf, want) != NULL);
	UNIT_CHECK(chmod(dir, 01777) == 0);
	cap_begin();
	UNIT_CHECK(config_load(path) == NULL);
	cap_end();
	UNIT_CHECK(has_err(dir, 0, "directory mode 1777"));
	UNIT_CHECK(chmod(dir, 0770) == 0);
	cap_begin();
	UNIT_CHECK(config_load(path) == NULL);
	cap_end();
	UNIT_CHECK(has_err(dir, 0, "directory mode 0770"));

	/* A directory further up, writable by group, not sticky. */
	dir = wdir("up", 0775);
	wdir("up/down", 0700);
	path = wfile("up/down/c.ini", text, 0600);
	wfile("up/down/tsig.key", TSIG_KEYGEN_OUT, 0600);
	cap_begin();
	UNIT_CHECK(config_load(path) == NULL);
	cap_end();
	UNIT_CHECK(has_err(dir, 0, "directory mode 0775"));
	/* ...fixed: it loads, so the rest of the chain is fine. */
	UNIT_CHECK(chmod(dir, 0755) == 0);
	cap_begin();
	cfg = config_load(path);
	cap_end();
	UNIT_CHECK(cfg != NULL);
	config_free(cfg);

	/*
	 * Sticky and writable by others above our own directory: fine only
	 * when root owns it (as /tmp); ours is not enough.
	 */
	dir = wdir("sticky", 01777);
	wdir("sticky/mine", 0700);
	path = wfile("sticky/mine/c.ini", text, 0600);
	wfile("sticky/mine/tsig.key", TSIG_KEYGEN_OUT, 0600);
	cap_begin();
	cfg = config_load(path);
	cap_end();
	if (geteuid() == 0)
		UNIT_CHECK(cfg != NULL);
	else {
		UNIT_CHECK(cfg == NULL);
		UNIT_CHECK(has_err(dir, 0, "directory mode 1777"));
	}
	config_free(cfg);
	/* Group-writable above, not sticky: refused for root too. */
	UNIT_CHECK(chmod(dir, 0777) == 0);
	cap_begin();
	UNIT_CHECK(config_load(path) == NULL);
	cap_end();
	UNIT_CHECK(has_err(dir, 0, "directory mode 0777"));
	UNIT_CHECK(chmod(dir, 0700) == 0);
}

/* A config of one gss [key "acme"] (its lines 1-4) and `zone` after it. */
static const char *
gss_text(const char *key_opts, const char *zone_opts)
{
	static char	 buf[2048];

	snprintf(buf, sizeof(buf), "[key \"acme\"]\n%s[zone \"example.com\"]\n"
	    "key = acme\n%s", key_opts, zone_opts);
	return buf;
}

/* `key_opts` under [key "acme"] must fail with "LINE: what". */
static void
gss_bad(const char *key_opts, const char *zone_opts, int line,
    const char *what)
{
	bad(gss_text(key_opts, zone_opts), line, what);
}

/* keytab = the test's file `name`, after `before` (a few options). */
static const char *
gss_keytab(const char *before, const char *name)
{
	static char	 buf[1024];

	snprintf(buf, sizeof(buf), "%skeytab = %s\n", before, tpath(name));
	return buf;
}

/* A gss key with keytab = the file `name` is refused: "WHO: WHAT". */
static void
keytab_fails(const char *name, const char *who, const char *what)
{
	fails(gss_text(gss_keytab("algorithm = gss-tsig\n", name), ""));
	UNIT_CHECK(has_err(who, 0, what));
}

/* ...or must load. */
static void
keytab_loads(const char *name)
{
	config_free(good(gss_text(gss_keytab("algorithm = gss-tsig\n", name),
	    ""), 0600));
}

/* Kerberos (gss-tsig) keys, the principal, keytab and server_name. */
static void
test_gss(void)
{
	struct config	*cfg;
	const struct config_zone *z;
	const char	*path, *dir;
	char		 kt[512], want[1024], text[2048], big[300];
	/* The first bytes of an MIT keytab: version 0x0502. */
	static const char keytab[] = "\x05\x02\0\0\0\x40";

	snprintf(kt, sizeof(kt), "%s", wfile_n("acme.keytab", keytab,
	    sizeof(keytab) - 1, 0600));

	/* Every option, the server an address, its host name given. */
	snprintf(text, sizeof(text), "[key \"acme\"]\nalgorithm = gss-tsig\n"
	    "principal = acme@EXAMPLE.COM\nkeytab = %s\n"
	    "[zone \"example.com\"]\nkey = acme\nserver = 192.0.2.1\n"
	    "server_name = DC1.example.com.\n", kt);
	cfg = good(text, 0644);
	UNIT_CHECK(cfg != NULL && cfg->nkeys == 1);
	if (cfg != NULL && cfg->nkeys == 1) {
		UNIT_CHECK(tsig_key_alg(cfg->keys[0].key) == TSIG_GSS);
		UNIT_CHECK(name_is(cfg->keys[0].key, "acme"));
		UNIT_CHECK(cfg->keys[0].principal != NULL &&
		    strcmp(cfg->keys[0].principal, "acme@EXAMPLE.COM") == 0);
		UNIT_CHECK(cfg->keys[0].principal_line == 3);
		UNIT_CHECK(cfg->keys[0].keytab != NULL &&
		    strcmp(cfg->keys[0].keytab, kt) == 0);
		UNIT_CHECK(cfg->keys[0].keytab_line == 4);
		z = zone(cfg, "example.com");
		UNIT_CHECK(z != NULL && z->key == cfg->keys[0].key &&
		    z->server_name != NULL &&
		    strcmp(z->server_name, "DC1.example.com") == 0 &&
		    z->server_name_line == 8);
	}
	config_free(cfg);

	/*
	 * The Windows name, any case, and nothing else: the credential
	 * cache's principal, the SOA MNAME as the primary.
	 */
	cfg = good(gss_text("algorithm = GSS.Microsoft.COM.\n", ""), 0600);
	UNIT_CHECK(cfg != NULL && cfg->nkeys == 1 &&
	    tsig_key_alg(cfg->keys[0].key) == TSIG_GSS_MS &&
	    cfg->keys[0].principal == NULL && cfg->keys[0].keytab == NULL &&
	    cfg->zones[0].server_name == NULL);
	config_free(cfg);
	/* A principal without a realm, one with an instance; a host server. */
	cfg = good(gss_text("algorithm = gss-tsig\nprincipal = acme\n",
	    "server = dc1.example.com:5353\n"), 0600);
	UNIT_CHECK(cfg != NULL && cfg->keys[0].principal != NULL &&
	    strcmp(cfg->keys[0].principal, "acme") == 0);
	config_free(cfg);
	cfg = good(gss_text("algorithm = gss-tsig\nprincipal = "
	    "acme/host.example.com@AD.EXAMPLE.COM\n", ""), 0600);
	UNIT_CHECK(cfg != NULL);
	config_free(cfg);
	memset(big, 'a', 255);
	big[255] = '\0';
	snprintf(text, sizeof(text), "algorithm = gss-tsig\nprincipal = %s\n",
	    big);
	cfg = good(gss_text(text, ""), 0600);
	UNIT_CHECK(cfg != NULL);
	config_free(cfg);

	/* No secret, no key file with Kerberos. */
	gss_bad("algorithm = gss-tsig\nsecret = " SECRET_256 "\n", "", 3,
	    "[key \"acme\"] uses Kerberos (gss-tsig), which takes no secret: "
	    "Kerberos gets its keys from the keytab or the credential cache; "
	    "remove secret =, or name an HMAC algorithm");
	gss_bad("file = tsig.key\nalgorithm = gss.microsoft.com\n", "", 2,
	    "[key \"acme\"] uses Kerberos (gss.microsoft.com), which takes no "
	    "key file: Kerberos gets its keys from the keytab or the "
	    "credential cache; remove file =, or name an HMAC algorithm");
	/* ...nor a key file that says gss-tsig. */
	wfile("gss.key", "key \"acme\" {\n\talgorithm gss-tsig;\n\tsecret \""
	    SECRET_256 "\";\n};\n", 0600);
	fails(gss_text("file = gss.key\n", ""));
	UNIT_CHECK(has_err(tpath("gss.key"), 3, "key \"acme\": algorithm "
	    "gss-tsig is Kerberos, which takes no secret; a key file holds an "
	    "HMAC key (tsig-keygen -a hmac-sha256), or write algorithm = "
	    "gss-tsig in the [key] section, without file ="));

	/* principal and keytab only with Kerberos. */
	gss_bad("algorithm = hmac-sha256\nsecret = " SECRET_256 "\n"
	    "principal = acme@EXAMPLE.COM\n", "", 4, "principal is only for "
	    "Kerberos keys (algorithm = gss-tsig); [key \"acme\"] is an HMAC "
	    "key: remove principal =");
	gss_bad(gss_keytab("file = tsig.key\n", "acme.keytab"), "", 3,
	    "keytab is only for Kerberos keys (algorithm = gss-tsig); "
	    "[key \"acme\"] is an HMAC key: remove keytab =");
	gss_bad("principal = acme@EXAMPLE.COM\n", "", 2, "principal is only "
	    "for Kerberos keys; [key \"acme\"] then needs algorithm = "
	    "gss-tsig (or gss.microsoft.com)");
	gss_bad("algorithm = gss-tsgi\nprincipal = acme\n", "", 2,
	    "unknown algorithm \"gss-tsgi\" (expected hmac-sha256, "
	    "hmac-sha512, ..., or gss-tsig)");

	/* Principals, never echoed. */
	gss_bad("algorithm = gss-tsig\nprincipal = acme@\n", "", 3,
	    "principal: nothing after the @ (an empty realm); write "
	    "NAME@REALM or NAME/INSTANCE@REALM, such as acme@EXAMPLE.COM");
	gss_bad("algorithm = gss-tsig\nprincipal = @EXAMPLE.COM\n", "", 3,
	    "principal: nothing before the @ (an empty name)");
	gss_bad("algorithm = gss-tsig\nprincipal = acme@EX@AMPLE\n", "", 3,
	    "principal: more than one @");
	gss_bad("algorithm = gss-tsig\nprincipal = acme/@EXAMPLE.COM\n", "", 3,
	    "principal: an empty part before or after a /");
	gss_bad("algorithm = gss-tsig\nprincipal = /acme@EXAMPLE.COM\n", "", 3,
	    "principal: an empty part before or after a /");
	gss_bad("algorithm = gss-tsig\nprincipal = acme//x@EXAMPLE.COM\n", "",
	    3, "principal: an empty part before or after a /");
	gss_bad("algorithm = gss-tsig\nprincipal = acme@EXAMPLE.COM/x\n", "",
	    3, "principal: a / in the realm");
	gss_bad("algorithm = gss-tsig\nprincipal = ac me@EXAMPLE.COM\n", "", 3,
	    "principal: a blank, or a character that is not printable ASCII");
	UNIT_CHECK(strstr(errbuf, "ac me") == NULL);
	gss_bad("algorithm = gss-tsig\nprincipal = ac\\@me@EXAMPLE.COM\n", "",
	    3, "principal: a backslash");
	big[255] = 'a';
	big[256] = '\0';
	snprintf(text, sizeof(text), "algorithm = gss-tsig\nprincipal = %s\n",
	    big);
	gss_bad(text, "", 3, "principal: longer than 255 characters");

	/* The keytab: an absolute plain path... */
	gss_bad("algorithm = gss-tsig\nkeytab = acme.keytab\n", "", 3,
	    "keytab: not an absolute path; write the keytab's whole path, "
	    "such as /etc/acme-hooks/acme.keytab");
	snprintf(text, sizeof(text), "algorithm = gss-tsig\nkeytab = FILE:%s\n",
	    kt);
	gss_bad(text, "", 3, "keytab: a keytab type before the path (such as "
	    "FILE:); write the plain absolute path");
	/* ...to a file that is there... */
	fails(gss_text(gss_keytab("algorithm = gss-tsig\n", "no.keytab"), ""));
	snprintf(want, sizeof(want), "keytab %s: cannot open: No such file "
	    "or directory; check the path", tpath("no.keytab"));
	UNIT_CHECK(has_err(tpath("test.ini"), 3, want));
	/* ...only its owner may read... */
	UNIT_CHECK(chmod(kt, 0640) == 0);
	snprintf(want, sizeof(want), "mode 0640 lets others read the Kerberos "
	    "keys; run chmod 600 %s", kt);
	keytab_fails("acme.keytab", kt, want);
	UNIT_CHECK(chmod(kt, 0400) == 0);
	keytab_loads("acme.keytab");
	UNIT_CHECK(chmod(kt, 0600) == 0);
	/* ...not a link... */
	path = tpath("link.keytab");
	unlink(path);
	UNIT_CHECK(symlink(kt, path) == 0);
	keytab_fails("link.keytab", path, "is a symbolic link; refusing to "
	    "follow it");
	/* ...in a directory nobody else can write... */
	dir = wdir("ktdir", 0770);
	wfile_n("ktdir/acme.keytab", keytab, sizeof(keytab) - 1, 0600);
	snprintf(want, sizeof(want), "directory mode 0770 lets others replace "
	    "the files below it; run chmod go-w %s", dir);
	keytab_fails("ktdir/acme.keytab", dir, want);
	UNIT_CHECK(chmod(dir, 0700) == 0);
	keytab_loads("ktdir/acme.keytab");
	/* ...and ours or root's. */
	if (!unit_host_root())
		unit_skip("needs root: a keytab owned by another user (chown "
		    "to uid 12345)");
	else {
		UNIT_CHECK(chown(kt, 12345, 12345) == 0);
		snprintf(want, sizeof(want), "owned by uid 12345; must be "
		    "owned by root (uid 0), who runs this; run chown root %s",
		    kt);
		keytab_fails("acme.keytab", kt, want);
		UNIT_CHECK(chown(kt, 0, 0) == 0);
	}

	/* server_name: what Kerberos needs when the servers are addresses. */
	gss_bad("algorithm = gss-tsig\n", "server = 192.0.2.1, [2001:db8::1]\n",
	    3, "[zone \"example.com\"]: key acme uses Kerberos (gss-tsig), "
	    "which names the primary by its host name (service DNS/<host>); "
	    "add server_name = HOST (the primary's host name)");
	gss_bad("algorithm = hmac-sha256\nsecret = " SECRET_256 "\n",
	    "server_name = dc1.example.com\n", 6, "server_name is only used "
	    "with gss-tsig keys (Kerberos); key acme of [zone \"example.com\"] "
	    "is hmac-sha256: remove it");
	gss_bad("algorithm = gss-tsig\n", "server_name = 192.0.2.1\n", 5,
	    "server_name: an IP address; Kerberos names the service by the "
	    "host name (DNS/<host>) (expected the primary's host name, such "
	    "as dc1.example.com)");
	gss_bad("algorithm = gss-tsig\n", "server_name = dc1.example.com:53\n",
	    5, "server_name: a port; give the host name alone (the port goes "
	    "in server =)");
	gss_bad("algorithm = gss-tsig\n", "server_name = dc1..example.com\n",
	    5, "server_name: neither an IP address nor a host name");
	gss_bad("algorithm = gss-tsig\n", "server_name = a.example\n"
	    "server_name = b.example\n", 6, "duplicate option \"server_name\"");
}

int
main(void)
{
	const char	*tmp;
	char		 cmd[512];

	log_init("test_config", LOG_NORMAL);
	/* tests/run.sh gives each test its own $TMPDIR. */
	tmp = getenv("TMPDIR");
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_config.XXXXXX",
	    tmp != NULL && *tmp == '/' && strlen(tmp) < 300 ? tmp : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_good();
	test_bad_ini();
	test_bytes();
	test_reader();
	test_long_names();
	test_files();
	test_no_echo();
	test_pasted_secret();
	test_writable();
	test_keyfiles();
	test_path();
	test_sandbox_options();
	test_gss();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return unit_done("config");
}
