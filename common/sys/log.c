/* SPDX-License-Identifier: ISC */
#include "sys/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *log_progname = "acme-hooks";
static enum log_level log_level_now = LOG_NORMAL;

void
log_init(const char *progname, enum log_level level)
{
	const char *slash;

	if (progname != NULL) {
		slash = strrchr(progname, '/');
		log_progname = slash != NULL ? slash + 1 : progname;
	}
	log_level_now = level;
}

void
log_set_level(enum log_level level)
{
	log_level_now = level;
}

enum log_level
log_get_level(void)
{
	return log_level_now;
}

/*
 * The last guard of every line: a byte outside printable ASCII becomes
 * \DDD, whatever a message quotes (values from the network are escaped
 * where they are read, dname_escape_text()).  Cut at a whole escape.
 */
static void
escape_controls(char *out, size_t cap, const char *line, size_t len)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t	 i, n = 0;
	int	 k;

	for (i = 0; i < len; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			if (n + 1 >= cap)
				break;
			out[n++] = (char)p[i];
			continue;
		}
		if (n + 4 >= cap)
			break;
		k = snprintf(out + n, cap - n, "\\%03u", (unsigned)p[i]);
		if (k != 4)
			break;
		n += 4;
	}
	out[n] = '\0';
}

/* One line, written with one call so parallel hooks do not interleave. */
static void log_line(const char *, const char *, va_list)
    __attribute__((format(printf, 2, 0)));

static void
log_line(const char *tag, const char *fmt, va_list ap)
{
	char	 line[2048], safe[4 * sizeof(line)];
	int	 n, m;
	size_t	 len;

	n = snprintf(line, sizeof(line), "%s: %s", log_progname, tag);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	m = vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (m < 0)
		return;
	/* The last guard: whatever a message quotes, no control byte. */
	len = strlen(line);
	escape_controls(safe, sizeof(safe), line, len);
	fprintf(stderr, "%s\n", safe);
}

void
log_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("error: ", fmt, ap);
	va_end(ap);
}

void
log_failure(int final, const char *fmt, ...)
{
	va_list ap;

	if (!final && log_level_now < LOG_WARNINGS)
		return;
	va_start(ap, fmt);
	log_line(final ? "error: " : "warning: ", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	if (log_level_now < LOG_WARNINGS)
		return;
	va_start(ap, fmt);
	log_line("warning: ", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_level_now < LOG_NORMAL)
		return;
	va_start(ap, fmt);
	log_line("", fmt, ap);
	va_end(ap);
}

void
log_verbose(const char *fmt, ...)
{
	va_list ap;

	if (log_level_now < LOG_VERBOSE)
		return;
	va_start(ap, fmt);
	log_line("", fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (log_level_now < LOG_DEBUG)
		return;
	va_start(ap, fmt);
	log_line("debug: ", fmt, ap);
	va_end(ap);
}
