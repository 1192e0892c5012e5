/* SPDX-License-Identifier: ISC */
#ifndef ACME_SECUREFILE_H
#define ACME_SECUREFILE_H

/*
 * Reading a file that may hold a secret, or that chooses where secrets
 * go, safely: opened without following a final symbolic link (and
 * without blocking on a FIFO), checked on the open descriptor (a regular
 * file, owned by us or root, not writable by group or others, and with
 * SECUREFILE_SECRET not readable by them either), at most SECUREFILE_MAX
 * bytes, read whole into memory that securefile_close() wipes.
 *
 * Every directory above the file, as realpath(3) resolves them, up to /,
 * must be owned by us or root.  The file's own directory must not be
 * writable by group or others; a directory above it may be only when it
 * is root's and sticky (as /tmp is), because then nobody else can rename
 * or remove our directory in it.  This is sshd's StrictModes, with that
 * one allowance for a private directory made in /tmp.
 *
 * Every refusal is logged once as "PATH: what is wrong" with the mode or
 * owner and what to do.
 */

#include <stddef.h>

#define SECUREFILE_MAX		(1024 * 1024)	/* bytes in any file */

/* Flags. */
#define SECUREFILE_SECRET	0x1	/* not readable by group or others */
/*
 * A key file named by `file =`: a refusal for its owner, or for a group
 * that may read it, says to give the hooks a copy of their own (the file
 * may be another service's, named's, which needs it as it is).
 */
#define SECUREFILE_KEYFILE	0x2
/* A Kerberos keytab: a refusal says it holds Kerberos keys. */
#define SECUREFILE_KEYTAB	0x4

struct securefile {
	int		 fd;		/* open until securefile_close() */
	char		*buf;		/* the contents, NUL-terminated */
	size_t		 len;		/* bytes in buf, without the NUL */
};

/*
 * Open, check and read `path`.  When the file cannot be opened, messages
 * name it as `shown` instead of its path when `shown` is not NULL (the
 * path was written by a user and may be a misplaced secret).  Returns 0
 * with `f` filled, or -1 after logging (nothing to close).
 */
int	 securefile_read(const char *path, const char *shown, int flags,
	    struct securefile *f);
/*
 * Open and check `path` as securefile_read() does, without reading it:
 * for a file that another library reads later (a Kerberos keytab), whose
 * bytes we never hold.  Returns 0, or -1 after logging.
 */
int	 securefile_check_path(const char *path, const char *shown, int flags);
/*
 * Wipe and free the contents, close the descriptor.  Fine to call again,
 * or after a failed securefile_read().
 */
void	 securefile_close(struct securefile *f);

/*
 * Check an open descriptor of `path` as securefile_read() does.
 * Returns 0, or -1 after logging "PATH: ..." with the mode or owner.
 */
int	 securefile_check(const char *path, int fd, int flags);

/*
 * Check an open directory descriptor: a directory owned by us or root
 * that neither group nor others can write.  Returns 0, or -1 after
 * logging "PATH: ..." with the mode or owner.
 */
int	 securefile_check_dir(const char *path, int dirfd);

#endif
