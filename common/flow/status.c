/* SPDX-License-Identifier: ISC */
#include "flow/status.h"

enum acme_status
status_of(enum outcome o)
{
	switch (o) {
	case OUTCOME_OK:
		return ACME_OK;
	case OUTCOME_USAGE:
		return ACME_EUSAGE;
	case OUTCOME_CONFIG:
		return ACME_ECONFIG;
	case OUTCOME_LOOKUP:
		return ACME_ELOOKUP;
	case OUTCOME_REFUSED:
		return ACME_EREFUSED;
	case OUTCOME_UNREACHABLE:
		return ACME_ENETWORK;
	case OUTCOME_AUTH:
		return ACME_EAUTH;
	case OUTCOME_TIMEOUT:
		return ACME_ETIMEOUT;
	case OUTCOME_NOMEM:
	case OUTCOME_STATE:
	case OUTCOME_UNBUILDABLE:
		/* Nothing the DNS said: the reader looks at this host. */
		return ACME_EINTERNAL;
	case OUTCOME_INTERRUPTED:
		return ACME_EINTERRUPTED;
	}
	/* Not an outcome at all: a bug, never success. */
	return ACME_EINTERNAL;
}
