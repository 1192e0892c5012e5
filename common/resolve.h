#ifndef ACME_RESOLVE_H
#define ACME_RESOLVE_H

/*
 * The one place that drives c-ares: a single poll(2) event loop over any
 * number of c-ares channels, one channel per server we talk to directly and
 * one for the recursive resolvers.  Callers hand it prepared messages (built
 * with the wire cursor) and get raw answers back; they parse those
 * themselves.  UDP first, TCP when the answer is truncated or the message
 * is larger than 512 octets (c-ares does both).  c-ares matches an answer
 * to its query by ID, source address and question section; callers still
 * check QR, opcode and RCODE.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "wire.h"

/* One address to talk to. */
struct dns_server {
	struct sockaddr_storage addr;
	socklen_t	 addrlen;
	char		 text[64];	/* "192.0.2.1", "[2001:db8::1]:5353" */
};

/* How an exchange ended; an answer's RCODE is data, not a status. */
enum resolve_status {
	RESOLVE_OK,		/* an answer arrived */
	RESOLVE_TIMEOUT,	/* every try timed out */
	RESOLVE_CONNREFUSED,	/* port closed (ICMP or TCP RST) */
	RESOLVE_ERROR,		/* anything else: out of memory, bad reply */
	RESOLVE_CANCELLED	/* the resolver was freed first */
};

struct resolver;

/*
 * Called once per exchange.  `msg` is valid only during the call and is
 * NULL unless `status` is RESOLVE_OK.
 */
typedef void (*resolve_cb)(void *arg, enum resolve_status status,
	    const uint8_t *msg, size_t len);

/*
 * A resolver whose recursive queries go to `recursive` (addresses, comma
 * or space separated, each optionally with :port or [v6]:port), or to the
 * servers of /etc/resolv.conf when NULL.  Logs and returns NULL on error.
 */
struct resolver *resolver_new(const char *recursive);
/* Cancel what is pending (callbacks are not called) and free; NULL ok. */
void	 resolver_free(struct resolver *r);

/*
 * Queue `msg` to server `to`; each try waits `timeout_ms`, doubled on each
 * retry, `tries` times.  `to` NULL sends to the recursive resolvers.
 * Returns 0, or -1 (callback not called) when it could not be queued.
 */
int	 resolver_send(struct resolver *r, const struct dns_server *to,
	    const uint8_t *msg, size_t len, unsigned timeout_ms,
	    unsigned tries, resolve_cb cb, void *arg);

/*
 * Run the event loop until nothing is pending or the monotonic clock
 * reaches `until_ms` (see os_clock_ms()).  Returns the number of exchanges
 * still pending, or -1 when poll(2) failed.
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

/* Write a query for `name`/`type`/IN; RD set when `recursion_desired`. */
void	 resolve_build_query(struct wire *w, uint16_t id,
	    const struct dname *name, uint16_t type, int recursion_desired);

/*
 * Parse an address literal with an optional port: "192.0.2.1",
 * "192.0.2.1:5353", "2001:db8::1", "[2001:db8::1]:5353".  Returns 0, or -1
 * when `text` is not an address literal (it may be a host name).
 */
int	 dns_server_parse(const char *text, uint16_t default_port,
	    struct dns_server *out);
/* Fill `out` from a raw IPv4 (4 bytes) or IPv6 (16 bytes) address. */
void	 dns_server_from_raw(const uint8_t *addr, size_t addrlen,
	    uint16_t port, struct dns_server *out);
/* 1 when both are the same address and port. */
int	 dns_server_equal(const struct dns_server *a,
	    const struct dns_server *b);

/* A short text for a status. */
const char *resolve_strstatus(enum resolve_status status);

#endif
