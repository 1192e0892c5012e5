/* SPDX-License-Identifier: ISC */
/*
 * TKEY (RFC 2930) in GSS-API mode (RFC 3645 mode 3): the query that
 * carries a token, and reading the answer.  Every byte goes through the
 * wire cursor; names are written uncompressed, which every server takes
 * and Windows wants.
 */

#include "dns/tkey.h"

#include <stdio.h>
#include <string.h>

#include "dns/dns.h"
#include "dns/rdata.h"

int
tkey_build_query(struct wire *w, uint16_t id, const struct tkey_query *q)
{
	struct dns_header h;
	struct dname	 alg;
	const char	*wire_name;
	size_t		 rdlen_at, rdata_at;

	if (q == NULL || q->keyname == NULL || !tsig_alg_is_gss(q->alg) ||
	    (wire_name = tsig_alg_wire(q->alg)) == NULL ||
	    dname_from_text(&alg, wire_name) == -1 ||
	    (q->token == NULL && q->tokenlen > 0) || q->tokenlen > UINT16_MAX)
		return -1;

	memset(&h, 0, sizeof(h));
	h.id = id;
	h.flags = 0;		/* QUERY, RD clear */
	h.qdcount = 1;
	/* Windows looks for the TKEY among the answers. */
	if (q->alg == TSIG_GSS_MS)
		h.ancount = 1;
	else
		h.arcount = 1;
	wire_put_header(w, &h);
	wire_put_dname(w, q->keyname);
	wire_put_u16(w, DNS_TYPE_TKEY);
	wire_put_u16(w, DNS_CLASS_ANY);

	wire_put_dname(w, q->keyname);
	wire_put_u16(w, DNS_TYPE_TKEY);
	wire_put_u16(w, DNS_CLASS_ANY);
	wire_put_u32(w, 0);
	rdlen_at = w->pos;
	wire_put_u16(w, 0);
	rdata_at = w->pos;
	wire_put_dname(w, &alg);
	wire_put_u32(w, q->now);	/* inception */
	wire_put_u32(w, q->now);	/* expiration */
	wire_put_u16(w, TKEY_MODE_GSSAPI);
	wire_put_u16(w, 0);		/* error */
	wire_put_u16(w, (uint16_t)q->tokenlen);
	if (q->tokenlen > 0)
		wire_put_bytes(w, q->token, q->tokenlen);
	wire_put_u16(w, 0);		/* other size */
	if (w->error == WIRE_OK && w->pos - rdata_at > UINT16_MAX)
		w->error = WIRE_ERANGE;
	if (w->error == WIRE_OK)
		wire_set_u16(w, rdlen_at, (uint16_t)(w->pos - rdata_at));
	return w->error == WIRE_OK ? 0 : -1;
}

/* Fill `a` from the TKEY RR `rr`: 0, or -1 when its RDATA is malformed. */
static int
tkey_take(const uint8_t *msg, size_t len, const struct dns_rr *rr,
    struct tkey_answer *a)
{
	struct rdata_tkey rd;

	if (rdata_tkey(msg, len, rr->rdata, rr->rdlength, &rd) != WIRE_OK)
		return -1;
	a->found = 1;
	a->mode = rd.mode;
	a->error = rd.error;
	a->inception = rd.inception;
	a->expiration = rd.expiration;
	a->token = rd.key;
	a->tokenlen = rd.key_len;
	return 0;
}

int
tkey_parse_answer(const uint8_t *msg, size_t len, uint16_t id,
    const struct dname *keyname, struct tkey_answer *a)
{
	struct wire	 w;
	struct dns_header h;
	struct dns_rr	 rr;
	struct dname	 qname;
	uint16_t	 qtype, qclass;
	unsigned long	 i, n, additional;

	memset(a, 0, sizeof(*a));
	if (msg == NULL || keyname == NULL)
		return -1;
	wire_reader(&w, msg, len);
	wire_get_header(&w, &h);
	if (w.error != WIRE_OK || h.id != id ||
	    (h.flags & DNS_FLAG_QR) == 0 ||
	    DNS_OPCODE(h.flags) != DNS_OPCODE_QUERY || h.qdcount > 1)
		return -1;
	/* A server that could not parse the query may leave it out. */
	if (h.qdcount == 1) {
		wire_get_dname(&w, &qname);
		qtype = wire_get_u16(&w);
		qclass = wire_get_u16(&w);
		if (w.error != WIRE_OK || !dname_equal(&qname, keyname) ||
		    qtype != DNS_TYPE_TKEY || qclass != DNS_CLASS_ANY)
			return -1;
	}
	additional = (unsigned long)h.ancount + h.nscount;
	n = additional + h.arcount;
	/* Each record takes at least 11 bytes: the error ends the loop. */
	for (i = 0; i < n && w.error == WIRE_OK; i++) {
		wire_get_rr(&w, &rr);
		if (w.error != WIRE_OK || a->found ||
		    rr.type != DNS_TYPE_TKEY ||
		    (i >= h.ancount && i < additional) ||
		    !dname_equal(&rr.owner, keyname))
			continue;
		if (tkey_take(msg, len, &rr, a) == -1)
			break;
	}
	if (w.error != WIRE_OK || i < n || w.pos != len) {
		memset(a, 0, sizeof(*a));
		return -1;
	}
	a->rcode = DNS_RCODE(h.flags);
	return 0;
}

const char *
tkey_error_text(uint16_t error)
{
	static char	 buf[sizeof("error 65535")];

	switch (error) {
	case DNS_RCODE_NOERROR:
	case DNS_RCODE_BADSIG:
	case DNS_RCODE_BADKEY:
	case DNS_RCODE_BADTIME:
	case DNS_RCODE_BADMODE:
	case DNS_RCODE_BADNAME:
	case DNS_RCODE_BADALG:
		return dns_rcode_name(error);
	default:
		(void)snprintf(buf, sizeof(buf), "error %u", error);
		return buf;
	}
}

int
tkey_keyname(struct dname *out, const char *host, uint32_t random)
{
	char	 text[DNAME_TEXT_MAX];
	int	 n;

	if (host == NULL || host[0] == '\0' || host[0] == '.')
		return -1;
	n = snprintf(text, sizeof(text), "%lu.sig-%s", (unsigned long)random,
	    host);
	if (n < 0 || (size_t)n >= sizeof(text) ||
	    dname_from_text(out, text) == -1)
		return -1;
	return 0;
}
