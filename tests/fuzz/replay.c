/* SPDX-License-Identifier: ISC */
/*
 * Replay a corpus through one fuzz target without libFuzzer, so the
 * committed corpus runs in normal (sanitized) test builds.
 *
 * usage: replay DIR|FILE ...
 *
 * Links with one tests/fuzz/fuzz_*.c; the target's name is taken from
 * argv[0].  Calls LLVMFuzzerInitialize() when the target has one, then
 * LLVMFuzzerTestOneInput() on every regular file of each directory (in
 * name order; names starting with '.' skipped) or on each file given.
 * Prints "<target>: N inputs replayed" and exits 0, or exits 1 when an
 * argument could not be read or no input was found.  A crash in the
 * target is the sanitizers' or abort()'s, with its own exit status.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#define REPLAY_INPUT_MAX	(1024 * 1024)	/* bytes per input */

/* Weak here: a target without an initializer links too. */
int	 LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

/* Read the file at `path` into a new buffer.  Returns 0 or -1. */
static int
read_input(const char *path, uint8_t **out, size_t *outlen)
{
	struct stat	 st;
	uint8_t		*buf = NULL;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		fuzz_note("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > REPLAY_INPUT_MAX) {
		fuzz_note("%s: not a regular file of at most %d bytes", path,
		    REPLAY_INPUT_MAX);
		goto out;
	}
	/* One byte more than the size, so an empty file gets a buffer. */
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		fuzz_note("%s: out of memory", path);
		goto out;
	}
	while (len < (size_t)st.st_size) {
		n = read(fd, buf + len, (size_t)st.st_size - len);
		if (n <= 0) {
			fuzz_note("%s: short read", path);
			goto out;
		}
		len += (size_t)n;
	}
	*out = buf;
	*outlen = len;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}

/*
 * Run one file through the target.  The data is copied to a buffer of
 * exactly its size (as libFuzzer does), so ASan sees any overread.
 */
static int
replay_file(const char *path, size_t *count)
{
	uint8_t	*buf = NULL, *exact = NULL;
	size_t	 len = 0;

	if (read_input(path, &buf, &len) == -1)
		return -1;
	if (len > 0 && (exact = malloc(len)) == NULL) {
		free(buf);
		fuzz_note("%s: out of memory", path);
		return -1;
	}
	if (len > 0)
		memcpy(exact, buf, len);
	free(buf);
	(void)LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	(*count)++;
	return 0;
}

static int
replay_dir(const char *dir, size_t *count)
{
	struct dirent	**names = NULL;
	char		 path[4096];
	int		 n, i, rc = 0;

	if ((n = scandir(dir, &names, NULL, alphasort)) == -1) {
		fuzz_note("%s: %s", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			if (snprintf(path, sizeof(path), "%s/%s", dir,
			    names[i]->d_name) >= (int)sizeof(path)) {
				fuzz_note("%s: name too long", dir);
				rc = -1;
			} else if (replay_file(path, count) == -1)
				rc = -1;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	struct stat	 st;
	const char	*name;
	size_t		 count = 0;
	int		 i, rc = 0;

	name = strrchr(argv[0], '/') != NULL ? strrchr(argv[0], '/') + 1 :
	    argv[0];
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE ...\n", name);
		return 1;
	}
	if (LLVMFuzzerInitialize != NULL)
		(void)LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &count) == -1)
				rc = 1;
		} else if (replay_file(argv[i], &count) == -1)
			rc = 1;
	}
	if (count == 0) {
		fuzz_note("%s: no input found", name);
		rc = 1;
	}
	printf("%s: %zu inputs replayed\n", name, count);
	return rc;
}
