/* SPDX-License-Identifier: ISC */
#include "net/testing.h"

#include "dns/dns.h"

static uint16_t dns_port = DNS_PORT;

void
testing_set_dns_port(uint16_t port)
{
	dns_port = port;
}

uint16_t
testing_dns_port(void)
{
	return dns_port;
}
