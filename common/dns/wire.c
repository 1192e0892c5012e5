/* SPDX-License-Identifier: ISC */
/*
 * The bounds-checked DNS cursor.
 *
 * Every operation first checks the sticky error, then the room it needs;
 * nothing here trusts a length it did not check against `size`.
 */

#include "dns/wire.h"

#include <string.h>

#define WIRE_HOPS_MAX	127	/* compression pointer hops per name */

static void
wire_fail(struct wire *w, int error)
{
	if (w->error == WIRE_OK)
		w->error = error;
}

/*
 * Is there room for `n` more bytes to read?  Sets WIRE_ESHORT if not, and
 * also when the cursor is a writer: reading from a writer is a bug.
 */
static int
wire_can_read(struct wire *w, size_t n)
{
	if (w->error != WIRE_OK)
		return 0;
	if (w->rd == NULL || w->pos > w->size || n > w->size - w->pos) {
		wire_fail(w, WIRE_ESHORT);
		return 0;
	}
	return 1;
}

static int
wire_can_write(struct wire *w, size_t n)
{
	if (w->error != WIRE_OK)
		return 0;
	if (w->wr == NULL || w->pos > w->size || n > w->size - w->pos) {
		wire_fail(w, WIRE_ESHORT);
		return 0;
	}
	return 1;
}

void
wire_reader(struct wire *w, const uint8_t *msg, size_t len)
{
	w->rd = msg;
	w->wr = NULL;
	w->size = msg != NULL ? len : 0;
	w->pos = 0;
	w->error = WIRE_OK;
}

void
wire_writer(struct wire *w, uint8_t *buf, size_t cap)
{
	w->rd = NULL;
	w->wr = buf;
	w->size = buf != NULL ? cap : 0;
	w->pos = 0;
	w->error = WIRE_OK;
}

size_t
wire_left(const struct wire *w)
{
	if (w->error != WIRE_OK || w->pos > w->size)
		return 0;
	return w->size - w->pos;
}

/*
 * A reader may seek anywhere in the message (the end included); a writer
 * only back into what it has written, never past it, so no unwritten byte
 * can end up in the output.
 */
void
wire_seek(struct wire *w, size_t pos)
{
	if (w->error != WIRE_OK)
		return;
	if (w->rd != NULL ? pos > w->size : pos > w->pos) {
		wire_fail(w, WIRE_ERANGE);
		return;
	}
	w->pos = pos;
}

void
wire_skip(struct wire *w, size_t n)
{
	if (w->error != WIRE_OK)
		return;
	if (w->pos > w->size || n > w->size - w->pos) {
		wire_fail(w, WIRE_ESHORT);
		return;
	}
	/* A writer reserves the room: zero it, never leave stale bytes. */
	if (w->wr != NULL && n > 0)
		memset(w->wr + w->pos, 0, n);
	w->pos += n;
}

const char *
wire_strerror(int error)
{
	switch (error) {
	case WIRE_OK:
		return "no error";
	case WIRE_ESHORT:
		return "message truncated or buffer too small";
	case WIRE_ENAME:
		return "malformed domain name";
	case WIRE_EPOINTER:
		return "bad compression pointer";
	case WIRE_ERANGE:
		return "offset out of range";
	default:
		return "unknown wire error";
	}
}

uint8_t
wire_get_u8(struct wire *w)
{
	if (!wire_can_read(w, 1))
		return 0;
	return w->rd[w->pos++];
}

uint16_t
wire_get_u16(struct wire *w)
{
	uint16_t v;

	if (!wire_can_read(w, 2))
		return 0;
	v = (uint16_t)((unsigned)w->rd[w->pos] << 8 | w->rd[w->pos + 1]);
	w->pos += 2;
	return v;
}

uint32_t
wire_get_u32(struct wire *w)
{
	uint32_t v = 0;
	size_t	 i;

	if (!wire_can_read(w, 4))
		return 0;
	for (i = 0; i < 4; i++)
		v = v << 8 | w->rd[w->pos + i];
	w->pos += 4;
	return v;
}

uint64_t
wire_get_u48(struct wire *w)
{
	uint64_t v = 0;
	size_t	 i;

	if (!wire_can_read(w, 6))
		return 0;
	for (i = 0; i < 6; i++)
		v = v << 8 | w->rd[w->pos + i];
	w->pos += 6;
	return v;
}

void
wire_get_bytes(struct wire *w, uint8_t *dst, size_t n)
{
	if (n == 0)
		return;
	if (!wire_can_read(w, n)) {
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, w->rd + w->pos, n);
	w->pos += n;
}

void
wire_put_u8(struct wire *w, uint8_t v)
{
	if (!wire_can_write(w, 1))
		return;
	w->wr[w->pos++] = v;
}

void
wire_put_u16(struct wire *w, uint16_t v)
{
	if (!wire_can_write(w, 2))
		return;
	w->wr[w->pos] = (uint8_t)(v >> 8);
	w->wr[w->pos + 1] = (uint8_t)(v & 0xff);
	w->pos += 2;
}

void
wire_put_u32(struct wire *w, uint32_t v)
{
	size_t	 i;

	if (!wire_can_write(w, 4))
		return;
	for (i = 0; i < 4; i++)
		w->wr[w->pos + i] = (uint8_t)(v >> (8 * (3 - i)) & 0xff);
	w->pos += 4;
}

/* Bits above the 48th do not fit the field: that is a range error. */
void
wire_put_u48(struct wire *w, uint64_t v)
{
	size_t	 i;

	if (w->error == WIRE_OK && v >> 48 != 0) {
		wire_fail(w, WIRE_ERANGE);
		return;
	}
	if (!wire_can_write(w, 6))
		return;
	for (i = 0; i < 6; i++)
		w->wr[w->pos + i] = (uint8_t)(v >> (8 * (5 - i)) & 0xff);
	w->pos += 6;
}

void
wire_put_bytes(struct wire *w, const uint8_t *src, size_t n)
{
	if (n == 0 || !wire_can_write(w, n))
		return;
	memcpy(w->wr + w->pos, src, n);
	w->pos += n;
}

void
wire_set_u16(struct wire *w, size_t at, uint16_t v)
{
	if (w->error != WIRE_OK)
		return;
	if (w->wr == NULL || at > w->pos || w->pos - at < 2) {
		wire_fail(w, WIRE_ERANGE);
		return;
	}
	w->wr[at] = (uint8_t)(v >> 8);
	w->wr[at + 1] = (uint8_t)(v & 0xff);
}

/*
 * Decompression walks the message with its own offset `cur`.  `limit` is
 * where the name being read started: the start of the name in the message,
 * then the target of each pointer followed.  A pointer must land strictly
 * before `limit` and past the header, so targets strictly decrease and a
 * loop is impossible; the hop cap bounds the work in any case.  The cursor
 * ends after the first pointer, or after the terminal zero when there was
 * no pointer.
 */
void
wire_get_dname(struct wire *w, struct dname *out)
{
	struct dname name;
	size_t	 cur, limit, end = 0, target;
	unsigned hops = 0;
	uint8_t	 c;
	int	 jumped = 0, error = WIRE_OK;

	dname_root(out);
	if (w->error != WIRE_OK)
		return;
	if (w->rd == NULL) {
		wire_fail(w, WIRE_ESHORT);
		return;
	}
	name.len = 0;
	cur = limit = w->pos;
	for (;;) {
		if (cur >= w->size) {
			error = WIRE_ESHORT;
			goto out;
		}
		c = w->rd[cur];
		if (c == 0) {
			name.data[name.len++] = 0;
			if (!jumped)
				end = cur + 1;
			break;
		}
		switch (c & 0xc0) {
		case 0xc0:
			if (w->size - cur < 2) {
				error = WIRE_ESHORT;
				goto out;
			}
			target = (size_t)(c & 0x3f) << 8 | w->rd[cur + 1];
			if (!jumped)
				end = cur + 2;
			jumped = 1;
			if (++hops > WIRE_HOPS_MAX || target < DNS_HEADER_LEN ||
			    target >= limit) {
				error = WIRE_EPOINTER;
				goto out;
			}
			cur = limit = target;
			break;
		case 0x00:
			/* This label, its length octet and the root label. */
			if ((size_t)name.len + 1 + c + 1 > DNAME_MAX) {
				error = WIRE_ENAME;
				goto out;
			}
			if (w->size - cur - 1 < c) {
				error = WIRE_ESHORT;
				goto out;
			}
			memcpy(name.data + name.len, w->rd + cur,
			    (size_t)c + 1);
			name.len = (uint8_t)(name.len + c + 1);
			cur += (size_t)c + 1;
			break;
		default:
			/* 01 (extended, RFC 6891) and 10 are not for names. */
			error = WIRE_ENAME;
			goto out;
		}
	}
	*out = name;
	w->pos = end;
out:
	if (error != WIRE_OK)
		wire_fail(w, error);
}

void
wire_put_dname(struct wire *w, const struct dname *name)
{
	if (w->error == WIRE_OK && name->len == 0) {
		wire_fail(w, WIRE_ENAME);
		return;
	}
	wire_put_bytes(w, name->data, name->len);
}

void
wire_get_header(struct wire *w, struct dns_header *h)
{
	h->id = wire_get_u16(w);
	h->flags = wire_get_u16(w);
	h->qdcount = wire_get_u16(w);
	h->ancount = wire_get_u16(w);
	h->nscount = wire_get_u16(w);
	h->arcount = wire_get_u16(w);
	if (w->error != WIRE_OK)
		memset(h, 0, sizeof(*h));
}

void
wire_put_header(struct wire *w, const struct dns_header *h)
{
	wire_put_u16(w, h->id);
	wire_put_u16(w, h->flags);
	wire_put_u16(w, h->qdcount);
	wire_put_u16(w, h->ancount);
	wire_put_u16(w, h->nscount);
	wire_put_u16(w, h->arcount);
}

void
wire_get_rr(struct wire *w, struct dns_rr *rr)
{
	memset(rr, 0, sizeof(*rr));
	rr->start = w->pos;
	wire_get_dname(w, &rr->owner);
	rr->type = wire_get_u16(w);
	rr->class = wire_get_u16(w);
	rr->ttl = wire_get_u32(w);
	rr->rdlength = wire_get_u16(w);
	rr->rdata = w->pos;
	wire_skip(w, rr->rdlength);
	if (w->error != WIRE_OK) {
		memset(rr, 0, sizeof(*rr));
		dname_root(&rr->owner);
	}
}

void
wire_skip_question(struct wire *w)
{
	struct dname name;

	wire_get_dname(w, &name);
	wire_skip(w, 4);
}
