#ifndef ACME_STATE_H
#define ACME_STATE_H

/*
 * What the hooks keep between calls, in a private directory (mode 0700,
 * ours, not a link): $ACME_HOOKS_STATE_DIR, else $XDG_RUNTIME_DIR/acme-hooks,
 * else /run/acme-hooks for root, else /tmp/acme-hooks-UID.  certbot.c keeps
 * a certbot run's notes there; this module keeps when a value was last
 * removed at each name.
 */

#include <stddef.h>
#include <stdint.h>

#include "wire.h"

/*
 * The state directory's path in `dir`, created if missing and checked.
 * A failure is logged as an error when `final`, else as a warning.
 * Returns 0, or -1.
 */
int	 state_dir(char *dir, size_t size, int final);

/*
 * When a value was last removed at `owner` (by any client's cleanup).  A
 * resolver that validated the earlier challenge may cache that TXT RRset
 * for its TTL, so the next value at the same name must not be announced
 * before then (lego, uacme and dehydrated without HOOK_CHAIN validate one
 * challenge after another at one name).  Both return 0, or -1 (logged as
 * a warning: this never fails a run).  `*when_ms` is 0 when unknown; both
 * are wall-clock milliseconds (os_wall_ms()).
 */
int	 state_mark_cleaned(const struct dname *owner);
int	 state_cleaned_at(const struct dname *owner, uint64_t *when_ms);

#endif
