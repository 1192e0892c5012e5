#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "os.h"

#define STATE_LINE_MAX	1024
#define ANCESTRY_MAX	4		/* shells between certbot and us */

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

/* Make or check the private directory (logged as `final` or a warning). */
static int
state_dir_checked(char *dir, size_t size, int final)
{
	const char	*env;
	struct stat	 st;

	if ((env = getenv("ACME_HOOKS_STATE_DIR")) != NULL && *env != '\0')
		snprintf(dir, size, "%s", env);
	else if ((env = getenv("XDG_RUNTIME_DIR")) != NULL && *env == '/')
		snprintf(dir, size, "%s/acme-hooks", env);
	else if (geteuid() == 0)
		snprintf(dir, size, "/run/acme-hooks");
	else
		snprintf(dir, size, "/tmp/acme-hooks-%ld", (long)geteuid());
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		log_failure(final, "%s: cannot create the state directory: %s",
		    dir, strerror(errno));
		return -1;
	}
	if (lstat(dir, &st) == -1) {
		log_failure(final, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0) {
		log_failure(final, "%s: the state directory must be a "
		    "directory of ours "
		    "with mode 0700 (it is mode %04o, owner %ld); remove it "
		    "or set ACME_HOOKS_STATE_DIR", dir,
		    (unsigned)(st.st_mode & 07777), (long)st.st_uid);
		return -1;
	}
	return 0;
}

int
state_run_path(char *path, size_t size)
{
	char			 dir[512];
	pid_t			 pid;
	unsigned long long	 start;

	if (state_dir_checked(dir, sizeof(dir), 1) == -1)
		return -1;
	if (run_owner(&pid, &start) == -1) {
		log_err("cannot tell which certbot run this is (/proc)");
		return -1;
	}
	snprintf(path, size, "%s/run-%ld-%llu", dir, (long)pid, start);
	return 0;
}

int
state_append(const char *path, const struct pending *p, size_t n)
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
state_take(const char *path, struct pending **out, size_t *n)
{
	char		 line[STATE_LINE_MAX], zone[DNAME_TEXT_MAX];
	char		 owner[DNAME_TEXT_MAX], value[TXT_VALUE_MAX + 1];
	struct pending	*p = NULL;
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
	if ((p = calloc(STATE_PENDING_MAX, sizeof(*p))) == NULL)
		goto out;
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (*n == STATE_PENDING_MAX) {
			log_err("%s: more than %d pending records", path,
			    STATE_PENDING_MAX);
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

/* The file that holds the time `owner` was last cleaned. */
static int
cleaned_path(const struct dname *owner, char *path, size_t size)
{
	char	 dir[512], name[DNAME_TEXT_MAX], *c;
	struct dname lower = *owner;

	if (state_dir_checked(dir, sizeof(dir), 0) == -1)
		return -1;
	dname_lower(&lower);
	dname_to_text(&lower, name, sizeof(name));
	/* Only LDH, '_' and '.' are kept: a file name, never a path. */
	for (c = name; *c != '\0'; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		    *c == '-' || *c == '_' || *c == '.'))
			*c = '%';
	snprintf(path, size, "%s/cleaned-%s", dir, name);
	return 0;
}

int
state_mark_cleaned(const struct dname *owner)
{
	char	 path[1600];
	FILE	*f;
	int	 fd;

	if (cleaned_path(owner, path, sizeof(path)) == -1)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		log_warn("%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	fprintf(f, "%llu\n", (unsigned long long)os_wall_ms());
	return fclose(f) == 0 ? 0 : -1;
}

int
state_cleaned_at(const struct dname *owner, uint64_t *when_ms)
{
	char			 path[1600];
	unsigned long long	 v;
	FILE			*f;
	int			 fd, ok;

	*when_ms = 0;
	if (cleaned_path(owner, path, sizeof(path)) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : -1;
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return -1;
	}
	ok = fscanf(f, "%llu", &v) == 1;
	fclose(f);
	if (ok && v <= os_wall_ms())
		*when_ms = (uint64_t)v;
	return 0;
}
