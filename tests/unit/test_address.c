/* SPDX-License-Identifier: ISC */
/*
 * address.c: the one host[:port] list grammar, known answers for every
 * form it accepts and every form it refuses.
 */

#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/address.h"
#include "unit.h"

/* `text` parses as one item with this host, port, literal text or not. */
static void
one(const char *text, const char *host, unsigned port, const char *literal)
{
	struct host_port hp;
	const char	*why = NULL;
	int		 rc;

	rc = address_parse(text, DNS_PORT, &hp, &why);
	UNIT_CHECK(rc == 0);
	if (rc != 0) {
		fprintf(stderr, "\"%s\": %s\n", text, why);
		return;
	}
	UNIT_CHECK(strcmp(hp.host, host) == 0);
	UNIT_CHECK(hp.port == port);
	UNIT_CHECK(hp.is_literal == (literal != NULL));
	if (literal != NULL)
		UNIT_CHECK(strcmp(hp.addr.text, literal) == 0);
}

/* `text` is refused as an item, for the reason starting with `why`. */
static void
no(const char *text, const char *want)
{
	struct host_port hp;
	const char	*why = NULL;

	UNIT_CHECK(address_parse(text, DNS_PORT, &hp, &why) == -1);
	UNIT_CHECK(why != NULL && strncmp(why, want, strlen(want)) == 0);
	if (why == NULL || strncmp(why, want, strlen(want)) != 0)
		fprintf(stderr, "\"%s\": got \"%s\", wanted \"%s\"\n", text,
		    why != NULL ? why : "(none)", want);
}

static void
test_items(void)
{
	struct host_port hp;
	const struct sockaddr_in6 *sin6;
	const char	*why;

	one("192.0.2.1", "192.0.2.1", 53, "192.0.2.1");
	one("192.0.2.1:5353", "192.0.2.1", 5353, "192.0.2.1:5353");
	one("127.0.0.1:1", "127.0.0.1", 1, "127.0.0.1:1");
	one("127.0.0.1:65535", "127.0.0.1", 65535, "127.0.0.1:65535");
	one("2001:db8::1", "2001:db8::1", 53, "2001:db8::1");
	one("::1", "::1", 53, "::1");
	one("[::1]", "::1", 53, "::1");
	one("[2001:db8::1]:5353", "2001:db8::1", 5353, "[2001:db8::1]:5353");
	one("ns1.example.net", "ns1.example.net", 53, NULL);
	one("ns1.example.net.", "ns1.example.net.", 53, NULL);
	one("ns1.example.net.:5300", "ns1.example.net.", 5300, NULL);
	one("localhost", "localhost", 53, NULL);
	one("xn--bcher-kva.example:53", "xn--bcher-kva.example", 53, NULL);
	one("1ns.example", "1ns.example", 53, NULL);

	/* A bare IPv6 literal never has a port: "::1:53" is ::1:53. */
	UNIT_CHECK(address_parse("::1:53", DNS_PORT, &hp, &why) == 0);
	sin6 = (const struct sockaddr_in6 *)(const void *)&hp.addr.addr;
	UNIT_CHECK(hp.is_literal && hp.port == 53 &&
	    hp.addr.addr.ss_family == AF_INET6 &&
	    sin6->sin6_addr.s6_addr[13] == 0x01 &&
	    sin6->sin6_addr.s6_addr[15] == 0x53 &&
	    ntohs(sin6->sin6_port) == 53);

	no("", "empty item");
	no(":53", "empty host");
	no("192.0.2.1:", "port must be");
	no("192.0.2.1:0", "port must be");
	no("192.0.2.1:65536", "port must be");
	no("192.0.2.1:-1", "port must be");
	no("192.0.2.1:+53", "port must be");
	no("192.0.2.1:53x", "port must be");
	no("192.0.2.1:0x35", "port must be");
	no("192.0.2.1:000053", "port must be");
	no("ns1:99999999999999999999", "port must be");
	no("[::1", "no closing ]");
	no("[::1]x", "text after ]");
	no("[::1]:", "port must be");
	no("[::1]:0", "port must be");
	no("[]", "not an IPv6 address inside [ ]");
	no("[192.0.2.1]:53", "not an IPv6 address inside [ ]");
	no("[ns1.example]", "not an IPv6 address inside [ ]");
	no("2001:db8::zz", "not an IPv6 address");
	no("2001:db8::1:5353:1:2:3:4", "not an IPv6 address");
	no("192.0.2", "neither an IP address nor a host name");
	no("192.0.2.256", "neither an IP address nor a host name");
	no("ns1..example", "neither an IP address nor a host name");
	no(".example", "neither an IP address nor a host name");
	no("-ns.example", "neither an IP address nor a host name");
	no("ns-.example", "neither an IP address nor a host name");
	no("ns_1.example", "neither an IP address nor a host name");
	no("ns1.example;", "neither an IP address nor a host name");
	no("ns1.example\"", "neither an IP address nor a host name");
	no("a234567890123456789012345678901234567890123456789012345678901234"
	    ".example", "neither an IP address nor a host name");
}

/* `text` parses as a list rendered "a,b:port,..."; NULL want: refused. */
static void
list(const char *text, int flags, const char *want, size_t bad_item)
{
	struct host_port *l = NULL;
	const char	*why = NULL;
	char		 buf[1024];
	size_t		 n = 0, i, used = 0, item = 0;
	int		 rc;

	rc = address_parse_list(text, DNS_PORT, flags, &l, &n, &why, &item);
	if (want == NULL) {
		UNIT_CHECK(rc == -1 && l == NULL && n == 0);
		UNIT_CHECK(item == bad_item);
		if (rc != -1 || item != bad_item)
			fprintf(stderr, "\"%s\": rc %d item %zu\n", text, rc,
			    item);
		free(l);
		return;
	}
	UNIT_CHECK(rc == 0 && n > 0);
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used,
		    "%s%s:%u", i > 0 ? "," : "", l[i].host,
		    (unsigned)l[i].port);
	UNIT_CHECK(strcmp(buf, want) == 0);
	if (strcmp(buf, want) != 0)
		fprintf(stderr, "\"%s\": got \"%s\", wanted \"%s\" (%s)\n",
		    text, buf, want, rc == 0 ? "ok" : why);
	free(l);
}

static void
test_lists(void)
{
	list("192.0.2.1", 0, "192.0.2.1:53", 0);
	list("ns1, 192.0.2.7:5353, [2001:db8::7]", 0,
	    "ns1:53,192.0.2.7:5353,2001:db8::7:53", 0);
	list("127.0.0.10, ::1 [::1]:5353", ADDRESS_LITERAL_ONLY,
	    "127.0.0.10:53,::1:53,::1:5353", 0);
	list("  a.example\tb.example  ", 0, "a.example:53,b.example:53", 0);
	list("a.example ,b.example", 0, "a.example:53,b.example:53", 0);

	list("", 0, NULL, 1);
	list("   ", 0, NULL, 1);
	list(",a.example", 0, NULL, 1);
	list("a.example,", 0, NULL, 2);
	list("a.example, ", 0, NULL, 2);
	list("a.example,,b.example", 0, NULL, 2);
	list("a.example, ,b.example", 0, NULL, 2);
	list("a.example, b.example:0", 0, NULL, 2);
	list("192.0.2.1, ns1.example", ADDRESS_LITERAL_ONLY, NULL, 2);
	list("192.0.2.1 [::1", 0, NULL, 2);
	list("192.0.2.1;192.0.2.2", 0, NULL, 1);
}

static void
test_raw(void)
{
	struct dns_server a, b;
	const uint8_t	 v4[4] = { 192, 0, 2, 1 };
	const uint8_t	 v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
			    0, 0, 0, 0, 0, 0, 0, 1 };

	address_from_raw(v4, 4, 53, &a);
	UNIT_CHECK(strcmp(a.text, "192.0.2.1") == 0);
	address_from_raw(v4, 4, 5353, &b);
	UNIT_CHECK(strcmp(b.text, "192.0.2.1:5353") == 0);
	UNIT_CHECK(!address_equal(&a, &b));
	address_from_raw(v6, 16, 5353, &a);
	UNIT_CHECK(strcmp(a.text, "[2001:db8::1]:5353") == 0);
	address_from_raw(v6, 16, 5353, &b);
	UNIT_CHECK(address_equal(&a, &b));
}

int
main(void)
{
	test_items();
	test_lists();
	test_raw();
	return unit_done("address");
}
