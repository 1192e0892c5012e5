/* SPDX-License-Identifier: ISC */
#include "flow/state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "sys/log.h"
#include "sys/os.h"

/* S_ISVTX is XSI, not in _POSIX_C_SOURCE; the bit is the same everywhere. */
#define STICKY_BIT	01000

/* Where the directory is, by the rules in state.h. */
static int
state_path(char *dir, size_t size)
{
	const char	*env;
	struct stat	 st;
	int		 n;

	if ((env = getenv("ACME_HOOKS_STATE_DIR")) != NULL && *env != '\0')
		n = snprintf(dir, size, "%s", env);
	else if ((env = getenv("XDG_RUNTIME_DIR")) != NULL && *env == '/' &&
	    stat(env, &st) == 0 && st.st_uid == geteuid())
		/* su and some sudo setups keep the caller's XDG_RUNTIME_DIR:
		 * never use a directory another user controls. */
		n = snprintf(dir, size, "%s/acme-hooks", env);
	else if (geteuid() == 0)
		n = snprintf(dir, size, "/run/acme-hooks");
	else
		n = snprintf(dir, size, "/tmp/acme-hooks-%ld",
		    (long)geteuid());
	return n > 0 && (size_t)n < size && dir[0] == '/' ? 0 : -1;
}

/*
 * Check a component on its descriptor: owned by root or us, and writable
 * by nobody else unless it is a sticky root directory (/tmp) that is not
 * the last one.  Returns NULL, or why not.
 */
static const char *
component_problem(const struct stat *st, int last)
{
	uid_t	 me = geteuid();

	if (!S_ISDIR(st->st_mode))
		return "not a directory";
	if (last) {
		if (st->st_uid != me)
			return "not owned by the user running the hook";
		if ((st->st_mode & 077) != 0)
			return "not mode 0700";
		return NULL;
	}
	if (st->st_uid != 0 && st->st_uid != me)
		return "owned by another user";
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0 &&
	    !((st->st_mode & STICKY_BIT) && st->st_uid == 0))
		return "writable by others";
	return NULL;
}

/* Open `name` below `parent` as a directory, making the last one. */
static int
open_component(int parent, const char *name, int last)
{
	int	 fd;

	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1 && errno == ENOENT && last &&
	    mkdirat(parent, name, 0700) == 0)
		fd = openat(parent, name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
	return fd;
}

int
state_open(struct state_dir *sd)
{
	char		 walk[STATE_PATH_MAX], *name, *next, *save = NULL;
	const char	*why = NULL;
	struct stat	 st;
	int		 fd, parent, last = 0;

	sd->fd = -1;
	if (state_path(sd->path, sizeof(sd->path)) == -1) {
		log_warn("the state directory's path is too long or not "
		    "absolute; set ACME_HOOKS_STATE_DIR");
		return -1;
	}
	memcpy(walk, sd->path, sizeof(walk));
	if ((parent = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		log_warn("/: %s", strerror(errno));
		return -1;
	}
	for (name = strtok_r(walk, "/", &save); name != NULL; name = next) {
		next = strtok_r(NULL, "/", &save);
		last = next == NULL;
		if ((fd = open_component(parent, name, last)) == -1) {
			why = errno == ELOOP || errno == ENOTDIR ?
			    "a symbolic link or not a directory" :
			    strerror(errno);
			break;
		}
		close(parent);
		parent = fd;
		if (fstat(fd, &st) == -1)
			why = strerror(errno);
		else
			why = component_problem(&st, last);
		if (why != NULL)
			break;
	}
	if (why == NULL && !last)
		why = "the root directory";	/* the path was "/" */
	if (why != NULL) {
		log_warn("%s: not using it as the state directory (%s at %s); "
		    "certbot's challenges are each waited for and no hold-back "
		    "is noted. Remove it, or set ACME_HOOKS_STATE_DIR to a "
		    "directory of yours with mode 0700", sd->path,
		    why, name != NULL ? name : "/");
		close(parent);
		return -1;
	}
	sd->fd = parent;
	return 0;
}

void
state_close(struct state_dir *sd)
{
	if (sd->fd != -1)
		close(sd->fd);
	sd->fd = -1;
}

/* The file that holds the time `owner` was last cleaned. */
static void
cleaned_name(const struct dname *owner, char *name, size_t size)
{
	char		 text[DNAME_TEXT_MAX], *c;
	struct dname	 lower = *owner;

	dname_lower(&lower);
	dname_to_text(&lower, text, sizeof(text));
	/* Only LDH, '_' and '.' are kept: a file name, never a path. */
	for (c = text; *c != '\0'; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		    *c == '-' || *c == '_' || *c == '.'))
			*c = '%';
	snprintf(name, size, "cleaned-%s", text);
}

int
state_mark_cleaned(const struct state_dir *sd, const struct dname *owner)
{
	char	 name[DNAME_TEXT_MAX + 16], tmp[DNAME_TEXT_MAX + 32];
	char	 line[32];
	int	 fd, n, ok;

	if (sd->fd == -1)
		return 0;
	cleaned_name(owner, name, sizeof(name));
	snprintf(tmp, sizeof(tmp), ".%s.%ld", name, (long)getpid());
	n = snprintf(line, sizeof(line), "%llu\n",
	    (unsigned long long)os_wall_ms());
	fd = openat(sd->fd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1) {
		log_warn("%s/%s: %s", sd->path, tmp, strerror(errno));
		return -1;
	}
	ok = write(fd, line, (size_t)n) == n;
	ok = close(fd) == 0 && ok;
	/* A whole note or none: readers never see half a number. */
	if (!ok || renameat(sd->fd, tmp, sd->fd, name) == -1) {
		log_warn("%s/%s: %s", sd->path, name, strerror(errno));
		(void)unlinkat(sd->fd, tmp, 0);
		return -1;
	}
	return 0;
}

int
state_cleaned_at(const struct state_dir *sd, const struct dname *owner,
    uint64_t *when_ms)
{
	char			 name[DNAME_TEXT_MAX + 16], buf[32], *end;
	unsigned long long	 v;
	ssize_t			 n;
	int			 fd, err;

	*when_ms = 0;
	if (sd->fd == -1)
		return 0;
	cleaned_name(owner, name, sizeof(name));
	fd = openat(sd->fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT)
			return 0;
		log_warn("%s/%s: %s; not holding back for this name: remove "
		    "it", sd->path, name, strerror(errno));
		return -1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	err = errno;
	close(fd);
	if (n <= 0) {
		log_warn("%s/%s: %s; not holding back for this name: remove "
		    "it", sd->path, name, n == 0 ? "empty" : strerror(err));
		return -1;
	}
	buf[n] = '\0';
	v = strtoull(buf, &end, 10);
	if (*end == '\n' && v <= os_wall_ms())
		*when_ms = (uint64_t)v;
	return 0;
}

/*
 * How old a note must be before it may go: hold_back() (present.c)
 * holds a new value back until the note's time + ttl + 1 s, with the ttl
 * of the running configuration, the one given here, so a note older than
 * that can hold this run back no more.  The note's time is read from the
 * clock just before its file is written, so the file's modification time
 * is no earlier, but for the file system's timestamp granularity (a
 * clock tick), which the second second covers.  (A configuration with a
 * longer ttl, sharing the directory, would have held back a little
 * longer: the hold-back is for the ttl the values were published with,
 * which is the running one in any sane setup.)
 */
static uint64_t
reap_age_ms(uint32_t ttl_s)
{
	return ((uint64_t)ttl_s + 2) * 1000u;
}

/* A process ID: decimal digits only, at least one. */
static int
pid_text(const char *s)
{
	return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

/*
 * One of ours by name: a note ("cleaned-NAME"), the temporary file of a
 * writer that died before its rename (".cleaned-NAME.PID", see
 * state_mark_cleaned()), or one state_reap() set aside (".reaping-PID").
 * certbot.c's "run-*" notes and anything else are never touched here.
 */
static int
reapable_name(const char *name)
{
	const char	*dot;

	if (strncmp(name, "cleaned-", 8) == 0)
		return name[8] != '\0';
	if (strncmp(name, ".cleaned-", 9) == 0)
		return (dot = strrchr(name, '.')) > name + 9 &&
		    pid_text(dot + 1);
	if (strncmp(name, ".reaping-", 9) == 0)
		return pid_text(name + 9);
	return 0;
}

/* Remove `name`, which `old` describes; 1 when it is gone. */
static int
reap_one(int dfd, const char *name, const struct stat *old)
{
	struct stat	 st;
	char		 aside[32];

	/*
	 * Not unlinkat(name) at once: an acme-clean may rename a fresh note
	 * over it between our look and the removal.  Moved aside, the file
	 * goes only if it is still the one judged old.
	 */
	snprintf(aside, sizeof(aside), ".reaping-%ld", (long)getpid());
	if (renameat(dfd, name, dfd, aside) == -1)
		return 0;	/* another run took it first */
	if (fstatat(dfd, aside, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    st.st_ino == old->st_ino && st.st_dev == old->st_dev)
		return unlinkat(dfd, aside, 0) == 0;
	/* A fresh note: back under its name, unless a newer one is there. */
	if (linkat(dfd, aside, dfd, name, 0) == -1 && errno != EEXIST)
		log_debug("state directory: %s: %s; a hold-back may be "
		    "missed", name, strerror(errno));
	(void)unlinkat(dfd, aside, 0);
	return 0;
}

/* The file's modification time in wall-clock ms; 0 before 1970. */
static uint64_t
mtime_ms(const struct stat *st)
{
	if (st->st_mtim.tv_sec < 0)
		return 0;
	return (uint64_t)st->st_mtim.tv_sec * 1000u +
	    (uint64_t)st->st_mtim.tv_nsec / 1000000u;
}

void
state_reap(const struct state_dir *sd, uint64_t now_ms, uint32_t ttl_s,
    struct state_reaped *out)
{
	struct state_reaped r = { 0, 0, 0 };
	const struct dirent *e;
	struct stat	 st;
	uint64_t	 start = os_clock_ms();
	DIR		*d;
	uid_t		 me = geteuid();
	int		 fd;

	if (sd->fd == -1)
		goto out;
	/* A descriptor of its own: readdir() moves no offset of sd->fd. */
	if ((fd = openat(sd->fd, ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		goto out;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		goto out;
	}
	/* Bounded: STATE_REAP_MAX removals and STATE_REAP_MS of time. */
	while ((e = readdir(d)) != NULL) {
		if (r.removed >= STATE_REAP_MAX ||
		    os_clock_ms() - start >= STATE_REAP_MS) {
			r.stopped = 1;
			break;
		}
		r.seen++;
		if (!reapable_name(e->d_name) ||
		    fstatat(sd->fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) ==
		    -1 || !S_ISREG(st.st_mode) || st.st_uid != me ||
		    mtime_ms(&st) + reap_age_ms(ttl_s) >= now_ms)
			continue;
		if (reap_one(sd->fd, e->d_name, &st))
			r.removed++;
	}
	closedir(d);
	if (r.removed > 0)
		log_debug("%s: removed %u notes older than the longest "
		    "hold-back%s", sd->path, r.removed, r.stopped ?
		    " (more next time)" : "");
out:
	if (out != NULL)
		*out = r;
}
