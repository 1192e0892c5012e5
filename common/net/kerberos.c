/* SPDX-License-Identifier: ISC */
/*
 * Kerberos through MIT's GSS-API, loaded on demand.  The headers give
 * the exact prototypes (each pointer below has the type of the function
 * it holds); the library itself is opened only when a gss-tsig key is
 * used, so the hooks are not linked with it.  The OIDs are written out
 * here rather than taken from the library's exported variables.
 */

#include "net/kerberos.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <krb5/krb5.h>

#define KERBEROS_LIBRARY	"libgssapi_krb5.so.2"

/* The library's functions, typed as its header declares them. */
static struct {
	void	*handle;
	__typeof__(gss_import_name)		*import_name;
	__typeof__(gss_release_name)		*release_name;
	__typeof__(gss_display_name)		*display_name;
	__typeof__(gss_acquire_cred)		*acquire_cred;
	__typeof__(gss_acquire_cred_from)	*acquire_cred_from;
	__typeof__(gss_release_cred)		*release_cred;
	__typeof__(gss_init_sec_context)	*init_sec_context;
	__typeof__(gss_inquire_context)		*inquire_context;
	__typeof__(gss_delete_sec_context)	*delete_sec_context;
	__typeof__(gss_get_mic)			*get_mic;
	__typeof__(gss_verify_mic)		*verify_mic;
	__typeof__(gss_release_buffer)		*release_buffer;
	__typeof__(gss_display_status)		*display_status;
} gss;

/* 1.2.840.113554.1.2.2: the Kerberos 5 mechanism (RFC 1964). */
static unsigned char der_krb5[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02
};
/* 1.2.840.113554.1.2.2.1: a Kerberos principal name. */
static unsigned char der_krb5_name[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x01
};
/* 1.2.840.113554.1.2.1.4: a host-based service name, "service@host". */
static unsigned char der_hostbased[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x01, 0x04
};
static gss_OID_desc oid_krb5 = { sizeof(der_krb5), der_krb5 };
static gss_OID_desc oid_krb5_name = { sizeof(der_krb5_name), der_krb5_name };
static gss_OID_desc oid_hostbased = { sizeof(der_hostbased), der_hostbased };
static gss_OID_set_desc krb5_only = { 1, &oid_krb5 };

struct kerberos {
	gss_cred_id_t	 cred;
	gss_name_t	 target;
	gss_ctx_id_t	 ctx;
	int		 complete;
	char		 service[300];	/* "DNS/host", for messages */
	char		 principal[300]; /* as configured, or "" */
	int		 keytab;	/* credentials from a client keytab */
};

static void __attribute__((format(printf, 3, 4)))
fail(struct kerberos_error *err, enum outcome o, const char *fmt, ...)
{
	va_list	 ap;

	err->outcome = o;
	va_start(ap, fmt);
	(void)vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
}

/* Resolve one symbol; 0, or -1 when the library lacks it. */
static int
sym(void *fp, const char *name)
{
	void	*p;

	if ((p = dlsym(gss.handle, name)) == NULL)
		return -1;
	/* POSIX guarantees a function pointer fits in a void *. */
	memcpy(fp, &p, sizeof(p));
	return 0;
}

static int
load(struct kerberos_error *err)
{
	const char *why;

	if (gss.handle != NULL)
		return 0;
	if ((gss.handle = dlopen(KERBEROS_LIBRARY, RTLD_NOW | RTLD_LOCAL)) ==
	    NULL) {
		why = dlerror();
		fail(err, OUTCOME_CONFIG, "cannot load the Kerberos library %s "
		    "(%s); install it (Debian: libgssapi-krb5-2), which keys "
		    "with algorithm gss-tsig need", KERBEROS_LIBRARY,
		    why != NULL ? why : "not found");
		return -1;
	}
	if (sym(&gss.import_name, "gss_import_name") == -1 ||
	    sym(&gss.release_name, "gss_release_name") == -1 ||
	    sym(&gss.display_name, "gss_display_name") == -1 ||
	    sym(&gss.acquire_cred, "gss_acquire_cred") == -1 ||
	    sym(&gss.acquire_cred_from, "gss_acquire_cred_from") == -1 ||
	    sym(&gss.release_cred, "gss_release_cred") == -1 ||
	    sym(&gss.init_sec_context, "gss_init_sec_context") == -1 ||
	    sym(&gss.inquire_context, "gss_inquire_context") == -1 ||
	    sym(&gss.delete_sec_context, "gss_delete_sec_context") == -1 ||
	    sym(&gss.get_mic, "gss_get_mic") == -1 ||
	    sym(&gss.verify_mic, "gss_verify_mic") == -1 ||
	    sym(&gss.release_buffer, "gss_release_buffer") == -1 ||
	    sym(&gss.display_status, "gss_display_status") == -1) {
		fail(err, OUTCOME_CONFIG, "the Kerberos library %s lacks a "
		    "GSS-API function (MIT Kerberos 1.11 or later is needed)",
		    KERBEROS_LIBRARY);
		(void)dlclose(gss.handle);
		memset(&gss, 0, sizeof(gss));
		return -1;
	}
	return 0;
}

/* Append the library's text for `code` of `type` to buf (cap octets). */
static void
status_text(OM_uint32 code, int type, char *buf, size_t cap)
{
	gss_buffer_desc	 msg;
	OM_uint32	 minor, ctx = 0, major;
	size_t		 used;
	unsigned	 n = 0;

	do {
		msg.length = 0;
		msg.value = NULL;
		major = gss.display_status(&minor, code, type,
		    type == GSS_C_MECH_CODE ? &oid_krb5 : GSS_C_NO_OID, &ctx,
		    &msg);
		if (GSS_ERROR(major))
			break;
		used = strlen(buf);
		if (msg.length > 0 && used + 3 < cap)
			(void)snprintf(buf + used, cap - used, "%s%.*s",
			    used > 0 ? ": " : "", (int)msg.length,
			    (const char *)msg.value);
		(void)gss.release_buffer(&minor, &msg);
	} while (ctx != 0 && ++n < 8);
}

/* What to do about a failure, from the Kerberos error code. */
static const char *
advice(OM_uint32 major, OM_uint32 minor, const struct kerberos *k)
{
	static const char keytab_advice[] = "the keytab holds no key for "
	    "that principal: check `principal` and its realm against the "
	    "keytab (klist -k KEYTAB)";

	switch ((krb5_error_code)minor) {
	case KRB5_FCC_NOFILE:
	case KRB5_CC_NOTFOUND:
		/* From a keytab no cache is looked for: what is missing
		 * is the principal's key in it. */
		if (k != NULL && k->keytab)
			return keytab_advice;
		return "get a ticket first (kinit PRINCIPAL) or name a client "
		    "keytab with `keytab =` in the [key] section";
	case KRB5KRB_AP_ERR_TKT_EXPIRED:
		return "the ticket has expired: renew it (kinit) or name a "
		    "client keytab with `keytab =`, from which the hooks get "
		    "a fresh ticket each run";
	case KRB5_REALM_UNKNOWN:
	case KRB5_REALM_CANT_RESOLVE:
	case KRB5_KDC_UNREACH:
		return "check the realm in `principal` and that krb5.conf "
		    "(KRB5_CONFIG) lists a reachable KDC for it";
	case KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN:
		return "the KDC knows no such service: `server_name` (or the "
		    "zone's SOA MNAME) must be the primary's host name as "
		    "registered in Kerberos (the server's keytab holds "
		    "DNS/HOST@REALM)";
	case KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN:
		return "the KDC knows no such client: check `principal`";
	case KRB5_KT_NOTFOUND:
	case KRB5_KT_END:
		return "the keytab holds no key for that principal: check "
		    "`principal` and `keytab` (klist -k KEYTAB)";
	case KRB5KDC_ERR_PREAUTH_FAILED:
		return "the keytab's key is not the account's (was the "
		    "password changed?): export the keytab again";
	case KRB5KRB_AP_ERR_SKEW:
		return "this host's clock and the KDC's differ by more than "
		    "Kerberos allows: synchronise them (NTP)";
	default:
		break;
	}
	if (GSS_ROUTINE_ERROR(major) == GSS_S_CREDENTIALS_EXPIRED)
		return "the credentials have expired: renew them (kinit) or "
		    "use a client keytab";
	if (GSS_ROUTINE_ERROR(major) == GSS_S_NO_CRED && k != NULL &&
	    k->keytab)
		return keytab_advice;
	if (GSS_ROUTINE_ERROR(major) == GSS_S_NO_CRED)
		return k != NULL && k->principal[0] != '\0' ?
		    "no credentials for that principal: kinit it, or name a "
		    "client keytab with `keytab =`" :
		    "get a ticket first (kinit PRINCIPAL) or name a client "
		    "keytab with `keytab =`";
	return "check the Kerberos configuration (krb5.conf, KRB5_CONFIG) "
	    "and the credentials (klist)";
}

/* Fill `err` for a failed GSS-API call `what`. */
static void
gss_fail(struct kerberos_error *err, const struct kerberos *k,
    const char *what, OM_uint32 major, OM_uint32 minor)
{
	char	 lib[320] = "";

	if (minor != 0)
		status_text(minor, GSS_C_MECH_CODE, lib, sizeof(lib));
	if (lib[0] == '\0')
		status_text(major, GSS_C_GSS_CODE, lib, sizeof(lib));
	fail(err, OUTCOME_AUTH, "%s: %s; %s", what,
	    lib[0] != '\0' ? lib : "unspecified failure",
	    advice(major, minor, k));
}

/* Import `text` as a name of `type`; -1 with `err` filled. */
static int
import(const char *text, gss_OID type, gss_name_t *out,
    struct kerberos_error *err, const struct kerberos *k)
{
	gss_buffer_desc	 b;
	OM_uint32	 major, minor;

	b.value = (void *)(uintptr_t)text;
	b.length = strlen(text);
	major = gss.import_name(&minor, &b, type, out);
	if (GSS_ERROR(major)) {
		gss_fail(err, k, "cannot use the Kerberos name", major, minor);
		return -1;
	}
	return 0;
}

struct kerberos *
kerberos_start(const char *principal, const char *keytab, const char *host,
    struct kerberos_error *err)
{
	struct kerberos	*k;
	gss_key_value_element_desc store[2];
	gss_key_value_set_desc set;
	gss_name_t	 me = GSS_C_NO_NAME;
	OM_uint32	 major, minor;
	char		 target[300], what[700];

	memset(err, 0, sizeof(*err));
	if (load(err) == -1)
		return NULL;
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		fail(err, OUTCOME_NOMEM, "out of memory");
		return NULL;
	}
	k->cred = GSS_C_NO_CREDENTIAL;
	k->target = GSS_C_NO_NAME;
	k->ctx = GSS_C_NO_CONTEXT;
	(void)snprintf(target, sizeof(target), "DNS@%s", host);
	(void)snprintf(k->service, sizeof(k->service), "DNS/%s", host);
	if (principal != NULL)
		(void)snprintf(k->principal, sizeof(k->principal), "%s",
		    principal);
	k->keytab = keytab != NULL;
	if (import(target, &oid_hostbased, &k->target, err, k) == -1 ||
	    (principal != NULL &&
	    import(principal, &oid_krb5_name, &me, err, k) == -1))
		goto fail;
	if (keytab != NULL) {
		/*
		 * From the client keytab into a cache in this process's
		 * memory: no file is written, and the ticket ends with us.
		 */
		store[0].key = "client_keytab";
		store[0].value = keytab;
		store[1].key = "ccache";
		store[1].value = "MEMORY:acme-hooks";
		set.count = 2;
		set.elements = store;
		major = gss.acquire_cred_from(&minor, me, GSS_C_INDEFINITE,
		    &krb5_only, GSS_C_INITIATE, &set, &k->cred, NULL, NULL);
	} else
		major = gss.acquire_cred(&minor, me, GSS_C_INDEFINITE,
		    &krb5_only, GSS_C_INITIATE, &k->cred, NULL, NULL);
	if (GSS_ERROR(major)) {
		(void)snprintf(what, sizeof(what), "no Kerberos credentials "
		    "for %s (%s %s)", principal != NULL ? principal :
		    "the default principal", keytab != NULL ? "keytab" :
		    "credential cache", keytab != NULL ? keytab :
		    getenv("KRB5CCNAME") != NULL ? getenv("KRB5CCNAME") :
		    "the default");
		gss_fail(err, k, what, major, minor);
		goto fail;
	}
	if (me != GSS_C_NO_NAME)
		(void)gss.release_name(&minor, &me);
	return k;
fail:
	if (me != GSS_C_NO_NAME)
		(void)gss.release_name(&minor, &me);
	kerberos_free(k);
	return NULL;
}

int
kerberos_step(struct kerberos *k, const uint8_t *in, size_t inlen,
    uint8_t *out, size_t cap, size_t *outlen, int *complete,
    struct kerberos_error *err)
{
	gss_buffer_desc	 ib, ob;
	OM_uint32	 major, minor, flags = 0;
	char		 what[400];
	int		 rc = -1;

	memset(err, 0, sizeof(*err));
	*outlen = 0;
	*complete = 0;
	ib.value = (void *)(uintptr_t)in;
	ib.length = inlen;
	ob.value = NULL;
	ob.length = 0;
	/* Mutual authentication, replay detection, integrity: not
	 * sequencing, which Windows refuses. */
	major = gss.init_sec_context(&minor, k->cred, &k->ctx, k->target,
	    &oid_krb5, GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG |
	    GSS_C_INTEG_FLAG, 0, GSS_C_NO_CHANNEL_BINDINGS,
	    in != NULL ? &ib : GSS_C_NO_BUFFER, NULL, &ob, &flags, NULL);
	if (GSS_ERROR(major)) {
		(void)snprintf(what, sizeof(what), "cannot %s the service "
		    "%s", in == NULL ? "get a ticket for" :
		    "authenticate", k->service);
		gss_fail(err, k, what, major, minor);
		goto out;
	}
	if (ob.length > cap) {
		fail(err, OUTCOME_AUTH, "the Kerberos token for %s is %zu "
		    "octets, more than a DNS message carries", k->service,
		    (size_t)ob.length);
		goto out;
	}
	if (ob.length > 0)
		memcpy(out, ob.value, ob.length);
	*outlen = ob.length;
	if (major == GSS_S_COMPLETE) {
		if ((flags & GSS_C_INTEG_FLAG) == 0) {
			fail(err, OUTCOME_AUTH, "the security context with %s "
			    "offers no integrity protection, which signing "
			    "needs", k->service);
			goto out;
		}
		k->complete = 1;
		*complete = 1;
	}
	rc = 0;
out:
	if (ob.value != NULL)
		(void)gss.release_buffer(&minor, &ob);
	return rc;
}

int
kerberos_get_mic(void *arg, const uint8_t *data, size_t len, uint8_t *mic,
    size_t cap, size_t *miclen)
{
	struct kerberos	*k = arg;
	gss_buffer_desc	 msg, tok;
	OM_uint32	 major, minor;
	int		 rc = -1;

	if (k == NULL || !k->complete)
		return -1;
	msg.value = (void *)(uintptr_t)data;
	msg.length = len;
	tok.value = NULL;
	tok.length = 0;
	major = gss.get_mic(&minor, k->ctx, GSS_C_QOP_DEFAULT, &msg, &tok);
	if (!GSS_ERROR(major) && tok.length <= cap) {
		memcpy(mic, tok.value, tok.length);
		*miclen = tok.length;
		rc = 0;
	}
	if (tok.value != NULL)
		(void)gss.release_buffer(&minor, &tok);
	return rc;
}

int
kerberos_verify_mic(void *arg, const uint8_t *data, size_t len,
    const uint8_t *mic, size_t miclen)
{
	struct kerberos	*k = arg;
	gss_buffer_desc	 msg, tok;
	OM_uint32	 major, minor;

	if (k == NULL || !k->complete)
		return -1;
	msg.value = (void *)(uintptr_t)data;
	msg.length = len;
	tok.value = (void *)(uintptr_t)mic;
	tok.length = miclen;
	major = gss.verify_mic(&minor, k->ctx, &msg, &tok, NULL);
	return GSS_ERROR(major) ? -1 : 0;
}

int
kerberos_describe(struct kerberos *k, char *principal, size_t cap,
    uint32_t *lifetime_s)
{
	gss_name_t	 src = GSS_C_NO_NAME;
	gss_buffer_desc	 b;
	OM_uint32	 major, minor, life = 0;

	if (k == NULL || !k->complete)
		return -1;
	major = gss.inquire_context(&minor, k->ctx, &src, NULL, &life, NULL,
	    NULL, NULL, NULL);
	if (GSS_ERROR(major))
		return -1;
	b.value = NULL;
	b.length = 0;
	major = gss.display_name(&minor, src, &b, NULL);
	if (!GSS_ERROR(major))
		(void)snprintf(principal, cap, "%.*s", (int)b.length,
		    (const char *)b.value);
	if (b.value != NULL)
		(void)gss.release_buffer(&minor, &b);
	(void)gss.release_name(&minor, &src);
	*lifetime_s = life;
	return GSS_ERROR(major) ? -1 : 0;
}

void
kerberos_free(struct kerberos *k)
{
	OM_uint32	 minor;

	if (k == NULL)
		return;
	if (k->ctx != GSS_C_NO_CONTEXT)
		(void)gss.delete_sec_context(&minor, &k->ctx, GSS_C_NO_BUFFER);
	if (k->cred != GSS_C_NO_CREDENTIAL)
		(void)gss.release_cred(&minor, &k->cred);
	if (k->target != GSS_C_NO_NAME)
		(void)gss.release_name(&minor, &k->target);
	free(k);
}
