/* SPDX-License-Identifier: ISC */
/*
 * Reading secret-bearing files: one open, one fstat, one bounded read.
 * Every check is made on the descriptor we read from, never on the name,
 * so the file cannot be swapped between the check and the read.
 */

/* realpath(3) is XSI: without this, only _FORTIFY_SOURCE declares it. */
#define _XOPEN_SOURCE	700

#include "conf/securefile.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/crypto.h"
#include "sys/log.h"

/* The sticky bit: XSI names it S_ISVTX, plain POSIX does not. */
#ifndef S_ISVTX
#define S_ISVTX		01000
#endif

/*
 * "bind (uid 102)", or "uid 102" for an id without a name (`kind` is
 * "uid" or "gid").  Messages are made before the sandbox, when NSS may
 * still read /etc/passwd and /etc/group.
 */
static void
securefile_id(const char *name, const char *kind, unsigned long id,
    char *buf, size_t size)
{
	if (name != NULL && *name != '\0')
		snprintf(buf, size, "%s (%s %lu)", name, kind, id);
	else
		snprintf(buf, size, "%s %lu", kind, id);
}

static void
securefile_user(uid_t uid, char *buf, size_t size)
{
	const struct passwd *pw = getpwuid(uid);

	securefile_id(pw != NULL ? pw->pw_name : NULL, "uid",
	    (unsigned long)uid, buf, size);
}

static void
securefile_group(gid_t gid, char *buf, size_t size)
{
	const struct group *gr = getgrgid(gid);

	securefile_id(gr != NULL ? gr->gr_name : NULL, "gid",
	    (unsigned long)gid, buf, size);
}

/* The user running this, by name for a command line ("root", or the uid). */
static void
securefile_me(char *buf, size_t size)
{
	const struct passwd *pw = getpwuid(geteuid());

	if (pw != NULL && pw->pw_name != NULL && *pw->pw_name != '\0')
		snprintf(buf, size, "%s", pw->pw_name);
	else
		snprintf(buf, size, "%lu", (unsigned long)geteuid());
}

/*
 * What to do about a key file of another service (named's, say, which
 * must stay as it is for named): "the hooks need a copy ... file =".
 * The copy goes to /etc/acme-hooks/ for root, the home directory for
 * anybody else; a file already there is the hooks' own, to fix in place.
 */
static void
securefile_copy_hint(const char *path, int fix_owner, char *buf,
    size_t size)
{
	const struct passwd *pw;
	const char	*base, *dir = NULL, *slash;
	char		 me[64];
	size_t		 dlen;

	securefile_me(me, sizeof(me));
	if (geteuid() == 0)
		dir = "/etc/acme-hooks";
	else if ((pw = getpwuid(geteuid())) != NULL && pw->pw_dir != NULL &&
	    pw->pw_dir[0] == '/')
		dir = pw->pw_dir;
	slash = strrchr(path, '/');
	base = slash != NULL ? slash + 1 : path;
	dlen = slash != NULL ? (size_t)(slash - path) : 0;
	if (dir == NULL || (slash != NULL && strlen(dir) == dlen &&
	    strncmp(path, dir, dlen) == 0)) {
		if (fix_owner)
			snprintf(buf, size, "run chown %s %s && chmod 600 %s",
			    me, path, path);
		else
			snprintf(buf, size, "run chmod 600 %s", path);
		return;
	}
	snprintf(buf, size, "the hooks need a copy of the key of their own: "
	    "install -m 0600%s%s %s %s/%s, then name that copy in file =",
	    geteuid() == 0 ? " -o " : "", geteuid() == 0 ? me : "", path,
	    dir, base);
}

/*
 * Owned by us or root; logs and returns -1 when not.  `file` is the file
 * being read (path itself, or a file below the directory path).
 */
static int
securefile_owner_ok(const char *path, const struct stat *st,
    const char *file, int flags)
{
	uid_t	 euid = geteuid();
	char	 owner[96], me[96], fix[1024], name[64];

	if (st->st_uid == euid || st->st_uid == 0)
		return 0;
	securefile_user(st->st_uid, owner, sizeof(owner));
	securefile_user(euid, me, sizeof(me));
	if (flags & SECUREFILE_KEYFILE)
		securefile_copy_hint(file, 1, fix, sizeof(fix));
	else {
		securefile_me(name, sizeof(name));
		if (S_ISDIR(st->st_mode) && strcmp(path, file) != 0)
			snprintf(fix, sizeof(fix), "run chown %s %s, or keep "
			    "%s in a directory of yours", name, path, file);
		else
			snprintf(fix, sizeof(fix), "run chown %s %s", name,
			    path);
	}
	if (euid == 0)
		log_err("%s: owned by %s; must be owned by root (uid 0), who "
		    "runs this; %s", path, owner, fix);
	else
		log_err("%s: owned by %s; must be owned by root (uid 0) or by "
		    "you, %s; %s", path, owner, me, fix);
	return -1;
}

/*
 * A secret others can read.  A key file whose group is another service's
 * (Debian keeps each key of /etc/bind root:bind 0640, for named) must
 * stay so: the hooks need a copy of their own, not a chmod.
 */
static void
securefile_mode_refused(const char *path, const struct stat *st, int flags)
{
	char	 group[96], fix[1024];

	if ((flags & SECUREFILE_KEYFILE) && (st->st_mode & S_IRWXG) != 0 &&
	    st->st_gid != 0 && st->st_gid != getegid()) {
		securefile_group(st->st_gid, group, sizeof(group));
		securefile_copy_hint(path, 0, fix, sizeof(fix));
		log_err("%s: mode %04o lets its group, %s%s, read the TSIG "
		    "secret; the service that group is for may need that, so "
		    "leave it as it is; %s", path,
		    (unsigned)(st->st_mode & 07777), group,
		    (st->st_mode & S_IRWXO) != 0 ? ", and others" : "", fix);
		return;
	}
	log_err("%s: mode %04o lets others read the %s; run chmod 600 %s",
	    path, (unsigned)(st->st_mode & 07777), flags & SECUREFILE_KEYTAB ?
	    "Kerberos keys" : "TSIG secret", path);
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
	if (securefile_owner_ok(path, &st, path, flags) == -1)
		return -1;
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		log_err("%s: mode %04o lets others change it; run chmod go-w "
		    "%s", path, (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	if ((flags & SECUREFILE_SECRET) &&
	    (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		securefile_mode_refused(path, &st, flags);
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
securefile_dir_ok(const char *path, const struct stat *st, int sticky_ok,
    const char *file, int flags)
{
	if (!S_ISDIR(st->st_mode)) {
		log_err("%s: not a directory", path);
		return -1;
	}
	if (securefile_owner_ok(path, st, file, flags) == -1)
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
	return securefile_dir_ok(path, &st, 0, path, 0);
}

/*
 * Every directory above `path`, as realpath(3) resolves them (the rule of
 * sshd's StrictModes): its own directory must pass securefile_dir_ok()
 * strictly, the ones above it may also be root-owned and sticky.
 */
static int
securefile_check_parents(const char *path, int flags)
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
		if (securefile_dir_ok(real, &st, !own, path, flags) == -1)
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
	    securefile_check_parents(path, flags) == -1 ||
	    securefile_slurp(path, f->fd, f) == -1) {
		securefile_close(f);
		return -1;
	}
	return 0;
}

int
securefile_check_path(const char *path, const char *shown, int flags)
{
	int	 fd, rc = -1;

	if ((fd = securefile_open(path, shown)) == -1)
		return -1;
	if (securefile_check(path, fd, flags) == 0 &&
	    securefile_check_parents(path, flags) == 0)
		rc = 0;
	close(fd);
	return rc;
}

void
securefile_close(struct securefile *f)
{
	if (f->buf != NULL) {
		/*
		 * What was read, which a failed read (a file too long) counts
		 * too; not the whole buffer: a 1 MiB byte-wise wipe per file
		 * read made every key file cost milliseconds.
		 */
		crypto_wipe(f->buf, f->len);
		free(f->buf);
	}
	if (f->fd >= 0)
		close(f->fd);
	f->buf = NULL;
	f->len = 0;
	f->fd = -1;
}
