/* SPDX-License-Identifier: ISC */
/*
 * Helpers shared by every fuzz target and by replay.c.
 */

#include "fuzz.h"
#include "dns/dname.h"

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static FILE	*fuzz_log_file;

/*
 * glibc's stderr is a variable: pointing it elsewhere moves log.c's
 * lines (fprintf(stderr)) and leaves fd 2, and so libFuzzer's own output
 * (its FILE, taken at start) and the sanitizers' reports, as they were.
 */
int
fuzz_log_capture(void)
{
	const char	*tmp;
	char		 path[256];
	FILE		*f;
	int		 fd, n;

	if (fuzz_log_file != NULL)
		return 0;
	if ((tmp = getenv("TMPDIR")) == NULL || *tmp != '/')
		tmp = "/tmp";
	n = snprintf(path, sizeof(path), "%s/fuzz-log.XXXXXX", tmp);
	if (n < 0 || (size_t)n >= sizeof(path) || (fd = mkstemp(path)) == -1)
		return -1;
	(void)unlink(path);
	if ((f = fdopen(fd, "w+")) == NULL) {
		close(fd);
		return -1;
	}
	fflush(stderr);
	fuzz_log_file = f;
	stderr = f;
	return 0;
}

void
fuzz_log_reset(void)
{
	FUZZ_CHECK(fuzz_log_file != NULL);
	FUZZ_CHECK(fflush(fuzz_log_file) == 0);
	FUZZ_CHECK(ftruncate(fileno(fuzz_log_file), 0) == 0);
	rewind(fuzz_log_file);
}

const char *
fuzz_log_text(size_t *len)
{
	static char	 buf[FUZZ_LOG_MAX + 1];
	ssize_t		 n;

	FUZZ_CHECK(fuzz_log_file != NULL);
	FUZZ_CHECK(fflush(fuzz_log_file) == 0);
	n = pread(fileno(fuzz_log_file), buf, FUZZ_LOG_MAX, 0);
	FUZZ_CHECK(n >= 0);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static char	 fuzz_scratch[256];

static void
fuzz_scratch_remove(void)
{
	struct dirent	*e;
	DIR		*d;
	int		 dfd;

	if ((d = opendir(fuzz_scratch)) == NULL)
		return;
	dfd = dirfd(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			(void)unlinkat(dfd, e->d_name, 0);
	closedir(d);
	(void)rmdir(fuzz_scratch);
}

void
fuzz_scratch_dir(const char *target, char *dir, size_t size)
{
	const char	*tmp;
	int		 n;

	FUZZ_CHECK(fuzz_scratch[0] == '\0');	/* one per process */
	if ((tmp = getenv("TMPDIR")) == NULL || *tmp != '/')
		tmp = "/tmp";
	n = snprintf(fuzz_scratch, sizeof(fuzz_scratch), "%s/%s.XXXXXX", tmp,
	    target);
	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(fuzz_scratch));
	FUZZ_CHECK(mkdtemp(fuzz_scratch) != NULL);
	FUZZ_CHECK(atexit(fuzz_scratch_remove) == 0);
	FUZZ_CHECK(strlen(fuzz_scratch) < size);
	memcpy(dir, fuzz_scratch, strlen(fuzz_scratch) + 1);
}

int
fuzz_write_file(const char *path, unsigned mode, const uint8_t *data,
    size_t size)
{
	ssize_t	 n;
	size_t	 off = 0;
	int	 fd, rc = -1;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    (mode_t)mode);
	if (fd == -1)
		return -1;
	if (fchmod(fd, (mode_t)mode) == -1)	/* whatever the umask */
		goto out;
	while (off < size) {
		if ((n = write(fd, data + off, size - off)) <= 0)
			goto out;
		off += (size_t)n;
	}
	rc = 0;
out:
	if (close(fd) == -1)
		rc = -1;
	return rc;
}

const char *
fuzz_log_check(const char *prog, size_t *len)
{
	const char	*s, *line;
	size_t		 i, pl = strlen(prog);

	s = fuzz_log_text(len);
	FUZZ_CHECK(*len < FUZZ_LOG_MAX);
	FUZZ_CHECK(*len == 0 || s[*len - 1] == '\n');
	for (line = s, i = 0; i < *len; i++) {
		if (s[i] == '\n') {
			FUZZ_CHECK(strncmp(line, prog, pl) == 0 &&
			    line[pl] == ':' && line[pl + 1] == ' ');
			line = s + i + 1;
			continue;
		}
		FUZZ_CHECK(s[i] >= 0x20 && s[i] < 0x7f);
	}
	return s;
}

void
fuzz_check_name(const struct dname *name)
{
	struct dname	 back;
	char		 text[DNAME_TEXT_MAX];

	FUZZ_CHECK(name->len >= 1 && name->len <= DNAME_MAX);
	FUZZ_CHECK(name->data[name->len - 1] == 0);
	dname_to_text(name, text, sizeof(text));
	FUZZ_CHECK(dname_from_text(&back, text) == 0);
	FUZZ_CHECK(dname_equal(name, &back));
}
