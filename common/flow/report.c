/* SPDX-License-Identifier: ISC */
#include "flow/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "sys/log.h"
#include "dns/tsig.h"

/* --dry-run: the update in nsupdate's syntax, and who would be polled. */
void
report_dry_run(const struct plan *p, enum challenge_action action)
{
	const struct zone_group *g;
	char	 zone[DNAME_TEXT_MAX], name[DNAME_TEXT_MAX];
	size_t	 i, j;

	printf("; dry run: nothing is sent\n");
	for (i = 0; i < p->ngroups; i++) {
		g = &p->groups[i];
		dname_to_text(&g->zone, zone, sizeof(zone));
		printf("server %s\nzone %s\n", g->primary[0].text, zone);
		printf("; signed with TSIG key %s (%s)\n",
		    tsig_key_name(g->cz->key),
		    tsig_alg_name(tsig_key_alg(g->cz->key)));
		for (j = 0; j < g->nrecs; j++) {
			dname_to_text(&g->recs[j].owner, name, sizeof(name));
			if (action == CHALLENGE_PRESENT)
				printf("update add %s %u IN TXT \"%s\"\n",
				    name, p->cfg->ttl, g->recs[j].value);
			else
				printf("update delete %s IN TXT \"%s\"\n", name,
				    g->recs[j].value);
		}
		printf("send\n");
		for (j = 1; j < g->nprimary; j++)
			printf("; then, if %s fails: %s\n", g->primary[0].text,
			    g->primary[j].text);
		if (action != CHALLENGE_PRESENT)
			continue;
		for (j = 0; j < g->servers.nservers; j++) {
			dname_to_text(&g->servers.servers[j].ns, name,
			    sizeof(name));
			printf("; would wait for %s (%s)\n", name,
			    g->servers.servers[j].addr.text);
		}
	}
	fflush(stdout);
}

void
report_servers(const struct propagate_result *res, size_t n,
    int show_time)
{
	char	 ns[DNAME_TEXT_MAX], serial[16], when[24];
	size_t	 i, wn = strlen("server"), wa = strlen("address"), len;

	for (i = 0; i < n; i++) {
		dname_to_text(&res[i].server->ns, ns, sizeof(ns));
		if ((len = strlen(ns)) > wn)
			wn = len;
		if ((len = strlen(res[i].server->addr.text)) > wa)
			wa = len;
	}
	printf("  %-*s  %-*s  %s%s\n", (int)wn, "server", (int)wa,
	    "address", show_time ? "serial      " : "serial",
	    show_time ? "seconds" : "");
	for (i = 0; i < n; i++) {
		dname_to_text(&res[i].server->ns, ns, sizeof(ns));
		if (res[i].known_serial)
			snprintf(serial, sizeof(serial), "%u", res[i].serial);
		else
			snprintf(serial, sizeof(serial), "-");
		if (res[i].agreed && show_time)
			snprintf(when, sizeof(when), "  %.3f",
			    (double)res[i].agreed_ms / 1000.0);
		else
			snprintf(when, sizeof(when), "%s",
			    res[i].agreed ? "" : show_time ? "  -" : "");
		printf("  %-*s  %-*s  %-*s%s%s%s%s\n", (int)wn, ns, (int)wa,
		    res[i].server->addr.text, show_time ||
		    !res[i].agreed ? 10 : 0, serial, when,
		    res[i].agreed ? "" : "  (", res[i].agreed ? "" :
		    res[i].problem, res[i].agreed ? "" : res[i].skipped ?
		    "; not waited for)" : ")");
	}
	fflush(stdout);
}
