/* SPDX-License-Identifier: ISC */
#ifndef ACME_ADDRESS_H
#define ACME_ADDRESS_H

/*
 * Server addresses, and the one grammar for lists of them (`resolver =`,
 * `server =`, the primary list of a hint line):
 *
 *   list  = item *( sep item )     sep: a comma and/or blanks
 *   item  = IPv4 [ ":" port ]      192.0.2.1, 192.0.2.1:5353
 *         / IPv6                   2001:db8::1 (bare: never a port, so
 *                                  "::1:53" is the address ::1:53 on
 *                                  port 53; write [::1]:53)
 *         / "[" IPv6 "]" [ ":" port ]
 *         / host [ ":" port ]      ns1.example.net, ns1.example.net.:53
 *   host  = LDH labels (letters, digits, '-' not first or last in a
 *           label, 1-63 each, 253 in all) separated by dots, with an
 *           optional final dot; the last label is not all digits
 *   port  = decimal 1-65535, no sign; without one, the default port
 *
 * Blanks and commas around items are separators; two commas with nothing
 * between them, or a comma at either end, make an empty item, which is an
 * error.  Nothing here echoes the text it refuses: the reasons are fixed
 * strings that callers prefix with "FILE:LINE: OPTION: ".
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "dns/dns.h"	/* DNS_PORT */

#define ADDRESS_HOST_MAX	256	/* a host name, its final dot, NUL */

/* One address to talk to. */
struct dns_server {
	struct sockaddr_storage addr;
	socklen_t	 addrlen;
	char		 text[64];	/* "192.0.2.1", "[2001:db8::1]:5353" */
};

/* One parsed list item. */
struct host_port {
	char		 host[ADDRESS_HOST_MAX]; /* without [ ] or port */
	uint16_t	 port;		/* the item's, or the default */
	int		 is_literal;	/* an IP address: `addr` is set */
	struct dns_server addr;		/* address and port, when literal */
};

/* Flags of address_parse_list(). */
#define ADDRESS_LITERAL_ONLY	0x1	/* refuse host names */

/*
 * Parse one item (no separators) with `default_port`.  Returns 0, or -1
 * with *why set to a fixed reason.
 */
int	 address_parse(const char *text, uint16_t default_port,
	    struct host_port *out, const char **why);

/*
 * Parse a whole list into a new array *out of *n (>= 1) items, which the
 * caller frees with free().  Returns 0, or -1 with *out NULL and *why set
 * to a fixed reason ("out of memory" too); *item is then the 1-based
 * number of the item refused (0 when the list as a whole is wrong).
 */
int	 address_parse_list(const char *text, uint16_t default_port,
	    int flags, struct host_port **out, size_t *n, const char **why,
	    size_t *item);

/* Fill `out` from a raw IPv4 (4 bytes) or IPv6 (16 bytes) address. */
void	 address_from_raw(const uint8_t *addr, size_t addrlen,
	    uint16_t port, struct dns_server *out);
/* 1 when both are the same address and port. */
int	 address_equal(const struct dns_server *a,
	    const struct dns_server *b);

#endif
