/* SPDX-License-Identifier: ISC */
/*
 * c-ares (1.18 to 1.34 and on) driven by one poll(2) loop:
 * ARES_OPT_SOCK_STATE_CB tells us which sockets each channel wants
 * watched, ares_process_fd() handles them.  A channel is made per (server,
 * timeout, tries), because c-ares picks servers within a channel by itself
 * and we want to address each server.  Signed messages take the other
 * path, verbatim.c, in the same loop: c-ares would write them anew.
 */

#include "net/resolver.h"

#include <sys/select.h>	/* c-ares 1.18 wants fd_set under _POSIX_C_SOURCE */
#include <ares.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns/dump.h"
#include "sys/log.h"
#include "sys/os.h"
#include "net/verbatim.h"

#define RESOLVE_FDS_MAX		256
#define RECURSIVE_TIMEOUT_MS	2000
#define RECURSIVE_TRIES		3
#define RECURSIVE_SERVERS_MAX	8

/*
 * c-ares 1.28 parses what ares_send() is handed into a record, gives it
 * an ID of its own and marks ares_send() deprecated for
 * ares_send_dnsrec(), which takes and gives records.
 */
#if ARES_VERSION >= 0x011c00
#define RESOLVER_DNSREC	1
#else
#define RESOLVER_DNSREC	0
#endif

struct channel {
	struct resolver	*owner;
	ares_channel	 ch;
	struct dns_server server;	/* unused for the recursive channel */
	unsigned	 timeout_ms;
	unsigned	 tries;
	int		 recursive;
	struct channel	*next;
};

struct watched_fd {
	struct channel	*chan;
	ares_socket_t	 fd;
	short		 events;
};

struct resolver {
	struct channel	*channels;
	struct verbatim	*verbatim;	/* signed messages, byte for byte */
	struct watched_fd fds[RESOLVE_FDS_MAX];
	size_t		 nfds;
	unsigned	 pending;
	int		 closing;
	int		 fd_overflow;
	int		 configured;	/* recursive servers from `resolver =` */
};

struct exchange {
	struct resolver	*owner;
	struct channel	*chan;		/* NULL on the verbatim path */
	resolve_cb	 cb;
	void		*arg;
	char		 peer[64];	/* for -vv */
};

/* State of one resolver_exchange(); freed by whoever finishes last. */
struct sync_answer {
	int		 done;
	int		 orphaned;	/* the waiter gave up first */
	enum resolve_status status;
	uint8_t		*msg;
	size_t		 len;
};

void
resolver_sandbox_needs(struct resolver_needs *needs)
{
	/* Up to 1.21: every setting given, only the ID key is read. */
	static const char *const seed_only[] = { "/dev/urandom", NULL };
	/*
	 * 1.22 on read the system's resolver configuration for every channel
	 * whatever the options say (ours win), take the host name for a
	 * search domain (we search nothing), and draw random IDs from
	 * arc4random_buf() or getrandom(2), no file.
	 */
	static const char *const sysconfig[] = { "/etc/resolv.conf",
	    "/etc/nsswitch.conf", "/etc/netsvc.conf", "/etc/svc.conf", NULL };

	int	 version = 0;

	(void)ares_version(&version);
	if (version >= 0x011600) {
		needs->files = sysconfig;
		needs->uname = 1;
	} else {
		needs->files = seed_only;
		needs->uname = 0;
	}
}

const char *
resolver_strstatus(enum resolve_status status)
{
	switch (status) {
	case RESOLVE_OK:
		return "answered";
	case RESOLVE_TIMEOUT:
		return "no answer (timed out)";
	case RESOLVE_CONNREFUSED:
		return "connection refused";
	case RESOLVE_UNREACHABLE:
		return "no route to this address from this host";
	case RESOLVE_ERROR:
		return "failed";
	case RESOLVE_CANCELLED:
		return "cancelled";
	case RESOLVE_INTERRUPTED:
		return "interrupted";
	}
	return "failed";
}

/* c-ares's list of `ch`'s servers, "a:53,[b]:53", in out[cap]. */
static int
servers_of(ares_channel ch, char *out, size_t cap)
{
#if ARES_VERSION >= 0x011800
	/* 1.24 on: the list as text; the node lists are deprecated. */
	char	*csv;
	int	 w;

	if ((csv = ares_get_servers_csv(ch)) == NULL)
		return -1;
	w = snprintf(out, cap, "%s", csv);
	ares_free_string(csv);
	return w >= 0 && (size_t)w < cap ? 0 : -1;
#else
	struct ares_addr_port_node *list = NULL, *node;
	char	 host[INET6_ADDRSTRLEN];
	size_t	 used = 0;
	int	 w;

	if (ares_get_servers_ports(ch, &list) != ARES_SUCCESS)
		return -1;
	out[0] = '\0';
	for (node = list; node != NULL; node = node->next) {
		if (inet_ntop(node->family, &node->addr, host,
		    sizeof(host)) == NULL)
			break;
		w = snprintf(out + used, cap - used, node->family == AF_INET6 ?
		    "%s[%s]:%d" : "%s%s:%d", used > 0 ? "," : "", host,
		    node->udp_port != 0 ? node->udp_port : DNS_PORT);
		if (w < 0 || (size_t)w >= cap - used)
			break;
		used += (size_t)w;
	}
	ares_free_data(list);
	return node == NULL ? 0 : -1;
#endif
}

int
resolver_recursive_text(struct resolver *r, char *buf, size_t size)
{
	struct channel	*chan;
	char		 csv[RECURSIVE_SERVERS_MAX * (INET6_ADDRSTRLEN + 9) + 64];
	const char	*c;
	size_t		 n = 0;

	if (size == 0)
		return r->configured;
	buf[0] = '\0';
	for (chan = r->channels; chan != NULL; chan = chan->next)
		if (chan->recursive)
			break;
	if (chan == NULL || servers_of(chan->ch, csv, sizeof(csv)) == -1)
		return r->configured;
	/* "a,b" as "a, b": one line a reader can take apart. */
	for (c = csv; *c != '\0' && n + 3 < size; c++) {
		buf[n++] = *c;
		if (*c == ',')
			buf[n++] = ' ';
	}
	buf[n] = '\0';
	return r->configured;
}

static void
sock_state(void *data, ares_socket_t fd, int readable, int writable)
{
	struct channel	*chan = data;
	struct resolver	*r = chan->owner;
	size_t		 i;
	short		 events = 0;

	if (readable)
		events |= POLLIN;
	if (writable)
		events |= POLLOUT;
	for (i = 0; i < r->nfds; i++)
		if (r->fds[i].fd == fd)
			break;
	if (events == 0) {
		if (i < r->nfds)
			r->fds[i] = r->fds[--r->nfds];
		return;
	}
	if (i == r->nfds) {
		if (r->nfds == RESOLVE_FDS_MAX) {
			/* Not watched: its query times out rather than hang. */
			r->fd_overflow = 1;
			return;
		}
		r->nfds++;
	}
	r->fds[i].chan = chan;
	r->fds[i].fd = fd;
	r->fds[i].events = events;
}

/*
 * c-ares's server list as text, "192.0.2.1:53,[2001:db8::1]:53": the form
 * every version from 1.18 on reads (ares_set_servers_ports(), which takes
 * a list of structures, is deprecated from 1.24 on).
 */
static int
servers_csv(const struct dns_server *s, size_t n, char *out, size_t cap)
{
	const struct sockaddr_in *sin;
	const struct sockaddr_in6 *sin6;
	char	 host[INET6_ADDRSTRLEN];
	size_t	 used = 0, i;
	int	 w;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (s[i].addr.ss_family == AF_INET) {
			sin = (const struct sockaddr_in *)(const void *)
			    &s[i].addr;
			if (inet_ntop(AF_INET, &sin->sin_addr, host,
			    sizeof(host)) == NULL)
				return -1;
			w = snprintf(out + used, cap - used, "%s%s:%u",
			    i > 0 ? "," : "", host, ntohs(sin->sin_port));
		} else if (s[i].addr.ss_family == AF_INET6) {
			sin6 = (const struct sockaddr_in6 *)(const void *)
			    &s[i].addr;
			if (inet_ntop(AF_INET6, &sin6->sin6_addr, host,
			    sizeof(host)) == NULL)
				return -1;
			w = snprintf(out + used, cap - used, "%s[%s]:%u",
			    i > 0 ? "," : "", host, ntohs(sin6->sin6_port));
		} else
			return -1;
		if (w < 0 || (size_t)w >= cap - used)
			return -1;
		used += (size_t)w;
	}
	return 0;
}

/*
 * A channel to `servers`, or NULL after logging, with what went wrong in
 * *why: OUTCOME_NOMEM, or OUTCOME_CONFIG (the servers, or the system's
 * resolver configuration, refused).
 */
static struct channel *
channel_new(struct resolver *r, const struct dns_server *servers,
    size_t nservers, unsigned timeout_ms, unsigned tries, int recursive,
    enum outcome *why)
{
	static char	 lookups[] = "b";	/* DNS only, never /etc/hosts */
	struct ares_options opts;
	struct channel	*chan;
	char		 csv[RECURSIVE_SERVERS_MAX * (INET6_ADDRSTRLEN + 9)];
	int		 mask, rc;

	if (nservers > RECURSIVE_SERVERS_MAX)
		nservers = RECURSIVE_SERVERS_MAX;
	*why = OUTCOME_NOMEM;
	if ((chan = calloc(1, sizeof(*chan))) == NULL) {
		log_err("out of memory");
		return NULL;
	}
	chan->owner = r;
	chan->timeout_ms = timeout_ms;
	chan->tries = tries;
	chan->recursive = recursive;
	if (!recursive)
		chan->server = servers[0];

	memset(&opts, 0, sizeof(opts));
	/* Answers with any RCODE come back to us: an RCODE is data. */
	opts.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_NOSEARCH |
	    ARES_FLAG_NOALIASES;
	opts.timeout = (int)timeout_ms;
	opts.tries = (int)tries;
	opts.sock_state_cb = sock_state;
	opts.sock_state_cb_data = chan;
	/*
	 * Set what c-ares would otherwise take from resolv.conf, nsswitch.conf
	 * and gethostname(): c-ares 1.18 then reads no file but /dev/urandom
	 * (its ID key); 1.22 on read the files all the same, and these values
	 * win (resolver_sandbox_needs()).  Only the recursive channel without
	 * a `resolver` option takes resolv.conf's servers.
	 */
	opts.lookups = lookups;
	opts.domains = NULL;
	opts.ndomains = 0;
	opts.sortlist = NULL;
	opts.nsort = 0;
	opts.ndots = 1;
	mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
	    ARES_OPT_SOCK_STATE_CB | ARES_OPT_LOOKUPS | ARES_OPT_DOMAINS |
	    ARES_OPT_SORTLIST | ARES_OPT_NDOTS;
#ifdef ARES_OPT_QUERY_CACHE
	/*
	 * c-ares 1.23 on keep answers for up to an hour by default: a poll
	 * would then see the server's old answer again and again.
	 */
	opts.qcache_max_ttl = 0;
	mask |= ARES_OPT_QUERY_CACHE;
#endif
	if (nservers > 0) {
		/* Keep c-ares from reading resolv.conf for a fixed server. */
		opts.nservers = 0;
		mask |= ARES_OPT_SERVERS;
	}
	rc = ares_init_options(&chan->ch, &opts, mask);
	if (rc != ARES_SUCCESS) {
		log_err("cannot start the DNS resolver library: %s",
		    ares_strerror(rc));
		if (rc != ARES_ENOMEM)
			*why = OUTCOME_CONFIG;
		free(chan);
		return NULL;
	}
	if (nservers > 0) {
		if (servers_csv(servers, nservers, csv, sizeof(csv)) == -1) {
			log_err("cannot set DNS servers: not an IP address");
			*why = OUTCOME_CONFIG;
			goto fail;
		}
		rc = ares_set_servers_ports_csv(chan->ch, csv);
		if (rc != ARES_SUCCESS) {
			log_err("cannot set DNS servers: %s", ares_strerror(rc));
			if (rc != ARES_ENOMEM)
				*why = OUTCOME_CONFIG;
			goto fail;
		}
	}
	chan->next = r->channels;
	r->channels = chan;
	*why = OUTCOME_OK;
	return chan;
fail:
	ares_destroy(chan->ch);
	free(chan);
	return NULL;
}

enum outcome
resolver_new(struct resolver **out, const struct host_port *recursive,
    size_t n)
{
	static int	 library_ready;
	struct dns_server servers[RECURSIVE_SERVERS_MAX];
	struct resolver	*r;
	enum outcome	 why;
	size_t		 i;
	int		 rc;

	*out = NULL;
	if (!library_ready) {
		if ((rc = ares_library_init(ARES_LIB_INIT_ALL)) !=
		    ARES_SUCCESS) {
			log_err("cannot start c-ares: %s", ares_strerror(rc));
			return rc == ARES_ENOMEM ? OUTCOME_NOMEM :
			    OUTCOME_CONFIG;
		}
		library_ready = 1;
	}
	if (n > RECURSIVE_SERVERS_MAX) {
		log_err("more than %d resolvers given; keep at most %d",
		    RECURSIVE_SERVERS_MAX, RECURSIVE_SERVERS_MAX);
		return OUTCOME_CONFIG;
	}
	for (i = 0; i < n; i++) {
		if (!recursive[i].is_literal) {
			log_err("resolver %s is not an IP address",
			    recursive[i].host);
			return OUTCOME_CONFIG;
		}
		servers[i] = recursive[i].addr;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		log_err("out of memory");
		return OUTCOME_NOMEM;
	}
	if ((r->verbatim = verbatim_new()) == NULL) {
		log_err("out of memory");
		free(r);
		return OUTCOME_NOMEM;
	}
	r->configured = n > 0;
	/* The recursive channel is always the last in the list. */
	if (channel_new(r, servers, n, RECURSIVE_TIMEOUT_MS, RECURSIVE_TRIES,
	    1, &why) == NULL) {
		verbatim_free(r->verbatim);
		free(r);
		return why;
	}
	*out = r;
	return OUTCOME_OK;
}

void
resolver_free(struct resolver *r)
{
	struct channel *chan, *next;

	if (r == NULL)
		return;
	r->closing = 1;
	for (chan = r->channels; chan != NULL; chan = next) {
		next = chan->next;
		ares_destroy(chan->ch);
		free(chan);
	}
	verbatim_free(r->verbatim);
	free(r);
}

static struct channel *
find_channel(struct resolver *r, const struct dns_server *to,
    unsigned timeout_ms, unsigned tries)
{
	struct channel *chan;
	enum outcome	 why;

	for (chan = r->channels; chan != NULL; chan = chan->next) {
		if (to == NULL && chan->recursive)
			return chan;
		if (to != NULL && !chan->recursive &&
		    chan->timeout_ms == timeout_ms && chan->tries == tries &&
		    address_equal(&chan->server, to))
			return chan;
	}
	if (to == NULL)
		return NULL;
	return channel_new(r, to, 1, timeout_ms, tries, 0, &why);
}

static enum resolve_status
map_status(int status)
{
	switch (status) {
	case ARES_SUCCESS:
		return RESOLVE_OK;
	case ARES_ETIMEOUT:
		return RESOLVE_TIMEOUT;
	case ARES_ECONNREFUSED:
		return RESOLVE_CONNREFUSED;
	case ARES_EDESTRUCTION:
	case ARES_ECANCELLED:
		return RESOLVE_CANCELLED;
	default:
		return RESOLVE_ERROR;
	}
}

/*
 * c-ares 1.18 reports a connect() that fails at once as ARES_ECONNREFUSED
 * whatever the errno; connecting a UDP socket of our own tells the cases
 * apart without sending a packet.
 */
int
resolver_no_route(const struct dns_server *s)
{
	int	 fd, rc, err;

	fd = socket(s->addr.ss_family, SOCK_DGRAM, 0);
	if (fd == -1)
		return errno == EAFNOSUPPORT;
	rc = connect(fd, (const struct sockaddr *)(const void *)&s->addr,
	    s->addrlen);
	err = errno;
	close(fd);
	return rc == -1 && (err == ENETUNREACH || err == EHOSTUNREACH ||
	    err == EADDRNOTAVAIL || err == EAFNOSUPPORT);
}

/* Hand an exchange's end to its caller, once, and free it. */
static void
exchange_finish(struct exchange *x, enum resolve_status st,
    const uint8_t *msg, size_t len)
{
	struct resolver	*r = x->owner;

	if (r->pending > 0)
		r->pending--;
	if (st == RESOLVE_OK && (msg == NULL || len < DNS_HEADER_LEN))
		st = RESOLVE_ERROR;
	/* Freed first: the caller still frees what it holds for the
	 * exchange (a poll's query, its reference to the wait). */
	if (r->closing)
		st = RESOLVE_CANCELLED;
	if (st == RESOLVE_OK)
		dump_message(0, x->peer, msg, len);
	x->cb(x->arg, st, st == RESOLVE_OK ? msg : NULL,
	    st == RESOLVE_OK ? len : 0);
	free(x);
}

static enum resolve_status
cares_status(struct exchange *x, int status)
{
	enum resolve_status st = map_status(status);

	if (st == RESOLVE_CONNREFUSED && !x->chan->recursive &&
	    !x->owner->closing && resolver_no_route(&x->chan->server))
		st = RESOLVE_UNREACHABLE;
	return st;
}

#if RESOLVER_DNSREC
/* The answer comes as a record: our parsers want the wire form. */
static void
exchange_done(void *arg, ares_status_t status, size_t timeouts,
    const ares_dns_record_t *answer)
{
	struct exchange	*x = arg;
	unsigned char	*buf = NULL;
	size_t		 len = 0;
	enum resolve_status st;

	(void)timeouts;
	st = cares_status(x, (int)status);
	if (st == RESOLVE_OK && (answer == NULL ||
	    ares_dns_write(answer, &buf, &len) != ARES_SUCCESS))
		st = RESOLVE_ERROR;
	exchange_finish(x, st, buf, len);
	ares_free_string(buf);
}
#else
static void
exchange_done(void *arg, int status, int timeouts, unsigned char *abuf,
    int alen)
{
	struct exchange	*x = arg;

	(void)timeouts;
	exchange_finish(x, cares_status(x, status), abuf,
	    alen > 0 ? (size_t)alen : 0);
}
#endif

static void
verbatim_done(void *arg, int err, const uint8_t *msg, size_t len)
{
	enum resolve_status st;

	switch (err) {
	case 0:
		st = RESOLVE_OK;
		break;
	case ETIMEDOUT:
		st = RESOLVE_TIMEOUT;
		break;
	case ECONNREFUSED:
		st = RESOLVE_CONNREFUSED;
		break;
	case ENETUNREACH:
	case EHOSTUNREACH:
	case EADDRNOTAVAIL:
	case EAFNOSUPPORT:
		st = RESOLVE_UNREACHABLE;
		break;
	case ECANCELED:
		st = RESOLVE_CANCELLED;
		break;
	default:
		st = RESOLVE_ERROR;
		break;
	}
	exchange_finish(arg, st, msg, len);
}

static struct exchange *
exchange_new(struct resolver *r, struct channel *chan,
    const struct dns_server *to, const uint8_t *msg, size_t len,
    resolve_cb cb, void *arg)
{
	struct exchange	*x;

	if ((x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	x->owner = r;
	x->chan = chan;
	x->cb = cb;
	x->arg = arg;
	snprintf(x->peer, sizeof(x->peer), "%s", to != NULL ? to->text :
	    "the resolver");
	dump_message(1, x->peer, msg, len);
	return x;
}

int
resolver_send(struct resolver *r, const struct dns_server *to,
    const uint8_t *msg, size_t len, unsigned timeout_ms, unsigned tries,
    resolve_cb cb, void *arg)
{
	struct channel	*chan;
	struct exchange	*x;
#if RESOLVER_DNSREC
	ares_dns_record_t *query = NULL;
	unsigned short	 qid = 0;
#endif

	if (len < DNS_HEADER_LEN || len > DNS_MSG_MAX)
		return -1;
	if ((chan = find_channel(r, to, timeout_ms, tries)) == NULL)
		return -1;
#if RESOLVER_DNSREC
	if (ares_dns_parse(msg, len, 0, &query) != ARES_SUCCESS)
		return -1;
#endif
	if ((x = exchange_new(r, chan, to, msg, len, cb, arg)) == NULL) {
#if RESOLVER_DNSREC
		ares_dns_record_destroy(query);
#endif
		return -1;
	}
	/*
	 * c-ares calls back inside the send when it fails at once (no
	 * route, out of sockets): count the exchange before.
	 */
	r->pending++;
#if RESOLVER_DNSREC
	/* On failure it has called back already (and x is gone). */
	if (ares_send_dnsrec(chan->ch, query, exchange_done, x, &qid) ==
	    ARES_SUCCESS && qid != (msg[0] << 8 | msg[1]))
		log_debug("(c-ares sends that query with ID %u)", qid);
	ares_dns_record_destroy(query);
#else
	ares_send(chan->ch, msg, (int)len, exchange_done, x);
#endif
	return 0;
}

int
resolver_send_signed(struct resolver *r, const struct dns_server *to,
    const uint8_t *msg, size_t len, unsigned timeout_ms, unsigned tries,
    resolve_cb cb, void *arg)
{
	struct exchange	*x;

	if (to == NULL || len < DNS_HEADER_LEN || len > DNS_MSG_MAX)
		return -1;
	if ((x = exchange_new(r, NULL, to, msg, len, cb, arg)) == NULL)
		return -1;
	r->pending++;
	if (verbatim_send(r->verbatim, to, msg, len, timeout_ms, tries,
	    verbatim_done, x) == -1) {
		r->pending--;
		free(x);
		return -1;
	}
	return 0;
}

unsigned
resolver_pending(const struct resolver *r)
{
	return r->pending;
}

/* The earliest c-ares timeout over all channels, capped at `cap_ms`. */
static int
next_timeout(struct resolver *r, int cap_ms)
{
	struct channel	*chan;
	struct timeval	 max, tv, *t;
	long		 ms;
	int		 best = cap_ms;

	max.tv_sec = cap_ms / 1000;
	max.tv_usec = (cap_ms % 1000) * 1000;
	for (chan = r->channels; chan != NULL; chan = chan->next) {
		t = ares_timeout(chan->ch, &max, &tv);
		if (t == NULL)
			continue;
		ms = t->tv_sec * 1000 + (t->tv_usec + 999) / 1000;
		if (ms < best)
			best = (int)ms;
	}
	return best;
}

int
resolver_run(struct resolver *r, uint64_t until_ms)
{
	struct pollfd	 pfd[RESOLVE_FDS_MAX];
	struct channel	*chan;
	ares_socket_t	 rfd, wfd;
	uint64_t	 now;
	size_t		 n, nv, i, j;
	int		 wait_ms, rc;

	while (r->pending > 0) {
		now = os_clock_ms();
		if (now >= until_ms)
			break;
		wait_ms = until_ms - now > 60000 ? 60000 :
		    (int)(until_ms - now);
		wait_ms = next_timeout(r, wait_ms);
		wait_ms = verbatim_timeout(r->verbatim, now, wait_ms);
		n = r->nfds;
		for (i = 0; i < n; i++) {
			pfd[i].fd = r->fds[i].fd;
			pfd[i].events = r->fds[i].events;
			pfd[i].revents = 0;
		}
		nv = verbatim_pollfds(r->verbatim, pfd + n,
		    RESOLVE_FDS_MAX - n);
		rc = poll(pfd, n + nv, wait_ms);
		if (rc == -1) {
			if (errno == EINTR && !os_interrupted())
				continue;
			if (errno == EINTR)
				return -1;
			log_err("poll: %s", strerror(errno));
			return -1;
		}
		for (i = 0; i < n && rc > 0; i++) {
			if (pfd[i].revents == 0)
				continue;
			/* Callbacks may have closed sockets: look it up. */
			for (j = 0; j < r->nfds; j++)
				if (r->fds[j].fd == pfd[i].fd)
					break;
			if (j == r->nfds)
				continue;
			rfd = pfd[i].revents & (POLLIN | POLLERR | POLLHUP) ?
			    pfd[i].fd : ARES_SOCKET_BAD;
			wfd = pfd[i].revents & (POLLOUT | POLLERR) ?
			    pfd[i].fd : ARES_SOCKET_BAD;
			ares_process_fd(r->fds[j].chan->ch, rfd, wfd);
		}
		verbatim_process(r->verbatim, pfd + n, nv, os_clock_ms());
		/* Let every channel retry or expire what timed out. */
		for (chan = r->channels; chan != NULL; chan = chan->next)
			ares_process_fd(chan->ch, ARES_SOCKET_BAD,
			    ARES_SOCKET_BAD);
	}
	return (int)r->pending;
}

static void
sync_done(void *arg, enum resolve_status status, const uint8_t *msg,
    size_t len)
{
	struct sync_answer *a = arg;

	if (a->orphaned) {
		free(a);
		return;
	}
	a->done = 1;
	a->status = status;
	if (status != RESOLVE_OK)
		return;
	if ((a->msg = malloc(len)) == NULL) {
		a->status = RESOLVE_ERROR;
		return;
	}
	memcpy(a->msg, msg, len);
	a->len = len;
}

static enum resolve_status
exchange_wait(struct resolver *r, const struct dns_server *to,
    const uint8_t *msg, size_t len, unsigned timeout_ms, unsigned tries,
    int is_signed, uint8_t **answer, size_t *answer_len)
{
	struct sync_answer *a;
	enum resolve_status status;
	uint64_t	 until;

	*answer = NULL;
	*answer_len = 0;
	if (to == NULL) {
		/* The recursive channel has its own timeout and tries. */
		timeout_ms = RECURSIVE_TIMEOUT_MS;
		tries = RECURSIVE_TRIES;
	}
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return RESOLVE_ERROR;
	if ((is_signed ? resolver_send_signed : resolver_send)(r, to, msg, len,
	    timeout_ms, tries, sync_done, a) == -1) {
		free(a);
		return RESOLVE_ERROR;
	}
	/* c-ares bounds the tries (timeout doubling each); a backstop: */
	until = os_clock_ms() + (uint64_t)timeout_ms * ((1u << tries) - 1) +
	    1000;
	while (!a->done && os_clock_ms() < until)
		if (resolver_run(r, until) == -1)
			break;
	if (!a->done) {
		/* Still queued in c-ares: let the callback free it. */
		a->orphaned = 1;
		return os_interrupted() ? RESOLVE_INTERRUPTED : RESOLVE_TIMEOUT;
	}
	status = a->status;
	if (status == RESOLVE_OK) {
		*answer = a->msg;
		*answer_len = a->len;
	}
	free(a);
	return status;
}

enum resolve_status
resolver_exchange(struct resolver *r, const struct dns_server *to,
    const uint8_t *msg, size_t len, unsigned timeout_ms, unsigned tries,
    uint8_t **answer, size_t *answer_len)
{
	return exchange_wait(r, to, msg, len, timeout_ms, tries, 0, answer,
	    answer_len);
}

enum resolve_status
resolver_exchange_signed(struct resolver *r, const struct dns_server *to,
    const uint8_t *msg, size_t len, unsigned timeout_ms, unsigned tries,
    uint8_t **answer, size_t *answer_len)
{
	return exchange_wait(r, to, msg, len, timeout_ms, tries, 1, answer,
	    answer_len);
}
