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

#define CERTBOT_PENDING_MAX	256	/* noted records per run */

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
