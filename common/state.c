#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "log.h"
#include "os.h"

int
state_dir(char *dir, size_t size, int final)
{
	const char	*env;
	struct stat	 st;

	if ((env = getenv("ACME_HOOKS_STATE_DIR")) != NULL && *env != '\0')
		snprintf(dir, size, "%s", env);
	else if ((env = getenv("XDG_RUNTIME_DIR")) != NULL && *env == '/')
		snprintf(dir, size, "%s/acme-hooks", env);
	else if (geteuid() == 0)
		snprintf(dir, size, "/run/acme-hooks");
	else
		snprintf(dir, size, "/tmp/acme-hooks-%ld", (long)geteuid());
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		log_failure(final, "%s: cannot create the state directory: %s",
		    dir, strerror(errno));
		return -1;
	}
	if (lstat(dir, &st) == -1) {
		log_failure(final, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0) {
		log_failure(final, "%s: the state directory must be a "
		    "directory of ours "
		    "with mode 0700 (it is mode %04o, owner %ld); remove it "
		    "or set ACME_HOOKS_STATE_DIR", dir,
		    (unsigned)(st.st_mode & 07777), (long)st.st_uid);
		return -1;
	}
	return 0;
}




/* The file that holds the time `owner` was last cleaned. */
static int
cleaned_path(const struct dname *owner, char *path, size_t size)
{
	char	 dir[512], name[DNAME_TEXT_MAX], *c;
	struct dname lower = *owner;

	if (state_dir(dir, sizeof(dir), 0) == -1)
		return -1;
	dname_lower(&lower);
	dname_to_text(&lower, name, sizeof(name));
	/* Only LDH, '_' and '.' are kept: a file name, never a path. */
	for (c = name; *c != '\0'; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		    *c == '-' || *c == '_' || *c == '.'))
			*c = '%';
	snprintf(path, size, "%s/cleaned-%s", dir, name);
	return 0;
}

int
state_mark_cleaned(const struct dname *owner)
{
	char	 path[1600];
	FILE	*f;
	int	 fd;

	if (cleaned_path(owner, path, sizeof(path)) == -1)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		log_warn("%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	fprintf(f, "%llu\n", (unsigned long long)os_wall_ms());
	return fclose(f) == 0 ? 0 : -1;
}

int
state_cleaned_at(const struct dname *owner, uint64_t *when_ms)
{
	char			 path[1600];
	unsigned long long	 v;
	FILE			*f;
	int			 fd, ok;

	*when_ms = 0;
	if (cleaned_path(owner, path, sizeof(path)) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : -1;
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return -1;
	}
	ok = fscanf(f, "%llu", &v) == 1;
	fclose(f);
	if (ok && v <= os_wall_ms())
		*when_ms = (uint64_t)v;
	return 0;
}
