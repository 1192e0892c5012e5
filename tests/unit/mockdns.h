/* SPDX-License-Identifier: ISC */
#ifndef ACME_MOCKDNS_H
#define ACME_MOCKDNS_H

/*
 * A scripted DNS server for the unit tests: UDP and TCP on one loopback
 * address (127.0.0.x: Linux routes all of 127.0.0.0/8 to lo, so a user
 * without privilege may bind several) and one port, served by a thread of
 * its own, so that the real network modules can be driven from the test's
 * thread as the hooks drive them, without root, a network namespace or a
 * real name server.
 *
 * It answers from records given as text (mockdns_rr()), as an
 * authoritative server does: the RRset asked for, else a CNAME at the
 * name, else NODATA or NXDOMAIN with the SOA of the closest enclosing zone
 * in the authority section, else REFUSED.  Rules (mockdns_rule()), the
 * latest first, change that for the queries they match: drop the first N,
 * delay, set TC over UDP, clear AA, answer an RCODE, send a decoy with
 * another ID or another question first (or only the decoy), or hand the
 * query to a callback that writes the whole answer.  Every query received
 * is counted (mockdns_count()).
 */

#include <stddef.h>
#include <stdint.h>

#include "net/address.h"
#include "dns/wire.h"

struct mockdns;

/* Rule flags. */
#define MOCKDNS_TC		0x01	/* over UDP: only a header and the
					 * question, TC set; TCP answers */
#define MOCKDNS_NO_AA		0x02	/* AA cleared */
#define MOCKDNS_RCODE		0x04	/* `rcode`, no records */
#define MOCKDNS_WRONG_ID	0x08	/* a copy with another ID first */
#define MOCKDNS_WRONG_QUESTION	0x10	/* a copy asking another name first */
#define MOCKDNS_DECOY_ONLY	0x20	/* the decoy alone, never the answer */
#define MOCKDNS_UPDATE		0x40	/* match UPDATE messages (opcode 5),
					 * not queries */

/* What arrived, for a callback. */
struct mockdns_query {
	const uint8_t	*msg;		/* as received; valid during the call */
	size_t		 len;
	uint16_t	 id;
	uint16_t	 flags;
	struct dname	 qname;		/* the zone of an UPDATE */
	uint16_t	 qtype;
	int		 tcp;
	unsigned	 nth;		/* 1 for the first query the rule matched */
};

/*
 * Write the whole answer into `out` (header included).  Returns 0 to send
 * it, -1 to send nothing.  Runs on the server's thread: shared state needs
 * care (the tests keep to values set before the server is asked).
 */
typedef int (*mockdns_cb)(void *arg, struct mockdns *m,
	    const struct mockdns_query *q, struct wire *out);

struct mockdns_rule {
	const char	*qname;		/* NULL: any name */
	uint16_t	 qtype;		/* 0: any type */
	unsigned	 flags;		/* MOCKDNS_* */
	unsigned	 rcode;		/* with MOCKDNS_RCODE */
	unsigned	 drop;		/* the first `drop` matches: silence */
	unsigned	 delay_ms;	/* before each answer */
	mockdns_cb	 cb;		/* NULL: answer from the records */
	void		*arg;
};

/*
 * A server on `ip`, UDP and TCP, on `port` (0: one the kernel picks for
 * UDP, then TCP on the same).  Returns NULL when the port is taken there
 * (mockdns_start_set() then tries another) or on any other failure
 * (printed).
 */
struct mockdns *mockdns_start(const char *ip, uint16_t port);
/*
 * `n` servers on `ips`, all on one port (name servers found in DNS are
 * asked on one port: testing.h).  Returns 0, or -1 (printed).
 */
int	 mockdns_start_set(struct mockdns **out, const char *const *ips,
	    size_t n);
/* Stop the thread, close, free; NULL is fine. */
void	 mockdns_stop(struct mockdns *m);

uint16_t mockdns_port(const struct mockdns *m);
/* The address as the network modules take it ("127.0.0.2:40000"). */
const struct dns_server *mockdns_server(const struct mockdns *m);

/*
 * Add a record: "OWNER TYPE RDATA" with TYPE one of A, AAAA, NS, CNAME,
 * TXT ("value"), SOA (MNAME RNAME SERIAL).  Names are absolute.  Aborts
 * on a mistake: the script is the test's own.
 */
void	 mockdns_rr(struct mockdns *m, const char *text);
/* Remove every record of `owner` and `type`. */
void	 mockdns_rr_clear(struct mockdns *m, const char *owner, uint16_t type);
/* Add a rule (at most 32), which wins over earlier ones. */
void	 mockdns_rule(struct mockdns *m, const struct mockdns_rule *rule);

/* Queries received for `qname` (NULL: any) and `qtype` (0: any). */
unsigned mockdns_count(struct mockdns *m, const char *qname, uint16_t qtype);
/* Of those, how many came over TCP. */
unsigned mockdns_count_tcp(struct mockdns *m, const char *qname,
	    uint16_t qtype);

/*
 * For callbacks: the answer `m`'s records give to `q` (another server's
 * records, for a secondary that catches up), with `flags` as a rule's
 * (MOCKDNS_NO_AA, MOCKDNS_RCODE with `rcode`).
 */
void	 mockdns_answer(struct mockdns *m, const struct mockdns_query *q,
	    unsigned flags, unsigned rcode, struct wire *out);

/*
 * For callbacks answering an UPDATE: sign the answer in out (written by
 * mockdns_answer() or by hand) as a server does (RFC 8945 4.3: the
 * request's MAC, the answer, the TSIG variables) with key `name`,
 * HMAC-SHA256 and `secret`, at `now`, with TSIG error `error`.  Returns 0,
 * or -1 when the request carries no TSIG.
 */
int	 mockdns_sign_answer(const struct mockdns_query *q, const char *name,
	    const uint8_t *secret, size_t secret_len, uint64_t now,
	    uint16_t error, struct wire *out);

#endif
