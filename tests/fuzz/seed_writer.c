/* SPDX-License-Identifier: ISC */
/*
 * Writes seeds for fuzz_notes and fuzz_hint with the hooks' own code, so
 * that the seeds are what the hooks really write: a certbot run's note
 * file before and after its updates are confirmed
 * (certbot_note_reserve/confirm), a note of state_mark_cleaned(), and
 * acme-auth's hint lines (certbot_print_hint(), on stdout).  Plans are
 * built by hand: these functions read only zones, records, serials and
 * primaries.  For fuzz_tkey, answers to a TKEY query made by
 * tkey_build_query() and signed by tsig_sign() (see write_tkey()).  Run by
 * tests/fuzz/make-seeds.sh.
 *
 * usage: seed_writer notes|hint|tkey DIR
 *	notes: DIR/run-1-1 (confirmed), DIR/run-2-2 (not), DIR/cleaned-*
 *	hint: the hint lines on stdout
 *	tkey: DIR/tkey-*
 */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/tkey.h"
#include "dns/tsig.h"
#include "fuzz_tkey_seed.h"
#include "net/address.h"
#include "flow/certbot.h"
#include "sys/log.h"
#include "sys/outcome.h"
#include "flow/plan.h"
#include "flow/state.h"

static struct dname
name(const char *text)
{
	struct dname	 n;

	if (dname_from_text(&n, text) == -1)
		exit(2);
	return n;
}

/* Two zones: three records, the primaries given as in a config. */
static void
make_plan(struct plan *p, struct zone_group *g)
{
	static const char *const owners[3] = {
	    "_acme-challenge.acmesh.example.net",
	    "_acme-challenge.www.acmesh.example.net",
	    "_acme-challenge.example.org" };
	static const char *const values[3] = {
	    "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0",
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq",
	    "rstuvwxyz0123456789-_rstuvwxyz0123456789-_x" };
	struct txt_record rec;
	size_t		 i;

	memset(p, 0, sizeof(*p));
	memset(g, 0, 2 * sizeof(*g));
	p->groups = g;
	p->ngroups = p->maxgroups = 2;
	g[0].zone = name("acmesh.example.net");
	g[1].zone = name("example.org");
	g[0].serial = 2025010102u;
	g[1].serial = 4294967295u;
	for (i = 0; i < 3; i++) {
		memset(&rec, 0, sizeof(rec));
		rec.owner = name(owners[i]);
		snprintf(rec.value, sizeof(rec.value), "%s", values[i]);
		if (plan_add_record(&g[i < 2 ? 0 : 1], &rec) == -1)
			exit(2);
	}
	snprintf(g[0].primary[0].text, sizeof(g[0].primary[0].text),
	    "127.0.0.10");
	snprintf(g[0].primary[1].text, sizeof(g[0].primary[1].text),
	    "[::1]:5353");
	g[0].nprimary = 2;
	snprintf(g[1].primary[0].text, sizeof(g[1].primary[0].text),
	    "127.0.0.11:53");
	g[1].nprimary = 1;
}

/* What a seed's MIC covers before the bytes tsig_sign() gives. */
struct seed_prefix {
	uint8_t		 bytes[2 + FUZZ_TKEY_REQ_MAC_LEN];
	size_t		 len;
};

/*
 * tsig_sign() MACs [message, variables]; an answer's MAC covers [request
 * MAC size, request MAC, message, variables] (Samba: no size).  Putting
 * that prefix in front of what tsig_sign() gives makes it sign answers.
 */
static int
seed_get(void *ctx, const uint8_t *data, size_t len, uint8_t *mic,
    size_t cap, size_t *miclen)
{
	const struct seed_prefix *p = ctx;
	static uint8_t	 buf[70000];

	if (cap < FUZZ_TKEY_MIC_LEN || p->len + len > sizeof(buf))
		return -1;
	memcpy(buf, p->bytes, p->len);
	memcpy(buf + p->len, data, len);
	*miclen = FUZZ_TKEY_MIC_LEN;
	return fuzz_tkey_mic(buf, p->len + len, mic, FUZZ_TKEY_MIC_LEN);
}

static int
seed_verify(void *ctx, const uint8_t *data, size_t len, const uint8_t *mic,
    size_t miclen)
{
	(void)ctx;
	(void)data;
	(void)len;
	(void)mic;
	(void)miclen;
	return -1;
}

static int
write_seed(const char *dir, const char *file, const uint8_t *p, size_t n)
{
	char	 path[1024];
	FILE	*f;
	int	 rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	rc = fwrite(p, 1, n, f) == n ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/*
 * The seeds of fuzz_tkey: the server's answer with its token among the
 * answers (a query of the Windows flavour with QR set), signed over the
 * RFC 8945 layout and over Samba's; a query of each flavour with QR set,
 * unsigned; NOTAUTH with BADKEY; FORMERR, header only.
 */
static int
write_tkey(const char *dir)
{
	static const uint8_t token[] = { 0xa1, 0x81, 0x9f, 0x30, 0x81, 0x9c,
	    0xa0, 0x03, 0x0a, 0x01, 0x00, 0xa1, 0x0b, 0x06, 0x09 };
	static const uint8_t formerr[12] = { 0xbe, 0xef, 0x80, 0x01 };
	static struct seed_prefix rfc, samba;
	struct tsig_mic	 mic = { seed_get, seed_verify, NULL };
	struct tkey_query q;
	struct tsig_key	*key;
	struct tsig_mac	 mac;
	struct dname	 keyname = name(FUZZ_TKEY_KEYNAME);
	struct wire	 w;
	uint8_t		 buf[1024];
	size_t		 len;
	int		 i, rc = 0;

	rfc.bytes[0] = 0;
	rfc.bytes[1] = FUZZ_TKEY_REQ_MAC_LEN;
	memcpy(rfc.bytes + 2, FUZZ_TKEY_REQ_MAC, FUZZ_TKEY_REQ_MAC_LEN);
	rfc.len = 2 + FUZZ_TKEY_REQ_MAC_LEN;
	memcpy(samba.bytes, FUZZ_TKEY_REQ_MAC, FUZZ_TKEY_REQ_MAC_LEN);
	samba.len = FUZZ_TKEY_REQ_MAC_LEN;
	memset(&q, 0, sizeof(q));
	q.keyname = &keyname;
	q.now = (uint32_t)FUZZ_TKEY_NOW;
	q.token = token;
	q.tokenlen = sizeof(token);
	for (i = 0; i < 4; i++) {
		q.alg = i == 3 ? TSIG_GSS : TSIG_GSS_MS;
		wire_writer(&w, buf, sizeof(buf));
		if (tkey_build_query(&w, FUZZ_TKEY_ID, &q) == -1)
			return -1;
		buf[2] |= 0x80;		/* QR */
		len = w.pos;
		if (i < 2) {
			mic.ctx = i == 0 ? &rfc : &samba;
			key = tsig_key_new_mic(FUZZ_TKEY_KEYNAME, TSIG_GSS,
			    &mic);
			if (key == NULL || tsig_sign(key, buf, &len,
			    sizeof(buf), FUZZ_TKEY_NOW, &mac) == -1)
				rc = -1;
			tsig_key_free(key);
		}
		if (rc == 0)
			rc = write_seed(dir, i == 0 ? "tkey-signed" :
			    i == 1 ? "tkey-signed-samba" : i == 2 ?
			    "tkey-ms" : "tkey-gss", buf, len);
		if (rc == -1)
			return -1;
	}
	/* NOTAUTH, TKEY error BADKEY, no token. */
	q.alg = TSIG_GSS_MS;
	q.tokenlen = 0;
	wire_writer(&w, buf, sizeof(buf));
	if (tkey_build_query(&w, FUZZ_TKEY_ID, &q) == -1)
		return -1;
	buf[2] |= 0x80;
	buf[3] = DNS_RCODE_NOTAUTH;
	buf[w.pos - 6] = 0;		/* error, before key and other size */
	buf[w.pos - 5] = DNS_RCODE_BADKEY;
	if (write_seed(dir, "tkey-badkey", buf, w.pos) == -1 ||
	    write_seed(dir, "tkey-formerr", formerr, sizeof(formerr)) == -1)
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct zone_group g[2];
	struct plan	 p;
	struct state_dir sd;
	struct certbot_run run;
	struct certbot_pending pend;
	struct dname	 owner;

	log_init("seed_writer", LOG_NORMAL);
	if (argc != 3)
		return 2;
	make_plan(&p, g);
	if (strcmp(argv[1], "tkey") == 0)
		return write_tkey(argv[2]) == 0 ? 0 : 1;
	if (strcmp(argv[1], "hint") == 0) {
		certbot_print_hint(&p);
		return 0;
	}
	if (strcmp(argv[1], "notes") != 0)
		return 2;
	sd.fd = open(argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	snprintf(sd.path, sizeof(sd.path), "%s", argv[2]);
	if (sd.fd == -1)
		return 1;
	memset(&run, 0, sizeof(run));
	snprintf(run.name, sizeof(run.name), "run-1-1");
	if (certbot_note_reserve(&sd, &run, &p, &pend) != OUTCOME_OK ||
	    certbot_note_confirm(&pend, &p) != OUTCOME_OK)
		return 1;
	snprintf(run.name, sizeof(run.name), "run-2-2");
	/* As a call that died before its update: the dashes stay. */
	if (certbot_note_reserve(&sd, &run, &p, &pend) != OUTCOME_OK)
		return 1;
	close(pend.fd);
	free(pend.serial_at);
	owner = name("_acme-challenge.ACMESH.example.net");
	if (state_mark_cleaned(&sd, &owner) == -1)
		return 1;
	state_close(&sd);
	return 0;
}
