/* SPDX-License-Identifier: ISC */
#ifndef ACME_UNIT_H
#define ACME_UNIT_H

/*
 * A minimal test harness: each test binary calls UNIT_CHECK / UNIT_EQ_BYTES
 * and ends with `return unit_done("name");`, which prints
 * "name: N passed, N failed" and returns the exit status.
 *
 * A case that cannot be tried where the test runs (one that needs root,
 * say) is not run: unit_skip() says so in one line, "# SKIP: WHY", before
 * the closing line (tests/run.sh shows such lines under the test's PASS).
 */

#include <stddef.h>
#include <stdint.h>

#include "net/address.h"
#include "dns/dname.h"

void	 unit_check(int ok, const char *expr, const char *file, int line);
void	 unit_eq_bytes(const uint8_t *got, size_t got_len,
	    const uint8_t *want, size_t want_len, const char *what,
	    const char *file, int line);
int	 unit_done(const char *suite);
/* Print "# SKIP: " and the formatted reason on a line of its own. */
void	 unit_skip(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/*
 * 1 when we are root of the host: euid 0 outside any user namespace, so
 * that chown(2) may give a file to any uid.  As root of a user namespace
 * (`unshare -r`, as tests/run.sh runs for a user) chown to an unmapped
 * uid fails, and the host's root owns / and /tmp as the overflow uid.
 */
int	 unit_host_root(void);
/* Decode a hex string (spaces ignored) into a new buffer; aborts on error. */
uint8_t	*unit_hex(const char *hex, size_t *len);
/* A test's own name from text (dname_from_text); aborts when it is bad. */
struct dname unit_name(const char *text);

/*
 * A UDP socket bound to 127.0.0.1 on a port the kernel picks, its address
 * in `out`: a server the test plays.  Returns the descriptor, or -1.
 */
int	 unit_udp_loopback(struct dns_server *out);

#define UNIT_CHECK(expr) unit_check((expr) ? 1 : 0, #expr, __FILE__, __LINE__)
#define UNIT_EQ_BYTES(got, glen, want, wlen) \
	unit_eq_bytes((got), (glen), (want), (wlen), #got, __FILE__, __LINE__)

#endif
