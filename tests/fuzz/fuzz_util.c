/* SPDX-License-Identifier: ISC */
/*
 * Helpers shared by every fuzz target and by replay.c.
 */

#include "fuzz.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * The sanitizer runtime's way to move its reports to another fd; weak, so
 * a build without sanitizers links too (the pointer is then NULL).
 */
void	 __sanitizer_set_report_fd(void *fd) __attribute__((weak));

static int fuzz_err_fd = STDERR_FILENO;

void
fuzz_note(const char *fmt, ...)
{
	char	 line[1024];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	(void)write(fuzz_err_fd, line, (size_t)n);
}

void
fuzz_fail(const char *file, int line, const char *what)
{
	fuzz_note("%s:%d: fuzz check failed: %s", file, line, what);
	abort();
}

int
fuzz_quiet_stderr(void)
{
	int	 keep = -1, null = -1, rc = -1;

	if (fuzz_err_fd != STDERR_FILENO)
		return 0;	/* done already */
	if ((keep = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3)) == -1)
		goto out;
	if ((null = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1)
		goto out;
	fflush(stderr);
	if (dup2(null, STDERR_FILENO) == -1)
		goto out;
	fuzz_err_fd = keep;
	keep = -1;
	if (__sanitizer_set_report_fd != NULL)
		__sanitizer_set_report_fd((void *)(intptr_t)fuzz_err_fd);
	rc = 0;
out:
	if (keep != -1)
		close(keep);
	if (null != -1)
		close(null);
	return rc;
}
