/* SPDX-License-Identifier: ISC */
#ifndef ACME_CONFIG_H
#define ACME_CONFIG_H

/*
 * The INI configuration (read with inih) and the key files it names.
 *
 *   [options]  resolver, timeout, ttl, down_servers, poll_interval_max,
 *              sandbox
 *   [key "NAME"]  algorithm + secret, or file (a BIND key file or a
 *                 dnssec-keygen K*.private); or algorithm = gss-tsig
 *                 (or gss.microsoft.com) with optional principal and
 *                 keytab: Kerberos (RFC 3645), no secret here
 *   [zone "NAME"] key, server, server_name (the primary's host name,
 *                 for Kerberos' service DNS/<host>)
 *
 * Every error is logged once as "FILE:LINE: what is wrong" (or "FILE: ..."
 * for a whole-file problem) and makes config_load() fail.  Files are read
 * through securefile (securefile.h): regular files owned by the caller or
 * root, opened without following links, and not readable by group or
 * others when they hold a secret.  Key files are read by keyfile.h.  A
 * keytab is only checked so, and never read here: Kerberos reads it.
 */

#include <stdint.h>

#include "net/address.h"
#include "dns/wire.h"

struct tsig_key;

#define CONFIG_DEFAULT_PATH	"/etc/acme-hooks.ini"
#define CONFIG_DEFAULT_TIMEOUT	300	/* seconds */
#define CONFIG_DEFAULT_TTL	30	/* seconds: below lego's 60 s sequence gap */
#define CONFIG_DEFAULT_POLL_MAX	200	/* milliseconds between polls, at most */
/* The largest `ttl` (and `timeout`) the file may set: a day. */
#define CONFIG_TTL_MAX		86400	/* seconds */

struct config_key {
	char		*section;	/* the name in [key "..."] */
	struct tsig_key	*key;		/* owned; its name is the TSIG name
					 * (a gss key: the section's, and
					 * no secret) */
	int		 line;		/* where the section starts */
	/* gss keys only (tsig_alg_is_gss()); NULL: Kerberos' default. */
	char		*principal;	/* NULL: the keytab's or the
					 * credential cache's principal */
	int		 principal_line;
	char		*keytab;	/* absolute path, checked like a key
					 * file; NULL: the credential cache */
	int		 keytab_line;
};

struct config_zone {
	struct dname	 name;
	char		*name_text;	/* as written, for messages */
	char		*key_section;	/* the `key =` value */
	int		 key_line;	/* where `key =` is */
	struct tsig_key	*key;		/* borrowed from a config_key */
	struct host_port *server;	/* `server =`, parsed; NULL: MNAME */
	size_t		 nserver;
	/* gss keys only: the primary's host name, no final dot; NULL: the
	 * host in `server` or the MNAME. */
	char		*server_name;
	int		 server_name_line;
	int		 line;
};

struct config {
	char		*path;
	struct host_port *resolver;	/* address literals; NULL: the ones
					 * of /etc/resolv.conf */
	size_t		 nresolver;
	unsigned	 timeout;	/* seconds */
	uint32_t	 ttl;		/* seconds */
	unsigned	 poll_max_ms;	/* ceiling of the polling interval */
	int		 skip_down;	/* down_servers = skip: do not wait
					 * for servers that never answer */
	int		 no_sandbox;	/* sandbox = no: do not lock the
					 * process down (debugging) */
	struct config_key *keys;
	size_t		 nkeys;
	struct config_zone *zones;
	size_t		 nzones;
};

/*
 * Read the file at `path`.  Returns the configuration, or NULL after
 * logging every problem found (file:line each).
 */
struct config *config_load(const char *path);
/* Free, wiping key material; NULL is fine. */
void	 config_free(struct config *cfg);

/*
 * The TCP ports the `resolver` and `server` options name (53 for those
 * without a port), each once, in `ports` of `cap`; 53 is always first.
 * Returns how many were stored.
 */
size_t	 config_ports(const struct config *cfg, uint16_t *ports, size_t cap);

/* The [zone] section for exactly `zone`, or NULL. */
const struct config_zone *config_find_zone(const struct config *cfg,
	    const struct dname *zone);

/*
 * Which file to read: `cli_path` when given, else $ACME_HOOKS_CONFIG,
 * else CONFIG_DEFAULT_PATH.
 */
const char *config_path(const char *cli_path);

#endif
