/* SPDX-License-Identifier: ISC */
#ifndef ACME_KERBEROS_H
#define ACME_KERBEROS_H

/*
 * Kerberos through the GSS-API (RFC 2743), for GSS-TSIG (RFC 3645): a
 * security context with a zone's primary, whose MICs sign the updates.
 *
 * MIT Kerberos' libgssapi_krb5.so.2 is loaded with dlopen() on the first
 * call, never linked: runs that only use TSIG secrets do not pay for it.
 * Only the signer process (flow/signer.h) calls this module: the
 * credentials, the ticket and the context's keys stay there.  The
 * Kerberos configuration is the system's (/etc/krb5.conf, KRB5_CONFIG).
 */

#include <stddef.h>
#include <stdint.h>

#include "sys/outcome.h"

/* The longest token we pass on (a ticket with a large Windows PAC). */
#define KERBEROS_TOKEN_MAX	60000

struct kerberos;

/* Why a step failed: its outcome and one line for the user. */
struct kerberos_error {
	enum outcome	 outcome;	/* OUTCOME_AUTH, _CONFIG or _NOMEM */
	char		 text[512];
};

/*
 * Get credentials for `principal` (NULL: the keytab's first entry, or
 * the credential cache's default) from `keytab` (NULL: the credential
 * cache, KRB5CCNAME), for the service DNS@`host` (DNS/host@REALM;
 * `host` without a final dot).
 * With a keytab, the ticket goes to a memory cache only.  Returns the
 * context to step, or NULL with `err` filled.
 */
struct kerberos *kerberos_start(const char *principal, const char *keytab,
	    const char *host, struct kerberos_error *err);

/*
 * One step of the negotiation: `in` is the server's token (NULL and 0
 * at the first step).  The token to send, when there is one, goes in
 * `out` (`cap` octets), its length in `*outlen` (0: nothing to send);
 * `*complete` is 1 once the context is established.  Returns 0, or -1
 * with `err` filled.
 */
int	 kerberos_step(struct kerberos *k, const uint8_t *in, size_t inlen,
	    uint8_t *out, size_t cap, size_t *outlen, int *complete,
	    struct kerberos_error *err);

/* A MIC of data[0..len) by the established context (tsig.h's tsig_mic). */
int	 kerberos_get_mic(void *k, const uint8_t *data, size_t len,
	    uint8_t *mic, size_t cap, size_t *miclen);
/* 0 when `mic` is the context's MIC of data[0..len), else -1. */
int	 kerberos_verify_mic(void *k, const uint8_t *data, size_t len,
	    const uint8_t *mic, size_t miclen);

/*
 * Who the context speaks for ("acme@EXAMPLE.COM") and how many seconds
 * its ticket has left.  Returns 0, or -1 when the library will not say.
 */
int	 kerberos_describe(struct kerberos *k, char *principal, size_t cap,
	    uint32_t *lifetime_s);

/* Delete the context and the credentials; NULL is fine. */
void	 kerberos_free(struct kerberos *k);

#endif
