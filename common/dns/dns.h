/* SPDX-License-Identifier: ISC */
#ifndef ACME_DNS_H
#define ACME_DNS_H

/*
 * DNS protocol facts the modules share: numbers from the RFCs, the names
 * of RCODEs, serial number arithmetic, and what an ACME dns-01 TXT value
 * may look like.  No I/O and no state.
 */

#include <stdint.h>

#define DNS_PORT	53

/* An ACME validation value is 43 base64url characters; TXT holds <= 255. */
#define TXT_VALUE_MAX	255
#define DNS01_VALUE_LEN	43	/* base64url of a SHA-256, unpadded */

/* DNS constants used in this project. */
enum {
	DNS_CLASS_IN = 1,
	DNS_CLASS_NONE = 254,
	DNS_CLASS_ANY = 255
};
enum {
	DNS_TYPE_A = 1,
	DNS_TYPE_NS = 2,
	DNS_TYPE_CNAME = 5,
	DNS_TYPE_SOA = 6,
	DNS_TYPE_TXT = 16,
	DNS_TYPE_AAAA = 28,
	DNS_TYPE_OPT = 41,
	DNS_TYPE_TKEY = 249,
	DNS_TYPE_TSIG = 250,
	DNS_TYPE_ANY = 255
};
enum {
	DNS_OPCODE_QUERY = 0,
	DNS_OPCODE_UPDATE = 5
};
/* Header flag bits, in the 16-bit flags word. */
#define DNS_FLAG_QR	0x8000u
#define DNS_FLAG_AA	0x0400u
#define DNS_FLAG_TC	0x0200u
#define DNS_FLAG_RD	0x0100u
#define DNS_FLAG_RA	0x0080u
#define DNS_OPCODE(flags)	(((flags) >> 11) & 0xfu)
#define DNS_RCODE(flags)	((flags) & 0xfu)

/* RCODEs, including the TSIG and TKEY extended ones (RFC 8945, 2930). */
enum {
	DNS_RCODE_NOERROR = 0,
	DNS_RCODE_FORMERR = 1,
	DNS_RCODE_SERVFAIL = 2,
	DNS_RCODE_NXDOMAIN = 3,
	DNS_RCODE_NOTIMP = 4,
	DNS_RCODE_REFUSED = 5,
	DNS_RCODE_YXDOMAIN = 6,
	DNS_RCODE_YXRRSET = 7,
	DNS_RCODE_NXRRSET = 8,
	DNS_RCODE_NOTAUTH = 9,
	DNS_RCODE_NOTZONE = 10,
	DNS_RCODE_BADSIG = 16,
	DNS_RCODE_BADKEY = 17,
	DNS_RCODE_BADTIME = 18,
	DNS_RCODE_BADMODE = 19,
	DNS_RCODE_BADNAME = 20,
	DNS_RCODE_BADALG = 21,
	DNS_RCODE_BADTRUNC = 22
};

/* "NOERROR", "SERVFAIL", "BADSIG"... or "RCODE42". */
const char *dns_rcode_name(unsigned rcode);

/* "A", "TXT", "SOA"... or "TYPE42" (RFC 3597). */
const char *dns_type_name(unsigned type);

/* RFC 1982 serial comparison: 1 when `a` is `b` or later. */
int	 dns_serial_at_least(uint32_t a, uint32_t b);

/*
 * 1 when `value` is what RFC 8555 promises for dns-01: exactly 43 base64url
 * characters (the unpadded SHA-256 of the key authorization).  Anything
 * else (quotes, spaces, newlines, another length) is refused before any
 * message is sent.
 */
int	 dns_txt_value_ok(const char *value);

#endif
