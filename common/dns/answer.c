/* SPDX-License-Identifier: ISC */
#include "dns/answer.h"

#include <string.h>

int
answer_parse(struct answer *a, const uint8_t *msg, size_t len,
    const struct dname *qname, uint16_t qtype)
{
	struct wire	 w;
	struct dname	 name;
	uint16_t	 type, class;
	size_t		 total, i;

	memset(a, 0, sizeof(*a));
	a->msg = msg;
	a->len = len;
	wire_reader(&w, msg, len);
	wire_get_header(&w, &a->h);
	if (w.error != 0 || !(a->h.flags & DNS_FLAG_QR) ||
	    DNS_OPCODE(a->h.flags) != DNS_OPCODE_QUERY || a->h.qdcount != 1)
		return -1;
	wire_get_dname(&w, &name);
	type = wire_get_u16(&w);
	class = wire_get_u16(&w);
	if (w.error != 0 || !dname_equal(&name, qname) || type != qtype ||
	    class != DNS_CLASS_IN)
		return -1;
	total = (size_t)a->h.ancount + a->h.nscount + a->h.arcount;
	if (total > ANSWER_RR_MAX)
		return -1;
	for (i = 0; i < total; i++) {
		wire_get_rr(&w, &a->rr[i]);
		if (w.error != 0)
			return -1;
	}
	a->count[ANSWER_AN] = a->h.ancount;
	a->count[ANSWER_NS] = a->h.nscount;
	a->count[ANSWER_AR] = a->h.arcount;
	return 0;
}

unsigned
answer_rcode(const struct answer *a)
{
	return DNS_RCODE(a->h.flags);
}

const struct dns_rr *
answer_get(const struct answer *a, enum answer_section section, size_t i)
{
	size_t	 base = 0, s;

	for (s = 0; s < (size_t)section; s++)
		base += a->count[s];
	if (i >= a->count[section])
		return NULL;
	return &a->rr[base + i];
}

int
answer_rdata_name(const struct answer *a, const struct dns_rr *rr,
    struct dname *out)
{
	return rdata_name(a->msg, a->len, rr->rdata, rr->rdlength, out) ==
	    WIRE_OK ? 0 : -1;
}

int
answer_rdata_soa(const struct answer *a, const struct dns_rr *rr,
    struct dname *mname, uint32_t *serial)
{
	struct rdata_soa soa;

	if (rdata_soa(a->msg, a->len, rr->rdata, rr->rdlength, &soa) !=
	    WIRE_OK)
		return -1;
	*mname = soa.mname;
	*serial = soa.serial;
	return 0;
}

int
answer_rdata_address(const struct answer *a, const struct dns_rr *rr,
    struct rdata_addr *out)
{
	int	 rc;

	switch (rr->type) {
	case DNS_TYPE_A:
		rc = rdata_a(a->msg, a->len, rr->rdata, rr->rdlength, out);
		break;
	case DNS_TYPE_AAAA:
		rc = rdata_aaaa(a->msg, a->len, rr->rdata, rr->rdlength, out);
		break;
	default:
		return -1;
	}
	return rc == WIRE_OK ? 0 : -1;
}

int
answer_rdata_txt(const struct answer *a, const struct dns_rr *rr,
    char *out, size_t cap)
{
	struct wire	 w;
	size_t		 end = rr->rdata + rr->rdlength, n = 0;
	uint8_t		 slen;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	wire_reader(&w, a->msg, end);	/* strings may not overrun RDATA */
	wire_seek(&w, rr->rdata);
	while (w.error == 0 && w.pos < end) {
		slen = wire_get_u8(&w);
		if (n + slen >= cap)
			return -1;
		wire_get_bytes(&w, (uint8_t *)out + n, slen);
		n += slen;
	}
	if (w.error != 0 || memchr(out, '\0', n) != NULL)
		return -1;
	out[n] = '\0';
	return 0;
}

