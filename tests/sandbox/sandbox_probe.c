/* SPDX-License-Identifier: ISC */
/*
 * A test-only program (never installed): sets up as the hooks do (the
 * configuration, the state directory, plan_init(): the resolver and
 * sandbox_enter()), then tries what an exploit would and what the hooks
 * still must do, one line each on stdout:
 *
 *   refused: WHAT (ERROR)   a forbidden action failed with EACCES/EPERM
 *   ALLOWED: WHAT           a forbidden action went through
 *   failed: WHAT (ERROR)    a forbidden action failed for another reason
 *   works: WHAT             a needed action went through
 *   BROKEN: WHAT (ERROR)    a needed action failed
 *
 * after the sandbox_report() lines.  tests/integration/t_sandbox.sh reads
 * them.  usage: sandbox_probe CONFIG OUTSIDE_FILE SERVER
 * (OUTSIDE_FILE: a path outside the state directory to try to create;
 * SERVER: an IPv4 address with TCP and UDP port 53 open).
 */

#define _GNU_SOURCE	/* fork() and friends under -std=c11 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "net/address.h"
#include "conf/config.h"
#include "sys/log.h"
#include "sys/os.h"
#include "flow/plan.h"
#include "dns/query.h"
#include "net/resolver.h"
#include "flow/sandbox.h"
#include "flow/signer.h"
#include "flow/state.h"
#include "dns/tsig.h"
#include "dns/wire.h"

/* A forbidden action: rc -1 with errno set, or >= 0 when it went through. */
static void
forbidden(const char *what, int rc, int err)
{
	if (rc >= 0)
		printf("ALLOWED: %s\n", what);
	else if (err == EACCES || err == EPERM)
		printf("refused: %s (%s)\n", what, strerror(err));
	else
		printf("failed: %s (%s)\n", what, strerror(err));
}

static void
needed(const char *what, int ok, const char *why)
{
	if (ok)
		printf("works: %s\n", what);
	else
		printf("BROKEN: %s (%s)\n", what, why);
}

/* TCP connect to addr:port; returns 0, or -1 with errno. */
static int
tcp_connect(const char *addr, uint16_t port)
{
	struct sockaddr_in sin;
	int		 fd, rc, err;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	rc = connect(fd, (struct sockaddr *)(void *)&sin, sizeof(sin));
	err = errno;
	close(fd);
	errno = err;
	return rc;
}

/* An SOA query for `zone`, to `to` (NULL: the recursive resolvers). */
static int
soa_query(struct resolver *r, const struct dns_server *to, const char *zone)
{
	struct dname	 name;
	struct wire	 w;
	uint8_t		 query[512], *answer = NULL;
	size_t		 len = 0;
	enum resolve_status st;

	if (dname_from_text(&name, zone) == -1)
		return -1;
	wire_writer(&w, query, sizeof(query));
	query_build(&w, os_random_id(), &name, DNS_TYPE_SOA,
	    to == NULL);
	st = resolver_exchange(r, to, query, w.pos, 1000, 3, &answer, &len);
	free(answer);
	return st == RESOLVE_OK && len > 12 ? 0 : -1;
}

/* The actions an exploit would try. */
static void
try_forbidden(const char *outside)
{
	pid_t	 pid;
	int	 fd, rc, err;
	void	*p;

	fd = open("/etc/shadow", O_RDONLY | O_CLOEXEC);
	err = errno;
	forbidden("read /etc/shadow", fd, err);
	if (fd >= 0)
		close(fd);
	fd = open(outside, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	err = errno;
	forbidden("create a file outside the state directory", fd, err);
	if (fd >= 0)
		close(fd);
	pid = fork();
	err = errno;
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		(void)waitpid(pid, NULL, 0);
	forbidden("fork", pid, err);
	rc = tcp_connect("127.0.0.1", 22);
	err = errno;
	forbidden("TCP connect to 127.0.0.1:22", rc, err);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	err = errno;
	forbidden("open a Unix socket", fd, err);
	if (fd >= 0)
		close(fd);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	err = errno;
	forbidden("map executable memory", p == MAP_FAILED ? -1 : 0, err);
	if (p != MAP_FAILED)
		munmap(p, 4096);
}

/* What the hooks still do after the lock. */
static void
try_needed(const struct config *cfg, const struct state_dir *sd,
    struct plan *p, const char *server)
{
	struct resolver	*r = p->r;
	struct host_port to;
	struct tsig_mac	 mac;
	struct txt_record rec;
	struct dname	 owner;
	const char	*why = "not an address";
	uint8_t		 msg[512] = { 0x12, 0x34 };
	uint64_t	 when = 0;
	size_t		 len = 12;

	(void)dname_from_text(&owner, "_acme-challenge.probe.example");
	needed("note a cleanup in the state directory (write, rename)",
	    sd->fd >= 0 && state_mark_cleaned(sd, &owner) == 0,
	    "state_mark_cleaned failed");
	needed("read it back", state_cleaned_at(sd, &owner, &when) == 0 &&
	    when > 0, "state_cleaned_at failed");
	needed("TCP connect to port 53", tcp_connect(server, 53) == 0,
	    strerror(errno));
	needed("a query through the resolver", soa_query(r, NULL,
	    "example.org") == 0, "no answer");
	if (address_parse(server, DNS_PORT, &to, &why) == 0 && to.is_literal)
		needed("a query to a server on a new channel",
		    soa_query(r, &to.addr, "example.org") == 0, "no answer");
	else
		needed("a server address", 0, why);
	/* The signer signs; this process has no secret left. */
	memset(&rec, 0, sizeof(rec));
	snprintf(rec.value, sizeof(rec.value), "sandbox-probe");
	rec.owner = cfg->nzones > 0 ? cfg->zones[0].name : owner;
	needed("a TSIG signature by the signer", cfg->nzones > 0 &&
	    dname_prepend(&rec.owner, "_acme-challenge") == 0 &&
	    signer_sign(p->signer, 0x1234, &cfg->zones[0].name, UPDATE_ADD,
	    cfg->ttl, &rec, 1, msg, sizeof(msg), &len) == 0,
	    "signer_sign failed");
	len = 12;
	needed("no secret here (tsig_sign fails)", cfg->nkeys > 0 &&
	    tsig_sign(cfg->keys[0].key, msg, &len, sizeof(msg),
	    (uint64_t)time(NULL), &mac) == -1, "tsig_sign worked");
}

int
main(int argc, char **argv)
{
	struct config	*cfg;
	struct plan	 p;
	struct state_dir sd = { -1, "" };
	struct signer_plan sp;
	struct challenge value;
	int		 rc = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: sandbox_probe CONFIG OUTSIDE_FILE "
		    "SERVER\n");
		return 2;
	}
	log_init("sandbox_probe", LOG_VERBOSE);
	if ((cfg = config_load(argv[1])) == NULL)
		return 2;
	/* The hooks' own set-up, lock included. */
	(void)state_open(&sd);
	memset(&value, 0, sizeof(value));
	snprintf(value.value, sizeof(value.value), "sandbox-probe");
	sp.values = &value;
	sp.nvalues = 1;
	sp.ops = SIGNER_OP_ADD;
	if (plan_init(&p, cfg, 1, cfg->timeout, &sd, &sp) != OUTCOME_OK)
		rc = 2;
	else {
		sandbox_report(stdout);
		try_forbidden(argv[2]);
		try_needed(cfg, &sd, &p, argv[3]);
	}
	plan_free(&p);
	state_close(&sd);
	config_free(cfg);
	return rc;
}
