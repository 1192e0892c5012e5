/* SPDX-License-Identifier: ISC */
/*
 * The INI configuration: the syntax is split into lines and pieces here,
 * inih walks the sections and options, we read the meaning.
 *
 * inih is built with compile-time options we cannot see (upstream's
 * defaults: a 200-byte line buffer, a 50-byte section name, indented
 * lines continuing the value before them, parsing on after an error;
 * Debian's inih 55 and 59 add run-time knobs no other build has).  So
 * that every build reads a file the same way, our reader
 * (config_reader) decides what each physical line is, with the rules
 * below, and hands inih a short line of a fixed shape in its place: "[N]"
 * for the header on line N, "o=N" for the option on line N, an empty line
 * for a blank line or a comment.  The text itself stays here (the header
 * of the current section, the name and value of the current option, so
 * inih's buffer never holds a secret), no line length, section name
 * length or inih option can change its meaning, and the handler knows
 * the line of each option, which inih does not pass it.
 *
 * The rules, those of Debian's inih 55 as this program used to set it:
 * a line holds up to CONFIG_LINE_MAX characters and no NUL byte (such a
 * line is reported and read as blank); CRLF is LF; a UTF-8 BOM may start
 * the file; leading and trailing blanks (isspace) do not count, so an
 * indented line is a line of its own, never a continuation; a line
 * starting with ';' or '#' is a comment, and so is the rest of a line
 * from a ';' that follows a blank; "[TEXT]" is a header (with nothing
 * but a comment after it, where inih 55 dropped any text unsaid) and
 * "NAME = VALUE" (or "NAME : VALUE") an option; anything else stops the
 * reading there.  A section is seen when its first option is (an empty
 * section is no section).
 *
 * No message ever contains a secret or part of one: values and unknown
 * option names in [key] sections and key files are never echoed.
 */

#include "conf/config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "net/address.h"
#include "dns/crypto.h"
#include "conf/keyfile.h"
#include "sys/log.h"
#include "conf/securefile.h"
#include "dns/tsig.h"
#include "dns/wire.h"

/* The 4096-byte line of inih 55 as we set it, less "\r\n\0". */
#define CONFIG_LINE_MAX		4093
#define CONFIG_NUM_MAX		CONFIG_TTL_MAX	/* timeout, ttl: a day */
/*
 * The longest line we hand inih, "o=1048576\n" with its NUL: a file is
 * at most 1 MiB (securefile), so a line number has at most 7 digits.
 */
#define CONFIG_TOKEN_MAX	16
/* The longest Kerberos principal taken, in characters. */
#define CONFIG_PRINCIPAL_MAX	255

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
	int		 secret_col;	/* where the value starts */
	char		*file;
	int		 file_line;
	char		*principal;	/* gss-tsig only */
	int		 principal_line;
	char		*keytab;	/* gss-tsig only */
	int		 keytab_line;
};

/* A named section seen so far, for duplicates. */
struct seen {
	enum section_kind kind;
	struct dname	 name;
	int		 line;
};

struct parse {
	struct config	*cfg;
	const char	*path;
	const char	*buf;		/* the whole file */
	size_t		 len;
	size_t		 pos;		/* start of the next line */
	int		 line;		/* line last handed to inih */
	int		 stopped;	/* a line we cannot read: no more */
	int		 nerr;
	/* The line being read; it may hold a secret (wiped at the end). */
	char		 text[CONFIG_LINE_MAX + 1];
	/* In text[]: the option on `line`, until the handler takes it. */
	const char	*opt_name;
	const char	*opt_value;
	/* The last header: its text inside [ ], as written, and its line. */
	char		 header[CONFIG_LINE_MAX + 1];
	int		 header_line;	/* 0: none yet */
	int		 header_bad;	/* a header line we refused */
	int		 in_section;	/* section_line is set */
	int		 section_line;	/* header line of this section */
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
	struct seen	*seen;
	size_t		 nseen;
};

/* ---- small parsers ---------------------------------------------------- */

/*
 * realloc for n elements of `size`, refusing an overflowing product;
 * element n - 1 is zeroed.  NULL when out of memory (ptr still valid).
 */
static void *
config_grow(void *ptr, size_t n, size_t size)
{
	unsigned char	*grown;

	if (n == 0 || (size != 0 && n > SIZE_MAX / size))
		return NULL;
	if ((grown = realloc(ptr, n * size)) == NULL)
		return NULL;
	memset(grown + (n - 1) * size, 0, size);
	return grown;
}

/*
 * Key and zone names: letters, digits, '-', '_' and '/' (RFC 2317
 * reverse zones) between dots, as zones and TSIG keys are named.  They
 * are quoted in messages as they are, and a base64 secret pasted between
 * the quotes ('+', '=') is refused before it could be.
 */
static int
config_name_ok(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && s[i] != '/' && s[i] != '.')
			return 0;
	return 1;
}

/*
 * Why `name` (of config_name_ok()'s characters) is no domain name, in
 * buf, or NULL when it is one: RFC 1035's 63 characters a label and 253
 * in all, a final dot not counted.
 */
static const char *
config_dname_why(const char *name, char *buf, size_t size)
{
	size_t	 len = strlen(name), i, label = 0;

	if (strcmp(name, ".") == 0)
		return NULL;
	if (len > 0 && name[len - 1] == '.')
		len--;
	for (i = 0; i <= len; i++) {
		if (i < len && name[i] != '.') {
			label++;
			continue;
		}
		if (label == 0)
			return "an empty label (a dot first, or two in a row)";
		if (label > DLABEL_MAX) {
			snprintf(buf, size, "a label of %zu characters, over "
			    "the %d allowed between two dots", label,
			    DLABEL_MAX);
			return buf;
		}
		label = 0;
	}
	if (len > DNAME_MAX - 2) {
		snprintf(buf, size, "%zu characters long, over the %d a "
		    "domain name may have (not counting a final dot)", len,
		    DNAME_MAX - 2);
		return buf;
	}
	return NULL;
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
/* ---- sections ----------------------------------------------------------- */

static void
config_error(struct parse *p, const char *what)
{
	log_err("%s:%d: %s", p->path, p->line, what);
	p->nerr++;
}

/*
 * A new [key "NAME"] or [zone "NAME"]: a valid domain name not seen
 * before in a section of the same kind.  Both kinds are stored the same
 * way; only where the entry lives differs.
 */
static void
config_named_section(struct parse *p, enum section_kind kind,
    const char *name, size_t nlen)
{
	const char		*what = kind == SEC_KEY ? "key" : "zone";
	const char		*why;
	struct pending_key	*pk;
	struct config_zone	*z;
	struct seen		*s;
	struct dname		 dn;
	char			*copy, buf[128];
	size_t			 i;

	if ((copy = strndup(name, nlen)) == NULL)
		goto oom;
	if ((why = config_dname_why(copy, buf, sizeof(buf))) != NULL ||
	    dname_from_text(&dn, copy) == -1) {
		log_err("%s:%d: %s name is not a valid domain name: %s",
		    p->path, p->line, what, why != NULL ? why : "check it");
		goto bad;
	}
	for (i = 0; i < p->nseen; i++)
		if (p->seen[i].kind == kind &&
		    dname_equal(&p->seen[i].name, &dn)) {
			log_err("%s:%d: duplicate [%s \"%s\"] section (first "
			    "at line %d); keep one", p->path, p->line, what,
			    copy, p->seen[i].line);
			goto bad;
		}
	if ((s = config_grow(p->seen, p->nseen + 1, sizeof(*s))) == NULL)
		goto oom;
	p->seen = s;
	s += p->nseen++;
	s->kind = kind;
	s->name = dn;
	s->line = p->line;
	if (kind == SEC_KEY) {
		if ((pk = config_grow(p->pkeys, p->npkeys + 1,
		    sizeof(*pk))) == NULL)
			goto oom;
		p->pkeys = pk;
		p->index = p->npkeys++;
		pk += p->index;
		pk->section = copy;
		pk->line = p->line;
	} else {
		if ((z = config_grow(p->cfg->zones, p->cfg->nzones + 1,
		    sizeof(*z))) == NULL)
			goto oom;
		p->cfg->zones = z;
		p->index = p->cfg->nzones++;
		z += p->index;
		z->name = dn;
		z->name_text = copy;
		z->line = p->line;
	}
	p->kind = kind;
	return;
oom:
	log_err("%s:%d: out of memory", p->path, p->line);
bad:
	free(copy);
	p->nerr++;
}

static void
config_options_section(struct parse *p, const char *name)
{
	if (name != NULL)
		config_error(p, "[options] takes no name");
	else if (p->options_line != 0) {
		log_err("%s:%d: duplicate [options] section (first at line "
		    "%d); merge the two", p->path, p->line, p->options_line);
		p->nerr++;
	} else {
		p->options_line = p->line;
		p->kind = SEC_OPTIONS;
	}
}

/*
 * The section inih reports, `TYPE` or `TYPE "NAME"`: options, key, zone.
 * Called at the first option of each section, so errors name that line.
 */
static void
config_enter(struct parse *p, const char *sec)
{
	const char	*t = sec, *s, *close, *name = NULL;
	size_t		 tlen, nlen = 0;

	p->kind = SEC_BAD;
	t += strspn(t, " \t");
	tlen = strspn(t, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	s = t + tlen;
	s += strspn(s, " \t");
	if (*s == '"') {
		name = s + 1;
		if ((close = strchr(name, '"')) == NULL) {
			config_error(p, "section name has no closing \"");
			return;
		}
		nlen = (size_t)(close - name);
		s = close + 1;
		s += strspn(s, " \t");
	}
	if (*s != '\0' || tlen == 0) {
		config_error(p, "malformed line: expected [options], "
		    "[key \"NAME\"] or [zone \"NAME\"]");
		return;
	}
	if (tlen == 7 && strncasecmp(t, "options", 7) == 0)
		config_options_section(p, name);
	else if ((tlen == 3 && strncasecmp(t, "key", 3) == 0) ||
	    (tlen == 4 && strncasecmp(t, "zone", 4) == 0)) {
		if (name == NULL || nlen == 0) {
			log_err("%s:%d: section without a name: write "
			    "[%.*s \"NAME\"]", p->path, p->line, (int)tlen, t);
			p->nerr++;
		} else if (!config_name_ok(name, nlen)) {
			log_err("%s:%d: a %s name may hold only letters, "
			    "digits, '-', '_' and '/' between dots", p->path,
			    p->line, tlen == 3 ? "key" : "zone");
			p->nerr++;
		} else
			config_named_section(p, tlen == 3 ? SEC_KEY : SEC_ZONE,
			    name, nlen);
	} else {
		log_err("%s:%d: unknown section type \"%.*s\" (expected "
		    "[options], [key \"NAME\"] or [zone \"NAME\"])", p->path,
		    p->line, tlen > 32 ? 32 : (int)tlen, t);
		p->nerr++;
	}
}

/* ---- options ------------------------------------------------------------ */

/* Blank as inih counts blanks (the C locale's isspace()). */
static int
config_blank(char c)
{
	return isspace((unsigned char)c) != 0;
}

/* Cut the blanks at the end of [s, end): end points at the NUL. */
static void
config_rstrip(char *s, char *end)
{
	while (end > s && config_blank(end[-1]))
		*--end = '\0';
}

/*
 * The first of `chars` (NULL: none) in s, or the ';' of a comment (one
 * that follows a blank, the blank looked for from s on), or the NUL.
 */
static char *
config_find(char *s, const char *chars)
{
	int	 was_blank = 0;

	for (; *s != '\0'; s++) {
		if ((chars != NULL && strchr(chars, *s) != NULL) ||
		    (was_blank && *s == ';'))
			break;
		was_blank = config_blank(*s);
	}
	return s;
}

enum line_kind {
	LINE_BLANK,		/* blank or a comment */
	LINE_HEADER,		/* [TEXT]: p->header */
	LINE_OPTION,		/* NAME = VALUE: p->opt_name, opt_value */
	LINE_BAD		/* none of these: reported, reading stops */
};

/* What p->text, the line p->line, is; its pieces go into p. */
static enum line_kind
config_line(struct parse *p)
{
	char	*s = p->text, *end, *value;

	if (p->line == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	while (config_blank(*s))
		s++;
	config_rstrip(s, s + strlen(s));
	if (*s == '\0' || *s == ';' || *s == '#')
		return LINE_BLANK;
	if (*s == '[') {
		end = config_find(s + 1, "]");
		if (*end != ']') {
			log_err("%s:%d: malformed line: a section header "
			    "without its closing ] (nothing after it was "
			    "read)", p->path, p->line);
			p->nerr++;
			return LINE_BAD;
		}
		*end++ = '\0';
		/* Both buffers are CONFIG_LINE_MAX + 1 bytes. */
		memcpy(p->header, s + 1, (size_t)(end - s) - 1);
		p->header_line = p->line;
		p->header_bad = 0;
		while (config_blank(*end))
			end++;
		/* inih would drop it silently: an option put there is lost. */
		if (*end != '\0' && *end != ';' && *end != '#')
			config_error(p, "text after the ] of a section header; "
			    "put each option on a line of its own");
		return LINE_HEADER;
	}
	end = config_find(s, "=:");
	if (*end != '=' && *end != ':') {
		log_err("%s:%d: malformed line: expected NAME = VALUE, a "
		    "[section] or a ; comment (nothing after it was read)",
		    p->path, p->line);
		p->nerr++;
		return LINE_BAD;
	}
	*end = '\0';
	config_rstrip(s, end);
	/* A ';' right after the '=' is part of the value, as in inih. */
	value = end + 1;
	end = config_find(value, NULL);
	*end = '\0';
	while (config_blank(*value))
		value++;
	config_rstrip(value, end);
	p->opt_name = s;
	p->opt_value = value;
	return LINE_OPTION;
}

/*
 * inih's reader: reads the next physical line into p->text and hands
 * inih its stand-in (see the top of this file), "\n"-terminated.  A line
 * we refuse is blank to inih, so its line count stays ours; one that
 * starts like a header stands for a header whose options are skipped.
 * After a line we cannot read, the end of the file.
 */
static char *
config_reader(char *str, int num, void *stream)
{
	struct parse	*p = stream;
	const char	*start, *nl, *end;
	size_t		 n, i;
	int		 k;

	p->opt_name = p->opt_value = NULL;
	if (p->stopped || p->pos >= p->len)
		return NULL;
	if (num < CONFIG_TOKEN_MAX) {
		log_err("%s: this inih hands its reader %d bytes, fewer than "
		    "the %d it needs; build inih with a larger INI_MAX_LINE",
		    p->path, num, CONFIG_TOKEN_MAX);
		p->nerr++;
		p->stopped = 1;
		return NULL;
	}
	start = p->buf + p->pos;
	nl = memchr(start, '\n', p->len - p->pos);
	end = nl != NULL ? nl : p->buf + p->len;
	p->pos = (size_t)(end - p->buf) + (nl != NULL ? 1 : 0);
	p->line++;
	n = (size_t)(end - start);
	if (n > 0 && start[n - 1] == '\r')
		n--;
	if (memchr(start, '\0', n) != NULL || n > CONFIG_LINE_MAX) {
		if (n > CONFIG_LINE_MAX)
			log_err("%s:%d: line too long (over %d characters)",
			    p->path, p->line, CONFIG_LINE_MAX);
		else
			log_err("%s:%d: NUL byte: the file must be text; "
			    "remove it", p->path, p->line);
		p->nerr++;
		for (i = 0; i < n && config_blank(start[i]); i++)
			;
		if (i == n || start[i] != '[') {
			strcpy(str, "\n");
			return str;
		}
		/* Its options must not land in the section before it. */
		p->header_line = p->line;
		p->header_bad = 1;
		p->header[0] = '\0';
		k = snprintf(str, (size_t)num, "[%d]\n", p->line);
		return k > 0 && k < num ? str : NULL;
	}
	memcpy(p->text, start, n);
	p->text[n] = '\0';
	switch (config_line(p)) {
	case LINE_BLANK:
		strcpy(str, "\n");
		return str;
	case LINE_HEADER:
		k = snprintf(str, (size_t)num, "[%d]\n", p->line);
		break;
	case LINE_OPTION:
		k = snprintf(str, (size_t)num, "o=%d\n", p->line);
		break;
	case LINE_BAD:
	default:
		p->stopped = 1;
		return NULL;
	}
	/* Cannot fail: num >= CONFIG_TOKEN_MAX. */
	return k > 0 && k < num ? str : NULL;
}

/* A stand-in's line number: "" is 0 (no header yet), else digits; -1. */
static long
config_token(const char *s)
{
	char	*end;
	long	 v;

	if (s == NULL)
		return -1;
	if (*s == '\0')
		return 0;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	return *end == '\0' ? v : -1;
}

static void
config_dup(struct parse *p, const char *name)
{
	log_err("%s:%d: duplicate option \"%s\" in this section; keep one",
	    p->path, p->line, name);
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
		config_error(p, "out of memory");
		return;
	}
	if (line != NULL)
		*line = p->line;
}

/*
 * Set once: 1 the first time, 0 (after reporting the duplicate) after.
 */
static int
config_once(struct parse *p, int *set, const char *name)
{
	if (*set) {
		config_dup(p, name);
		return 0;
	}
	*set = 1;
	return 1;
}

/* timeout, ttl and poll_interval_max: a number in [min, max]. */
static int
config_seconds(struct parse *p, const char *name, const char *value,
    unsigned long min, unsigned long max, const char *unit,
    unsigned long *v)
{
	if (config_number(value, min, max, v) == 0)
		return 0;
	/* Not echoed: a value that is not a number may be a secret. */
	(void)value;
	log_err("%s:%d: %s: not a number of %s from %lu to %lu", p->path,
	    p->line, name, unit, min, max);
	p->nerr++;
	return -1;
}

/*
 * `resolver =` or `server =`: a list in address.h's grammar into *list.
 * Errors name the item by number, never by its text.
 */
static void
config_address_list(struct parse *p, const char *name, const char *value,
    int flags, struct host_port **list, size_t *n)
{
	const char	*why;
	size_t		 item;

	if (*list != NULL) {
		config_dup(p, name);
		return;
	}
	if (address_parse_list(value, DNS_PORT, flags, list, n, &why,
	    &item) == 0)
		return;
	if (item > 0)
		log_err("%s:%d: %s: %s (item %zu; expected %s)", p->path,
		    p->line, name, why, item, flags & ADDRESS_LITERAL_ONLY ?
		    "addresses such as 127.0.0.1, [::1]:53" : "host, "
		    "host:port, address or [IPv6]:port, separated by commas "
		    "or blanks");
	else
		log_err("%s:%d: %s: %s", p->path, p->line, name, why);
	p->nerr++;
}

/* An option of two words: `*flag` becomes 0 for `off`, 1 for `on`. */
static void
config_either(struct parse *p, const char *name, const char *value,
    int *set, const char *off, const char *on, int *flag)
{
	if (!config_once(p, set, name))
		return;
	if (strcasecmp(value, off) == 0)
		*flag = 0;
	else if (strcasecmp(value, on) == 0)
		*flag = 1;
	else {
		log_err("%s:%d: %s: neither %s nor %s", p->path, p->line,
		    name, off, on);
		p->nerr++;
	}
}

static void
config_option(struct parse *p, const char *name, const char *value)
{
	struct config	*cfg = p->cfg;
	unsigned long	 v;

	if (strcasecmp(name, "resolver") == 0)
		config_address_list(p, name, value, ADDRESS_LITERAL_ONLY,
		    &cfg->resolver, &cfg->nresolver);
	else if (strcasecmp(name, "timeout") == 0) {
		if (config_once(p, &p->timeout_set, name) &&
		    config_seconds(p, name, value, 1, CONFIG_NUM_MAX,
		    "seconds", &v) == 0)
			cfg->timeout = (unsigned)v;
	} else if (strcasecmp(name, "ttl") == 0) {
		if (config_once(p, &p->ttl_set, name) &&
		    config_seconds(p, name, value, 1, CONFIG_NUM_MAX,
		    "seconds", &v) == 0)
			cfg->ttl = (uint32_t)v;
	} else if (strcasecmp(name, "down_servers") == 0)
		config_either(p, name, value, &p->down_set, "wait", "skip",
		    &cfg->skip_down);
	else if (strcasecmp(name, "sandbox") == 0)
		config_either(p, name, value, &p->sandbox_set, "yes", "no",
		    &cfg->no_sandbox);
	else if (strcasecmp(name, "poll_interval_max") == 0) {
		if (config_once(p, &p->poll_set, name) &&
		    config_seconds(p, name, value, 20, 10000,
		    "milliseconds", &v) == 0)
			cfg->poll_max_ms = (unsigned)v;
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
	else if (strcasecmp(name, "secret") == 0) {
		if (pk->secret == NULL)
			/* value points into p->text, the line as read. */
			pk->secret_col = (int)(value - p->text) + 1;
		config_set(p, &pk->secret, &pk->secret_line, name, value);
	}
	else if (strcasecmp(name, "file") == 0)
		config_set(p, &pk->file, &pk->file_line, name, value);
	else if (strcasecmp(name, "principal") == 0)
		config_set(p, &pk->principal, &pk->principal_line, name, value);
	else if (strcasecmp(name, "keytab") == 0)
		config_set(p, &pk->keytab, &pk->keytab_line, name, value);
	else {
		/* The name might be a piece of a broken secret line. */
		log_err("%s:%d: unknown option in [key \"%s\"] (expected "
		    "algorithm, secret, file, principal or keytab)", p->path,
		    p->line, pk->section);
		p->nerr++;
	}
}

/*
 * `server_name =`: the primary's host name, for Kerberos' service
 * principal DNS/<host>; no address, no port.  Kept without a final dot.
 */
static void
config_server_name(struct parse *p, struct config_zone *z, const char *name,
    const char *value)
{
	struct host_port hp;
	const char	*why = NULL;
	size_t		 len;

	if (z->server_name != NULL) {
		config_dup(p, name);
		return;
	}
	if (address_parse(value, DNS_PORT, &hp, &why) == -1)
		;
	else if (hp.is_literal)
		why = "an IP address; Kerberos names the service by the "
		    "host name (DNS/<host>)";
	else if (strchr(value, ':') != NULL)
		why = "a port; give the host name alone (the port goes in "
		    "server =)";
	if (why != NULL) {
		log_err("%s:%d: server_name: %s (expected the primary's host "
		    "name, such as dc1.example.com)", p->path, p->line, why);
		p->nerr++;
		return;
	}
	len = strlen(hp.host);
	if (len > 0 && hp.host[len - 1] == '.')
		hp.host[--len] = '\0';
	if ((z->server_name = strdup(hp.host)) == NULL) {
		config_error(p, "out of memory");
		return;
	}
	z->server_name_line = p->line;
}

static void
config_zone_option(struct parse *p, const char *name, const char *value)
{
	struct config_zone	*z = &p->cfg->zones[p->index];

	if (strcasecmp(name, "key") == 0)
		config_set(p, &z->key_section, &z->key_line, name, value);
	else if (strcasecmp(name, "server") == 0)
		config_address_list(p, name, value, 0, &z->server,
		    &z->nserver);
	else if (strcasecmp(name, "server_name") == 0)
		config_server_name(p, z, name, value);
	else
		config_unknown(p, name, "key, server or server_name");
}

/* A new section when the header of the option is a new one. */
static void
config_track_section(struct parse *p)
{
	int	 line = p->line;

	if (p->in_section && p->section_line == p->header_line)
		return;
	p->section_line = p->header_line;
	p->in_section = 1;
	if (p->header_line == 0) {
		p->kind = SEC_NONE;
		return;
	}
	if (p->header_bad) {
		p->kind = SEC_BAD;	/* reported when it was read */
		return;
	}
	/* Messages about the section name the header's line. */
	p->line = p->header_line;
	config_enter(p, p->header);
	p->line = line;
}

/*
 * inih's handler.  Always returns 1: we count our own errors.  inih's
 * section and option are the stand-ins the reader handed it; the text is
 * the reader's, taken once (a second call for the same line would be a
 * continuation line, which this file has not).
 */
static int
config_handle(struct parse *p, const char *section, const char *iname,
    const char *ivalue)
{
	const char	*name = p->opt_name, *value = p->opt_value;

	/* Builds that also call at each header, without an option. */
	if (iname == NULL)
		return 1;
	p->opt_name = p->opt_value = NULL;
	if (name == NULL || strcmp(iname, "o") != 0 ||
	    config_token(ivalue) != p->line ||
	    config_token(section) != p->header_line) {
		log_err("%s:%d: inih reported an option its reader did not "
		    "give it (an inih built with unusual options?); report "
		    "this with the version of inih", p->path, p->line);
		p->nerr++;
		p->stopped = 1;
		return 1;
	}
	if (strcasecmp(name, "secret") == 0)
		p->saw_secret = 1;
	config_track_section(p);
	if (p->kind == SEC_BAD)
		return 1;
	if (p->kind == SEC_NONE) {
		config_error(p, "option outside any section (put it under "
		    "[options], [key \"NAME\"] or [zone \"NAME\"])");
		return 1;
	}
	if (*name == '\0') {
		config_error(p, "malformed line: no name before =; write "
		    "NAME = VALUE");
		return 1;
	}
	if (*value == '\0') {
		/* In a [key], the name might be a piece of a secret. */
		if (p->kind == SEC_KEY || !config_echo_ok(name))
			config_error(p, "option without a value; write "
			    "NAME = VALUE on one line");
		else {
			log_err("%s:%d: option \"%s\" has no value; write "
			    "%s = VALUE", p->path, p->line, name, name);
			p->nerr++;
		}
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

/* The handler's type depends on how inih was built (INI_HANDLER_LINENO). */
#if INI_HANDLER_LINENO
static int
config_handler(void *user, const char *section, const char *name,
    const char *value, int lineno)
{
	(void)lineno;
	return config_handle(user, section, name, value);
}
#else
static int
config_handler(void *user, const char *section, const char *name,
    const char *value)
{
	return config_handle(user, section, name, value);
}
#endif

/* ---- turning sections into keys --------------------------------------- */

/*
 * Why `s` is no Kerberos principal NAME[/INSTANCE...][@REALM], or NULL:
 * printable ASCII without blanks, at most CONFIG_PRINCIPAL_MAX
 * characters, one '@' at most, no empty part.  Without a realm, Kerberos
 * adds its default realm.  The text is never echoed: it is in a [key].
 */
static const char *
config_principal_why(const char *s)
{
	const char	*at;
	size_t		 len = strlen(s), i;

	if (len > CONFIG_PRINCIPAL_MAX)
		return "longer than 255 characters";
	for (i = 0; i < len; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return "a blank, or a character that is not printable "
			    "ASCII";
	if (strchr(s, '\\') != NULL)
		return "a backslash (escaped characters are not supported)";
	at = strchr(s, '@');
	if (at != NULL && strchr(at + 1, '@') != NULL)
		return "more than one @";
	if (at != NULL && at[1] == '\0')
		return "nothing after the @ (an empty realm)";
	if (s[0] == '@')
		return "nothing before the @ (an empty name)";
	if (at != NULL && memchr(at, '/', strlen(at)) != NULL)
		return "a / in the realm";
	if (s[0] == '/' || strstr(s, "//") != NULL ||
	    (at != NULL ? at[-1] == '/' : s[len - 1] == '/'))
		return "an empty part before or after a /";
	return NULL;
}

/*
 * `keytab =`: an absolute path (no FILE: or other type prefix), checked
 * like a key file, but not read: Kerberos reads it.  Returns 0, or -1
 * after logging.
 */
static int
config_check_keytab(struct parse *p, const struct pending_key *pk)
{
	const char	*kt = pk->keytab, *why = NULL;
	char		 shown[CONFIG_LINE_MAX + 128];
	size_t		 type;
	int		 hidden = keyfile_may_be_secret(kt);

	type = strspn(kt, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	if (type > 0 && kt[type] == ':')
		why = "a keytab type before the path (such as FILE:); write "
		    "the plain absolute path";
	else if (kt[0] != '/')
		why = "not an absolute path; write the keytab's whole path, "
		    "such as /etc/acme-hooks/acme.keytab";
	if (why != NULL) {
		log_err("%s:%d: keytab: %s", p->path, pk->keytab_line, why);
		return -1;
	}
	/* Until it opens, named by where keytab = is, as key files are. */
	snprintf(shown, sizeof(shown), "%s:%d: %s%s", p->path,
	    pk->keytab_line, hidden ? "the keytab named by keytab = (its "
	    "name not shown: it could be a misplaced secret)" : "keytab ",
	    hidden ? "" : kt);
	return securefile_check_path(kt, shown,
	    SECUREFILE_SECRET | SECUREFILE_KEYTAB);
}

/*
 * A gss-tsig [key]: no secret, no file; the principal and keytab, if
 * given, checked and kept.  The key is named like the section.  Returns
 * 0, or -1 after logging.
 */
static int
config_gss_key(struct parse *p, struct pending_key *pk,
    struct config_key *ck, enum tsig_alg alg)
{
	const char	*why;
	int		 rc = 0;

	if (pk->secret != NULL || pk->file != NULL) {
		log_err("%s:%d: [key \"%s\"] uses Kerberos (%s), which takes "
		    "no %s: Kerberos gets its keys from the keytab or the "
		    "credential cache; remove %s =, or name an HMAC algorithm",
		    p->path, pk->secret != NULL ? pk->secret_line :
		    pk->file_line, pk->section, tsig_alg_name(alg),
		    pk->secret != NULL ? "secret" : "key file",
		    pk->secret != NULL ? "secret" : "file");
		return -1;
	}
	if (pk->principal != NULL &&
	    (why = config_principal_why(pk->principal)) != NULL) {
		log_err("%s:%d: principal: %s; write NAME@REALM or "
		    "NAME/INSTANCE@REALM, such as acme@EXAMPLE.COM", p->path,
		    pk->principal_line, why);
		rc = -1;
	}
	if (pk->keytab != NULL && config_check_keytab(p, pk) == -1)
		rc = -1;
	if (rc == -1)
		return -1;
	ck->principal_line = pk->principal_line;
	ck->keytab_line = pk->keytab_line;
	if ((pk->principal != NULL &&
	    (ck->principal = strdup(pk->principal)) == NULL) ||
	    (pk->keytab != NULL && (ck->keytab = strdup(pk->keytab)) == NULL) ||
	    (ck->key = tsig_key_new(pk->section, alg, NULL, 0)) == NULL) {
		log_err("%s:%d: out of memory", p->path, pk->line);
		return -1;
	}
	return 0;
}

/* Build the tsig_key of one [key] section.  Returns 0, or -1 after logging. */
static int
config_resolve_key(struct parse *p, struct pending_key *pk,
    struct config_key *ck)
{
	struct keyfile_ref ref;
	struct keyfile_secret ks;
	enum tsig_alg	 alg = TSIG_HMAC_SHA256;
	const char	*what;
	int		 have_alg = 0;

	if ((ck->section = strdup(pk->section)) == NULL) {
		log_err("%s:%d: out of memory", p->path, pk->line);
		return -1;
	}
	ck->line = pk->line;
	if (pk->alg != NULL && tsig_alg_from_name(pk->alg, &alg) == 0 &&
	    tsig_alg_is_gss(alg))
		return config_gss_key(p, pk, ck, alg);
	alg = TSIG_HMAC_SHA256;
	if (pk->principal != NULL || pk->keytab != NULL) {
		/* An unknown algorithm is the thing to fix first. */
		if (pk->alg != NULL &&
		    keyfile_alg(p->path, pk->alg_line, pk->alg, &alg) == -1)
			return -1;
		what = pk->principal != NULL ? "principal" : "keytab";
		if (pk->alg != NULL || pk->secret != NULL || pk->file != NULL)
			log_err("%s:%d: %s is only for Kerberos keys "
			    "(algorithm = gss-tsig); [key \"%s\"] is an HMAC "
			    "key: remove %s =", p->path, pk->principal != NULL ?
			    pk->principal_line : pk->keytab_line, what,
			    pk->section, what);
		else
			log_err("%s:%d: %s is only for Kerberos keys; [key "
			    "\"%s\"] then needs algorithm = gss-tsig (or "
			    "gss.microsoft.com)", p->path, pk->principal !=
			    NULL ? pk->principal_line : pk->keytab_line, what,
			    pk->section);
		return -1;
	}
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
		if (keyfile_alg(p->path, pk->alg_line, pk->alg, &alg) == -1)
			return -1;
		have_alg = 1;
		if (alg == TSIG_HMAC_MD5)
			log_warn("%s:%d: [key \"%s\"] uses HMAC-MD5, which is "
			    "weak; prefer hmac-sha256", p->path, pk->alg_line,
			    pk->section);
	}
	if (pk->file != NULL) {
		ref.config = p->path;
		ref.file = pk->file;
		ref.file_line = pk->file_line;
		ref.section = pk->section;
		ref.have_alg = have_alg;
		ref.alg = alg;
		ref.alg_line = pk->alg_line;
		ck->key = keyfile_load(&ref);
	}
	else if (!have_alg) {
		log_err("%s:%d: [key \"%s\"] needs algorithm = (e.g. "
		    "hmac-sha256, as given to tsig-keygen -a)", p->path,
		    pk->line, pk->section);
		return -1;
	} else {
		ks.where = p->path;
		ks.line = pk->secret_line;
		ks.col = pk->secret_col;
		ks.section = pk->section;
		ks.b64 = pk->secret;
		ks.unwrap = 1;
		ck->key = keyfile_key_new(&ks, pk->section, alg);
	}
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
			crypto_wipe(pk->secret, strlen(pk->secret));
			free(pk->secret);
		}
		free(pk->section);
		free(pk->alg);
		free(pk->file);
		free(pk->principal);
		free(pk->keytab);
	}
	free(p->pkeys);
	free(p->seen);
	p->pkeys = NULL;
	p->npkeys = 0;
	p->seen = NULL;
	p->nseen = 0;
}

/*
 * server_name goes with a gss key, which needs it when every `server`
 * is an address: Kerberos names the primary by its host name.
 */
static void
config_zone_gss(struct parse *p, struct config_zone *z)
{
	enum tsig_alg	 alg = tsig_key_alg(z->key);
	size_t		 i;

	if (!tsig_alg_is_gss(alg)) {
		if (z->server_name == NULL)
			return;
		log_err("%s:%d: server_name is only used with gss-tsig keys "
		    "(Kerberos); key %s of [zone \"%s\"] is %s: remove it",
		    p->path, z->server_name_line, z->key_section,
		    z->name_text, tsig_alg_name(alg));
		p->nerr++;
		return;
	}
	if (z->server_name != NULL || z->nserver == 0)
		return;
	for (i = 0; i < z->nserver; i++)
		if (!z->server[i].is_literal)
			return;
	log_err("%s:%d: [zone \"%s\"]: key %s uses Kerberos (%s), which "
	    "names the primary by its host name (service DNS/<host>); add "
	    "server_name = HOST (the primary's host name)", p->path, z->line,
	    z->name_text, z->key_section, tsig_alg_name(alg));
	p->nerr++;
}

/* Point each zone at its key. */
static void
config_link_zones(struct parse *p)
{
	struct config		*cfg = p->cfg;
	struct config_zone	*z;
	size_t			 i, k;

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
			if (keyfile_name_eq(p->pkeys[k].section,
			    z->key_section))
				break;
		if (k == p->npkeys) {
			/* Not echoed when it may be a secret put in key =. */
			if (config_name_ok(z->key_section,
			    strlen(z->key_section)) &&
			    !keyfile_may_be_secret(z->key_section))
				log_err("%s:%d: [zone \"%s\"]: its key = \"%s\" "
				    "(line %d) names no [key] section; add a "
				    "[key \"%s\"] section (with file = or "
				    "algorithm = and secret =), or name an "
				    "existing one there", p->path, z->line,
				    z->name_text, z->key_section, z->key_line,
				    z->key_section);
			else
				log_err("%s:%d: [zone \"%s\"]: its key = (line "
				    "%d; not shown: it could be a misplaced "
				    "secret) names no [key] section; write the "
				    "name of a [key \"NAME\"] section there",
				    p->path, z->line, z->name_text,
				    z->key_line);
			p->nerr++;
			continue;
		}
		/* A key that failed to load was reported already. */
		z->key = cfg->keys[k].key;
		if (z->key != NULL)
			config_zone_gss(p, z);
	}
}

/* After parsing: keys built, zones pointed at their keys. */
static void
config_resolve(struct parse *p)
{
	struct config	*cfg = p->cfg;
	size_t		 i;

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
	config_link_zones(p);
	/* After an error the file was not read to its end: no noise. */
	if (cfg->nzones == 0 && p->nerr == 0)
		log_warn("%s: no [zone] section", p->path);
}

/* Run inih over the file; problems are counted in p->nerr. */
static void
config_parse(struct parse *p)
{
	int	 rc;

	rc = ini_parse_stream(config_reader, p, config_handler, p);
	if (rc == -2) {
		log_err("%s: out of memory", p->path);
		p->nerr++;
	} else if (rc != 0) {
		/* Every line it gets is one of three fixed shapes. */
		log_err("%s:%d: inih could not read the line its reader gave "
		    "it (an inih built with unusual options?); report this "
		    "with the version of inih", p->path, rc);
		p->nerr++;
	}
	crypto_wipe(p->text, sizeof(p->text));
	crypto_wipe(p->header, sizeof(p->header));
}

struct config *
config_load(const char *path)
{
	struct securefile f;
	struct parse	 p;
	struct config	*cfg;

	memset(&p, 0, sizeof(p));
	memset(&f, 0, sizeof(f));
	f.fd = -1;
	if ((cfg = calloc(1, sizeof(*cfg))) == NULL ||
	    (cfg->path = strdup(path)) == NULL) {
		log_err("%s: out of memory", path);
		goto fail;
	}
	cfg->timeout = CONFIG_DEFAULT_TIMEOUT;
	cfg->poll_max_ms = CONFIG_DEFAULT_POLL_MAX;
	cfg->ttl = CONFIG_DEFAULT_TTL;
	if (securefile_read(path, NULL, 0, &f) == -1)
		goto fail;
	p.cfg = cfg;
	p.path = path;
	p.buf = f.buf;
	p.len = f.len;
	p.kind = SEC_NONE;
	config_parse(&p);
	if (p.saw_secret && securefile_check(path, f.fd, SECUREFILE_SECRET) ==
	    -1)
		p.nerr++;
	config_resolve(&p);
	if (p.nerr == 0)
		goto out;
fail:
	config_free(cfg);
	cfg = NULL;
out:
	config_pending_free(&p);
	securefile_close(&f);
	return cfg;
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
		free(cfg->keys[i].principal);
		free(cfg->keys[i].keytab);
	}
	for (i = 0; i < cfg->nzones; i++) {
		free(cfg->zones[i].name_text);
		free(cfg->zones[i].key_section);
		free(cfg->zones[i].server);
		free(cfg->zones[i].server_name);
	}
	free(cfg->keys);
	free(cfg->zones);
	free(cfg->resolver);
	free(cfg->path);
	free(cfg);
}

/* Add `port` to ports[0..*n) unless it is there or there is no room. */
static void
config_add_port(uint16_t port, uint16_t *ports, size_t cap, size_t *n)
{
	size_t	 i;

	for (i = 0; i < *n; i++)
		if (ports[i] == port)
			return;
	if (*n < cap)
		ports[(*n)++] = port;
}

size_t
config_ports(const struct config *cfg, uint16_t *ports, size_t cap)
{
	size_t	 i, j, n = 0;

	config_add_port(DNS_PORT, ports, cap, &n);
	for (i = 0; i < cfg->nresolver; i++)
		config_add_port(cfg->resolver[i].port, ports, cap, &n);
	for (i = 0; i < cfg->nzones; i++)
		for (j = 0; j < cfg->zones[i].nserver; j++)
			config_add_port(cfg->zones[i].server[j].port, ports,
			    cap, &n);
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
