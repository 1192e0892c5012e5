/*
 * The INI configuration and the key files it names.
 *
 * inih does the INI syntax; everything around it is ours.  inih's handler
 * gets no line number and inih truncates section names to 49 characters,
 * so we feed it through our own reader (config_reader), which hands over
 * one physical line at a time, counts lines, refuses NUL bytes and
 * over-long lines, strips CRLF, and parses section headers itself.  The
 * handler therefore always knows the line and the full section.
 *
 * No message ever contains a secret or part of one: values and unknown
 * option names in [key] sections and key files are never echoed.
 */

#include "config.h"

#include <sys/stat.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ini.h>

#include "log.h"
#include "tsig.h"
#include "wire.h"

/* Bytes in any file we read; a word or string in a key file. */
#define CONFIG_FILE_MAX		(1024 * 1024)
#define CONFIG_INI_LINE		4096	/* inih's ini_max_line */
#define CONFIG_NUM_MAX		86400	/* timeout, ttl: a day */
#define CONFIG_TOKEN_MAX	1024
#define CONFIG_ALG_MAX		64
#define CONFIG_NAME_MAX		DNAME_TEXT_MAX

enum section_kind {
	SEC_NONE,	/* before the first section header */
	SEC_BAD,	/* a header we reported; its options are skipped */
	SEC_OPTIONS,
	SEC_KEY,
	SEC_ZONE
};

/* A [key] section as written, resolved into a tsig_key after parsing. */
struct pending_key {
	char		*section;
	int		 line;
	char		*alg;
	int		 alg_line;
	char		*secret;	/* base64 text: wiped */
	int		 secret_line;
	char		*file;
	int		 file_line;
};

struct parse {
	struct config	*cfg;
	const char	*path;
	const char	*buf;		/* the whole file */
	size_t		 len;
	size_t		 pos;		/* start of the next line */
	int		 line;		/* line last handed to inih */
	int		 nerr;
	int		 expect_pair;	/* it must reach the handler */
	int		 got_pair;	/* ...and did */
	int		 first_malformed; /* first line called malformed */
	enum section_kind kind;
	size_t		 index;		/* current key or zone */
	int		 options_line;
	int		 timeout_set;
	int		 ttl_set;
	int		 down_set;
	int		 poll_set;
	int		 sandbox_set;
	int		 saw_secret;	/* `secret =`: mode 0600 */
	struct pending_key *pkeys;
	size_t		 npkeys;
};

/* A key as found in a key file, before decoding. */
struct file_key {
	char		 name[CONFIG_NAME_MAX];
	char		 alg[CONFIG_ALG_MAX];
	char		 secret[CONFIG_TOKEN_MAX];	/* wiped */
	int		 have_name;
	int		 have_alg;
	int		 have_secret;
	unsigned	 alg_number;	/* K*.private only */
	int		 line;		/* where the key starts */
	int		 secret_line;
};

/* ---- files ---------------------------------------------------------- */

int
config_check_file(const char *path, int fd, int secret)
{
	struct stat	 st;
	uid_t		 euid;

	if (fstat(fd, &st) == -1) {
		log_err("%s: cannot stat: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		log_err("%s: is a directory, not a regular file", path);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		log_err("%s: not a regular file", path);
		return -1;
	}
	euid = geteuid();
	if (st.st_uid != euid && st.st_uid != 0) {
		log_err("%s: owned by uid %lu; must be owned by uid %lu "
		    "(the user running this) or root", path,
		    (unsigned long)st.st_uid, (unsigned long)euid);
		return -1;
	}
	if (secret && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		log_err("%s: mode %04o lets others read the TSIG secret; "
		    "run chmod 600 %s", path,
		    (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	return 0;
}

/*
 * Open `path` without following a final symbolic link (and without
 * blocking on a FIFO), check it, and read it whole into a NUL-terminated
 * buffer.  Returns the open descriptor with *buf and *len set (the caller
 * wipes and frees *buf, and closes the descriptor), or -1 after logging.
 */
static int
config_read(const char *path, int secret, char **buf, size_t *len)
{
	struct stat	 st;
	char		*b = NULL;
	size_t		 n = 0;
	ssize_t		 r;
	int		 fd, saved;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		saved = errno;
		if (saved == ELOOP && lstat(path, &st) == 0 &&
		    S_ISLNK(st.st_mode))
			log_err("%s: is a symbolic link; refusing to follow "
			    "it (name the file it points to)", path);
		else
			log_err("%s: cannot open: %s", path, strerror(saved));
		return -1;
	}
	if (config_check_file(path, fd, secret) == -1)
		goto fail;
	if ((b = malloc(CONFIG_FILE_MAX + 1)) == NULL) {
		log_err("%s: out of memory", path);
		goto fail;
	}
	/* Bounded: at most CONFIG_FILE_MAX + 1 bytes, then we stop. */
	for (;;) {
		r = read(fd, b + n, CONFIG_FILE_MAX + 1 - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			log_err("%s: cannot read: %s", path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > CONFIG_FILE_MAX) {
			log_err("%s: larger than %d bytes", path,
			    CONFIG_FILE_MAX);
			goto fail;
		}
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return fd;
fail:
	if (b != NULL) {
		tsig_wipe(b, n);
		free(b);
	}
	close(fd);
	return -1;
}

static void
config_buf_free(char *buf, size_t len)
{
	if (buf == NULL)
		return;
	tsig_wipe(buf, len);
	free(buf);
}

/* ---- small parsers ---------------------------------------------------- */

/* realloc for n elements of `size`, refusing an overflowing product. */
static void *
config_grow(void *ptr, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	return realloc(ptr, n * size);
}

/*
 * Section names: printable ASCII without space, quote or backslash, so
 * they can be quoted in messages as they are.
 */
static int
config_name_ok(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~' || s[i] == '"' || s[i] == '\\')
			return 0;
	return 1;
}

/* Key names compare like domain names: case-insensitive, final dot optional. */
static int
config_name_eq(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b);

	if (la > 1 && a[la - 1] == '.')
		la--;
	if (lb > 1 && b[lb - 1] == '.')
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* Decimal `text` in [min, max] into *out.  Returns 0, or -1. */
static int
config_number(const char *text, unsigned long min, unsigned long max,
    unsigned long *out)
{
	unsigned long	 v = 0;
	const char	*s;

	if (*text == '\0')
		return -1;
	/* Digits only: no sign, no spaces, no 0x; bounded by the length. */
	for (s = text; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > max)
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * Split "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 address.
 * With `addr_only`, host must be an IP address.  The port (53 when none is
 * given) goes to `*port_out` unless it is NULL.  Returns 0, or -1 with
 * *why set to the reason.
 */
static int
config_hostport(const char *s, int addr_only, const char **why,
    uint16_t *port_out)
{
	char		 host[CONFIG_NAME_MAX];
	unsigned char	 a[16];
	struct dname	 dn;
	const char	*end, *colon, *port = NULL;
	unsigned long	 pn;
	size_t		 hl;
	int		 v6 = 0;

	if (*s == '[') {
		if ((end = strchr(s, ']')) == NULL) {
			*why = "no closing ]";
			return -1;
		}
		hl = (size_t)(end - s - 1);
		if (hl == 0 || hl >= sizeof(host)) {
			*why = "empty or over-long host";
			return -1;
		}
		memcpy(host, s + 1, hl);
		host[hl] = '\0';
		if (end[1] == ':')
			port = end + 2;
		else if (end[1] != '\0') {
			*why = "text after ]";
			return -1;
		}
		if (inet_pton(AF_INET6, host, a) != 1) {
			*why = "not an IPv6 address inside [ ]";
			return -1;
		}
		v6 = 1;
	} else {
		colon = strchr(s, ':');
		if (colon != NULL && strchr(colon + 1, ':') != NULL) {
			/* Two colons: a bare IPv6 address, no port. */
			if (inet_pton(AF_INET6, s, a) != 1) {
				*why = "not an IPv6 address (write "
				    "[address]:port for a port)";
				return -1;
			}
			if (port_out != NULL)
				*port_out = 53;
			return 0;
		}
		hl = colon != NULL ? (size_t)(colon - s) : strlen(s);
		if (hl == 0) {
			*why = "empty host";
			return -1;
		}
		if (hl >= sizeof(host)) {
			*why = "host name too long";
			return -1;
		}
		memcpy(host, s, hl);
		host[hl] = '\0';
		if (colon != NULL)
			port = colon + 1;
	}
	if (port != NULL && config_number(port, 1, 65535, &pn) == -1) {
		*why = "port must be a number from 1 to 65535";
		return -1;
	}
	if (port_out != NULL)
		*port_out = port != NULL ? (uint16_t)pn : 53;
	if (v6 || inet_pton(AF_INET, host, a) == 1)
		return 0;
	if (addr_only) {
		*why = "not an IP address";
		return -1;
	}
	if (strpbrk(host, " \t\"\\") != NULL ||
	    dname_from_text(&dn, host) == -1) {
		*why = "not a valid host name";
		return -1;
	}
	return 0;
}

/*
 * `resolver =`: addresses separated by commas and/or spaces, each with an
 * optional port.  Returns a new comma-separated copy, or NULL with *why
 * set (or *why NULL when memory is short).
 */
static char *
config_resolver(const char *value, const char **why)
{
	char		*out = NULL, *item = NULL;
	const char	*s = value;
	size_t		 n, used = 0, cap;

	*why = NULL;
	cap = strlen(value) + 1;
	if ((out = malloc(cap)) == NULL || (item = malloc(cap)) == NULL)
		goto fail;
	out[0] = '\0';
	while (*s != '\0') {
		while (*s == ',' || isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		n = strcspn(s, ", \t");
		memcpy(item, s, n);
		item[n] = '\0';
		s += n;
		if (config_hostport(item, 1, why, NULL) == -1)
			goto fail;
		if (used > 0)
			out[used++] = ',';
		memcpy(out + used, item, n + 1);
		used += n;
	}
	if (used == 0) {
		*why = "no address";
		goto fail;
	}
	free(item);
	return out;
fail:
	free(item);
	free(out);
	return NULL;
}

/* ---- the INI file ----------------------------------------------------- */

static void
config_malformed(struct parse *p, int line, const char *what)
{
	log_err("%s:%d: malformed line: %s", p->path, line, what);
	p->nerr++;
	if (p->first_malformed == 0)
		p->first_malformed = line;
}

/* The line before: a name = value line that inih did not accept. */
static void
config_line_done(struct parse *p)
{
	if (p->expect_pair && !p->got_pair)
		config_malformed(p, p->line, "expected NAME = VALUE, "
		    "a [section] or a ; comment");
	p->expect_pair = 0;
	p->got_pair = 0;
}

static int
config_add_key(struct parse *p, const char *name, size_t nlen)
{
	struct pending_key	*nk, *pk;
	struct dname		 dn;
	char			*copy;
	size_t			 i;

	if ((copy = strndup(name, nlen)) == NULL)
		goto oom;
	if (dname_from_text(&dn, copy) == -1) {
		log_err("%s:%d: key name \"%s\" is not a valid domain name",
		    p->path, p->line, copy);
		goto bad;
	}
	for (i = 0; i < p->npkeys; i++)
		if (config_name_eq(p->pkeys[i].section, copy)) {
			log_err("%s:%d: duplicate [key \"%s\"] section "
			    "(first at line %d)", p->path, p->line, copy,
			    p->pkeys[i].line);
			goto bad;
		}
	nk = config_grow(p->pkeys, p->npkeys + 1, sizeof(*nk));
	if (nk == NULL)
		goto oom;
	p->pkeys = nk;
	pk = &p->pkeys[p->npkeys];
	memset(pk, 0, sizeof(*pk));
	pk->section = copy;
	pk->line = p->line;
	p->index = p->npkeys++;
	p->kind = SEC_KEY;
	return 0;
oom:
	log_err("%s:%d: out of memory", p->path, p->line);
bad:
	free(copy);
	p->nerr++;
	p->kind = SEC_BAD;
	return -1;
}

static int
config_add_zone(struct parse *p, const char *name, size_t nlen)
{
	struct config		*cfg = p->cfg;
	struct config_zone	*nz, *z;
	struct dname		 dn;
	char			*copy;
	size_t			 i;

	if ((copy = strndup(name, nlen)) == NULL)
		goto oom;
	if (dname_from_text(&dn, copy) == -1) {
		log_err("%s:%d: zone name \"%s\" is not a valid domain name",
		    p->path, p->line, copy);
		goto bad;
	}
	for (i = 0; i < cfg->nzones; i++)
		if (dname_equal(&cfg->zones[i].name, &dn)) {
			log_err("%s:%d: duplicate [zone \"%s\"] section "
			    "(first at line %d)", p->path, p->line, copy,
			    cfg->zones[i].line);
			goto bad;
		}
	nz = config_grow(cfg->zones, cfg->nzones + 1, sizeof(*nz));
	if (nz == NULL)
		goto oom;
	cfg->zones = nz;
	z = &cfg->zones[cfg->nzones];
	memset(z, 0, sizeof(*z));
	z->name = dn;
	z->name_text = copy;
	z->line = p->line;
	p->index = cfg->nzones++;
	p->kind = SEC_ZONE;
	return 0;
oom:
	log_err("%s:%d: out of memory", p->path, p->line);
bad:
	free(copy);
	p->nerr++;
	p->kind = SEC_BAD;
	return -1;
}

/*
 * A "[...]" line (s points at '['): [options], [key "NAME"], [zone "NAME"].
 * inih would truncate long names, so we read the header ourselves.
 */
static void
config_section(struct parse *p, const char *s)
{
	const char	*t, *close, *name = NULL;
	size_t		 tlen, nlen = 0;

	p->kind = SEC_BAD;
	t = s + 1;
	while (*t == ' ' || *t == '\t')
		t++;
	tlen = strspn(t, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	s = t + tlen;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '"') {
		name = s + 1;
		if ((close = strchr(name, '"')) == NULL) {
			config_malformed(p, p->line, "section name has no "
			    "closing \"");
			return;
		}
		nlen = (size_t)(close - name);
		s = close + 1;
		while (*s == ' ' || *s == '\t')
			s++;
	}
	if (*s != ']') {
		config_malformed(p, p->line, "expected [options], "
		    "[key \"NAME\"] or [zone \"NAME\"]");
		return;
	}
	s++;
	while (isspace((unsigned char)*s))
		s++;
	if (*s != '\0' && *s != ';' && *s != '#') {
		config_malformed(p, p->line, "text after ]");
		return;
	}
	if (tlen == 7 && strncasecmp(t, "options", 7) == 0) {
		if (name != NULL) {
			log_err("%s:%d: [options] takes no name", p->path,
			    p->line);
			p->nerr++;
		} else if (p->options_line != 0) {
			log_err("%s:%d: duplicate [options] section (first "
			    "at line %d)", p->path, p->line, p->options_line);
			p->nerr++;
		} else {
			p->options_line = p->line;
			p->kind = SEC_OPTIONS;
		}
		return;
	}
	if ((tlen == 3 && strncasecmp(t, "key", 3) == 0) ||
	    (tlen == 4 && strncasecmp(t, "zone", 4) == 0)) {
		if (name == NULL || nlen == 0) {
			log_err("%s:%d: section without a name: write "
			    "[%.*s \"NAME\"]", p->path, p->line, (int)tlen, t);
			p->nerr++;
		} else if (!config_name_ok(name, nlen)) {
			log_err("%s:%d: section name with a space, quote, "
			    "backslash or control character", p->path, p->line);
			p->nerr++;
		} else if (tlen == 3)
			config_add_key(p, name, nlen);
		else
			config_add_zone(p, name, nlen);
		return;
	}
	if (tlen == 0)
		config_malformed(p, p->line, "expected [options], "
		    "[key \"NAME\"] or [zone \"NAME\"]");
	else {
		log_err("%s:%d: unknown section type \"%.*s\" (expected "
		    "[options], [key \"NAME\"] or [zone \"NAME\"])", p->path,
		    p->line, tlen > 32 ? 32 : (int)tlen, t);
		p->nerr++;
	}
}

/*
 * inih's reader: the next physical line of the buffer, NUL-terminated,
 * with "\n" in place of CRLF or LF.  A line we refuse becomes an empty
 * line, so inih's line count stays equal to ours.
 */
static char *
config_reader(char *str, int num, void *stream)
{
	struct parse	*p = stream;
	const char	*start, *nl, *end, *s;
	size_t		 n, max;

	config_line_done(p);
	/* inih's line buffer held the last line, maybe a secret. */
	if (num > 0)
		tsig_wipe(str, (size_t)num);
	if (p->pos >= p->len || num < 2)
		return NULL;
	start = p->buf + p->pos;
	nl = memchr(start, '\n', p->len - p->pos);
	end = nl != NULL ? nl : p->buf + p->len;
	p->pos = (size_t)(end - p->buf) + (nl != NULL ? 1 : 0);
	p->line++;
	n = (size_t)(end - start);
	if (n > 0 && start[n - 1] == '\r')
		n--;
	/* inih needs room for "\r\n\0" on top of the text. */
	max = num > 3 ? (size_t)num - 3 : 0;
	if (memchr(start, '\0', n) != NULL) {
		log_err("%s:%d: NUL byte", p->path, p->line);
		p->nerr++;
		goto blank;
	}
	if (n > max) {
		log_err("%s:%d: line too long (over %zu characters)", p->path,
		    p->line, max);
		p->nerr++;
		goto blank;
	}
	memcpy(str, start, n);
	str[n] = '\n';
	str[n + 1] = '\0';

	s = str;
	if (p->line == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;		/* a UTF-8 BOM, which inih skips too */
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0' || *s == ';' || *s == '#')
		return str;
	if (*s == '[')
		config_section(p, s);
	else
		p->expect_pair = 1;
	return str;
blank:
	/* A refused section header must not leave us in the last section. */
	for (s = start; s < start + n && isspace((unsigned char)*s); s++)
		;
	if (s < start + n && *s == '[')
		p->kind = SEC_BAD;
	str[0] = '\n';
	str[1] = '\0';
	return str;
}

static void
config_dup(struct parse *p, const char *name)
{
	log_err("%s:%d: duplicate option \"%s\" in this section", p->path,
	    p->line, name);
	p->nerr++;
}

/*
 * Whether an option name may be echoed: a word of letters, '-' and '_'.
 * Anything else (digits, '+', '/') might be a piece of a misplaced secret.
 */
static int
config_echo_ok(const char *name)
{
	size_t	 n = strlen(name);

	return n > 0 && n <= 24 && strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_") == n;
}

static void
config_unknown(struct parse *p, const char *name, const char *expected)
{
	if (config_echo_ok(name))
		log_err("%s:%d: unknown option \"%s\" (expected %s)",
		    p->path, p->line, name, expected);
	else
		log_err("%s:%d: unknown option (expected %s)", p->path,
		    p->line, expected);
	p->nerr++;
}

/* Store a copy of `value` in *field, or complain about a duplicate. */
static void
config_set(struct parse *p, char **field, int *line, const char *name,
    const char *value)
{
	if (*field != NULL) {
		config_dup(p, name);
		return;
	}
	if ((*field = strdup(value)) == NULL) {
		log_err("%s:%d: out of memory", p->path, p->line);
		p->nerr++;
		return;
	}
	if (line != NULL)
		*line = p->line;
}

static void
config_option(struct parse *p, const char *name, const char *value)
{
	struct config	*cfg = p->cfg;
	unsigned long	 v;
	const char	*why;
	int		*set, is_timeout;

	if (strcasecmp(name, "resolver") == 0) {
		if (cfg->resolver != NULL) {
			config_dup(p, name);
			return;
		}
		if ((cfg->resolver = config_resolver(value, &why)) == NULL) {
			log_err("%s:%d: resolver: %s (expected addresses "
			    "such as 127.0.0.1, [::1]:53)", p->path, p->line,
			    why != NULL ? why : "out of memory");
			p->nerr++;
		}
	} else if ((is_timeout = strcasecmp(name, "timeout") == 0) ||
	    strcasecmp(name, "ttl") == 0) {
		set = is_timeout ? &p->timeout_set : &p->ttl_set;
		if (*set) {
			config_dup(p, name);
			return;
		}
		*set = 1;
		if (config_number(value, 1, CONFIG_NUM_MAX, &v) == -1) {
			log_err("%s:%d: %s: \"%.32s\" is not a number of "
			    "seconds from 1 to %d", p->path, p->line, name,
			    value, CONFIG_NUM_MAX);
			p->nerr++;
			return;
		}
		if (is_timeout)
			cfg->timeout = (unsigned)v;
		else
			cfg->ttl = (uint32_t)v;
	} else if (strcasecmp(name, "down_servers") == 0) {
		if (p->down_set) {
			config_dup(p, name);
			return;
		}
		p->down_set = 1;
		if (strcasecmp(value, "wait") == 0)
			cfg->skip_down = 0;
		else if (strcasecmp(value, "skip") == 0)
			cfg->skip_down = 1;
		else {
			log_err("%s:%d: down_servers: \"%.32s\" is neither "
			    "wait nor skip", p->path, p->line, value);
			p->nerr++;
		}
	} else if (strcasecmp(name, "poll_interval_max") == 0) {
		if (p->poll_set) {
			config_dup(p, name);
			return;
		}
		p->poll_set = 1;
		if (config_number(value, 20, 10000, &v) == -1) {
			log_err("%s:%d: %s: \"%.32s\" is not a number of "
			    "milliseconds from 20 to 10000", p->path, p->line,
			    name, value);
			p->nerr++;
			return;
		}
		cfg->poll_max_ms = (unsigned)v;
	} else if (strcasecmp(name, "sandbox") == 0) {
		if (p->sandbox_set) {
			config_dup(p, name);
			return;
		}
		p->sandbox_set = 1;
		if (strcasecmp(value, "yes") == 0)
			cfg->no_sandbox = 0;
		else if (strcasecmp(value, "no") == 0)
			cfg->no_sandbox = 1;
		else {
			log_err("%s:%d: sandbox: \"%.32s\" is neither yes "
			    "nor no", p->path, p->line, value);
			p->nerr++;
		}
	} else
		config_unknown(p, name, "resolver, timeout, ttl, "
		    "down_servers, poll_interval_max or sandbox");
}

static void
config_key_option(struct parse *p, const char *name, const char *value)
{
	struct pending_key	*pk = &p->pkeys[p->index];

	if (strcasecmp(name, "algorithm") == 0)
		config_set(p, &pk->alg, &pk->alg_line, name, value);
	else if (strcasecmp(name, "secret") == 0)
		config_set(p, &pk->secret, &pk->secret_line, name, value);
	else if (strcasecmp(name, "file") == 0)
		config_set(p, &pk->file, &pk->file_line, name, value);
	else {
		/* The name might be a piece of a broken secret line. */
		log_err("%s:%d: unknown option in [key \"%s\"] (expected "
		    "algorithm, secret or file)", p->path, p->line,
		    pk->section);
		p->nerr++;
	}
}

/* `server =`: one host[:port], or several separated by commas. */
static int
config_server_list(const char *value, const char **why)
{
	char	 item[CONFIG_TOKEN_MAX];
	size_t	 len;
	int	 n = 0;

	for (;;) {
		value += strspn(value, " \t");
		len = strcspn(value, ",");
		while (len > 0 && (value[len - 1] == ' ' ||
		    value[len - 1] == '\t'))
			len--;
		if (len == 0 || len >= sizeof(item)) {
			*why = len == 0 ? "empty server name" :
			    "server name too long";
			return -1;
		}
		memcpy(item, value, len);
		item[len] = '\0';
		if (config_hostport(item, 0, why, NULL) == -1)
			return -1;
		n++;
		value = strchr(value, ',');
		if (value == NULL)
			break;
		value++;
	}
	return n > 0 ? 0 : -1;
}

static void
config_zone_option(struct parse *p, const char *name, const char *value)
{
	struct config_zone	*z = &p->cfg->zones[p->index];
	const char		*why;

	if (strcasecmp(name, "key") == 0)
		config_set(p, &z->key_section, NULL, name, value);
	else if (strcasecmp(name, "server") == 0) {
		if (z->server == NULL && config_server_list(value, &why) ==
		    -1) {
			log_err("%s:%d: server: %s (expected host, host:port, "
			    "address or [IPv6]:port, or a comma-separated list "
			    "of them)", p->path, p->line, why);
			p->nerr++;
			return;
		}
		config_set(p, &z->server, NULL, name, value);
	} else
		config_unknown(p, name, "key or server");
}

/* inih's handler.  Always returns 1: we count our own errors. */
static int
config_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct parse	*p = user;

	/* inih truncates long section names: we use the one we read. */
	(void)section;
	p->got_pair = 1;
	if (strcasecmp(name, "secret") == 0)
		p->saw_secret = 1;
	if (p->kind == SEC_BAD)
		return 1;
	if (p->kind == SEC_NONE) {
		log_err("%s:%d: option outside any section (put it under "
		    "[options], [key \"NAME\"] or [zone \"NAME\"])", p->path,
		    p->line);
		p->nerr++;
		return 1;
	}
	if (*name == '\0') {
		config_malformed(p, p->line, "no name before =");
		return 1;
	}
	if (value == NULL || *value == '\0') {
		/* In a [key], the name might be a piece of a secret. */
		if (p->kind == SEC_KEY || !config_echo_ok(name))
			log_err("%s:%d: option without a value", p->path,
			    p->line);
		else
			log_err("%s:%d: option \"%s\" has no value", p->path,
			    p->line, name);
		p->nerr++;
		return 1;
	}
	switch (p->kind) {
	case SEC_OPTIONS:
		config_option(p, name, value);
		break;
	case SEC_KEY:
		config_key_option(p, name, value);
		break;
	case SEC_ZONE:
		config_zone_option(p, name, value);
		break;
	case SEC_NONE:
	case SEC_BAD:
		break;
	}
	return 1;
}

/* ---- key files -------------------------------------------------------- */

enum tok {
	TOK_EOF,
	TOK_ERR,
	TOK_WORD,
	TOK_STRING,
	TOK_LBRACE,
	TOK_RBRACE,
	TOK_SEMI
};

/* A BIND named.conf-style lexer, enough for key statements. */
struct lex {
	const char	*path;
	const char	*s;
	size_t		 len;
	size_t		 pos;
	int		 line;
	int		 tok_line;
	char		 tok[CONFIG_TOKEN_MAX];	/* wiped */
};

static enum tok
lex_next(struct lex *lx)
{
	size_t	 n = 0;
	char	 c;

	/* Whitespace and comments: #, // and C comments. */
	for (;;) {
		if (lx->pos >= lx->len)
			return TOK_EOF;
		c = lx->s[lx->pos];
		if (c == '\n') {
			lx->line++;
			lx->pos++;
		} else if (isspace((unsigned char)c))
			lx->pos++;
		else if (c == '#' || (c == '/' && lx->pos + 1 < lx->len &&
		    lx->s[lx->pos + 1] == '/')) {
			while (lx->pos < lx->len && lx->s[lx->pos] != '\n')
				lx->pos++;
		} else if (c == '/' && lx->pos + 1 < lx->len &&
		    lx->s[lx->pos + 1] == '*') {
			lx->tok_line = lx->line;
			lx->pos += 2;
			for (;;) {
				if (lx->pos + 1 >= lx->len) {
					log_err("%s:%d: comment never closed",
					    lx->path, lx->tok_line);
					return TOK_ERR;
				}
				if (lx->s[lx->pos] == '*' &&
				    lx->s[lx->pos + 1] == '/')
					break;
				if (lx->s[lx->pos] == '\n')
					lx->line++;
				lx->pos++;
			}
			lx->pos += 2;
		} else
			break;
	}
	lx->tok_line = lx->line;
	c = lx->s[lx->pos];
	if (c == '\0') {
		log_err("%s:%d: NUL byte", lx->path, lx->line);
		return TOK_ERR;
	}
	if (c == '{' || c == '}' || c == ';') {
		lx->pos++;
		lx->tok[0] = c;
		lx->tok[1] = '\0';
		return c == '{' ? TOK_LBRACE : c == '}' ? TOK_RBRACE :
		    TOK_SEMI;
	}
	if (c == '"') {
		lx->pos++;
		while (lx->pos < lx->len && lx->s[lx->pos] != '"') {
			if (lx->s[lx->pos] == '\n' || lx->s[lx->pos] == '\0' ||
			    n + 1 >= sizeof(lx->tok)) {
				log_err("%s:%d: string not closed on its line "
				    "or too long", lx->path, lx->tok_line);
				return TOK_ERR;
			}
			lx->tok[n++] = lx->s[lx->pos++];
		}
		if (lx->pos >= lx->len) {
			log_err("%s:%d: string never closed", lx->path,
			    lx->tok_line);
			return TOK_ERR;
		}
		lx->pos++;
		lx->tok[n] = '\0';
		return TOK_STRING;
	}
	while (lx->pos < lx->len) {
		c = lx->s[lx->pos];
		if (isspace((unsigned char)c) || c == '{' || c == '}' ||
		    c == ';' || c == '"' || c == '\0')
			break;
		if (n + 1 >= sizeof(lx->tok)) {
			log_err("%s:%d: word too long", lx->path,
			    lx->tok_line);
			return TOK_ERR;
		}
		lx->tok[n++] = c;
		lx->pos++;
	}
	lx->tok[n] = '\0';
	return TOK_WORD;
}

/* Copy the current token into dst[size], or log that it is too long. */
static int
lex_copy(struct lex *lx, char *dst, size_t size, const char *what)
{
	size_t	 n = strlen(lx->tok);

	if (n >= size) {
		log_err("%s:%d: %s too long", lx->path, lx->tok_line, what);
		return -1;
	}
	memcpy(dst, lx->tok, n + 1);
	return 0;
}

/*
 * One `key NAME { algorithm ALG; secret "B64"; };` statement, after the
 * word `key`.  Returns 0, or -1 after logging.  Tokens are never echoed.
 */
static int
keyfile_statement(struct lex *lx, struct file_key *fk)
{
	enum tok	 t;
	int		 is_alg;

	memset(fk, 0, sizeof(*fk));
	fk->line = lx->tok_line;
	t = lex_next(lx);
	if (t != TOK_WORD && t != TOK_STRING) {
		if (t != TOK_ERR)
			log_err("%s:%d: expected a key name after \"key\"",
			    lx->path, lx->tok_line);
		return -1;
	}
	if (lex_copy(lx, fk->name, sizeof(fk->name), "key name") == -1)
		return -1;
	fk->have_name = 1;
	if ((t = lex_next(lx)) != TOK_LBRACE) {
		if (t != TOK_ERR)
			log_err("%s:%d: expected { after the key name",
			    lx->path, lx->tok_line);
		return -1;
	}
	for (;;) {
		t = lex_next(lx);
		if (t == TOK_RBRACE)
			break;
		if (t == TOK_ERR)
			return -1;
		if (t != TOK_WORD || (strcasecmp(lx->tok, "algorithm") != 0 &&
		    strcasecmp(lx->tok, "secret") != 0)) {
			log_err("%s:%d: expected algorithm or secret "
			    "(or } to end the key)", lx->path, lx->tok_line);
			return -1;
		}
		is_alg = strcasecmp(lx->tok, "algorithm") == 0;
		if (is_alg ? fk->have_alg : fk->have_secret) {
			log_err("%s:%d: duplicate %s", lx->path, lx->tok_line,
			    is_alg ? "algorithm" : "secret");
			return -1;
		}
		t = lex_next(lx);
		if (t != TOK_WORD && t != TOK_STRING) {
			if (t != TOK_ERR)
				log_err("%s:%d: expected a value after %s",
				    lx->path, lx->tok_line,
				    is_alg ? "algorithm" : "secret");
			return -1;
		}
		if (is_alg) {
			if (lex_copy(lx, fk->alg, sizeof(fk->alg),
			    "algorithm") == -1)
				return -1;
			fk->have_alg = 1;
		} else {
			if (lex_copy(lx, fk->secret, sizeof(fk->secret),
			    "secret") == -1)
				return -1;
			fk->have_secret = 1;
			fk->secret_line = lx->tok_line;
		}
		if ((t = lex_next(lx)) != TOK_SEMI) {
			if (t != TOK_ERR)
				log_err("%s:%d: expected ; after the %s",
				    lx->path, lx->tok_line,
				    is_alg ? "algorithm" : "secret");
			return -1;
		}
	}
	if ((t = lex_next(lx)) != TOK_SEMI) {
		if (t != TOK_ERR)
			log_err("%s:%d: expected ; after }", lx->path,
			    lx->tok_line);
		return -1;
	}
	if (!fk->have_alg || !fk->have_secret) {
		log_err("%s:%d: key \"%s\" has no %s", lx->path, fk->line,
		    fk->name, fk->have_alg ? "secret" : "algorithm");
		return -1;
	}
	return 0;
}

/*
 * A BIND key file: take the key named `want`, or the only key.  Fills
 * `out`.  Returns 0, or -1 after logging.
 */
static int
keyfile_bind(const char *path, const char *buf, size_t len,
    const char *want, struct file_key *out)
{
	struct lex	 lx;
	struct file_key	 fk;
	enum tok	 t;
	unsigned	 nkeys = 0;
	int		 found = 0, rc = -1;

	memset(&lx, 0, sizeof(lx));
	lx.path = path;
	lx.s = buf;
	lx.len = len;
	lx.line = 1;
	/* Bounded: each pass consumes at least one token of the buffer. */
	for (;;) {
		t = lex_next(&lx);
		if (t == TOK_EOF)
			break;
		if (t == TOK_ERR)
			goto out;
		if (t != TOK_WORD || strcasecmp(lx.tok, "key") != 0) {
			log_err("%s:%d: expected a key statement: key \"NAME\" "
			    "{ algorithm ...; secret \"...\"; };", path,
			    lx.tok_line);
			goto out;
		}
		if (keyfile_statement(&lx, &fk) == -1)
			goto out;
		nkeys++;
		if (!found && (nkeys == 1 || config_name_eq(fk.name, want))) {
			*out = fk;
			found = config_name_eq(fk.name, want);
		}
	}
	if (nkeys == 0) {
		log_err("%s: no key statement in this file", path);
		goto out;
	}
	if (!found && nkeys > 1) {
		log_err("%s: %u keys in this file and none is named \"%s\"",
		    path, nkeys, want);
		goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		tsig_wipe(out, sizeof(*out));
	tsig_wipe(&fk, sizeof(fk));
	tsig_wipe(&lx, sizeof(lx));
	return rc;
}

/*
 * dnssec-keygen's K<name>.+NNN+NNNNN.private: "Field: value" lines.  The
 * key name comes from the file name when it has that form.
 */
static int
keyfile_private(const char *path, const char *buf, size_t len,
    struct file_key *out)
{
	const char	*s = buf, *end = buf + len, *nl, *v, *base, *plus;
	unsigned long	 num;
	size_t		 n, vn;
	enum tsig_alg	 alg;
	int		 line = 0, have_format = 0;
	char		 field[32];

	memset(out, 0, sizeof(*out));
	/* Bounded: each pass consumes one line of the buffer. */
	while (s < end) {
		line++;
		nl = memchr(s, '\n', (size_t)(end - s));
		n = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (memchr(s, '\0', n) != NULL) {
			log_err("%s:%d: NUL byte", path, line);
			goto fail;
		}
		v = memchr(s, ':', n);
		if (n == 0) {
			s = nl != NULL ? nl + 1 : end;
			continue;
		}
		if (v == NULL || (size_t)(v - s) >= sizeof(field)) {
			log_err("%s:%d: expected Field: value", path, line);
			goto fail;
		}
		memcpy(field, s, (size_t)(v - s));
		field[v - s] = '\0';
		v++;
		vn = n - (size_t)(v - s);
		while (vn > 0 && isspace((unsigned char)*v)) {
			v++;
			vn--;
		}
		while (vn > 0 && isspace((unsigned char)v[vn - 1]))
			vn--;
		if (line == 1 && strcasecmp(field, "Private-key-format") != 0) {
			log_err("%s:1: expected Private-key-format:", path);
			goto fail;
		}
		if (strcasecmp(field, "Private-key-format") == 0)
			have_format = 1;
		else if (strcasecmp(field, "Algorithm") == 0) {
			num = 0;
			for (n = 0; n < vn && n < 4 &&
			    isdigit((unsigned char)v[n]); n++)
				num = num * 10 + (unsigned long)(v[n] - '0');
			if (n == 0 || n == 4) {
				log_err("%s:%d: Algorithm: expected a number",
				    path, line);
				goto fail;
			}
			out->alg_number = (unsigned)num;
			out->have_alg = 1;
		} else if (strcasecmp(field, "Key") == 0) {
			if (out->have_secret) {
				log_err("%s:%d: duplicate Key:", path, line);
				goto fail;
			}
			if (vn >= sizeof(out->secret)) {
				log_err("%s:%d: Key: too long", path, line);
				goto fail;
			}
			memcpy(out->secret, v, vn);
			out->secret[vn] = '\0';
			out->have_secret = 1;
			out->secret_line = line;
		}
		s = nl != NULL ? nl + 1 : end;
	}
	if (out->have_alg &&
	    tsig_alg_from_number(out->alg_number, &alg) == -1) {
		log_err("%s: algorithm %u is not an HMAC (TSIG) key", path,
		    out->alg_number);
		goto fail;
	}
	if (!have_format || !out->have_alg || !out->have_secret) {
		log_err("%s: no %s line", path, !have_format ?
		    "Private-key-format:" : !out->have_alg ? "Algorithm:" :
		    "Key:");
		goto fail;
	}
	out->line = 1;
	/*
	 * K<name>.+165+12345.private: the name is between the K and the
	 * second-to-last '+', with BIND's final dot, which we drop.
	 */
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (base[0] == 'K' && n > 9 && strcmp(base + n - 8, ".private") == 0) {
		for (plus = base + n - 9; plus > base && *plus != '+'; plus--)
			;
		if (plus > base)
			for (plus--; plus > base && *plus != '+'; plus--)
				;
		n = plus > base ? (size_t)(plus - base - 1) : 0;
		if (n > 1 && base[n] == '.')
			n--;
		if (n > 0 && n < sizeof(out->name)) {
			memcpy(out->name, base + 1, n);
			out->name[n] = '\0';
			out->have_name = 1;
		}
	}
	return 0;
fail:
	tsig_wipe(out, sizeof(*out));
	return -1;
}

/* ---- turning sections into keys --------------------------------------- */

/*
 * Decode `b64` into a key for `name`.  Errors name `where:line`.
 * Returns the key, or NULL after logging.
 */
static struct tsig_key *
config_make_key(const char *where, int line, const char *section,
    const char *name, enum tsig_alg alg, const char *b64)
{
	struct tsig_key	*key = NULL;
	uint8_t		*raw = NULL;
	size_t		 cap, mac;
	int		 n;

	cap = strlen(b64) / 4 * 3 + 3;
	if ((raw = malloc(cap)) == NULL) {
		log_err("%s:%d: out of memory", where, line);
		return NULL;
	}
	n = tsig_base64_decode(b64, raw, cap);
	mac = tsig_alg_mac_len(alg);
	if (n < 0)
		log_err("%s:%d: key \"%s\": secret is not valid base64",
		    where, line, section);
	else if (n == 0)
		log_err("%s:%d: key \"%s\": secret is empty", where, line,
		    section);
	else if ((size_t)n < (mac + 1) / 2)
		log_err("%s:%d: key \"%s\": secret is %d bytes, too short for "
		    "%s (at least %zu, better %zu); make a new one with "
		    "tsig-keygen -a %s", where, line, section, n,
		    tsig_alg_name(alg), (mac + 1) / 2, mac, tsig_alg_name(alg));
	else {
		if ((size_t)n < mac)
			log_warn("%s:%d: key \"%s\": secret is %d bytes, "
			    "shorter than the %zu RFC 8945 recommends for %s",
			    where, line, section, n, mac, tsig_alg_name(alg));
		key = tsig_key_new(name, alg, raw, (size_t)n);
		if (key == NULL)
			log_err("%s:%d: key \"%s\": cannot make a key named "
			    "\"%s\"", where, line, section, name);
	}
	tsig_wipe(raw, cap);
	free(raw);
	return key;
}

/* An algorithm name from a file or the config, echoed only when harmless. */
static void
config_bad_alg(const char *where, int line, const char *text)
{
	if (strlen(text) <= 32 && strncasecmp(text, "hmac-", 5) == 0)
		log_err("%s:%d: unknown algorithm \"%s\" (expected "
		    "hmac-sha256, hmac-sha512, ...)", where, line, text);
	else
		log_err("%s:%d: unknown algorithm (expected hmac-sha256, "
		    "hmac-sha512, ...)", where, line);
}

/* `file =` relative to the directory of the config file. */
static char *
config_key_path(const char *cfgpath, const char *file)
{
	const char	*slash;
	char		*out;
	size_t		 dl, fl;

	slash = strrchr(cfgpath, '/');
	if (file[0] == '/' || slash == NULL)
		return strdup(file);
	dl = (size_t)(slash - cfgpath) + 1;
	fl = strlen(file);
	if ((out = malloc(dl + fl + 1)) == NULL)
		return NULL;
	memcpy(out, cfgpath, dl);
	memcpy(out + dl, file, fl + 1);
	return out;
}

static struct tsig_key *
config_key_from_file(struct parse *p, struct pending_key *pk, int have_alg,
    enum tsig_alg alg)
{
	struct tsig_key	*key = NULL;
	struct file_key	 fk;
	struct dname	 dn;
	enum tsig_alg	 falg;
	const char	*s;
	char		*kpath, *buf = NULL;
	size_t		 len = 0;
	int		 fd;

	memset(&fk, 0, sizeof(fk));
	if ((kpath = config_key_path(p->path, pk->file)) == NULL) {
		log_err("%s:%d: out of memory", p->path, pk->file_line);
		return NULL;
	}
	if ((fd = config_read(kpath, 1, &buf, &len)) == -1)
		goto out;
	close(fd);
	for (s = buf; isspace((unsigned char)*s); s++)
		;
	if (strncasecmp(s, "Private-key-format:", 19) == 0) {
		/* keyfile_private() checked the number. */
		if (keyfile_private(kpath, buf, len, &fk) == -1 ||
		    tsig_alg_from_number(fk.alg_number, &falg) == -1)
			goto out;
	} else {
		if (keyfile_bind(kpath, buf, len, pk->section, &fk) == -1)
			goto out;
		if (tsig_alg_from_name(fk.alg, &falg) == -1) {
			config_bad_alg(kpath, fk.line, fk.alg);
			goto out;
		}
	}
	if (have_alg && alg != falg) {
		log_err("%s:%d: algorithm %s does not match %s in %s",
		    p->path, pk->alg_line, tsig_alg_name(alg),
		    tsig_alg_name(falg), kpath);
		goto out;
	}
	if (falg == TSIG_HMAC_MD5 && !have_alg) {
		log_err("%s: key uses HMAC-MD5, which is weak; add "
		    "\"algorithm = hmac-md5\" to [key \"%s\"] to use it anyway",
		    kpath, pk->section);
		goto out;
	}
	if (fk.have_name && dname_from_text(&dn, fk.name) == -1) {
		log_err("%s:%d: key name \"%s\" is not a valid domain name",
		    kpath, fk.line, fk.name);
		goto out;
	}
	key = config_make_key(kpath, fk.secret_line, pk->section,
	    fk.have_name ? fk.name : pk->section, falg, fk.secret);
out:
	tsig_wipe(&fk, sizeof(fk));
	config_buf_free(buf, len);
	free(kpath);
	return key;
}

/* Build the tsig_key of one [key] section.  Returns 0, or -1 after logging. */
static int
config_resolve_key(struct parse *p, struct pending_key *pk,
    struct config_key *ck)
{
	enum tsig_alg	 alg = TSIG_HMAC_SHA256;
	int		 have_alg = 0;

	if ((ck->section = strdup(pk->section)) == NULL) {
		log_err("%s:%d: out of memory", p->path, pk->line);
		return -1;
	}
	ck->line = pk->line;
	if (pk->secret != NULL && pk->file != NULL) {
		log_err("%s:%d: [key \"%s\"] has both secret and file; keep "
		    "one", p->path, pk->line, pk->section);
		return -1;
	}
	if (pk->secret == NULL && pk->file == NULL) {
		log_err("%s:%d: [key \"%s\"] needs secret = or file =",
		    p->path, pk->line, pk->section);
		return -1;
	}
	if (pk->alg != NULL) {
		if (tsig_alg_from_name(pk->alg, &alg) == -1) {
			config_bad_alg(p->path, pk->alg_line, pk->alg);
			return -1;
		}
		have_alg = 1;
		if (alg == TSIG_HMAC_MD5)
			log_warn("%s:%d: [key \"%s\"] uses HMAC-MD5, which is "
			    "weak; prefer hmac-sha256", p->path, pk->alg_line,
			    pk->section);
	}
	if (pk->file != NULL)
		ck->key = config_key_from_file(p, pk, have_alg, alg);
	else if (!have_alg) {
		log_err("%s:%d: [key \"%s\"] needs algorithm = (e.g. "
		    "hmac-sha256, as given to tsig-keygen -a)", p->path,
		    pk->line, pk->section);
		return -1;
	} else
		ck->key = config_make_key(p->path, pk->secret_line,
		    pk->section, pk->section, alg, pk->secret);
	return ck->key != NULL ? 0 : -1;
}

static void
config_pending_free(struct parse *p)
{
	struct pending_key	*pk;
	size_t			 i;

	for (i = 0; i < p->npkeys; i++) {
		pk = &p->pkeys[i];
		if (pk->secret != NULL) {
			tsig_wipe(pk->secret, strlen(pk->secret));
			free(pk->secret);
		}
		free(pk->section);
		free(pk->alg);
		free(pk->file);
	}
	free(p->pkeys);
	p->pkeys = NULL;
	p->npkeys = 0;
}

/* After parsing: keys built, zones pointed at their keys. */
static void
config_resolve(struct parse *p)
{
	struct config		*cfg = p->cfg;
	struct config_zone	*z;
	size_t			 i, k;

	if (p->npkeys > 0) {
		cfg->keys = calloc(p->npkeys, sizeof(*cfg->keys));
		if (cfg->keys == NULL) {
			log_err("%s: out of memory", p->path);
			p->nerr++;
			return;
		}
		cfg->nkeys = p->npkeys;
	}
	for (i = 0; i < p->npkeys; i++)
		if (config_resolve_key(p, &p->pkeys[i], &cfg->keys[i]) == -1)
			p->nerr++;
	for (i = 0; i < cfg->nzones; i++) {
		z = &cfg->zones[i];
		if (z->key_section == NULL) {
			log_err("%s:%d: [zone \"%s\"] needs key = (the name "
			    "of a [key] section)", p->path, z->line,
			    z->name_text);
			p->nerr++;
			continue;
		}
		for (k = 0; k < p->npkeys; k++)
			if (config_name_eq(p->pkeys[k].section,
			    z->key_section))
				break;
		if (k == p->npkeys) {
			log_err("%s:%d: [zone \"%s\"]: no [key \"%s\"] section",
			    p->path, z->line, z->name_text, z->key_section);
			p->nerr++;
			continue;
		}
		/* A key that failed to load was reported already. */
		z->key = cfg->keys[k].key;
	}
	if (cfg->nzones == 0)
		log_warn("%s: no [zone] section", p->path);
}

struct config *
config_load(const char *path)
{
	struct parse	 p;
	struct config	*cfg;
	char		*buf = NULL;
	size_t		 len = 0;
	int		 fd = -1, rc;

	memset(&p, 0, sizeof(p));
	if ((cfg = calloc(1, sizeof(*cfg))) == NULL ||
	    (cfg->path = strdup(path)) == NULL) {
		log_err("%s: out of memory", path);
		goto fail;
	}
	cfg->timeout = CONFIG_DEFAULT_TIMEOUT;
	cfg->poll_max_ms = CONFIG_DEFAULT_POLL_MAX;
	cfg->ttl = CONFIG_DEFAULT_TTL;
	if ((fd = config_read(path, 0, &buf, &len)) == -1)
		goto fail;

	p.cfg = cfg;
	p.path = path;
	p.buf = buf;
	p.len = len;
	p.kind = SEC_NONE;
	/* inih's knobs are process-wide; this is their only user. */
	ini_max_line = CONFIG_INI_LINE;
	ini_allow_multiline = 0;	/* an indented line is a line */
	ini_allow_inline_comments = 1;	/* " ;" starts a comment */
	ini_allow_no_value = 0;
	ini_stop_on_first_error = 0;
	rc = ini_parse_stream(config_reader, &p, config_handler, &p);
	config_line_done(&p);
	if (rc == -2) {
		log_err("%s: out of memory", path);
		p.nerr++;
	} else if (rc > 0 && rc != p.first_malformed) {
		/* Whatever inih refused and we did not notice. */
		config_malformed(&p, rc, "not understood");
	} else if (rc < 0) {
		log_err("%s: cannot parse", path);
		p.nerr++;
	}
	if (p.saw_secret && config_check_file(path, fd, 1) == -1)
		p.nerr++;
	config_resolve(&p);
	config_pending_free(&p);
	config_buf_free(buf, len);
	close(fd);
	if (p.nerr == 0)
		return cfg;
	config_free(cfg);
	return NULL;
fail:
	config_pending_free(&p);
	config_buf_free(buf, len);
	if (fd != -1)
		close(fd);
	config_free(cfg);
	return NULL;
}

void
config_free(struct config *cfg)
{
	size_t	 i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->nkeys; i++) {
		tsig_key_free(cfg->keys[i].key);
		free(cfg->keys[i].section);
	}
	for (i = 0; i < cfg->nzones; i++) {
		free(cfg->zones[i].name_text);
		free(cfg->zones[i].key_section);
		free(cfg->zones[i].server);
	}
	free(cfg->keys);
	free(cfg->zones);
	free(cfg->resolver);
	free(cfg->path);
	free(cfg);
}

/* Add the ports of a host[:port] list (already checked) to `ports`. */
static void
config_list_ports(const char *list, uint16_t *ports, size_t cap, size_t *n)
{
	char		 item[CONFIG_TOKEN_MAX];
	const char	*why;
	uint16_t	 port;
	size_t		 len, i;

	while (list != NULL && *list != '\0') {
		list += strspn(list, ", \t");
		len = strcspn(list, ", \t");
		if (len == 0 || len >= sizeof(item))
			break;
		memcpy(item, list, len);
		item[len] = '\0';
		list += len;
		if (config_hostport(item, 0, &why, &port) == -1)
			continue;
		for (i = 0; i < *n && ports[i] != port; i++)
			;
		if (i == *n && *n < cap)
			ports[(*n)++] = port;
	}
}

size_t
config_ports(const struct config *cfg, uint16_t *ports, size_t cap)
{
	size_t	 i, n = 0;

	if (cap == 0)
		return 0;
	ports[n++] = 53;
	config_list_ports(cfg->resolver, ports, cap, &n);
	for (i = 0; i < cfg->nzones; i++)
		config_list_ports(cfg->zones[i].server, ports, cap, &n);
	return n;
}

const struct config_zone *
config_find_zone(const struct config *cfg, const struct dname *zone)
{
	size_t	 i;

	if (cfg == NULL)
		return NULL;
	for (i = 0; i < cfg->nzones; i++)
		if (dname_equal(&cfg->zones[i].name, zone))
			return &cfg->zones[i];
	return NULL;
}

const char *
config_path(const char *cli_path)
{
	const char	*env;

	if (cli_path != NULL && *cli_path != '\0')
		return cli_path;
	env = getenv("ACME_HOOKS_CONFIG");
	if (env != NULL && *env != '\0')
		return env;
	return CONFIG_DEFAULT_PATH;
}
