/* SPDX-License-Identifier: ISC */
#ifndef ACME_FUZZ_H
#define ACME_FUZZ_H

/*
 * The libFuzzer entry points each tests/fuzz/fuzz_*.c defines, and a few
 * helpers (fuzz_util.c) they share.  A target links either with libFuzzer
 * (make fuzz) or with replay.c (make fuzz-replay), which calls it on every
 * file of the committed corpus.
 */

#include <stddef.h>
#include <stdint.h>

/* Called once before the first input; optional (replay.c checks). */
int	 LLVMFuzzerInitialize(int *argc, char ***argv);
/* One input; returns 0.  A broken invariant aborts: that is a finding. */
int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Check one of the harness's invariants; abort when it does not hold. */
#define FUZZ_CHECK(cond) do {						\
	if (!(cond))							\
		fuzz_fail(__FILE__, __LINE__, #cond);			\
} while (0)

/* Report a failed check on the real stderr and abort(). */
void	 fuzz_fail(const char *file, int line, const char *what)
	    __attribute__((noreturn));

/*
 * Send fd 2 to /dev/null (the code under test logs there), keeping a copy
 * of the real stderr for fuzz_fail(), fuzz_note() and the sanitizers'
 * reports.  Returns 0, or -1 when nothing was changed.
 */
int	 fuzz_quiet_stderr(void);
/* A line on the real stderr, even after fuzz_quiet_stderr(). */
void	 fuzz_note(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/*
 * What the code under test logs, for targets whose invariants are about
 * it (escaping, secrets): fuzz_log_capture() sends stdio's stderr, not
 * fd 2, to an unlinked scratch file; each input starts with
 * fuzz_log_reset(), and fuzz_log_text() gives what was logged since,
 * NUL-terminated, its first FUZZ_LOG_MAX bytes only.  fuzz_log_capture()
 * returns 0, or -1 when nothing was changed.
 */
/*
 * A private scratch directory under $TMPDIR (else /tmp) named after the
 * target, its path in `dir` of `size` bytes; emptied and removed at exit
 * (the files of its top level only).  Aborts on failure.
 */
void	 fuzz_scratch_dir(const char *target, char *dir, size_t size);
/* Write `size` bytes to `path` with exactly `mode`.  Returns 0 or -1. */
int	 fuzz_write_file(const char *path, unsigned mode, const uint8_t *data,
	    size_t size);

#define FUZZ_LOG_MAX	(1024 * 1024)
int	 fuzz_log_capture(void);
void	 fuzz_log_reset(void);
const char *fuzz_log_text(size_t *len);
/*
 * What log.h promises of what was logged since the reset: whole lines of
 * printable ASCII (network bytes only as \DDD), each "PROG: ...".
 * Returns the text, as fuzz_log_text().
 */
const char *fuzz_log_check(const char *prog, size_t *len);

struct dname;
/* A decoded name must be sane and survive text and back unchanged. */
void	 fuzz_check_name(const struct dname *name);

#endif
