# SPDX-License-Identifier: ISC
# libFuzzer targets and their corpus replay; included from the Makefile,
# whose STDFLAGS, WARNFLAGS, PKG_CFLAGS, PKG_LIBS and COMMON_SRC it uses.
#
#   make fuzz		build every target with clang and libFuzzer, ASan,
#			UBSan into build-fuzz/, and run each FUZZ_SECONDS on
#			a scratch copy of its corpus (new inputs stay in
#			build-fuzz/run/TARGET, crashes in build-fuzz/crash/)
#   make fuzz-merge	minimize what a run found into the committed corpus
#   make fuzz-replay	build each target with replay.c (ASan, UBSan, no
#			libFuzzer) and run it on tests/fuzz/corpus/TARGET/;
#			fails on any crash
#   make fuzz-clean	remove build-fuzz/
#
# FUZZ_TARGETS=fuzz_wire limits any of these to some targets.  Seeds:
# capture-seeds.sh (answers of real servers), make-seeds.sh (fuzz_dump,
# fuzz_keyfile, fuzz_notes, fuzz_hint).

FUZZ_DIR	 = tests/fuzz
FUZZ_BUILD	 = build-fuzz
FUZZ_CC		?= clang
FUZZ_SECONDS	?= 120
FUZZ_MAX_LEN	?= 4096
# Every tests/fuzz/fuzz_*.c but the shared helpers is a target.
FUZZ_TARGETS	?= $(filter-out fuzz_util,$(basename $(notdir \
		   $(wildcard $(FUZZ_DIR)/fuzz_*.c))))

# Keep the includer's default goal when this file is read before it.
FUZZ_SAVED_GOAL := $(.DEFAULT_GOAL)

FUZZ_SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_BASEFLAGS	 = $(STDFLAGS) $(WARNFLAGS) $(PKG_CFLAGS) -Icommon \
		   -DACME_HOOKS_VERSION='"$(VERSION)"' \
		   -I$(FUZZ_DIR) -O1 -g -fno-omit-frame-pointer -MMD -MP

# Two trees: libFuzzer builds in build-fuzz/fuzzer, replay builds in
# build-fuzz/replay.  common/*/*.c is compiled again in each, never reused
# from the normal build.
FUZZ_FZ		 = $(FUZZ_BUILD)/fuzzer
FUZZ_RP		 = $(FUZZ_BUILD)/replay
FUZZ_FZ_FLAGS	 = $(FUZZ_BASEFLAGS) -fsanitize=fuzzer $(FUZZ_SAN)
FUZZ_RP_FLAGS	 = $(FUZZ_BASEFLAGS) $(FUZZ_SAN)

FUZZ_FZ_LIB	 = $(FUZZ_FZ)/libacmehooks.a
FUZZ_RP_LIB	 = $(FUZZ_RP)/libacmehooks.a
FUZZ_FZ_COMMON	 = $(COMMON_SRC:%.c=$(FUZZ_FZ)/%.o)
FUZZ_RP_COMMON	 = $(COMMON_SRC:%.c=$(FUZZ_RP)/%.o)
FUZZ_FZ_BIN	 = $(FUZZ_TARGETS:%=$(FUZZ_FZ)/%)
FUZZ_RP_BIN	 = $(FUZZ_TARGETS:%=$(FUZZ_RP)/%)

.PHONY: fuzz fuzz-build fuzz-merge fuzz-replay fuzz-replay-build fuzz-clean \
	$(FUZZ_TARGETS:%=fuzz-replay-%)

$(FUZZ_FZ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FZ_FLAGS) -c -o $@ $<

$(FUZZ_RP)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_RP_FLAGS) -c -o $@ $<

$(FUZZ_FZ_LIB): $(FUZZ_FZ_COMMON)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_RP_LIB): $(FUZZ_RP_COMMON)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_FZ_BIN): $(FUZZ_FZ)/%: $(FUZZ_FZ)/$(FUZZ_DIR)/%.o \
    $(FUZZ_FZ)/$(FUZZ_DIR)/fuzz_util.o $(FUZZ_FZ_LIB)
	$(FUZZ_CC) $(FUZZ_FZ_FLAGS) -o $@ $^ $(PKG_LIBS)

$(FUZZ_RP_BIN): $(FUZZ_RP)/%: $(FUZZ_RP)/$(FUZZ_DIR)/%.o \
    $(FUZZ_RP)/$(FUZZ_DIR)/fuzz_util.o $(FUZZ_RP)/$(FUZZ_DIR)/replay.o \
    $(FUZZ_RP_LIB)
	$(FUZZ_CC) $(FUZZ_RP_FLAGS) -o $@ $^ $(PKG_LIBS)

fuzz-build: $(FUZZ_FZ_BIN)

fuzz: fuzz-build
	sh $(FUZZ_DIR)/fuzz.sh run $(FUZZ_FZ) $(FUZZ_SECONDS) \
	    $(FUZZ_MAX_LEN) $(FUZZ_TARGETS)

fuzz-merge: fuzz-build
	sh $(FUZZ_DIR)/fuzz.sh merge $(FUZZ_FZ) $(FUZZ_SECONDS) \
	    $(FUZZ_MAX_LEN) $(FUZZ_TARGETS)

fuzz-replay-build: $(FUZZ_RP_BIN)

# One goal per target, so `make -k fuzz-replay` runs them all.
$(FUZZ_TARGETS:%=fuzz-replay-%): fuzz-replay-%: $(FUZZ_RP)/%
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    $(FUZZ_RP)/$* $(FUZZ_DIR)/corpus/$*

fuzz-replay: $(FUZZ_TARGETS:%=fuzz-replay-%)

fuzz-clean:
	rm -rf $(FUZZ_BUILD)

-include $(shell find $(FUZZ_BUILD) -name '*.d' 2>/dev/null)

ifeq ($(FUZZ_SAVED_GOAL),)
.DEFAULT_GOAL :=
endif
