/* SPDX-License-Identifier: ISC */
/*
 * Byte-exact DNS exchanges on sockets of our own (see verbatim.h).  Each
 * exchange owns one socket at a time: a connected UDP socket, kept across
 * retries so that a late answer to an earlier try still counts, then, on
 * TC or for a large message, a TCP connection that carries the message
 * with its two-octet length and reads one answer back.
 */

#include "net/verbatim.h"

#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/dns.h"
#include "sys/os.h"
#include "dns/wire.h"

/* Datagrams read per wake-up at most: a flood cannot hold the loop. */
#define VERBATIM_READS_MAX	16

struct vx {
	struct vx	*next;
	struct dns_server to;
	uint8_t		*out;		/* 2-octet length, then the message */
	size_t		 len;		/* of the message alone */
	uint16_t	 id;
	unsigned	 opcode;
	int		 fd;
	int		 tcp;
	size_t		 sent;		/* TCP: octets of `out` written */
	uint8_t		*in;		/* TCP: 2-octet length, then answer */
	size_t		 got;
	unsigned	 first_ms;	/* the first try's timeout */
	unsigned	 timeout_ms;	/* the current try's */
	unsigned	 tries_left;
	uint64_t	 deadline_ms;	/* of the current try or of TCP */
	uint64_t	 end_ms;	/* when every try would have expired */
	long		 pidx;		/* index in the last poll array, or -1 */
	verbatim_cb	 cb;
	void		*arg;
};

struct verbatim {
	struct vx	*list;
	unsigned	 pending;
	uint8_t		*buf;		/* one UDP answer: malloc()ed, so
					 * only what recv() writes is ever
					 * touched */
};

struct verbatim *
verbatim_new(void)
{
	struct verbatim *v;

	if ((v = calloc(1, sizeof(*v))) == NULL)
		return NULL;
	if ((v->buf = malloc(DNS_MSG_MAX)) == NULL) {
		free(v);
		return NULL;
	}
	return v;
}

static void
vx_free(struct vx *x)
{
	if (x->fd != -1)
		close(x->fd);
	free(x->out);
	free(x->in);
	free(x);
}

static void finish(struct verbatim *, struct vx *, int, const uint8_t *,
    size_t);

void
verbatim_free(struct verbatim *v)
{
	struct vx *x;

	if (v == NULL)
		return;
	/* Each caller hears of its exchange's end, once, as promised. */
	while ((x = v->list) != NULL)
		finish(v, x, ECANCELED, NULL, 0);
	free(v->buf);
	free(v);
}

unsigned
verbatim_pending(const struct verbatim *v)
{
	return v->pending;
}

/* Unlink, call back once, free. */
static void
finish(struct verbatim *v, struct vx *x, int err, const uint8_t *msg,
    size_t len)
{
	struct vx **pp;

	for (pp = &v->list; *pp != NULL; pp = &(*pp)->next)
		if (*pp == x) {
			*pp = x->next;
			break;
		}
	v->pending--;
	if (x->fd != -1) {
		close(x->fd);
		x->fd = -1;
	}
	x->cb(x->arg, err, msg, len);
	vx_free(x);
}

static int
open_socket(struct vx *x, int type)
{
	int	 fd, fl;

	if ((fd = socket(x->to.addr.ss_family, type, 0)) == -1)
		return -1;
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* 0, or an errno: the UDP socket is connected and the message sent. */
static int
udp_start(struct vx *x)
{
	if ((x->fd = open_socket(x, SOCK_DGRAM)) == -1)
		return errno;
	if (connect(x->fd, (const struct sockaddr *)(const void *)&x->to.addr,
	    x->to.addrlen) == -1 ||
	    send(x->fd, x->out + 2, x->len, 0) == -1)
		return errno;
	return 0;
}

/* 0, or an errno: a TCP connection is on its way. */
static int
tcp_start(struct vx *x, uint64_t now)
{
	if (x->fd != -1)
		close(x->fd);
	x->tcp = 1;
	x->sent = x->got = 0;
	/* What the UDP tries had left, but never less than one try. */
	x->deadline_ms = x->end_ms > now + x->first_ms ? x->end_ms :
	    now + x->first_ms;
	if ((x->in = malloc(2 + DNS_MSG_MAX)) == NULL)
		return ENOMEM;
	if ((x->fd = open_socket(x, SOCK_STREAM)) == -1)
		return errno;
	if (connect(x->fd, (const struct sockaddr *)(const void *)&x->to.addr,
	    x->to.addrlen) == -1 && errno != EINPROGRESS)
		return errno;
	return 0;
}

/* 1 when the message's first question asks for a TKEY record. */
static int
asks_tkey(const uint8_t *msg, size_t len)
{
	struct dns_header hdr;
	struct dname	 name;
	struct wire	 w;
	uint16_t	 qtype;

	wire_reader(&w, msg, len);
	wire_get_header(&w, &hdr);
	if (w.error != WIRE_OK || hdr.qdcount == 0)
		return 0;
	wire_get_dname(&w, &name);
	qtype = wire_get_u16(&w);
	return w.error == WIRE_OK && qtype == DNS_TYPE_TKEY;
}

int
verbatim_send(struct verbatim *v, const struct dns_server *to,
    const uint8_t *msg, size_t len, unsigned timeout_ms, unsigned tries,
    verbatim_cb cb, void *arg)
{
	struct vx	*x;
	uint64_t	 now = os_clock_ms(), total;
	unsigned	 i;
	int		 err;

	if (len < DNS_HEADER_LEN || len > DNS_MSG_MAX || tries == 0)
		return -1;
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return -1;
	if ((x->out = malloc(2 + len)) == NULL) {
		free(x);
		return -1;
	}
	x->out[0] = (uint8_t)(len >> 8);
	x->out[1] = (uint8_t)len;
	memcpy(x->out + 2, msg, len);
	x->len = len;
	x->to = *to;
	x->id = (uint16_t)(msg[0] << 8 | msg[1]);
	x->opcode = DNS_OPCODE((unsigned)(msg[2] << 8 | msg[3]));
	x->fd = -1;
	x->pidx = -1;
	x->first_ms = x->timeout_ms = timeout_ms;
	x->tries_left = tries;
	for (total = 0, i = 0; i < tries && i < 16; i++)
		total += (uint64_t)timeout_ms << i;
	x->end_ms = now + total;
	x->deadline_ms = now + timeout_ms;
	x->cb = cb;
	x->arg = arg;
	x->next = v->list;
	v->list = x;
	v->pending++;
	/* Larger than a plain datagram, or a TKEY negotiation (RFC 3645
	 * asks for TCP): straight to TCP, as nsupdate does. */
	err = len > DNS_UDP_MAX || asks_tkey(msg, len) ? tcp_start(x, now) :
	    udp_start(x);
	if (err != 0)
		finish(v, x, err, NULL, 0);
	return 0;
}

size_t
verbatim_pollfds(struct verbatim *v, struct pollfd *pfd, size_t cap)
{
	struct vx	*x;
	size_t		 n = 0;

	for (x = v->list; x != NULL; x = x->next) {
		x->pidx = -1;
		if (x->fd == -1 || n == cap)
			continue;
		pfd[n].fd = x->fd;
		pfd[n].events = x->tcp && x->sent < 2 + x->len ? POLLOUT :
		    POLLIN;
		pfd[n].revents = 0;
		x->pidx = (long)n++;
	}
	return n;
}

int
verbatim_timeout(const struct verbatim *v, uint64_t now_ms, int cap_ms)
{
	const struct vx	*x;
	int		 best = cap_ms;

	for (x = v->list; x != NULL; x = x->next) {
		if (x->deadline_ms <= now_ms)
			return 0;
		if (x->deadline_ms - now_ms < (uint64_t)best)
			best = (int)(x->deadline_ms - now_ms);
	}
	return best;
}

/* 1 when `msg` answers the exchange's message. */
static int
is_answer(const struct vx *x, const uint8_t *msg, size_t len)
{
	unsigned flags;

	if (len < DNS_HEADER_LEN)
		return 0;
	flags = (unsigned)(msg[2] << 8 | msg[3]);
	return (uint16_t)(msg[0] << 8 | msg[1]) == x->id &&
	    (flags & DNS_FLAG_QR) != 0 && DNS_OPCODE(flags) == x->opcode;
}

static void
udp_readable(struct verbatim *v, struct vx *x, uint64_t now)
{
	ssize_t	 n;
	int	 i, err;

	for (i = 0; i < VERBATIM_READS_MAX; i++) {
		n = recv(x->fd, v->buf, DNS_MSG_MAX, 0);
		if (n == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR)
				return;
			finish(v, x, errno, NULL, 0);
			return;
		}
		if (!is_answer(x, v->buf, (size_t)n))
			continue;	/* not ours: keep waiting */
		if ((unsigned)(v->buf[2] << 8 | v->buf[3]) & DNS_FLAG_TC) {
			if ((err = tcp_start(x, now)) != 0)
				finish(v, x, err, NULL, 0);
			return;
		}
		finish(v, x, 0, v->buf, (size_t)n);
		return;
	}
}

static void
tcp_ready(struct verbatim *v, struct vx *x, short revents)
{
	socklen_t sl = sizeof(int);
	ssize_t	 n;
	size_t	 want;
	int	 err = 0;

	if (x->sent < 2 + x->len) {
		if (x->sent == 0 && (getsockopt(x->fd, SOL_SOCKET, SO_ERROR,
		    &err, &sl) == -1 || err != 0)) {
			finish(v, x, err != 0 ? err : errno, NULL, 0);
			return;
		}
		n = send(x->fd, x->out + x->sent, 2 + x->len - x->sent,
		    MSG_NOSIGNAL);
		if (n == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				finish(v, x, errno, NULL, 0);
			return;
		}
		x->sent += (size_t)n;
		return;
	}
	if (!(revents & (POLLIN | POLLHUP | POLLERR)))
		return;
	want = x->got < 2 ? 2 : 2 + (size_t)(x->in[0] << 8 | x->in[1]);
	n = recv(x->fd, x->in + x->got, want - x->got, 0);
	if (n == -1) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			finish(v, x, errno, NULL, 0);
		return;
	}
	if (n == 0) {
		finish(v, x, ECONNRESET, NULL, 0);
		return;
	}
	x->got += (size_t)n;
	if (x->got < 2 || x->got < 2 + (size_t)(x->in[0] << 8 | x->in[1]))
		return;
	if (!is_answer(x, x->in + 2, x->got - 2)) {
		finish(v, x, EPROTO, NULL, 0);
		return;
	}
	finish(v, x, 0, x->in + 2, x->got - 2);
}

/* A try expired: send again on the same socket, or give up. */
static void
expire(struct verbatim *v, struct vx *x, uint64_t now)
{
	if (x->tcp || x->tries_left <= 1) {
		finish(v, x, ETIMEDOUT, NULL, 0);
		return;
	}
	x->tries_left--;
	x->timeout_ms *= 2;
	x->deadline_ms = now + x->timeout_ms;
	if (send(x->fd, x->out + 2, x->len, 0) == -1 && errno != EAGAIN &&
	    errno != EWOULDBLOCK)
		finish(v, x, errno, NULL, 0);
}

void
verbatim_process(struct verbatim *v, const struct pollfd *pfd, size_t n,
    uint64_t now_ms)
{
	struct vx	*x, *next;
	short		 rev;

	/*
	 * A callback may start new exchanges: they go to the head of the
	 * list, behind this walk, and have no poll entry yet (pidx -1).
	 */
	for (x = v->list; x != NULL; x = next) {
		next = x->next;
		if (x->pidx >= 0 && (size_t)x->pidx < n &&
		    pfd[x->pidx].fd == x->fd &&
		    (rev = pfd[x->pidx].revents) != 0) {
			x->pidx = -1;
			if (x->tcp)
				tcp_ready(v, x, rev);
			else
				udp_readable(v, x, now_ms);
			continue;
		}
		if (x->deadline_ms <= now_ms)
			expire(v, x, now_ms);
	}
}
