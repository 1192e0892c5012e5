/* SPDX-License-Identifier: ISC */
/*
 * verbatim.c, the byte-exact path of signed messages, against a server
 * played by this test on loopback sockets (tests/run.sh runs the unit
 * tests in a private network namespace of their own):
 *
 * - what arrives is the message as handed over, byte for byte;
 * - an answer with another ID is dropped and the real one still taken;
 * - an answer with TC set moves the exchange to TCP, where the same bytes
 *   arrive behind their two-octet length;
 * - a message larger than 512 octets goes straight to TCP;
 * - silence is retried on the same socket, then ends in ETIMEDOUT;
 * - a closed port ends in ECONNREFUSED.
 *
 * The message and answer are tests/vectors/update-ours-add.hex and
 * update-named-add-answer.hex (see test_update.c for their origin).
 */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys/os.h"
#include "unit.h"
#include "net/verbatim.h"

#define OURS_ADD \
	"af8a280000010000000100000661636d657368076578616d706c65036e6574" \
	"00000600010f5f61636d652d6368616c6c656e67650661636d65736807657861" \
	"6d706c65036e657400001000010000003c002c2b4c6f71586359563871354f4e" \
	"624a5178626d52375343544e6f337469415844666f77796a78416a45755830"
#define NAMED_ADD_ANSWER \
	"af8aa80000010000000000000661636d657368076578616d706c65036e6574" \
	"0000060001"

/* What one exchange ended with. */
struct result {
	int		 done;
	int		 err;
	uint8_t		 msg[512];
	size_t		 len;
};

static void
record(void *arg, int err, const uint8_t *msg, size_t len)
{
	struct result *r = arg;

	r->done++;
	r->err = err;
	r->len = 0;
	if (err == 0 && len <= sizeof(r->msg)) {
		memcpy(r->msg, msg, len);
		r->len = len;
	}
}

/* A loopback socket of `type` on a port the kernel picks. */
static int
server_socket(int type, struct dns_server *where)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)(void *)&where->addr;
	socklen_t sl = sizeof(*sin);
	int	 fd;

	memset(where, 0, sizeof(*where));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	where->addrlen = sizeof(*sin);
	fd = socket(AF_INET, type, 0);
	if (fd == -1 || bind(fd, (struct sockaddr *)sin, sl) == -1 ||
	    getsockname(fd, (struct sockaddr *)sin, &sl) == -1 ||
	    (type == SOCK_STREAM && listen(fd, 4) == -1))
		abort();
	return fd;
}

/* Drive the exchanges until `r` is done or `ms` have passed. */
static void
run(struct verbatim *v, struct result *r, unsigned ms)
{
	struct pollfd	 pfd[8];
	uint64_t	 end = os_clock_ms() + ms, now;
	size_t		 n;

	while (!r->done && (now = os_clock_ms()) < end) {
		n = verbatim_pollfds(v, pfd, 8);
		(void)poll(pfd, n, verbatim_timeout(v, now, (int)(end - now)));
		verbatim_process(v, pfd, n, os_clock_ms());
	}
}

/* One datagram from the client, waiting at most `ms`; its sender. */
static ssize_t
server_recv(int fd, uint8_t *buf, size_t cap, unsigned ms,
    struct sockaddr_storage *from, socklen_t *fromlen)
{
	struct pollfd p = { fd, POLLIN, 0 };

	if (poll(&p, 1, (int)ms) != 1)
		return -1;
	*fromlen = sizeof(*from);
	return recvfrom(fd, buf, cap, 0, (struct sockaddr *)from, fromlen);
}

/* Read exactly `len` octets from a blocking TCP socket. */
static int
read_full(int fd, uint8_t *buf, size_t len)
{
	ssize_t	 n;
	size_t	 got = 0;

	while (got < len) {
		if ((n = read(fd, buf + got, len - got)) <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

static void
test_udp_exact_and_spoof(const uint8_t *msg, size_t len, const uint8_t *ans,
    size_t alen)
{
	struct verbatim	*v = verbatim_new();
	struct dns_server srv;
	struct sockaddr_storage from;
	struct result	 r;
	socklen_t	 fl;
	uint8_t		 buf[1024], spoof[64];
	ssize_t		 n;
	int		 fd = server_socket(SOCK_DGRAM, &srv);

	memset(&r, 0, sizeof(r));
	UNIT_CHECK(verbatim_send(v, &srv, msg, len, 1000, 3, record, &r) == 0);
	n = server_recv(fd, buf, sizeof(buf), 1000, &from, &fl);
	UNIT_EQ_BYTES(buf, n > 0 ? (size_t)n : 0, msg, len);
	/* Another ID first: dropped, the wait goes on. */
	memcpy(spoof, ans, alen);
	spoof[1] ^= 1;
	(void)sendto(fd, spoof, alen, 0, (struct sockaddr *)&from, fl);
	run(v, &r, 100);
	UNIT_CHECK(r.done == 0);
	(void)sendto(fd, ans, alen, 0, (struct sockaddr *)&from, fl);
	run(v, &r, 1000);
	UNIT_CHECK(r.done == 1 && r.err == 0);
	UNIT_EQ_BYTES(r.msg, r.len, ans, alen);
	UNIT_CHECK(verbatim_pending(v) == 0);
	verbatim_free(v);
	close(fd);
}

/* TCP server side: accept, check the framed message, answer. */
static void
serve_tcp(int lfd, const uint8_t *msg, size_t len, const uint8_t *ans,
    size_t alen)
{
	struct pollfd	 p = { lfd, POLLIN, 0 };
	uint8_t		 hdr[2], buf[2048], out[2 + 512];
	int		 c;

	UNIT_CHECK(poll(&p, 1, 1000) == 1);
	if ((c = accept(lfd, NULL, NULL)) == -1) {
		UNIT_CHECK(c != -1);
		return;
	}
	UNIT_CHECK(read_full(c, hdr, 2) == 0 &&
	    (size_t)(hdr[0] << 8 | hdr[1]) == len);
	UNIT_CHECK(len <= sizeof(buf) && read_full(c, buf, len) == 0);
	UNIT_EQ_BYTES(buf, len, msg, len);
	out[0] = (uint8_t)(alen >> 8);
	out[1] = (uint8_t)alen;
	memcpy(out + 2, ans, alen);
	/* In two writes: the client must put the answer together. */
	UNIT_CHECK(write(c, out, 3) == 3);
	os_sleep_ms(20);
	UNIT_CHECK(write(c, out + 3, alen - 1) == (ssize_t)(alen - 1));
	close(c);
}

static void
test_tc_then_tcp(const uint8_t *msg, size_t len, const uint8_t *ans,
    size_t alen)
{
	struct verbatim	*v = verbatim_new();
	struct dns_server srv, tsrv;
	struct sockaddr_storage from;
	struct sockaddr_in *sin;
	struct result	 r;
	socklen_t	 fl;
	uint8_t		 buf[1024], tc[64];
	ssize_t		 n;
	int		 ufd, lfd, bound;

	/* The same port for UDP and TCP, as a name server has. */
	lfd = server_socket(SOCK_STREAM, &tsrv);
	srv = tsrv;
	sin = (struct sockaddr_in *)(void *)&srv.addr;
	ufd = socket(AF_INET, SOCK_DGRAM, 0);
	bound = ufd != -1 &&
	    bind(ufd, (struct sockaddr *)sin, sizeof(*sin)) == 0;
	UNIT_CHECK(bound);
	if (!bound) {
		close(lfd);
		verbatim_free(v);
		return;
	}
	memset(&r, 0, sizeof(r));
	UNIT_CHECK(verbatim_send(v, &srv, msg, len, 1000, 3, record, &r) == 0);
	n = server_recv(ufd, buf, sizeof(buf), 1000, &from, &fl);
	UNIT_EQ_BYTES(buf, n > 0 ? (size_t)n : 0, msg, len);
	memcpy(tc, ans, alen);
	tc[2] |= 0x02;		/* TC */
	(void)sendto(ufd, tc, alen, 0, (struct sockaddr *)&from, fl);
	run(v, &r, 50);		/* reads TC, connects, sends */
	UNIT_CHECK(r.done == 0);
	serve_tcp(lfd, msg, len, ans, alen);
	run(v, &r, 1000);
	UNIT_CHECK(r.done == 1 && r.err == 0);
	UNIT_EQ_BYTES(r.msg, r.len, ans, alen);
	verbatim_free(v);
	close(ufd);
	close(lfd);
}

static void
test_large_goes_tcp(const uint8_t *msg, size_t len, const uint8_t *ans,
    size_t alen)
{
	struct verbatim	*v = verbatim_new();
	struct dns_server srv;
	struct result	 r;
	uint8_t		 big[700];
	int		 lfd = server_socket(SOCK_STREAM, &srv);

	/* The verbatim path reads only the header: the rest is opaque. */
	memset(big, 0xa5, sizeof(big));
	memcpy(big, msg, len < sizeof(big) ? len : sizeof(big));
	memset(&r, 0, sizeof(r));
	UNIT_CHECK(verbatim_send(v, &srv, big, sizeof(big), 1000, 3, record,
	    &r) == 0);
	run(v, &r, 50);
	serve_tcp(lfd, big, sizeof(big), ans, alen);
	run(v, &r, 1000);
	UNIT_CHECK(r.done == 1 && r.err == 0);
	verbatim_free(v);
	close(lfd);
}

static void
test_silence_and_refusal(const uint8_t *msg, size_t len)
{
	struct verbatim	*v = verbatim_new();
	struct dns_server srv;
	struct sockaddr_storage from;
	struct result	 r;
	socklen_t	 fl;
	uint8_t		 buf[1024];
	uint64_t	 t0;
	int		 fd = server_socket(SOCK_DGRAM, &srv), tries = 0;

	/* 50 ms, then 100 ms: the same bytes twice, then ETIMEDOUT. */
	memset(&r, 0, sizeof(r));
	t0 = os_clock_ms();
	UNIT_CHECK(verbatim_send(v, &srv, msg, len, 50, 2, record, &r) == 0);
	run(v, &r, 1000);
	UNIT_CHECK(r.done == 1 && r.err == ETIMEDOUT);
	UNIT_CHECK(os_clock_ms() - t0 >= 150);
	while (server_recv(fd, buf, sizeof(buf), 0, &from, &fl) ==
	    (ssize_t)len && memcmp(buf, msg, len) == 0 && tries < 10)
		tries++;
	UNIT_CHECK(tries == 2);
	/* Nobody there any more: the port is closed. */
	close(fd);
	memset(&r, 0, sizeof(r));
	UNIT_CHECK(verbatim_send(v, &srv, msg, len, 1000, 3, record, &r) == 0);
	run(v, &r, 1000);
	UNIT_CHECK(r.done == 1 && r.err == ECONNREFUSED);
	/* Not a DNS message: refused before anything is sent. */
	UNIT_CHECK(verbatim_send(v, &srv, msg, 11, 1000, 3, record, &r) == -1);
	UNIT_CHECK(verbatim_pending(v) == 0);
	verbatim_free(v);
}

int
main(void)
{
	uint8_t	*msg, *ans;
	size_t	 len, alen;

	msg = unit_hex(OURS_ADD, &len);
	ans = unit_hex(NAMED_ADD_ANSWER, &alen);
	test_udp_exact_and_spoof(msg, len, ans, alen);
	test_tc_then_tcp(msg, len, ans, alen);
	test_large_goes_tcp(msg, len, ans, alen);
	test_silence_and_refusal(msg, len);
	free(msg);
	free(ans);
	return unit_done("verbatim");
}
