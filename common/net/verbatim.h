/* SPDX-License-Identifier: ISC */
#ifndef ACME_VERBATIM_H
#define ACME_VERBATIM_H

/*
 * Exchanges whose message must reach the server byte for byte: a TSIG MAC
 * covers the whole message, ID included, and c-ares from 1.28 on parses
 * what it is handed and writes it anew (its own query ID; in 1.34 a DNS
 * cookie where there is an OPT record).  These go out on sockets of our
 * own, as nsupdate sends them: UDP first (a connected socket, so only the
 * server's address and port are heard), TCP when the answer is truncated
 * or the message is larger than a plain 512-octet datagram.
 *
 * The resolver's event loop drives them beside c-ares: it asks for the
 * descriptors to watch and the next deadline, and hands back what poll(2)
 * saw.  An answer counts only when its ID and opcode are the request's and
 * QR is set; anything else on the UDP socket is dropped and the wait goes
 * on.  Callers check the rest (question, RCODE, TSIG).
 */

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "net/address.h"

/*
 * Called once per exchange: `err` is 0 with the answer (valid only during
 * the call), or an errno: ETIMEDOUT (every try timed out), ECONNREFUSED
 * (port closed: ICMP or TCP RST), ENETUNREACH and the like (no route: the
 * send failed at once), ECANCELED (freed first), EPROTO (a TCP answer that
 * is not one to our message), ENOMEM.  It may run inside verbatim_send().
 */
typedef void (*verbatim_cb)(void *arg, int err, const uint8_t *msg,
	    size_t len);

struct verbatim;

struct verbatim *verbatim_new(void);
/* Close every socket; each pending exchange's callback gets ECANCELED. */
void	 verbatim_free(struct verbatim *v);

/*
 * Send a copy of `msg` to `to`: each UDP try waits `timeout_ms`, doubled on
 * each retry, `tries` times; a switch to TCP gets what remains of that.
 * Returns 0 (the callback has run or will run exactly once) or -1 (out of
 * memory or a message that is not DNS; the callback is not called).
 */
int	 verbatim_send(struct verbatim *v, const struct dns_server *to,
	    const uint8_t *msg, size_t len, unsigned timeout_ms,
	    unsigned tries, verbatim_cb cb, void *arg);

/* Exchanges not yet finished. */
unsigned verbatim_pending(const struct verbatim *v);

/*
 * Fill up to `cap` entries of `pfd` with the sockets to watch; returns how
 * many.  The same array, with revents set, goes back to verbatim_process().
 */
size_t	 verbatim_pollfds(struct verbatim *v, struct pollfd *pfd, size_t cap);

/* Milliseconds until the earliest deadline, at most `cap_ms`. */
int	 verbatim_timeout(const struct verbatim *v, uint64_t now_ms,
	    int cap_ms);

/*
 * Read, write, retry or expire after a poll(2): `pfd` and `n` as filled
 * by verbatim_pollfds() (n may be 0 to handle deadlines only).  Finished
 * exchanges call back from here.
 */
void	 verbatim_process(struct verbatim *v, const struct pollfd *pfd,
	    size_t n, uint64_t now_ms);

#endif
