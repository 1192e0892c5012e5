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

#define KEYFILE_NAME_MAX	DNAME_TEXT_MAX
#define KEYFILE_TOKEN_MAX	1024	/* a word or string in a file */

/* One key as read from a file, before its secret is decoded. */
struct keyfile_key {
	char		 name[KEYFILE_NAME_MAX];
	int		 have_name;	/* K*.private: from the file name */
	enum tsig_alg	 alg;
	char		 secret[KEYFILE_TOKEN_MAX];	/* base64: wiped */
	int		 line;		/* where the key starts */
	int		 secret_line;
};

/*
 * Read the key file at `path`: from a BIND key file the key named `want`
 * (compared like domain names), or its only key.  `shown` names the file
 * in messages while it cannot be opened (see securefile_read()).  Fills
 * `out`, which the caller wipes with securefile_wipe().  Returns 0, or -1
 * after logging "PATH:LINE: ...".
 */
int	 keyfile_read(const char *path, const char *shown, const char *want,
	    struct keyfile_key *out);

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
