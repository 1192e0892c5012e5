/* SPDX-License-Identifier: ISC */
#ifndef ACME_RESOLVER_H
#define ACME_RESOLVER_H

/*
 * The one place that drives c-ares: a single poll(2) event loop over any
 * number of c-ares channels, one channel per server we talk to directly and
 * one for the recursive resolvers.  Callers hand it prepared messages (built
 * with the wire cursor) and get raw answers back; they parse those
 * themselves.  UDP first, TCP when the answer is truncated or the message
 * is larger than 512 octets.  Queries go through c-ares, which may send
 * them with an ID of its own (from 1.28 on) and matches the answer to its
 * query by that ID, the source address and the question: callers check
 * the question again, QR, opcode and RCODE, never the ID.  A signed
 * message (TSIG) must reach the server byte for byte: the _signed calls
 * send it on a socket of our own, and the answer carries its ID.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "net/address.h"
#include "sys/outcome.h"
#include "dns/wire.h"

/* How an exchange ended; an answer's RCODE is data, not a status. */
enum resolve_status {
	RESOLVE_OK,		/* an answer arrived */
	RESOLVE_TIMEOUT,	/* every try timed out */
	RESOLVE_CONNREFUSED,	/* port closed (ICMP or TCP RST) */
	RESOLVE_UNREACHABLE,	/* no route from this host: the send failed
				 * at once (ENETUNREACH, EHOSTUNREACH,
				 * EADDRNOTAVAIL, EAFNOSUPPORT) */
	RESOLVE_ERROR,		/* anything else: out of memory, bad reply */
	RESOLVE_CANCELLED,	/* the resolver was freed first */
	RESOLVE_INTERRUPTED	/* a signal asked the run to stop */
};

struct resolver;

/*
 * Called once per exchange.  `msg` is valid only during the call and is
 * NULL unless `status` is RESOLVE_OK.  It may run inside resolver_send()
 * itself (a send that fails at once, e.g. no route): count the query and
 * take every reference it needs before sending, never after.
 */
typedef void (*resolve_cb)(void *arg, enum resolve_status status,
	    const uint8_t *msg, size_t len);

/*
 * A resolver, in *out, whose recursive queries go to the `n` address
 * literals of `recursive` (parsed with address_parse_list(),
 * ADDRESS_LITERAL_ONLY), or to the servers of /etc/resolv.conf when `n`
 * is 0.  Returns OUTCOME_OK, or after logging (*out NULL) OUTCOME_NOMEM,
 * or OUTCOME_CONFIG when the resolvers or the system's resolver
 * configuration are refused.
 */
enum outcome resolver_new(struct resolver **out,
	    const struct host_port *recursive, size_t n);
/*
 * Cancel what is pending, each callback called once with
 * RESOLVE_CANCELLED (so that callers free what they hold for it), and
 * free; NULL ok.  A callback must not use the resolver then.
 */
void	 resolver_free(struct resolver *r);

/*
 * Queue `msg` to server `to`; each try waits `timeout_ms`, doubled on each
 * retry, `tries` times.  `to` NULL sends to the recursive resolvers.
 * Returns 0 (the callback has run or will run exactly once, possibly
 * before this returns), or -1 (callback not called) when it could not be
 * queued.
 */
int	 resolver_send(struct resolver *r, const struct dns_server *to,
	    const uint8_t *msg, size_t len, unsigned timeout_ms,
	    unsigned tries, resolve_cb cb, void *arg);

/*
 * The same for a signed message (`to` required): sent exactly as given,
 * on our own UDP socket, then TCP when the answer is truncated or the
 * message does not fit in a 512-octet datagram.  Only an answer with the
 * message's ID, opcode and QR set is taken.
 */
int	 resolver_send_signed(struct resolver *r, const struct dns_server *to,
	    const uint8_t *msg, size_t len, unsigned timeout_ms,
	    unsigned tries, resolve_cb cb, void *arg);

/*
 * Run the event loop until nothing is pending or the monotonic clock
 * reaches `until_ms` (see os_clock_ms()).  Returns the number of exchanges
 * still pending, or -1 when poll(2) failed or a signal asked the run to
 * stop (os_interrupted()).
 */
int	 resolver_run(struct resolver *r, uint64_t until_ms);
/* Exchanges queued and not yet answered. */
unsigned resolver_pending(const struct resolver *r);

/*
 * Send a prepared message to `to` (NULL: the recursive resolvers) and wait
 * for the answer, which is returned in a new buffer the caller frees.
 * Returns the status; `*answer` is set only for RESOLVE_OK.
 */
enum resolve_status resolver_exchange(struct resolver *r,
	    const struct dns_server *to, const uint8_t *msg, size_t len,
	    unsigned timeout_ms, unsigned tries, uint8_t **answer,
	    size_t *answer_len);

/* resolver_exchange() for a signed message: see resolver_send_signed(). */
enum resolve_status resolver_exchange_signed(struct resolver *r,
	    const struct dns_server *to, const uint8_t *msg, size_t len,
	    unsigned timeout_ms, unsigned tries, uint8_t **answer,
	    size_t *answer_len);

/*
 * What the c-ares loaded at run time does, beyond sockets, when a channel
 * is made after the sandbox's lock (one per server met during a run): the
 * files it opens for reading (NULL-terminated) and whether it calls
 * uname(2).  It reloads nothing later: no event thread, no ares_reinit().
 */
struct resolver_needs {
	const char *const *files;
	int		 uname;
};
void	 resolver_sandbox_needs(struct resolver_needs *needs);

/* 1 when this host has no route to `s` (found without sending). */
int	 resolver_no_route(const struct dns_server *s);

/* A short text for a status. */
const char *resolver_strstatus(enum resolve_status status);

/*
 * The recursive resolvers' addresses as "127.0.0.1:53, [::1]:53" in
 * buf (empty when c-ares cannot say).  Returns 1 when they come from
 * the configuration's `resolver =`, 0 when from /etc/resolv.conf (or
 * c-ares's default, 127.0.0.1, when that lists none).
 */
int	 resolver_recursive_text(struct resolver *r, char *buf, size_t size);

#endif
