/* SPDX-License-Identifier: ISC */
#ifndef ACME_QUERY_H
#define ACME_QUERY_H

/*
 * The queries the hooks ask: one question, class IN, built here and read
 * back by answer.h, whichever way they are sent (resolver.h).
 */

#include <stdint.h>

#include "dns/wire.h"

/* Write a query for `name`/`type`/IN; RD set when `recursion_desired`. */
void	 query_build(struct wire *w, uint16_t id, const struct dname *name,
	    uint16_t type, int recursion_desired);

#endif
