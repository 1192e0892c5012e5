/* SPDX-License-Identifier: ISC */
#ifndef ACME_TESTING_H
#define ACME_TESTING_H

/*
 * The one seam the unit tests have into the network code: the port on
 * which name servers found through DNS are asked (NS hosts and their glue
 * in locate.c, a zone's SOA MNAME in plan.c).  DNS gives no port for
 * them, so it is DNS_PORT (53), and the hooks never change it; only
 * tests/unit/test_net.c sets another, so that its scripted servers on
 * 127.0.0.x listen where a user without privilege may bind.
 */

#include <stdint.h>

/* For tests only: nothing outside tests/ calls it. */
void	 testing_set_dns_port(uint16_t port);
/* DNS_PORT unless a test set another. */
uint16_t testing_dns_port(void);

#endif
