/* SPDX-License-Identifier: ISC */
#include "dns/query.h"

#include <string.h>

#include "dns/dns.h"

void
query_build(struct wire *w, uint16_t id, const struct dname *name,
    uint16_t type, int recursion_desired)
{
	struct dns_header h;

	memset(&h, 0, sizeof(h));
	h.id = id;
	h.flags = recursion_desired ? DNS_FLAG_RD : 0;
	h.qdcount = 1;
	wire_put_header(w, &h);
	wire_put_dname(w, name);
	wire_put_u16(w, type);
	wire_put_u16(w, DNS_CLASS_IN);
}
