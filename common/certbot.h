#ifndef ACME_CERTBOT_H
#define ACME_CERTBOT_H

/*
 * What certbot's manual hooks need beyond a plain run.
 *
 * One wait per certbot run: certbot calls acme-auth once per challenge,
 * with CERTBOT_REMAINING_CHALLENGES counting down.  The calls before the
 * last only send their update and note it; the last call waits once for
 * every noted record, in parallel.  The notes live in the state directory
 * (state.h), one file per certbot process (its pid and start time), so
 * overlapping runs never mix.
 *
 * The hint: acme-auth prints one line per zone (zone, record, primary)
 * that certbot hands to acme-clean as CERTBOT_AUTH_OUTPUT, so that the
 * cleanup needs no lookups.
 */

#include <stddef.h>

#include "challenge.h"
#include "plan.h"
#include "status.h"
#include "update.h"
#include "wire.h"

#define CERTBOT_PENDING_MAX	256	/* noted records per run */

/*
 * One record an earlier call of the run sent and left for the last.  In
 * the note file, one line each: "ZONE OWNER SERIAL VALUE", names as text.
 */
struct certbot_note {
	struct dname	 zone;
	struct txt_record rec;
	uint32_t	 serial;	/* at least this after the update */
};

/* Append `n` notes to the file at `path` (made 0600, never through a
 * link).  Returns 0, or -1 after logging. */
int	 certbot_note_append(const char *path, const struct certbot_note *p,
	    size_t n);
/*
 * Read and remove the note file: `*n` notes in a new array the caller
 * frees (NULL and 0 when there is none).  A malformed line fails the
 * whole file (logged with path:line).  Returns 0, or -1.
 */
int	 certbot_note_take(const char *path, struct certbot_note **p,
	    size_t *n);

/*
 * The note file of the calling certbot run in `path`.  Creates and checks
 * the state directory.  Returns 0, or -1 after logging.
 */
int	 certbot_run_path(char *path, size_t size);

/*
 * Note the plan's records (and the serial each zone's update produced)
 * for the run's last call.  Returns ACME_OK or ACME_EINTERNAL (logged).
 */
enum acme_status certbot_defer(const struct plan *p, const char *path);

/*
 * Add the records earlier calls of the run noted to the plan, and find the
 * servers of zones only they touched.  Removes the note file.
 */
enum acme_status certbot_merge(struct plan *p, const char *path);

/* Print the hint lines on stdout. */
void	 certbot_print_hint(const struct plan *p);

/*
 * Fill the plan's one group from a hint line instead of looking it up.
 * Returns 0, or -1 when the line is not usable (then look up instead).
 */
int	 certbot_use_hint(struct plan *p, const char *hint,
	    const struct challenge *ch);

#endif
