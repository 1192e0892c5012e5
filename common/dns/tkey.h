/* SPDX-License-Identifier: ISC */
#ifndef ACME_TKEY_H
#define ACME_TKEY_H

/*
 * TKEY (RFC 2930) for GSS-TSIG (RFC 3645): the QUERY that carries our
 * GSS-API token to the server, and its answer with the server's token.
 * The tokens themselves are the GSS-API module's; this layer only moves
 * their bytes, through the wire cursor.
 */

#include <stddef.h>
#include <stdint.h>

#include "dns/dname.h"
#include "dns/tsig.h"
#include "dns/wire.h"

#define TKEY_MODE_GSSAPI	3	/* RFC 2930 2.5 */

struct tkey_query {
	const struct dname *keyname;	/* e.g. 12345.sig-ns1.example.net. */
	enum tsig_alg	 alg;		/* TSIG_GSS or TSIG_GSS_MS */
	uint32_t	 now;		/* inception = expiration = now, as
					   nsupdate does */
	const uint8_t	*token;		/* from gss_init_sec_context */
	size_t		 tokenlen;
};

/*
 * A QUERY for keyname, type TKEY, class ANY, RD clear, with one TKEY RR
 * (owner keyname, class ANY, TTL 0, mode GSS-API): in the additional
 * section for TSIG_GSS, in the answer section for TSIG_GSS_MS (as
 * nsupdate sends it to Windows).  No name is compressed (Windows).
 * Returns 0, or -1 when the query is not a GSS one, the token is longer
 * than a TKEY RR holds, or the buffer is too small (w->error).
 */
int	 tkey_build_query(struct wire *w, uint16_t id,
	    const struct tkey_query *q);

struct tkey_answer {
	unsigned	 rcode;		/* header RCODE */
	int		 found;		/* a TKEY RR for keyname was there */
	uint16_t	 mode;		/* TKEY mode */
	uint16_t	 error;		/* BADKEY 17, BADNAME 20, BADALG 21... */
	uint32_t	 inception;
	uint32_t	 expiration;
	const uint8_t	*token;		/* the server's GSS token, in msg */
	size_t		 tokenlen;
};

/*
 * Parse the answer to the query `id` for `keyname`: ID, QR set, opcode
 * QUERY, and the question, when echoed, keyname TKEY ANY; every record
 * well formed and nothing after the last.  The TKEY RR owned by keyname
 * is taken from the answer section (both flavours answer there), else
 * from the additional section.  Returns 0 with `a` filled (`found` may be
 * 0, with an rcode such as FORMERR, REFUSED or NOTAUTH), or -1 when the
 * message is malformed (that TKEY RR's RDATA too) or does not answer the
 * query.
 */
int	 tkey_parse_answer(const uint8_t *msg, size_t len, uint16_t id,
	    const struct dname *keyname, struct tkey_answer *a);

/* "BADKEY", "BADNAME", "BADALG", "BADSIG", "BADTIME"..., else "error N". */
const char *tkey_error_text(uint16_t error);

/*
 * A fresh key name "<random in decimal>.sig-<host>." into `out`, host
 * being the primary's name.  Returns 0, or -1 when it is no valid name
 * or too long.
 */
int	 tkey_keyname(struct dname *out, const char *host, uint32_t random);

#endif
