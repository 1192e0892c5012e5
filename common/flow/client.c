/* SPDX-License-Identifier: ISC */
#include "flow/client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dns01.h"
#include "sys/log.h"

/* A shown word: 300 bytes at most, each as up to 4 characters. */
#define SHOWN_MAX	(300 * 4 + 1)

/*
 * Up to `max` bytes of `s` (a word from the command line or the
 * environment) in `buf` for a log line: a newline or other control in bad
 * input must not split the one line that says what is wrong.
 */
static const char *
shown(const char *s, size_t max, char *buf, size_t size)
{
	size_t	 n;

	if (s == NULL)
		s = "";
	n = strlen(s);
	dname_escape_text((const uint8_t *)s, n < max ? n : max, buf, size);
	return buf;
}

/* Bad input: logged already; the run ends with the usage status. */
static void
stop_usage(struct client_request *req)
{
	req->stop = 1;
	req->outcome = OUTCOME_USAGE;
}

/* 1 for a letter, digit or hyphen. */
static int
is_ldh(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-';
}

/*
 * Why `name` is not what an ACME client sends, or NULL: LDH labels (an
 * IDN as its A-label, xn--...) of 1 to 63 octets, not starting or ending
 * with a hyphen, an optional final dot, and no escapes, blanks or quotes.
 * `first` is the label the name must start with ("_acme-challenge" for a
 * record name), or NULL.
 */
static const char *
name_problem(const char *name, const char *first)
{
	size_t	 i = 0, start, len, total = 0;

	if (first != NULL) {
		len = strlen(first);
		if (strncmp(name, first, len) != 0 || name[len] != '.')
			return "does not start with _acme-challenge.";
		i = len + 1;
		total = len + 1;
	}
	if (name[i] == '\0' || strcmp(name + i, ".") == 0)
		return "has no labels";
	while (name[i] != '\0') {
		for (start = i; is_ldh(name[i]); i++)
			;
		len = i - start;
		if (name[i] != '.' && name[i] != '\0')
			return "holds a character other than letters, digits, "
			    "hyphens and dots";
		if (len == 0)
			return "has an empty label";
		if (len > DLABEL_MAX)
			return "has a label over 63 octets";
		if (name[start] == '-' || name[i - 1] == '-')
			return "has a label that starts or ends with a hyphen";
		total += len + 1;
		if (name[i] == '.')
			i++;
	}
	/* With "_acme-challenge." and the root, within 255 octets. */
	if (total + (first == NULL ? 16 : 0) + 1 > DNAME_MAX)
		return "is too long for _acme-challenge. in front of it "
		    "(255 octets in all)";
	return NULL;
}

int
client_challenge(const char *domain, int is_record_name, const char *value,
    struct challenge *out)
{
	char		 esc[SHOWN_MAX];
	const char	*why;

	memset(out, 0, sizeof(*out));
	if (!dns_txt_value_ok(value)) {
		log_err("validation value '%s' is not 43 base64url "
		    "characters as ACME's dns-01 gives; refusing to publish "
		    "it", shown(value, 60, esc, sizeof(esc)));
		return -1;
	}
	if (!is_record_name && strncmp(domain, "*.", 2) == 0)
		domain += 2;
	if ((why = name_problem(domain, is_record_name ? "_acme-challenge" :
	    NULL)) != NULL || dname_from_text(&out->name, domain) == -1 ||
	    (!is_record_name && dname_prepend(&out->name,
	    "_acme-challenge") == -1)) {
		log_err("'%s' %s: ACME clients send host names of letters, "
		    "digits and hyphens (A-labels for IDNs), with at most a "
		    "leading *.; refusing it", shown(domain, 300, esc,
		    sizeof(esc)), why != NULL ? why :
		    "is not a valid domain name");
		return -1;
	}
	snprintf(out->value, sizeof(out->value), "%s", value);
	return 0;
}

static int
add_challenge(struct client_request *req, const char *domain, int is_record_name,
    const char *value)
{
	if (req->n == CHALLENGES_MAX) {
		log_err("more than %d challenges in one call", CHALLENGES_MAX);
		return -1;
	}
	if (client_challenge(domain, is_record_name, value,
	    &req->list[req->n]) == -1)
		return -1;
	req->n++;
	return 0;
}

/* A whole number of seconds from the environment, or 0. */
static unsigned
env_seconds(const char *name)
{
	const char	*v = getenv(name);
	char		*end, esc[SHOWN_MAX];
	unsigned long	 n;

	if (v == NULL || *v == '\0')
		return 0;
	n = strtoul(v, &end, 10);
	if (*end != '\0' || n > 86400) {
		log_warn("ignoring %s=%s: not a number of seconds", name,
		    shown(v, 20, esc, sizeof(esc)));
		return 0;
	}
	return (unsigned)n;
}

/* lego's exec provider, default and RAW mode. */
static int
parse_lego(struct client_request *req, int argc, char **argv)
{
	char	 value[64];

	req->action = strcmp(argv[0], "present") == 0 ? CHALLENGE_PRESENT :
	    CHALLENGE_CLEANUP;
	req->opts.max_wait_s = env_seconds("EXEC_PROPAGATION_TIMEOUT");
	if (argc == 5 && strcmp(argv[1], "--") == 0) {
		/* RAW: present -- DOMAIN TOKEN KEYAUTH */
		if (dns01_value(argv[4], value, sizeof(value)) == -1) {
			log_err("cannot hash the key authorization");
			return -1;
		}
		return add_challenge(req, argv[2], 0, value);
	}
	if (argc != 3) {
		log_err("'%s' takes FQDN VALUE (lego) or -- DOMAIN TOKEN "
		    "KEYAUTH (lego with EXEC_MODE=RAW)", argv[0]);
		return -1;
	}
	return add_challenge(req, argv[1], 1, argv[2]);
}

/* dehydrated: EVENT DOMAIN TOKENFILE VALUE [DOMAIN TOKENFILE VALUE...]. */
static int
parse_dehydrated(struct client_request *req, int argc, char **argv)
{
	int	 i;

	req->action = strcmp(argv[0], "deploy_challenge") == 0 ?
	    CHALLENGE_PRESENT : CHALLENGE_CLEANUP;
	if (argc < 4 || (argc - 1) % 3 != 0) {
		log_err("'%s' takes DOMAIN TOKENFILE VALUE, repeated with "
		    "HOOK_CHAIN=yes", argv[0]);
		return -1;
	}
	for (i = 1; i + 2 < argc; i += 3)
		if (add_challenge(req, argv[i], 0, argv[i + 2]) == -1)
			return -1;
	return 0;
}

/* uacme: begin|done|failed TYPE IDENT TOKEN AUTH. */
static int
parse_uacme(struct client_request *req, int argc, char **argv)
{
	if (argc != 5) {
		log_err("'%s' takes TYPE IDENT TOKEN AUTH (uacme)", argv[0]);
		return -1;
	}
	req->action = strcmp(argv[0], "begin") == 0 ? CHALLENGE_PRESENT :
	    CHALLENGE_CLEANUP;
	return add_challenge(req, argv[2], 0, argv[4]);
}

/* dehydrated's events that are not ours: nothing to do, success. */
static int
is_other_dehydrated_event(const char *event)
{
	static const char *const events[] = {
		"deploy_cert", "deploy_ocsp", "unchanged_cert",
		"invalid_challenge", "request_failure", "generate_csr",
		"startup_hook", "exit_hook", "sync_cert", NULL
	};
	size_t	 i;

	for (i = 0; events[i] != NULL; i++)
		if (strcmp(event, events[i]) == 0)
			return 1;
	/*
	 * dehydrated adds events over time and probes hooks with a made-up
	 * one, expecting success: any lowercase_word with an underscore is
	 * taken as an event we have nothing to do for.
	 */
	if (strchr(event, '_') == NULL)
		return 0;
	for (i = 0; event[i] != '\0'; i++)
		if ((event[i] < 'a' || event[i] > 'z') && event[i] != '_')
			return 0;
	return 1;
}

/* Names to check (--check): only the name matters. */
static void
parse_check(struct client_request *req, int argc, char **argv)
{
	int	 i;

	for (i = 0; i < argc; i++)
		if (add_challenge(req, argv[i], 0,
		    "0000000000000000000000000000000000000000000") == -1) {
			stop_usage(req);
			return;
		}
}

/*
 * CERTBOT_REMAINING_CHALLENGES: a decimal count, or -1 when certbot did
 * not set it (older certbot: every call waits).  -2 for anything else.
 */
static long
certbot_remaining(void)
{
	const char	*v = getenv("CERTBOT_REMAINING_CHALLENGES");
	char		*end;
	long		 n;

	if (v == NULL || *v == '\0')
		return -1;
	if (*v < '0' || *v > '9')
		return -2;
	n = strtol(v, &end, 10);
	if (*end != '\0' || n > 100000)
		return -2;
	return n;
}

/* certbot: no operands, everything in CERTBOT_* variables. */
static void
parse_certbot(struct client_request *req)
{
	const char	*domain = getenv("CERTBOT_DOMAIN");
	const char	*value = getenv("CERTBOT_VALIDATION");
	char		 esc[SHOWN_MAX];

	if (domain == NULL || value == NULL) {
		log_err("no challenge given: run from certbot "
		    "(CERTBOT_DOMAIN and CERTBOT_VALIDATION set), lego, "
		    "dehydrated or uacme; see -h");
		stop_usage(req);
		return;
	}
	req->opts.certbot = 1;
	req->opts.hint = getenv("CERTBOT_AUTH_OUTPUT");
	if ((req->opts.remaining = certbot_remaining()) == -2) {
		log_err("CERTBOT_REMAINING_CHALLENGES='%s' is not a "
		    "decimal count; certbot sets it to the number of "
		    "challenges left",
		    shown(getenv("CERTBOT_REMAINING_CHALLENGES"), 20, esc,
		    sizeof(esc)));
		stop_usage(req);
		return;
	}
	if (add_challenge(req, domain, 0, value) == -1)
		stop_usage(req);
}

void
client_parse(struct client_request *req, int argc, char **argv)
{
	char	 esc[SHOWN_MAX];

	req->stop = 0;
	req->outcome = OUTCOME_OK;
	req->opts.remaining = -1;
	if (req->check) {
		parse_check(req, argc, argv);
		return;
	}
	if (argc == 0) {
		parse_certbot(req);
		return;
	}
	if (strcmp(argv[0], "present") == 0 ||
	    strcmp(argv[0], "cleanup") == 0) {
		if (parse_lego(req, argc, argv) == -1)
			stop_usage(req);
	} else if (strcmp(argv[0], "deploy_challenge") == 0 ||
	    strcmp(argv[0], "clean_challenge") == 0) {
		if (parse_dehydrated(req, argc, argv) == -1)
			stop_usage(req);
	} else if (strcmp(argv[0], "begin") == 0 ||
	    strcmp(argv[0], "done") == 0 || strcmp(argv[0], "failed") == 0) {
		/* uacme tries the next challenge type on the usage
		 * status (1), which says nothing here. */
		if (argc >= 2 && strcmp(argv[1], "dns-01") != 0) {
			req->stop = 1;
			req->outcome = OUTCOME_USAGE;
		} else if (parse_uacme(req, argc, argv) == -1)
			stop_usage(req);
	} else if (is_other_dehydrated_event(argv[0]))
		req->stop = 1;
	else {
		log_err("unknown command '%s': expected no operands "
		    "(certbot), present|cleanup (lego), deploy_challenge|"
		    "clean_challenge (dehydrated) or begin|done|failed "
		    "(uacme); see -h", shown(argv[0], 40, esc, sizeof(esc)));
		stop_usage(req);
	}
}
