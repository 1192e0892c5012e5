/* SPDX-License-Identifier: ISC */
/*
 * The ACME clients' calling conventions, through client_parse(): what
 * certbot, lego, dehydrated and uacme hand a hook (operands and
 * environment) and the challenges, options and stop status made of it.
 *
 * Every case starts from a zeroed request and an environment without any
 * CERTBOT_* or EXEC_* variable.  The library's stderr is caught for each
 * call: input refused with the usage status must say so in exactly one
 * line, and input taken must say nothing (warnings excepted, counted
 * where they are expected).
 *
 * KEYAUTH_VALUE, the dns-01 value of KEYAUTH (lego's RAW mode), was
 * computed outside this code with
 *   printf %s 'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.nP1qzpXGymHBrUE\
 *   epNY9HCsQk7K8KhOypzEt62jcerQ' | openssl dgst -sha256 -binary |
 *   basenc --base64url | tr -d '='
 * (one line, without the backslash and newline; KEYAUTH is a token and
 * a key thumbprint of the usual form, 43 base64url characters each, with
 * a dot between).  EMPTY_VALUE is the same for the empty string:
 *   printf %s '' | openssl dgst ...
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flow/client.h"
#include "sys/log.h"
#include "unit.h"

#define KEYAUTH		"evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA." \
			"nP1qzpXGymHBrUEepNY9HCsQk7K8KhOypzEt62jcerQ"
#define KEYAUTH_VALUE	"NGwKoXBgCT8JhEa0bK7AwfSqHyu_ZWeugV07fLGIVq0"
#define EMPTY_VALUE	"47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"
/* Three values of 43 base64url characters (all of the alphabet used). */
#define V1		"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"
#define V2		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
#define V3		"rstuvwxyz0123456789-_rstuvwxyz0123456789-_x"
#define CHECK_VALUE	"0000000000000000000000000000000000000000000"
#define REC		"_acme-challenge.example.net."

#define WORDS_MAX	(CHALLENGES_MAX * 3 + 8)
#define LOG_MAX		8192

extern char **environ;

static struct client_request req;
/* What the library wrote on stderr during the last parse. */
static char	 logbuf[LOG_MAX];

/* Unset every CERTBOT_* and EXEC_* variable, whatever the caller had. */
static void
clear_env(void)
{
	char	 name[256];
	size_t	 i, len;
	int	 again = 1, rounds;

	for (rounds = 0; again && rounds < 1000; rounds++) {
		again = 0;
		for (i = 0; environ[i] != NULL; i++) {
			if (strncmp(environ[i], "CERTBOT_", 8) != 0 &&
			    strncmp(environ[i], "EXEC_", 5) != 0)
				continue;
			len = strcspn(environ[i], "=");
			if (len >= sizeof(name))
				abort();
			memcpy(name, environ[i], len);
			name[len] = '\0';
			if (unsetenv(name) != 0)
				abort();
			again = 1;	/* environ changed: start over */
			break;
		}
	}
	if (again)
		abort();
}

static void
set(const char *name, const char *value)
{
	if (setenv(name, value, 1) != 0)
		abort();
}

/* Lines in what the library logged. */
static size_t
log_lines(void)
{
	size_t	 i, n = 0;

	for (i = 0; logbuf[i] != '\0'; i++)
		if (logbuf[i] == '\n')
			n++;
	return n;
}

/*
 * client_parse() on a fresh request with `action` as the hook's own and
 * the NULL-terminated `words` as operands (copied: argv is not const).
 * Its stderr goes to `logbuf`.
 */
static void
parse_words(int check, enum challenge_action action,
    const char *const *words)
{
	char	*argv[WORDS_MAX + 1];
	FILE	*tmp;
	size_t	 got;
	int	 argc = 0, saved;

	while (words[argc] != NULL) {
		if (argc == WORDS_MAX ||
		    (argv[argc] = strdup(words[argc])) == NULL)
			abort();
		argc++;
	}
	argv[argc] = NULL;
	memset(&req, 0, sizeof(req));
	req.action = action;
	req.check = check;

	fflush(stderr);
	if ((tmp = tmpfile()) == NULL || (saved = dup(2)) == -1 ||
	    dup2(fileno(tmp), 2) == -1)
		abort();
	client_parse(&req, argc, argv);
	fflush(stderr);
	if (dup2(saved, 2) == -1)
		abort();
	close(saved);
	rewind(tmp);
	got = fread(logbuf, 1, sizeof(logbuf) - 1, tmp);
	logbuf[got] = '\0';
	fclose(tmp);

	while (argc > 0)
		free(argv[--argc]);
}

#define PARSE(...) do {							\
	const char *const w_[] = { __VA_ARGS__, NULL };			\
	parse_words(0, CHALLENGE_PRESENT, w_);				\
} while (0)
#define PARSE_AS(action, ...) do {					\
	const char *const w_[] = { __VA_ARGS__, NULL };			\
	parse_words(0, (action), w_);					\
} while (0)
#define CHECK_NAMES(...) do {						\
	const char *const w_[] = { __VA_ARGS__, NULL };			\
	parse_words(1, CHALLENGE_PRESENT, w_);				\
} while (0)

static void
parse_none(enum challenge_action action)
{
	static const char *const none[] = { NULL };

	parse_words(0, action, none);
}

/*
 * The request went on (no stop, OUTCOME_OK) with `action` and `n`
 * challenges, and logged `lines` lines.  Mismatches are printed.
 */
static int
taken(enum challenge_action action, size_t n, size_t lines)
{
	int	 ok;

	ok = !req.stop && req.outcome == OUTCOME_OK &&
	    req.action == action && req.n == n && log_lines() == lines;
	if (!ok)
		fprintf(stderr, "  got stop %d outcome %d action %d n %zu, "
		    "%zu log lines: %s\n", req.stop, (int)req.outcome,
		    (int)req.action, req.n, log_lines(), logbuf);
	return ok;
}

/* The request stops with `outcome`, logging `lines` lines. */
static int
stopped(enum outcome outcome, size_t lines)
{
	int	 ok;

	ok = req.stop && req.outcome == outcome && log_lines() == lines;
	if (!ok)
		fprintf(stderr, "  got stop %d outcome %d n %zu, %zu log "
		    "lines: %s\n", req.stop, (int)req.outcome, req.n,
		    log_lines(),
		    logbuf);
	return ok;
}

/* Refused as bad input: usage status, one line saying why. */
static int
usage(void)
{
	return stopped(OUTCOME_USAGE, 1);
}

/* Challenge `i` is at `name` (as text) with `value`. */
static int
challenge_is(size_t i, const char *name, const char *value)
{
	char	 text[DNAME_TEXT_MAX];
	int	 ok;

	if (i >= req.n) {
		fprintf(stderr, "  no challenge %zu (n %zu)\n", i, req.n);
		return 0;
	}
	dname_to_text(&req.list[i].name, text, sizeof(text));
	ok = strcmp(text, name) == 0 && strcmp(req.list[i].value, value) == 0;
	if (!ok)
		fprintf(stderr, "  challenge %zu: got '%s' '%s', want '%s' "
		    "'%s'\n", i, text, req.list[i].value, name, value);
	return ok;
}

/* The options of a run that is not certbot's. */
static int
plain_opts(unsigned max_wait_s)
{
	return req.opts.dry_run == 0 && req.opts.max_wait_s == max_wait_s &&
	    req.opts.certbot == 0 && req.opts.remaining == -1 &&
	    req.opts.hint == NULL;
}

/*
 * certbot's call: its variables as given (NULL: unset) and nothing else
 * of CERTBOT_* or EXEC_*, no operands, `action` the hook's own.
 */
static void
certbot_call(enum challenge_action action, const char *domain,
    const char *validation, const char *remaining, const char *hint)
{
	clear_env();
	if (domain != NULL)
		set("CERTBOT_DOMAIN", domain);
	if (validation != NULL)
		set("CERTBOT_VALIDATION", validation);
	if (remaining != NULL)
		set("CERTBOT_REMAINING_CHALLENGES", remaining);
	if (hint != NULL)
		set("CERTBOT_AUTH_OUTPUT", hint);
	parse_none(action);
}

/* certbot's call with these variables is refused, adding nothing. */
static int
certbot_refused(const char *domain, const char *validation,
    const char *remaining)
{
	certbot_call(CHALLENGE_PRESENT, domain, validation, remaining, NULL);
	return usage() && req.n == 0;
}

/* certbot's call gives one challenge at `name`, `remaining` as said. */
static int
certbot_taken(const char *domain, const char *remaining, const char *name,
    long want_remaining)
{
	certbot_call(CHALLENGE_PRESENT, domain, V2, remaining, NULL);
	return taken(CHALLENGE_PRESENT, 1, 0) && challenge_is(0, name, V2) &&
	    req.opts.certbot == 1 && req.opts.remaining == want_remaining &&
	    req.opts.hint == NULL && req.opts.max_wait_s == 0 &&
	    req.opts.dry_run == 0;
}

#define HINT	"acme-hooks: example.net. _acme-challenge.example.net. " \
		"127.0.0.1\nother line"

static void
test_certbot(void)
{
	/* The apex: the action stays the hook's own. */
	certbot_call(CHALLENGE_PRESENT, "example.net", V1, NULL, NULL);
	UNIT_CHECK(taken(CHALLENGE_PRESENT, 1, 0));
	UNIT_CHECK(challenge_is(0, REC, V1));
	UNIT_CHECK(req.opts.certbot == 1 && req.opts.remaining == -1 &&
	    req.opts.hint == NULL && req.opts.max_wait_s == 0 &&
	    req.opts.dry_run == 0);
	certbot_call(CHALLENGE_CLEANUP, "example.net", V1, NULL, NULL);
	UNIT_CHECK(taken(CHALLENGE_CLEANUP, 1, 0));
	UNIT_CHECK(challenge_is(0, REC, V1));

	/* A wildcard, a trailing dot, upper case kept as given; only a
	 * leading "*." is a wildcard, and a '*' anywhere else is refused. */
	UNIT_CHECK(certbot_taken("*.example.net", NULL, REC, -1));
	UNIT_CHECK(certbot_taken("*.Sub.Example.NET.", NULL,
	    "_acme-challenge.Sub.Example.NET.", -1));
	UNIT_CHECK(certbot_refused("a.*.example.net", V1, NULL));
	UNIT_CHECK(certbot_refused("*.*.example.net", V1, NULL));
	/* Master-file escapes, blanks, quotes and underscores are not what
	 * a client sends, even where DNS could hold them. */
	UNIT_CHECK(certbot_refused("a\\.b.example.net", V1, NULL));
	UNIT_CHECK(certbot_refused("a\\000.example.net", V1, NULL));
	UNIT_CHECK(certbot_refused("exa mple.net", V1, NULL));
	UNIT_CHECK(certbot_refused("\"example.net\"", V1, NULL));
	UNIT_CHECK(certbot_refused("_dmarc.example.net", V1, NULL));
	UNIT_CHECK(certbot_refused("-a.example.net", V1, NULL));
	UNIT_CHECK(certbot_refused("a-.example.net", V1, NULL));
	UNIT_CHECK(certbot_taken("xn--bcher-kva.example", NULL,
	    "_acme-challenge.xn--bcher-kva.example.", -1));

	/* CERTBOT_REMAINING_CHALLENGES: a count, or -1 when unset; empty
	 * is taken as not set (every call then waits). */
	UNIT_CHECK(certbot_taken("example.net", "0", REC, 0));
	UNIT_CHECK(certbot_taken("example.net", "3", REC, 3));
	UNIT_CHECK(certbot_taken("example.net", "100000", REC, 100000));
	UNIT_CHECK(certbot_taken("example.net", "", REC, -1));
	/* Anything else is not certbot's and stops the run. */
	UNIT_CHECK(certbot_refused("example.net", V1, "abc"));
	UNIT_CHECK(strstr(logbuf, "CERTBOT_REMAINING_CHALLENGES='abc'") !=
	    NULL);
	UNIT_CHECK(certbot_refused("example.net", V1, "-1"));
	UNIT_CHECK(certbot_refused("example.net", V1, "1x"));
	UNIT_CHECK(certbot_refused("example.net", V1, "+3"));
	UNIT_CHECK(certbot_refused("example.net", V1, " 3"));
	UNIT_CHECK(certbot_refused("example.net", V1, "100001"));
	UNIT_CHECK(certbot_refused("example.net", V1,
	    "99999999999999999999999"));

	/* CERTBOT_AUTH_OUTPUT is handed on as the hint, as it is. */
	certbot_call(CHALLENGE_CLEANUP, "example.net", V1, "1", HINT);
	UNIT_CHECK(taken(CHALLENGE_CLEANUP, 1, 0));
	UNIT_CHECK(req.opts.hint != NULL && strcmp(req.opts.hint, HINT) == 0);
	UNIT_CHECK(req.opts.remaining == 1);
	certbot_call(CHALLENGE_CLEANUP, "example.net", V1, NULL, "");
	UNIT_CHECK(taken(CHALLENGE_CLEANUP, 1, 0));
	UNIT_CHECK(req.opts.hint != NULL && *req.opts.hint == '\0');

	/* A variable missing or empty: no challenge given. */
	UNIT_CHECK(certbot_refused(NULL, NULL, NULL));
	UNIT_CHECK(certbot_refused("example.net", NULL, "0"));
	UNIT_CHECK(certbot_refused(NULL, V1, "0"));
	UNIT_CHECK(certbot_refused("", V1, NULL));
	UNIT_CHECK(certbot_refused("example.net", "", NULL));
	/* "*." alone, or the root, names nothing. */
	UNIT_CHECK(certbot_refused("*.", V1, NULL));
	UNIT_CHECK(certbot_refused(".", V1, NULL));
	/* With operands, certbot's variables are not looked at. */
	set("CERTBOT_DOMAIN", "example.net");
	set("CERTBOT_VALIDATION", V1);
	PARSE("present", "_acme-challenge.example.org.", V2);
	UNIT_CHECK(taken(CHALLENGE_PRESENT, 1, 0));
	UNIT_CHECK(challenge_is(0, "_acme-challenge.example.org.", V2));
	UNIT_CHECK(plain_opts(0));
	clear_env();
}

/* One challenge at `name` with `value`, in a run not certbot's. */
static int
one(enum challenge_action action, const char *name, const char *value)
{
	return taken(action, 1, 0) && challenge_is(0, name, value) &&
	    plain_opts(0);
}

/* lego's present with EXEC_PROPAGATION_TIMEOUT=`env`: the cap, warnings. */
static int
lego_wait(const char *env, unsigned want, size_t warnings)
{
	set("EXEC_PROPAGATION_TIMEOUT", env);
	PARSE("present", REC, V1);
	return taken(CHALLENGE_PRESENT, 1, warnings) &&
	    challenge_is(0, REC, V1) && plain_opts(want);
}

static void
test_lego(void)
{
	clear_env();
	/* Default mode: the record name as given, with or without dot. */
	PARSE("present", "_acme-challenge.example.net.", V1);
	UNIT_CHECK(one(CHALLENGE_PRESENT, REC, V1));
	PARSE_AS(CHALLENGE_PRESENT, "cleanup", "_acme-challenge.example.net",
	    V2);
	UNIT_CHECK(one(CHALLENGE_CLEANUP, REC, V2));
	/* The command decides the action, not the hook's name. */
	PARSE_AS(CHALLENGE_CLEANUP, "present", "_acme-challenge.example.net",
	    V2);
	UNIT_CHECK(taken(CHALLENGE_PRESENT, 1, 0));
	/* lego computes the record name: it must start with
	 * "_acme-challenge.", and no "*." is stripped from it. */
	PARSE("present", "example.net.", V1);
	UNIT_CHECK(usage() && req.n == 0);
	UNIT_CHECK(strstr(logbuf, "does not start with _acme-challenge.") !=
	    NULL);
	PARSE("present", "*.example.net.", V1);
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("present", "_acme-challenge.*.example.net.", V1);
	UNIT_CHECK(usage() && req.n == 0);

	/* RAW mode: the value is computed from the key authorization. */
	PARSE("present", "--", "example.net", "token", KEYAUTH);
	UNIT_CHECK(one(CHALLENGE_PRESENT, REC, KEYAUTH_VALUE));
	PARSE("cleanup", "--", "*.example.net.", "token", KEYAUTH);
	UNIT_CHECK(one(CHALLENGE_CLEANUP, REC, KEYAUTH_VALUE));
	PARSE("present", "--", "example.net", "token", "");
	UNIT_CHECK(one(CHALLENGE_PRESENT, REC, EMPTY_VALUE));
	/* One byte more changes the value. */
	PARSE("present", "--", "example.net", "token", KEYAUTH "x");
	UNIT_CHECK(taken(CHALLENGE_PRESENT, 1, 0));
	UNIT_CHECK(req.n == 1 &&
	    strcmp(req.list[0].value, KEYAUTH_VALUE) != 0 &&
	    strlen(req.list[0].value) == 43);
	/* RAW's DOMAIN is a domain: a bad one is refused. */
	PARSE("present", "--", "exa..mple.net", "token", KEYAUTH);
	UNIT_CHECK(usage() && req.n == 0);

	/* EXEC_PROPAGATION_TIMEOUT caps the wait, in whole seconds. */
	UNIT_CHECK(lego_wait("120", 120, 0));
	PARSE("present", "--", "example.net", "token", KEYAUTH);
	UNIT_CHECK(taken(CHALLENGE_PRESENT, 1, 0) && plain_opts(120));
	UNIT_CHECK(lego_wait("86400", 86400, 0));
	UNIT_CHECK(lego_wait("", 0, 0));
	/* Not a usable number: ignored with a warning, the run goes on. */
	UNIT_CHECK(lego_wait("86401", 0, 1));
	UNIT_CHECK(lego_wait("2m", 0, 1));
	UNIT_CHECK(strstr(logbuf, "EXEC_PROPAGATION_TIMEOUT=2m") != NULL);
	UNIT_CHECK(lego_wait("-5", 0, 1));
	unsetenv("EXEC_PROPAGATION_TIMEOUT");

	/* Wrong numbers of operands. */
	PARSE("present");
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("present", REC);
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("cleanup", REC, V1, V2);
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("present", "--", "example.net", KEYAUTH);
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("present", "--", "example.net", "token", KEYAUTH, "x");
	UNIT_CHECK(usage() && req.n == 0);
	/* Five operands without "--" are not RAW mode. */
	PARSE("present", "-x", "example.net", "token", KEYAUTH);
	UNIT_CHECK(usage() && req.n == 0);
	/* Commands are case-sensitive. */
	PARSE("Present", REC, V1);
	UNIT_CHECK(usage() && req.n == 0);
	clear_env();
}

static void
test_dehydrated(void)
{
	const char *w[CHALLENGES_MAX * 3 + 5];
	size_t	 i, k = 0;

	clear_env();
	PARSE("deploy_challenge", "example.net", "tokenfile", V1);
	UNIT_CHECK(one(CHALLENGE_PRESENT, REC, V1));
	PARSE_AS(CHALLENGE_PRESENT, "clean_challenge", "*.example.net",
	    "tokenfile", V1);
	UNIT_CHECK(one(CHALLENGE_CLEANUP, REC, V1));
	PARSE_AS(CHALLENGE_CLEANUP, "deploy_challenge", "example.net", "t",
	    V1);
	UNIT_CHECK(taken(CHALLENGE_PRESENT, 1, 0));

	/* HOOK_CHAIN=yes: three triples in one call, in order. */
	for (i = 0; i < 2; i++) {
		PARSE(i == 0 ? "deploy_challenge" : "clean_challenge",
		    "example.net", "t1", V1, "*.example.net", "t2", V2,
		    "www.example.org", "t3", V3);
		UNIT_CHECK(taken(i == 0 ? CHALLENGE_PRESENT :
		    CHALLENGE_CLEANUP, 3, 0));
		UNIT_CHECK(challenge_is(0, REC, V1));
		UNIT_CHECK(challenge_is(1, REC, V2));
		UNIT_CHECK(challenge_is(2, "_acme-challenge.www.example.org.",
		    V3));
		UNIT_CHECK(plain_opts(0));
	}
	/* One bad triple spoils the call. */
	PARSE("deploy_challenge", "example.net", "t1", V1,
	    "exa mple..net", "t2", V2, "www.example.org", "t3", V3);
	UNIT_CHECK(usage());
	PARSE("deploy_challenge", "example.net", "t1", V1,
	    "example.org", "t2", V2 "=", "www.example.org", "t3", V3);
	UNIT_CHECK(usage());

	/* Wrong numbers of operands. */
	PARSE("deploy_challenge");
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("deploy_challenge", "example.net", "t1");
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("clean_challenge", "example.net", "t1", V1, "example.org");
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("clean_challenge", "example.net", "t1", V1, "example.org",
	    "t2");
	UNIT_CHECK(usage() && req.n == 0);

	/* Its other events, and its probe, succeed doing nothing. */
	PARSE("deploy_cert", "example.net", "/k", "/c", "/f", "/ch", "1");
	UNIT_CHECK(stopped(OUTCOME_OK, 0) && req.n == 0);
	PARSE("startup_hook");
	UNIT_CHECK(stopped(OUTCOME_OK, 0) && req.n == 0);
	PARSE("exit_hook", "");
	UNIT_CHECK(stopped(OUTCOME_OK, 0) && req.n == 0);
	PARSE("unchanged_cert", "example.net", "/k", "/c", "/f", "/ch");
	UNIT_CHECK(stopped(OUTCOME_OK, 0) && req.n == 0);
	PARSE("this_hookscript_is_broken__dehydrated_is_working_fine__"
	    "please_ignore_unknown_hooks_in_your_script");
	UNIT_CHECK(stopped(OUTCOME_OK, 0) && req.n == 0);
	PARSE("some_future_event", "x", "y");
	UNIT_CHECK(stopped(OUTCOME_OK, 0) && req.n == 0);
	/* ...but not words that are no dehydrated event. */
	PARSE("Deploy_Cert", "example.net");
	UNIT_CHECK(usage() && req.n == 0);
	UNIT_CHECK(strstr(logbuf, "Deploy_Cert") != NULL);
	PARSE("deploy-cert");
	UNIT_CHECK(usage());
	PARSE("deploycert");
	UNIT_CHECK(usage());
	PARSE("deploy_cert2");
	UNIT_CHECK(usage());
	PARSE("hello");
	UNIT_CHECK(usage());
	PARSE("");
	UNIT_CHECK(usage());

	/* As many challenges as one call holds, and one more. */
	w[k++] = "deploy_challenge";
	for (i = 0; i < CHALLENGES_MAX; i++) {
		w[k++] = "example.net";
		w[k++] = "t";
		w[k++] = V1;
	}
	w[k] = NULL;
	parse_words(0, CHALLENGE_PRESENT, w);
	UNIT_CHECK(taken(CHALLENGE_PRESENT, CHALLENGES_MAX, 0));
	UNIT_CHECK(challenge_is(CHALLENGES_MAX - 1, REC, V1));
	w[k++] = "example.org";
	w[k++] = "t";
	w[k++] = V2;
	w[k] = NULL;
	parse_words(0, CHALLENGE_PRESENT, w);
	UNIT_CHECK(usage());
	clear_env();
}

static void
test_uacme(void)
{
	clear_env();
	PARSE_AS(CHALLENGE_CLEANUP, "begin", "dns-01", "example.net",
	    "token", V1);
	UNIT_CHECK(one(CHALLENGE_PRESENT, REC, V1));
	PARSE("done", "dns-01", "*.example.net", "token", V2);
	UNIT_CHECK(one(CHALLENGE_CLEANUP, REC, V2));
	PARSE("failed", "dns-01", "www.example.org.", "token", V3);
	UNIT_CHECK(one(CHALLENGE_CLEANUP, "_acme-challenge.www.example.org.",
	    V3));

	/* Another type: status 1 tells uacme to try the next one. */
	PARSE("begin", "http-01", "example.net", "token", V1);
	UNIT_CHECK(stopped(OUTCOME_USAGE, 0) && req.n == 0);
	PARSE("done", "tls-alpn-01", "example.net", "token", V1);
	UNIT_CHECK(stopped(OUTCOME_USAGE, 0) && req.n == 0);
	PARSE("begin", "DNS-01", "example.net", "token", V1);
	UNIT_CHECK(stopped(OUTCOME_USAGE, 0) && req.n == 0);

	/* Wrong numbers of operands. */
	PARSE("begin");
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("begin", "dns-01");
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("begin", "dns-01", "example.net", "token");
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("failed", "dns-01", "example.net", "token", V1, "x");
	UNIT_CHECK(usage() && req.n == 0);
	/* The value is AUTH, the fourth: a token there is refused. */
	PARSE("begin", "dns-01", "example.net", V1, "token");
	UNIT_CHECK(usage() && req.n == 0);
	clear_env();
}

static void
test_check(void)
{
	clear_env();
	/* Names only; the value is a placeholder of the right form. */
	CHECK_NAMES("example.net", "*.example.org.", "a.b.example.com");
	UNIT_CHECK(taken(CHALLENGE_PRESENT, 3, 0));
	UNIT_CHECK(challenge_is(0, REC, CHECK_VALUE));
	UNIT_CHECK(challenge_is(1, "_acme-challenge.example.org.",
	    CHECK_VALUE));
	UNIT_CHECK(challenge_is(2, "_acme-challenge.a.b.example.com.",
	    CHECK_VALUE));
	UNIT_CHECK(plain_opts(0));
	/* Words of the clients are names here. */
	CHECK_NAMES("present");
	UNIT_CHECK(one(CHALLENGE_PRESENT, "_acme-challenge.present.",
	    CHECK_VALUE));
	/* No names: nothing to check, and certbot's variables unread. */
	set("CERTBOT_DOMAIN", "example.net");
	set("CERTBOT_VALIDATION", V1);
	parse_words(1, CHALLENGE_CLEANUP, (const char *const[]){ NULL });
	UNIT_CHECK(taken(CHALLENGE_CLEANUP, 0, 0));
	UNIT_CHECK(plain_opts(0));
	clear_env();
	CHECK_NAMES("example.net", "bad..name");
	UNIT_CHECK(usage());
}

/* A name of `octets` octets in wire form: labels of 63, then the rest. */
static void
long_name(char *buf, size_t size, size_t octets)
{
	size_t	 left = octets - 1, k = 0, lab;

	while (left > 0) {
		lab = left - 1 > 63 ? 63 : left - 1;
		if (k + lab + 2 >= size || lab == 0)
			abort();
		memset(buf + k, 'a', lab);
		k += lab;
		buf[k++] = '.';
		left -= lab + 1;
	}
	buf[k] = '\0';
}

/* Not a dns-01 value: 42, 44, a quote, a space, newlines, padding, +/. */
static const char *const bad_values[] = {
	"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX",
	V1 "0",
	"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEu\"",
	"\"" V1,
	"LoqXcYV8q5ONbJQxbmR7SCT o3tiAXDfowyjxAjEuX0",
	V1 " ",
	"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX\n",
	V1 "\n",
	"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX=",
	"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEu+/",
	"",
};

static void
test_bad_input(void)
{
	char	 name[400], rec[420], label[80];
	size_t	 i;

	clear_env();
	/* Values: 43 base64url characters, nothing else, from any client. */
	for (i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++) {
		PARSE("present", REC, bad_values[i]);
		UNIT_CHECK(usage() && req.n == 0 &&
		    strstr(logbuf, "43 base64url") != NULL);
		PARSE("deploy_challenge", "example.net", "t", bad_values[i]);
		UNIT_CHECK(usage() && req.n == 0);
		PARSE("begin", "dns-01", "example.net", "t", bad_values[i]);
		UNIT_CHECK(usage() && req.n == 0);
		UNIT_CHECK(certbot_refused("example.net", bad_values[i], NULL));
	}
	clear_env();

	/*
	 * A control character in bad input is shown escaped: the refusal
	 * stays one line.
	 */
	PARSE("present", "exa\nmple..net", V1);
	UNIT_CHECK(usage() && strstr(logbuf, "exa\\010mple") != NULL);
	PARSE("deploy\nchallenge", "example.net", "t", V1);
	UNIT_CHECK(usage() && strstr(logbuf, "deploy\\010chal") != NULL);
	UNIT_CHECK(certbot_refused("example.net", V1, "1\r\n2"));
	UNIT_CHECK(strstr(logbuf, "1\\013\\0102") != NULL);
	clear_env();
	UNIT_CHECK(lego_wait("60\n", 0, 1));
	UNIT_CHECK(strstr(logbuf, "=60\\010:") != NULL);
	unsetenv("EXEC_PROPAGATION_TIMEOUT");

	/* Names: empty labels. */
	PARSE("present", "_acme-challenge..example.net", V1);
	UNIT_CHECK(usage() && req.n == 0);
	UNIT_CHECK(strstr(logbuf, "has an empty label") != NULL);
	PARSE("present", ".example.net", V1);
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("present", "", V1);
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("deploy_challenge", "example.net..", "t", V1);
	UNIT_CHECK(usage() && req.n == 0);
	PARSE("present", "\\", V1);
	UNIT_CHECK(usage() && req.n == 0);

	/* A label of 63 octets is fine, of 64 not. */
	memset(label, 'l', 63);
	strcpy(label + 63, ".example.net");
	PARSE("deploy_challenge", label, "t", V1);
	UNIT_CHECK(taken(CHALLENGE_PRESENT, 1, 0));
	memset(label, 'l', 64);
	strcpy(label + 64, ".example.net");
	PARSE("deploy_challenge", label, "t", V1);
	UNIT_CHECK(usage() && req.n == 0);

	/*
	 * Whole names: a record name given by lego may fill 255 octets; a
	 * domain leaves 16 for "_acme-challenge" (15 and its length).
	 */
	long_name(name, sizeof(name), 255 - 16);
	snprintf(rec, sizeof(rec), "_acme-challenge.%s", name);
	PARSE("present", rec, V1);
	UNIT_CHECK(taken(CHALLENGE_PRESENT, 1, 0));
	UNIT_CHECK(req.n == 1 && req.list[0].name.len == 255);
	long_name(name, sizeof(name), 256 - 16);
	snprintf(rec, sizeof(rec), "_acme-challenge.%s", name);
	PARSE("present", rec, V1);
	UNIT_CHECK(usage() && req.n == 0);

	long_name(name, sizeof(name), 239);
	snprintf(rec, sizeof(rec), "_acme-challenge.%s", name);
	PARSE("begin", "dns-01", name, "token", V1);
	UNIT_CHECK(one(CHALLENGE_PRESENT, rec, V1));
	UNIT_CHECK(req.list[0].name.len == 255);
	long_name(name, sizeof(name), 240);
	PARSE("begin", "dns-01", name, "token", V1);
	UNIT_CHECK(usage() && req.n == 0);
	UNIT_CHECK(strstr(logbuf, "255") != NULL);
	UNIT_CHECK(certbot_refused(name, V1, NULL));
	clear_env();
}

int
main(void)
{
	log_init("test_client", LOG_NORMAL);
	test_certbot();
	test_lego();
	test_dehydrated();
	test_uacme();
	test_check();
	test_bad_input();
	return unit_done("client");
}
