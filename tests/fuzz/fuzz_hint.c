/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: certbot_use_hint(), which reads CERTBOT_AUTH_OUTPUT:
 * what acme-auth printed, as certbot hands it to acme-clean, but any text
 * the environment holds.  The input, up to its first NUL (an environment
 * variable holds none), is the hint; the challenge is at
 * _acme-challenge.www.acmesh.example.net, and the configuration has the
 * zones acmesh.example.net, www.acmesh.example.net and example.org.
 *
 * Invariants: a hint is taken whole or not at all; taken, the plan has
 * one zone of the configuration (or below one), our record below it with the
 * challenge's value, and one to PLAN_PRIMARY_MAX primaries, each an
 * address with a port; what is logged is whole printable lines.
 */

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/certbot.h"
#include "conf/config.h"
#include "fuzz.h"
#include "sys/log.h"
#include "flow/plan.h"

#define PROG	"fuzz_hint"
#define FUZZ_SECRET	"Iz2ICz1pHfAkqjQsjX+DNdVqkg8dulBfxseZvy331lA="

static const char fuzz_ini[] =
    "[key \"acme-fuzz\"]\n"
    "algorithm = hmac-sha256\n"
    "secret = " FUZZ_SECRET "\n"
    "[zone \"acmesh.example.net\"]\nkey = acme-fuzz\n"
    "[zone \"www.acmesh.example.net\"]\nkey = acme-fuzz\n"
    "[zone \"example.org\"]\nkey = acme-fuzz\n";

static struct config	*fuzz_cfg;
static struct challenge	 fuzz_ch;
static char		 fuzz_hint[4096];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	 dir[128], path[192];
	int	 n;

	(void)argc;
	(void)argv;
	log_init(PROG, LOG_DEBUG);
	FUZZ_CHECK(fuzz_log_capture() == 0);
	fuzz_scratch_dir(PROG, dir, sizeof(dir));
	n = snprintf(path, sizeof(path), "%s/acme-hooks.ini", dir);
	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(path));
	FUZZ_CHECK(fuzz_write_file(path, 0600, (const uint8_t *)fuzz_ini,
	    strlen(fuzz_ini)) == 0);
	FUZZ_CHECK((fuzz_cfg = config_load(path)) != NULL);
	FUZZ_CHECK(dname_from_text(&fuzz_ch.name,
	    "_acme-challenge.www.acmesh.example.net") == 0);
	snprintf(fuzz_ch.value, sizeof(fuzz_ch.value),
	    "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0");
	return 0;
}

static void
check_plan(const struct plan *p)
{
	const struct zone_group *g = &p->groups[0];
	const struct sockaddr_in *in;
	const struct sockaddr_in6 *in6;
	size_t		 i;

	FUZZ_CHECK(p->ngroups == 1 && g->nrecs == 1);
	/* A zone of the configuration, or one below it (a delegation). */
	FUZZ_CHECK(g->cz != NULL && g->cz == config_find_zone(p->cfg,
	    &g->zone) && dname_is_below(&g->zone, &g->cz->name));
	FUZZ_CHECK(dname_is_below(&g->recs[0].owner, &g->zone));
	FUZZ_CHECK(strcmp(g->recs[0].value, fuzz_ch.value) == 0);
	FUZZ_CHECK(g->nprimary >= 1 && g->nprimary <= PLAN_PRIMARY_MAX);
	for (i = 0; i < g->nprimary; i++) {
		switch (g->primary[i].addr.ss_family) {
		case AF_INET:
			in = (const struct sockaddr_in *)(const void *)
			    &g->primary[i].addr;
			FUZZ_CHECK(in->sin_port != 0);
			break;
		case AF_INET6:
			in6 = (const struct sockaddr_in6 *)(const void *)
			    &g->primary[i].addr;
			FUZZ_CHECK(in6->sin6_port != 0);
			break;
		default:
			fuzz_fail(__FILE__, __LINE__, "primary's family");
		}
		FUZZ_CHECK(g->primary[i].addrlen > 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zone_group g;
	struct plan	 p;
	size_t		 n, len;

	n = size < sizeof(fuzz_hint) - 1 ? size : sizeof(fuzz_hint) - 1;
	memcpy(fuzz_hint, data, n);
	fuzz_hint[n] = '\0';
	memset(&p, 0, sizeof(p));
	memset(&g, 0, sizeof(g));
	p.cfg = fuzz_cfg;
	p.groups = &g;
	p.maxgroups = 1;	/* as plan_init() makes it for one challenge */

	fuzz_log_reset();
	if (certbot_use_hint(&p, fuzz_hint, &fuzz_ch) == 0)
		check_plan(&p);
	else
		FUZZ_CHECK(p.ngroups == 0);
	(void)fuzz_log_check(PROG, &len);
	free(g.recs);
	return 0;
}
