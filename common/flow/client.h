/* SPDX-License-Identifier: ISC */
#ifndef ACME_CLIENT_H
#define ACME_CLIENT_H

/*
 * What the ACME clients hand a hook, turned into challenges:
 *   certbot     no operands; CERTBOT_DOMAIN, CERTBOT_VALIDATION,
 *               CERTBOT_REMAINING_CHALLENGES, CERTBOT_AUTH_OUTPUT
 *   lego        present|cleanup FQDN VALUE (exec provider), or
 *               present|cleanup -- DOMAIN TOKEN KEYAUTH (EXEC_MODE=RAW);
 *               EXEC_PROPAGATION_TIMEOUT
 *   dehydrated  deploy_challenge|clean_challenge DOMAIN TOKENFILE VALUE,
 *               repeated with HOOK_CHAIN=yes; its other events succeed
 *   uacme       begin|done|failed TYPE IDENT TOKEN AUTH (dns-01 only)
 *   --check     DOMAIN... (names to check)
 * Only parsing: no I/O but the environment, no exit.
 */

#include <stddef.h>

#include "flow/challenge.h"
#include "sys/outcome.h"

struct client_request {
	enum challenge_action action;	/* in: the hook's own (certbot says
					 * nothing); out: what was asked */
	int		 check;		/* in: --check: operands are names */
	struct challenge list[CHALLENGES_MAX];
	size_t		 n;
	struct run_options opts;	/* out: max_wait_s and the certbot
					 * fields; dry_run is the caller's */
	int		 stop;		/* out: end now, with `outcome`
					 * (an event not ours, bad input) */
	enum outcome	 outcome;	/* with stop */
};

/*
 * Fill `req` from the operands (`argc` words after the options) and the
 * environment.  Bad input is logged once and sets stop with OUTCOME_USAGE.
 */
void	 client_parse(struct client_request *req, int argc, char **argv);

/*
 * The challenge for a client's domain ("example.net", "*.example.net" or
 * a full "_acme-challenge.example.net." name when `is_record_name`) and
 * value.  Logs and returns -1 for input no ACME client would send.
 */
int	 client_challenge(const char *domain, int is_record_name,
	    const char *value, struct challenge *out);

#endif
