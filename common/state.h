#ifndef ACME_STATE_H
#define ACME_STATE_H

/*
 * Records one certbot run has sent but not yet waited for.  certbot calls
 * acme-auth once per challenge, with CERTBOT_REMAINING_CHALLENGES counting
 * down: the calls before the last only send their update and note it here;
 * the last call waits once for every noted record, in parallel.
 *
 * The notes live in a private directory (mode 0700, ours, not a link):
 * $ACME_HOOKS_STATE_DIR, else $XDG_RUNTIME_DIR/acme-hooks, else
 * /run/acme-hooks for root, else /tmp/acme-hooks-UID.  One file per certbot
 * process (its pid and start time), so overlapping runs never mix.
 */

#include <stddef.h>
#include <stdint.h>

#include "update.h"
#include "wire.h"

#define STATE_PENDING_MAX	256

struct pending {
	struct dname	 zone;
	struct txt_record rec;
	uint32_t	 serial;	/* at least this after the update */
};

/*
 * The note file of the calling certbot run in `path`.  Creates and checks
 * the directory.  Returns 0, or -1 after logging.
 */
int	 state_run_path(char *path, size_t size);

/* Append records to the note file.  Returns 0, or -1 after logging. */
int	 state_append(const char *path, const struct pending *p, size_t n);

/*
 * Read and remove the note file: `*n` records in a new array the caller
 * frees (NULL and 0 when there is none).  Returns 0, or -1 after logging.
 */
int	 state_take(const char *path, struct pending **p, size_t *n);

/*
 * When a value was last removed at `owner` (by any client's cleanup).  A
 * resolver that validated the earlier challenge may cache that TXT RRset
 * for its TTL, so the next value at the same name must not be announced
 * before then (lego, uacme and dehydrated without HOOK_CHAIN validate one
 * challenge after another at one name).  Both return 0, or -1 (logged as
 * a warning: this never fails a run).  `*when_ms` is 0 when unknown.
 */
int	 state_mark_cleaned(const struct dname *owner);
int	 state_cleaned_at(const struct dname *owner, uint64_t *when_ms);

#endif
