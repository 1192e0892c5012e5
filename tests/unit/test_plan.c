/* SPDX-License-Identifier: ISC */
/*
 * status_of(), outcome to exit status, as documented; and plan_init()
 * out of memory: the outcome is OUTCOME_NOMEM, which status_of() makes
 * exit status 8, and plan_free() after it is safe.
 * Each case runs in a forked child, so that a crash, or the child's
 * address-space limit, never reaches this process.
 *
 * - The groups' array: a count no calloc() can satisfy.
 * - The resolver (resolver_new()): the child caps its address space at
 *   what it has mapped (RLIMIT_AS), uses up the heap's free space, then
 *   frees one block the size of the groups' array, so that plan_init()'s
 *   first allocation is the last that succeeds.  The sanitizers' and
 *   valgrind's allocators do not return NULL under such a cap (they abort
 *   or map memory of their own), so there the case is skipped.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf/config.h"
#include "sys/log.h"
#include "flow/plan.h"
#include "flow/status.h"
#include "unit.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN	1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN	0
#endif

/* ASan: a calloc() that cannot be satisfied returns NULL, as libc's. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

/* The child's exit code: 0 when the outcome was NOMEM and status 8. */
static int
judge(enum outcome o, struct plan *p)
{
	plan_free(p);
	return o == OUTCOME_NOMEM && status_of(o) == ACME_EINTERNAL ? 0 : 1;
}

/* Run `fn` in a child; its exit status, or -1 when it did not exit. */
static int
child_status(int (*fn)(void))
{
	pid_t	 pid;
	int	 st;

	fflush(NULL);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0)
		_exit(fn());
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	if (WIFSIGNALED(st))
		fprintf(stderr, "  child killed by signal %d\n", WTERMSIG(st));
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Run `fn` in a child; 1 when it exited 0. */
static int
in_child(int (*fn)(void))
{
	return child_status(fn) == 0;
}

static int
groups_nomem(void)
{
	struct config	 cfg;
	struct plan	 p;

	memset(&cfg, 0, sizeof(cfg));
	return judge(plan_init(&p, &cfg, SIZE_MAX / 2, 1, NULL, NULL), &p);
}

/* The address space this process has mapped, in bytes, or 0. */
static rlim_t
mapped_now(void)
{
	unsigned long	 pages = 0;
	FILE		*f;

	if ((f = fopen("/proc/self/statm", "re")) == NULL)
		return 0;
	if (fscanf(f, "%lu", &pages) != 1)
		pages = 0;
	fclose(f);
	return (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE);
}

static int
resolver_nomem(void)
{
	static const size_t sizes[] = { 65536, 4096, 256, 16 };
	struct config	 cfg;
	struct plan	 p;
	struct rlimit	 rl;
	void		*reserve;
	enum outcome	 o;
	size_t		 i, k;

	memset(&cfg, 0, sizeof(cfg));
	/* What plan_init() allocates first, for one group. */
	if ((reserve = malloc(sizeof(struct zone_group))) == NULL)
		return 2;
	if ((rl.rlim_cur = rl.rlim_max = mapped_now()) == 0 ||
	    setrlimit(RLIMIT_AS, &rl) == -1)
		return 3;
	/* Bounded: the heap can hold only so many blocks below the cap.
	 * They are the child's to the end. */
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
		for (i = 0; i < 1000000 && malloc(sizes[k]) != NULL; i++)
			;
	free(reserve);
	o = plan_init(&p, &cfg, 1, 1, NULL, NULL);
	/* c-ares 1.34 (Debian 13) may find room in what is left, and the
	 * first allocation to fail is then the sandbox's, which only
	 * warns: the cap did not reach resolver_new(), nothing to judge. */
	if (o == OUTCOME_OK) {
		plan_free(&p);
		return 4;
	}
	return judge(o, &p);
}

/* The exit statuses of the README's table, acme-auth(1) and --help. */
static void
test_status_of(void)
{
	UNIT_CHECK(status_of(OUTCOME_OK) == 0);
	UNIT_CHECK(status_of(OUTCOME_USAGE) == 1);
	UNIT_CHECK(status_of(OUTCOME_CONFIG) == 2);
	UNIT_CHECK(status_of(OUTCOME_LOOKUP) == 3);
	UNIT_CHECK(status_of(OUTCOME_REFUSED) == 4);
	UNIT_CHECK(status_of(OUTCOME_UNREACHABLE) == 5);
	UNIT_CHECK(status_of(OUTCOME_AUTH) == 6);
	UNIT_CHECK(status_of(OUTCOME_TIMEOUT) == 7);
	UNIT_CHECK(status_of(OUTCOME_NOMEM) == 8);
	UNIT_CHECK(status_of(OUTCOME_STATE) == 8);
	UNIT_CHECK(status_of(OUTCOME_UNBUILDABLE) == 8);
	UNIT_CHECK(status_of(OUTCOME_INTERRUPTED) == 9);
}

int
main(void)
{
	log_init("test_plan", LOG_NORMAL);
	test_status_of();
	UNIT_CHECK(in_child(groups_nomem));
	if (UNDER_ASAN || getenv("VALGRIND") != NULL)
		unit_skip("resolver_new() out of memory: not under ASan or "
		    "valgrind, whose allocators ignore RLIMIT_AS");
	else {
		switch (child_status(resolver_nomem)) {
		case 0:
			UNIT_CHECK(1);	/* resolver_new() out of memory: 8 */
			break;
		case 4:
			unit_skip("resolver_new() out of memory: under this "
			    "RLIMIT_AS cap c-ares found room, and plan_init() "
			    "ran out only later, in the sandbox (which warns)");
			break;
		default:
			UNIT_CHECK(0);
			break;
		}
	}
	return unit_done("test_plan");
}
