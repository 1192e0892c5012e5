/* SPDX-License-Identifier: ISC */
#include "flow/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "flow/check.h"
#include "flow/cleanup.h"
#include "flow/client.h"
#include "conf/config.h"
#include "sys/log.h"
#include "flow/present.h"
#include "flow/probe.h"
#include "sys/outcome.h"
#include "flow/report.h"
#include "flow/status.h"

#ifndef ACME_HOOKS_VERSION
#error "ACME_HOOKS_VERSION comes from the file VERSION, through the Makefile"
#endif

/* What a call does instead of a client's run, if anything. */
enum cli_mode {
	MODE_RUN,		/* a client's call */
	MODE_CHECK,		/* --check [DOMAIN...] */
	MODE_PROBE,		/* --probe DOMAIN... */
	MODE_CHECK_CONFIG	/* --check-config */
};

/* What the hook's own options asked for. */
struct cli_options {
	const char	*config;	/* -c FILE, or NULL */
	int		 dry_run;
	enum cli_mode	 mode;
	int		 verbosity;	/* -1 quiet, 0 normal, 1 -v, 2 -vv */
	int		 stop;		/* help, version or a bad option */
	enum outcome	 outcome;	/* with stop */
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
"       %s [-c FILE] --probe DOMAIN...\n"
"       %s [-c FILE] --check-config\n"
"\n"
"Adds (acme-auth) or removes (acme-clean) a dns-01 TXT record with a\n"
"TSIG-signed RFC 2136 update, following the _acme-challenge CNAME chain,\n"
"and waits until every authoritative server serves it.\n"
"\n"
"  -c, --config FILE  configuration (default: $ACME_HOOKS_CONFIG, else\n"
"                     %s)\n"
"  -n, --dry-run      resolve everything, print the update, send nothing\n"
"                     (also ACME_HOOKS_DRY_RUN=1)\n"
"      --check        check what a run needs: every zone's servers (SOA),\n"
"                     the key, the policy and the journal (adds a value\n"
"                     at the challenge name and removes it at once)\n"
"      --probe        publish a random value at each DOMAIN's challenge\n"
"                     record, wait for every server, remove it, and show\n"
"                     when each server served it\n"
"      --check-config read the configuration and key files only: no\n"
"                     lookups, no network\n"
"  -v, --verbose      more detail (twice: every packet)\n"
"  -q, --quiet        errors only\n"
"  -h, --help         this help\n"
"  -V, --version      version\n"
"\n"
"exit status: 0 done; 1 usage; 2 configuration; 3 DNS lookup (CNAME,\n"
"zone, servers); 4 update refused or failed by the server; 5 primary\n"
"unreachable; 6 TSIG authentication (signature, key, clock); 7 timeout\n"
"waiting for the authoritative servers; 8 internal (memory, state);\n"
"9 interrupted by a signal.\n",
	    prog, prog, prog, prog, prog, prog, prog, prog,
	    CONFIG_DEFAULT_PATH);
}

/* No core file may hold a TSIG secret. */
static void
no_core_dumps(void)
{
	struct rlimit rl = { 0, 0 };

	(void)setrlimit(RLIMIT_CORE, &rl);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
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
		{ "--probe", "-P" }, { "--check-config", "-k" },
		{ "--version", "-V" }, { "--quiet", "-q" },
		{ "--verbose", "-v" }, { "--config", "-c" }, { NULL, NULL }
	};
	static char	 flags[16][3];
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
 * The hook's own options, before the first operand.  Help and version are
 * printed here; `o->stop` ends the run with `o->outcome`.  Returns the
 * index of the first operand.
 */
static int
parse_options(struct cli_options *o, int argc, char **argv)
{
	const char	*dry;
	int		 c;

	map_long_options(argc, argv);
	/* '+': stop at the first operand; values may start with '-'. */
	while (!o->stop && (c = getopt(argc, argv, "+c:nCPkhqvV")) != -1) {
		switch (c) {
		case 'c':
			o->config = optarg;
			break;
		case 'n':
			o->dry_run = 1;
			break;
		case 'C':
			o->mode = MODE_CHECK;
			break;
		case 'P':
			o->mode = MODE_PROBE;
			break;
		case 'k':
			o->mode = MODE_CHECK_CONFIG;
			break;
		case 'h':
			usage(stdout, argv[0]);
			o->stop = 1;
			break;
		case 'q':
			o->verbosity = -1;
			break;
		case 'v':
			if (o->verbosity < 2)
				o->verbosity = o->verbosity < 0 ? 1 :
				    o->verbosity + 1;
			break;
		case 'V':
			printf("acme-hooks %s\n", ACME_HOOKS_VERSION);
			o->stop = 1;
			break;
		default:
			usage(stderr, argv[0]);
			o->stop = 1;
			o->outcome = OUTCOME_USAGE;
			break;
		}
	}
	/* Clients pass only their own arguments; the environment can add
	 * the dry run. */
	dry = getenv("ACME_HOOKS_DRY_RUN");
	if (dry != NULL && strcmp(dry, "1") == 0)
		o->dry_run = 1;
	return optind;
}

/*
 * The log level: as asked.  --check, --probe and --check-config print
 * their report on stdout, and progress lines would only clutter it, so
 * they are quiet unless -v (errors and warnings still show).
 */
static enum log_level
level_for(const struct cli_options *o)
{
	if (o->verbosity < 0)
		return LOG_QUIET;
	if (o->verbosity == 0)
		return o->mode != MODE_RUN ? LOG_WARNINGS : LOG_NORMAL;
	return o->verbosity == 1 ? LOG_VERBOSE : LOG_DEBUG;
}

int
cli_main(int argc, char **argv, enum challenge_action action)
{
	struct cli_options opts;
	struct client_request *req = NULL;
	struct config	*cfg = NULL;
	enum outcome	 out;
	int		 first;

	log_init(argv[0], LOG_NORMAL);
	no_core_dumps();
	memset(&opts, 0, sizeof(opts));
	first = parse_options(&opts, argc, argv);
	if (opts.stop) {
		out = opts.outcome;
		goto out;
	}
	log_set_level(level_for(&opts));
	if ((req = calloc(1, sizeof(*req))) == NULL) {
		log_err("out of memory");
		out = OUTCOME_NOMEM;
		goto out;
	}
	req->action = action;
	req->check = opts.mode != MODE_RUN;
	client_parse(req, argc - first, argv + first);
	if (!req->stop && opts.mode == MODE_PROBE && req->n == 0) {
		log_err("--probe needs at least one DOMAIN, as a certificate "
		    "would name it (example.net, *.example.net); see -h");
		req->stop = 1;
		req->outcome = OUTCOME_USAGE;
	} else if (!req->stop && opts.mode == MODE_CHECK_CONFIG &&
	    req->n > 0) {
		log_err("--check-config takes no DOMAIN: it only reads the "
		    "configuration (use --check DOMAIN... to look them up)");
		req->stop = 1;
		req->outcome = OUTCOME_USAGE;
	}
	req->opts.dry_run = opts.dry_run;
	if (req->stop) {
		out = req->outcome;
		goto out;
	}
	if ((cfg = config_load(config_path(opts.config))) == NULL) {
		out = OUTCOME_CONFIG;
		goto out;
	}
	if (opts.mode == MODE_CHECK_CONFIG)
		out = check_config(cfg);
	else if (opts.mode == MODE_CHECK)
		out = check_run(cfg, req->list, req->n);
	else if (opts.mode == MODE_PROBE)
		out = probe_run(cfg, req->list, req->n, &req->opts);
	else if (req->action == CHALLENGE_PRESENT)
		out = present_run(cfg, req->list, req->n, &req->opts);
	else
		out = cleanup_run(cfg, req->list, req->n, &req->opts);
out:
	config_free(cfg);
	free(req);
	/* The one place an outcome becomes the exit status. */
	return (int)status_of(out);
}
