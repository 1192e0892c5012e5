/* SPDX-License-Identifier: ISC */
#include "flow/certbot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/address.h"
#include "conf/config.h"
#include "sys/log.h"

/* Two names as text (every octet may need \DDD), a serial, a value. */
#define NOTE_LINE_MAX	(2 * DNAME_TEXT_MAX + TXT_VALUE_MAX + 16)
#define SERIAL_WIDTH	10		/* "4294967295" */
#define HINT_TAG	"acme-hooks:"

int
certbot_parse_stat(const char *buf, char *comm, size_t commsz, pid_t *ppid,
    unsigned long long *start)
{
	const char	*open_paren, *close_paren, *p;
	size_t		 len;
	int		 field;

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
	/* Fields after comm, each after one space: 3 state, 4 ppid, ...
	 * 22 starttime.  A ')' that ends the text has none. */
	if (close_paren[1] != ' ')
		return -1;
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

/* comm, ppid and start time of `pid`, from /proc/PID/stat. */
static int
proc_stat(pid_t pid, char *comm, size_t commsz, pid_t *ppid,
    unsigned long long *start)
{
	char	 path[64], buf[1024];
	FILE	*f;
	size_t	 len;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	return certbot_parse_stat(buf, comm, commsz, ppid, start);
}

/* The last path component of `s`. */
static const char *
base_name(const char *s)
{
	const char	*slash = strrchr(s, '/');

	return slash != NULL ? slash + 1 : s;
}

/*
 * 1 when `pid` runs certbot: its command name, or its program as a script
 * ("python3 /usr/bin/certbot ...", "python3 -m certbot ...").
 */
static int
is_certbot(pid_t pid, const char *comm)
{
	char		 path[64], buf[512];
	const char	*arg[3];
	size_t		 len, i, k;
	FILE	*f;

	if (strcmp(comm, "certbot") == 0)
		return 1;
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return 0;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	/* Past the end (fewer arguments, or a line longer than buf):
	 * empty, never a read beyond what was read. */
	for (i = 0, k = 0; k < 3; k++) {
		arg[k] = i < len ? buf + i : "";
		if (i < len)
			i += strlen(buf + i) + 1;
	}
	if (strcmp(base_name(arg[0]), "certbot") == 0)
		return 1;
	if (strncmp(base_name(arg[0]), "python", 6) != 0)
		return 0;
	return strcmp(base_name(arg[1]), "certbot") == 0 ||
	    (strcmp(arg[1], "-m") == 0 && strcmp(arg[2], "certbot") == 0);
}

int
certbot_run_find(struct certbot_run *run)
{
	char			 comm[64];
	pid_t			 cur = getppid(), up = 0;
	unsigned long long	 start;
	int			 i;

	for (i = 0; i < CERTBOT_ANCESTRY_MAX && cur > 1; i++, cur = up) {
		if (proc_stat(cur, comm, sizeof(comm), &up, &start) == -1)
			break;
		if (!is_certbot(cur, comm))
			continue;
		run->pid = cur;
		run->start = start;
		snprintf(run->name, sizeof(run->name), "run-%ld-%llu",
		    (long)cur, start);
		return 0;
	}
	log_verbose("no certbot process found among this hook's ancestors; "
	    "waiting in this call instead of the run's last");
	return -1;
}

/* 1 when the run named by a note file `name` is still going. */
static int
run_alive(const char *name)
{
	char			 comm[64];
	long			 pid;
	unsigned long long	 start, now;
	pid_t			 up;

	if (sscanf(name, "run-%ld-%llu", &pid, &start) != 2 || pid <= 0)
		return 1;	/* not ours to judge */
	if (proc_stat((pid_t)pid, comm, sizeof(comm), &up, &now) == -1)
		return 0;
	return now == start;
}

void
certbot_reap_stale(const struct state_dir *sd)
{
	struct certbot_note *notes;
	struct dirent	*e;
	DIR		*d;
	char		 owner[DNAME_TEXT_MAX], name[256];
	size_t		 n;
	int		 fd;

	if (sd->fd == -1 || (fd = dup(sd->fd)) == -1)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "run-", 4) != 0 || run_alive(e->d_name))
			continue;
		snprintf(name, sizeof(name), "%s", e->d_name);
		if (certbot_note_take(sd, name, &notes, &n) == -1) {
			(void)unlinkat(sd->fd, name, 0);
			continue;
		}
		if (n > 0) {
			dname_to_text(&notes[0].rec.owner, owner,
			    sizeof(owner));
			log_warn("%s/%s: a certbot run ended before its last "
			    "challenge; %zu record%s it noted (%s ...) may "
			    "still be published: run acme-clean for them or "
			    "delete them from the zone; note removed",
			    sd->path, name, n, n == 1 ? "" : "s", owner);
		}
		free(notes);
	}
	closedir(d);
}

/* One note line; `*serial_at` is where SERIAL starts within it. */
static int
note_line(char *buf, size_t size, const struct dname *zone,
    const struct txt_record *rec, size_t *serial_at)
{
	char	 z[DNAME_TEXT_MAX], o[DNAME_TEXT_MAX];
	int	 n;

	dname_to_text(zone, z, sizeof(z));
	dname_to_text(&rec->owner, o, sizeof(o));
	*serial_at = strlen(z) + 1 + strlen(o) + 1;
	n = snprintf(buf, size, "%s %s ---------- %s\n", z, o, rec->value);
	return n > 0 && (size_t)n < size ? n : -1;
}

/* Write all of `n` bytes; -1 with errno on failure. */
static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, p, n)) <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Open the run's note file for writing, checked: ours, regular, one link. */
static int
note_open(const struct state_dir *sd, const char *name, const char *path)
{
	struct stat	 st;
	int		 fd;

	fd = openat(sd->fd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		log_err("%s: cannot note the pending records: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid() || st.st_nlink != 1) {
		log_err("%s: not a plain file of ours; remove it", path);
		close(fd);
		return -1;
	}
	return fd;
}

enum outcome
certbot_note_reserve(const struct state_dir *sd,
    const struct certbot_run *run, const struct plan *p,
    struct certbot_pending *pend)
{
	char	 line[NOTE_LINE_MAX];
	size_t	 i, j, total = 0, at;
	off_t	 pos;
	int	 len;

	memset(pend, 0, sizeof(*pend));
	pend->fd = -1;
	snprintf(pend->path, sizeof(pend->path), "%s/%s", sd->path,
	    run->name);
	for (i = 0; i < p->ngroups; i++)
		total += p->groups[i].nrecs;
	if ((pend->serial_at = calloc(total + 1, sizeof(off_t))) == NULL) {
		log_err("out of memory");
		return OUTCOME_NOMEM;
	}
	if ((pend->fd = note_open(sd, run->name, pend->path)) == -1 ||
	    (pend->start = lseek(pend->fd, 0, SEEK_END)) == -1)
		goto fail;
	pos = pend->start;
	for (i = 0; i < p->ngroups; i++)
		for (j = 0; j < p->groups[i].nrecs; j++) {
			len = note_line(line, sizeof(line), &p->groups[i].zone,
			    &p->groups[i].recs[j], &at);
			if (len == -1 || write_all(pend->fd, line,
			    (size_t)len) == -1) {
				log_err("%s: cannot note the pending records "
				    "(nothing was published): %s", pend->path,
				    len == -1 ? "line too long" :
				    strerror(errno));
				goto fail;
			}
			pend->serial_at[pend->n++] = pos + (off_t)at;
			pos += len;
		}
	return OUTCOME_OK;
fail:
	certbot_note_abort(pend);
	return OUTCOME_STATE;
}

static void
pending_close(struct certbot_pending *pend)
{
	if (pend->fd != -1)
		close(pend->fd);
	pend->fd = -1;
	free(pend->serial_at);
	pend->serial_at = NULL;
}

enum outcome
certbot_note_confirm(struct certbot_pending *pend, const struct plan *p)
{
	char		 digits[SERIAL_WIDTH + 1];
	size_t		 i, j, k = 0;
	enum outcome st = OUTCOME_OK;

	for (i = 0; i < p->ngroups && st == OUTCOME_OK; i++)
		for (j = 0; j < p->groups[i].nrecs && k < pend->n; j++, k++) {
			snprintf(digits, sizeof(digits), "%010lu",
			    (unsigned long)p->groups[i].serial);
			/* Overwrites bytes already there: no new space. */
			if (pwrite(pend->fd, digits, SERIAL_WIDTH,
			    pend->serial_at[k]) != SERIAL_WIDTH) {
				log_err("%s: cannot confirm the noted records "
				    "(they are published; acme-clean removes "
				    "them): %s", pend->path, strerror(errno));
				st = OUTCOME_STATE;
				break;
			}
		}
	pending_close(pend);
	return st;
}

void
certbot_note_abort(struct certbot_pending *pend)
{
	if (pend->fd != -1 && ftruncate(pend->fd, pend->start) == -1)
		log_warn("%s: cannot take back this call's notes: %s",
		    pend->path, strerror(errno));
	pending_close(pend);
}

/* One line into `note`; -1 when malformed. */
static int
note_parse(const char *line, struct certbot_note *note)
{
	char		 zone[DNAME_TEXT_MAX], owner[DNAME_TEXT_MAX];
	char		 serial[SERIAL_WIDTH + 2], value[TXT_VALUE_MAX + 1];
	char		*end, extra[2];
	unsigned long	 v;

	memset(note, 0, sizeof(*note));
	/* Exactly four fields: a fifth means the line is not ours. */
	if (sscanf(line, "%1023s %1023s %11s %255s %1s", zone, owner, serial,
	    value, extra) != 4 || strlen(serial) != SERIAL_WIDTH ||
	    dname_from_text(&note->zone, zone) == -1 ||
	    dname_from_text(&note->rec.owner, owner) == -1 ||
	    !dns_txt_value_ok(value))
		return -1;
	if (strcmp(serial, "----------") != 0) {
		v = strtoul(serial, &end, 10);
		if (*end != '\0' || serial[0] < '0' || serial[0] > '9' ||
		    v > UINT32_MAX)
			return -1;
		note->serial = (uint32_t)v;
		note->confirmed = 1;
	}
	memcpy(note->rec.value, value, sizeof(note->rec.value));
	return 0;
}

int
certbot_note_take(const struct state_dir *sd, const char *name,
    struct certbot_note **out, size_t *n)
{
	char		 line[NOTE_LINE_MAX];
	struct certbot_note *p = NULL;
	FILE		*f;
	int		 fd, ret = -1, lineno = 0;

	*out = NULL;
	*n = 0;
	if ((fd = openat(sd->fd, name, O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		log_err("%s/%s: %s", sd->path, name, strerror(errno));
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
			log_err("%s/%s: more than %d pending records",
			    sd->path, name, CERTBOT_PENDING_MAX);
			goto out;
		}
		if (note_parse(line, &p[*n]) == -1) {
			log_err("%s/%s:%d: unreadable note; remove the file",
			    sd->path, name, lineno);
			goto out;
		}
		(*n)++;
	}
	/* A read error is not the end of the notes. */
	if (ferror(f)) {
		log_err("%s/%s: cannot read the notes", sd->path, name);
		goto out;
	}
	ret = 0;
out:
	fclose(f);
	if (ret == 0) {
		(void)unlinkat(sd->fd, name, 0);
		*out = p;
	} else {
		free(p);
		*n = 0;
	}
	return ret;
}

enum outcome
certbot_merge(struct plan *p, const struct state_dir *sd,
    const struct certbot_run *run)
{
	struct certbot_note *notes;
	struct zone_group *g;
	char		 owner[DNAME_TEXT_MAX];
	size_t		 i, n, used = 0;
	enum outcome st = OUTCOME_OK;

	if (certbot_note_take(sd, run->name, &notes, &n) == -1)
		return OUTCOME_STATE;
	for (i = 0; i < n && st == OUTCOME_OK; i++) {
		if (!notes[i].confirmed) {
			dname_to_text(&notes[i].rec.owner, owner,
			    sizeof(owner));
			log_warn("an earlier call of this certbot run stopped "
			    "before its update for %s was confirmed; not "
			    "waiting for it", owner);
			continue;
		}
		if ((g = plan_group(p, &notes[i].zone)) == NULL) {
			st = OUTCOME_NOMEM;
			break;
		}
		/* Every noted update must show: wait for the latest serial. */
		if (g->nrecs == 0 || !dns_serial_at_least(g->serial,
		    notes[i].serial))
			g->serial = notes[i].serial;
		if (plan_add_record(g, &notes[i].rec) == -1)
			st = OUTCOME_NOMEM;
		/* A zone only earlier calls touched: find its servers. */
		else if (g->servers.nservers == 0)
			st = plan_servers(p, g);
		used++;
	}
	if (used > 0)
		log_info("waiting also for %zu record%s sent earlier in this "
		    "certbot run", used, used == 1 ? "" : "s");
	free(notes);
	return st;
}

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
	struct txt_record rec;
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
	    dname_from_text(&rec.owner, owner) == -1 ||
	    !dname_is_below(&rec.owner, &g->zone) ||
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
	memcpy(rec.value, ch->value, sizeof(rec.value));
	if (plan_add_record(g, &rec) == -1)
		return -1;
	p->ngroups = 1;
	log_verbose("using the lookups of acme-auth: zone %s, record %s",
	    zone, owner);
	return 0;
}
