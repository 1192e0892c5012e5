/* SPDX-License-Identifier: ISC */
/*
 * acme-clean: remove exactly the dns-01 TXT value the matching acme-auth
 * call published; other values at the same name stay.
 */
#include "flow/cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv, CHALLENGE_CLEANUP);
}
