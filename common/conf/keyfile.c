/* SPDX-License-Identifier: ISC */
/*
 * TSIG key files: BIND's key statements and dnssec-keygen's K*.private.
 * Tokens, values and unknown words are never echoed: any of them may be
 * a piece of the secret.
 */

#include "conf/keyfile.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns/base64.h"
#include "dns/crypto.h"
#include "sys/log.h"
#include "conf/securefile.h"

#define KEYFILE_NAME_MAX	DNAME_TEXT_MAX
#define KEYFILE_TOKEN_MAX	1024	/* a word or string in a file */

/* One key as read from a file, before its secret is decoded. */
struct keyfile_key {
	char		 name[KEYFILE_NAME_MAX];
	int		 have_name;	/* K*.private: from the file name */
	enum tsig_alg	 alg;
	char		 secret[KEYFILE_TOKEN_MAX];	/* base64: wiped */
	int		 line;		/* where the key starts */
	int		 secret_line;
	int		 secret_col;	/* column of secret[0] */
};
#define KEYFILE_ALG_MAX		64
#define KEYFILE_FIELD_MAX	32	/* "Private-key-format" and friends */

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
	size_t		 line_start;	/* where `line` starts in s */
	int		 tok_line;
	int		 tok_col;	/* column of tok[0] on tok_line */
	char		 tok[KEYFILE_TOKEN_MAX];	/* wiped */
};

/* A key statement as read, before its algorithm is looked up. */
struct bind_key {
	char		 name[KEYFILE_NAME_MAX];
	char		 alg[KEYFILE_ALG_MAX];
	char		 secret[KEYFILE_TOKEN_MAX];	/* wiped */
	int		 have_alg;
	int		 have_secret;
	int		 line;
	int		 secret_line;
	int		 secret_col;
};

int
keyfile_name_eq(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b);

	if (la > 1 && a[la - 1] == '.')
		la--;
	if (lb > 1 && b[lb - 1] == '.')
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

int
keyfile_alg(const char *where, int line, const char *text,
    enum tsig_alg *alg)
{
	if (tsig_alg_from_name(text, alg) == 0)
		return 0;
	/* "hmac-..." or "gss..." of a sane length is a typo, not a secret. */
	if (strlen(text) <= 32 && (strncasecmp(text, "hmac-", 5) == 0 ||
	    strncasecmp(text, "gss", 3) == 0))
		log_err("%s:%d: unknown algorithm \"%s\" (expected "
		    "hmac-sha256, hmac-sha512, ..., or gss-tsig)", where, line,
		    text);
	else
		log_err("%s:%d: unknown algorithm (expected hmac-sha256, "
		    "hmac-sha512, ..., or gss-tsig)", where, line);
	return -1;
}

/* A character of base64's alphabet, padding aside. */
static int
keyfile_b64_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/* Blank as base64_decode() skips it. */
static int
keyfile_b64_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * tsig-keygen prints the secret as `secret "BASE64";`: the INI's
 * `secret =` takes that pasted as is, so [*s, *e) loses one ';' at its
 * end, then a pair of quotes around it, blanks around each.
 */
static void
keyfile_unwrap(const char **s, const char **e)
{
	const char	*a = *s, *b = *e;

	while (a < b && keyfile_b64_blank(*a))
		a++;
	while (b > a && keyfile_b64_blank(b[-1]))
		b--;
	if (b > a && b[-1] == ';') {
		b--;
		while (b > a && keyfile_b64_blank(b[-1]))
			b--;
	}
	if (b - a >= 2 && a[0] == '"' && b[-1] == '"') {
		a++;
		b--;
	}
	*s = a;
	*e = b;
}

int
keyfile_may_be_secret(const char *text)
{
	const char	*s = text, *e = text + strlen(text), *c;
	int		 marks = 0;

	keyfile_unwrap(&s, &e);
	for (c = s; c < e; c++) {
		if (*c == '+' || *c == '=')
			marks = 1;
		else if (!keyfile_b64_char(*c) && !keyfile_b64_blank(*c))
			return 0;	/* '.', '-', '_'...: never in base64 */
	}
	/*
	 * Only base64's characters: a secret (tsig-keygen's all end in '='
	 * or are 64 characters long) or a long piece of one, unless it is
	 * short and has neither '+' nor '=', as a key name may be.
	 */
	return marks || e - s >= 20;
}

/*
 * What keeps [s, e) from decoding, in why[size], or NULL: `col` is the
 * column of *s on its line.  Messages say where, never what: no
 * character of the secret, nor a hint of one, is ever shown.
 */
static const char *
keyfile_b64_why(const char *s, const char *e, int col, char *why,
    size_t size)
{
	const char	*c, *first_pad = NULL;
	size_t		 quotes = 0, semis = 0, n = 0, pad = 0;

	for (c = s; c < e; c++) {
		quotes += *c == '"';
		semis += *c == ';';
	}
	/* ';' first: in `"B64";;` the quotes stay only because of it. */
	if (semis > 0)
		return "a ';' inside the value (only one, after it, may end "
		    "it)";
	if (quotes > 0)
		return quotes % 2 != 0 ? "a quote without its pair" :
		    "a quote inside the value (only a pair around it may be "
		    "there)";
	for (c = s; c < e; c++) {
		if (keyfile_b64_blank(*c))
			continue;
		if (*c == '=' && n % 4 >= 2 && pad < 2) {
			if (first_pad == NULL)
				first_pad = c;
			pad++;
			n++;
			continue;
		}
		/* '=' pads the last quartet only: "xx==" or "xxx=". */
		if (*c == '=' || (pad > 0 && keyfile_b64_char(*c))) {
			snprintf(why, size, "the '=' at column %ld is not at "
			    "the end", (long)col + (long)((first_pad != NULL ?
			    first_pad : c) - s));
			return why;
		}
		if (!keyfile_b64_char(*c)) {
			snprintf(why, size, "character at column %ld is not "
			    "base64 (A-Z, a-z, 0-9, '+', '/', and '=' at the "
			    "end)", (long)col + (long)(c - s));
			return why;
		}
		n++;
	}
	if (n == 0)
		return "decodes to 0 octets";
	if (n % 4 != 0) {
		snprintf(why, size, "length is not a multiple of 4 (%zu "
		    "base64 characters: one is missing or extra)", n);
		return why;
	}
	return NULL;
}

struct tsig_key *
keyfile_key_new(const struct keyfile_secret *ks, const char *name,
    enum tsig_alg alg)
{
	struct tsig_key	*key = NULL;
	const char	*s = ks->b64, *e = ks->b64 + strlen(ks->b64), *why;
	uint8_t		*raw = NULL;
	char		*b64 = NULL, buf[128];
	size_t		 cap = 0, mac;
	int		 n = -1;

	/* Kerberos signs a gss-tsig update: no secret can be its key. */
	if (tsig_alg_is_gss(alg)) {
		log_err("%s:%d: key \"%s\": algorithm %s is Kerberos, "
		    "which takes no secret; a key file holds an HMAC key "
		    "(tsig-keygen -a hmac-sha256), or write algorithm = %s in "
		    "the [key] section, without file =", ks->where, ks->line,
		    ks->section, tsig_alg_name(alg), tsig_alg_name(alg));
		return NULL;
	}
	if (ks->unwrap)
		keyfile_unwrap(&s, &e);
	if ((why = keyfile_b64_why(s, e, ks->col + (int)(s - ks->b64), buf,
	    sizeof(buf))) != NULL) {
		log_err("%s:%d: secret of key \"%s\": %s; copy it again, whole, "
		    "as tsig-keygen prints it", ks->where, ks->line,
		    ks->section, why);
		return NULL;
	}
	cap = (size_t)(e - s) / 4 * 3 + 3;
	if ((b64 = strndup(s, (size_t)(e - s))) == NULL ||
	    (raw = malloc(cap)) == NULL) {
		log_err("%s:%d: out of memory", ks->where, ks->line);
		goto out;
	}
	n = base64_decode(b64, raw, cap);
	mac = tsig_alg_mac_len(alg);
	if (n <= 0)
		/* keyfile_b64_why() let through what this refuses. */
		log_err("%s:%d: secret of key \"%s\": not valid base64; copy "
		    "it again, whole, as tsig-keygen prints it", ks->where,
		    ks->line, ks->section);
	else if ((size_t)n < (mac + 1) / 2)
		log_err("%s:%d: key \"%s\": secret is %d bytes, too short for "
		    "%s (at least %zu, better %zu); make a new one with "
		    "tsig-keygen -a %s", ks->where, ks->line, ks->section, n,
		    tsig_alg_name(alg), (mac + 1) / 2, mac, tsig_alg_name(alg));
	else {
		if ((size_t)n < mac)
			log_warn("%s:%d: key \"%s\": secret is %d bytes, "
			    "shorter than the %zu RFC 8945 recommends for %s",
			    ks->where, ks->line, ks->section, n, mac,
			    tsig_alg_name(alg));
		key = tsig_key_new(name, alg, raw, (size_t)n);
		if (key == NULL)
			log_err("%s:%d: key \"%s\": cannot make a key named "
			    "\"%s\"", ks->where, ks->line, ks->section, name);
	}
out:
	if (b64 != NULL) {
		crypto_wipe(b64, strlen(b64));
		free(b64);
	}
	if (raw != NULL) {
		crypto_wipe(raw, cap);
		free(raw);
	}
	return key;
}

/* ---- the lexer -------------------------------------------------------- */

/* The character `off` places ahead, or '\0' past the end. */
static char
lex_peek(const struct lex *lx, size_t off)
{
	return lx->pos + off < lx->len ? lx->s[lx->pos + off] : '\0';
}

/* Past a C comment (at its slash-star).  Returns 0, or -1 after logging. */
static int
lex_skip_block(struct lex *lx)
{
	lx->tok_line = lx->line;
	lx->pos += 2;
	/* Bounded: each pass moves one character towards the end. */
	for (;;) {
		if (lx->pos + 1 >= lx->len) {
			log_err("%s:%d: comment never closed", lx->path,
			    lx->tok_line);
			return -1;
		}
		if (lex_peek(lx, 0) == '*' && lex_peek(lx, 1) == '/')
			break;
		if (lex_peek(lx, 0) == '\n') {
			lx->line++;
			lx->line_start = lx->pos + 1;
		}
		lx->pos++;
	}
	lx->pos += 2;
	return 0;
}

/*
 * Past blanks and comments (#, // and C comments).  Returns 1 at a token,
 * 0 at the end, -1 after logging.
 */
static int
lex_skip(struct lex *lx)
{
	char	 c;

	/* Bounded: each pass consumes at least one character. */
	while (lx->pos < lx->len) {
		c = lex_peek(lx, 0);
		if (c == '\n') {
			lx->line++;
			lx->pos++;
			lx->line_start = lx->pos;
		} else if (isspace((unsigned char)c))
			lx->pos++;
		else if (c == '#' || (c == '/' && lex_peek(lx, 1) == '/')) {
			while (lx->pos < lx->len && lex_peek(lx, 0) != '\n')
				lx->pos++;
		} else if (c == '/' && lex_peek(lx, 1) == '*') {
			if (lex_skip_block(lx) == -1)
				return -1;
		} else
			return 1;
	}
	return 0;
}

/* A "quoted string" on one line, at its opening quote. */
static enum tok
lex_string(struct lex *lx)
{
	size_t	 n = 0;
	char	 c;

	lx->pos++;
	while (lx->pos < lx->len && (c = lex_peek(lx, 0)) != '"') {
		if (c == '\n' || c == '\0' || n + 1 >= sizeof(lx->tok)) {
			log_err("%s:%d: string not closed on its line or too "
			    "long", lx->path, lx->tok_line);
			return TOK_ERR;
		}
		lx->tok[n++] = c;
		lx->pos++;
	}
	if (lx->pos >= lx->len) {
		log_err("%s:%d: string never closed", lx->path, lx->tok_line);
		return TOK_ERR;
	}
	lx->pos++;
	lx->tok[n] = '\0';
	return TOK_STRING;
}

/* A bare word: up to a blank, brace, semicolon, quote or NUL. */
static enum tok
lex_word(struct lex *lx)
{
	size_t	 n = 0;
	char	 c;

	while (lx->pos < lx->len) {
		c = lex_peek(lx, 0);
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

static enum tok
lex_next(struct lex *lx)
{
	int	 more;
	char	 c;

	if ((more = lex_skip(lx)) <= 0)
		return more == 0 ? TOK_EOF : TOK_ERR;
	lx->tok_line = lx->line;
	lx->tok_col = (int)(lx->pos - lx->line_start) + 1;
	c = lex_peek(lx, 0);
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
		lx->tok_col++;	/* the text starts after the quote */
		return lex_string(lx);
	}
	return lex_word(lx);
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

/* The next token must be `want`; else log "expected WHAT". */
static int
lex_expect(struct lex *lx, enum tok want, const char *what)
{
	enum tok	 t;

	if ((t = lex_next(lx)) == want)
		return 0;
	if (t != TOK_ERR)
		log_err("%s:%d: expected %s", lx->path, lx->tok_line, what);
	return -1;
}

/* ---- BIND key statements ---------------------------------------------- */

/* `algorithm ALG;` or `secret "B64";`, at the word.  Returns 0 or -1. */
static int
keyfile_clause(struct lex *lx, struct bind_key *bk)
{
	enum tok	 t;
	int		 is_alg;

	if (strcasecmp(lx->tok, "algorithm") != 0 &&
	    strcasecmp(lx->tok, "secret") != 0) {
		log_err("%s:%d: expected algorithm or secret (or } to end "
		    "the key)", lx->path, lx->tok_line);
		return -1;
	}
	is_alg = strcasecmp(lx->tok, "algorithm") == 0;
	if (is_alg ? bk->have_alg : bk->have_secret) {
		log_err("%s:%d: duplicate %s", lx->path, lx->tok_line,
		    is_alg ? "algorithm" : "secret");
		return -1;
	}
	t = lex_next(lx);
	if (t != TOK_WORD && t != TOK_STRING) {
		if (t != TOK_ERR)
			log_err("%s:%d: expected a value after %s", lx->path,
			    lx->tok_line, is_alg ? "algorithm" : "secret");
		return -1;
	}
	if (is_alg) {
		if (lex_copy(lx, bk->alg, sizeof(bk->alg), "algorithm") == -1)
			return -1;
		bk->have_alg = 1;
	} else {
		if (lex_copy(lx, bk->secret, sizeof(bk->secret), "secret") ==
		    -1)
			return -1;
		bk->have_secret = 1;
		bk->secret_line = lx->tok_line;
		bk->secret_col = lx->tok_col;
	}
	return lex_expect(lx, TOK_SEMI, is_alg ? "; after the algorithm" :
	    "; after the secret");
}

/*
 * One `key NAME { algorithm ALG; secret "B64"; };` statement, after the
 * word `key`.  Returns 0, or -1 after logging.
 */
static int
keyfile_statement(struct lex *lx, struct bind_key *bk)
{
	enum tok	 t;

	memset(bk, 0, sizeof(*bk));
	bk->line = lx->tok_line;
	t = lex_next(lx);
	if (t != TOK_WORD && t != TOK_STRING) {
		if (t != TOK_ERR)
			log_err("%s:%d: expected a key name after \"key\"",
			    lx->path, lx->tok_line);
		return -1;
	}
	if (lex_copy(lx, bk->name, sizeof(bk->name), "key name") == -1 ||
	    lex_expect(lx, TOK_LBRACE, "{ after the key name") == -1)
		return -1;
	/* Bounded: each pass consumes at least one token. */
	while ((t = lex_next(lx)) != TOK_RBRACE) {
		if (t == TOK_ERR)
			return -1;
		if (t != TOK_WORD) {
			log_err("%s:%d: expected algorithm or secret (or } to "
			    "end the key)", lx->path, lx->tok_line);
			return -1;
		}
		if (keyfile_clause(lx, bk) == -1)
			return -1;
	}
	if (lex_expect(lx, TOK_SEMI, "; after }") == -1)
		return -1;
	if (!bk->have_alg || !bk->have_secret) {
		log_err("%s:%d: key \"%s\" has no %s", lx->path, bk->line,
		    bk->name, bk->have_alg ? "secret" : "algorithm");
		return -1;
	}
	return 0;
}

/* Statements until the end; the one named `want`, or the only one. */
static int
keyfile_pick(struct lex *lx, const char *want, struct bind_key *out)
{
	struct bind_key	 bk;
	enum tok	 t;
	unsigned	 nkeys = 0;
	int		 found = 0, rc = -1;

	/* Bounded: each pass consumes at least one token of the buffer. */
	while ((t = lex_next(lx)) != TOK_EOF) {
		if (t == TOK_ERR)
			goto out;
		if (t != TOK_WORD || strcasecmp(lx->tok, "key") != 0) {
			log_err("%s:%d: expected a key statement: key \"NAME\" "
			    "{ algorithm ...; secret \"...\"; };", lx->path,
			    lx->tok_line);
			goto out;
		}
		if (keyfile_statement(lx, &bk) == -1)
			goto out;
		nkeys++;
		if (!found && (nkeys == 1 || keyfile_name_eq(bk.name, want))) {
			*out = bk;
			found = keyfile_name_eq(bk.name, want);
		}
	}
	if (nkeys == 0)
		log_err("%s: no key statement in this file", lx->path);
	else if (!found && nkeys > 1)
		log_err("%s: %u keys in this file and none is named \"%s\"",
		    lx->path, nkeys, want);
	else
		rc = 0;
out:
	crypto_wipe(&bk, sizeof(bk));
	return rc;
}

/* A BIND key file: the key named `want`, or the only key. */
static int
keyfile_bind(const char *path, const char *buf, size_t len,
    const char *want, struct keyfile_key *out)
{
	struct lex	 lx;
	struct bind_key	 bk;
	int		 rc = -1;

	memset(&lx, 0, sizeof(lx));
	memset(&bk, 0, sizeof(bk));
	lx.path = path;
	lx.s = buf;
	lx.len = len;
	lx.line = 1;
	if (keyfile_pick(&lx, want, &bk) == -1 ||
	    keyfile_alg(path, bk.line, bk.alg, &out->alg) == -1)
		goto out;
	memcpy(out->name, bk.name, sizeof(out->name));
	memcpy(out->secret, bk.secret, sizeof(out->secret));
	out->have_name = 1;
	out->line = bk.line;
	out->secret_line = bk.secret_line;
	out->secret_col = bk.secret_col;
	rc = 0;
out:
	crypto_wipe(&bk, sizeof(bk));
	crypto_wipe(&lx, sizeof(lx));
	return rc;
}

/* ---- dnssec-keygen's K*.private --------------------------------------- */

/* What a K*.private file has shown so far. */
struct private_state {
	int		 have_format;
	int		 have_alg;
	unsigned	 alg_number;
	int		 have_secret;
};

/*
 * Split "Field: value" (n bytes at s, no newline) into field[] and the
 * trimmed value at *v, *vn.  Returns 0, or -1 when it has no colon or the
 * field is too long.
 */
static int
private_split(const char *s, size_t n, char field[KEYFILE_FIELD_MAX],
    const char **v, size_t *vn)
{
	const char	*colon;

	colon = memchr(s, ':', n);
	if (colon == NULL || (size_t)(colon - s) >= KEYFILE_FIELD_MAX)
		return -1;
	memcpy(field, s, (size_t)(colon - s));
	field[colon - s] = '\0';
	*v = colon + 1;
	*vn = n - (size_t)(*v - s);
	while (*vn > 0 && isspace((unsigned char)**v)) {
		(*v)++;
		(*vn)--;
	}
	while (*vn > 0 && isspace((unsigned char)(*v)[*vn - 1]))
		(*vn)--;
	return 0;
}

/* "Algorithm: 165 (HMAC_SHA512)": the leading number, up to 3 digits. */
static int
private_alg(const char *path, int line, const char *v, size_t vn,
    struct private_state *st)
{
	unsigned	 num = 0;
	size_t		 n;

	for (n = 0; n < vn && n < 4 && isdigit((unsigned char)v[n]); n++)
		num = num * 10 + (unsigned)(v[n] - '0');
	if (n == 0 || n == 4) {
		log_err("%s:%d: Algorithm: expected a number", path, line);
		return -1;
	}
	st->alg_number = num;
	st->have_alg = 1;
	return 0;
}

/* "Key: BASE64" into out->secret; v starts at column `col`. */
static int
private_key(const char *path, int line, int col, const char *v, size_t vn,
    struct private_state *st, struct keyfile_key *out)
{
	if (st->have_secret) {
		log_err("%s:%d: duplicate Key:", path, line);
		return -1;
	}
	if (vn >= sizeof(out->secret)) {
		log_err("%s:%d: Key: too long", path, line);
		return -1;
	}
	memcpy(out->secret, v, vn);
	out->secret[vn] = '\0';
	st->have_secret = 1;
	out->secret_line = line;
	out->secret_col = col;
	return 0;
}

/* One line of n bytes (no newline); other fields are ignored. */
static int
private_line(const char *path, int line, const char *s, size_t n,
    struct private_state *st, struct keyfile_key *out)
{
	char		 field[KEYFILE_FIELD_MAX];
	const char	*v;
	size_t		 vn;

	if (memchr(s, '\0', n) != NULL) {
		log_err("%s:%d: NUL byte", path, line);
		return -1;
	}
	if (n == 0)
		return 0;
	if (private_split(s, n, field, &v, &vn) == -1) {
		log_err("%s:%d: expected Field: value", path, line);
		return -1;
	}
	if (line == 1 && strcasecmp(field, "Private-key-format") != 0) {
		log_err("%s:1: expected Private-key-format:", path);
		return -1;
	}
	if (strcasecmp(field, "Private-key-format") == 0)
		st->have_format = 1;
	else if (strcasecmp(field, "Algorithm") == 0)
		return private_alg(path, line, v, vn, st);
	else if (strcasecmp(field, "Key") == 0)
		return private_key(path, line, (int)(v - s) + 1, v, vn, st,
		    out);
	return 0;
}

/*
 * K<name>.+165+12345.private: the name is between the K and the
 * second-to-last '+', with BIND's final dot, which we drop.  Leaves
 * out->have_name 0 when the file name has another form.
 */
static void
private_name(const char *path, struct keyfile_key *out)
{
	const char	*base, *plus;
	size_t		 n;

	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (base[0] != 'K' || n <= 9 || strcmp(base + n - 8, ".private") != 0)
		return;
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

/* dnssec-keygen's "Field: value" lines, one step per line. */
static int
keyfile_private(const char *path, const char *buf, size_t len,
    struct keyfile_key *out)
{
	struct private_state st;
	const char	*s = buf, *end = buf + len, *nl;
	size_t		 n;
	int		 line = 0;

	memset(&st, 0, sizeof(st));
	/* Bounded: each pass consumes one line of the buffer. */
	while (s < end) {
		line++;
		nl = memchr(s, '\n', (size_t)(end - s));
		n = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (private_line(path, line, s, n, &st, out) == -1)
			return -1;
		s = nl != NULL ? nl + 1 : end;
	}
	if (st.have_alg && tsig_alg_from_number(st.alg_number, &out->alg) ==
	    -1) {
		log_err("%s: algorithm %u is not an HMAC (TSIG) key", path,
		    st.alg_number);
		return -1;
	}
	if (!st.have_format || !st.have_alg || !st.have_secret) {
		log_err("%s: no %s line", path, !st.have_format ?
		    "Private-key-format:" : !st.have_alg ? "Algorithm:" :
		    "Key:");
		return -1;
	}
	out->line = 1;
	private_name(path, out);
	return 0;
}

/* ---- both ------------------------------------------------------------- */

/*
 * Read `path` (named `shown` while it cannot be opened): the key named
 * `want` of a BIND key file, or its only key, or a K*.private key.
 * Fills `out` (the caller wipes it).  Returns 0, or -1 after logging.
 */
static int
keyfile_read(const char *path, const char *shown, const char *want,
    struct keyfile_key *out)
{
	struct securefile f;
	struct dname	 dn;
	const char	*s;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	if (securefile_read(path, shown, SECUREFILE_SECRET |
	    SECUREFILE_KEYFILE, &f) == -1)
		return -1;
	for (s = f.buf; isspace((unsigned char)*s); s++)
		;
	if (strncasecmp(s, "Private-key-format:", 19) == 0) {
		if (keyfile_private(path, f.buf, f.len, out) == -1)
			goto out;
	} else if (keyfile_bind(path, f.buf, f.len, want, out) == -1)
		goto out;
	if (out->have_name && dname_from_text(&dn, out->name) == -1) {
		log_err("%s:%d: key name \"%s\" is not a valid domain name",
		    path, out->line, out->name);
		goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		crypto_wipe(out, sizeof(*out));
	securefile_close(&f);
	return rc;
}

/* `file =` relative to the directory of the config file. */
static char *
keyfile_path(const char *cfgpath, const char *file)
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

/* "PATH:LINE: PREFIXWHAT" in a new string *out.  Returns 0, or -1. */
static int
keyfile_where(char **out, const char *path, int line, const char *what,
    const char *prefix)
{
	size_t	 n = strlen(path) + strlen(prefix) + strlen(what) + 16;

	if ((*out = malloc(n)) == NULL)
		return -1;
	snprintf(*out, n, "%s:%d: %s%s", path, line, prefix, what);
	return 0;
}

struct tsig_key *
keyfile_load(const struct keyfile_ref *ref)
{
	struct tsig_key	*key = NULL;
	struct keyfile_key fk;
	struct keyfile_secret ks;
	char		*kpath, *shown = NULL;

	memset(&fk, 0, sizeof(fk));
	kpath = keyfile_path(ref->config, ref->file);
	/*
	 * Until it opens, the file is named by where `file =` is, and by its
	 * path unless that may be a secret pasted in the wrong place.
	 */
	if (kpath == NULL || keyfile_where(&shown, ref->config, ref->file_line,
	    keyfile_may_be_secret(ref->file) ? "the file named by file = (its "
	    "name not shown: it could be a misplaced secret)" : kpath,
	    keyfile_may_be_secret(ref->file) ? "" : "key file ") == -1) {
		log_err("%s:%d: out of memory", ref->config, ref->file_line);
		free(kpath);
		return NULL;
	}
	if (keyfile_read(kpath, shown, ref->section, &fk) == -1)
		goto out;
	if (ref->have_alg && ref->alg != fk.alg) {
		log_err("%s:%d: algorithm %s does not match %s in %s",
		    ref->config, ref->alg_line, tsig_alg_name(ref->alg),
		    tsig_alg_name(fk.alg), kpath);
		goto out;
	}
	if (fk.alg == TSIG_HMAC_MD5 && !ref->have_alg) {
		log_err("%s: key uses HMAC-MD5, which is weak; add "
		    "\"algorithm = hmac-md5\" to [key \"%s\"] to use it anyway",
		    kpath, ref->section);
		goto out;
	}
	ks.where = kpath;
	ks.line = fk.secret_line;
	ks.col = fk.secret_col;
	ks.section = ref->section;
	ks.b64 = fk.secret;
	ks.unwrap = 0;	/* the file's own syntax has taken any quotes */
	key = keyfile_key_new(&ks, fk.have_name ? fk.name : ref->section,
	    fk.alg);
out:
	crypto_wipe(&fk, sizeof(fk));
	free(shown);
	free(kpath);
	return key;
}
