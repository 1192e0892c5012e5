/* SPDX-License-Identifier: ISC */
/*
 * Landlock through its system calls (the kernel's ABI, no library), rlimits
 * and a seccomp allow-list through libseccomp: Debian's libseccomp maps
 * each system call name to its number on every architecture (and handles
 * i386's socketcall and x32), which a hand-written BPF program would have
 * to redo per architecture.
 */

#define _GNU_SOURCE	/* syscall(2), O_PATH */

#include "flow/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <seccomp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "conf/config.h"
#include "sys/log.h"
#include "net/resolver.h"
#include "flow/state.h"
#include "dns/tsig.h"

/*
 * Under valgrind the guest's filters would apply to valgrind itself (its
 * translated code lives in PROT_EXEC mappings; valgrind 3.19 does not know
 * the Landlock calls): RUNNING_ON_VALGRIND is true only there, so no
 * environment or argument can switch the sandbox off.
 */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define SANDBOX_VALGRIND()	(RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef SANDBOX_VALGRIND
#define SANDBOX_VALGRIND()	0
#endif

/*
 * A sanitizer build (make san) still sandboxes, with what its runtime
 * needs at exit added: LeakSanitizer reads /proc/self/maps and stops the
 * process with a ptrace()ing clone; ASan's shadow memory is terabytes of
 * address space, so there is no address-space cap.  Decided when
 * compiling: a shipped build has none of it.
 */
#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_SANITIZER	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_SANITIZER	1
#endif
#endif
#ifndef SANDBOX_SANITIZER
#define SANDBOX_SANITIZER	0
#endif

/* linux-libc-dev 6.1 stops at Landlock ABI 3. */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER	(1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE	(1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV	(1ULL << 15)
#endif
#define SB_RULE_PATH_BENEATH	1	/* LANDLOCK_RULE_PATH_BENEATH */
#define SB_RULE_NET_PORT	2	/* LANDLOCK_RULE_NET_PORT, ABI 4 */
#define SB_NET_BIND_TCP		(1ULL << 0)
#define SB_NET_CONNECT_TCP	(1ULL << 1)
#define SB_SCOPE_ABSTRACT_UNIX	(1ULL << 0)	/* ABI 6 */
#define SB_SCOPE_SIGNAL		(1ULL << 1)
#define SB_SECCOMP_MODE_FILTER	2	/* SECCOMP_MODE_FILTER */

/* The ruleset attribute as of ABI 6; its size tells the kernel the ABI. */
struct sb_ruleset_attr {
	uint64_t	 handled_access_fs;
	uint64_t	 handled_access_net;	/* ABI 4 */
	uint64_t	 scoped;		/* ABI 6 */
};

struct sb_path_beneath_attr {
	uint64_t	 allowed_access;
	int32_t		 parent_fd;
} __attribute__((packed));

struct sb_net_port_attr {
	uint64_t	 allowed_access;
	uint64_t	 port;
};

/* What is in force, for -v and --check. */
static struct {
	int		 tried;		/* sandbox_lock() or `sandbox = no` */
	int		 disabled;	/* `sandbox = no` */
	int		 nnp;
	int		 landlock_abi;	/* 0: none */
	const char	*landlock_why;	/* why not, or NULL */
	int		 landlock_fs;
	int		 landlock_net;
	int		 landlock_scoped;
	int		 seccomp;
	const char	*seccomp_why;
	unsigned	 seccomp_rules;
	int		 nproc;
	size_t		 memory_max;	/* 0: no cap */
	const char	*memory_why;
	char		 state_dir[512];
	char		 ports[SANDBOX_PORTS_MAX * 6 + 1];
	struct resolver_needs dns;	/* what c-ares does after the lock */
	char		 dns_files[256];	/* those of them that exist */
} sb;

static int
ll_abi(void)
{
	long	 v;

	v = syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
	return v < 0 ? 0 : (int)v;
}

static int
ll_add_fd(int ruleset, int fd, uint64_t access)
{
	struct sb_path_beneath_attr pb;

	memset(&pb, 0, sizeof(pb));
	pb.allowed_access = access;
	pb.parent_fd = fd;
	return syscall(SYS_landlock_add_rule, ruleset, SB_RULE_PATH_BENEATH,
	    &pb, 0) == 0 ? 0 : -1;
}

static int
ll_add_path(int ruleset, const char *path, int dir, uint64_t access)
{
	int	 fd, rc;

	fd = open(path, O_PATH | O_CLOEXEC | (dir ? O_DIRECTORY | O_NOFOLLOW :
	    0));
	if (fd == -1)
		return -1;
	rc = ll_add_fd(ruleset, fd, access);
	close(fd);
	return rc;
}

/*
 * A ruleset that handles every file and TCP access the ABI knows, and
 * from ABI 6 scopes signals and abstract sockets: what is not added as a
 * rule afterwards is denied.  Returns its descriptor, or -1.
 */
static int
ll_ruleset(int abi)
{
	struct sb_ruleset_attr attr;
	size_t		 size;

	memset(&attr, 0, sizeof(attr));
	attr.handled_access_fs = abi >= 5 ? (1ULL << 16) - 1 :
	    abi >= 3 ? (1ULL << 15) - 1 : abi >= 2 ? (1ULL << 14) - 1 :
	    (1ULL << 13) - 1;
	size = sizeof(attr.handled_access_fs);
	if (abi >= 4) {
		attr.handled_access_net = SB_NET_BIND_TCP | SB_NET_CONNECT_TCP;
		size = offsetof(struct sb_ruleset_attr, scoped);
	}
	if (abi >= 6) {
		attr.scoped = SB_SCOPE_ABSTRACT_UNIX | SB_SCOPE_SIGNAL;
		size = sizeof(attr);
	}
	return (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
}

/* Landlock at the highest ABI the kernel offers. */
static int
landlock_lock(const struct sandbox_policy *p)
{
	struct sb_net_port_attr np;
	uint64_t	 dir_access;
	size_t		 i, used;
	int		 abi, ruleset = -1, rc = -1;

	if ((abi = ll_abi()) <= 0) {
		sb.landlock_why = errno == EOPNOTSUPP ?
		    "disabled in this kernel (boot with lsm=...,landlock)" :
		    "not in this kernel";
		return 0;
	}
	sb.landlock_abi = abi;
	ruleset = ll_ruleset(abi);
	if (ruleset < 0) {
		sb.landlock_why = "ruleset refused by the kernel";
		goto out;
	}
	dir_access = LANDLOCK_ACCESS_FS_READ_FILE |
	    LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_DIR |
	    LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG;
	if (abi >= 3)
		dir_access |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (p->state_fd >= 0 && ll_add_fd(ruleset, p->state_fd, dir_access) == 0)
		snprintf(sb.state_dir, sizeof(sb.state_dir), "%s",
		    p->state_path != NULL ? p->state_path : "(state directory)");
	/*
	 * The files the DNS library reads for each new channel, and nothing
	 * more: c-ares 1.18 its ID key (/dev/urandom; without it, weak IDs),
	 * 1.22 on the resolver configuration.  A symbolic link is followed:
	 * the rule must hold the file that is opened.  One that does not
	 * exist needs no rule (opening it fails with ENOENT all the same).
	 */
	for (i = 0; sb.dns.files[i] != NULL; i++) {
		if (ll_add_path(ruleset, sb.dns.files[i], 0,
		    LANDLOCK_ACCESS_FS_READ_FILE) == -1) {
			if (errno == ENOENT)
				continue;
			sb.landlock_why = "a rule for the DNS library's files "
			    "was refused";
			goto out;
		}
		used = strlen(sb.dns_files);
		snprintf(sb.dns_files + used, sizeof(sb.dns_files) - used,
		    "%s%s", used > 0 ? ", " : "", sb.dns.files[i]);
	}
	if (SANDBOX_SANITIZER && ll_add_path(ruleset, "/proc", 1,
	    LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR) == -1) {
		sb.landlock_why = "no rule for /proc (sanitizer build)";
		goto out;
	}
	for (i = 0; abi >= 4 && i < p->nports; i++) {
		np.allowed_access = SB_NET_CONNECT_TCP;
		np.port = p->ports[i];
		if (syscall(SYS_landlock_add_rule, ruleset, SB_RULE_NET_PORT,
		    &np, 0) != 0) {
			sb.landlock_why = "a TCP port rule was refused";
			goto out;
		}
	}
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
		sb.landlock_why = "the kernel refused to apply the ruleset";
		goto out;
	}
	sb.landlock_fs = 1;
	sb.landlock_net = abi >= 4;
	sb.landlock_scoped = abi >= 6;
	rc = 0;
out:
	if (ruleset >= 0)
		close(ruleset);
	return rc;
}

/*
 * What waiting for DNS and writing the notes needs, by name: names that do
 * not exist on this architecture (poll on arm64) are skipped.
 */
static const char *const sc_allowed[] = {
	"read", "readv", "pread64", "write", "writev", "pwrite64", "close",
	"lseek", "openat", "open", "fstat", "newfstatat", "stat", "lstat",
	"statx", "getdents64", "mkdir", "mkdirat", "unlink", "unlinkat",
	"rename", "renameat", "renameat2", "ftruncate", "fcntl", "fsync",
	"fdatasync", "poll", "ppoll", "connect", "sendto", "sendmsg",
	"recvfrom", "recvmsg", "setsockopt", "getsockopt", "getsockname",
	"getpeername", "brk", "munmap", "mremap", "madvise",
	"clock_gettime", "clock_nanosleep", "nanosleep", "gettimeofday",
	"time", "getrandom", "getpid", "gettid", "getppid", "geteuid",
	"getuid", "getegid", "getgid", "futex", "rt_sigaction",
	"rt_sigprocmask", "rt_sigreturn", "restart_syscall", "exit",
	"exit_group", "wait4", "waitid",	/* reaping the signer */
	NULL
};

#if SANDBOX_SANITIZER
/* And what the sanitizer runtime needs to report (make san only). */
static const char *const sc_sanitizer[] = {
	"sigaltstack", "sched_yield", "ptrace", "wait4", "waitid", "prctl",
	"readlink", "readlinkat", "getdents", "arch_prctl", "pipe", "pipe2",
	"dup", "dup2", "dup3", "process_vm_readv", "sched_getaffinity",
	"getrlimit", "prlimit64", "kill", "tgkill", "uname",
	NULL
};
#endif

static int
sc_allow(scmp_filter_ctx ctx, const char *name, unsigned n,
    const struct scmp_arg_cmp *cmp)
{
	int	 nr;

	if ((nr = seccomp_syscall_resolve_name(name)) == __NR_SCMP_ERROR)
		return 0;
	if (seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, n, cmp) != 0)
		return -1;
	sb.seccomp_rules++;
	return 0;
}

/* Every call of a NULL-terminated list.  Returns 0, or -1. */
static int
sc_allow_list(scmp_filter_ctx ctx, const char *const *names)
{
	size_t	 i;

	for (i = 0; names[i] != NULL; i++)
		if (sc_allow(ctx, names[i], 0, NULL) == -1)
			return -1;
	return 0;
}

/* A call allowed only when one argument passes one test. */
struct sc_rule {
	const char	*name;
	unsigned	 arg;
	enum scmp_compare op;
	scmp_datum_t	 a, b;
};

static const struct sc_rule sc_rules[] = {
	/* Sockets: IPv4 and IPv6 only (no netlink, no Unix). */
	{ "socket", 0, SCMP_CMP_EQ, AF_INET, 0 },
	{ "socket", 0, SCMP_CMP_EQ, AF_INET6, 0 },
	/* Memory, never executable: no new code after the lock. */
	{ "mmap", 2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0 },
	{ "mprotect", 2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0 },
	/* stdio asks whether a stream is a terminal; c-ares, FIONBIO. */
	{ "ioctl", 1, SCMP_CMP_EQ, TCGETS, 0 },
	{ "ioctl", 1, SCMP_CMP_EQ, FIONBIO, 0 },
	{ NULL, 0, SCMP_CMP_EQ, 0, 0 }
};

static int
sc_allow_if(scmp_filter_ctx ctx, const char *name, unsigned arg,
    enum scmp_compare op, scmp_datum_t a, scmp_datum_t b)
{
	struct scmp_arg_cmp c;

	c.arg = arg;
	c.op = op;
	c.datum_a = a;
	c.datum_b = b;
	return sc_allow(ctx, name, 1, &c);
}

static int
seccomp_lock(void)
{
	scmp_filter_ctx	 ctx;
	size_t		 i;
	int		 rc = -1;

	/*
	 * EPERM, not death: an exploit is refused all the same, and a call
	 * a future libc makes that the list lacks becomes an error message
	 * rather than an unexplained SIGSYS of certbot's hook.
	 */
	if ((ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM))) == NULL) {
		sb.seccomp_why = "libseccomp could not start";
		return -1;
	}
	if (sc_allow_list(ctx, sc_allowed) == -1)
		goto out;
	/* c-ares 1.22 on: gethostname() for a new channel. */
	if (!SANDBOX_SANITIZER && sb.dns.uname &&
	    sc_allow(ctx, "uname", 0, NULL) == -1)
		goto out;
#if SANDBOX_SANITIZER
	if (sc_allow_list(ctx, sc_sanitizer) == -1)
		goto out;
#endif
	for (i = 0; sc_rules[i].name != NULL; i++)
		if (sc_allow_if(ctx, sc_rules[i].name, sc_rules[i].arg,
		    sc_rules[i].op, sc_rules[i].a, sc_rules[i].b) == -1)
			goto out;
	/* LeakSanitizer's tracer shares our memory; a fork would not. */
	if (SANDBOX_SANITIZER && sc_allow_if(ctx, "clone", 0,
	    SCMP_CMP_MASKED_EQ, CLONE_VM, CLONE_VM) == -1)
		goto out;
	/* abort(): a signal to ourselves only. */
	if (!SANDBOX_SANITIZER && sc_allow_if(ctx, "tgkill", 0, SCMP_CMP_EQ,
	    (scmp_datum_t)getpid(), 0) == -1)
		goto out;
	if (seccomp_load(ctx) != 0) {
		sb.seccomp_why = "the kernel refused the filter";
		goto out;
	}
	sb.seccomp = 1;
	rc = 0;
out:
	if (rc == -1 && sb.seccomp_why == NULL)
		sb.seccomp_why = "a rule could not be built";
	seccomp_release(ctx);
	return rc;
}

/*
 * 1 when the kernel has seccomp filters: asked to install a NULL filter,
 * such a kernel answers EFAULT, one without them EINVAL.
 */
static int
seccomp_offered(void)
{
	return prctl(PR_SET_SECCOMP, SB_SECCOMP_MODE_FILTER, 0, 0, 0) == -1 &&
	    errno == EFAULT;
}

static int
limits_lock(const struct sandbox_policy *p)
{
	struct rlimit	 rl = { 0, 0 };
	int		 rc = 0;

	(void)setrlimit(RLIMIT_CORE, &rl);
	/* Counts per user, and root is exempt: seccomp also stops clone. */
	if (setrlimit(RLIMIT_NPROC, &rl) == 0)
		sb.nproc = 1;
	else
		rc = -1;
	/* ASan's shadow and valgrind's own heap live in this space too. */
	if (SANDBOX_SANITIZER || SANDBOX_VALGRIND()) {
		sb.memory_why = SANDBOX_SANITIZER ? "sanitizer build" :
		    "under valgrind";
		return rc;
	}
	rl.rlim_cur = rl.rlim_max = p->memory_max > 0 ? p->memory_max :
	    SANDBOX_MEMORY_MAX;
	if (setrlimit(RLIMIT_AS, &rl) == 0)
		sb.memory_max = (size_t)rl.rlim_cur;
	else {
		sb.memory_why = "limit refused";
		rc = -1;
	}
	return rc;
}

int
sandbox_lock(const struct sandbox_policy *p)
{
	size_t	 i, used = 0;
	int	 rc = 0;

	if (sb.tried)
		return 0;
	sb.tried = 1;
	resolver_sandbox_needs(&sb.dns);
	for (i = 0; i < p->nports && i < SANDBOX_PORTS_MAX; i++)
		used += (size_t)snprintf(sb.ports + used,
		    sizeof(sb.ports) - used, "%s%u", i > 0 ? "," : "",
		    (unsigned)p->ports[i]);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
		sb.nnp = 1;
	else
		rc = -1;
	if (limits_lock(p) == -1)
		rc = -1;
	if (SANDBOX_VALGRIND()) {
		sb.landlock_why = sb.seccomp_why = "under valgrind";
		log_verbose("sandbox: Landlock and seccomp are off under "
		    "valgrind");
		return rc;
	}
	/* Landlock first: the seccomp filter does not allow its calls. */
	if (landlock_lock(p) == -1)
		rc = -1;
	if (!seccomp_offered())
		sb.seccomp_why = "not in this kernel";
	else if (seccomp_lock() == -1)
		rc = -1;
	if (sb.landlock_why != NULL)
		log_verbose("sandbox: Landlock: %s; files and TCP ports are "
		    "not restricted", sb.landlock_why);
	if (sb.seccomp_why != NULL)
		log_verbose("sandbox: seccomp: %s; system calls are not "
		    "restricted", sb.seccomp_why);
	if (rc == -1)
		log_warn("sandbox: not every protection could be applied "
		    "(see --check); going on");
	else if (sb.landlock_fs && sb.seccomp)
		log_verbose("sandbox: in force (Landlock ABI %d, seccomp)",
		    sb.landlock_abi);
	return rc;
}

/*
 * The signer's Landlock: every file and TCP access handled, none allowed
 * (no rule at all), and from ABI 6 no signals or abstract sockets out.
 */
static int
landlock_lock_signer(void)
{
	int		 abi, ruleset, rc;

	if ((abi = ll_abi()) <= 0)
		return 0;	/* not in this kernel: seccomp still holds */
	ruleset = ll_ruleset(abi);
	if (ruleset < 0)
		return -1;
	rc = syscall(SYS_landlock_restrict_self, ruleset, 0) == 0 ? 0 : -1;
	close(ruleset);
	return rc;
}

/*
 * What signing and verifying need: memory, the clock, the one socket
 * (reads and writes on it only), and exit.  Not even open(2) or
 * socket(2).
 */
static const char *const sc_signer[] = {
	"brk", "munmap", "mremap", "madvise", "clock_gettime",
	"gettimeofday", "time", "futex", "exit", "exit_group",
	NULL
};
static const char *const sc_signer_fd[] = {
	"read", "write", "recvfrom", "sendto", "recvmsg", "sendmsg",
	NULL
};

static int
seccomp_lock_signer(int fd)
{
	scmp_filter_ctx	 ctx;
	size_t		 i;
	int		 rc = -1;

	if (!seccomp_offered())
		return 0;
	if ((ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM))) == NULL)
		return -1;
	if (sc_allow_list(ctx, sc_signer) == -1)
		goto out;
	for (i = 0; sc_signer_fd[i] != NULL; i++)
		if (sc_allow_if(ctx, sc_signer_fd[i], 0, SCMP_CMP_EQ,
		    (scmp_datum_t)fd, 0) == -1)
			goto out;
#if SANDBOX_SANITIZER
	if (sc_allow_list(ctx, sc_sanitizer) == -1)
		goto out;
#endif
	if (sc_allow_if(ctx, "mmap", 2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0) ==
	    -1 || sc_allow_if(ctx, "mprotect", 2, SCMP_CMP_MASKED_EQ,
	    PROT_EXEC, 0) == -1 || sc_allow_if(ctx, "tgkill", 0, SCMP_CMP_EQ,
	    (scmp_datum_t)getpid(), 0) == -1)
		goto out;
	rc = seccomp_load(ctx) == 0 ? 0 : -1;
out:
	seccomp_release(ctx);
	return rc;
}

int
sandbox_lock_signer(int fd)
{
	struct rlimit	 rl = { 0, 0 };

	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return -1;
	(void)setrlimit(RLIMIT_CORE, &rl);
	(void)setrlimit(RLIMIT_FSIZE, &rl);
	(void)setrlimit(RLIMIT_NPROC, &rl);
	/* No descriptor beyond the socket. */
	rl.rlim_cur = rl.rlim_max = (rlim_t)fd + 1;
	(void)setrlimit(RLIMIT_NOFILE, &rl);
	if (!SANDBOX_SANITIZER && !SANDBOX_VALGRIND()) {
		rl.rlim_cur = rl.rlim_max = SANDBOX_MEMORY_MAX;
		(void)setrlimit(RLIMIT_AS, &rl);
	}
	if (SANDBOX_VALGRIND())
		return 0;
	if (landlock_lock_signer() == -1 || seccomp_lock_signer(fd) == -1)
		return -1;
	return 0;
}

void
sandbox_enter(const struct config *cfg, const struct state_dir *sd)
{
	struct sandbox_policy p;

	if (cfg->no_sandbox) {
		if (!sb.tried)
			log_verbose("sandbox: off (sandbox = no in %s)",
			    cfg->path);
		sb.tried = sb.disabled = 1;
		return;
	}
	memset(&p, 0, sizeof(p));
	/* One missing (MD5 under FIPS) fails only a key that uses it. */
	if (tsig_preload() == -1)
		log_verbose("sandbox: OpenSSL could not load every HMAC "
		    "algorithm in advance");
	p.state_fd = sd != NULL ? sd->fd : -1;
	p.state_path = sd != NULL ? sd->path : NULL;
	p.nports = config_ports(cfg, p.ports, SANDBOX_PORTS_MAX);
	(void)sandbox_lock(&p);
}

void
sandbox_report(FILE *out)
{
	if (!sb.tried) {
		fprintf(out, "sandbox: not entered\n");
		return;
	}
	if (sb.disabled) {
		fprintf(out, "sandbox: off (sandbox = no)\n");
		return;
	}
	fprintf(out, "sandbox: no_new_privs %s, core dumps off\n",
	    sb.nnp ? "on" : "FAILED");
	if (sb.landlock_fs)
		fprintf(out, "sandbox: Landlock ABI %d: files only in %s%s%s%s"
		    "%s%s\n", sb.landlock_abi,
		    sb.state_dir[0] != '\0' ? sb.state_dir : "(none)",
		    sb.dns_files[0] != '\0' ? ", " : "", sb.dns_files,
		    sb.dns_files[0] != '\0' ? " read-only (c-ares)" : "",
		    SANDBOX_SANITIZER ? ", /proc read-only (sanitizer build)" :
		    "", sb.landlock_scoped ? "; no signals or abstract "
		    "sockets outside" : "");
	else
		fprintf(out, "sandbox: Landlock off: %s\n", sb.landlock_why);
	if (sb.landlock_net)
		fprintf(out, "sandbox: Landlock: no TCP bind, TCP connect only "
		    "to port%s %s\n", strchr(sb.ports, ',') != NULL ? "s" : "",
		    sb.ports);
	else if (sb.landlock_fs)
		fprintf(out, "sandbox: Landlock ABI %d has no network rules: "
		    "TCP ports not restricted\n", sb.landlock_abi);
	if (sb.seccomp)
		fprintf(out, "sandbox: seccomp allow-list on (%u rules), "
		    "anything else fails with EPERM\n", sb.seccomp_rules);
	else
		fprintf(out, "sandbox: seccomp off: %s\n", sb.seccomp_why);
	/* RLIMIT_NPROC does not bind root; the filter does. */
	fprintf(out, "sandbox: no new processes (%s)",
	    sb.seccomp ? "seccomp" : sb.nproc && geteuid() != 0 ?
	    "RLIMIT_NPROC" : "NOT enforced");
	if (sb.memory_max > 0)
		fprintf(out, ", address space at most %zu MiB\n",
		    sb.memory_max >> 20);
	else
		fprintf(out, ", no memory cap (%s)\n", sb.memory_why);
}
