/* SPDX-License-Identifier: ISC */
#include "sys/os.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static uint64_t
ms_of(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t
os_clock_ms(void)
{
	return ms_of(CLOCK_MONOTONIC);
}

uint64_t
os_wall_ms(void)
{
	return ms_of(CLOCK_REALTIME);
}

static volatile sig_atomic_t caught;	/* the signal, or 0 */
static int	 held;

static void
on_signal(int signo)
{
	caught = signo;
}

void
os_catch_signals(void)
{
	static const int signals[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa;
	size_t		 i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: poll() and sleeps return */
	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		(void)sigaction(signals[i], &sa, NULL);
}

int
os_interrupted(void)
{
	return held ? 0 : (int)caught;
}

void
os_hold_signals(int hold)
{
	held = hold;
}

const char *
os_signal_name(int signo)
{
	switch (signo) {
	case SIGTERM:
		return "SIGTERM";
	case SIGINT:
		return "SIGINT";
	case SIGHUP:
		return "SIGHUP";
	default:
		return "a signal";
	}
}

void
os_sleep_ms(uint64_t ms)
{
	struct timespec	 ts, left;

	ts.tv_sec = (time_t)(ms / 1000u);
	ts.tv_nsec = (long)(ms % 1000u) * 1000000L;
	while (nanosleep(&ts, &left) == -1 && errno == EINTR &&
	    !os_interrupted())
		ts = left;
}

uint16_t
os_random_id(void)
{
	uint16_t id = 0;

	/*
	 * getrandom() on 2 bytes never returns short once the pool is up;
	 * before that (early boot) a clock-derived ID is still unpredictable
	 * enough against an off-path guesser for the seconds we run.
	 */
	if (getrandom(&id, sizeof(id), 0) != (ssize_t)sizeof(id))
		id = (uint16_t)(os_clock_ms() * 2654435761u >> 16);
	return id;
}
