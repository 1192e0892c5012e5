/* SPDX-License-Identifier: ISC */
/*
 * Address literals and host[:port] lists: one grammar (see address.h),
 * parsed here and nowhere else.
 */

#include "net/address.h"

#include <netinet/in.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ADDRESS_LABEL_MAX	63
#define ADDRESS_NAME_MAX	253	/* without the final dot */

/* Decimal 1-65535 of exactly `len` characters.  Returns 0, or -1. */
static int
address_port(const char *s, size_t len, uint16_t *port)
{
	unsigned long	 v = 0;
	size_t		 i;

	if (len == 0 || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/* An LDH host name, optionally ending with a dot.  1 when it is one. */
static int
address_host_ok(const char *s)
{
	size_t	 len = strlen(s), i, label = 0;
	int	 digits_only = 1;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len > ADDRESS_NAME_MAX)
		return 0;
	for (i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			if (i < len)
				digits_only = 1;
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
		if ((label == 0 && s[i] == '-') || ++label > ADDRESS_LABEL_MAX)
			return 0;
		if (!isdigit((unsigned char)s[i]))
			digits_only = 0;
	}
	/* 192.0.2 is not an IPv4 address, and no top-level domain is. */
	return !digits_only;
}

/* The text of an address: bare at port 53, with :port or [v6]:port else. */
static void
address_text(struct dns_server *out, const char *host, uint16_t port)
{
	if (port == DNS_PORT)
		snprintf(out->text, sizeof(out->text), "%s", host);
	else if (out->addr.ss_family == AF_INET6)
		snprintf(out->text, sizeof(out->text), "[%s]:%u", host,
		    (unsigned)port);
	else
		snprintf(out->text, sizeof(out->text), "%s:%u", host,
		    (unsigned)port);
}

void
address_from_raw(const uint8_t *addr, size_t addrlen, uint16_t port,
    struct dns_server *out)
{
	struct sockaddr_in *sin;
	struct sockaddr_in6 *sin6;
	char		 host[INET6_ADDRSTRLEN];

	memset(out, 0, sizeof(*out));
	sin = (struct sockaddr_in *)(void *)&out->addr;
	sin6 = (struct sockaddr_in6 *)(void *)&out->addr;
	if (addrlen == 4) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, addr, 4);
		out->addrlen = sizeof(*sin);
		inet_ntop(AF_INET, addr, host, sizeof(host));
	} else {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, addr, 16);
		out->addrlen = sizeof(*sin6);
		inet_ntop(AF_INET6, addr, host, sizeof(host));
	}
	address_text(out, host, port);
}

int
address_equal(const struct dns_server *a, const struct dns_server *b)
{
	return a->addrlen == b->addrlen &&
	    memcmp(&a->addr, &b->addr, a->addrlen) == 0;
}

/* out->host as an address of `family` (AF_INET or AF_INET6); 1 if it is. */
static int
address_literal(struct host_port *out, int family)
{
	uint8_t	 raw[16];

	if (inet_pton(family, out->host, raw) != 1)
		return 0;
	address_from_raw(raw, family == AF_INET ? 4 : 16, out->port,
	    &out->addr);
	out->is_literal = 1;
	return 1;
}

/* "[v6]" or "[v6]:port", at the '['. */
static int
address_bracket(const char *text, struct host_port *out, const char **why)
{
	const char	*end;
	size_t		 len;

	if ((end = strchr(text, ']')) == NULL) {
		*why = "no closing ]";
		return -1;
	}
	len = (size_t)(end - text - 1);
	if (len == 0 || len >= INET6_ADDRSTRLEN) {
		*why = "not an IPv6 address inside [ ]";
		return -1;
	}
	memcpy(out->host, text + 1, len);
	out->host[len] = '\0';
	if (end[1] == ':') {
		if (address_port(end + 2, strlen(end + 2), &out->port) == -1) {
			*why = "port must be a number from 1 to 65535";
			return -1;
		}
	} else if (end[1] != '\0') {
		*why = "text after ]";
		return -1;
	}
	if (!address_literal(out, AF_INET6)) {
		*why = "not an IPv6 address inside [ ]";
		return -1;
	}
	return 0;
}

int
address_parse(const char *text, uint16_t default_port,
    struct host_port *out, const char **why)
{
	const char	*colon;
	size_t		 len;

	memset(out, 0, sizeof(*out));
	out->port = default_port;
	if (*text == '\0') {
		*why = "empty item";
		return -1;
	}
	if (*text == '[')
		return address_bracket(text, out, why);
	colon = strchr(text, ':');
	if (colon != NULL && strchr(colon + 1, ':') != NULL) {
		/* Two colons or more: a bare IPv6 address, never a port. */
		len = strlen(text);
		if (len < INET6_ADDRSTRLEN) {
			memcpy(out->host, text, len + 1);
			if (address_literal(out, AF_INET6))
				return 0;
		}
		*why = "not an IPv6 address (write [address]:port for a "
		    "port)";
		return -1;
	}
	len = colon != NULL ? (size_t)(colon - text) : strlen(text);
	if (len == 0) {
		*why = "empty host";
		return -1;
	}
	if (len >= sizeof(out->host)) {
		*why = "host name too long";
		return -1;
	}
	memcpy(out->host, text, len);
	out->host[len] = '\0';
	if (colon != NULL && address_port(colon + 1, strlen(colon + 1),
	    &out->port) == -1) {
		*why = "port must be a number from 1 to 65535";
		return -1;
	}
	if (address_literal(out, AF_INET))
		return 0;
	if (!address_host_ok(out->host)) {
		*why = "neither an IP address nor a host name (letters, "
		    "digits, '-' and dots)";
		return -1;
	}
	return 0;
}

/*
 * The next item of a list at *s: its text in item[size], *s past it and
 * past the comma after it, if any.  *comma says whether an item must come
 * (at the start, and after a comma).  Returns 1 with an item, 0 at the
 * end, -1 with *why set.
 */
static int
address_next(const char **s, char *item, size_t size, int *comma,
    const char **why)
{
	const char	*p = *s;
	size_t		 len;

	p += strspn(p, " \t");
	if (*p == '\0' || *p == ',') {
		if (!*comma && *p == '\0')
			return 0;
		*why = "empty item";
		return -1;
	}
	len = strcspn(p, ", \t");
	if (len >= size) {
		*why = "item too long";
		return -1;
	}
	memcpy(item, p, len);
	item[len] = '\0';
	p += len;
	p += strspn(p, " \t");
	*comma = *p == ',';
	if (*comma)
		p++;
	*s = p;
	return 1;
}

int
address_parse_list(const char *text, uint16_t default_port, int flags,
    struct host_port **out, size_t *n, const char **why, size_t *item)
{
	struct host_port *list = NULL, *grown;
	char		 buf[ADDRESS_HOST_MAX + 16];
	size_t		 count = 0;
	int		 more, comma = 1;

	*out = NULL;
	*n = 0;
	*item = 0;
	/* Bounded: each pass consumes one item of the text. */
	while ((more = address_next(&text, buf, sizeof(buf), &comma,
	    why)) == 1) {
		*item = count + 1;
		if ((grown = realloc(list, (count + 1) * sizeof(*list))) ==
		    NULL) {
			*why = "out of memory";
			goto fail;
		}
		list = grown;
		if (address_parse(buf, default_port, &list[count], why) == -1)
			goto fail;
		if ((flags & ADDRESS_LITERAL_ONLY) && !list[count].is_literal) {
			*why = "not an IP address";
			goto fail;
		}
		count++;
	}
	if (more == -1) {
		*item = count + 1;
		goto fail;
	}
	*out = list;
	*n = count;
	return 0;
fail:
	free(list);
	return -1;
}
