/* SPDX-License-Identifier: ISC */
#ifndef ACME_SANDBOX_H
#define ACME_SANDBOX_H

/*
 * The hook locks itself in once everything it reads has been read: the
 * configuration and key files, resolv.conf (the recursive c-ares channel),
 * OpenSSL's
 * configuration and providers (tsig_preload()), /proc (the certbot run)
 * and the state directory, open as a descriptor.  plan_init() calls
 * sandbox_enter() once the resolver exists, before the first packet.
 * From then on a bug exploited through a DNS answer can only do what
 * waiting for DNS needs:
 *
 *   - no_new_privs, no core dumps;
 *   - Landlock (the highest ABI the kernel offers): files only inside the
 *     state directory, and read-only what c-ares opens for each channel
 *     made later (resolver_sandbox_needs(): /dev/urandom for 1.18, the
 *     resolver configuration from 1.22 on); from ABI 4 no TCP bind and TCP connect
 *     only to the policy's ports; from ABI 6 no signals to and no abstract
 *     Unix sockets of processes outside;
 *   - resource limits: no new processes, an address-space cap;
 *   - a seccomp allow-list (libseccomp) of the system calls the wait
 *     makes (uname(2) too for c-ares 1.22 on); anything else fails with
 *     EPERM.
 *
 * Degrade, never break: a protection the kernel lacks is reported once at
 * -v and the run goes on.  The only module that uses Landlock, seccomp or
 * libseccomp.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct config;
struct state_dir;

#define SANDBOX_PORTS_MAX	16
#define SANDBOX_MEMORY_MAX	((size_t)1024 * 1024 * 1024)	/* bytes */

struct sandbox_policy {
	int		 state_fd;	/* the one directory files may be
					 * read, written, created and removed
					 * in (open); -1: none */
	const char	*state_path;	/* its path, for the report */
	uint16_t	 ports[SANDBOX_PORTS_MAX];	/* TCP connect */
	size_t		 nports;
	size_t		 memory_max;	/* address space in bytes; 0 for
					 * SANDBOX_MEMORY_MAX */
};

/*
 * Apply every protection the kernel offers, once per process (a second
 * call does nothing).  Returns 0 when each one the kernel offers is in
 * force, -1 when one of them could not be applied (logged as a warning;
 * the others still are).
 */
int	 sandbox_lock(const struct sandbox_policy *p);

/*
 * The policy for `cfg` (its `resolver` and `server` ports) and the open
 * state directory `sd` (NULL or not open: no files at all), after making
 * OpenSSL load what signing needs; then sandbox_lock(), unless the
 * configuration says `sandbox = no`.  Call it once the resolver exists
 * and before the first packet.  Never fails the run: a missing protection
 * is logged.
 */
void	 sandbox_enter(const struct config *cfg, const struct state_dir *sd);

/*
 * Lock the signer (signer.h) in, stricter than the hook: no file, no
 * socket but `fd` (read and write on it only), no new descriptor or
 * process; a seccomp allow-list of memory, clock and exit besides.
 * Returns 0, or -1 when a protection the kernel offers failed (the
 * signer then refuses to run).
 */
int	 sandbox_lock_signer(int fd);

/* One line per protection and whether it is in force, for --check. */
void	 sandbox_report(FILE *out);

#endif
