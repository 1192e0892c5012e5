/* SPDX-License-Identifier: ISC */
/*
 * RFC 2136 UPDATE messages for TXT records, and matching their answers.
 */

#include "dns/update.h"

#include <stdio.h>
#include <string.h>

#include "sys/log.h"

#define TXT_STRING_MAX	255	/* octets in one <character-string> */

/*
 * The TXT RDATA for `value`: one or more <character-string>s of at most
 * 255 octets each (RFC 1035 3.3.14); an empty value is one empty string.
 */
static void
put_txt_rdata(struct wire *w, const char *value)
{
	size_t	 len, chunk;

	len = strlen(value);
	do {
		chunk = len > TXT_STRING_MAX ? TXT_STRING_MAX : len;
		wire_put_u8(w, (uint8_t)chunk);
		wire_put_bytes(w, (const uint8_t *)value, chunk);
		value += chunk;
		len -= chunk;
	} while (len > 0);
}

/*
 * One update RR.  An add is owner TXT IN ttl value (RFC 2136 2.5.1); a
 * delete of one value is owner TXT NONE 0 value (2.5.4), which leaves any
 * other value at the name alone.  RDLENGTH is back-patched.
 */
static void
put_update_rr(struct wire *w, enum update_op op, uint32_t ttl,
    const struct txt_record *rec)
{
	size_t	 rdlen_at, rdata_at;

	wire_put_dname(w, &rec->owner);
	wire_put_u16(w, DNS_TYPE_TXT);
	if (op == UPDATE_ADD) {
		wire_put_u16(w, DNS_CLASS_IN);
		wire_put_u32(w, ttl);
	} else {
		wire_put_u16(w, DNS_CLASS_NONE);
		wire_put_u32(w, 0);
	}
	rdlen_at = w->pos;
	wire_put_u16(w, 0);
	rdata_at = w->pos;
	put_txt_rdata(w, rec->value);
	if (w->error == WIRE_OK && w->pos - rdata_at > UINT16_MAX)
		w->error = WIRE_ERANGE;
	wire_set_u16(w, rdlen_at, (uint16_t)(w->pos - rdata_at));
}

int
update_build(struct wire *w, uint16_t id, const struct dname *zone,
    enum update_op op, uint32_t ttl, const struct txt_record *recs,
    size_t n)
{
	struct dns_header h;
	size_t	 i;

	if (n > UINT16_MAX)
		return -1;
	for (i = 0; i < n; i++)
		if (!dname_is_below(&recs[i].owner, zone) ||
		    strnlen(recs[i].value, sizeof(recs[i].value)) ==
		    sizeof(recs[i].value))
			return -1;

	memset(&h, 0, sizeof(h));
	h.id = id;
	h.flags = (uint16_t)(DNS_OPCODE_UPDATE << 11);
	h.qdcount = 1;		/* ZOCOUNT */
	h.nscount = (uint16_t)n;	/* UPCOUNT */
	wire_put_header(w, &h);

	wire_put_dname(w, zone);
	wire_put_u16(w, DNS_TYPE_SOA);
	wire_put_u16(w, DNS_CLASS_IN);

	for (i = 0; i < n; i++)
		put_update_rr(w, op, ttl, &recs[i]);
	return w->error == WIRE_OK ? 0 : -1;
}

/*
 * The zone section must echo ours.  Only an error answer may come without
 * it: a server that could not parse the request (FORMERR) cannot echo it,
 * and an error never counts as success, so nothing is lost by reading it.
 */
int
update_check_answer(const uint8_t *msg, size_t len, uint16_t id,
    const struct dname *zone, uint16_t *rcode)
{
	struct wire w;
	struct dns_header h;
	struct dns_rr rr;
	struct dname zname;
	uint16_t zclass, ztype;
	unsigned i, n;

	wire_reader(&w, msg, len);
	wire_get_header(&w, &h);
	if (w.error != WIRE_OK) {
		log_debug("answer: %zu bytes, shorter than a header", len);
		return -1;
	}
	if (h.id != id || (h.flags & DNS_FLAG_QR) == 0 ||
	    DNS_OPCODE(h.flags) != DNS_OPCODE_UPDATE) {
		log_debug("answer: id %u flags 0x%04x: not an answer to "
		    "update %u", h.id, h.flags, id);
		return -1;
	}
	if (h.qdcount == 0 && DNS_RCODE(h.flags) == DNS_RCODE_NOERROR) {
		log_debug("answer: NOERROR without a zone section");
		return -1;
	}
	if (h.qdcount > 1) {
		log_debug("answer: %u zone entries", h.qdcount);
		return -1;
	}
	if (h.qdcount == 1) {
		wire_get_dname(&w, &zname);
		ztype = wire_get_u16(&w);
		zclass = wire_get_u16(&w);
		if (w.error != WIRE_OK) {
			log_debug("answer: zone section: %s",
			    wire_strerror(w.error));
			return -1;
		}
		if (!dname_equal(&zname, zone) || ztype != DNS_TYPE_SOA ||
		    zclass != DNS_CLASS_IN) {
			log_debug("answer: zone section names another zone");
			return -1;
		}
	}
	/* Every record the counts promise must be there and well formed. */
	n = (unsigned)h.ancount + h.nscount + h.arcount;
	for (i = 0; i < n && w.error == WIRE_OK; i++)
		wire_get_rr(&w, &rr);
	if (w.error != WIRE_OK) {
		log_debug("answer: record %u: %s", i, wire_strerror(w.error));
		return -1;
	}
	*rcode = (uint16_t)DNS_RCODE(h.flags);
	return 0;
}


