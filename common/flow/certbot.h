/* SPDX-License-Identifier: ISC */
#ifndef ACME_CERTBOT_H
#define ACME_CERTBOT_H

/*
 * What certbot's manual hooks need beyond a plain run.
 *
 * One wait per certbot run: certbot calls acme-auth once per challenge,
 * with CERTBOT_REMAINING_CHALLENGES counting down.  The calls before the
 * last only send their update and note it; the last call waits once for
 * every noted record, in parallel.  The notes live in the state directory
 * (state.h), one file per certbot process, so overlapping runs never mix.
 * The run is the nearest ancestor process that is certbot itself, through
 * any wrapper (timeout, sudo, env, nice, flock, a shell script); where no
 * certbot is found with certainty, or there is no trusted state
 * directory, every call waits for its own records.
 *
 * The hint: acme-auth prints one line per zone (zone, record, primary)
 * that certbot hands to acme-clean as CERTBOT_AUTH_OUTPUT, so that the
 * cleanup needs no lookups.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "flow/challenge.h"
#include "flow/plan.h"
#include "flow/state.h"
#include "sys/outcome.h"
#include "dns/update.h"

#define CERTBOT_PENDING_MAX	1024	/* noted records per run */
#define CERTBOT_ANCESTRY_MAX	16	/* processes between certbot and us */

/* The certbot process a call belongs to. */
struct certbot_run {
	pid_t		 pid;
	unsigned long long start;	/* its start time (/proc/PID/stat) */
	char		 name[64];	/* its note file: "run-PID-START" */
};

/*
 * Find the certbot process among our ancestors.  Returns 0, or -1 when
 * none is found with certainty (said at -v; the caller then waits).
 */
int	 certbot_run_find(struct certbot_run *run);
/*
 * The command name, parent and start time from the text of a
 * /proc/PID/stat (NUL-terminated, read no further).  Returns 0, or -1
 * when the text does not hold them.
 */
int	 certbot_parse_stat(const char *buf, char *comm, size_t commsz,
	    pid_t *ppid, unsigned long long *start);

/*
 * Report, once each, and remove the notes of certbot runs that ended
 * before their last call: their records may still be published.
 */
void	 certbot_reap_stale(const struct state_dir *sd);

/*
 * One noted record.  In the note file, one line each:
 * "ZONE OWNER SERIAL VALUE", names as text, SERIAL ten decimal digits, or
 * ten dashes while the update is not yet confirmed.
 */
struct certbot_note {
	struct dname	 zone;
	struct txt_record rec;
	uint32_t	 serial;	/* at least this after the update */
	int		 confirmed;	/* the update went through */
};

/* This call's lines in the note file, written before the update. */
struct certbot_pending {
	int		 fd;		/* -1 when nothing is reserved */
	off_t		 start;		/* the file's size before them */
	off_t		*serial_at;	/* where each line's SERIAL is */
	size_t		 n;
	char		 path[STATE_PATH_MAX + 64];	/* for messages */
};

/*
 * Write the plan's records as unconfirmed notes, so that a full disk or
 * an unwritable file fails before anything is published.  Returns
 * OUTCOME_OK, or after logging OUTCOME_STATE (the file) or OUTCOME_NOMEM.
 */
enum outcome certbot_note_reserve(const struct state_dir *sd,
	    const struct certbot_run *run, const struct plan *p,
	    struct certbot_pending *pend);
/*
 * After the updates: write each zone's serial into its lines, in place.
 * Returns OUTCOME_OK, or OUTCOME_STATE after logging.  Closes `pend`.
 */
enum outcome certbot_note_confirm(struct certbot_pending *pend,
	    const struct plan *p);
/* The update failed: take this call's lines back out.  Closes `pend`. */
void	 certbot_note_abort(struct certbot_pending *pend);

/*
 * Read and remove the note file `name`: `*n` notes in a new array the
 * caller frees (NULL and 0 when there is none).  A malformed line fails
 * the whole file (logged with path:line).  Returns 0, or -1.
 */
int	 certbot_note_take(const struct state_dir *sd, const char *name,
	    struct certbot_note **p, size_t *n);

/*
 * The run's last call: add the records earlier calls noted to the plan,
 * and find the servers of zones only they touched.
 */
enum outcome certbot_merge(struct plan *p, const struct state_dir *sd,
	    const struct certbot_run *run);

/* Print the hint lines on stdout. */
void	 certbot_print_hint(const struct plan *p);

/*
 * Fill the plan's one group from a hint line instead of looking it up.
 * Returns 0, or -1 when the line is not usable (then look up instead).
 */
int	 certbot_use_hint(struct plan *p, const char *hint,
	    const struct challenge *ch);

#endif
