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

#include "tsig.h"
#include "wire.h"

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
 * K*.private file.  HMAC-MD5 only when the section names it.  Until the
 * file is open, messages name it by CONFIG:LINE, never by the `file =`
 * text (a misplaced secret).  Returns the key, or NULL after logging.
 */
struct tsig_key *keyfile_load(const struct keyfile_ref *ref);

/*
 * An algorithm name such as "hmac-sha256" into *alg.  Returns 0, or -1
 * after logging "WHERE:LINE: unknown algorithm" (the text is echoed only
 * when it cannot be part of a secret).
 */
int	 keyfile_alg(const char *where, int line, const char *text,
	    enum tsig_alg *alg);

/*
 * Decode the base64 `b64` into a key named `name` for algorithm `alg`,
 * refusing an empty or too short secret.  Messages name `where:line` and
 * the [key] `section`, never the secret.  Returns the key, or NULL after
 * logging.
 */
struct tsig_key *keyfile_key_new(const char *where, int line,
	    const char *section, const char *name, enum tsig_alg alg,
	    const char *b64);

/* Key names compare like domain names: any case, final dot optional. */
int	 keyfile_name_eq(const char *a, const char *b);

#endif
