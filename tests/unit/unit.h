/* SPDX-License-Identifier: ISC */
#ifndef ACME_UNIT_H
#define ACME_UNIT_H

/*
 * A minimal test harness: each test binary calls UNIT_CHECK / UNIT_EQ_BYTES
 * and ends with `return unit_done("name");`, which prints
 * "name: N passed, N failed" and returns the exit status.
 */

#include <stddef.h>
#include <stdint.h>

#include "dname.h"

void	 unit_check(int ok, const char *expr, const char *file, int line);
void	 unit_eq_bytes(const uint8_t *got, size_t got_len,
	    const uint8_t *want, size_t want_len, const char *what,
	    const char *file, int line);
int	 unit_done(const char *suite);
/* Decode a hex string (spaces ignored) into a new buffer; aborts on error. */
uint8_t	*unit_hex(const char *hex, size_t *len);
/* A test's own name from text (dname_from_text); aborts when it is bad. */
struct dname unit_name(const char *text);

#define UNIT_CHECK(expr) unit_check((expr) ? 1 : 0, #expr, __FILE__, __LINE__)
#define UNIT_EQ_BYTES(got, glen, want, wlen) \
	unit_eq_bytes((got), (glen), (want), (wlen), #got, __FILE__, __LINE__)

#endif
