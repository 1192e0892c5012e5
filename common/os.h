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
/* Sleep `ms` milliseconds (resumed after a signal handler returns). */
void	 os_sleep_ms(uint64_t ms);
/* A random 16-bit DNS message ID from the kernel's CSPRNG. */
uint16_t os_random_id(void);

#endif
