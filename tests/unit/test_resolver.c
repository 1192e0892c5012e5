/* SPDX-License-Identifier: ISC */
/*
 * resolver.c freed with exchanges in flight, as a run that times out
 * waiting for propagation frees it: every caller's callback runs once
 * with RESOLVE_CANCELLED, so that what it holds for the exchange (a
 * propagation poll's query and its reference to the wait's session) is
 * freed.  The server is a UDP socket on 127.0.0.1 that reads and drops
 * whatever comes (tests/run.sh runs the unit tests in a private network
 * namespace).  Under VALGRIND=1 or `make san` (LeakSanitizer) a leak of
 * those states fails the test too.
 */

#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/locate.h"
#include "sys/os.h"
#include "net/propagate.h"
#include "dns/query.h"
#include "net/resolver.h"
#include "unit.h"

/* What the callback saw; malloc()ed, freed by the callback as a caller's
 * per-query state is. */
struct seen {
	int		*calls;
	enum resolve_status *status;
};

static void
note(void *arg, enum resolve_status status, const uint8_t *msg, size_t len)
{
	struct seen	*s = arg;

	(void)msg;
	(void)len;
	(*s->calls)++;
	*s->status = status;
	free(s);
}

/* Read and drop what has come, so the socket's buffer never fills. */
static void
drain(int fd)
{
	uint8_t	 buf[512];
	int	 i;

	for (i = 0; i < 64 && recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0;
	    i++)
		;
}

/*
 * The silent server's socket (in *fd, with its address in *srv) and a
 * resolver; both or neither (0 or -1).
 */
static int
setup(int *fd, struct dns_server *srv, struct resolver **r)
{
	struct host_port hp;
	const char	*why;

	/* Never read but to drop: it never answers. */
	*fd = unit_udp_loopback(srv);
	*r = NULL;
	if (*fd != -1 && address_parse("127.0.0.1", DNS_PORT, &hp, &why) == 0)
		(void)resolver_new(r, &hp, 1);
	UNIT_CHECK(*fd != -1 && *r != NULL);
	if (*fd != -1 && *r != NULL)
		return 0;
	resolver_free(*r);
	if (*fd != -1)
		close(*fd);
	return -1;
}

/* One query through c-ares and one signed one, both unanswered. */
static void
test_cancel_on_free(void)
{
	struct dns_server srv;
	struct resolver	*r;
	struct seen	*a, *b;
	struct wire	 w;
	struct dname	 name = unit_name("example.net.");
	enum resolve_status sa = RESOLVE_OK, sb = RESOLVE_OK;
	uint8_t		 buf[512];
	int		 fd, ca = 0, cb = 0, ra, rb;

	if (setup(&fd, &srv, &r) == -1)
		return;
	wire_writer(&w, buf, sizeof(buf));
	query_build(&w, 4242, &name, DNS_TYPE_SOA, 0);
	a = malloc(sizeof(*a));
	b = malloc(sizeof(*b));
	if (a == NULL || b == NULL)
		abort();
	a->calls = &ca;
	a->status = &sa;
	b->calls = &cb;
	b->status = &sb;
	ra = resolver_send(r, &srv, buf, w.pos, 5000, 1, note, a);
	rb = resolver_send_signed(r, &srv, buf, w.pos, 5000, 1, note, b);
	UNIT_CHECK(ra == 0 && rb == 0);
	if (ra == -1)
		free(a);
	if (rb == -1)
		free(b);
	/* Let both go out; nothing comes back. */
	(void)resolver_run(r, os_clock_ms() + 100);
	drain(fd);
	UNIT_CHECK(ca == 0 && cb == 0 && resolver_pending(r) == 2);
	resolver_free(r);
	UNIT_CHECK(ca == 1 && sa == RESOLVE_CANCELLED);
	UNIT_CHECK(cb == 1 && sb == RESOLVE_CANCELLED);
	close(fd);
}

/*
 * A propagation wait that times out with its poll in flight (the poll's
 * timeout is longer than the wait), then the resolver freed: the poll's
 * query and the session it holds must go with it (seen by valgrind or
 * LeakSanitizer).
 */
static void
test_propagate_timeout(void)
{
	static struct zone_servers zs;
	struct propagate_zone pz;
	struct propagate_options opts;
	struct resolver	*r;
	uint64_t	 t0;
	enum outcome	 o;
	int		 fd;

	memset(&zs, 0, sizeof(zs));
	zs.zone = unit_name("example.net.");
	zs.servers[0].ns = unit_name("ns1.example.net.");
	zs.nservers = 1;
	if (setup(&fd, &zs.servers[0].addr, &r) == -1)
		return;
	memset(&pz, 0, sizeof(pz));
	pz.servers = &zs;
	pz.any_serial = 1;
	memset(&opts, 0, sizeof(opts));
	opts.ceiling_ms = 1000;
	t0 = os_clock_ms();
	o = propagate_wait(r, &pz, 1, t0 + 300, &opts);
	UNIT_CHECK(o == OUTCOME_TIMEOUT && os_clock_ms() - t0 < 3000);
	UNIT_CHECK(resolver_pending(r) >= 1);
	drain(fd);
	resolver_free(r);
	close(fd);
}

int
main(void)
{
	test_cancel_on_free();
	test_propagate_timeout();
	return unit_done("test_resolver");
}
