/* SPDX-License-Identifier: ISC */
/*
 * propagate.c's skipping of addresses this host cannot route to: one is
 * skipped only while another address of the same name server is checked,
 * and an address already given up (lame, down) checks nothing.  The name
 * server ns1 has two addresses: 127.0.0.1 on a port where a child of this
 * test answers every query REFUSED (lame), and 2001:db8::1, to which
 * tests/run.sh's private network namespace has no route (checked first
 * with a connect(2), which sends nothing; elsewhere the case is skipped).
 * With down_servers = wait, nobody checks ns1, so the wait must run out.
 */

#include <sys/socket.h>
#include <sys/wait.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/locate.h"
#include "sys/log.h"
#include "sys/os.h"
#include "net/propagate.h"
#include "net/resolver.h"
#include "unit.h"

#define NOWHERE	"2001:db8::1"	/* documentation space */

/* Answer each query on `fd` with REFUSED, for at most 5 s and 200. */
static void
refuse_all(int fd)
{
	struct sockaddr_storage from;
	struct pollfd	 pfd = { fd, POLLIN, 0 };
	socklen_t	 fromlen;
	uint8_t		 buf[512];
	ssize_t		 n;
	uint64_t	 end = os_clock_ms() + 5000;
	int		 i;

	for (i = 0; i < 200 && os_clock_ms() < end; i++) {
		if (poll(&pfd, 1, 500) <= 0)
			continue;
		fromlen = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), 0,
		    (struct sockaddr *)&from, &fromlen);
		if (n < DNS_HEADER_LEN)
			continue;
		buf[2] |= 0x80;				/* QR */
		buf[3] = (uint8_t)((buf[3] & 0xf0) | DNS_RCODE_REFUSED);
		(void)sendto(fd, buf, (size_t)n, 0,
		    (struct sockaddr *)&from, fromlen);
	}
}

/* A child answering REFUSED on 127.0.0.1, its address in `out`. */
static pid_t
lame_server(struct dns_server *out)
{
	pid_t		 pid;
	int		 fd;

	if ((fd = unit_udp_loopback(out)) == -1)
		return -1;
	if ((pid = fork()) == 0) {
		refuse_all(fd);
		_exit(0);
	}
	close(fd);
	return pid;
}

static void
test_lame_sibling(void)
{
	static struct zone_servers zs;
	static struct propagate_result res[2];
	struct propagate_zone pz;
	struct propagate_options opts;
	struct host_port hp;
	struct resolver	*r = NULL;
	const char	*why;
	enum outcome	 o;
	uint64_t	 t0;
	pid_t		 pid;

	memset(&zs, 0, sizeof(zs));
	zs.zone = unit_name("example.net.");
	zs.servers[0].ns = zs.servers[1].ns = unit_name("ns1.example.net.");
	zs.nservers = 2;
	if (address_parse(NOWHERE, DNS_PORT, &hp, &why) == -1)
		abort();
	zs.servers[1].addr = hp.addr;
	if (!resolver_no_route(&zs.servers[1].addr)) {
		unit_skip("this host has a route to %s", NOWHERE);
		return;
	}
	pid = lame_server(&zs.servers[0].addr);
	UNIT_CHECK(pid > 0);
	if (address_parse("127.0.0.1", DNS_PORT, &hp, &why) == -1)
		abort();
	UNIT_CHECK(resolver_new(&r, &hp, 1) == OUTCOME_OK);
	if (pid > 0 && r != NULL) {
		memset(&pz, 0, sizeof(pz));
		pz.servers = &zs;
		pz.any_serial = 1;
		memset(&opts, 0, sizeof(opts));
		opts.ceiling_ms = 200;
		opts.results = res;
		t0 = os_clock_ms();
		o = propagate_wait(r, &pz, 1, t0 + 1500, &opts);
		/* The unroutable address is not given up for a lame one. */
		UNIT_CHECK(o == OUTCOME_TIMEOUT && os_clock_ms() - t0 < 4000);
		UNIT_CHECK(opts.nresults == 2 && res[0].skipped &&
		    !res[1].skipped && !res[1].agreed);
	}
	resolver_free(r);
	if (pid > 0) {
		(void)kill(pid, SIGTERM);
		(void)waitpid(pid, NULL, 0);
	}
}

int
main(void)
{
	log_init("test_propagate", LOG_NORMAL);
	test_lame_sibling();
	return unit_done("test_propagate");
}
