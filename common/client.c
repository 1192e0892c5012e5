#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "state.h"
#include "dns01.h"

#ifndef ACME_HOOKS_VERSION
#define ACME_HOOKS_VERSION "0.1.0"
#endif

/* What the command line and the environment asked for. */
struct request {
	enum challenge_action action;
	struct challenge list[CHALLENGES_MAX];
	size_t		 n;
	struct run_options opts;
	int		 check;
	const char	*config;
	enum log_level	 level;
	char		 state_path[1024];
};

static void
usage(FILE *out, const char *prog)
{
	fprintf(out,
"usage: %s [-c FILE] [-n] [-q|-v]                  certbot (CERTBOT_* vars)\n"
"       %s [options] present|cleanup FQDN VALUE              lego exec\n"
"       %s [options] present|cleanup -- DOMAIN TOKEN KEYAUTH lego RAW\n"
"       %s [options] deploy_challenge|clean_challenge DOMAIN TOKENFILE VALUE...\n"
"                                                        dehydrated\n"
"       %s [options] begin|done|failed TYPE IDENT TOKEN AUTH  uacme\n"
"       %s [-c FILE] --check [DOMAIN...]\n"
"\n"
"Adds (acme-auth) or removes (acme-clean) a dns-01 TXT record with a\n"
"TSIG-signed RFC 2136 update, following the _acme-challenge CNAME chain,\n"
"and waits until every authoritative server serves it.\n"
"\n"
"  -c, --config FILE  configuration (default: $ACME_HOOKS_CONFIG, else\n"
"                     %s)\n"
"  -n, --dry-run      resolve everything, print the update, send nothing\n"
"                     (also ACME_HOOKS_DRY_RUN=1)\n"
"      --check        check the configuration, the zones and the key\n"
"  -v, --verbose      more detail (twice: every packet)\n"
"  -q, --quiet        errors only\n"
"  -h, --help         this help\n"
"  -V, --version      version\n"
"\n"
"exit status: 0 done; 1 usage; 2 configuration; 3 DNS lookup (CNAME,\n"
"zone, servers); 4 update refused or failed by the server; 5 primary\n"
"unreachable; 6 TSIG authentication (signature, key, clock); 7 timeout\n"
"waiting for the authoritative servers.\n",
	    prog, prog, prog, prog, prog, prog, CONFIG_DEFAULT_PATH);
}

/* No core file may hold a TSIG secret. */
static void
no_core_dumps(void)
{
	struct rlimit rl = { 0, 0 };

	(void)setrlimit(RLIMIT_CORE, &rl);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
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
add_challenge(struct request *req, const char *domain, int is_record_name,
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
parse_lego(struct request *req, int argc, char **argv)
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
parse_dehydrated(struct request *req, int argc, char **argv)
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
parse_uacme(struct request *req, int argc, char **argv)
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

/*
 * Long options become short ones, so that POSIX getopt() does the rest.
 * Only the options before the first operand are looked at.
 */
static void
map_long_options(int argc, char **argv)
{
	static const struct {
		const char	*name;
		const char	*flag;
	} map[] = {
		{ "--dry-run", "-n" }, { "--check", "-C" }, { "--help", "-h" },
		{ "--version", "-V" }, { "--quiet", "-q" },
		{ "--verbose", "-v" }, { "--config", "-c" }, { NULL, NULL }
	};
	static char	 flags[8][3];
	int		 i;
	size_t		 k;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		for (k = 0; map[k].name != NULL; k++)
			if (strcmp(argv[i], map[k].name) == 0) {
				memcpy(flags[k], map[k].flag, 3);
				argv[i] = flags[k];
				break;
			}
		if (strcmp(argv[i], "-c") == 0)
			i++;	/* its argument may start with '-' */
	}
}

/*
 * Fill `req` from argv and the environment.  Returns 0 to go on, or an
 * exit status + 1000 to stop at once (help, version, events not ours).
 */
static int
parse(struct request *req, int argc, char **argv)
{
	const char	*prog = argv[0], *domain, *value, *dry, *remaining;
	int		 c, i;

	map_long_options(argc, argv);
	/* '+': stop at the first operand; values may start with '-'. */
	while ((c = getopt(argc, argv, "+c:nChqvV")) != -1) {
		switch (c) {
		case 'c':
			req->config = optarg;
			break;
		case 'n':
			req->opts.dry_run = 1;
			break;
		case 'C':
			req->check = 1;
			break;
		case 'h':
			usage(stdout, prog);
			return 1000 + ACME_OK;
		case 'q':
			req->level = LOG_QUIET;
			break;
		case 'v':
			if (req->level < LOG_DEBUG)
				req->level = req->level == LOG_QUIET ?
				    LOG_VERBOSE : (enum log_level)(req->level + 1);
			break;
		case 'V':
			printf("acme-hooks %s\n", ACME_HOOKS_VERSION);
			return 1000 + ACME_OK;
		default:
			usage(stderr, prog);
			return 1000 + ACME_EUSAGE;
		}
	}
	log_set_level(req->level);
	dry = getenv("ACME_HOOKS_DRY_RUN");
	if (dry != NULL && strcmp(dry, "1") == 0)
		req->opts.dry_run = 1;
	argc -= optind;
	argv += optind;
	if (req->check) {
		for (i = 0; i < argc; i++)
			/* Only the name matters; the value is a stand-in. */
			if (add_challenge(req, argv[i], 0,
			    "0000000000000000000000000000000000000000000") == -1)
				return 1000 + ACME_EUSAGE;
		return 0;
	}
	if (argc > 0) {
		if (strcmp(argv[0], "present") == 0 ||
		    strcmp(argv[0], "cleanup") == 0)
			return parse_lego(req, argc, argv) == -1 ?
			    1000 + ACME_EUSAGE : 0;
		if (strcmp(argv[0], "deploy_challenge") == 0 ||
		    strcmp(argv[0], "clean_challenge") == 0)
			return parse_dehydrated(req, argc, argv) == -1 ?
			    1000 + ACME_EUSAGE : 0;
		if (strcmp(argv[0], "begin") == 0 ||
		    strcmp(argv[0], "done") == 0 ||
		    strcmp(argv[0], "failed") == 0) {
			/* uacme tries the next challenge type on 1. */
			if (argc >= 2 && strcmp(argv[1], "dns-01") != 0)
				return 1000 + 1;
			return parse_uacme(req, argc, argv) == -1 ?
			    1000 + ACME_EUSAGE : 0;
		}
		if (is_other_dehydrated_event(argv[0]))
			return 1000 + ACME_OK;
		log_err("unknown command '%.40s': expected no operands "
		    "(certbot), present|cleanup (lego), deploy_challenge|"
		    "clean_challenge (dehydrated) or begin|done|failed "
		    "(uacme); see -h", argv[0]);
		return 1000 + ACME_EUSAGE;
	}
	domain = getenv("CERTBOT_DOMAIN");
	value = getenv("CERTBOT_VALIDATION");
	if (domain == NULL || value == NULL) {
		log_err("no challenge given: run from certbot "
		    "(CERTBOT_DOMAIN and CERTBOT_VALIDATION set), lego, "
		    "dehydrated or uacme; see -h");
		return 1000 + ACME_EUSAGE;
	}
	req->opts.print_hint = req->action == CHALLENGE_PRESENT;
	req->opts.hint = getenv("CERTBOT_AUTH_OUTPUT");
	remaining = getenv("CERTBOT_REMAINING_CHALLENGES");
	if (req->action == CHALLENGE_PRESENT && !req->opts.dry_run &&
	    remaining != NULL && *remaining != '\0') {
		/* One wait per certbot run: see state.h. */
		if (state_run_path(req->state_path,
		    sizeof(req->state_path)) == -1)
			return 1000 + ACME_ECONFIG;
		req->opts.state_path = req->state_path;
		req->opts.defer = strcmp(remaining, "0") != 0;
	}
	return add_challenge(req, domain, 0, value) == -1 ?
	    1000 + ACME_EUSAGE : 0;
}

int
client_main(int argc, char **argv, enum challenge_action action)
{
	struct request	*req;
	struct config	*cfg = NULL;
	int		 st;

	log_init(argv[0], LOG_NORMAL);
	no_core_dumps();
	if ((req = calloc(1, sizeof(*req))) == NULL) {
		log_err("out of memory");
		return ACME_EUSAGE;
	}
	req->action = action;
	req->level = LOG_NORMAL;
	if ((st = parse(req, argc, argv)) >= 1000) {
		st -= 1000;
		goto out;
	}
	if ((cfg = config_load(config_path(req->config))) == NULL) {
		st = ACME_ECONFIG;
		goto out;
	}
	if (req->check)
		st = (int)challenge_check(cfg, req->list, req->n);
	else
		st = (int)challenge_run(cfg, req->action, req->list, req->n,
		    &req->opts);
out:
	config_free(cfg);
	free(req);
	return st;
}
