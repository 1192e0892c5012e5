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

#endif
