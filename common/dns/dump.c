/* SPDX-License-Identifier: ISC */
#include "dns/dump.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "dns/dns.h"
#include "sys/log.h"
#include "dns/rdata.h"
#include "dns/wire.h"

#define RDATA_TEXT_MAX	(2 * DNAME_TEXT_MAX + 64)

static const char *
opcode_name(unsigned opcode)
{
	return opcode == DNS_OPCODE_QUERY ? "QUERY" :
	    opcode == DNS_OPCODE_UPDATE ? "UPDATE" : "OPCODE?";
}

static const char *
class_name(uint16_t class)
{
	switch (class) {
	case DNS_CLASS_IN:
		return "IN";
	case DNS_CLASS_NONE:
		return "NONE";
	case DNS_CLASS_ANY:
		return "ANY";
	default:
		return "CLASS?";
	}
}

/* The flags that matter here, as dig shows them. */
static void
flags_text(uint16_t flags, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s%s", flags & DNS_FLAG_QR ? " qr" : "",
	    flags & DNS_FLAG_AA ? " aa" : "", flags & DNS_FLAG_TC ? " tc" : "",
	    flags & DNS_FLAG_RD ? " rd" : "", flags & DNS_FLAG_RA ? " ra" : "");
}

/* Character-strings, each quoted and escaped. */
static void
rdata_txt(struct wire *w, size_t end, char *buf, size_t size)
{
	uint8_t		 s[255];
	char		 esc[4 * 255 + 1];
	size_t		 at = 0;
	uint8_t		 n;

	buf[0] = '\0';
	while (w->error == WIRE_OK && w->pos < end) {
		n = wire_get_u8(w);
		wire_get_bytes(w, s, n);
		dname_escape_text(s, n, esc, sizeof(esc));
		if (at + strlen(esc) + 4 >= size)
			break;
		at += (size_t)snprintf(buf + at, size - at, "%s\"%s\"",
		    at > 0 ? " " : "", esc);
	}
}

/*
 * RDATA as text, decoded by rdata.h as the logic decodes it; types we
 * never use are shown by length (RFC 3597).  Bytes left after the
 * fields are not shown.
 */
static void
rdata_text(const struct wire *msg, const struct dns_rr *rr, char *buf,
    size_t size)
{
	union {
		struct rdata_addr addr;
		struct dname	 name;
		struct rdata_soa soa;
		struct rdata_tsig tsig;
		struct rdata_tkey tkey;
	} d;
	char		 m[DNAME_TEXT_MAX], r[DNAME_TEXT_MAX];
	struct wire	 w;
	size_t		 off = rr->rdata, n = rr->rdlength;
	int		 rc;

	buf[0] = '\0';
	if (rr->rdlength == 0)	/* an UPDATE's delete of a whole RRset */
		return;
	switch (rr->type) {
	case DNS_TYPE_A:
	case DNS_TYPE_AAAA:
		rc = (rr->type == DNS_TYPE_A ? rdata_a : rdata_aaaa)(msg->rd,
		    msg->size, off, n, &d.addr);
		if (rc == WIRE_OK || rc == RDATA_TRAILING)
			(void)inet_ntop(d.addr.len == 4 ? AF_INET : AF_INET6,
			    d.addr.addr, buf, (socklen_t)size);
		break;
	case DNS_TYPE_NS:
	case DNS_TYPE_CNAME:
		rc = rdata_name(msg->rd, msg->size, off, n, &d.name);
		dname_to_text(&d.name, buf, size);
		break;
	case DNS_TYPE_SOA:
		rc = rdata_soa(msg->rd, msg->size, off, n, &d.soa);
		dname_to_text(&d.soa.mname, m, sizeof(m));
		dname_to_text(&d.soa.rname, r, sizeof(r));
		snprintf(buf, size, "%s %s %lu %lu %lu %lu %lu", m, r,
		    (unsigned long)d.soa.serial, (unsigned long)d.soa.refresh,
		    (unsigned long)d.soa.retry, (unsigned long)d.soa.expire,
		    (unsigned long)d.soa.minimum);
		break;
	case DNS_TYPE_TXT:
		/* Strings may not overrun RDATA. */
		wire_reader(&w, msg->rd, off + n);
		wire_seek(&w, off);
		rdata_txt(&w, off + n, buf, size);
		rc = w.error;
		break;
	case DNS_TYPE_TSIG:
		rc = rdata_tsig(msg->rd, msg->size, off, n, &d.tsig);
		dname_to_text(&d.tsig.alg, m, sizeof(m));
		snprintf(buf, size, "%s time %llu fudge %u mac (%u bytes) "
		    "id %u error %s other (%u bytes)", m,
		    (unsigned long long)d.tsig.time, d.tsig.fudge,
		    d.tsig.mac_len, d.tsig.orig_id,
		    dns_rcode_name(d.tsig.error), d.tsig.other_len);
		break;
	case DNS_TYPE_TKEY:
		rc = rdata_tkey(msg->rd, msg->size, off, n, &d.tkey);
		dname_to_text(&d.tkey.alg, m, sizeof(m));
		snprintf(buf, size, "%s inception %lu expiration %lu mode %u "
		    "error %s key (%u bytes) other (%u bytes)", m,
		    (unsigned long)d.tkey.inception,
		    (unsigned long)d.tkey.expiration, d.tkey.mode,
		    dns_rcode_name(d.tkey.error), d.tkey.key_len,
		    d.tkey.other_len);
		break;
	default:
		snprintf(buf, size, "\\# %u", rr->rdlength);
		return;
	}
	if (rc != WIRE_OK && rc != RDATA_TRAILING)
		snprintf(buf, size, "(malformed: %s)", wire_strerror(rc));
}

static const char *
section_name(unsigned opcode, int section)
{
	static const char *const query[] = { "question", "answer",
	    "authority", "additional" };
	static const char *const update[] = { "zone", "prerequisite",
	    "update", "additional" };

	return (opcode == DNS_OPCODE_UPDATE ? update : query)[section];
}

/* The question (zone) entries, then every record of the three sections. */
static void
dump_sections(struct wire *w, const struct dns_header *h)
{
	uint16_t	 counts[4] = { h->qdcount, h->ancount, h->nscount,
	    h->arcount };
	unsigned	 op = DNS_OPCODE(h->flags);
	struct dns_rr	 rr;
	struct dname	 q;
	char		 name[DNAME_TEXT_MAX], rdata[RDATA_TEXT_MAX];
	uint16_t	 type, class;
	unsigned	 i;
	int		 s;

	for (i = 0; i < counts[0] && w->error == WIRE_OK; i++) {
		wire_get_dname(w, &q);
		type = wire_get_u16(w);
		class = wire_get_u16(w);
		dname_to_text(&q, name, sizeof(name));
		if (w->error == WIRE_OK)
			log_debug(";;   %s: %s %s %s", section_name(op, 0), name,
			    class_name(class), dns_type_name(type));
	}
	for (s = 1; s < 4; s++)
		for (i = 0; i < counts[s] && w->error == WIRE_OK; i++) {
			wire_get_rr(w, &rr);
			if (w->error != WIRE_OK)
				break;
			dname_to_text(&rr.owner, name, sizeof(name));
			rdata_text(w, &rr, rdata, sizeof(rdata));
			log_debug(";;   %s: %s %lu %s %s %s",
			    section_name(op, s), name, (unsigned long)rr.ttl,
			    class_name(rr.class), dns_type_name(rr.type),
			    rdata);
		}
	if (w->error != WIRE_OK)
		log_debug(";;   (malformed from here: %s)",
		    wire_strerror(w->error));
}

void
dump_message(int sent, const char *peer, const uint8_t *msg, size_t len)
{
	struct dns_header h;
	struct wire	 w;
	char		 flags[32];

	if (log_get_level() < LOG_DEBUG)
		return;
	wire_reader(&w, msg, len);
	wire_get_header(&w, &h);
	if (w.error != WIRE_OK) {
		log_debug(";; %s %s: %zu bytes, shorter than a DNS header",
		    sent ? "to" : "from", peer, len);
		return;
	}
	flags_text(h.flags, flags, sizeof(flags));
	log_debug(";; %s %s: %zu bytes, id %u, %s, %s, flags:%s",
	    sent ? "to" : "from", peer, len, h.id,
	    opcode_name(DNS_OPCODE(h.flags)),
	    dns_rcode_name(DNS_RCODE(h.flags)), flags);
	dump_sections(&w, &h);
}
