/* SPDX-License-Identifier: ISC */
#ifndef ACME_STATE_H
#define ACME_STATE_H

/*
 * What the hooks keep between calls, in a private directory:
 * $ACME_HOOKS_STATE_DIR, else $XDG_RUNTIME_DIR/acme-hooks (only when that
 * directory is ours), else /run/acme-hooks for root, else
 * /tmp/acme-hooks-UID.  certbot.c keeps a certbot run's notes there; this
 * module keeps when a value was last removed at each name.
 *
 * Trust: the directory is opened once, component by component from "/"
 * without following any link, and every component is checked on its open
 * descriptor: owned by root or us and writable by nobody else (a sticky
 * root directory such as /tmp excepted above the last one), the directory
 * itself ours with mode 0700.  Every later operation is relative to that
 * descriptor (openat, unlinkat, renameat), so nobody can swap a part of
 * the path underneath.  A directory that fails the checks is not used:
 * the caller does without it (and says so once), it never fails a run.
 */

#include <stddef.h>
#include <stdint.h>

#include "dns/dname.h"

#define STATE_PATH_MAX	512

struct state_dir {
	int		 fd;		/* -1 when there is none */
	char		 path[STATE_PATH_MAX];	/* for messages */
};

/*
 * Open (and make, if missing) the state directory.  Returns 0, or -1
 * after one warning saying why it is not used (sd->fd is then -1).
 */
int	 state_open(struct state_dir *sd);
/* Close; fine on a directory that was never opened. */
void	 state_close(struct state_dir *sd);

/*
 * When a value was last removed at `owner` (by any client's cleanup).  A
 * resolver that validated the earlier challenge may cache that TXT RRset
 * for its TTL, so the next value at the same name must not be announced
 * before then (lego, uacme and dehydrated without HOOK_CHAIN validate one
 * challenge after another at one name).  Both return 0, or -1 (logged as
 * a warning: this never fails a run); both do nothing without a
 * directory.  `*when_ms` is 0 when unknown; wall-clock ms (os_wall_ms()).
 */
int	 state_mark_cleaned(const struct state_dir *sd,
	    const struct dname *owner);
int	 state_cleaned_at(const struct state_dir *sd,
	    const struct dname *owner, uint64_t *when_ms);

/*
 * Remove the notes of state_mark_cleaned() that can no longer hold
 * anything back: older, by their modification time, than `ttl_s` (the
 * running configuration's ttl, the one hold_back() adds) and 2 s; also
 * leftovers of a writer that died (".cleaned-NAME.PID") as old.  Only
 * regular files of ours by name pattern and owner; every call is
 * relative to sd->fd and follows no link.  Bounded per call
 * (STATE_REAP_MAX removals, STATE_REAP_MS of time), so a directory of
 * thousands of notes shrinks over a few runs and no run is slowed.  The
 * hooks call it right after state_open(), before the sandbox (which
 * lets no directory be read); `now_ms` is wall-clock ms (os_wall_ms()).
 * Counts go to *out unless it is NULL.  Never fails a run: it is quiet.
 */
#define STATE_REAP_MAX	300	/* removals per call */
#define STATE_REAP_MS	20	/* milliseconds per call */
struct state_reaped {
	unsigned	 seen;		/* directory entries looked at */
	unsigned	 removed;
	int		 stopped;	/* a bound was reached: more may remain */
};
void	 state_reap(const struct state_dir *sd, uint64_t now_ms,
	    uint32_t ttl_s, struct state_reaped *out);

#endif
