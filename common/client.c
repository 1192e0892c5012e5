#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns01.h"
#include "log.h"

/* Bad input: logged already; the run ends with the usage status. */
static void
stop_usage(struct client_request *req)
{
	req->stop = 1;
	req->status = ACME_EUSAGE;
}

int
client_challenge(const char *domain, int is_record_name, const char *value,
    struct challenge *out)
{
	memset(out, 0, sizeof(*out));
	if (!dns_txt_value_ok(value)) {
		log_err("validation value '%.60s' is not 43 base64url "
		    "characters as ACME's dns-01 gives; refusing to publish "
		    "it", value);
		return -1;
	}
	if (!is_record_name && strncmp(domain, "*.", 2) == 0)
		domain += 2;
	if (dname_from_text(&out->name, domain) == -1 ||
	    dname_labels(&out->name) == 0) {
		log_err("'%.300s' is not a valid domain name (labels of 1 to "
		    "63 octets, 255 in all)", domain);
		return -1;
	}
	if (!is_record_name && dname_prepend(&out->name,
	    "_acme-challenge") == -1) {
		log_err("_acme-challenge.%.300s would be longer than 255 "
		    "octets", domain);
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
	char		*end;
	unsigned long	 n;

	if (v == NULL || *v == '\0')
		return 0;
	n = strtoul(v, &end, 10);
	if (*end != '\0' || n > 86400) {
		log_warn("ignoring %s=%.20s: not a number of seconds", name, v);
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
		log_err("CERTBOT_REMAINING_CHALLENGES='%.20s' is not a "
		    "decimal count; certbot sets it to the number of "
		    "challenges left", getenv("CERTBOT_REMAINING_CHALLENGES"));
		stop_usage(req);
		return;
	}
	if (add_challenge(req, domain, 0, value) == -1)
		stop_usage(req);
}

void
client_parse(struct client_request *req, int argc, char **argv)
{
	req->stop = 0;
	req->status = ACME_OK;
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
		/* uacme tries the next challenge type on 1. */
		if (argc >= 2 && strcmp(argv[1], "dns-01") != 0) {
			req->stop = 1;
			req->status = 1;
		} else if (parse_uacme(req, argc, argv) == -1)
			stop_usage(req);
	} else if (is_other_dehydrated_event(argv[0]))
		req->stop = 1;
	else {
		log_err("unknown command '%.40s': expected no operands "
		    "(certbot), present|cleanup (lego), deploy_challenge|"
		    "clean_challenge (dehydrated) or begin|done|failed "
		    "(uacme); see -h", argv[0]);
		stop_usage(req);
	}
}
