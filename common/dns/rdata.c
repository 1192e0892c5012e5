/* SPDX-License-Identifier: ISC */
#include "dns/rdata.h"

#include <string.h>

#include "dns/wire.h"

/*
 * A cursor over the message that ends where the RDATA ends, at its
 * start; `out` of `size` bytes zeroed first.  Names read into `out`
 * before the returned value is checked end up the root name on failure.  Returns WIRE_OK, or
 * WIRE_ESHORT when the RDATA does not lie inside the message (a caller's
 * offsets, not a wire_get_rr()'s).
 */
static int
rdata_open(struct wire *w, const uint8_t *msg, size_t len, size_t off,
    size_t rdlen, void *out, size_t size)
{
	memset(out, 0, size);
	if (msg == NULL || off > len || rdlen > len - off) {
		/* A failed cursor: later reads are no-ops (names: the root). */
		wire_reader(w, NULL, 0);
		w->error = WIRE_ESHORT;
		return w->error;
	}
	wire_reader(w, msg, off + rdlen);
	wire_seek(w, off);
	return w->error;
}

static int
rdata_close(const struct wire *w)
{
	if (w->error != WIRE_OK)
		return w->error;
	return wire_left(w) == 0 ? WIRE_OK : RDATA_TRAILING;
}

/*
 * A field of a 16-bit size and that many octets (TSIG's MAC and other
 * data, TKEY's key and other data): the size, its octets in `*p`.
 */
static uint16_t
rdata_counted(struct wire *w, const uint8_t *msg, const uint8_t **p)
{
	uint16_t	 n;

	n = wire_get_u16(w);
	*p = msg + w->pos;
	wire_skip(w, n);
	return n;
}

static int
rdata_address(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
    size_t want, struct rdata_addr *out)
{
	struct wire	 w;
	int		 rc;

	if ((rc = rdata_open(&w, msg, len, off, rdlen, out, sizeof(*out))) !=
	    WIRE_OK)
		return rc;
	wire_get_bytes(&w, out->addr, want);
	out->len = want;
	return rdata_close(&w);
}

int
rdata_a(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
    struct rdata_addr *out)
{
	return rdata_address(msg, len, off, rdlen, 4, out);
}

int
rdata_aaaa(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
    struct rdata_addr *out)
{
	return rdata_address(msg, len, off, rdlen, 16, out);
}

int
rdata_name(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
    struct dname *out)
{
	struct wire	 w;
	int		 rc;

	rc = rdata_open(&w, msg, len, off, rdlen, out, sizeof(*out));
	wire_get_dname(&w, out);	/* the root name after an error */
	if (rc != WIRE_OK)
		return rc;
	return rdata_close(&w);
}

int
rdata_soa(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
    struct rdata_soa *out)
{
	struct wire	 w;
	int		 rc;

	rc = rdata_open(&w, msg, len, off, rdlen, out, sizeof(*out));
	wire_get_dname(&w, &out->mname);
	wire_get_dname(&w, &out->rname);
	if (rc != WIRE_OK)
		return rc;
	out->serial = wire_get_u32(&w);
	out->refresh = wire_get_u32(&w);
	out->retry = wire_get_u32(&w);
	out->expire = wire_get_u32(&w);
	out->minimum = wire_get_u32(&w);
	return rdata_close(&w);
}

int
rdata_tsig(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
    struct rdata_tsig *out)
{
	struct wire	 w;
	int		 rc;

	rc = rdata_open(&w, msg, len, off, rdlen, out, sizeof(*out));
	wire_get_dname(&w, &out->alg);
	if (rc != WIRE_OK)
		return rc;
	out->time = wire_get_u48(&w);
	out->fudge = wire_get_u16(&w);
	out->mac_len = rdata_counted(&w, msg, &out->mac);
	out->orig_id = wire_get_u16(&w);
	out->error = wire_get_u16(&w);
	out->other_len = rdata_counted(&w, msg, &out->other);
	if (w.error != WIRE_OK) {
		/* Pointers that may lie past the RDATA are not handed out. */
		out->mac = NULL;
		out->other = NULL;
	}
	return rdata_close(&w);
}

int
rdata_tkey(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
    struct rdata_tkey *out)
{
	struct wire	 w;
	int		 rc;

	rc = rdata_open(&w, msg, len, off, rdlen, out, sizeof(*out));
	wire_get_dname(&w, &out->alg);
	if (rc != WIRE_OK)
		return rc;
	out->inception = wire_get_u32(&w);
	out->expiration = wire_get_u32(&w);
	out->mode = wire_get_u16(&w);
	out->error = wire_get_u16(&w);
	out->key_len = rdata_counted(&w, msg, &out->key);
	out->other_len = rdata_counted(&w, msg, &out->other);
	if (w.error != WIRE_OK) {
		/* Pointers that may lie past the RDATA are not handed out. */
		out->key = NULL;
		out->other = NULL;
	}
	return rdata_close(&w);
}

const char *
rdata_strerror(int rc)
{
	return rc == RDATA_TRAILING ? "bytes after the last field" :
	    wire_strerror(rc);
}
