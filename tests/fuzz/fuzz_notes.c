/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: what reads the files of the state directory, which
 * other processes (other certbot runs, other users' mistakes, a full
 * disk) may have left in any state: a certbot run's note file
 * (certbot_note_take(), certbot.c) and the note of when a name was last
 * cleaned (state_cleaned_at(), state.c).
 *
 * The first byte's bit 0 picks the file: 0 the note file run-1-1, 1 the
 * note cleaned-_acme-challenge.acmesh.example.net.; the rest is its
 * content.
 *
 * Invariants: notes come back only whole (names valid, value a TXT value
 * the hooks could have sent, a serial only when confirmed), and the file
 * goes only when read whole; written out again in the note format
 * (certbot.h) they read back the same; a cleaning time is never in the
 * future; what is logged is whole printable lines.
 */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flow/certbot.h"
#include "fuzz.h"
#include "sys/log.h"
#include "sys/os.h"
#include "flow/state.h"

#define PROG		"fuzz_notes"
#define RUN		"run-1-1"
#define OWNER		"_acme-challenge.acmesh.example.net"
#define CLEANED		"cleaned-" OWNER "."

static struct state_dir	 fuzz_sd;
static struct dname	 fuzz_owner;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_init(PROG, LOG_DEBUG);
	FUZZ_CHECK(fuzz_log_capture() == 0);
	fuzz_scratch_dir(PROG, fuzz_sd.path, sizeof(fuzz_sd.path));
	fuzz_sd.fd = open(fuzz_sd.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	FUZZ_CHECK(fuzz_sd.fd != -1);
	FUZZ_CHECK(dname_from_text(&fuzz_owner, OWNER) == 0);
	return 0;
}

/* The state directory's file `name` holds `size` bytes of `data`. */
static void
put(const char *name, const uint8_t *data, size_t size)
{
	char	 path[STATE_PATH_MAX + 64];
	int	 n;

	n = snprintf(path, sizeof(path), "%s/%s", fuzz_sd.path, name);
	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(path));
	FUZZ_CHECK(fuzz_write_file(path, 0600, data, size) == 0);
}

static int
exists(const char *name)
{
	return faccessat(fuzz_sd.fd, name, F_OK, 0) == 0;
}

static void
check_name(const struct dname *n)
{
	FUZZ_CHECK(n->len >= 1 && n->len <= DNAME_MAX &&
	    n->data[n->len - 1] == 0);
}

/* The notes in the format certbot.h gives, read back. */
static void
check_round_trip(const struct certbot_note *p, size_t n)
{
	static char	 buf[CERTBOT_PENDING_MAX * (2 * DNAME_TEXT_MAX + 300)];
	struct certbot_note *q;
	char		 zone[DNAME_TEXT_MAX], owner[DNAME_TEXT_MAX];
	char		 serial[16];
	size_t		 at = 0, i, m;
	int		 k;

	for (i = 0; i < n; i++) {
		dname_to_text(&p[i].zone, zone, sizeof(zone));
		dname_to_text(&p[i].rec.owner, owner, sizeof(owner));
		if (p[i].confirmed)
			snprintf(serial, sizeof(serial), "%010lu",
			    (unsigned long)p[i].serial);
		else
			snprintf(serial, sizeof(serial), "----------");
		k = snprintf(buf + at, sizeof(buf) - at, "%s %s %s %s\n", zone,
		    owner, serial, p[i].rec.value);
		FUZZ_CHECK(k > 0 && (size_t)k < sizeof(buf) - at);
		at += (size_t)k;
	}
	put(RUN, (const uint8_t *)buf, at);
	FUZZ_CHECK(certbot_note_take(&fuzz_sd, RUN, &q, &m) == 0 && m == n);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(dname_equal(&q[i].zone, &p[i].zone));
		FUZZ_CHECK(dname_equal(&q[i].rec.owner, &p[i].rec.owner));
		FUZZ_CHECK(strcmp(q[i].rec.value, p[i].rec.value) == 0);
		FUZZ_CHECK(q[i].confirmed == p[i].confirmed &&
		    q[i].serial == p[i].serial);
	}
	free(q);
}

static void
take_notes(void)
{
	struct certbot_note *p;
	size_t		 n, i;

	if (certbot_note_take(&fuzz_sd, RUN, &p, &n) == -1) {
		FUZZ_CHECK(p == NULL && n == 0);
		FUZZ_CHECK(exists(RUN));	/* left for the user */
		(void)unlinkat(fuzz_sd.fd, RUN, 0);
		return;
	}
	FUZZ_CHECK(!exists(RUN));
	FUZZ_CHECK(n <= CERTBOT_PENDING_MAX && (n == 0 || p != NULL));
	for (i = 0; i < n; i++) {
		check_name(&p[i].zone);
		check_name(&p[i].rec.owner);
		FUZZ_CHECK(memchr(p[i].rec.value, '\0',
		    sizeof(p[i].rec.value)) != NULL);
		FUZZ_CHECK(dns_txt_value_ok(p[i].rec.value));
		FUZZ_CHECK(p[i].confirmed || p[i].serial == 0);
	}
	check_round_trip(p, n);
	free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t	 when;
	size_t		 len;
	int		 rc;

	if (size < 1)
		return 0;
	put((data[0] & 1) ? CLEANED : RUN, data + 1, size - 1);
	fuzz_log_reset();
	if ((data[0] & 1) == 0)
		take_notes();
	else {
		rc = state_cleaned_at(&fuzz_sd, &fuzz_owner, &when);
		FUZZ_CHECK(rc == 0 || rc == -1);
		FUZZ_CHECK(when <= os_wall_ms());
		FUZZ_CHECK(rc == 0 || when == 0);
	}
	(void)fuzz_log_check(PROG, &len);
	return 0;
}
