/* SPDX-License-Identifier: ISC */
#ifndef ACME_LOG_H
#define ACME_LOG_H

/*
 * Diagnostics on stderr: the only module that formats them.
 * Every message is one line, prefixed with the program name; any control
 * or non-ASCII byte left in a message is written as \DDD, so nothing from
 * the network reaches the terminal raw.
 * Secrets never reach these functions: callers pass key names, not keys.
 */

enum log_level {
	LOG_QUIET = 0,	/* errors only */
	LOG_WARNINGS = 1,	/* errors and warnings (a report on stdout
				 * says the rest) */
	LOG_NORMAL = 2,	/* errors, warnings, progress */
	LOG_VERBOSE = 3,	/* plus details of each step */
	LOG_DEBUG = 4	/* plus every packet exchanged */
};

/* Set the program name shown before each line (default "acme-hooks"). */
void	log_init(const char *progname, enum log_level level);
void	log_set_level(enum log_level level);
enum log_level log_get_level(void);

/* An error the user must act on: always printed. */
void	log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * A failure that is final (an error) or that another try may still mend
 * (a warning), so that a run ends with at most one error line.
 */
void	log_failure(int final, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Something odd that did not stop the work: printed unless quiet. */
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Progress a user wants to see by default. */
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Details shown with -v. */
void	log_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Packet-level details shown with -vv. */
void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
