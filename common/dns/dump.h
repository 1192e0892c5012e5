/* SPDX-License-Identifier: ISC */
#ifndef ACME_DUMP_H
#define ACME_DUMP_H

/*
 * -vv: every DNS message sent and received, decoded one line per record
 * (as dig shows them), through the log at LOG_DEBUG.  Bytes from the
 * network are escaped (\DDD).  A TSIG record shows its algorithm, time,
 * fudge, error and MAC size, never a MAC: the key itself never travels.
 */

#include <stddef.h>
#include <stdint.h>

/*
 * Log `msg` (`len` bytes) exchanged with `peer` ("127.0.0.1", "[::1]:53");
 * `sent` tells the direction.  Does nothing below LOG_DEBUG.  A message
 * that does not parse is shown up to the fault, with the fault named.
 */
void	 dump_message(int sent, const char *peer, const uint8_t *msg,
	    size_t len);

#endif
