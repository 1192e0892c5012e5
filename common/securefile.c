/* SPDX-License-Identifier: ISC */
/*
 * Reading secret-bearing files: one open, one fstat, one bounded read.
 * Every check is made on the descriptor we read from, never on the name,
 * so the file cannot be swapped between the check and the read.
 */

/* realpath(3) is XSI: without this, only _FORTIFY_SOURCE declares it. */
#define _XOPEN_SOURCE	700

#include "securefile.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* The sticky bit: XSI names it S_ISVTX, plain POSIX does not. */
#ifndef S_ISVTX
#define S_ISVTX		01000
#endif

void
securefile_wipe(void *p, size_t n)
{
	volatile unsigned char	*v = p;

	/* Through a volatile pointer: stores the compiler may not drop. */
	while (v != NULL && n-- > 0)
		*v++ = 0;
}

/* Owned by us or root; logs and returns -1 when not. */
static int
securefile_owner_ok(const char *path, const struct stat *st)
{
	uid_t	 euid = geteuid();

	if (st->st_uid == euid || st->st_uid == 0)
		return 0;
	log_err("%s: owned by uid %lu; must be owned by uid %lu (the user "
	    "running this) or root", path, (unsigned long)st->st_uid,
	    (unsigned long)euid);
	return -1;
}

int
securefile_check(const char *path, int fd, int flags)
{
	struct stat	 st;

	if (fstat(fd, &st) == -1) {
		log_err("%s: cannot stat: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		log_err("%s: is a directory, not a regular file", path);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		log_err("%s: not a regular file", path);
		return -1;
	}
	if (securefile_owner_ok(path, &st) == -1)
		return -1;
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		log_err("%s: mode %04o lets others change it; run chmod go-w "
		    "%s", path, (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	if ((flags & SECUREFILE_SECRET) &&
	    (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		log_err("%s: mode %04o lets others read the TSIG secret; "
		    "run chmod 600 %s", path,
		    (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	return 0;
}

/*
 * A directory owned by us or root that group and others cannot write;
 * with `sticky_ok`, a root-owned sticky directory (/tmp) may be writable
 * by others, who then cannot rename or remove what is ours in it.
 */
static int
securefile_dir_ok(const char *path, const struct stat *st, int sticky_ok)
{
	if (!S_ISDIR(st->st_mode)) {
		log_err("%s: not a directory", path);
		return -1;
	}
	if (securefile_owner_ok(path, st) == -1)
		return -1;
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) == 0 ||
	    (sticky_ok && (st->st_mode & S_ISVTX) && st->st_uid == 0))
		return 0;
	log_err("%s: directory mode %04o lets others replace the files "
	    "below it; run chmod go-w %s", path,
	    (unsigned)(st->st_mode & 07777), path);
	return -1;
}

int
securefile_check_dir(const char *path, int dirfd)
{
	struct stat	 st;

	if (fstat(dirfd, &st) == -1) {
		log_err("%s: cannot stat: %s", path, strerror(errno));
		return -1;
	}
	return securefile_dir_ok(path, &st, 0);
}

/*
 * Every directory above `path`, as realpath(3) resolves them (the rule of
 * sshd's StrictModes): its own directory must pass securefile_dir_ok()
 * strictly, the ones above it may also be root-owned and sticky.
 */
static int
securefile_check_parents(const char *path)
{
	struct stat	 st;
	char		*dir = NULL, *real = NULL, *slash;
	int		 own = 1, rc = -1;

	if ((dir = strdup(path)) == NULL) {
		log_err("%s: out of memory", path);
		return -1;
	}
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if ((real = realpath(dir, NULL)) == NULL) {
		log_err("%s: cannot resolve its directory: %s", path,
		    strerror(errno));
		goto out;
	}
	/* Bounded: each pass drops one component of `real`. */
	for (;;) {
		if (stat(real, &st) == -1) {
			log_err("%s: cannot stat: %s", real, strerror(errno));
			goto out;
		}
		if (securefile_dir_ok(real, &st, !own) == -1)
			goto out;
		if (strcmp(real, "/") == 0)
			break;
		slash = strrchr(real, '/');
		if (slash == NULL)
			break;
		if (slash == real)
			real[1] = '\0';
		else
			*slash = '\0';
		own = 0;
	}
	rc = 0;
out:
	free(real);
	free(dir);
	return rc;
}

/* Open without following a final link; logs and returns -1 on failure. */
static int
securefile_open(const char *path, const char *shown)
{
	struct stat	 st;
	const char	*name = shown != NULL ? shown : path;
	int		 fd, saved;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd != -1)
		return fd;
	saved = errno;
	if (saved == ELOOP && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		log_err("%s: is a symbolic link; refusing to follow it (name "
		    "the file it points to)", path);
	else
		log_err("%s: cannot open: %s%s", name, strerror(saved),
		    saved == ENOENT ? "; check the path" : saved == EACCES ?
		    "; the user running this may not read it, or may not "
		    "search a directory above it" : "");
	return -1;
}

/* Read all of `fd` into f->buf; bounded by SECUREFILE_MAX + 1 bytes. */
static int
securefile_slurp(const char *path, int fd, struct securefile *f)
{
	ssize_t	 r;

	if ((f->buf = malloc(SECUREFILE_MAX + 1)) == NULL) {
		log_err("%s: out of memory", path);
		return -1;
	}
	for (;;) {
		r = read(fd, f->buf + f->len, SECUREFILE_MAX + 1 - f->len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			log_err("%s: cannot read: %s", path, strerror(errno));
			return -1;
		}
		if (r == 0)
			break;
		f->len += (size_t)r;
		if (f->len > SECUREFILE_MAX) {
			log_err("%s: larger than %d bytes", path,
			    SECUREFILE_MAX);
			return -1;
		}
	}
	f->buf[f->len] = '\0';
	return 0;
}

int
securefile_read(const char *path, const char *shown, int flags,
    struct securefile *f)
{
	memset(f, 0, sizeof(*f));
	f->fd = -1;
	if ((f->fd = securefile_open(path, shown)) == -1)
		return -1;
	if (securefile_check(path, f->fd, flags) == -1 ||
	    securefile_check_parents(path) == -1 ||
	    securefile_slurp(path, f->fd, f) == -1) {
		securefile_close(f);
		return -1;
	}
	return 0;
}

void
securefile_close(struct securefile *f)
{
	if (f->buf != NULL) {
		/* The whole buffer: a failed read may have filled it. */
		securefile_wipe(f->buf, SECUREFILE_MAX + 1);
		free(f->buf);
	}
	if (f->fd >= 0)
		close(f->fd);
	f->buf = NULL;
	f->len = 0;
	f->fd = -1;
}
