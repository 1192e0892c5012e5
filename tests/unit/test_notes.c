/*
 * What the hooks keep on disk between calls: a certbot run's note file
 * (certbot_note_append/certbot_note_take) and when a value was last
 * removed at a name (state_mark_cleaned/state_cleaned_at).
 *
 * The note file's expected bytes are written out here by hand from the
 * format certbot.h gives ("ZONE OWNER SERIAL VALUE", names as text with
 * their trailing dot, the serial in decimal, one line each).
 */

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certbot.h"
#include "log.h"
#include "os.h"
#include "state.h"
#include "unit.h"

#define V1	"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"
#define V2	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
#define V3	"rstuvwxyz0123456789-_rstuvwxyz0123456789-_x"

static char	 tmpdir[400];

static struct certbot_note
note(const char *zone, const char *owner, uint32_t serial,
    const char *value)
{
	struct certbot_note n;

	memset(&n, 0, sizeof(n));
	n.zone = unit_name(zone);
	n.rec.owner = unit_name(owner);
	n.serial = serial;
	if (strlen(value) >= sizeof(n.rec.value))
		abort();
	strcpy(n.rec.value, value);
	return n;
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

/* Note `i` of `p` says `zone`, `owner`, `serial`, `value`. */
static int
note_is(const struct certbot_note *p, size_t i, const char *zone,
    const char *owner, uint32_t serial, const char *value)
{
	char	 z[DNAME_TEXT_MAX], o[DNAME_TEXT_MAX];
	int	 ok;

	dname_to_text(&p[i].zone, z, sizeof(z));
	dname_to_text(&p[i].rec.owner, o, sizeof(o));
	ok = strcmp(z, zone) == 0 && strcmp(o, owner) == 0 &&
	    p[i].serial == serial && strcmp(p[i].rec.value, value) == 0;
	if (!ok)
		fprintf(stderr, "  note %zu: got %s %s %lu %s\n", i, z, o,
		    (unsigned long)p[i].serial, p[i].rec.value);
	return ok;
}

/*
 * A note whose owner is 255 octets of control bytes (each written \001 in
 * text), labels of 63, 63, 63 and 61 octets, and whose zone is the owner
 * without its first label (191 octets).
 */
static void
long_escaped(struct certbot_note *p)
{
	static const uint8_t lens[] = { 63, 63, 63, 61 };
	struct dname *name;
	size_t	 i, k, at;

	memset(p, 0, sizeof(*p));
	for (k = 0; k < 2; k++) {
		name = k == 0 ? &p->rec.owner : &p->zone;
		at = 0;
		for (i = k; i < sizeof(lens); i++) {
			name->data[at++] = lens[i];
			memset(name->data + at, 1, lens[i]);
			at += lens[i];
		}
		name->data[at++] = 0;
		name->len = (uint8_t)at;
	}
	p->serial = 9;
	strcpy(p->rec.value, V1);
}

static void
test_round_trip(void)
{
	struct certbot_note in[3], *out = NULL;
	struct stat st;
	char	 path[512], text[4096];
	size_t	 n = 99;
	mode_t	 old;

	path_of(path, sizeof(path), "run-1");
	in[0] = note("example.net", "_acme-challenge.example.net",
	    2026120201, V1);
	in[1] = note("Example.ORG.", "_acme-challenge.www.Example.ORG.", 0,
	    V2);
	in[2] = note("a.example.", "_acme-challenge.a.example.", 4294967295U,
	    V3);

	/* umask 0: the mode is the code's own, not the umask's doing. */
	old = umask(0);
	UNIT_CHECK(certbot_note_append(path, in, 2) == 0);
	umask(old);
	UNIT_CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 07777) == 0600);
	UNIT_CHECK(file_is(path,
	    "example.net. _acme-challenge.example.net. 2026120201 " V1 "\n"
	    "Example.ORG. _acme-challenge.www.Example.ORG. 0 " V2 "\n"));
	/* Later calls of the run append; none at all changes nothing. */
	UNIT_CHECK(certbot_note_append(path, in + 2, 1) == 0);
	UNIT_CHECK(certbot_note_append(path, in, 0) == 0);
	UNIT_CHECK(file_is(path,
	    "example.net. _acme-challenge.example.net. 2026120201 " V1 "\n"
	    "Example.ORG. _acme-challenge.www.Example.ORG. 0 " V2 "\n"
	    "a.example. _acme-challenge.a.example. 4294967295 " V3 "\n"));

	UNIT_CHECK(certbot_note_take(path, &out, &n) == 0 && n == 3 &&
	    out != NULL);
	if (out != NULL && n == 3) {
		UNIT_CHECK(note_is(out, 0, "example.net.",
		    "_acme-challenge.example.net.", 2026120201, V1));
		UNIT_CHECK(note_is(out, 1, "Example.ORG.",
		    "_acme-challenge.www.Example.ORG.", 0, V2));
		UNIT_CHECK(note_is(out, 2, "a.example.",
		    "_acme-challenge.a.example.", 4294967295U, V3));
		UNIT_CHECK(dname_equal(&out[0].zone, &in[0].zone) &&
		    out[0].zone.len == in[0].zone.len &&
		    memcmp(out[0].rec.owner.data, in[0].rec.owner.data,
		    in[0].rec.owner.len) == 0);
	}
	free(out);
	/* Taken means gone: a second take finds none. */
	UNIT_CHECK(!exists(path));
	out = NULL;
	n = 99;
	UNIT_CHECK(certbot_note_take(path, &out, &n) == 0 && n == 0 &&
	    out == NULL);

	/* A file the hooks did not write, in the same format, reads. */
	spew(path, "example.net. _acme-challenge.example.net. 7 " V1 "\n"
	    "example.net _acme-challenge.example.net 8 " V2);
	UNIT_CHECK(certbot_note_take(path, &out, &n) == 0 && n == 2);
	if (out != NULL && n == 2) {
		UNIT_CHECK(note_is(out, 0, "example.net.",
		    "_acme-challenge.example.net.", 7, V1));
		UNIT_CHECK(note_is(out, 1, "example.net.",
		    "_acme-challenge.example.net.", 8, V2));
	}
	free(out);
	UNIT_CHECK(!exists(path));

	/* An empty file: no notes, and it is removed. */
	spew(path, "");
	n = 99;
	UNIT_CHECK(certbot_note_take(path, &out, &n) == 0 && n == 0);
	free(out);
	UNIT_CHECK(!exists(path));

	/* A name that needs escapes keeps its bytes both ways. */
	in[0] = note("example.net", "_acme-challenge.a\\032b\\.c.example.net",
	    5, V1);
	UNIT_CHECK(certbot_note_append(path, in, 1) == 0);
	UNIT_CHECK(file_is(path, "example.net. "
	    "_acme-challenge.a\\032b\\.c.example.net. 5 " V1 "\n"));
	UNIT_CHECK(certbot_note_take(path, &out, &n) == 0 && n == 1);
	if (out != NULL && n == 1)
		UNIT_CHECK(out[0].rec.owner.len == in[0].rec.owner.len &&
		    memcmp(out[0].rec.owner.data, in[0].rec.owner.data,
		    in[0].rec.owner.len) == 0);
	free(out);

	/*
	 * The longest lines the writer makes: names of 255 octets, each
	 * octet written \DDD, read back octet for octet.
	 */
	long_escaped(in);
	UNIT_CHECK(in[0].rec.owner.len == 255 && in[0].zone.len == 191);
	/* Zone 187 octets * 4 + 3 dots, owner 250 * 4 + 4, a space each,
	 * "9 ", the value, the newline: 751 + 1 + 1004 + 1 + 2 + 43 + 1. */
	UNIT_CHECK(certbot_note_append(path, in, 1) == 0);
	UNIT_CHECK(slurp(path, text, sizeof(text)) == 1803);
	UNIT_CHECK(strncmp(text, "\\001\\001", 8) == 0);
	UNIT_CHECK(certbot_note_take(path, &out, &n) == 0 && n == 1);
	if (out != NULL && n == 1)
		UNIT_CHECK(out[0].zone.len == 191 &&
		    memcmp(out[0].zone.data, in[0].zone.data, 191) == 0 &&
		    out[0].rec.owner.len == 255 &&
		    memcmp(out[0].rec.owner.data, in[0].rec.owner.data,
		    255) == 0 && out[0].serial == 9 &&
		    strcmp(out[0].rec.value, V1) == 0);
	free(out);
}

/* A note file made of `text` fails to be taken, and is left in place. */
static int
refused(const char *text)
{
	struct certbot_note *out = NULL;
	char	 path[512];
	size_t	 n = 99;
	int	 ok;

	path_of(path, sizeof(path), "bad");
	spew(path, text);
	ok = certbot_note_take(path, &out, &n) == -1 && out == NULL &&
	    n == 0 && exists(path);
	free(out);
	(void)unlink(path);
	return ok;
}

#define GOOD	"example.net. _acme-challenge.example.net. 7 " V1 "\n"

static void
test_malformed(void)
{
	/* The control: the good line alone is taken. */
	UNIT_CHECK(!refused(GOOD));
	/* Too few fields. */
	UNIT_CHECK(refused(GOOD "example.net. _acme-challenge.example.net. "
	    "7\n"));
	UNIT_CHECK(refused("example.net. 7 " V1 "\n"));
	UNIT_CHECK(refused(GOOD "\n"));
	UNIT_CHECK(refused("\n" GOOD));
	/* Bad names. */
	UNIT_CHECK(refused(GOOD "example..net. _acme-challenge.example.net. "
	    "7 " V1 "\n"));
	UNIT_CHECK(refused("example.net. _acme-challenge..example.net. 7 "
	    V1 "\n" GOOD));
	UNIT_CHECK(refused("example.net. _acme-challenge.example.net\\ 7 "
	    V1 "\n"));
	/* Bad values. */
	UNIT_CHECK(refused(GOOD "example.net. _acme-challenge.example.net. "
	    "7 " V1 "0\n"));
	UNIT_CHECK(refused("example.net. _acme-challenge.example.net. 7 "
	    "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX\n"));
	UNIT_CHECK(refused("example.net. _acme-challenge.example.net. 7 "
	    "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX=\n"));
	/* The serial not a number. */
	UNIT_CHECK(refused(GOOD "example.net. _acme-challenge.example.net. "
	    "seven " V1 "\n"));
	UNIT_CHECK(refused("example.net. _acme-challenge.example.net. x7 "
	    V1 "\n"));
	UNIT_CHECK(refused("example.net. _acme-challenge.example.net. -1 "
	    V1 "\n"));
	UNIT_CHECK(refused("example.net. _acme-challenge.example.net. "
	    "4294967296 " V1 "\n"));
	UNIT_CHECK(refused("example.net. _acme-challenge.example.net. 7x "
	    V1 "\n"));
	/* A line longer than any the writer makes. */
	{
		char	 big[3000 + sizeof(GOOD)];

		memcpy(big, GOOD, sizeof(GOOD) - 2);
		memset(big + sizeof(GOOD) - 2, ' ', 3000);
		strcpy(big + sizeof(GOOD) - 2 + 3000, "\n");
		UNIT_CHECK(refused(big));
	}
	/* A fifth field. */
	UNIT_CHECK(refused("example.net. _acme-challenge.example.net. 7 "
	    V1 " extra\n"));
}

static void
test_limits(void)
{
	struct certbot_note *in, *out = NULL;
	char	 path[512], owner[64], text[256];
	size_t	 i, n = 0;
	int	 fd;

	path_of(path, sizeof(path), "many");
	in = calloc(CERTBOT_PENDING_MAX + 1, sizeof(*in));
	if (in == NULL)
		abort();
	for (i = 0; i <= CERTBOT_PENDING_MAX; i++) {
		snprintf(owner, sizeof(owner), "_acme-challenge.h%zu.example",
		    i);
		in[i] = note("example", owner, (uint32_t)i, V1);
	}
	/* As many as a run may note: all read back, in order. */
	UNIT_CHECK(certbot_note_append(path, in, CERTBOT_PENDING_MAX) == 0);
	UNIT_CHECK(certbot_note_take(path, &out, &n) == 0 &&
	    n == CERTBOT_PENDING_MAX);
	if (out != NULL && n == CERTBOT_PENDING_MAX) {
		snprintf(text, sizeof(text), "_acme-challenge.h%d.example.",
		    CERTBOT_PENDING_MAX - 1);
		UNIT_CHECK(note_is(out, 0, "example.",
		    "_acme-challenge.h0.example.", 0, V1));
		UNIT_CHECK(note_is(out, CERTBOT_PENDING_MAX - 1, "example.",
		    text, CERTBOT_PENDING_MAX - 1, V1));
	}
	free(out);
	out = NULL;
	/* One more fails the whole file, which stays. */
	UNIT_CHECK(certbot_note_append(path, in, CERTBOT_PENDING_MAX + 1) ==
	    0);
	n = 99;
	UNIT_CHECK(certbot_note_take(path, &out, &n) == -1 && out == NULL &&
	    n == 0);
	UNIT_CHECK(exists(path));
	(void)unlink(path);
	free(in);

	/* A directory that is not there: append fails, take finds none. */
	path_of(path, sizeof(path), "missing/run");
	in = calloc(1, sizeof(*in));
	if (in == NULL)
		abort();
	in[0] = note("example.net", "_acme-challenge.example.net", 1, V1);
	UNIT_CHECK(certbot_note_append(path, in, 1) == -1);
	UNIT_CHECK(certbot_note_take(path, &out, &n) == 0 && n == 0 &&
	    out == NULL);

	/* A directory at the path: an error, not "no notes". */
	path_of(path, sizeof(path), "dir");
	UNIT_CHECK(mkdir(path, 0700) == 0);
	UNIT_CHECK(certbot_note_append(path, in, 1) == -1);
	n = 99;
	UNIT_CHECK(certbot_note_take(path, &out, &n) == -1 && out == NULL &&
	    n == 0);
	UNIT_CHECK(exists(path));
	(void)rmdir(path);

	/* Links are never followed, to a file or to nothing. */
	path_of(text, sizeof(text), "target");
	path_of(path, sizeof(path), "link");
	spew(text, GOOD);
	UNIT_CHECK(symlink(text, path) == 0);
	UNIT_CHECK(certbot_note_append(path, in, 1) == -1);
	UNIT_CHECK(file_is(text, GOOD));
	n = 99;
	UNIT_CHECK(certbot_note_take(path, &out, &n) == -1 && out == NULL &&
	    n == 0);
	UNIT_CHECK(exists(path) && file_is(text, GOOD));
	UNIT_CHECK(unlink(text) == 0);
	UNIT_CHECK(certbot_note_append(path, in, 1) == -1);
	UNIT_CHECK(!exists(text));
	UNIT_CHECK(certbot_note_take(path, &out, &n) == -1);
	(void)unlink(path);

	/* A file left with another mode keeps it; the lines are appended. */
	path_of(path, sizeof(path), "old");
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0640)) != -1)
		close(fd);
	UNIT_CHECK(certbot_note_append(path, in, 1) == 0);
	UNIT_CHECK(file_is(path, "example.net. _acme-challenge.example.net. "
	    "1 " V1 "\n"));
	(void)unlink(path);
	free(in);
}

/* ACME_HOOKS_STATE_DIR at a new directory `name` of mode `mode`. */
static void
state_at(char *dir, size_t size, const char *name, mode_t mode)
{
	path_of(dir, size, name);
	if (mkdir(dir, 0700) == -1 || chmod(dir, mode) == -1 ||
	    setenv("ACME_HOOKS_STATE_DIR", dir, 1) == -1)
		abort();
}

static void
test_state(void)
{
	struct dname owner, other, upper, odd;
	struct passwd *pw;
	struct stat st;
	char	 dir[512], path[700], sub[600];
	uint64_t before, after, when;

	owner = unit_name("_acme-challenge.example.net");
	other = unit_name("_acme-challenge.example.org");
	upper = unit_name("_ACME-Challenge.EXAMPLE.net.");
	odd = unit_name("_acme-challenge.a/b\\..example.net");
	state_at(dir, sizeof(dir), "state", 0700);

	when = 1;
	UNIT_CHECK(state_cleaned_at(&owner, &when) == 0 && when == 0);
	before = os_wall_ms();
	UNIT_CHECK(state_mark_cleaned(&owner) == 0);
	after = os_wall_ms();
	when = 0;
	UNIT_CHECK(state_cleaned_at(&owner, &when) == 0 &&
	    when >= before && when <= after && after - before < 1000);
	/* Names are the same in any case; another name knows nothing. */
	when = 0;
	UNIT_CHECK(state_cleaned_at(&upper, &when) == 0 && when >= before &&
	    when <= after);
	when = 1;
	UNIT_CHECK(state_cleaned_at(&other, &when) == 0 && when == 0);
	/* The record is one file, 0600, named after the name. */
	snprintf(path, sizeof(path), "%s/cleaned-_acme-challenge.example."
	    "net.", dir);
	UNIT_CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 077) == 0);
	/* Odd bytes make no path: the file stays in the directory. */
	UNIT_CHECK(state_mark_cleaned(&odd) == 0);
	snprintf(path, sizeof(path), "%s/cleaned-_acme-challenge.a%%b%%.."
	    "example.net.", dir);
	UNIT_CHECK(exists(path));
	UNIT_CHECK(state_cleaned_at(&odd, &when) == 0 && when >= before);
	/* A time from the future or no number: unknown. */
	snprintf(path, sizeof(path), "%s/cleaned-_acme-challenge.example."
	    "net.", dir);
	spew(path, "99999999999999\n");
	when = 1;
	UNIT_CHECK(state_cleaned_at(&owner, &when) == 0 && when == 0);
	spew(path, "soon\n");
	when = 1;
	UNIT_CHECK(state_cleaned_at(&owner, &when) == 0 && when == 0);
	spew(path, "1000\n");
	UNIT_CHECK(state_cleaned_at(&owner, &when) == 0 && when == 1000);

	/* A missing state directory is made, 0700. */
	path_of(dir, sizeof(dir), "fresh");
	if (setenv("ACME_HOOKS_STATE_DIR", dir, 1) == -1)
		abort();
	UNIT_CHECK(state_mark_cleaned(&owner) == 0);
	UNIT_CHECK(lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (st.st_mode & 07777) == 0700);

	/* Directories open to others, or a link, are refused. */
	state_at(dir, sizeof(dir), "open", 0755);
	when = 1;
	UNIT_CHECK(state_mark_cleaned(&owner) == -1);
	UNIT_CHECK(state_cleaned_at(&owner, &when) == -1 && when == 0);
	state_at(dir, sizeof(dir), "group", 0710);
	UNIT_CHECK(state_mark_cleaned(&owner) == -1);
	path_of(sub, sizeof(sub), "state");
	path_of(dir, sizeof(dir), "state-link");
	if (symlink(sub, dir) == -1 ||
	    setenv("ACME_HOOKS_STATE_DIR", dir, 1) == -1)
		abort();
	UNIT_CHECK(state_mark_cleaned(&owner) == -1);
	UNIT_CHECK(state_cleaned_at(&owner, &when) == -1 && when == 0);
	/* The marker file itself a link: not followed. */
	path_of(dir, sizeof(dir), "state");
	if (setenv("ACME_HOOKS_STATE_DIR", dir, 1) == -1)
		abort();
	snprintf(path, sizeof(path), "%s/cleaned-_acme-challenge.example."
	    "org.", dir);
	path_of(sub, sizeof(sub), "elsewhere");
	UNIT_CHECK(symlink(sub, path) == 0);
	UNIT_CHECK(state_mark_cleaned(&other) == -1 && !exists(sub));

	/* Someone else's directory, even 0700: only root can make one. */
	if (geteuid() != 0 || (pw = getpwnam("nobody")) == NULL) {
		printf("notes: not root (or no user nobody): the owner "
		    "check is not run\n");
		return;
	}
	state_at(dir, sizeof(dir), "theirs", 0700);
	UNIT_CHECK(chown(dir, pw->pw_uid, pw->pw_gid) == 0);
	when = 1;
	UNIT_CHECK(state_mark_cleaned(&owner) == -1);
	UNIT_CHECK(state_cleaned_at(&owner, &when) == -1 && when == 0);
	/* The control: the same directory back in our hands works. */
	UNIT_CHECK(chown(dir, geteuid(), getegid()) == 0);
	UNIT_CHECK(state_mark_cleaned(&owner) == 0);
}

int
main(void)
{
	const char	*tmp;
	char		 cmd[512];

	log_init("test_notes", LOG_NORMAL);
	/* tests/run.sh gives each test its own $TMPDIR. */
	tmp = getenv("TMPDIR");
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_notes.XXXXXX",
	    tmp != NULL && *tmp == '/' && strlen(tmp) < 300 ? tmp : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_round_trip();
	test_malformed();
	test_limits();
	test_state();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return unit_done("notes");
}
