/* SPDX-License-Identifier: ISC */
/*
 * What the hooks keep on disk between calls: a certbot run's note file
 * (certbot_note_reserve/confirm/abort, certbot_note_take,
 * certbot_reap_stale), when a value was last removed at a name
 * (state_mark_cleaned/state_cleaned_at), the trust checks of state_open()
 * and the search for the certbot process (certbot_run_find).
 *
 * The note file's expected bytes are written out here by hand from the
 * format certbot.h gives ("ZONE OWNER SERIAL VALUE", names as text with
 * their trailing dot, SERIAL ten decimal digits or ten dashes while the
 * update is not confirmed, one line each).  Plans are built by hand: the
 * note functions read only the groups' zones, records and serials.
 */

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "flow/certbot.h"
#include "sys/log.h"
#include "sys/os.h"
#include "flow/plan.h"
#include "flow/state.h"
#include "unit.h"

#define V1	"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"
#define V2	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
#define V3	"rstuvwxyz0123456789-_rstuvwxyz0123456789-_x"
#define DASHES	"----------"

/* The environment variable that makes this binary a child check. */
#define CHILD_ENV	"TEST_NOTES_CHILD"

static char	 tmpdir[400];

/* A plan with `n` empty groups, as plan_locate() would leave it. */
static void
plan_make(struct plan *p, size_t n)
{
	memset(p, 0, sizeof(*p));
	if ((p->groups = calloc(n + 1, sizeof(*p->groups))) == NULL)
		abort();
	p->ngroups = p->maxgroups = n;
}

/* Group `i` holds zone `zone`, whose update gave `serial`. */
static void
group_set(struct plan *p, size_t i, const char *zone, uint32_t serial)
{
	p->groups[i].zone = unit_name(zone);
	p->groups[i].serial = serial;
}

static void
group_add(struct plan *p, size_t i, const char *owner, const char *value)
{
	struct txt_record rec;

	memset(&rec, 0, sizeof(rec));
	rec.owner = unit_name(owner);
	if (strlen(value) >= sizeof(rec.value))
		abort();
	strcpy(rec.value, value);
	if (plan_add_record(&p->groups[i], &rec) == -1)
		abort();
}

static void
run_named(struct certbot_run *run, const char *name)
{
	memset(run, 0, sizeof(*run));
	if (strlen(name) >= sizeof(run->name))
		abort();
	strcpy(run->name, name);
}

/* Reserve the plan's notes and confirm them: OUTCOME_OK both times. */
static int
note_plan(const struct state_dir *sd, const char *name, const struct plan *p)
{
	struct certbot_run run;
	struct certbot_pending pend;

	run_named(&run, name);
	if (certbot_note_reserve(sd, &run, p, &pend) != OUTCOME_OK)
		return 0;
	return certbot_note_confirm(&pend, p) == OUTCOME_OK && pend.fd == -1 &&
	    pend.serial_at == NULL;
}

/* `path` under the test's directory. */
static void
path_of(char *buf, size_t size, const char *name)
{
	if ((size_t)snprintf(buf, size, "%s/%s", tmpdir, name) >= size)
		abort();
}

/* The whole file at `path` in `buf`; its length, or -1. */
static long
slurp(const char *path, char *buf, size_t size)
{
	FILE	*f;
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	return (long)n;
}

static void
spew(const char *path, const char *text)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) != 0)
		abort();
}

static int
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* The file's bytes are exactly `want`. */
static int
file_is(const char *path, const char *want)
{
	char	 buf[8192];
	long	 n;

	n = slurp(path, buf, sizeof(buf));
	if (n < 0 || (size_t)n != strlen(want) || memcmp(buf, want,
	    (size_t)n) != 0) {
		fprintf(stderr, "  %s: got %ld bytes '%s', want '%s'\n", path,
		    n, n < 0 ? "" : buf, want);
		return 0;
	}
	return 1;
}

/* Note `i` of `p` says `zone`, `owner`, `serial`, `value`, `confirmed`. */
static int
note_is(const struct certbot_note *p, size_t i, const char *zone,
    const char *owner, uint32_t serial, const char *value, int confirmed)
{
	char	 z[DNAME_TEXT_MAX], o[DNAME_TEXT_MAX];
	int	 ok;

	dname_to_text(&p[i].zone, z, sizeof(z));
	dname_to_text(&p[i].rec.owner, o, sizeof(o));
	ok = strcmp(z, zone) == 0 && strcmp(o, owner) == 0 &&
	    p[i].serial == serial && strcmp(p[i].rec.value, value) == 0 &&
	    p[i].confirmed == confirmed;
	if (!ok)
		fprintf(stderr, "  note %zu: got %s %s %lu %s confirmed %d\n",
		    i, z, o, (unsigned long)p[i].serial, p[i].rec.value,
		    p[i].confirmed);
	return ok;
}

/*
 * A name of 255 octets of control bytes (each written \001 in text),
 * labels of 63, 63, 63 and 61 octets, or with `skip` first labels left
 * out (skip 1: 191 octets).
 */
static struct dname
long_escaped(size_t skip)
{
	static const uint8_t lens[] = { 63, 63, 63, 61 };
	struct dname name;
	size_t	 i, at = 0;

	memset(&name, 0, sizeof(name));
	for (i = skip; i < sizeof(lens); i++) {
		name.data[at++] = lens[i];
		memset(name.data + at, 1, lens[i]);
		at += lens[i];
	}
	name.data[at++] = 0;
	name.len = (uint8_t)at;
	return name;
}

/*
 * ACME_HOOKS_STATE_DIR at `dir` (under the test's directory when
 * `name` is relative), then state_open().  Returns what it returned.
 */
static int
open_at(struct state_dir *sd, const char *name)
{
	char	 dir[512];

	if (name[0] == '/')
		snprintf(dir, sizeof(dir), "%s", name);
	else
		path_of(dir, sizeof(dir), name);
	if (setenv("ACME_HOOKS_STATE_DIR", dir, 1) == -1)
		abort();
	return state_open(sd);
}

/* A new directory `name` under the test's directory, mode `mode`. */
static void
make_dir(const char *name, mode_t mode)
{
	char	 dir[512];

	path_of(dir, sizeof(dir), name);
	if (mkdir(dir, 0700) == -1 || chmod(dir, mode) == -1)
		abort();
}

static void
test_round_trip(const struct state_dir *sd)
{
	struct certbot_note *out = NULL;
	struct plan p;
	struct stat st;
	char	 path[512], text[4096];
	size_t	 n = 99;
	mode_t	 old;

	path_of(path, sizeof(path), "notes/run-1");
	plan_make(&p, 2);
	group_set(&p, 0, "example.net", 2026120201);
	group_add(&p, 0, "_acme-challenge.example.net", V1);
	group_set(&p, 1, "Example.ORG.", 0);
	group_add(&p, 1, "_acme-challenge.www.Example.ORG.", V2);

	/* umask 0: the mode is the code's own, not the umask's doing. */
	old = umask(0);
	UNIT_CHECK(note_plan(sd, "run-1", &p));
	umask(old);
	UNIT_CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 07777) == 0600);
	UNIT_CHECK(file_is(path,
	    "example.net. _acme-challenge.example.net. 2026120201 " V1 "\n"
	    "Example.ORG. _acme-challenge.www.Example.ORG. 0000000000 " V2
	    "\n"));
	plan_free(&p);
	/* Later calls of the run append; a plan of none changes nothing. */
	plan_make(&p, 1);
	group_set(&p, 0, "a.example.", 4294967295U);
	group_add(&p, 0, "_acme-challenge.a.example.", V3);
	UNIT_CHECK(note_plan(sd, "run-1", &p));
	plan_free(&p);
	plan_make(&p, 0);
	UNIT_CHECK(note_plan(sd, "run-1", &p));
	plan_free(&p);
	UNIT_CHECK(file_is(path,
	    "example.net. _acme-challenge.example.net. 2026120201 " V1 "\n"
	    "Example.ORG. _acme-challenge.www.Example.ORG. 0000000000 " V2
	    "\n"
	    "a.example. _acme-challenge.a.example. 4294967295 " V3 "\n"));

	UNIT_CHECK(certbot_note_take(sd, "run-1", &out, &n) == 0 && n == 3 &&
	    out != NULL);
	if (out != NULL && n == 3) {
		UNIT_CHECK(note_is(out, 0, "example.net.",
		    "_acme-challenge.example.net.", 2026120201, V1, 1));
		UNIT_CHECK(note_is(out, 1, "Example.ORG.",
		    "_acme-challenge.www.Example.ORG.", 0, V2, 1));
		UNIT_CHECK(note_is(out, 2, "a.example.",
		    "_acme-challenge.a.example.", 4294967295U, V3, 1));
	}
	free(out);
	/* Taken means gone: a second take finds none. */
	UNIT_CHECK(!exists(path));
	out = NULL;
	n = 99;
	UNIT_CHECK(certbot_note_take(sd, "run-1", &out, &n) == 0 && n == 0 &&
	    out == NULL);

	/* A file the hooks did not write, in the same format, reads. */
	spew(path, "example.net. _acme-challenge.example.net. 0000000007 " V1
	    "\nexample.net _acme-challenge.example.net " DASHES " " V2);
	UNIT_CHECK(certbot_note_take(sd, "run-1", &out, &n) == 0 && n == 2);
	if (out != NULL && n == 2) {
		UNIT_CHECK(note_is(out, 0, "example.net.",
		    "_acme-challenge.example.net.", 7, V1, 1));
		UNIT_CHECK(note_is(out, 1, "example.net.",
		    "_acme-challenge.example.net.", 0, V2, 0));
	}
	free(out);
	UNIT_CHECK(!exists(path));

	/* An empty file: no notes, and it is removed. */
	spew(path, "");
	n = 99;
	UNIT_CHECK(certbot_note_take(sd, "run-1", &out, &n) == 0 && n == 0);
	free(out);
	UNIT_CHECK(!exists(path));

	/* A name that needs escapes keeps its bytes both ways. */
	plan_make(&p, 1);
	group_set(&p, 0, "example.net", 5);
	group_add(&p, 0, "_acme-challenge.a\\032b\\.c.example.net", V1);
	UNIT_CHECK(note_plan(sd, "run-1", &p));
	UNIT_CHECK(file_is(path, "example.net. "
	    "_acme-challenge.a\\032b\\.c.example.net. 0000000005 " V1 "\n"));
	UNIT_CHECK(certbot_note_take(sd, "run-1", &out, &n) == 0 && n == 1);
	if (out != NULL && n == 1)
		UNIT_CHECK(out[0].rec.owner.len == p.groups[0].recs[0].owner.len
		    && memcmp(out[0].rec.owner.data,
		    p.groups[0].recs[0].owner.data, out[0].rec.owner.len) == 0);
	free(out);
	plan_free(&p);

	/*
	 * The longest lines the writer makes: names of 255 octets, each
	 * octet written \DDD, read back octet for octet.
	 */
	plan_make(&p, 1);
	p.groups[0].zone = long_escaped(1);
	p.groups[0].serial = 9;
	p.groups[0].nrecs = p.groups[0].maxrecs = 1;
	if ((p.groups[0].recs = calloc(1, sizeof(*p.groups[0].recs))) == NULL)
		abort();
	p.groups[0].recs[0].owner = long_escaped(0);
	strcpy(p.groups[0].recs[0].value, V1);
	UNIT_CHECK(p.groups[0].recs[0].owner.len == 255 &&
	    p.groups[0].zone.len == 191);
	/* Zone 187 octets * 4 + 3 dots, owner 250 * 4 + 4, a space each,
	 * ten digits and a space, the value, the newline:
	 * 751 + 1 + 1004 + 1 + 11 + 43 + 1. */
	UNIT_CHECK(note_plan(sd, "run-1", &p));
	UNIT_CHECK(slurp(path, text, sizeof(text)) == 1812);
	UNIT_CHECK(strncmp(text, "\\001\\001", 8) == 0 &&
	    strstr(text, " 0000000009 " V1 "\n") == text + 1812 - 56);
	UNIT_CHECK(certbot_note_take(sd, "run-1", &out, &n) == 0 && n == 1);
	if (out != NULL && n == 1)
		UNIT_CHECK(out[0].zone.len == 191 &&
		    memcmp(out[0].zone.data, p.groups[0].zone.data, 191) == 0
		    && out[0].rec.owner.len == 255 &&
		    memcmp(out[0].rec.owner.data,
		    p.groups[0].recs[0].owner.data, 255) == 0 &&
		    out[0].serial == 9 && out[0].confirmed == 1 &&
		    strcmp(out[0].rec.value, V1) == 0);
	free(out);
	plan_free(&p);
}

/*
 * Reserve, then confirm or abort: the lines are there (with dashes)
 * before the update, get their serial in place, or go again.
 */
static void
test_reserve(const struct state_dir *sd)
{
	struct certbot_note *out = NULL;
	struct certbot_run run;
	struct certbot_pending pend;
	struct plan p, q;
	struct stat st;
	char	 path[512];
	size_t	 n = 99;
	pid_t	 pid;
	int	 status;

#define EARLIER	"example.net. _acme-challenge.example.net. 0000000041 " V1 "\n"
	path_of(path, sizeof(path), "notes/run-2");
	run_named(&run, "run-2");
	plan_make(&p, 2);
	group_set(&p, 0, "example.net", 42);
	group_add(&p, 0, "_acme-challenge.www.example.net", V2);
	group_add(&p, 0, "_acme-challenge.ftp.example.net", V3);
	group_set(&p, 1, "example.org", 7);
	group_add(&p, 1, "_acme-challenge.example.org", V1);

	/* Reserved: dashes where the serial goes, before any update. */
	UNIT_CHECK(certbot_note_reserve(sd, &run, &p, &pend) == OUTCOME_OK &&
	    pend.fd != -1 && pend.n == 3 && pend.start == 0);
	UNIT_CHECK(file_is(path,
	    "example.net. _acme-challenge.www.example.net. " DASHES " " V2 "\n"
	    "example.net. _acme-challenge.ftp.example.net. " DASHES " " V3 "\n"
	    "example.org. _acme-challenge.example.org. " DASHES " " V1 "\n"));
	/* Confirmed: each zone's serial in place, nothing else moved. */
	UNIT_CHECK(certbot_note_confirm(&pend, &p) == OUTCOME_OK &&
	    pend.fd == -1 && pend.serial_at == NULL);
	UNIT_CHECK(file_is(path,
	    "example.net. _acme-challenge.www.example.net. 0000000042 " V2 "\n"
	    "example.net. _acme-challenge.ftp.example.net. 0000000042 " V3 "\n"
	    "example.org. _acme-challenge.example.org. 0000000007 " V1 "\n"));
	UNIT_CHECK(unlink(path) == 0);

	/* Aborted on a file that was not there: nothing is left to read. */
	UNIT_CHECK(certbot_note_reserve(sd, &run, &p, &pend) == OUTCOME_OK);
	certbot_note_abort(&pend);
	UNIT_CHECK(pend.fd == -1 && pend.serial_at == NULL);
	UNIT_CHECK(!exists(path) || file_is(path, ""));
	UNIT_CHECK(certbot_note_take(sd, "run-2", &out, &n) == 0 && n == 0);
	free(out);

	/* Aborted after earlier lines: the file is as it was, byte for
	 * byte, and a later confirm lands where it should. */
	spew(path, EARLIER);
	UNIT_CHECK(certbot_note_reserve(sd, &run, &p, &pend) == OUTCOME_OK &&
	    pend.start == (off_t)strlen(EARLIER));
	UNIT_CHECK(lstat(path, &st) == 0 && st.st_size > pend.start);
	certbot_note_abort(&pend);
	UNIT_CHECK(file_is(path, EARLIER));
	plan_make(&q, 1);
	group_set(&q, 0, "example.org", 43);
	group_add(&q, 0, "_acme-challenge.example.org", V2);
	UNIT_CHECK(note_plan(sd, "run-2", &q));
	UNIT_CHECK(file_is(path, EARLIER
	    "example.org. _acme-challenge.example.org. 0000000043 " V2 "\n"));
	plan_free(&q);

	/*
	 * A call that dies between reserve and confirm: its lines stay
	 * unconfirmed and read back so, after the confirmed ones.
	 */
	fflush(NULL);
	if ((pid = fork()) == -1)
		abort();
	if (pid == 0)
		_exit(certbot_note_reserve(sd, &run, &p, &pend) == OUTCOME_OK ?
		    0 : 1);
	UNIT_CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0);
	UNIT_CHECK(file_is(path, EARLIER
	    "example.org. _acme-challenge.example.org. 0000000043 " V2 "\n"
	    "example.net. _acme-challenge.www.example.net. " DASHES " " V2 "\n"
	    "example.net. _acme-challenge.ftp.example.net. " DASHES " " V3 "\n"
	    "example.org. _acme-challenge.example.org. " DASHES " " V1 "\n"));
	UNIT_CHECK(certbot_note_take(sd, "run-2", &out, &n) == 0 && n == 5);
	if (out != NULL && n == 5) {
		UNIT_CHECK(note_is(out, 0, "example.net.",
		    "_acme-challenge.example.net.", 41, V1, 1));
		UNIT_CHECK(note_is(out, 1, "example.org.",
		    "_acme-challenge.example.org.", 43, V2, 1));
		UNIT_CHECK(note_is(out, 2, "example.net.",
		    "_acme-challenge.www.example.net.", 0, V2, 0));
		UNIT_CHECK(note_is(out, 3, "example.net.",
		    "_acme-challenge.ftp.example.net.", 0, V3, 0));
		UNIT_CHECK(note_is(out, 4, "example.org.",
		    "_acme-challenge.example.org.", 0, V1, 0));
	}
	free(out);
	UNIT_CHECK(!exists(path));
	plan_free(&p);
#undef EARLIER
}

/* A note file made of `text` fails to be taken, and is left in place. */
static int
refused(const struct state_dir *sd, const char *text)
{
	struct certbot_note *out = NULL;
	char	 path[512];
	size_t	 n = 99;
	int	 ok;

	path_of(path, sizeof(path), "notes/bad");
	spew(path, text);
	ok = certbot_note_take(sd, "bad", &out, &n) == -1 && out == NULL &&
	    n == 0 && file_is(path, text);
	free(out);
	(void)unlink(path);
	return ok;
}

#define GOOD	"example.net. _acme-challenge.example.net. 0000000007 " V1 "\n"
#define OWNERS	"example.net. _acme-challenge.example.net. "

static void
test_malformed(const struct state_dir *sd)
{
	/* The controls: the good line alone, or unconfirmed, is taken. */
	UNIT_CHECK(!refused(sd, GOOD));
	UNIT_CHECK(!refused(sd, OWNERS DASHES " " V1 "\n"));
	/* Too few fields. */
	UNIT_CHECK(refused(sd, GOOD OWNERS "0000000007\n"));
	UNIT_CHECK(refused(sd, "example.net. 0000000007 " V1 "\n"));
	UNIT_CHECK(refused(sd, GOOD "\n"));
	UNIT_CHECK(refused(sd, "\n" GOOD));
	/* Bad names. */
	UNIT_CHECK(refused(sd, GOOD "example..net. _acme-challenge.example."
	    "net. 0000000007 " V1 "\n"));
	UNIT_CHECK(refused(sd, "example.net. _acme-challenge..example.net. "
	    "0000000007 " V1 "\n" GOOD));
	UNIT_CHECK(refused(sd, "example.net. _acme-challenge.example.net\\ "
	    "0000000007 " V1 "\n"));
	/* Bad values. */
	UNIT_CHECK(refused(sd, GOOD OWNERS "0000000007 " V1 "0\n"));
	UNIT_CHECK(refused(sd, OWNERS "0000000007 "
	    "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX\n"));
	UNIT_CHECK(refused(sd, OWNERS "0000000007 "
	    "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX=\n"));
	/* The serial not ten digits, nor ten dashes. */
	UNIT_CHECK(refused(sd, GOOD OWNERS "sevenseven " V1 "\n"));
	UNIT_CHECK(refused(sd, OWNERS "x000000007 " V1 "\n"));
	UNIT_CHECK(refused(sd, OWNERS "000000007x " V1 "\n"));
	UNIT_CHECK(refused(sd, OWNERS "-000000001 " V1 "\n"));
	UNIT_CHECK(refused(sd, OWNERS "+000000001 " V1 "\n"));
	UNIT_CHECK(refused(sd, OWNERS "4294967296 " V1 "\n"));
	UNIT_CHECK(refused(sd, OWNERS "7 " V1 "\n"));
	UNIT_CHECK(refused(sd, OWNERS "000000007 " V1 "\n"));
	UNIT_CHECK(refused(sd, OWNERS "00000000007 " V1 "\n"));
	UNIT_CHECK(refused(sd, OWNERS "---------- " V1 "\n" OWNERS
	    "--------- " V1 "\n"));
	UNIT_CHECK(refused(sd, OWNERS "-----00007 " V1 "\n"));
	/* A line longer than any the writer makes. */
	{
		char	 big[3000 + sizeof(GOOD)];

		memcpy(big, GOOD, sizeof(GOOD) - 2);
		memset(big + sizeof(GOOD) - 2, ' ', 3000);
		strcpy(big + sizeof(GOOD) - 2 + 3000, "\n");
		UNIT_CHECK(refused(sd, big));
	}
	/* A fifth field. */
	UNIT_CHECK(refused(sd, OWNERS "0000000007 " V1 " extra\n"));
}

static void
test_limits(const struct state_dir *sd)
{
	struct certbot_note *out = NULL;
	struct certbot_run run;
	struct certbot_pending pend;
	struct state_dir gone;
	struct plan p;
	char	 path[512], owner[64], text[512];
	size_t	 i, n = 0;
	int	 fd;

	path_of(path, sizeof(path), "notes/many");
	plan_make(&p, 1);
	group_set(&p, 0, "example", 5);
	for (i = 0; i < CERTBOT_PENDING_MAX; i++) {
		snprintf(owner, sizeof(owner), "_acme-challenge.h%zu.example",
		    i);
		group_add(&p, 0, owner, V1);
	}
	/* As many as a run may note: all read back, in order. */
	UNIT_CHECK(note_plan(sd, "many", &p));
	UNIT_CHECK(certbot_note_take(sd, "many", &out, &n) == 0 &&
	    n == CERTBOT_PENDING_MAX);
	if (out != NULL && n == CERTBOT_PENDING_MAX) {
		snprintf(text, sizeof(text), "_acme-challenge.h%d.example.",
		    CERTBOT_PENDING_MAX - 1);
		UNIT_CHECK(note_is(out, 0, "example.",
		    "_acme-challenge.h0.example.", 5, V1, 1));
		UNIT_CHECK(note_is(out, CERTBOT_PENDING_MAX - 1, "example.",
		    text, 5, V1, 1));
	}
	free(out);
	out = NULL;
	/* One more (from a later call) fails the whole file, which stays. */
	UNIT_CHECK(note_plan(sd, "many", &p));
	plan_free(&p);
	plan_make(&p, 1);
	group_set(&p, 0, "example", 6);
	group_add(&p, 0, "_acme-challenge.one-more.example", V2);
	UNIT_CHECK(note_plan(sd, "many", &p));
	n = 99;
	UNIT_CHECK(certbot_note_take(sd, "many", &out, &n) == -1 &&
	    out == NULL && n == 0);
	UNIT_CHECK(exists(path));
	(void)unlink(path);

	/* A directory at the path: an error, not "no notes". */
	run_named(&run, "dir");
	path_of(path, sizeof(path), "notes/dir");
	UNIT_CHECK(mkdir(path, 0700) == 0);
	UNIT_CHECK(certbot_note_reserve(sd, &run, &p, &pend) ==
	    OUTCOME_STATE && pend.fd == -1 && pend.serial_at == NULL);
	n = 99;
	UNIT_CHECK(certbot_note_take(sd, "dir", &out, &n) == -1 &&
	    out == NULL && n == 0);
	UNIT_CHECK(exists(path));
	(void)rmdir(path);

	/* Links are never followed, to a file or to nothing. */
	run_named(&run, "link");
	path_of(text, sizeof(text), "notes/target");
	path_of(path, sizeof(path), "notes/link");
	spew(text, GOOD);
	UNIT_CHECK(symlink(text, path) == 0);
	UNIT_CHECK(certbot_note_reserve(sd, &run, &p, &pend) ==
	    OUTCOME_STATE && pend.fd == -1);
	UNIT_CHECK(file_is(text, GOOD));
	n = 99;
	UNIT_CHECK(certbot_note_take(sd, "link", &out, &n) == -1 &&
	    out == NULL && n == 0);
	UNIT_CHECK(exists(path) && file_is(text, GOOD));
	UNIT_CHECK(unlink(text) == 0);
	UNIT_CHECK(certbot_note_reserve(sd, &run, &p, &pend) ==
	    OUTCOME_STATE);
	UNIT_CHECK(!exists(text));
	UNIT_CHECK(certbot_note_take(sd, "link", &out, &n) == -1);
	(void)unlink(path);

	/* A second link to the file (someone else's name for it): refused,
	 * and the file is not written. */
	run_named(&run, "hard");
	path_of(path, sizeof(path), "notes/hard");
	spew(text, GOOD);
	UNIT_CHECK(link(text, path) == 0);
	UNIT_CHECK(certbot_note_reserve(sd, &run, &p, &pend) ==
	    OUTCOME_STATE && file_is(text, GOOD));
	(void)unlink(path);
	(void)unlink(text);

	/* A file left with another mode keeps it; the lines are appended. */
	path_of(path, sizeof(path), "notes/old");
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0640)) != -1)
		close(fd);
	UNIT_CHECK(note_plan(sd, "old", &p));
	UNIT_CHECK(file_is(path, "example. _acme-challenge.one-more.example. "
	    "0000000006 " V2 "\n"));
	(void)unlink(path);

	/* The state directory removed under us: reserving fails, with
	 * nothing written anywhere; taking finds none. */
	make_dir("gone", 0700);
	UNIT_CHECK(open_at(&gone, "gone") == 0);
	path_of(path, sizeof(path), "gone");
	UNIT_CHECK(rmdir(path) == 0);
	run_named(&run, "run-3");
	UNIT_CHECK(certbot_note_reserve(&gone, &run, &p, &pend) ==
	    OUTCOME_STATE && pend.fd == -1 && pend.serial_at == NULL);
	UNIT_CHECK(!exists(path));
	n = 99;
	UNIT_CHECK(certbot_note_take(&gone, "run-3", &out, &n) == 0 &&
	    n == 0 && out == NULL);
	state_close(&gone);
	plan_free(&p);
}

/* Field 4 (ppid) or 22 (start time) of /proc/PID/stat; 0 on failure. */
static unsigned long long
stat_field(pid_t pid, int want)
{
	char	 path[64], buf[1024], *p;
	long	 len;
	int	 field;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((len = slurp(path, buf, sizeof(buf))) <= 0 ||
	    (p = strrchr(buf, ')')) == NULL)
		return 0;
	/* After ") ": field 3, the state. */
	for (p += 2, field = 3; field < want && p != NULL; field++)
		if ((p = strchr(p, ' ')) != NULL)
			p++;
	return p != NULL ? strtoull(p, NULL, 10) : 0;
}

/* The note file name of a run whose certbot is process `pid`. */
static void
run_name_of(char *buf, size_t size, pid_t pid)
{
	snprintf(buf, size, "run-%ld-%llu", (long)pid, stat_field(pid, 22));
}

/* `name` in the notes directory. */
static void
note_path(char *buf, size_t size, const char *name)
{
	char	 rel[256];

	snprintf(rel, sizeof(rel), "notes/%s", name);
	path_of(buf, size, rel);
}

static void
test_reap(const struct state_dir *sd)
{
	char	 live[128], reused[128], path[512];
	pid_t	 ppid;

	/* Our parent is alive: its run goes on, and its notes stay. */
	ppid = (pid_t)stat_field(getpid(), 4);
	UNIT_CHECK(ppid == getppid() && ppid > 1);
	run_name_of(live, sizeof(live), ppid);
	/* The same PID with another start time: a run that ended. */
	snprintf(reused, sizeof(reused), "run-%ld-%llu", (long)ppid,
	    stat_field(ppid, 22) + 1);

	note_path(path, sizeof(path), live);
	spew(path, GOOD);
	note_path(path, sizeof(path), reused);
	spew(path, GOOD);
	/* No such process (above any pid_max): ended, notes or not. */
	note_path(path, sizeof(path), "run-999999999-1");
	spew(path, GOOD OWNERS DASHES " " V2 "\n");
	note_path(path, sizeof(path), "run-999999998-1");
	spew(path, "not a note\n");
	note_path(path, sizeof(path), "run-999999997-1");
	spew(path, "");
	/* Not a run's name, or not one it can judge: left alone. */
	note_path(path, sizeof(path), "run-x");
	spew(path, GOOD);
	note_path(path, sizeof(path), "cleaned-_acme-challenge.example.");
	spew(path, "1000\n");

	certbot_reap_stale(sd);
	note_path(path, sizeof(path), live);
	UNIT_CHECK(file_is(path, GOOD));
	note_path(path, sizeof(path), reused);
	UNIT_CHECK(!exists(path));
	note_path(path, sizeof(path), "run-999999999-1");
	UNIT_CHECK(!exists(path));
	note_path(path, sizeof(path), "run-999999998-1");
	UNIT_CHECK(!exists(path));
	note_path(path, sizeof(path), "run-999999997-1");
	UNIT_CHECK(!exists(path));
	note_path(path, sizeof(path), "run-x");
	UNIT_CHECK(file_is(path, GOOD));
	(void)unlink(path);
	note_path(path, sizeof(path), "cleaned-_acme-challenge.example.");
	UNIT_CHECK(file_is(path, "1000\n"));
	(void)unlink(path);
	note_path(path, sizeof(path), live);
	(void)unlink(path);

	/* Without a directory there is nothing to reap (and no crash). */
	{
		struct state_dir none = { .fd = -1, .path = "" };

		certbot_reap_stale(&none);
	}
}

/* sd's directory holds `name` (a path inside it, as text). */
static int
in_dir(const struct state_dir *sd, const char *name)
{
	char	 path[STATE_PATH_MAX + 300];

	snprintf(path, sizeof(path), "%s/%s", sd->path, name);
	return exists(path);
}

/*
 * A directory the checks refuse: state_open() fails and says so, and the
 * functions that take its result then do nothing, writing nothing there.
 */
static int
open_refused(const char *name, const struct dname *owner)
{
	struct state_dir sd;
	char	 dir[512];
	uint64_t when = 1;
	int	 ok;

	path_of(dir, sizeof(dir), name);
	ok = open_at(&sd, name) == -1 && sd.fd == -1 &&
	    strcmp(sd.path, dir) == 0 &&
	    state_mark_cleaned(&sd, owner) == 0 &&
	    state_cleaned_at(&sd, owner, &when) == 0 && when == 0 &&
	    !in_dir(&sd, "cleaned-_acme-challenge.example.net.");
	state_close(&sd);
	return ok;
}

/*
 * The directory opens, and a mark made through it reads back (and is
 * removed again, so that a later open_refused() there means something).
 */
static int
open_works(const char *name, const struct dname *owner)
{
	struct state_dir sd;
	uint64_t when = 0;
	int	 ok;

	ok = open_at(&sd, name) == 0 && sd.fd != -1 &&
	    state_mark_cleaned(&sd, owner) == 0 &&
	    state_cleaned_at(&sd, owner, &when) == 0 && when > 0 &&
	    in_dir(&sd, "cleaned-_acme-challenge.example.net.") &&
	    unlinkat(sd.fd, "cleaned-_acme-challenge.example.net.", 0) == 0;
	state_close(&sd);
	return ok && sd.fd == -1;
}

/*
 * state_cleaned_at() fails for `owner` with one warning line on stderr
 * that names `file` in `sd`, and `*when` 0.
 */
static int
cleaned_at_warns(const struct state_dir *sd, const struct dname *owner,
    const char *file)
{
	char	 log[512], text[2048], want[700];
	uint64_t when = 1;
	long	 n;
	int	 saved, fd, ret;

	path_of(log, sizeof(log), "stderr.log");
	fflush(stderr);
	if ((saved = dup(2)) == -1 || (fd = open(log, O_WRONLY | O_CREAT |
	    O_TRUNC, 0600)) == -1 || dup2(fd, 2) == -1)
		abort();
	close(fd);
	ret = state_cleaned_at(sd, owner, &when);
	fflush(stderr);
	if (dup2(saved, 2) == -1)
		abort();
	close(saved);
	snprintf(want, sizeof(want), "%s/%s: ", sd->path, file);
	n = slurp(log, text, sizeof(text));
	(void)unlink(log);
	if (ret != -1 || when != 0 || n <= 0 || strstr(text, want) == NULL ||
	    strchr(text, '\n') != text + n - 1) {
		fprintf(stderr, "  cleaned_at: %d, when %llu, stderr '%s'\n",
		    ret, (unsigned long long)when, n > 0 ? text : "");
		return 0;
	}
	return 1;
}

static void
test_cleaned(const struct state_dir *sd)
{
	struct dname owner, other, upper, odd, dots;
	struct stat st;
	char	 path[700], sub[600];
	uint64_t before, after, when;

	owner = unit_name("_acme-challenge.example.net");
	other = unit_name("_acme-challenge.example.org");
	upper = unit_name("_ACME-Challenge.EXAMPLE.net.");
	odd = unit_name("_acme-challenge.a/b\\..example.net");
	dots = unit_name("_acme-challenge.\\.\\..example.net");

	when = 1;
	UNIT_CHECK(state_cleaned_at(sd, &owner, &when) == 0 && when == 0);
	before = os_wall_ms();
	UNIT_CHECK(state_mark_cleaned(sd, &owner) == 0);
	after = os_wall_ms();
	when = 0;
	UNIT_CHECK(state_cleaned_at(sd, &owner, &when) == 0 &&
	    when >= before && when <= after && after - before < 1000);
	/* Names are the same in any case; another name knows nothing. */
	when = 0;
	UNIT_CHECK(state_cleaned_at(sd, &upper, &when) == 0 &&
	    when >= before && when <= after);
	when = 1;
	UNIT_CHECK(state_cleaned_at(sd, &other, &when) == 0 && when == 0);
	/* The record is one file, 0600, named after the name in lower
	 * case; no temporary file is left beside it. */
	snprintf(path, sizeof(path), "%s/cleaned-_acme-challenge.example."
	    "net.", sd->path);
	UNIT_CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 07777) == 0600);
	snprintf(path, sizeof(path), ".cleaned-_acme-challenge.example."
	    "net..%ld", (long)getpid());
	UNIT_CHECK(!in_dir(sd, path));
	/* Marked in upper case: the same file, no second one. */
	UNIT_CHECK(state_mark_cleaned(sd, &upper) == 0);
	UNIT_CHECK(!in_dir(sd, "cleaned-_ACME-Challenge.EXAMPLE.net."));
	/* Odd bytes make no path: the file stays in the directory. */
	UNIT_CHECK(state_mark_cleaned(sd, &odd) == 0);
	UNIT_CHECK(in_dir(sd, "cleaned-_acme-challenge.a%b%..example.net."));
	UNIT_CHECK(!in_dir(sd, "cleaned-_acme-challenge.a"));
	when = 0;
	UNIT_CHECK(state_cleaned_at(sd, &odd, &when) == 0 && when >= before);
	UNIT_CHECK(state_mark_cleaned(sd, &dots) == 0);
	UNIT_CHECK(in_dir(sd, "cleaned-_acme-challenge.%.%..example.net."));
	/* A time from the future or no number: unknown. */
	snprintf(path, sizeof(path), "%s/cleaned-_acme-challenge.example."
	    "net.", sd->path);
	spew(path, "99999999999999\n");
	when = 1;
	UNIT_CHECK(state_cleaned_at(sd, &owner, &when) == 0 && when == 0);
	spew(path, "soon\n");
	when = 1;
	UNIT_CHECK(state_cleaned_at(sd, &owner, &when) == 0 && when == 0);
	spew(path, "1000");
	when = 1;
	UNIT_CHECK(state_cleaned_at(sd, &owner, &when) == 0 && when == 0);
	spew(path, "1000\n");
	UNIT_CHECK(state_cleaned_at(sd, &owner, &when) == 0 && when == 1000);
	/* A marker that cannot be read: unknown, said once. */
	spew(path, "");
	UNIT_CHECK(cleaned_at_warns(sd, &owner,
	    "cleaned-_acme-challenge.example.net."));
	UNIT_CHECK(unlink(path) == 0 && mkdir(path, 0700) == 0);
	UNIT_CHECK(cleaned_at_warns(sd, &owner,
	    "cleaned-_acme-challenge.example.net."));
	UNIT_CHECK(rmdir(path) == 0);

	/* The marker file itself a link: not followed on read; a mark
	 * replaces the link and never writes where it pointed. */
	snprintf(path, sizeof(path), "%s/cleaned-_acme-challenge.example."
	    "org.", sd->path);
	path_of(sub, sizeof(sub), "elsewhere");
	UNIT_CHECK(symlink(sub, path) == 0);
	UNIT_CHECK(cleaned_at_warns(sd, &other,
	    "cleaned-_acme-challenge.example.org."));
	UNIT_CHECK(state_mark_cleaned(sd, &other) == 0 && !exists(sub));
	UNIT_CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode));
}

static void
test_state_open(void)
{
	struct dname owner;
	struct passwd *pw;
	struct state_dir sd;
	struct stat st;
	char	 dir[512], sub[600];
	mode_t	 old;

	owner = unit_name("_acme-challenge.example.net");

	/* A missing state directory is made, 0700, whatever the umask. */
	old = umask(0);
	UNIT_CHECK(open_works("fresh", &owner));
	umask(old);
	path_of(dir, sizeof(dir), "fresh");
	UNIT_CHECK(lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (st.st_mode & 07777) == 0700);

	/* Directories open to others, or a link, are refused. */
	make_dir("open", 0755);
	UNIT_CHECK(open_refused("open", &owner));
	make_dir("group", 0710);
	UNIT_CHECK(open_refused("group", &owner));
	make_dir("others", 0701);
	UNIT_CHECK(open_refused("others", &owner));
	make_dir("real", 0700);
	make_dir("real/state", 0700);
	path_of(sub, sizeof(sub), "real");
	path_of(dir, sizeof(dir), "via");
	UNIT_CHECK(symlink(sub, dir) == 0);
	path_of(dir, sizeof(dir), "state-link");
	UNIT_CHECK(symlink(sub, dir) == 0);
	UNIT_CHECK(open_refused("state-link", &owner));
	/* A link anywhere on the way, not only at the end. */
	UNIT_CHECK(open_refused("via/state", &owner));
	UNIT_CHECK(open_works("real/state", &owner));
	/* A file where the directory should be. */
	path_of(dir, sizeof(dir), "file");
	spew(dir, "");
	UNIT_CHECK(open_refused("file", &owner));
	UNIT_CHECK(open_refused("file/state", &owner));
	UNIT_CHECK(open_at(&sd, "/") == -1 && sd.fd == -1);
	if (setenv("ACME_HOOKS_STATE_DIR", "relative/path", 1) == -1)
		abort();
	UNIT_CHECK(state_open(&sd) == -1 && sd.fd == -1);

	/* A parent anyone may write to could swap the directory: refused,
	 * unless it is sticky and root's (as /tmp is). */
	make_dir("wide", 0777);
	make_dir("wide/state", 0700);
	UNIT_CHECK(open_refused("wide/state", &owner));
	make_dir("group-wide", 0770);
	make_dir("group-wide/state", 0700);
	UNIT_CHECK(open_refused("group-wide/state", &owner));
	path_of(dir, sizeof(dir), "wide");
	UNIT_CHECK(chmod(dir, 0755) == 0);
	UNIT_CHECK(open_works("wide/state", &owner));
	UNIT_CHECK(chmod(dir, 01777) == 0);
	if (geteuid() == 0)
		UNIT_CHECK(open_works("wide/state", &owner));
	else
		UNIT_CHECK(open_refused("wide/state", &owner));

	/* Under /tmp itself (sticky, root's): a fresh 0700 directory is
	 * accepted, and one the hook makes there too. */
	if (lstat("/tmp", &st) == 0 && S_ISDIR(st.st_mode) &&
	    st.st_uid == 0 && (st.st_mode & 01002) == 01002) {
		snprintf(dir, sizeof(dir), "/tmp/test_notes-state.XXXXXX");
		UNIT_CHECK(mkdtemp(dir) != NULL);
		UNIT_CHECK(open_works(dir, &owner));
		UNIT_CHECK(rmdir(dir) == 0);
		UNIT_CHECK(open_works(dir, &owner));
		UNIT_CHECK(lstat(dir, &st) == 0 &&
		    (st.st_mode & 07777) == 0700);
		UNIT_CHECK(rmdir(dir) == 0);
	} else
		unit_skip("needs /tmp sticky and root's (a user namespace "
		    "shows the host's root as another uid): a state "
		    "directory under /tmp");

	/* Someone else's directory, even 0700: only root can make one. */
	if (!unit_host_root()) {
		unit_skip("needs root: state directories owned by another "
		    "user (chown to nobody)");
		return;
	}
	if ((pw = getpwnam("nobody")) == NULL) {
		unit_skip("needs a user nobody: state directories owned by "
		    "another user");
		return;
	}
	make_dir("theirs", 0700);
	path_of(dir, sizeof(dir), "theirs");
	UNIT_CHECK(chown(dir, pw->pw_uid, pw->pw_gid) == 0);
	UNIT_CHECK(open_refused("theirs", &owner));
	/* The control: the same directory back in our hands works. */
	UNIT_CHECK(chown(dir, geteuid(), getegid()) == 0);
	UNIT_CHECK(open_works("theirs", &owner));
	/* A parent of someone else's, even 0755. */
	make_dir("their-parent", 0755);
	make_dir("their-parent/state", 0700);
	path_of(dir, sizeof(dir), "their-parent");
	UNIT_CHECK(chown(dir, pw->pw_uid, pw->pw_gid) == 0);
	UNIT_CHECK(open_refused("their-parent/state", &owner));
}

/* `name` in `dir`, a file (or `kind` 'l' a link, 'd' a directory), its
 * modification time `age_s` seconds ago. */
static void
aged(const char *dir, const char *name, int kind, long age_s)
{
	struct timespec	 t[2];
	char		 path[700];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (kind == 'l' ? symlink("cleaned-elsewhere", path) == -1 :
	    kind == 'd' ? mkdir(path, 0700) == -1 : (spew(path, "1000\n"), 0))
		abort();
	t[0].tv_sec = t[1].tv_sec = time(NULL) - age_s;
	t[0].tv_nsec = t[1].tv_nsec = 0;
	if (utimensat(AT_FDCWD, path, t, AT_SYMLINK_NOFOLLOW) == -1)
		abort();
}

/* Entries of `dir` whose names start with `prefix`. */
static unsigned
count_prefix(const char *dir, const char *prefix)
{
	const struct dirent *e;
	DIR		*d;
	unsigned	 n = 0;

	if ((d = opendir(dir)) == NULL)
		abort();
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

/*
 * Notes of state_mark_cleaned() pile up, one per name and removal; each
 * run removes those past its hold-back (its ttl and 2 s), a bounded
 * number at a time: thousands come down to the fresh ones within a few
 * runs, and nothing that is not ours is touched.  Here the ttl is a day
 * (the most a configuration may set), then 30 s (the default).
 */
static void
test_reap_cleaned(void)
{
	enum { OLD = 5000, DAY = 86400 };
	static const char *const kept[] = {
		"cleaned-fresh.example.", "cleaned-day-old.example.",
		"run-999999999-1", "notes.txt", ".cleaned-x.notapid",
		"cleaned-", "cleaned-link", "cleaned-dir"
	};
	struct state_reaped r;
	struct state_dir sd;
	char	 dir[512], name[128];
	unsigned i, run, left = OLD + 2, before, most = 0;
	uint64_t t0, ms, max_ms = 0, total_ms = 0;

	make_dir("reap", 0700);
	path_of(dir, sizeof(dir), "reap");
	for (i = 0; i < OLD; i++) {
		snprintf(name, sizeof(name), "cleaned-_acme-challenge.n%u."
		    "example.net.", i);
		aged(dir, name, 'f', 2 * DAY);
	}
	/* Leftovers of a writer and of a reaper that died: old, ours. */
	aged(dir, ".cleaned-_acme-challenge.x.example.net..4242", 'f', 2 * DAY);
	aged(dir, ".reaping-4243", 'f', 2 * DAY);
	/* Within the longest hold-back: a ttl of a day may still need it. */
	aged(dir, kept[0], 'f', 0);
	aged(dir, kept[1], 'f', DAY);
	/* Not ours, though old: other names, a link, a directory. */
	for (i = 2; i < 6; i++)
		aged(dir, kept[i], 'f', 2 * DAY);
	aged(dir, kept[6], 'l', 2 * DAY);
	aged(dir, kept[7], 'd', 2 * DAY);

	/* Runs as the hooks make them, until no old note is left. */
	for (run = 1; run <= 2000 && left > 0; run++) {
		before = left;
		t0 = os_clock_ms();
		UNIT_CHECK(open_at(&sd, "reap") == 0);
		state_reap(&sd, os_wall_ms(), DAY, NULL);
		state_close(&sd);
		ms = os_clock_ms() - t0;
		left = count_prefix(dir, "cleaned-_acme-challenge.") +
		    count_prefix(dir, ".cleaned-_acme") +
		    count_prefix(dir, ".reaping-");
		/* Each run removes some, and at most its share. */
		UNIT_CHECK(left < before && before - left <= STATE_REAP_MAX);
		if (before - left > most)
			most = before - left;
		/* A figure to read, not a race: any run far below 2 s. */
		UNIT_CHECK(ms < 2000);
		max_ms = ms > max_ms ? ms : max_ms;
		total_ms += ms;
	}
	run--;
	printf("# reap: %u old notes (and 2 leftovers) in %u runs, at most %u "
	    "a run; %llu ms a run at most, %.1f on average; %u entries "
	    "left\n", OLD, run, most, (unsigned long long)max_ms,
	    (double)total_ms / run, count_prefix(dir, ""));
	UNIT_CHECK(left == 0);
	/* The bound by count: 17 runs, unless time stopped some first. */
	UNIT_CHECK(run >= (OLD + 2 + STATE_REAP_MAX - 1) / STATE_REAP_MAX);
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		snprintf(name, sizeof(name), "reap/%s", kept[i]);
		path_of(dir, sizeof(dir), name);
		UNIT_CHECK(exists(dir));
	}
	/* ". .. " and the kept ones: nothing else. */
	path_of(dir, sizeof(dir), "reap");
	UNIT_CHECK(count_prefix(dir, "") == 2 + sizeof(kept) / sizeof(kept[0]));
	/* Once done, a run removes nothing and stops at no bound. */
	UNIT_CHECK(open_at(&sd, "reap") == 0);
	state_reap(&sd, os_wall_ms(), DAY, &r);
	UNIT_CHECK(r.removed == 0 && !r.stopped && r.seen == 2 +
	    sizeof(kept) / sizeof(kept[0]));
	/* A day and 2 s on, the day-old note goes too, the fresh one not. */
	state_reap(&sd, os_wall_ms() + 3000, DAY, &r);
	UNIT_CHECK(r.removed == 1 && !in_dir(&sd, kept[1]) &&
	    in_dir(&sd, kept[0]));
	/* With the default ttl of 30 s: a note of 40 s goes, one of 10 s
	 * (still holding a run back) stays. */
	path_of(dir, sizeof(dir), "reap");
	aged(dir, "cleaned-40s.example.", 'f', 40);
	aged(dir, "cleaned-10s.example.", 'f', 10);
	state_reap(&sd, os_wall_ms(), 30, &r);
	UNIT_CHECK(r.removed == 1 && !in_dir(&sd, "cleaned-40s.example.") &&
	    in_dir(&sd, "cleaned-10s.example.") && in_dir(&sd, kept[0]));
	state_close(&sd);
	state_reap(&sd, os_wall_ms(), 30, &r);
	UNIT_CHECK(r.seen == 0 && r.removed == 0);
}

/*
 * The child side of test_run_find(), run with CHILD_ENV set to what it
 * should see: "parent" (our parent is certbot), "grandparent" (certbot
 * is one wrapper up) or "none".  Exits 0 when it saw that.
 */
static int
child_check(const char *want)
{
	struct certbot_run run;
	char	 name[128];
	pid_t	 certbot;
	int	 found;

	found = certbot_run_find(&run) == 0;
	if (strcmp(want, "none") == 0)
		return found ? 1 : 0;
	certbot = getppid();
	if (strcmp(want, "grandparent") == 0)
		certbot = (pid_t)stat_field(certbot, 4);
	run_name_of(name, sizeof(name), certbot);
	if (!found || run.pid != certbot ||
	    run.start != stat_field(certbot, 22) ||
	    strcmp(run.name, name) != 0) {
		fprintf(stderr, "child: want %s (%s), got %s\n", want, name,
		    found ? run.name : "none");
		return 1;
	}
	return 0;
}

/*
 * Run `path` as `argv` in directory `dir` (unless NULL) with
 * CHILD_ENV=`want`; its exit status, or -1.
 */
static int
run_child(const char *want, const char *dir, const char *path,
    char *const argv[])
{
	pid_t	 pid;
	int	 status;

	fflush(NULL);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if (setenv(CHILD_ENV, want, 1) == 0 &&
		    (dir == NULL || chdir(dir) == 0))
			execv(path, argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Copy `from` to `to` with mode `mode`. */
static void
copy_file(const char *from, const char *to, mode_t mode)
{
	char	 buf[8192];
	ssize_t	 n;
	int	 in, out;

	if ((in = open(from, O_RDONLY)) == -1 ||
	    (out = open(to, O_WRONLY | O_CREAT | O_EXCL, mode)) == -1)
		abort();
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			abort();
	if (n == -1 || close(out) == -1 || chmod(to, mode) == -1)
		abort();
	close(in);
}

/*
 * /proc/PID/stat's text: comm may hold spaces and ')', so the fields
 * after the last ')' count.  A text whose last byte is that ')' holds no
 * fields: the parser must not step over its end (here, over the NUL into
 * bytes that would look like fields; `make san` also sees the overflow
 * of the exact-size copy).
 */
static void
test_parse_stat(void)
{
	static const char tail[] = "1 (x)\0 S 4242 0 0 0 0 0 0 0 0 0 0 0 0 0 "
	    "0 0 0 0 77 0";
	const char	*good = "12 (cert bot)) S 34 0 0 0 0 0 0 0 0 0 0 0 0 "
	    "0 0 0 0 0 5678 0 0";
	char		 comm[32], *copy;
	pid_t		 ppid = 0;
	unsigned long long start = 0;

	UNIT_CHECK(certbot_parse_stat(good, comm, sizeof(comm), &ppid,
	    &start) == 0 && strcmp(comm, "cert bot)") == 0 && ppid == 34 &&
	    start == 5678);
	ppid = 0;
	UNIT_CHECK(certbot_parse_stat(tail, comm, sizeof(comm), &ppid,
	    &start) == -1 && ppid == 0);
	if ((copy = strdup("1 (x)")) == NULL)
		abort();
	UNIT_CHECK(certbot_parse_stat(copy, comm, sizeof(comm), &ppid,
	    &start) == -1 && strcmp(comm, "x") == 0);
	free(copy);
	UNIT_CHECK(certbot_parse_stat("1 (x) S", comm, sizeof(comm), &ppid,
	    &start) == -1);
}

/*
 * The certbot process is found through its name, its argv[0] or its
 * script, one or more processes up; a shell alone is not certbot.
 */
static void
test_run_find(void)
{
	struct certbot_run run;
	char	 self[512], certbot[512], shell[512], python[512];
	char	 script[512], other[512], stdin_script[512], text[700];
	char	 longer[1200], script_dir[512];
	/* Not exec: the shell must stay our parent. */
	char	 run_self[] = "\"$0\"; exit $?";
	char	 run_arg[] = "\"$1\"; exit $?";
	char	 run_3[] = "\"$0\" \"$1\" \"$2\"; exit $?";
	char	 run_stdin[] = "\"$0\" < \"$1\"; exit $?";
	char	 run_wrapped[] =
	    "\"$0\" -c '\"$0\"; exit $?' \"$1\"; exit $?";
	char	 c[] = "-c", m[] = "-m";
	char	 a_certbot[] = "certbot", a_shell[] = "shell";
	char	 a_python[] = "python3", a_path[] = "/opt/bin/certbot";
	ssize_t	 n;
	size_t	 i;

	/* Here: the test's own shell and runner, none of them certbot. */
	UNIT_CHECK(certbot_run_find(&run) == -1);

	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) <= 0)
		abort();
	self[n] = '\0';
	make_dir("bin", 0755);
	path_of(certbot, sizeof(certbot), "bin/certbot");
	path_of(shell, sizeof(shell), "bin/shell");
	path_of(python, sizeof(python), "bin/python3");
	path_of(script, sizeof(script), "bin/script/certbot");
	path_of(other, sizeof(other), "bin/script/other");
	copy_file("/bin/dash", certbot, 0755);
	copy_file("/bin/dash", shell, 0755);
	copy_file("/bin/dash", python, 0755);
	make_dir("bin/script", 0755);
	path_of(script_dir, sizeof(script_dir), "bin/script");
	spew(script, run_arg);
	spew(other, run_arg);
	/* A script at a path longer than all the command line read. */
	n = snprintf(longer, sizeof(longer), "%s/bin", tmpdir);
	for (i = 0; i < 3; i++) {
		memset(longer + n, 'd', 201);
		longer[n] = '/';
		n += 201;
		longer[n] = '\0';
		if (mkdir(longer, 0755) == -1)
			abort();
	}
	snprintf(longer + n, sizeof(longer) - (size_t)n, "/certbot-not");
	spew(longer, run_arg);
	/* A script the shell reads from its stdin, so that its command
	 * line is its name alone; the child under ACME_WRAP if set. */
	if (strchr(self, '\'') != NULL)
		abort();
	path_of(stdin_script, sizeof(stdin_script), "bin/stdin-script");
	snprintf(text, sizeof(text), "${ACME_WRAP} '%s'; exit $?\n", self);
	spew(stdin_script, text);
	{
		char	*by_name[] = { a_shell, c, run_self, self, NULL };
		char	*by_argv0[] = { a_path, c, run_self, self, NULL };
		char	*by_script[] = { a_python, script, self, NULL };
		char	*by_module[] = { a_python, m, a_certbot, self, NULL };
		char	*wrapped[] = { a_certbot, c, run_wrapped, shell, self,
		    NULL };
		char	*long_arg[] = { a_certbot, c, run_3, shell, longer,
		    self, NULL };
		char	*one_arg[] = { a_certbot, c, run_stdin, shell,
		    stdin_script, NULL };
		char	*plain[] = { a_shell, c, run_self, self, NULL };
		char	*not_script[] = { a_python, other, self, NULL };

		/* comm "certbot" (a copy of dash under that name), even
		 * with another argv[0]. */
		UNIT_CHECK(run_child("parent", NULL, certbot, by_name) == 0);
		/* comm "shell", argv[0] ".../certbot". */
		UNIT_CHECK(run_child("parent", NULL, shell, by_argv0) == 0);
		/* "python3 .../certbot": certbot as the script. */
		UNIT_CHECK(run_child("parent", NULL, python, by_script) == 0);
		/* "python3 -m certbot" (dash takes -m as job control and
		 * runs ./certbot, the script, from bin/script). */
		UNIT_CHECK(run_child("parent", script_dir, python, by_module)
		    == 0);
		/* certbot -> a wrapper shell -> us: the nearest certbot. */
		UNIT_CHECK(run_child("grandparent", NULL, certbot,
		    wrapped) == 0);
		/* Through a wrapper whose first argument fills more than
		 * the part of its command line that is read. */
		UNIT_CHECK(run_child("grandparent", NULL, certbot,
		    long_arg) == 0);
		/* Through a wrapper with no argument but its name (under
		 * ACME_WRAP=valgrind, the child is checked too). */
		UNIT_CHECK(run_child("grandparent", NULL, certbot,
		    one_arg) == 0);
		/* The controls: not certbot by any of those. */
		UNIT_CHECK(run_child("none", NULL, shell, plain) == 0);
		UNIT_CHECK(run_child("none", NULL, python, not_script) == 0);
		/* And the child can fail: it reports a wrong expectation. */
		UNIT_CHECK(run_child("none", NULL, certbot, by_name) == 1);
	}
}

int
main(void)
{
	struct state_dir sd;
	const char	*tmp;
	char		 cmd[512];

	if ((tmp = getenv(CHILD_ENV)) != NULL) {
		log_init("test_notes child", LOG_QUIET);
		return child_check(tmp);
	}
	log_init("test_notes", LOG_NORMAL);
	/* tests/run.sh gives each test its own $TMPDIR. */
	tmp = getenv("TMPDIR");
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_notes.XXXXXX",
	    tmp != NULL && *tmp == '/' && strlen(tmp) < 300 ? tmp : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	make_dir("notes", 0700);
	UNIT_CHECK(open_at(&sd, "notes") == 0 && sd.fd != -1);
	if (sd.fd != -1) {
		test_round_trip(&sd);
		test_reserve(&sd);
		test_malformed(&sd);
		test_limits(&sd);
		test_reap(&sd);
		state_close(&sd);
	}
	make_dir("state", 0700);
	UNIT_CHECK(open_at(&sd, "state") == 0 && sd.fd != -1);
	if (sd.fd != -1)
		test_cleaned(&sd);
	state_close(&sd);
	test_reap_cleaned();
	test_state_open();
	test_run_find();
	test_parse_stat();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return unit_done("notes");
}
