/* SPDX-License-Identifier: ISC */
/*
 * acme-auth: publish a dns-01 TXT value and return once every
 * authoritative server serves it.  See client.h for the calling
 * conventions and status.h for the exit codes.
 */
#include "flow/cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv, CHALLENGE_PRESENT);
}
