#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "config.h"
#include "log.h"

#ifndef ACME_HOOKS_VERSION
#define ACME_HOOKS_VERSION "0.1.0"
#endif

static void
usage(FILE *out, const char *prog)
{
	fprintf(out,
"usage: %s [-c FILE] [-v|-q]                   (certbot: CERTBOT_DOMAIN,\n"
"                                                CERTBOT_VALIDATION)\n"
"       %s [-c FILE] [-v|-q] present|cleanup FQDN VALUE      (lego exec)\n"
"\n"
"Adds (acme-auth) or removes (acme-clean) a dns-01 TXT record with a\n"
"TSIG-signed RFC 2136 update, following the _acme-challenge CNAME chain,\n"
"and waits until every authoritative server serves it.\n"
"\n"
"  -c FILE   configuration (default: $ACME_HOOKS_CONFIG, else %s)\n"
"  -v        more detail (twice: every packet)\n"
"  -q        errors only\n"
"  -h        this help\n"
"  -V        version\n"
"\n"
"exit status: 0 done; 1 usage; 2 configuration; 3 DNS lookup (CNAME,\n"
"zone, servers); 4 update refused or failed by the server; 5 primary\n"
"unreachable; 6 TSIG authentication (signature, key, clock); 7 timeout\n"
"waiting for the authoritative servers.\n",
	    prog, prog, CONFIG_DEFAULT_PATH);
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
	if (!txt_value_ok(value)) {
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

int
client_main(int argc, char **argv, enum challenge_action action)
{
	struct challenge ch;
	struct config	*cfg = NULL;
	const char	*path = NULL, *domain, *value, *prog = argv[0];
	enum log_level	 level = LOG_NORMAL;
	int		 c, st = ACME_EUSAGE, record_name = 0;

	log_init(prog, LOG_NORMAL);
	no_core_dumps();
	/* '+': stop at the first operand; values may start with '-'. */
	while ((c = getopt(argc, argv, "+c:hqvV")) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'h':
			usage(stdout, prog);
			return ACME_OK;
		case 'q':
			level = LOG_QUIET;
			break;
		case 'v':
			if (level < LOG_DEBUG)
				level = level == LOG_QUIET ? LOG_VERBOSE :
				    (enum log_level)(level + 1);
			break;
		case 'V':
			printf("acme-hooks %s\n", ACME_HOOKS_VERSION);
			return ACME_OK;
		default:
			usage(stderr, prog);
			return ACME_EUSAGE;
		}
	}
	log_set_level(level);
	argc -= optind;
	argv += optind;
	if (argc > 0) {
		/* lego's exec provider: present|cleanup FQDN VALUE. */
		if (strcmp(argv[0], "present") == 0)
			action = CHALLENGE_PRESENT;
		else if (strcmp(argv[0], "cleanup") == 0)
			action = CHALLENGE_CLEANUP;
		else {
			log_err("unknown command '%.40s'; expected present or "
			    "cleanup (lego), or no arguments (certbot)",
			    argv[0]);
			return ACME_EUSAGE;
		}
		if (argc != 3) {
			log_err("'%s' takes FQDN and VALUE", argv[0]);
			return ACME_EUSAGE;
		}
		domain = argv[1];
		value = argv[2];
		record_name = 1;
	} else {
		domain = getenv("CERTBOT_DOMAIN");
		value = getenv("CERTBOT_VALIDATION");
		if (domain == NULL || value == NULL) {
			log_err("no challenge given: run from certbot "
			    "(CERTBOT_DOMAIN and CERTBOT_VALIDATION set) or as "
			    "'present|cleanup FQDN VALUE' (lego); see -h");
			return ACME_EUSAGE;
		}
	}
	if (client_challenge(domain, record_name, value, &ch) == -1)
		return ACME_EUSAGE;
	if ((cfg = config_load(config_path(path))) == NULL)
		return ACME_ECONFIG;
	st = (int)challenge_run(cfg, action, &ch, 1);
	config_free(cfg);
	return st;
}
