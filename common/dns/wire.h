/* SPDX-License-Identifier: ISC */
#ifndef ACME_WIRE_H
#define ACME_WIRE_H

/*
 * The one bounds-checked cursor through which every DNS byte is read or
 * written.  Every operation checks the remaining length at run time; after
 * the first failure the cursor's error is set and every later operation is
 * a no-op (reads return 0 and zero their output), so a caller may do a
 * run of reads or writes and check `error` once at the end.
 *
 * Domain names are held uncompressed, in wire form, in struct dname
 * (dname.h).
 */

#include <stddef.h>
#include <stdint.h>

#include "dns/dname.h"
#include "dns/dns.h"

#define DNS_HEADER_LEN	12
#define DNS_UDP_MAX	512	/* a plain DNS datagram, without EDNS */
#define DNS_MSG_MAX	65535

/* Cursor errors: the first one sticks. */
enum wire_error {
	WIRE_OK = 0,
	WIRE_ESHORT,	/* read past the end, or no room to write */
	WIRE_ENAME,	/* malformed name: label/name too long, bad label type */
	WIRE_EPOINTER,	/* compression pointer loop, forward or out of range */
	WIRE_ERANGE	/* seek or back-patch outside what was written */
};

struct wire {
	const uint8_t	*rd;	/* message being read; NULL in a writer */
	uint8_t		*wr;	/* buffer being written; NULL in a reader */
	size_t		 size;	/* bytes readable, or buffer capacity */
	size_t		 pos;	/* next byte to read or write */
	int		 error;	/* enum wire_error; 0 while all went well */
};


struct dns_header {
	uint16_t	 id;
	uint16_t	 flags;
	uint16_t	 qdcount;	/* ZOCOUNT in an UPDATE */
	uint16_t	 ancount;	/* PRCOUNT */
	uint16_t	 nscount;	/* UPCOUNT */
	uint16_t	 arcount;
};

/* One resource record's fixed part; RDATA is left in the message. */
struct dns_rr {
	struct dname	 owner;
	uint16_t	 type;
	uint16_t	 class;
	uint32_t	 ttl;
	uint16_t	 rdlength;
	size_t		 rdata;		/* offset of RDATA in the message */
	size_t		 start;		/* offset of the owner name */
};

/* Start reading `len` bytes of `msg`; the cursor borrows the bytes. */
void	 wire_reader(struct wire *w, const uint8_t *msg, size_t len);
/* Start writing into `buf` of `cap` bytes; the cursor borrows the buffer. */
void	 wire_writer(struct wire *w, uint8_t *buf, size_t cap);
/* Bytes left to read, or room left to write; 0 after an error. */
size_t	 wire_left(const struct wire *w);
/* Move to an absolute offset within the message or what was written. */
void	 wire_seek(struct wire *w, size_t pos);
void	 wire_skip(struct wire *w, size_t n);
/* A short text for an enum wire_error. */
const char *wire_strerror(int error);

/* Big-endian reads. On failure they return 0 and set the error. */
uint8_t	 wire_get_u8(struct wire *w);
uint16_t wire_get_u16(struct wire *w);
uint32_t wire_get_u32(struct wire *w);
uint64_t wire_get_u48(struct wire *w);
/* Copy n bytes out; on failure `dst` is zeroed. */
void	 wire_get_bytes(struct wire *w, uint8_t *dst, size_t n);

/* Big-endian writes. */
void	 wire_put_u8(struct wire *w, uint8_t v);
void	 wire_put_u16(struct wire *w, uint16_t v);
void	 wire_put_u32(struct wire *w, uint32_t v);
void	 wire_put_u48(struct wire *w, uint64_t v);
void	 wire_put_bytes(struct wire *w, const uint8_t *src, size_t n);
/* Back-patch a 16-bit value at `at`, which must lie in what was written. */
void	 wire_set_u16(struct wire *w, size_t at, uint16_t v);

/*
 * Read a possibly compressed name.  Limits enforced: labels <= 63, the
 * name <= 255 octets once decompressed, label types 01 and 10 rejected,
 * every pointer must point strictly before the name that uses it and into
 * the message past the header, and at most 127 pointer hops.  The cursor
 * ends after the name as it stands in the message.  On failure `out` is
 * the root name.
 */
void	 wire_get_dname(struct wire *w, struct dname *out);
/* Write a name uncompressed. */
void	 wire_put_dname(struct wire *w, const struct dname *name);

void	 wire_get_header(struct wire *w, struct dns_header *h);
void	 wire_put_header(struct wire *w, const struct dns_header *h);
/* Read one RR's fixed part and skip over its RDATA (checked in length). */
void	 wire_get_rr(struct wire *w, struct dns_rr *rr);
/* Skip a question entry: name, type, class. */
void	 wire_skip_question(struct wire *w);

#endif
