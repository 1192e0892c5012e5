#include "certbot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "address.h"
#include "config.h"
#include "log.h"
#include "state.h"
#include "tsig.h"

#define NOTE_LINE_MAX	1024
#define ANCESTRY_MAX	4		/* shells between certbot and us */
#define HINT_TAG	"acme-hooks:"

/* comm, ppid and start time of `pid`, from /proc/PID/stat. */
static int
proc_stat(pid_t pid, char *comm, size_t commsz, pid_t *ppid,
    unsigned long long *start)
{
	char	 path[64], buf[1024], *open_paren, *close_paren, *p;
	FILE	*f;
	size_t	 len;
	int	 field;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	/* comm may hold spaces and parentheses: take the last ')'. */
	if ((open_paren = strchr(buf, '(')) == NULL ||
	    (close_paren = strrchr(buf, ')')) == NULL ||
	    close_paren < open_paren)
		return -1;
	len = (size_t)(close_paren - open_paren - 1);
	if (len >= commsz)
		len = commsz - 1;
	memcpy(comm, open_paren + 1, len);
	comm[len] = '\0';
	/* Fields after comm: 3 state, 4 ppid, ... 22 starttime. */
	p = close_paren + 2;
	for (field = 3; field < 22 && p != NULL; field++) {
		if (field == 4)
			*ppid = (pid_t)strtol(p, NULL, 10);
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	if (p == NULL)
		return -1;
	*start = strtoull(p, NULL, 10);
	return 0;
}

/* The first ancestor that is not a shell: certbot, normally. */
static int
run_owner(pid_t *pid, unsigned long long *start)
{
	char	 comm[64];
	pid_t	 cur = getppid(), up = 0;
	int	 i;

	for (i = 0; i < ANCESTRY_MAX; i++) {
		if (proc_stat(cur, comm, sizeof(comm), &up, start) == -1)
			return -1;
		if (strcmp(comm, "sh") != 0 && strcmp(comm, "dash") != 0 &&
		    strcmp(comm, "bash") != 0)
			break;
		cur = up;
	}
	*pid = cur;
	return 0;
}

int
certbot_run_path(char *path, size_t size)
{
	char			 dir[512];
	pid_t			 pid;
	unsigned long long	 start;

	if (state_dir(dir, sizeof(dir), 1) == -1)
		return -1;
	if (run_owner(&pid, &start) == -1) {
		log_err("cannot tell which certbot run this is (/proc)");
		return -1;
	}
	snprintf(path, size, "%s/run-%ld-%llu", dir, (long)pid, start);
	return 0;
}

int
certbot_note_append(const char *path, const struct certbot_note *p,
    size_t n)
{
	char	 zone[DNAME_TEXT_MAX], owner[DNAME_TEXT_MAX];
	FILE	*f;
	size_t	 i;
	int	 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 || (f = fdopen(fd, "a")) == NULL) {
		log_err("%s: cannot note the pending records: %s", path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	for (i = 0; i < n; i++) {
		dname_to_text(&p[i].zone, zone, sizeof(zone));
		dname_to_text(&p[i].rec.owner, owner, sizeof(owner));
		fprintf(f, "%s %s %lu %s\n", zone, owner,
		    (unsigned long)p[i].serial, p[i].rec.value);
	}
	if (fclose(f) != 0) {
		log_err("%s: cannot note the pending records: %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
certbot_note_take(const char *path, struct certbot_note **out, size_t *n)
{
	char		 line[NOTE_LINE_MAX], zone[DNAME_TEXT_MAX];
	char		 owner[DNAME_TEXT_MAX], value[TXT_VALUE_MAX + 1];
	struct certbot_note	*p = NULL;
	unsigned long	 serial;
	FILE		*f;
	int		 fd, ret = -1, lineno = 0;

	*out = NULL;
	*n = 0;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		log_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return -1;
	}
	if ((p = calloc(CERTBOT_PENDING_MAX, sizeof(*p))) == NULL)
		goto out;
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (*n == CERTBOT_PENDING_MAX) {
			log_err("%s: more than %d pending records", path,
			    CERTBOT_PENDING_MAX);
			goto out;
		}
		if (sscanf(line, "%1023s %1023s %lu %255s", zone, owner,
		    &serial, value) != 4 ||
		    dname_from_text(&p[*n].zone, zone) == -1 ||
		    dname_from_text(&p[*n].rec.owner, owner) == -1 ||
		    !dns_txt_value_ok(value)) {
			log_err("%s:%d: unreadable note; remove the file",
			    path, lineno);
			goto out;
		}
		p[*n].serial = (uint32_t)serial;
		snprintf(p[*n].rec.value, sizeof(p[*n].rec.value), "%s",
		    value);
		(*n)++;
	}
	ret = 0;
out:
	fclose(f);
	if (ret == 0) {
		(void)unlink(path);
		*out = p;
	} else {
		free(p);
		*n = 0;
	}
	return ret;
}

/* Note this call's records for the run's last call to wait for. */
enum acme_status
certbot_defer(const struct plan *p, const char *path)
{
	struct certbot_note	*notes;
	size_t		 i, j, n = 0;
	int		 rc;

	for (i = 0; i < p->ngroups; i++)
		n += p->groups[i].nrecs;
	if ((notes = calloc(n > 0 ? n : 1, sizeof(*notes))) == NULL) {
		log_err("out of memory");
		return ACME_EINTERNAL;
	}
	for (n = 0, i = 0; i < p->ngroups; i++)
		for (j = 0; j < p->groups[i].nrecs; j++, n++) {
			notes[n].zone = p->groups[i].zone;
			notes[n].rec = p->groups[i].recs[j];
			notes[n].serial = p->groups[i].serial;
		}
	rc = certbot_note_append(path, notes, n);
	free(notes);
	if (rc == -1)
		return ACME_EINTERNAL;
	log_info("update sent; the last challenge of this certbot run waits "
	    "for it");
	return ACME_OK;
}

enum acme_status
certbot_merge(struct plan *p, const char *path)
{
	struct certbot_note	*notes;
	struct zone_group *g;
	size_t		 i, n;
	enum acme_status st = ACME_OK;

	if (certbot_note_take(path, &notes, &n) == -1)
		return ACME_EINTERNAL;
	for (i = 0; i < n && st == ACME_OK; i++) {
		if ((g = plan_group(p, &notes[i].zone)) == NULL) {
			st = ACME_EINTERNAL;
			break;
		}
		/* Every noted update must show: wait for the latest serial. */
		if (g->nrecs == 0 || !dns_serial_at_least(g->serial,
		    notes[i].serial))
			g->serial = notes[i].serial;
		if (plan_add_record(g, &notes[i].rec) == -1)
			st = ACME_EINTERNAL;
		/* A zone only earlier calls touched: find its servers. */
		else if (g->servers.nservers == 0)
			st = plan_servers(p, g);
	}
	if (n > 0)
		log_info("waiting also for %zu record%s sent earlier in this "
		    "certbot run", n, n == 1 ? "" : "s");
	free(notes);
	return st;
}

/* One line per zone that lets acme-clean skip every lookup. */
void
certbot_print_hint(const struct plan *p)
{
	const struct zone_group *g;
	char	 zone[DNAME_TEXT_MAX], owner[DNAME_TEXT_MAX];
	size_t	 i, j;

	for (i = 0; i < p->ngroups; i++) {
		g = &p->groups[i];
		dname_to_text(&g->zone, zone, sizeof(zone));
		dname_to_text(&g->recs[0].owner, owner, sizeof(owner));
		printf("%s zone %s record %s primary ", HINT_TAG, zone, owner);
		for (j = 0; j < g->nprimary; j++)
			printf("%s%s", j > 0 ? "," : "", g->primary[j].text);
		printf("\n");
	}
	fflush(stdout);
}

/*
 * Take the zone, record name and primary from a hint line instead of
 * looking them up.  Returns 0, or -1 (nothing usable: look up instead).
 */
int
certbot_use_hint(struct plan *p, const char *hint,
    const struct challenge *ch)
{
	struct zone_group *g;
	char		 zone[DNAME_TEXT_MAX], owner[DNAME_TEXT_MAX];
	char		 prim[512];
	struct host_port *list = NULL;
	const char	*why;
	size_t		 i, n, item;

	if (hint == NULL || sscanf(hint, HINT_TAG " zone %1023s record %1023s "
	    "primary %511s", zone, owner, prim) != 3)
		return -1;
	g = &p->groups[0];	/* plan_init() made room for one */
	if (dname_from_text(&g->zone, zone) == -1 ||
	    dname_from_text(&g->recs[0].owner, owner) == -1 ||
	    !dname_is_below(&g->recs[0].owner, &g->zone) ||
	    (g->cz = config_find_zone(p->cfg, &g->zone)) == NULL)
		return -1;
	/* The primary list in address.h's grammar, addresses only. */
	if (address_parse_list(prim, DNS_PORT, ADDRESS_LITERAL_ONLY, &list, &n,
	    &why, &item) == -1)
		return -1;
	for (i = 0; i < n && i < PLAN_PRIMARY_MAX; i++)
		g->primary[i] = list[i].addr;
	g->nprimary = i;
	free(list);
	if (g->nprimary == 0)
		return -1;
	memcpy(g->recs[0].value, ch->value, sizeof(g->recs[0].value));
	g->nrecs = 1;
	p->ngroups = 1;
	log_verbose("using the lookups of acme-auth: zone %s, record %s",
	    zone, owner);
	return 0;
}
