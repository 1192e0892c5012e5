# SPDX-License-Identifier: ISC
# acme-hooks: two dns-01 hooks sharing one library.
# The user's CFLAGS/CPPFLAGS/LDFLAGS are honoured; warnings live in WARNFLAGS.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
PKG_CONFIG ?= pkg-config
CC	?= cc

BUILD	 = build
# The one place the version lives: acme-auth --version, debian/changelog
# (checked by tests/integration/t_deb.sh).
VERSION	:= $(shell cat VERSION)
PKGS	 = libcrypto libcares inih libseccomp

STDFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DOPENSSL_API_COMPAT=30000 \
	   -DOPENSSL_NO_DEPRECATED
WARNFLAGS = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wmissing-declarations -Wpointer-arith \
	   -Wcast-qual -Wwrite-strings -Wconversion -Wsign-conversion \
	   -Wformat=2 -Wvla -Wimplicit-fallthrough -Wswitch-enum
# -U first: a CPPFLAGS with -D_FORTIFY_SOURCE=2 (dpkg-buildflags) must not
# lower the level nor warn about a redefinition.
HARDEN	 = -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3 -fstack-protector-strong \
	   -fstack-clash-protection -fPIE
HARDEN_LD = -pie -Wl,-z,relro,-z,now
CFLAGS	?= -O2 -g
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS))

ALL_CFLAGS = $(STDFLAGS) $(WARNFLAGS) $(CPPFLAGS) $(HARDEN) $(PKG_CFLAGS) \
	     -Icommon $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(HARDEN_LD) $(LDFLAGS)

COMMON_SRC = $(wildcard common/*/*.c)
COMMON_OBJ = $(COMMON_SRC:%.c=$(BUILD)/%.o)
LIB	 = $(BUILD)/libacmehooks.a
HOOKS	 = $(BUILD)/acme-auth $(BUILD)/acme-clean
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Tries what an exploit would, after the sandbox's lock (t_sandbox.sh).
PROBE	 = $(BUILD)/tests/sandbox_probe

.SECONDARY:
.PHONY: all check test unit integration san valgrind analyze clean install layers \
	demo bench deb

all: $(HOOKS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/common/flow/cli.o: VERSION
$(BUILD)/common/flow/cli.o: ALL_CFLAGS += -DACME_HOOKS_VERSION='"$(VERSION)"'

$(LIB): $(COMMON_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/acme-auth $(BUILD)/acme-clean: $(BUILD)/%: $(BUILD)/hooks/%.o $(LIB)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Objects first, the library after them (a test's extra objects, below,
# may need any of it).
$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(BUILD)/tests/unit/unit.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^) \
	    $(filter %.a,$^) $(PKG_LIBS)

# Unit tests that drive the network modules against scripted DNS servers
# on loopback (tests/unit/mockdns.h), each served by a thread of its own.
MOCKDNS_TESTS = $(BUILD)/tests/test_net
$(MOCKDNS_TESTS): $(BUILD)/tests/unit/mockdns.o
$(MOCKDNS_TESTS): PKG_LIBS += -pthread

$(PROBE): $(BUILD)/tests/sandbox/sandbox_probe.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# The whole suite.  On a fresh Debian machine, as root, `make check` first
# installs the packages it needs (tests/deps.sh), then builds in a new make
# so that pkg-config sees them.
check:
	@sh tests/deps.sh install check
	@$(MAKE) --no-print-directory test

# The library's layers (no include upward), the fuzz corpus replayed
# under ASan/UBSan, the unit vectors, then the real servers.  run.sh
# prints the closing summary.
test: all $(UNIT_BIN) $(PROBE)
	@sh tests/layers.sh; layers=$$?; sh tests/fuzz/replay.sh; fuzz=$$?; \
	    sh tests/run.sh; tests=$$?; \
	    [ $$layers -eq 0 ] && [ $$fuzz -eq 0 ] && [ $$tests -eq 0 ]

layers:
	sh tests/layers.sh

unit: $(UNIT_BIN)
	sh tests/run.sh unit

integration: all $(PROBE)
	sh tests/run.sh integration

# Everything again under ASan and UBSan, in a separate tree.
san:
	ACME_BUILD=build-san $(MAKE) BUILD=build-san CC=clang \
	    CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    LDFLAGS='-fsanitize=address,undefined' \
	    HARDEN='' HARDEN_LD='' test

valgrind: all $(UNIT_BIN) $(PROBE)
	VALGRIND=1 sh tests/run.sh

# clang's static analyzer over the library and the hooks; any finding fails.
analyze:
	@out=$$(for f in $(COMMON_SRC) hooks/*.c; do \
	    clang --analyze $(STDFLAGS) $(PKG_CFLAGS) -Icommon \
	    -DACME_HOOKS_VERSION='"$(VERSION)"' -o /dev/null \
	    $$f 2>&1; done); [ -z "$$out" ] || { echo "$$out"; exit 1; }; \
	    echo "analyze: no findings"

# The main job on an embedded default: a throwaway DNS lab, Pebble and
# certbot issue a wildcard certificate through the hooks.
demo:
	sh tests/demo.sh

# Hook timing against fixed sleeps and other clients, on the lab.
bench: all
	sh tests/bench/bench.sh

DATADIR	?= $(PREFIX)/share
DOCDIR	?= $(DATADIR)/doc/acme-hooks

# The example config goes to /etc only when none is there: never overwrite.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)/acme-hooks \
	    $(DESTDIR)$(DOCDIR) $(DESTDIR)$(SYSCONFDIR)
	install -m 0755 $(HOOKS) $(DESTDIR)$(BINDIR)/
	install -m 0644 config/acme-auth.1 $(DESTDIR)$(MANDIR)/man1/acme-auth.1
	echo '.so man1/acme-auth.1' > $(DESTDIR)$(MANDIR)/man1/acme-clean.1
	chmod 0644 $(DESTDIR)$(MANDIR)/man1/acme-clean.1
	install -m 0644 config/acme-hooks.ini.5 \
	    $(DESTDIR)$(MANDIR)/man5/acme-hooks.ini.5
	install -m 0755 config/dns_acmehooks.sh $(DESTDIR)$(DATADIR)/acme-hooks/
	install -m 0644 config/acme-hooks.ini \
	    $(DESTDIR)$(DOCDIR)/acme-hooks.ini.example
	[ -e $(DESTDIR)$(SYSCONFDIR)/acme-hooks.ini ] || \
	    install -m 0600 config/acme-hooks.ini \
	    $(DESTDIR)$(SYSCONFDIR)/acme-hooks.ini

# The Debian package (debian/), built by dpkg-buildpackage in a copy of
# the tree under $(DEB_BUILD), so that its `debian/rules clean` never
# touches build/; the .deb (and its -dbgsym), .changes and .buildinfo are
# copied to $(DEB_OUT).  `make deb-tree` makes only the copy,
# $(DEB_BUILD)/acme-hooks-$(VERSION) (t_deb.sh hands it to a user of no
# privilege, who builds it as Debian's build daemons do).
DEB_BUILD ?= build-deb
DEB_OUT	?= .
DEB_DEPS = dpkg-dev debhelper fakeroot build-essential pkgconf \
	   libssl-dev libc-ares-dev libinih-dev libseccomp-dev libkrb5-dev
define DEB_COPY
	rm -rf $(DEB_BUILD)
	mkdir -p $(DEB_BUILD)/acme-hooks-$(VERSION)
	tar --exclude-vcs --exclude='./build*' --exclude='./acme-hooks[-_]*' \
	    -cf - . | tar -C $(DEB_BUILD)/acme-hooks-$(VERSION) -xf -
endef
.PHONY: deb-tree
deb-tree:
	$(DEB_COPY)
deb:
	@command -v dpkg-buildpackage >/dev/null 2>&1 && \
	    dpkg-checkbuilddeps >/dev/null 2>&1 || { \
	    echo "make deb: build dependencies missing; as root, run:" >&2; \
	    echo "  apt-get install -y --no-install-recommends $(DEB_DEPS)" >&2; \
	    exit 1; }
	$(DEB_COPY)
	mkdir -p $(DEB_OUT)
	cd $(DEB_BUILD)/acme-hooks-$(VERSION) && \
	    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    dpkg-buildpackage -us -uc -b
	cp $(DEB_BUILD)/*.deb $(DEB_BUILD)/*.changes $(DEB_BUILD)/*.buildinfo \
	    $(DEB_OUT)/

clean:
	rm -rf build build-san build-clang build-fuzz build-deb

include tests/fuzz/fuzz.mk

-include $(COMMON_OBJ:.o=.d) $(BUILD)/hooks/acme-auth.d $(BUILD)/hooks/acme-clean.d \
	$(UNIT_SRC:%.c=$(BUILD)/%.d) $(BUILD)/tests/unit/unit.d \
	$(BUILD)/tests/unit/mockdns.d \
	$(BUILD)/tests/sandbox/sandbox_probe.d
