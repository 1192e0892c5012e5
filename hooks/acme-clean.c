/*
 * acme-clean: remove exactly the dns-01 TXT value the matching acme-auth
 * call published; other values at the same name stay.
 */
#include "client.h"

int
main(int argc, char **argv)
{
	return client_main(argc, argv, CHALLENGE_CLEANUP);
}
