/* SPDX-License-Identifier: ISC */
#ifndef ACME_DNAME_H
#define ACME_DNAME_H

/*
 * Domain names in uncompressed wire form, as every module holds them, and
 * presentation text: names to and from text, and bytes from the network
 * escaped so that none reaches a log or a terminal raw.  Reading and
 * writing names inside messages is the wire cursor's (wire.h).
 */

#include <stddef.h>
#include <stdint.h>

/* RFC 1035 limits. */
#define DNAME_MAX	255	/* octets of a name in wire form */
#define DLABEL_MAX	63	/* octets of one label */
#define DNAME_TEXT_MAX	1024	/* a name as text, with \DDD escapes */
/* A domain name in uncompressed wire form; `len` includes the root label. */
struct dname {
	uint8_t		 len;
	uint8_t		 data[DNAME_MAX];
};

/* Make `name` the root name ("."). */
void	 dname_root(struct dname *name);

/*
 * Names as text.  dname_from_text() accepts "a.b.c" or "a.b.c." (always
 * absolute) and "." for the root; \. and \DDD escapes are honoured.
 * Returns 0, or -1 for an empty label, a label over 63 or a name over 255
 * octets.
 */
int	 dname_from_text(struct dname *out, const char *text);
/* Text with a trailing dot; unusual bytes as \DDD.  Always NUL-terminated. */
void	 dname_to_text(const struct dname *name, char *buf, size_t size);
/*
 * `n` bytes from the network (a TXT string, a value) as text for a log or a
 * terminal: printable ASCII and spaces as they are, '"' and '\\' behind a
 * backslash, every other byte as \DDD.  Cut at a whole character when it
 * does not fit; always NUL-terminated.
 */
void	 dname_escape_text(const uint8_t *p, size_t n, char *buf, size_t size);
/* Case-insensitive (ASCII) comparison: 1 when equal. */
int	 dname_equal(const struct dname *a, const struct dname *b);
/* 1 when `name` is `zone` or below it. */
int	 dname_is_below(const struct dname *name, const struct dname *zone);
/* Number of labels, not counting the root. */
unsigned dname_labels(const struct dname *name);
/* Drop the leftmost label; the root stays the root. */
void	 dname_parent(struct dname *name);
/* Put `label` (1..63 octets) in front of `name`: -1 if it would not fit. */
int	 dname_prepend(struct dname *name, const char *label);
/* ASCII lowercase in place (the canonical form used in TSIG MACs). */
void	 dname_lower(struct dname *name);
/* One octet in ASCII lowercase, as DNS compares names (RFC 4343). */
uint8_t	 dname_lower_octet(uint8_t c);

#endif
