/* SPDX-License-Identifier: ISC */
#ifndef ACME_CLI_H
#define ACME_CLI_H

/*
 * The whole of a hook's main(): the hook's own options, usage and
 * version, the client's input (client.h), the configuration, the run, and
 * the exit status, which is decided here and nowhere else: every module
 * returns what happened (outcome.h), and cli_main() hands the run's
 * outcome to status_of() (status.h; acme-auth(1) lists the statuses) as
 * it returns.
 */

#include "flow/challenge.h"

/*
 * Run a hook whose default action (for certbot, which says nothing of it)
 * is `action`.  Returns the exit status.
 */
int	 cli_main(int argc, char **argv, enum challenge_action action);

#endif
