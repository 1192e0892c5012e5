/* SPDX-License-Identifier: ISC */
#ifndef ACME_KEYFILE_H
#define ACME_KEYFILE_H

/*
 * TSIG key files as BIND's tools write them:
 *   key "NAME" { algorithm hmac-sha256; secret "BASE64"; };
 * from tsig-keygen and ddns-confgen (several statements may follow each
 * other), and dnssec-keygen's K<name>.+NNN+NNNNN.private ("Field: value"
 * lines).  Files are read through securefile (regular, ours or root's,
 * mode 0600 or stricter).  No message ever contains the secret.
 */

#include "dns/tsig.h"
#include "dns/wire.h"

/* Where a [key] section names its key file, and what it says besides. */
struct keyfile_ref {
	const char	*config;	/* the configuration file's path */
	const char	*file;		/* `file =`, relative to its directory */
	int		 file_line;
	const char	*section;	/* [key "NAME"]: the key to pick */
	int		 have_alg;	/* `algorithm =` was given: */
	enum tsig_alg	 alg;		/* the file must say the same */
	int		 alg_line;
};

/*
 * The key of the file `ref` names: from a BIND key file the key named
 * like the section (compared like domain names) or its only key, or a
 * K*.private file.  HMAC-MD5 only when the section names it.  Messages
 * name the file by CONFIG:LINE and its path; until the file is open, a
 * `file =` text that may be a misplaced secret (keyfile_may_be_secret())
 * is not shown.  Returns the key, or NULL after logging.
 */
struct tsig_key *keyfile_load(const struct keyfile_ref *ref);

/*
 * An algorithm name such as "hmac-sha256" into *alg.  Returns 0, or -1
 * after logging "WHERE:LINE: unknown algorithm" (the text is echoed only
 * when it cannot be part of a secret).
 */
int	 keyfile_alg(const char *where, int line, const char *text,
	    enum tsig_alg *alg);

/* A secret as written, and where, for keyfile_key_new(). */
struct keyfile_secret {
	const char	*where;		/* the file */
	int		 line;		/* its line */
	int		 col;		/* column of b64[0] on that line */
	const char	*section;	/* the [key] section, for messages */
	const char	*b64;		/* the text: base64 */
	/*
	 * The INI's `secret =`: also as tsig-keygen prints it, in quotes
	 * and with a ';' after them ("BASE64";), blanks around each.
	 */
	int		 unwrap;
};

/*
 * Decode the secret `ks` into a key named `name` for algorithm `alg`,
 * refusing an empty or too short secret.  Messages name `where:line`,
 * the [key] `section` and what is wrong (a quote or ';' out of place,
 * the column of a character that is not base64, a length that is not a
 * multiple of 4), never the secret.  Returns the key, or NULL after
 * logging.
 */
struct tsig_key *keyfile_key_new(const struct keyfile_secret *ks,
	    const char *name, enum tsig_alg alg);

/*
 * 1 when `text`, a value written in the configuration, may be a TSIG
 * secret or a piece of one and so must not be shown: nothing but
 * base64's characters (once quotes and a ';' around it are set aside),
 * with a '+' or '=', or 20 or more of them.  A name or path with a '.',
 * '-' or '_' in it is shown.
 */
int	 keyfile_may_be_secret(const char *text);

/* Key names compare like domain names: any case, final dot optional. */
int	 keyfile_name_eq(const char *a, const char *b);

#endif
