/* SPDX-License-Identifier: ISC */
#include "unit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned unit_passed;
static unsigned unit_failed;

void
unit_check(int ok, const char *expr, const char *file, int line)
{
	if (ok) {
		unit_passed++;
		return;
	}
	unit_failed++;
	fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, expr);
}

void
unit_eq_bytes(const uint8_t *got, size_t got_len, const uint8_t *want,
    size_t want_len, const char *what, const char *file, int line)
{
	size_t	 i;

	if (got_len == want_len && (want_len == 0 ||
	    memcmp(got, want, want_len) == 0)) {
		unit_passed++;
		return;
	}
	unit_failed++;
	fprintf(stderr, "%s:%d: FAILED: %s: %zu bytes, want %zu\n", file,
	    line, what, got_len, want_len);
	for (i = 0; i < got_len && i < want_len; i++)
		if (got[i] != want[i]) {
			fprintf(stderr, "  first difference at byte %zu: "
			    "%02x, want %02x\n", i, got[i], want[i]);
			break;
		}
}

int
unit_done(const char *suite)
{
	printf("%s: %u passed, %u failed\n", suite, unit_passed, unit_failed);
	return unit_failed == 0 && unit_passed > 0 ? 0 : 1;
}

void
unit_skip(const char *fmt, ...)
{
	va_list	 ap;

	fputs("# SKIP: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int
unit_host_root(void)
{
	FILE		*f;
	unsigned long	 inner, outer, count;
	int		 n;

	if (geteuid() != 0)
		return 0;
	/* The initial user namespace maps every uid to itself. */
	if ((f = fopen("/proc/self/uid_map", "r")) == NULL)
		return 1;	/* no /proc (a bare chroot): no namespace */
	n = fscanf(f, "%lu %lu %lu", &inner, &outer, &count);
	fclose(f);
	return n == 3 && inner == 0 && outer == 0 && count == 4294967295UL;
}

static int
unit_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

uint8_t *
unit_hex(const char *hex, size_t *len)
{
	uint8_t	*out;
	size_t	 n = 0;
	int	 hi = -1, v;

	out = malloc(strlen(hex) / 2 + 1);
	if (out == NULL)
		abort();
	for (; *hex != '\0'; hex++) {
		if (*hex == ' ' || *hex == '\n' || *hex == '\t')
			continue;
		if ((v = unit_nibble(*hex)) < 0)
			abort();
		if (hi < 0)
			hi = v;
		else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)
		abort();
	*len = n;
	return out;
}

int
unit_udp_loopback(struct dns_server *out)
{
	struct sockaddr_in sin;
	socklen_t	 len = sizeof(sin);
	int		 fd;

	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1) {
		close(fd);
		return -1;
	}
	address_from_raw((const uint8_t *)&sin.sin_addr, 4,
	    ntohs(sin.sin_port), out);
	return fd;
}

struct dname
unit_name(const char *text)
{
	struct dname n;

	if (dname_from_text(&n, text) != 0) {
		fprintf(stderr, "bad test name %s\n", text);
		abort();
	}
	return n;
}
