/* SPDX-License-Identifier: ISC */
/*
 * The signer (signer.h), driven through its API: it signs what its plan
 * allows and refuses anything else, outlives a refusal, leaves the caller
 * without a secret, and is reaped when it dies.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "flow/challenge.h"
#include "conf/config.h"
#include "sys/log.h"
#include "flow/signer.h"
#include "dns/tsig.h"
#include "unit.h"
#include "dns/update.h"
#include "dns/wire.h"

#define VALUE	"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"
#define OTHER	"not-the-planned-value-not-the-planned-valu"

static char	 dir[512];
static char	 path[600];

static struct config *
write_config(void)
{
	static const char text[] =
	    "[options]\nttl = 30\n"
	    "[key \"k\"]\nalgorithm = hmac-sha256\n"
	    "secret = MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n"
	    "[zone \"example.net\"]\nkey = k\n";
	const char	*t = getenv("TMPDIR");
	int		 fd;

	snprintf(dir, sizeof(dir), "%s/test_signer.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/signer.ini", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || write(fd, text, sizeof(text) - 1) !=
	    (ssize_t)(sizeof(text) - 1) || close(fd) == -1)
		abort();
	return config_load(path);
}

static struct txt_record
rec(const char *owner, const char *value)
{
	struct txt_record r;

	memset(&r, 0, sizeof(r));
	r.owner = unit_name(owner);
	snprintf(r.value, sizeof(r.value), "%s", value);
	return r;
}

/* One request: 0 when signed, -1 when refused. */
static int
sign(struct signer *s, const char *zone, enum update_op op, uint32_t ttl,
    const struct txt_record *recs, size_t n, uint8_t *out, size_t *len)
{
	struct dname	 z = unit_name(zone);

	return signer_sign(s, 0x4242, &z, op, ttl, recs, n, out,
	    DNS_MSG_MAX, len);
}

/* A signer whose plan is adding VALUE, in `values[0]`. */
static struct signer *
start_adding(const struct config *cfg, struct signer_plan *plan,
    struct challenge *values)
{
	memset(values, 0, sizeof(*values));
	snprintf(values[0].value, sizeof(values[0].value), "%s", VALUE);
	plan->values = values;
	plan->nvalues = 1;
	plan->ops = SIGNER_OP_ADD;
	return signer_start(cfg, plan, 1);
}

/* write `text` to dir/name, mode 0600. */
static void
put(const char *name, const char *text, size_t n, char *out, size_t cap)
{
	int	 fd;

	snprintf(out, cap, "%s/%s", dir, name);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || write(fd, text, n) != (ssize_t)n || close(fd) == -1)
		abort();
}

/*
 * The Kerberos side of the signer, without a KDC: a step for a zone
 * whose key is not gss-tsig is refused, a keytab Kerberos cannot read
 * gives a failure with its line (no crash, the signer lives on), an
 * update of a gss zone without a context is refused, and after the
 * lock no negotiation is taken.
 */
static void
test_gss(void)
{
	static const char krb5conf[] =
	    "[libdefaults]\n"
	    "\tdefault_realm = UNIT.TEST\n"
	    "\tdns_lookup_kdc = false\n"
	    "\tdns_lookup_realm = false\n"
	    "[realms]\n"
	    "\tUNIT.TEST = {\n"
	    "\t\tkdc = 127.0.0.1:9\n"
	    "\t}\n";
	static uint8_t	 msg[DNS_MSG_MAX];
	char		 ini[2048], kt[700], kc[700];
	struct config	*cfg;
	struct signer_plan plan;
	struct challenge values[1];
	struct submit_gss out;
	struct txt_record ok;
	struct dname	 zone;
	struct signer	*s;
	size_t		 len;
	const char	*t = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/test_signer.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	put("krb5.conf", krb5conf, sizeof(krb5conf) - 1, kc, sizeof(kc));
	setenv("KRB5_CONFIG", kc, 1);
	put("acme.keytab", "not a keytab", 12, kt, sizeof(kt));
	snprintf(ini, sizeof(ini),
	    "[options]\nttl = 30\n"
	    "[key \"k\"]\nalgorithm = hmac-sha256\n"
	    "secret = MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n"
	    "[key \"g\"]\nalgorithm = gss-tsig\n"
	    "principal = acme@UNIT.TEST\nkeytab = %s\n"
	    "[zone \"example.net\"]\nkey = k\n"
	    "[zone \"gss.example.net\"]\nkey = g\n", kt);
	put("gss.ini", ini, strlen(ini), path, sizeof(path));
	cfg = config_load(path);
	UNIT_CHECK(cfg != NULL);
	if (cfg == NULL)
		return;
	s = start_adding(cfg, &plan, values);
	UNIT_CHECK(s != NULL);
	if (s == NULL)
		goto out;

	zone = unit_name("example.net.");
	UNIT_CHECK(signer_gss_step(s, &zone, TSIG_GSS, "ns1.example.net",
	    NULL, 0, &out) == -1 && out.error[0] == '\0');
	zone = unit_name("gss.example.net.");
	UNIT_CHECK(signer_gss_step(s, &zone, TSIG_GSS, "ns1.example.net",
	    NULL, 0, &out) == -1);
	UNIT_CHECK(out.failure == OUTCOME_AUTH);
	UNIT_CHECK(strstr(out.error, kt) != NULL);
	UNIT_CHECK(strstr(out.error, "acme@UNIT.TEST") != NULL);
	/* A token for a zone whose negotiation never started. */
	UNIT_CHECK(signer_gss_step(s, &zone, TSIG_GSS, "ns1.example.net",
	    (const uint8_t *)"x", 1, &out) == -1);
	ok = rec("_acme-challenge.gss.example.net.", VALUE);
	UNIT_CHECK(sign(s, "gss.example.net.", UPDATE_ADD, 30, &ok, 1, msg,
	    &len) == -1);
	/* The HMAC zone still signs, and locks the signer in. */
	ok = rec("_acme-challenge.example.net.", VALUE);
	UNIT_CHECK(sign(s, "example.net.", UPDATE_ADD, 30, &ok, 1, msg,
	    &len) == 0);
	UNIT_CHECK(signer_gss_step(s, &zone, TSIG_GSS, "ns1.example.net",
	    NULL, 0, &out) == -1 && out.error[0] == '\0');
	UNIT_CHECK(signer_lock(s) == 0);
	UNIT_CHECK(sign(s, "example.net.", UPDATE_ADD, 30, &ok, 1, msg,
	    &len) == 0);
	UNIT_CHECK(signer_stop(s) == 0);
out:
	config_free(cfg);
	unlink(path);
	unlink(kt);
	unlink(kc);
	rmdir(dir);
}

int
main(void)
{
	static uint8_t	 msg[DNS_MSG_MAX], want[DNS_MSG_MAX];
	struct config	*cfg;
	struct signer_plan plan;
	struct challenge values[1];
	struct txt_record ok, r[2];
	struct tsig_result res;
	struct tsig_mac	 mac;
	struct dname	 zone;
	struct wire	 w;
	struct signer	*s;
	size_t		 len = 0, wlen;
	pid_t		 pid;

	log_init("test_signer", LOG_QUIET);
	cfg = write_config();
	UNIT_CHECK(cfg != NULL);
	if (cfg == NULL)
		return unit_done("test_signer");
	s = start_adding(cfg, &plan, values);
	UNIT_CHECK(s != NULL);
	if (s == NULL)
		return unit_done("test_signer");

	/* The caller holds no secret any more. */
	len = DNS_HEADER_LEN;
	memset(msg, 0, DNS_HEADER_LEN);
	UNIT_CHECK(tsig_sign(cfg->keys[0].key, msg, &len, sizeof(msg), 0,
	    &mac) == -1);

	/* Nothing signed yet: no answer to verify. */
	UNIT_CHECK(signer_verify(s, msg, DNS_HEADER_LEN, &res) == -1);

	/* Outside the plan, each refused. */
	ok = rec("_acme-challenge.example.net.", VALUE);
	r[0] = rec("_acme-challenge.example.net.", OTHER);
	UNIT_CHECK(sign(s, "example.net.", UPDATE_ADD, 30, r, 1, msg,
	    &len) == -1);					/* value */
	UNIT_CHECK(sign(s, "example.net.", UPDATE_DELETE, 30, &ok, 1, msg,
	    &len) == -1);					/* operation */
	UNIT_CHECK(sign(s, "example.net.", UPDATE_ADD, 3600, &ok, 1, msg,
	    &len) == -1);					/* TTL */
	r[0] = rec("_acme-challenge.example.org.", VALUE);
	UNIT_CHECK(sign(s, "example.org.", UPDATE_ADD, 30, r, 1, msg,
	    &len) == -1);					/* zone */
	UNIT_CHECK(sign(s, "sub.example.net.", UPDATE_ADD, 30, &ok, 1, msg,
	    &len) == -1);			/* a name below a zone */
	UNIT_CHECK(sign(s, "example.net.", UPDATE_ADD, 30, r, 1, msg,
	    &len) == -1);					/* owner */
	r[0] = ok;
	r[1] = rec("_acme-challenge.example.net.", OTHER);
	UNIT_CHECK(sign(s, "example.net.", UPDATE_ADD, 30, r, 2, msg,
	    &len) == -1);			/* one bad record of two */
	UNIT_CHECK(sign(s, "example.net.", UPDATE_ADD, 30, r, 0, msg,
	    &len) == -1);					/* none */

	/* The plan's update, after all those refusals: exactly the update
	 * update_build() makes, and one TSIG record after it. */
	UNIT_CHECK(sign(s, "example.net.", UPDATE_ADD, 30, &ok, 1, msg,
	    &len) == 0);
	zone = unit_name("example.net.");
	wire_writer(&w, want, sizeof(want));
	UNIT_CHECK(update_build(&w, 0x4242, &zone, UPDATE_ADD, 30, &ok, 1) ==
	    0);
	wlen = w.pos;
	UNIT_CHECK(len > wlen + 60);
	UNIT_CHECK(len > wlen && memcmp(msg + 2, want + 2, 8) == 0 &&
	    msg[10] == 0 && msg[11] == 1);		/* ARCOUNT 1 */
	UNIT_CHECK(len > wlen && memcmp(msg + DNS_HEADER_LEN,
	    want + DNS_HEADER_LEN, wlen - DNS_HEADER_LEN) == 0);

	/* Its record bound the zone: another name in it is refused now. */
	r[0] = rec("other.example.net.", VALUE);
	UNIT_CHECK(sign(s, "example.net.", UPDATE_ADD, 30, r, 1, msg,
	    &len) == -1);
	UNIT_CHECK(sign(s, "example.net.", UPDATE_ADD, 30, &ok, 1, msg,
	    &len) == 0);

	/* An unsigned answer is judged, not trusted. */
	memset(msg, 0, DNS_HEADER_LEN);
	msg[2] = 0xa8;
	UNIT_CHECK(signer_verify(s, msg, DNS_HEADER_LEN, &res) == 0);
	UNIT_CHECK(res.verdict == TSIG_UNSIGNED);

	/* A signer that dies: an error, and reaped (no zombie). */
	pid = signer_pid(s);
	UNIT_CHECK(kill(pid, SIGKILL) == 0);
	UNIT_CHECK(sign(s, "example.net.", UPDATE_ADD, 30, &ok, 1, msg,
	    &len) == -1);
	(void)signer_stop(s);
	UNIT_CHECK(kill(pid, 0) == -1 && errno == ESRCH);

	/* A signer that ends when the caller closes: reaped, status 0. */
	s = signer_start(cfg, &plan, 1);
	UNIT_CHECK(s != NULL);
	if (s != NULL) {
		pid = signer_pid(s);
		UNIT_CHECK(signer_stop(s) == 0);
		UNIT_CHECK(kill(pid, 0) == -1 && errno == ESRCH);
	}
	config_free(cfg);
	unlink(path);
	rmdir(dir);
	test_gss();
	return unit_done("test_signer");
}
