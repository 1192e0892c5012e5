/* SPDX-License-Identifier: ISC */
#ifndef ACME_OS_H
#define ACME_OS_H

/*
 * What the hooks ask of the kernel for time and chance, in one place:
 * the monotonic clock that deadlines and polling run on, the wall clock
 * that notes shared between processes carry, a sleep, and random message
 * IDs.
 */

#include <stdint.h>

/* Monotonic milliseconds: deadlines, intervals, timings. */
uint64_t os_clock_ms(void);
/* Wall-clock milliseconds since the epoch: for notes other processes read. */
uint64_t os_wall_ms(void);
/* Sleep `ms` milliseconds, or until os_interrupted(). */
void	 os_sleep_ms(uint64_t ms);
/*
 * Catch SIGTERM, SIGINT and SIGHUP (a client's timeout, an operator's
 * Ctrl-C): instead of dying at once, the run notices (os_interrupted())
 * and can say what stays published, or take back what it sent.  System
 * calls are not restarted, so waits end at once.
 */
void	 os_catch_signals(void);
/*
 * The signal that asked the run to stop, or 0.  While held (taking back
 * what was sent must not itself be cut short), 0; the signal is kept.
 */
int	 os_interrupted(void);
void	 os_hold_signals(int hold);
/* "SIGTERM", "SIGINT", "SIGHUP" or "a signal". */
const char *os_signal_name(int signo);
/* A random 16-bit DNS message ID from the kernel's CSPRNG. */
uint16_t os_random_id(void);

#endif
