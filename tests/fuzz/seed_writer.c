/* SPDX-License-Identifier: ISC */
/*
 * Writes seeds for fuzz_notes and fuzz_hint with the hooks' own code, so
 * that the seeds are what the hooks really write: a certbot run's note
 * file before and after its updates are confirmed
 * (certbot_note_reserve/confirm), a note of state_mark_cleaned(), and
 * acme-auth's hint lines (certbot_print_hint(), on stdout).  Plans are
 * built by hand: these functions read only zones, records, serials and
 * primaries.  Run by tests/fuzz/make-seeds.sh.
 *
 * usage: seed_writer notes|hint DIR
 *	notes: DIR/run-1-1 (confirmed), DIR/run-2-2 (not), DIR/cleaned-*
 *	hint: the hint lines on stdout
 */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/address.h"
#include "flow/certbot.h"
#include "sys/log.h"
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
	if (certbot_note_reserve(&sd, &run, &p, &pend) != ACME_OK ||
	    certbot_note_confirm(&pend, &p) != ACME_OK)
		return 1;
	snprintf(run.name, sizeof(run.name), "run-2-2");
	/* As a call that died before its update: the dashes stay. */
	if (certbot_note_reserve(&sd, &run, &p, &pend) != ACME_OK)
		return 1;
	close(pend.fd);
	free(pend.serial_at);
	owner = name("_acme-challenge.ACMESH.example.net");
	if (state_mark_cleaned(&sd, &owner) == -1)
		return 1;
	state_close(&sd);
	return 0;
}
