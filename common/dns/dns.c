/* SPDX-License-Identifier: ISC */
#include "dns/dns.h"

#include <stdio.h>

const char *
dns_rcode_name(unsigned rcode)
{
	static char	 buf[sizeof("RCODE4294967295")];

	switch (rcode) {
	case DNS_RCODE_NOERROR:
		return "NOERROR";
	case DNS_RCODE_FORMERR:
		return "FORMERR";
	case DNS_RCODE_SERVFAIL:
		return "SERVFAIL";
	case DNS_RCODE_NXDOMAIN:
		return "NXDOMAIN";
	case DNS_RCODE_NOTIMP:
		return "NOTIMP";
	case DNS_RCODE_REFUSED:
		return "REFUSED";
	case DNS_RCODE_YXDOMAIN:
		return "YXDOMAIN";
	case DNS_RCODE_YXRRSET:
		return "YXRRSET";
	case DNS_RCODE_NXRRSET:
		return "NXRRSET";
	case DNS_RCODE_NOTAUTH:
		return "NOTAUTH";
	case DNS_RCODE_NOTZONE:
		return "NOTZONE";
	case DNS_RCODE_BADSIG:
		return "BADSIG";
	case DNS_RCODE_BADKEY:
		return "BADKEY";
	case DNS_RCODE_BADTIME:
		return "BADTIME";
	case DNS_RCODE_BADMODE:
		return "BADMODE";
	case DNS_RCODE_BADNAME:
		return "BADNAME";
	case DNS_RCODE_BADALG:
		return "BADALG";
	case DNS_RCODE_BADTRUNC:
		return "BADTRUNC";
	default:
		(void)snprintf(buf, sizeof(buf), "RCODE%u", rcode);
		return buf;
	}
}

const char *
dns_type_name(unsigned type)
{
	static char	 buf[sizeof("TYPE4294967295")];

	switch (type) {
	case DNS_TYPE_A:
		return "A";
	case DNS_TYPE_NS:
		return "NS";
	case DNS_TYPE_CNAME:
		return "CNAME";
	case DNS_TYPE_SOA:
		return "SOA";
	case DNS_TYPE_TXT:
		return "TXT";
	case DNS_TYPE_AAAA:
		return "AAAA";
	case DNS_TYPE_OPT:
		return "OPT";
	case DNS_TYPE_TKEY:
		return "TKEY";
	case DNS_TYPE_TSIG:
		return "TSIG";
	case DNS_TYPE_ANY:
		return "ANY";
	default:
		(void)snprintf(buf, sizeof(buf), "TYPE%u", type);
		return buf;
	}
}

int
dns_serial_at_least(uint32_t a, uint32_t b)
{
	/* RFC 1982: a >= b when (a - b) mod 2^32 < 2^31. */
	return (uint32_t)(a - b) < 0x80000000u;
}

int
dns_txt_value_ok(const char *value)
{
	size_t	 i;
	char	 c;

	if (value == NULL)
		return 0;
	for (i = 0; i < DNS01_VALUE_LEN; i++) {
		c = value[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;	/* also stops at an early NUL */
	}
	return value[DNS01_VALUE_LEN] == '\0';
}
