#ifndef ACME_CLIENT_H
#define ACME_CLIENT_H

/*
 * What the ACME clients hand a hook, turned into challenges: certbot's
 * environment (CERTBOT_DOMAIN, CERTBOT_VALIDATION) and lego's exec
 * arguments (present|cleanup FQDN VALUE).  client_main() is the whole of
 * a hook's main(): options, config, run, exit status.
 */

#include "challenge.h"

/*
 * Run a hook whose default action (for certbot, which says nothing of it)
 * is `action`.  Returns the exit status (enum acme_status).
 */
int	 client_main(int argc, char **argv, enum challenge_action action);

/*
 * The challenge for a client's domain ("example.net", "*.example.net" or
 * a full "_acme-challenge.example.net." name when `is_record_name`) and
 * value.  Logs and returns -1 for input no ACME client would send.
 */
int	 client_challenge(const char *domain, int is_record_name,
	    const char *value, struct challenge *out);

#endif
